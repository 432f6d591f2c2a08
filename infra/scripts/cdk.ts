/**
 * Runs the project's own CDK CLI (the aws-cdk devDependency) on infra/'s app,
 * its output shown as it comes. What the aws:* scripts share.
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const INFRA = fileURLToPath(new URL('..', import.meta.url));
export const ROOT = join(INFRA, '..');
const CDK = join(ROOT, 'node_modules', 'aws-cdk', 'bin', 'cdk');

/** The data folder, as the local stack and the site's build know it: .data unless TOKEN_TRAIL_DATA. */
export function dataDir(): string {
  const dir = resolve(ROOT, process.env.TOKEN_TRAIL_DATA ?? '.data');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** `cdk <args>` in infra/ (where cdk.json names the app); rejects on a non-zero exit. */
export function cdk(args: string[], region: string): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CDK, ...args], { cwd: INFRA, stdio: 'inherit', env: { ...process.env, AWS_REGION: region } });
    child.once('error', fail);
    child.once('exit', (code, signal) => (code === 0 ? done() : fail(new Error(`cdk ${args[0]} failed (${signal ?? `exit code ${code}`}).`))));
  });
}

/** Runs `main`, printing a failure as one sentence, not a stack trace. */
export function run(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    console.error(`\n${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}

/** The value after `--name` in argv, if any. */
export function option(argv: readonly string[], name: string): string | undefined {
  const index = argv.indexOf(name);
  return index >= 0 ? argv[index + 1] : undefined;
}
