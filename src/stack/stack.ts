import { join } from 'node:path';
import { createGateway, type Gateway, type GatewayOptions } from './gateway/index.ts';
import { listen, type Listening } from './http/listen.ts';
import { userPoolUrls } from '../lib/stack-urls.ts';
import { publishedDemoUsers, type StackInfo } from './stack-info.ts';
import { privateDir, writePrivateFile } from './private-files.ts';
import { openUserPool, type UserPool } from './userpool/index.ts';

export interface StackOptions {
  dataDir: string;
  host: string;
  userPoolPort: number;
  gatewayPort: number;
  reset?: boolean;
  issuerStyle?: 'self' | 'aws';
  /** Origins of the tutorial site: the only pages that may use the local endpoints (mailbox, key rotation, traces). */
  siteOrigins: readonly string[];
  log?: (line: string) => void;
  /**
   * Settings passed through to the gateway, e.g. `{ jwks: { cooldownMs: 0 } }`
   * for tests that must not wait out its JWKS refetch cooldown. The stack
   * itself wires the trusted pool, the local-endpoint policy and the log.
   */
  gateway?: Omit<GatewayOptions, 'userPools' | 'local' | 'log'>;
}

export interface RunningStack {
  info: StackInfo;
  userPool: UserPool;
  gateway: Gateway;
  close(): Promise<void>;
}

/**
 * Starts the user pool and the API gateway, then writes `<dataDir>/stack.json`:
 * the file's appearance means every server is listening.
 */
export async function startStack(options: StackOptions): Promise<RunningStack> {
  const log = options.log ?? (() => {});
  privateDir(options.dataDir);
  let userPoolUrl = '';
  const userPool = await openUserPool({
    dataDir: options.dataDir,
    reset: options.reset,
    issuerStyle: options.issuerStyle,
    siteOrigins: options.siteOrigins,
    publicUrl: () => userPoolUrl,
    log: (line) => log(`[userpool] ${line}`),
  });
  const servers: Listening[] = [];
  try {
    const poolServer = await listen(userPool.handler, { host: options.host, port: options.userPoolPort });
    servers.push(poolServer);
    userPoolUrl = poolServer.url;

    const { seed } = userPool;
    const issuer = userPool.issuer(seed.pool.id);
    const poolUrls = userPoolUrls(userPoolUrl, seed.pool.id);
    const { jwksUri } = poolUrls;
    let gatewayUrl = '';
    const gateway = createGateway({
      ...options.gateway,
      userPools: { demo: { userPoolId: seed.pool.id, issuer, jwksUri, clientIds: [seed.client.id] } },
      local: { ownUrl: () => gatewayUrl, siteOrigins: options.siteOrigins },
      log: (line) => log(`[gateway] ${line}`),
    });
    const gatewayServer = await listen(gateway.handler, { host: options.host, port: options.gatewayPort });
    servers.push(gatewayServer);
    gatewayUrl = gatewayServer.url;

    const info: StackInfo = {
      region: seed.region,
      userPoolId: seed.pool.id,
      userPoolClientId: seed.client.id,
      userPoolEndpoint: poolUrls.userPoolEndpoint,
      issuer,
      jwksUri,
      demoUsers: publishedDemoUsers(seed.users),
      admin: userPool.admin,
      mailbox: poolUrls.mailbox,
      ...gateway.urls(gatewayServer.url),
    };
    writePrivateFile(join(options.dataDir, 'stack.json'), `${JSON.stringify(info, null, 2)}\n`);

    return {
      info,
      userPool,
      gateway,
      async close() {
        gateway.close();
        await Promise.all(servers.map((server) => server.close()));
        userPool.close();
      },
    };
  } catch (error) {
    await Promise.all(servers.map((server) => server.close()));
    userPool.close();
    throw error;
  }
}
