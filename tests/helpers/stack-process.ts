import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { StackInfo } from '../../src/stack/stack-info.ts';

export interface StackProcess {
  child: ChildProcess;
  info: StackInfo;
  output(): string;
}

/** What `npm run stack` prints once every server listens and stack.json is written (src/stack/main.ts). */
const READY = 'Token Trail demo stack is ready.';
// Deadlines that only stop a test which hangs: generous, since a busy machine is slow, not stuck.
const START_MS = 120_000;
const STOP_MS = 30_000;

/**
 * `npm run stack` as a real child process, ready when it says so: it prints
 * its summary after it has written stack.json. Fails when the child exits
 * first, or says nothing of the kind within `ms`.
 */
export async function spawnStack(dataDir: string, args: string[] = [], ms = START_MS): Promise<StackProcess> {
  const file = join(dataDir, 'stack.json');
  rmSync(file, { force: true });
  const child = spawn(process.execPath, ['src/stack/main.ts', '--data', dataDir, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let ready: (() => void) | undefined;
  child.stdout!.on('data', (chunk: Buffer) => {
    output += chunk;
    if (output.includes(READY)) ready?.();
  });
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      settle();
      child.kill('SIGKILL');
      reject(new Error(`the stack did not start within ${ms / 1000} s:\n${output}`));
    }, ms);
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      settle();
      reject(new Error(`the stack exited (${signal ?? `exit code ${code}`}) before it was ready:\n${output}`));
    };
    const settle = () => {
      clearTimeout(timer);
      child.off('exit', onExit);
      ready = undefined;
    };
    ready = () => {
      settle();
      resolve();
    };
    child.once('exit', onExit);
  });
  return { child, info: JSON.parse(readFileSync(file, 'utf8')) as StackInfo, output: () => output };
}

/** Stops the stack with `signal` and resolves to its exit code once it has exited; SIGKILLs it if it has not within `ms`. */
export async function stopStack(stack: StackProcess, signal: NodeJS.Signals = 'SIGTERM', ms = STOP_MS): Promise<number | null> {
  const { child } = stack;
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), ms);
  try {
    return await exited;
  } finally {
    clearTimeout(timer);
  }
}

export function portOf(url: string): string {
  return new URL(url).port;
}
