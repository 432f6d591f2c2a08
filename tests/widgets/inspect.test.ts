import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { CompactEncrypt, generateKeyPair, SignJWT } from 'jose';
import { encodeBase64url } from '../../src/lib/jwt/base64url.ts';
import { inspectToken, type FindingCode } from '../../src/lib/jwt/inspect.ts';

// The lenient decoder: decodes what it can and names every problem.
let jws: string;

before(async () => {
  const { privateKey } = await generateKeyPair('RS256');
  jws = await new SignJWT({ sub: 'abc', token_use: 'id' })
    .setProtectedHeader({ alg: 'RS256', kid: 'key-1' })
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(privateKey);
});

const codes = (input: string): FindingCode[] => inspectToken(input).findings.map((finding) => finding.code);
const part = (value: unknown) => encodeBase64url(JSON.stringify(value));

describe('inspectToken', () => {
  test('a well-formed signed token decodes with no findings', () => {
    const inspected = inspectToken(jws);
    assert.equal(inspected.form, 'jws');
    assert.deepEqual(
      inspected.parts.map((p) => p.role),
      ['header', 'payload', 'signature'],
    );
    assert.deepEqual(inspected.header, { alg: 'RS256', kid: 'key-1' });
    assert.equal(inspected.payload?.sub, 'abc');
    assert.equal(inspected.signatureBytes, 256);
    assert.deepEqual(inspected.findings, []);
  });

  test('quotes, "Authorization: Bearer" and line breaks around or inside a pasted token are removed and reported', () => {
    const pasted = `"Authorization: Bearer ${jws.slice(0, 40)}\n  ${jws.slice(40)}"`;
    const inspected = inspectToken(pasted);
    assert.equal(inspected.token, jws);
    assert.deepEqual(codes(pasted), ['cleaned']);
    assert.match(inspected.findings[0]!.message, /quotes.*Bearer.*line breaks/s);
  });

  test('empty input', () => {
    assert.deepEqual(codes('   '), ['empty']);
  });

  test('a wrong number of segments is named, and what can be decoded still is', () => {
    const [header, payload] = jws.split('.');
    assert.deepEqual(codes('opaque-refresh-token'), ['segments']);
    const two = inspectToken(`${header}.${payload}`);
    assert.deepEqual(
      two.findings.map((f) => f.code),
      ['segments'],
    );
    assert.match(two.findings[0]!.message, /two parts/);
    assert.equal(two.payload?.sub, 'abc');
    const four = inspectToken(`${jws}.extra`);
    assert.equal(four.parts[3]!.role, 'extra');
    assert.match(four.findings[0]!.message, /four parts/);
    assert.match(inspectToken(`${jws}.a.b.c`).findings[0]!.message, /6 parts/);
  });

  test('a five-part token is recognised as encrypted (JWE), its protected header decoded', async () => {
    const { publicKey } = await generateKeyPair('RSA-OAEP');
    const jwe = await new CompactEncrypt(new TextEncoder().encode('secret'))
      .setProtectedHeader({ alg: 'RSA-OAEP', enc: 'A256GCM', cty: 'JWT' })
      .encrypt(publicKey);
    const inspected = inspectToken(jwe);
    assert.equal(inspected.form, 'jwe');
    assert.deepEqual(
      inspected.parts.map((p) => p.role),
      ['header', 'encrypted-key', 'iv', 'ciphertext', 'tag'],
    );
    assert.deepEqual(inspected.header, { alg: 'RSA-OAEP', enc: 'A256GCM', cty: 'JWT' });
    assert.equal(inspected.payload, undefined);
    assert.deepEqual(codes(jwe), ['jwe']);
    assert.match(inspected.findings[0]!.message, /encrypted.*A256GCM.*refresh tokens/s);
  });

  test('a character outside base64url is named with its position, and the other parts still decode', () => {
    const [header, payload, signature] = jws.split('.');
    const broken = inspectToken(`${header}.${payload!.slice(0, 5)}!${payload!.slice(6)}.${signature}`);
    assert.equal(broken.header?.alg, 'RS256');
    assert.deepEqual(
      broken.findings.map((f) => [f.code, f.part]),
      [['alphabet', 'payload']],
    );
    assert.match(broken.findings[0]!.message, /"!" at position 6/);
  });

  test('a length no base64url can have is named', () => {
    const [header, payload, signature] = jws.split('.');
    const cut = `${header}.${payload}.${signature!.slice(0, 4 * 10 + 1)}`;
    assert.deepEqual(codes(cut), ['length']);
    assert.match(inspectToken(cut).findings[0]!.message, /41 characters long/);
  });

  test('standard base64 (+, / and = padding) decodes, with a warning', () => {
    const header = btoa(JSON.stringify({ alg: 'RS256', kid: 'k?>' })); // "?>" encodes to "/" and "+" characters
    const inspected = inspectToken(`${header}.${part({ sub: 'x' })}.c2ln`);
    assert.equal(inspected.header?.kid, 'k?>');
    assert.deepEqual(
      inspected.findings.map((f) => [f.code, f.part]),
      [['non-url-safe', 'header']],
    );
  });

  test('bytes that are not UTF-8, text that is not JSON, and JSON that is not an object are each explained', () => {
    const notUtf8 = encodeBase64url(new Uint8Array([0xff, 0xfe, 0xfd]));
    assert.deepEqual(codes(`${notUtf8}.${part({})}.c2ln`).slice(0, 1), ['utf8']);
    const notJson = inspectToken(`${encodeBase64url('{"alg": RS256}')}.${part({})}.c2ln`);
    assert.equal(notJson.headerText, '{"alg": RS256}');
    assert.equal(notJson.findings[0]!.code, 'json');
    assert.match(notJson.findings[0]!.message, /not JSON \(.+\)/);
    assert.equal(inspectToken(`${part({ alg: 'RS256', kid: 'k' })}.${part([1, 2])}.c2ln`).findings[0]!.code, 'not-object');
  });

  test('alg none in any spelling, with no signature, is flagged', () => {
    for (const alg of ['none', 'None', 'NONE', 'nOnE']) {
      assert.deepEqual(codes(`${part({ alg })}.${part({ sub: 'x' })}.`), ['alg-none', 'no-signature'], alg);
    }
  });

  test('an HMAC algorithm, a missing kid and a crit header are flagged', () => {
    assert.deepEqual(codes(`${part({ alg: 'HS256' })}.${part({})}.c2ln`), ['alg-hmac', 'no-kid']);
    assert.deepEqual(codes(`${part({ alg: 'RS256', kid: 'k', crit: ['exp'] })}.${part({})}.c2ln`), ['crit']);
  });
});
