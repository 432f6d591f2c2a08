import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

/**
 * `npm run bench -- <name>…` runs bench/<name>.ts; with no name, every
 * benchmark, one after the other so they never compete for the CPU. Options
 * (`--strict`, `--quick`) go to every benchmark run; each reads its own.
 */
const available = readdirSync(new URL('.', import.meta.url))
  .filter((file) => file.endsWith('.ts') && file !== 'run.ts')
  .map((file) => file.slice(0, -3))
  .sort();
const args = process.argv.slice(2);
const options = args.filter((arg) => arg.startsWith('--'));
const wanted = args.filter((arg) => !arg.startsWith('--'));
for (const name of wanted) {
  if (!available.includes(name)) {
    console.error(`Unknown benchmark "${name}". Available: ${available.join(', ')}.`);
    process.exit(2);
  }
}
for (const name of wanted.length > 0 ? wanted : available) {
  console.log(`\n=== bench: ${name} ===`);
  const { status } = spawnSync(process.execPath, [new URL(`${name}.ts`, import.meta.url).pathname, ...options], { stdio: 'inherit' });
  if (status !== 0) process.exit(status ?? 1);
}
