import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { createGateway, type Gateway, type GatewayOptions } from './gateway/index.ts';
import { listen, type Listening } from './http/listen.ts';
import { userPoolUrls, WORKSHOP_PATHS, workshopUrls } from '../lib/stack-urls.ts';
import { realTimers } from './gateway/timers.ts';
import type { FetchHandler } from './http/types.ts';
import { sigV4AdminClient } from './workshop/admin-client.ts';
import { createWorkshop, type Workshop } from './workshop/facilitator.ts';
import { FacilitatorToken } from './workshop/token.ts';
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
  /**
   * Run for a workshop: participants' progress reports and the facilitator's
   * API on the gateway's server, under /_workshop. The facilitator's token is
   * kept in `<dataDir>/facilitator-token`, readable by this user alone.
   */
  workshop?: boolean;
}

/** Where a workshop stack keeps the facilitator's token: private, like the rest of the data folder's secrets. */
export const FACILITATOR_TOKEN_FILE = 'facilitator-token';

export interface RunningStack {
  info: StackInfo;
  userPool: UserPool;
  gateway: Gateway;
  /** With `workshop`: the room, and the facilitator's token (printed once by `npm run workshop`). */
  workshop?: Workshop & { token: FacilitatorToken };
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
    let workshop: (Workshop & { token: FacilitatorToken }) | undefined;
    const tokenFile = join(options.dataDir, FACILITATOR_TOKEN_FILE);
    rmSync(tokenFile, { force: true });
    if (options.workshop) {
      const token = new FacilitatorToken((value) => writePrivateFile(tokenFile, `${value}\n`));
      const poolId = seed.pool.id;
      workshop = {
        token,
        ...createWorkshop({
          token,
          pool: {
            poolId,
            clientId: seed.client.id,
            admin: sigV4AdminClient({ endpoint: () => poolUrls.userPoolEndpoint, region: seed.region, credentials: userPool.admin }),
            rotateKeys: (grace) => userPool.rotateKeys(poolId, grace),
            reset: () => userPool.reset(),
            listMail: (after, limit) => userPool.store.listMail(after, limit),
          },
          gateway,
          siteOrigins: options.siteOrigins,
          newTokenHint: `The new token is in ${tokenFile}.`,
          timers: options.gateway?.timers ?? realTimers,
          log: (line) => log(`[workshop] ${line}`),
        }),
      };
    }
    const served = workshop;
    const handler: FetchHandler = served
      ? (request, client) =>
          new URL(request.url).pathname.startsWith(`${WORKSHOP_PATHS.root}/`) ? served.handler(request, client) : gateway.handler(request, client)
      : gateway.handler;
    const gatewayServer = await listen(handler, { host: options.host, port: options.gatewayPort });
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
      ...(workshop && { workshop: workshopUrls(gatewayServer.url) }),
    };
    // A room's first sign-ins all reach the gateway at once: their keys are fetched before anyone arrives.
    if (workshop) await gateway.warmKeys();
    writePrivateFile(join(options.dataDir, 'stack.json'), `${JSON.stringify(info, null, 2)}\n`);

    return {
      info,
      userPool,
      gateway,
      workshop,
      async close() {
        workshop?.close();
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
