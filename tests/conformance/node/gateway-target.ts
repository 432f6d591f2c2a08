/**
 * The Node runner's side of the gateway suites: the issuers' documents served
 * on loopback, the gateway of tests/gateway/fixtures/gateway.ts trusting the
 * suite's issuer, and a GatewayTarget over them. Requests go over a real
 * socket, through the Node adapter that serves readers.
 */
import { listen, type Listening } from '../../../src/stack/http/listen.ts';
import { testClock } from '../../helpers/clock.ts';
import { startGateway } from '../../gateway/fixtures/gateway.ts';
import { NODE_WIRE, IN_PROCESS } from '../gateway-answers.ts';
import { createGatewayWorld, type GatewaySuite, type GatewayTarget } from '../gateway-target.ts';

export interface NodeGatewayTarget extends GatewayTarget {
  close(): Promise<void>;
}

/** One loopback server answering GETs for the documents of the issuers it is given, by URL. */
async function documentServer(): Promise<Listening & { serve(documents: Map<string, unknown>): void }> {
  let documents = new Map<string, unknown>();
  const server = await listen(
    (request) => {
      const document = request.method === 'GET' ? documents.get(request.url) : undefined;
      return document === undefined ? new Response('Not Found', { status: 404 }) : Response.json(document);
    },
    { host: '127.0.0.1', port: 0 },
  );
  return Object.assign(server, {
    serve: (next: Map<string, unknown>) => {
      documents = next;
    },
  });
}

export async function startNodeGatewayTarget(suite: GatewaySuite): Promise<NodeGatewayTarget> {
  const clock = testClock(suite.clockStart);
  const [issuerHost, otherHost] = await Promise.all([documentServer(), documentServer()]);
  const world = await createGatewayWorld({ issuer: issuerHost.url, otherPool: otherHost.url }, clock);
  issuerHost.serve(world.issuer.documents());
  otherHost.serve(world.otherPool.documents());
  const gateway = await startGateway(world.issuer, suite.definition ? { definition: suite.definition } : {});
  return {
    runtime: `Node ${process.version}`,
    world,
    call: (path, init = {}) => gateway.call(path, { method: init.method, headers: init.headers ?? [], body: init.body }),
    transport: NODE_WIRE,
    callInProcess: (path, init, client) => gateway.callInProcess(path, { method: init.method, headers: init.headers ?? [], body: init.body }, client),
    inProcessTransport: IN_PROCESS,
    trace: (requestId) => gateway.trace(requestId),
    fetched: async () => [...gateway.fetched],
    async close() {
      await gateway.close();
      await Promise.all([issuerHost.close(), otherHost.close()]);
    },
  };
}
