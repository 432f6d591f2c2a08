/**
 * What the Node adapter (src/stack/http/listen.ts, @hono/node-server) changes
 * between the gateway's handler and a client on the wire. Every other gateway
 * test reads answers off a real loopback socket; this file is where the
 * in-process Response still adds something: it is the handler's own output,
 * so comparing the two shows that the adapter only adds Date, Connection,
 * Keep-Alive and Content-Length, and in particular gives no default content
 * type to the HTTP API's errors, which have none on AWS.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startGateway, type TestGateway } from './fixtures/gateway.ts';
import { startIssuer, type TestIssuer } from './fixtures/issuer.ts';

let issuer: TestIssuer;
let gateway: TestGateway;

before(async () => {
  issuer = await startIssuer();
  gateway = await startGateway(issuer);
});
after(async () => {
  await gateway.close();
  await issuer.close();
});

// Different on every request: ids, the trace id, and the timings.
const PER_REQUEST = new Set(['x-amzn-requestid', 'x-amz-apigw-id', 'apigw-requestid', 'x-amzn-trace-id', 'server-timing']);

const cases: Array<{ name: string; path: string; init?: { method?: string; headers?: Record<string, string> }; adds: string[] }> = [
  { name: 'a REST 401 from the authorizer', path: '/rest/prod/hello', adds: ['connection', 'content-length', 'date', 'keep-alive'] },
  {
    name: 'an HTTP API 401 (no content type)',
    path: '/http/hello',
    init: { headers: { authorization: 'not-a-token' } },
    adds: ['connection', 'content-length', 'date', 'keep-alive'],
  },
  {
    name: 'an HTTP API 404 with CORS (no content type)',
    path: '/http/nowhere',
    init: { headers: { origin: 'http://127.0.0.1:4321' } },
    adds: ['connection', 'content-length', 'date', 'keep-alive'],
  },
  { name: "a function's 200", path: '/rest/prod/public', adds: ['connection', 'content-length', 'date', 'keep-alive'] },
  {
    name: 'a REST preflight: 204, no body, so no Content-Length',
    path: '/rest/prod/hello',
    init: { method: 'OPTIONS', headers: { origin: 'http://127.0.0.1:4321', 'access-control-request-method': 'GET' } },
    adds: ['connection', 'date', 'keep-alive'],
  },
  { name: 'the plain 404 outside the APIs', path: '/favicon.ico', adds: ['connection', 'content-length', 'date', 'keep-alive'] },
];

test('the cases below cover every kind of answer', () => {
  assert.equal(cases.length, 6);
});

for (const { name, path, init, adds } of cases) {
  test(`${name}: on the wire, the handler's answer plus ${adds.join(', ')}`, async () => {
    const inProcess = await gateway.callInProcess(path, init);
    const wire = await gateway.call(path, init);
    assert.equal(wire.status, inProcess.status);
    const body = new Uint8Array(await inProcess.arrayBuffer());
    assert.deepEqual(new Uint8Array(await wire.arrayBuffer()), body);
    const handlerNames = [...inProcess.headers.keys()];
    assert.ok(handlerNames.length > 0);
    assert.deepEqual([...wire.headers.keys()], [...handlerNames, ...adds].sort());
    for (const headerName of handlerNames) {
      if (!PER_REQUEST.has(headerName)) assert.equal(wire.headers.get(headerName), inProcess.headers.get(headerName), headerName);
    }
    assert.equal(wire.headers.get('connection'), 'keep-alive');
    assert.equal(wire.headers.get('keep-alive'), 'timeout=65');
    if (adds.includes('content-length')) assert.equal(wire.headers.get('content-length'), String(body.byteLength));
  });
}
