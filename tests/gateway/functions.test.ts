/**
 * The demo functions are plain Lambda handlers: they read the claims in
 * either API kind's format, and each answers with an exact proxy result:
 * status code, headers and body.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, mock, test } from 'node:test';
import { setImmediate as turn } from 'node:timers/promises';
import { handler as admin } from '../../src/stack/functions/admin.ts';
import { groupsOf, usernameOf, type ProxyEvent } from '../../src/stack/functions/claims.ts';
import { fail, malformed, slow } from '../../src/stack/functions/faults.ts';
import { handler as hello } from '../../src/stack/functions/hello.ts';
import { handler as publicHandler } from '../../src/stack/functions/public.ts';

const restEvent = (claims: Record<string, string>) => ({ requestContext: { authorizer: { claims } } }) as ProxyEvent;
const httpEvent = (claims: Record<string, string>) => ({ version: '2.0', requestContext: { authorizer: { jwt: { claims } } } }) as ProxyEvent;

// Every demo answer is JSON with the CORS headers a REST API passes through untouched.
const HEADERS = {
  'Content-Type': 'application/json',
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'x-amzn-RequestId,x-amz-apigw-id,apigw-requestid',
};
const answer = (statusCode: number, body: string) => ({ statusCode, headers: HEADERS, body });

test('groups from both formats: REST "a,b" and HTTP "[a b]"', () => {
  assert.deepEqual(groupsOf(restEvent({ 'cognito:groups': 'admin,editors' })), ['admin', 'editors']);
  assert.deepEqual(groupsOf(restEvent({ 'cognito:groups': 'admin' })), ['admin']);
  assert.deepEqual(groupsOf(httpEvent({ 'cognito:groups': '[admin editors]' })), ['admin', 'editors']);
  assert.deepEqual(groupsOf(httpEvent({ 'cognito:groups': '[admin]' })), ['admin']);
  assert.deepEqual(groupsOf(httpEvent({})), []);
  assert.deepEqual(groupsOf({ requestContext: {} } as ProxyEvent), []);
});

test('username from an ID token or an access token', () => {
  assert.equal(usernameOf(restEvent({ 'cognito:username': 'jane' })), 'jane');
  assert.equal(usernameOf(httpEvent({ username: 'joe' })), 'joe');
  assert.equal(usernameOf(restEvent({})), undefined);
});

test('public answers anyone, the same way', async () => {
  assert.deepEqual(await publicHandler(), answer(200, '{"message":"Hello from a public route: no token needed."}'));
});

test('admin decides by group, whatever the format', async () => {
  const allowed: Array<[ProxyEvent, string]> = [
    [restEvent({ 'cognito:groups': 'editors,admin', 'cognito:username': 'jane' }), '{"message":"Welcome, jane.","groups":["editors","admin"]}'],
    [httpEvent({ 'cognito:groups': '[editors admin]', username: 'joe' }), '{"message":"Welcome, joe.","groups":["editors","admin"]}'],
    [restEvent({ 'cognito:groups': 'admin' }), '{"message":"Welcome, admin.","groups":["admin"]}'],
  ];
  for (const [event, body] of allowed) assert.deepEqual(await admin(event), answer(200, body));

  const refused: Array<[ProxyEvent, string]> = [
    [restEvent({ 'cognito:groups': 'administrators' }), '["administrators"]'],
    [httpEvent({ 'cognito:groups': '[editors]' }), '["editors"]'],
    [restEvent({}), '[]'],
  ];
  for (const [event, groups] of refused) {
    assert.deepEqual(await admin(event), answer(403, `{"message":"Forbidden: this route requires the admin group.","groups":${groups}}`));
  }
});

test('hello greets the caller and echoes the event it was given', async () => {
  const event = restEvent({ 'cognito:username': 'jane' });
  const result = await hello(event);
  assert.deepEqual(result, answer(200, JSON.stringify({ message: 'Hello, jane!', event })));
  const anonymous = { requestContext: {} } as ProxyEvent;
  assert.deepEqual(await hello(anonymous), answer(200, JSON.stringify({ message: 'Hello!', event: anonymous })));
});

test('fail throws, for the gateway to map', async () => {
  await assert.rejects(fail(), { name: 'Error', message: 'Something went wrong inside the function.' });
});

test('malformed answers with a status code that is not one', async () => {
  assert.deepEqual(await malformed(), { statusCode: 'OK', body: 'The gateway never sends this.' });
});

describe('slow answers after ?ms= milliseconds (default 3000, at most 60000), on a mocked clock', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout'] }));
  afterEach(() => mock.timers.reset());

  const delays: Array<[string, Record<string, string> | null | undefined, number]> = [
    ['no query string', null, 3000],
    ['no ms', {}, 3000],
    ['ms=250', { ms: '250' }, 250],
    ['ms=0', { ms: '0' }, 0],
    ['a negative ms counts as 0', { ms: '-5' }, 0],
    ['past the maximum', { ms: '100000' }, 60_000],
    ['not a number', { ms: 'soon' }, 3000],
  ];
  test('seven cases', () => assert.equal(delays.length, 7));
  for (const [name, queryStringParameters, delay] of delays) {
    test(`${name}: ${delay} ms`, async () => {
      let settled = false;
      const result = slow({ queryStringParameters }).then((value) => {
        settled = true;
        return value;
      });
      if (delay > 0) {
        mock.timers.tick(delay - 1);
        await turn();
        assert.equal(settled, false, `answered before ${delay} ms`);
      }
      mock.timers.tick(delay === 0 ? 0 : 1);
      assert.deepEqual(await result, answer(200, `{"message":"Answered after ${delay} ms."}`));
    });
  }
});
