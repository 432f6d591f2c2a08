import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listen } from '../../src/stack/http/listen.ts';
import { openUserPool, SEED, type UserPool } from '../../src/stack/userpool/index.ts';
import type { CryptoPrimitives } from '../../src/stack/userpool/primitives.ts';

/** The origin the tests' pools believe the tutorial site has; the local endpoints admit pages from it alone. */
export const TEST_SITE_ORIGIN = 'http://127.0.0.1:4321';

export interface TestUserPool {
  url: string;
  /** What Amplify's `userPoolEndpoint` takes. */
  endpoint: string;
  poolId: string;
  clientId: string;
  dataDir: string;
  pool: UserPool;
  /** Stops the server; the data folder stays unless `removeData`. */
  close(options?: { removeData?: boolean }): Promise<void>;
}

/** The user pool alone, on a free loopback port, with a fresh data folder unless one is given. */
export async function startUserPool(
  options: {
    dataDir?: string;
    port?: number;
    reset?: boolean;
    now?: () => number;
    issuerStyle?: 'self' | 'aws';
    siteOrigins?: string[];
    primitives?: CryptoPrimitives;
    log?: (line: string) => void;
  } = {},
): Promise<TestUserPool> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'token-trail-pool-'));
  let url = '';
  const pool = await openUserPool({
    dataDir,
    reset: options.reset,
    now: options.now,
    issuerStyle: options.issuerStyle,
    siteOrigins: options.siteOrigins ?? [TEST_SITE_ORIGIN],
    primitives: options.primitives,
    log: options.log,
    publicUrl: () => url,
  });
  const server = await listen(pool.handler, { host: '127.0.0.1', port: options.port ?? 0 });
  url = server.url;
  return {
    url,
    endpoint: `${url}/`,
    poolId: SEED.pool.id,
    clientId: SEED.client.id,
    dataDir,
    pool,
    async close({ removeData = false } = {}) {
      await server.close();
      pool.close();
      if (removeData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** One AWS JSON 1.1 call, exactly as an unsigned client (Amplify) sends it. */
export async function callPool(endpoint: string, operation: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${operation}`, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: text ? (JSON.parse(text) as Record<string, any>) : undefined };
}

export function demoUser(name: string) {
  const user = SEED.users.find((u) => u.username === name);
  if (!user) throw new Error(`no demo user ${name}`);
  return { username: user.username, password: (user.password ?? user.temporaryPassword)! };
}

/** The newest code the pool "emailed" to a user, read from the local mailbox as the site does. */
export async function latestCode(url: string, username: string): Promise<string> {
  const response = await fetch(`${url}/_local/mailbox?username=${encodeURIComponent(username)}&limit=200`);
  const { messages } = (await response.json()) as { messages: { code: string | null }[] };
  const code = messages.at(-1)?.code;
  if (!code) throw new Error(`no code in the mailbox for ${username}`);
  return code;
}
