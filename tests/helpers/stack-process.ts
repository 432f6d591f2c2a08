import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { StackInfo } from '../../src/stack/stack-info.ts';

export interface StackProcess {
  child: ChildProcess;
  info: StackInfo;
  output(): string;
}

/** `npm run stack` as a real child process, ready once it has written stack.json. */
export async function spawnStack(dataDir: string, args: string[] = []): Promise<StackProcess> {
  const file = join(dataDir, 'stack.json');
  rmSync(file, { force: true });
  const child = spawn(process.execPath, ['src/stack/main.ts', '--data', dataDir, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const deadline = Date.now() + 30_000;
  while (!existsSync(file)) {
    if (child.exitCode !== null) throw new Error(`the stack exited with ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) throw new Error(`the stack did not start within 30 s:\n${output}`);
    await sleep(50);
  }
  return { child, info: JSON.parse(readFileSync(file, 'utf8')) as StackInfo, output: () => output };
}

export async function stopStack(stack: StackProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  if (stack.child.exitCode !== null || stack.child.signalCode !== null) return stack.child.exitCode;
  const exited = new Promise<number | null>((resolve) => stack.child.once('exit', (code) => resolve(code)));
  stack.child.kill(signal);
  return exited;
}

export function portOf(url: string): string {
  return new URL(url).port;
}
