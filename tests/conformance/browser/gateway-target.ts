/**
 * The Chromium runner's side of the gateway suites, in the page: the issuers
 * made here with WebCrypto (so the page can sign anything), a gateway made in
 * the gateway worker (gateway-worker.ts) trusting the suite's issuer, and a
 * GatewayTarget whose calls are the page's own fetches, answered by that
 * worker as the stack's worker answers the site's.
 */
import { testClock } from '../../helpers/clock.ts';
import { IN_PROCESS, SERVICE_WORKER } from '../gateway-answers.ts';
import { createGatewayWorld, type GatewaySuite, type GatewayTarget } from '../gateway-target.ts';
import { CLIENT_ID, OTHER_CLIENT_ID } from '../issuer.ts';
import { GATEWAY_TEST_API, PATHS, type GatewaySetup, type InProcessCall } from './protocol.ts';

async function ok(response: Response, what: string): Promise<Response> {
  if (!response.ok) throw new Error(`${what}: HTTP ${response.status} ${await response.text()}`);
  return response;
}

/** Registers the gateway worker for the page's scope and waits until it controls the page. */
export async function startGatewayWorker(): Promise<void> {
  const controlled = navigator.serviceWorker.controller
    ? Promise.resolve()
    : new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
  await navigator.serviceWorker.register(PATHS.gatewayWorker, { scope: PATHS.gatewayScope });
  await controlled;
}

/** A gateway named `name` for the suite, and the target over it. */
export async function startBrowserGatewayTarget(suite: GatewaySuite, name: string): Promise<GatewayTarget> {
  const scope = `${location.origin}${PATHS.gatewayScope}`;
  const clock = testClock(suite.clockStart);
  const world = await createGatewayWorld({ issuer: `${scope}${name}/issuer`, otherPool: `${scope}${name}/other-pool` }, clock);
  const setup: GatewaySetup = {
    name,
    definition: suite.definition,
    pool: { userPoolId: world.issuer.poolId, issuer: world.issuer.issuer, jwksUri: world.issuer.jwksUri, clientIds: [CLIENT_ID, OTHER_CLIENT_ID] },
    documents: [...world.issuer.documents(), ...world.otherPool.documents()],
    now: clock.now(),
  };
  await ok(
    await fetch(`${scope}${GATEWAY_TEST_API.gateways}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(setup) }),
    'setting up the gateway',
  );
  const gatewayBase = `${scope}${name}/_stack/gateway`;
  return {
    runtime: `Chromium ${navigator.userAgent.match(/Chrome\/([\d.]+)/)?.[1] ?? ''}`.trim(),
    world,
    call: (path, init = {}) => fetch(`${gatewayBase}${path}`, { method: init.method ?? 'GET', headers: new Headers(init.headers ?? []), body: init.body }),
    transport: SERVICE_WORKER,
    callInProcess: (path, init, client) => {
      const call: InProcessCall = { name, path, init, client };
      return fetch(`${scope}${GATEWAY_TEST_API.inProcess}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(call) });
    },
    inProcessTransport: IN_PROCESS,
    async trace(requestId) {
      return (await ok(await fetch(`${gatewayBase}/_trace/${encodeURIComponent(requestId)}`), `the trace of ${requestId}`)).json();
    },
    async fetched() {
      return (await ok(await fetch(`${scope}${GATEWAY_TEST_API.fetched}?name=${encodeURIComponent(name)}`), 'what the gateway fetched')).json();
    },
  };
}
