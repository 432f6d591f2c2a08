import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeJwt, decodeProtectedHeader, UnsecuredJWT } from 'jose';
import { requestToken } from '../../src/widgets/api-call/request-token.ts';

// Unsigned stand-ins with a fake signature: only their claims matter here.
const now = Date.UTC(2026, 10, 26, 6, 0, 0);
const token = (claims: Record<string, unknown>) => `${new UnsecuredJWT(claims).encode().slice(0, -1)}.c2lnbmF0dXJl`;
const current = token({ sub: 'bob', token_use: 'id', exp: now / 1000 + 3600 });
const expired = token({ sub: 'bob', token_use: 'id', exp: now / 1000 - 60 });
const stillValid = token({ sub: 'bob', token_use: 'id', exp: now / 1000 + 600 });

describe('the token the API call widget sends', () => {
  test("the reader's own token, or none", () => {
    assert.deepEqual(requestToken('id', { kind: 'id', current, earlier: [] }, now), {
      ok: true,
      token: current,
      note: 'Your ID token, exactly as the pool issued it.',
    });
    assert.deepEqual(requestToken('none', { kind: 'id', current: undefined, earlier: [] }, now), {
      ok: true,
      token: null,
      note: 'No Authorization header at all.',
    });
    const missing = requestToken('access', { kind: 'access', current: undefined, earlier: [] }, now);
    assert.equal(missing.ok, false);
    assert.match(missing.note, /no access token yet: sign in first/);
  });

  test('tampered: a claim changed, the signature kept, and the note says which', () => {
    const result = requestToken('tampered', { kind: 'id', current, earlier: [] }, now);
    assert.ok(result.ok && result.token);
    assert.deepEqual(decodeJwt(result.token)['cognito:groups'], ['admin']);
    assert.equal(result.token.split('.')[2], current.split('.')[2]);
    assert.match(result.note, /cognito:groups set to \["admin"\].*original signature kept/);
    // Already an admin: another change, so the token really differs.
    const admin = token({ 'cognito:groups': ['admin'], exp: now / 1000 + 3600 });
    const again = requestToken('tampered', { kind: 'id', current: admin, earlier: [] }, now);
    assert.ok(again.ok && again.token);
    assert.notEqual(again.token, admin);
  });

  test('expired: a real earlier token that has expired, when there is one', () => {
    const result = requestToken('expired', { kind: 'id', current, earlier: [stillValid, expired] }, now);
    assert.deepEqual(result, {
      ok: true,
      token: expired,
      note: 'A real ID token from an earlier sign-in in this tab, which expired at 2026-11-26 05:59:00 UTC.',
    });
  });

  test('expired, when none has: the own token with exp edited, and an honest note that the signature check refuses it first', () => {
    const result = requestToken('expired', { kind: 'id', current, earlier: [stillValid] }, now);
    assert.ok(result.ok && result.token);
    assert.equal(decodeJwt(result.token).exp, now / 1000 - 3600);
    assert.equal(result.token.split('.')[2], current.split('.')[2]);
    assert.deepEqual(decodeProtectedHeader(result.token), decodeProtectedHeader(current));
    assert.match(result.note, /nobody can make an expired one.*signature check, before it reads exp/s);
  });
});
