/**
 * The demo functions are plain Lambda handlers: they read the claims in
 * either API kind's format.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { handler as admin } from '../../src/stack/functions/admin.ts';
import { groupsOf, usernameOf, type ProxyEvent } from '../../src/stack/functions/claims.ts';
import { malformed } from '../../src/stack/functions/faults.ts';
import { handler as hello } from '../../src/stack/functions/hello.ts';

const restEvent = (claims: Record<string, string>) => ({ requestContext: { authorizer: { claims } } }) as ProxyEvent;
const httpEvent = (claims: Record<string, string>) => ({ version: '2.0', requestContext: { authorizer: { jwt: { claims } } } }) as ProxyEvent;

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
});

test('admin decides by group, whatever the format', async () => {
  for (const event of [restEvent({ 'cognito:groups': 'editors,admin' }), httpEvent({ 'cognito:groups': '[editors admin]' })]) {
    assert.equal((await admin(event)).statusCode, 200);
  }
  for (const event of [restEvent({ 'cognito:groups': 'administrators' }), httpEvent({ 'cognito:groups': '[editors]' }), restEvent({})]) {
    const result = await admin(event);
    assert.equal(result.statusCode, 403);
    assert.equal(result.headers['Access-Control-Allow-Origin'], '*');
  }
});

test('hello echoes the event it was given', async () => {
  const event = restEvent({ 'cognito:username': 'jane' });
  const result = await hello(event);
  assert.deepEqual(JSON.parse(result.body), { message: 'Hello, jane!', event });
});

test('malformed answers with a status code that is not one', async () => {
  assert.equal(typeof ((await malformed()) as { statusCode: unknown }).statusCode, 'string');
});
