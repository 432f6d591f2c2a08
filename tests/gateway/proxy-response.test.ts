/**
 * Function answers are validated and mapped as AWS does it: the REST API
 * against the validation matrix AWS recorded, written out case by case below, the HTTP API
 * against the payload 2.0 rules. The test function answers with whatever the
 * request body says.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import snapshots from './fixtures/aws-snapshots.json' with { type: 'json' };
import { assertHttpError, assertRefusedBy, assertRestError } from './fixtures/expect.ts';
import { answerRoute } from './fixtures/definitions.ts';
import { requestIdOf, startGateway, type TestGateway } from './fixtures/gateway.ts';
import { startIssuer, type TestIssuer } from './fixtures/issuer.ts';

let issuer: TestIssuer;
let gateway: TestGateway;

before(async () => {
  issuer = await startIssuer();
  gateway = await startGateway(issuer, { definition: answerRoute() });
});
after(async () => {
  await gateway.close();
  await issuer.close();
});

/** The function answers `result`; `undefined` makes it return nothing. */
const answer = (api: 'rest' | 'http', result: unknown) =>
  gateway.call(`${api === 'rest' ? '/rest/prod' : '/http'}/answer`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: result === undefined ? '' : JSON.stringify(result),
  });

const recorded = snapshots.responseValidation;
const INTERNAL = { status: 502, body: '{"message": "Internal server error"}', errorType: 'InternalServerErrorException' };

