/**
 * `npm test`: the static checks (`npm run check`: linter, formatter, type
 * checker), the node:test phase (`npm run test:node`) and the browser phase
 * (`npm run test:browser`) at the same time. None shares anything
 * with the other (every server on a free port, every data folder its own),
 * and together they keep two cores busy where either alone leaves one idle
 * part of the time: the browser phase's site build, the node phase's slow
 * starters. Each line of output is prefixed with its phase; the exit code is
 * 0 only when every phase passes. Ctrl-C or SIGTERM stops them all.
 *
 * `npm test -- --sequential` runs them one after the other, as before.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { PHASES, type Phase, playwrightFailures, recap } from './lib/test-phases.ts';

const WIDTH = Math.max(...PHASES.map((phase) => phase.name.length));
const children = new Set<ChildProcess>();
/** Every line each phase printed, to repeat a failed phase's failures at the end, where CI logs are read. */
const printed = new Map<string, string[]>();

/** npm itself, as the one running this script, or the `npm` on PATH. */
function npm(args: string[]): [string, string[]] {
  const cli = process.env.npm_execpath;
  return cli && /\.c?js$/.test(cli) ? [process.execPath, [cli, ...args]] : ['npm', args];
}

function run(phase: Phase): Promise<{ phase: Phase; code: number | null; signal: NodeJS.Signals | null; ms: number }> {
  const started = performance.now();
  const [command, args] = npm(['run', '--silent', phase.script]);
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  const prefix = `${phase.name.padEnd(WIDTH)} │ `;
  const lines: string[] = [];
  printed.set(phase.name, lines);
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
      lines.push(line);
      process.stdout.write(`${prefix}${line}\n`);
    });
  }
  return new Promise((resolve) => {
    child.once('error', (error) => process.stdout.write(`${prefix}could not start: ${error.message}\n`));
    child.once('close', (code, signal) => {
      children.delete(child);
      resolve({ phase, code, signal, ms: performance.now() - started });
    });
  });
}

// A terminal's Ctrl-C reaches every process of the group, the phases
// included: this one only waits for them to finish stopping. A SIGTERM is
// for this process alone, and is passed on.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => {
  for (const child of children) child.kill('SIGTERM');
});

const sequential = process.argv.includes('--sequential');
const started = performance.now();
const results = sequential ? [] : await Promise.all(PHASES.map(run));
if (sequential) for (const phase of PHASES) results.push(await run(phase));

const seconds = (ms: number) => `${(ms / 1000).toFixed(0)} s`;
for (const { phase, code } of results) {
  const lines = printed.get(phase.name) ?? [];
  // A phase that passed may still have had a test fail once and pass on its retry (Playwright's "flaky"): said too, so that it gets fixed.
  const [heading, shown] = code === 0 ? ['failed once, then passed on a retry', playwrightFailures(lines)] : ['what failed', recap(lines)];
  if (shown.length === 0) continue;
  console.log(`\n── ${heading} in ${phase.name} ──`);
  for (const line of shown) console.log(`${phase.name.padEnd(WIDTH)} │ ${line}`);
}
console.log('');
for (const { phase, code, signal, ms } of results) {
  console.log(`${phase.name.padEnd(WIDTH)} │ ${code === 0 ? 'passed' : `FAILED (${signal ?? `exit code ${code}`})`} in ${seconds(ms)}`);
}
console.log(`npm test took ${seconds(performance.now() - started)}${sequential ? ', one phase after the other' : ', all phases at once'}.`);
process.exitCode = results.every(({ code }) => code === 0) ? 0 : 1;
