import { existsSync, statfsSync } from 'node:fs';
import { createServer } from 'node:net';
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import { dirname, resolve } from 'node:path';
import { nodeVersionProblem } from '../require-node.mjs';

/**
 * `npm run workshop -- --check`: what a room needs of this laptop, checked
 * before anyone arrives. Each check says what it found and, when it fails,
 * what to do. The facts come from the machine unless a test gives its own.
 */
export interface PreflightOptions {
  /** The address participants will reach: one of this machine's. */
  host: string;
  ports: { site: number; userPool: number; gateway: number };
  dataDir: string;
}

export interface PreflightFacts {
  nodeVersion: string;
  /** This machine's addresses, every interface's. */
  addresses(): string[];
  /** Bytes free for an unprivileged user on the file system that holds `path`. */
  freeBytes(path: string): number;
  /** Undefined when `host:port` can be listened on, else why not. */
  portProblem(host: string, port: number): Promise<string | undefined>;
  /** Whether the project's dependencies are installed (the site build needs them, and a room may have no internet). */
  dependenciesInstalled(): boolean;
}

export interface PreflightCheck {
  name: string;
  ok: boolean;
  /** Not checked, because another check failed first; not a failure of its own. */
  skipped?: true;
  /** What was found, or what is wrong and what to do about it. */
  detail: string;
}

/** The site's build, its search index and a room's data: a few tens of MB, with room to spare. */
export const MIN_FREE_BYTES = 500 * 1024 * 1024;
const WILDCARDS = new Set(['0.0.0.0', '::', '[::]', '']);

export const machineFacts: PreflightFacts = {
  nodeVersion: process.versions.node,
  addresses: () =>
    Object.values(networkInterfaces())
      .flat()
      .filter((entry) => entry !== undefined)
      .map((entry) => entry.address),
  freeBytes(path) {
    let existing = resolve(path);
    while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
    const stats = statfsSync(existing);
    return stats.bavail * stats.bsize;
  },
  portProblem: (host, port) =>
    new Promise((done) => {
      const server = createServer();
      server.once('error', (error: NodeJS.ErrnoException) =>
        done(error.code === 'EADDRINUSE' ? 'in use by another program' : error.code === 'EACCES' ? 'not allowed for this user' : (error.code ?? error.message)),
      );
      server.listen(port, host, () => server.close(() => done(undefined)));
    }),
  dependenciesInstalled: () => existsSync(new URL('../../node_modules/astro/package.json', import.meta.url)),
};

export async function preflight(options: PreflightOptions, facts: PreflightFacts = machineFacts): Promise<PreflightCheck[]> {
  const checks: PreflightCheck[] = [];
  const versionProblem = nodeVersionProblem(facts.nodeVersion);
  checks.push({ name: 'Node.js', ok: versionProblem === null, detail: versionProblem ?? `Node ${facts.nodeVersion}` });

  checks.push({
    name: 'Dependencies',
    ok: facts.dependenciesInstalled(),
    detail: facts.dependenciesInstalled()
      ? 'installed'
      : 'not installed: run npm install (offline: npm install --offline from a filled npm cache; see the guide "Run a workshop")',
  });

  const address = addressProblem(options.host, facts);
  checks.push({ name: 'Address', ok: address === undefined, detail: address ?? `${options.host} is an address of this machine` });

  const named = [
    ['site', options.ports.site],
    ['user pool', options.ports.userPool],
    ['gateway', options.ports.gateway],
  ] as const;
  for (const [what, port] of named) {
    const clash = named.find(([other, otherPort]) => other !== what && otherPort === port && port !== 0);
    const flag = what === 'site' ? '--site-port' : what === 'user pool' ? '--userpool-port' : '--gateway-port';
    // A port cannot be tried on an address this machine does not have: it would fail for that reason alone.
    if (address !== undefined && !clash) {
      checks.push({ name: `Port ${port} (${what})`, ok: true, skipped: true, detail: "not checked until the address is one of this machine's" });
      continue;
    }
    const problem = clash ? `the same port as the ${clash[0]}` : port === 0 ? undefined : await facts.portProblem(options.host, port);
    checks.push({
      name: `Port ${port} (${what})`,
      ok: problem === undefined,
      detail: problem === undefined ? (port === 0 ? 'any free port' : 'free') : `${problem}: stop that program, or choose another port with ${flag}`,
    });
  }

  const free = facts.freeBytes(options.dataDir);
  checks.push({
    name: 'Disk',
    ok: free >= MIN_FREE_BYTES,
    detail: `${megabytes(free)} free for ${options.dataDir}${free >= MIN_FREE_BYTES ? '' : `: the site's build and the room's data need ${megabytes(MIN_FREE_BYTES)}; free some space or choose another folder with --data`}`,
  });
  return checks;
}

/** Why participants could not reach the stack at `host`, or undefined when they can. */
export function addressProblem(host: string, facts: Pick<PreflightFacts, 'addresses'>): string | undefined {
  if (WILDCARDS.has(host))
    return `${host || 'an empty address'} means every address, and participants need one they can reach: give one of this machine's (${listed(facts)})`;
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  if (isIP(bare) === 0) return `"${host}" is not an IP address: give one of this machine's (${listed(facts)})`;
  if (!facts.addresses().includes(bare)) return `${host} is not an address of this machine; it has ${listed(facts)}`;
  return undefined;
}

function listed(facts: Pick<PreflightFacts, 'addresses'>): string {
  const addresses = facts.addresses().filter((address) => !address.startsWith('fe80:'));
  return addresses.length > 0 ? addresses.join(', ') : 'no network address';
}

function megabytes(bytes: number): string {
  return `${Math.floor(bytes / (1024 * 1024))} MB`;
}

/** The report as the terminal shows it: one line per check. */
export function formatChecks(checks: readonly PreflightCheck[]): string {
  return checks.map((check) => `  ${check.skipped ? 'skip' : check.ok ? 'ok  ' : 'FAIL'}  ${check.name}: ${check.detail}`).join('\n');
}
