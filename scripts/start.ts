import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * `npm start`: the demo stack and the site's dev server together. The stack
 * starts first, because the site reads the stack.json it writes; one Ctrl-C
 * stops both, and if either one dies the other is stopped too.
 *
 * Arguments go to the stack (`npm start -- --reset`); TOKEN_TRAIL_DATA and
 * TOKEN_TRAIL_SITE_PORT move the data folder and the site.
 */
const dataDir = process.env.TOKEN_TRAIL_DATA ?? '.data';
const stackFile = join(dataDir, 'stack.json');
const children: ChildProcess[] = [];
let stopping = false;

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  const child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  children.push(child);
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`\n${[command, ...args].join(' ')} stopped (${signal ?? `exit code ${code}`}); stopping the rest.`);
      stop(code ?? 1);
    }
  });
  return child;
}

function stop(exitCode: number): void {
  stopping = true;
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  Promise.all(children.map((child) => (child.exitCode === null && child.signalCode === null ? new Promise((done) => child.once('exit', done)) : null))).then(() =>
    process.exit(exitCode),
  );
}

process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

rmSync(stackFile, { force: true });
run(process.execPath, ['src/stack/main.ts', '--data', dataDir, ...process.argv.slice(2)]);
const deadline = Date.now() + 60_000;
while (!existsSync(stackFile)) {
  if (stopping) await new Promise(() => {});
  if (Date.now() > deadline) {
    console.error(`The stack did not write ${stackFile} within a minute.`);
    stop(1);
  }
  await sleep(100);
}
const sitePort = process.env.TOKEN_TRAIL_SITE_PORT ?? '4321';
// ASTRO_DEV_BACKGROUND=0: Astro 7 would detach into the background when it
// thinks an automated agent runs it, and Ctrl-C would no longer reach it.
run(process.execPath, ['node_modules/astro/bin/astro.mjs', 'dev', '--port', sitePort], { ASTRO_DEV_BACKGROUND: '0', TOKEN_TRAIL_DATA: dataDir });