describe('REST API: the recorded validation matrix', () => {
  // The last column: how many headers of the AWS recording the answer is compared on (the others are AWS's
  // per-request values, and Connection, Content-Length and Via, which belong to the transport).
  const valid: Array<[keyof typeof recorded, unknown, number, number]> = [
    ['invoke-api-no-body', { statusCode: 200 }, 200, 0],
    ['invoke-api-with-headers', { statusCode: 200, headers: { 'test-header': 'value', 'header-bool': true } }, 200, 3],
    ['invoke-api-with-headers-null', { statusCode: 200, headers: null }, 200, 1],
    ['invoke-api-b64-encoded-true', { statusCode: 200, body: 'dGVzdC1kYXRh', isBase64Encoded: true }, 200, 0],
    ['invoke-api-b64-encoded-false', { statusCode: 200, body: 'dGVzdC1kYXRh', isBase64Encoded: false }, 200, 0],
    ['invoke-api-multi-headers-valid', { statusCode: 200, multiValueHeaders: { 'test-multi': ['value1', 'value2'] } }, 200, 2],
    [
      'invoke-api-multi-headers-overwrite',
      { statusCode: 200, multiValueHeaders: { 'test-multi': ['value-multi'] }, headers: { 'test-multi': 'value-solo' } },
      200,
      2,
    ],
    ['invoke-api-status-code-str', { statusCode: '201' }, 201, 0],
    ['invoke-api-only-headers', { headers: { 'test-header': 'value' } }, 200, 0],
  ];
  for (const [name, result, status, compared] of valid) {
    test(`${name}: ${JSON.stringify(result)}`, async () => {
      const response = await answer('rest', result);
      const snapshot = recorded[name] as { content: string; headers?: Record<string, string> };
      assert.equal(response.status, status);
      assert.equal(await response.text(), snapshot.content);
      assert.equal(response.headers.get('content-type'), 'application/json');
      const comparable = Object.entries(snapshot.headers ?? {}).filter(
        ([header, value]) => !value.startsWith('<') && !['Connection', 'Content-Length', 'Via'].includes(header),
      );
      assert.equal(comparable.length, compared, 'headers compared with the recording');
      for (const [header, value] of comparable) assert.equal(response.headers.get(header), value, header);
      assert.match(response.headers.get('x-amzn-trace-id') ?? '', /^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    });
  }

  test('invoke-api-multi-headers-overwrite-casing: the multi-value spelling wins', async () => {
    const response = await answer('rest', { statusCode: 200, multiValueHeaders: { 'tesT-Multi': ['value-multi'] }, headers: { 'test-multi': 'value-solo' } });
    assert.equal(response.headers.get('test-multi'), 'value-multi, value-solo');
    const trace = await gateway.trace(requestIdOf(response));
    const sent = trace.hops.find((hop) => hop.name === 'response')?.detail.headers as Array<[string, string]>;
    const expected = recorded['invoke-api-multi-headers-overwrite-casing'].headers;
    assert.ok(sent.some(([name, value]) => name === 'tesT-Multi' && value === expected['tesT-Multi']));
  });

  const malformed: Array<[keyof typeof recorded, unknown]> = [
    ['invoke-api-wrong-format', { statusCode: 200, wrongValue: 'value' }],
    ['invoke-api-empty-response', undefined],
    ['invoke-api-multi-headers-invalid', { statusCode: 200, multiValueHeaders: { 'test-multi': 'value1' } }],
    ['invoke-api-invalid-status-code', { statusCode: 'test' }],
    ['invoke-api-just-string', 'justAString'],
  ];
  for (const [name, result] of malformed) {
    test(`${name}: ${JSON.stringify(result) ?? 'nothing'} is malformed`, async () => {
      const response = await answer('rest', result);
      assert.deepEqual({ message: JSON.parse(INTERNAL.body).message }, (recorded[name] as { content: unknown }).content);
      await assertRestError(response, INTERNAL);
      assertRefusedBy(await gateway.trace(requestIdOf(response)), 'proxy-response');
    });
  }

  test('a body that is not a string is malformed', async () => {
    await assertRestError(await answer('rest', { statusCode: 200, body: { message: 'hi' } }), INTERNAL);
  });

  test('Connection, Content-Length, Date and Server from the function become x-amzn-Remapped-*', async () => {
    const response = await answer('rest', { statusCode: 200, headers: { Server: 'my-server', Date: 'yesterday' }, body: 'ok' });
    assert.equal(response.headers.get('x-amzn-remapped-server'), 'my-server');
    assert.equal(response.headers.get('x-amzn-remapped-date'), 'yesterday');
    assert.equal(response.headers.get('server'), null);
  });

  test('a header HTTP forbids is malformed, not a crash', async () => {
    await assertRestError(await answer('rest', { statusCode: 200, headers: { 'bad header': 'x' } }), INTERNAL);
  });
});

describe('HTTP API: payload 2.0 answers', () => {
  const INTERNAL_V2 = { status: 500, body: '{"message":"Internal Server Error"}' };

  test('a string without statusCode is the body of a 200 JSON response', async () => {
    const response = await answer('http', 'Hello');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/json');
    assert.equal(await response.text(), 'Hello');
  });

  test('an object without statusCode is sent as JSON', async () => {
    const response = await answer('http', { message: 'hi', n: 1 });
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { message: 'hi', n: 1 });
  });

  test('statusCode, headers, cookies and body are mapped; a base64 body is decoded', async () => {
    const response = await answer('http', {
      statusCode: 201,
      headers: { 'x-answer': 42 },
      cookies: ['a=1; Path=/', 'b=2'],
      body: Buffer.from('binary\u0000data').toString('base64'),
      isBase64Encoded: true,
    });
    assert.equal(response.status, 201);
    assert.equal(response.headers.get('x-answer'), '42');
    assert.deepEqual(response.headers.getSetCookie(), ['a=1; Path=/', 'b=2']);
    assert.equal(await response.text(), 'binary\u0000data');
    assert.equal(response.headers.get('apigw-requestid'), requestIdOf(response));
  });

  test('the trace shows a body as text, at most its first 64 KiB: a decoded base64 body, a long text', async () => {
    const bytes = Buffer.concat([Buffer.from('binary\u0000data '), Buffer.alloc(70_000, 'b')]);
    const long = 'é'.repeat(40_000);
    for (const [result, preview, bodyBytes] of [
      [{ statusCode: 200, body: bytes.toString('base64'), isBase64Encoded: true }, bytes.subarray(0, 65_536).toString(), bytes.length],
      [{ statusCode: 200, body: long }, 'é'.repeat(32_768), 80_000],
      [{ statusCode: 200, body: 'short' }, 'short', 5],
    ] as const) {
      const response = await answer('http', result);
      assert.equal(response.status, 200);
      const detail = (await gateway.trace(requestIdOf(response))).hops.find((hop) => hop.name === 'response')?.detail;
      assert.deepEqual({ body: detail?.body, bodyBytes: detail?.bodyBytes }, { body: preview, bodyBytes });
    }
  });

  for (const result of [{ statusCode: 'test' }, { statusCode: 200, body: { message: 'hi' } }, { statusCode: 200, cookies: 'a=1' }]) {
    test(`${JSON.stringify(result)} is malformed: 500`, async () => {
      const response = await answer('http', result);
      await assertHttpError(response, INTERNAL_V2);
      assertRefusedBy(await gateway.trace(requestIdOf(response)), 'proxy-response');
    });
  }
});
