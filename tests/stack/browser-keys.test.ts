/**
 * The pool's private keys in the stack that runs in the reader's browser:
 * made by WebCrypto as non-extractable CryptoKeys, kept apart from the
 * records (in IndexedDB's own store, here in memory), and never written out
 * as a JWK. Node's WebCrypto is the same API a browser has; the Playwright
 * suite checks the real IndexedDB (tests/browser/zero-install.spec.ts).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createBrowserStack } from '../../src/stack/browser/browser-stack.ts';
import { WebCryptoPoolKeyCrypto } from '../../src/stack/browser/key-crypto.ts';
import { MemoryPersistence } from '../../src/stack/browser/persistence.ts';
import { kidOf } from '../../src/stack/userpool/keys.ts';
import { NodePoolKeyCrypto } from '../../src/stack/userpool/node-key-crypto.ts';

const ORIGIN = 'https://trail.example';

interface KeyRow {
  kid: string;
  use: string;
  privateJwk: JsonWebKey;
  publicJwk: JsonWebKey;
}

async function keyRecords(persistence: MemoryPersistence): Promise<KeyRow[]> {
  const { rows } = await persistence.load();
  return rows.filter((row) => row.table === 'keys').map((row) => JSON.parse(String(row.row.record)) as KeyRow);
}

test('the saved key records hold no private members; the private keys are non-extractable CryptoKeys beside them', async (t) => {
  const persistence = new MemoryPersistence();
  const stack = createBrowserStack({ origin: ORIGIN, base: '/', persistence });
  t.after(() => stack.close());
  await stack.ready;

  const keys = await keyRecords(persistence);
  assert.deepEqual(keys.map((key) => key.use).sort(), ['access', 'id', 'refresh']);
  for (const key of keys) {
    assert.deepEqual(Object.keys(key.privateJwk).sort(), ['e', 'kty', 'n'], `${key.use}: only the public members`);
    for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi'])
      assert.equal(JSON.stringify(key).includes(`"${member}":`), false, `${key.use} record has ${member}`);
    const privateKey = await persistence.getPrivateKey(key.kid);
    assert.ok(privateKey instanceof CryptoKey, `${key.use}: a CryptoKey is kept for ${key.kid}`);
    assert.equal(privateKey.type, 'private');
    assert.equal(privateKey.extractable, false);
    await assert.rejects(crypto.subtle.exportKey('jwk', privateKey), /not extractable/i);
    assert.equal(key.kid, await kidOf(key.publicJwk), 'the kid is the public key’s thumbprint, as on the Node stack');
  }
});

test('tokens signed with a stored key verify, also after the stack is made again from what was saved', async (t) => {
  const persistence = new MemoryPersistence();
  const first = createBrowserStack({ origin: ORIGIN, base: '/', persistence });
  await first.ready;
  const signIn = () =>
    new Request(first.info.userPoolEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth' },
      body: JSON.stringify({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: first.info.userPoolClientId,
        AuthParameters: { USERNAME: 'bob', PASSWORD: 'Bob-demo-1' },
      }),
    });
  const before = (await (await first.handle(signIn()))!.json()) as { AuthenticationResult: { IdToken: string; RefreshToken: string } };
  first.close();

  // A new worker: it loads the records, and the private keys from the vault, not from the records.
  const second = createBrowserStack({ origin: ORIGIN, base: '/', persistence });
  t.after(() => second.close());
  await second.ready;
  const hello = await second.handle(new Request(`${second.info.apis.rest}/hello`, { headers: { authorization: before.AuthenticationResult.IdToken } }));
  assert.equal(hello!.status, 200);
  const refreshed = await second.handle(
    new Request(second.info.userPoolEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth' },
      body: JSON.stringify({
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        ClientId: second.info.userPoolClientId,
        AuthParameters: { REFRESH_TOKEN: before.AuthenticationResult.RefreshToken },
      }),
    }),
  );
  assert.equal(refreshed!.status, 200, 'the refresh token (a JWE) opens with the stored, non-extractable private key');
});

test('a reset forgets the private keys with the records; rotation keeps each new key in the vault', async (t) => {
  const persistence = new MemoryPersistence();
  const stack = createBrowserStack({ origin: ORIGIN, base: '/', persistence });
  t.after(() => stack.close());
  await stack.ready;
  const seeded = (await keyRecords(persistence)).map((key) => key.kid);

  const rotated = await stack.handle(
    new Request(stack.info.rotateKeys, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: ORIGIN },
      body: JSON.stringify({ graceSeconds: 0 }),
    }),
  );
  assert.equal(rotated!.status, 200);
  const { signing } = (await rotated!.json()) as { signing: { kid: string }[] };
  for (const { kid } of signing) assert.equal((await persistence.getPrivateKey(kid))?.extractable, false);
  // A grace of zero drops the old signing keys at once: their private halves go with their records.
  const now = (await keyRecords(persistence)).map((key) => key.kid);
  const dropped = seeded.filter((kid) => !now.includes(kid));
  assert.equal(dropped.length, 2, 'the old ID and access keys are gone');
  for (const kid of dropped) assert.equal(await persistence.getPrivateKey(kid), undefined, `${kid} left with its record`);

  await stack.reset();
  for (const kid of [...seeded, ...signing.map((key) => key.kid)]) assert.equal(await persistence.getPrivateKey(kid), undefined, `${kid} survived the reset`);
  const fresh = await keyRecords(persistence);
  assert.equal(fresh.length, 3);
  for (const key of fresh) assert.equal((await persistence.getPrivateKey(key.kid))?.extractable, false);
});

test('the browser key crypto still uses a record that carries a whole private JWK, as the Node pool writes them', async () => {
  const node = new NodePoolKeyCrypto();
  const pair = await node.generateKeyPair('RS256', kidOf);
  assert.ok(pair.privateJwk.d, 'the Node pool keeps the private JWK (in its 0600 SQLite file)');
  const web = new WebCryptoPoolKeyCrypto();
  const input = new TextEncoder().encode('header.payload');
  const signature = await web.signRs256(pair.kid, pair.privateJwk, input);
  assert.equal(await node.verifyRs256(pair.kid, pair.publicJwk, input, signature), true);
});

test('a kid whose private key is in no vault is refused in words, not with a crash', async () => {
  const web = new WebCryptoPoolKeyCrypto(new MemoryPersistence());
  await assert.rejects(
    web.signRs256('missing-kid', { kty: 'RSA', n: 'AQAB', e: 'AQAB' }, new Uint8Array([1])),
    /The private key missing-kid is not in this browser's key store/,
  );
});
