/**
 * verifySigV4 called directly, each rule with its boundary and AWS's exact
 * words: the Authorization header's shape, the date and its five-minute
 * window, the credential scope, the headers that must be signed, the signed
 * host, the payload hash, and the signature itself. Requests are signed with
 * @smithy/signature-v4, the AWS SDK's own signer. Over the wire, with the
 * AWS SDK and the AWS CLI: sigv4.test.ts.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { verifySigV4 } from '../../src/stack/userpool/sigv4.ts';

const CREDENTIALS = { accessKeyId: 'AKIDUNITTEST0000', secretAccessKey: 'unit-test-secret' };
/** 2025-11-26 03:40:00 UTC */
const NOW = Date.UTC(2025, 10, 26, 3, 40, 0);
const ORIGIN = 'http://127.0.0.1:9400';
const HOST = '127.0.0.1:9400';
const TARGET = 'AWSCognitoIdentityProviderService.AdminGetUser';
const BODY = '{"UserPoolId":"us-east-1_TrailDemo","Username":"alice"}';

interface Signing {
  at?: number;
  region?: string;
  service?: string;
  applyChecksum?: boolean;
  headers?: Record<string, string>;
  unsigned?: string[];
  signable?: string[];
  body?: string;
  path?: string;
  query?: Record<string, string | string[]>;
  credentials?: typeof CREDENTIALS;
}

interface Signed {
  url: string;
  headers: Record<string, string>;
  body: string;
}

async function sign(options: Signing = {}): Promise<Signed> {
  const body = options.body ?? BODY;
  const path = options.path ?? '/';
  const headers = options.headers ?? { host: HOST, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': TARGET };
  const signer = new SignatureV4({
    credentials: options.credentials ?? CREDENTIALS,
    region: options.region ?? 'us-east-1',
    service: options.service ?? 'cognito-idp',
    sha256: Sha256,
    applyChecksum: options.applyChecksum ?? true,
  });
  const query = options.query ?? {};
  const signed = await signer.sign(
    { method: 'POST', protocol: 'http:', hostname: '127.0.0.1', port: 9400, path, query, headers: { ...headers }, body },
    {
      signingDate: new Date(options.at ?? NOW),
      unsignableHeaders: options.unsigned ? new Set(options.unsigned) : undefined,
      signableHeaders: options.signable ? new Set(options.signable) : undefined,
    },
  );
  const search = new URLSearchParams(
    Object.entries(query).flatMap(([key, value]) => (Array.isArray(value) ? value.map((item) => [key, item]) : [[key, value]])),
  ).toString();
  return { url: `${ORIGIN}${path}${search ? `?${search}` : ''}`, headers: { ...(signed.headers as Record<string, string>) }, body };
}

const request = (signed: Signed, changes: { headers?: Record<string, string | null>; url?: string } = {}) => {
  const headers = new Headers();
  for (const [name, value] of Object.entries({ ...signed.headers, ...changes.headers })) if (value !== null) headers.set(name, value);
  return new Request(changes.url ?? signed.url, { method: 'POST', headers, body: signed.body });
};

const verify = (
  signed: Signed,
  options: { changes?: Parameters<typeof request>[1]; body?: string | Uint8Array; now?: number; region?: string; basePath?: string } = {},
) =>
  verifySigV4(request(signed, options.changes), options.body ?? signed.body, CREDENTIALS, options.now ?? NOW, options.region ?? 'us-east-1', options.basePath);

async function refuses(promise: Promise<void>, type: string, message: string) {
  await assert.rejects(promise, (error: Error & { type?: string }) => {
    assert.equal(error.type, type);
    assert.equal(error.message, message);
    return true;
  });
}

const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
const authorizationOf = (signed: Signed) => signed.headers.authorization!;
const withAuthorization = (_signed: Signed, authorization: string) => ({ changes: { headers: { authorization } } });

describe('accepted', () => {
  test('as the JS SDK signs (x-amz-content-sha256 signed) and as botocore signs (without it)', async () => {
    await verify(await sign());
    await verify(await sign({ applyChecksum: false }));
  });

  test('the body as bytes or as its UTF-8 text', async () => {
    const signed = await sign({ body: '{"Username":"zoë"}' });
    await verify(signed, { body: new TextEncoder().encode('{"Username":"zoë"}') });
    await verify(signed, { body: '{"Username":"zoë"}' });
  });

  test('the parameters in any order, with spaces and empty parts', async () => {
    const signed = await sign();
    const match = /^AWS4-HMAC-SHA256 Credential=(\S+), SignedHeaders=(\S+), Signature=(\S+)$/.exec(authorizationOf(signed))!;
    const [, credential, signedHeaders, signature] = match;
    for (const authorization of [
      `AWS4-HMAC-SHA256 Signature=${signature}, Credential=${credential}, SignedHeaders=${signedHeaders}`,
      `AWS4-HMAC-SHA256 Credential=${credential},SignedHeaders=${signedHeaders},Signature=${signature}`,
      `AWS4-HMAC-SHA256  Credential=${credential}, , SignedHeaders=${signedHeaders}, Extra=ignored, Signature=${signature},`,
    ]) {
      await verify(signed, withAuthorization(signed, authorization));
    }
  });

  test('a repeated query parameter keeps every value', async () => {
    await verify(await sign({ query: { a: ['1', '2'], b: '3' } }));
    const single = await sign({ query: { a: '1' } });
    await refuses(verify(single, { changes: { url: `${ORIGIN}/?a=1&a=2` } }), 'InvalidSignatureException', SIGNATURE_MISMATCH);
  });

  test('the signed host is compared without regard to case', async () => {
    await verify(await sign({ headers: { host: '127.0.0.1:9400'.toUpperCase(), 'x-amz-target': TARGET } }));
    const named = await sign({ headers: { host: 'LocalHost:9400', 'x-amz-target': TARGET } });
    await verify(named, { changes: { url: 'http://localhost:9400/' } });
  });

  test("a pool served under a path (the in-browser stack's) verifies the path the client signed, not the path it is handed", async () => {
    const signed = await sign({ path: '/_stack/cognito/' });
    const rebased = { changes: { url: `${ORIGIN}/` } };
    await verify(signed, { ...rebased, basePath: '/_stack/cognito' });
    await refuses(verify(signed, rebased), 'InvalidSignatureException', SIGNATURE_MISMATCH);
    await refuses(verify(signed, { ...rebased, basePath: '/elsewhere' }), 'InvalidSignatureException', SIGNATURE_MISMATCH);
  });

  test('headers a signer would skip (user-agent) are verified when listed', async () => {
    const signed = await sign({ headers: { host: HOST, 'x-amz-target': TARGET, 'user-agent': 'botocore/1.0' }, signable: ['user-agent'] });
    assert.match(authorizationOf(signed), /SignedHeaders=[^,]*user-agent/);
    await verify(signed);
    await refuses(verify(signed, { changes: { headers: { 'user-agent': 'other/2.0' } } }), 'InvalidSignatureException', SIGNATURE_MISMATCH);
  });
});

describe('the Authorization header', () => {
  test('none, or not SigV4: no authentication at all', async () => {
    const signed = await sign();
    for (const authorization of [null, '', 'Bearer eyJ.x.y', 'AWS4HMAC-SHA256 Credential=x', 'aws4-hmac-sha256 Credential=x']) {
      await refuses(verify(signed, { changes: { headers: { authorization } } }), 'MissingAuthenticationTokenException', 'Missing Authentication Token');
    }
  });

  test('missing parameters, each named, and the header echoed', async () => {
    const signed = await sign();
    await refuses(
      verify(signed, withAuthorization(signed, 'AWS4-HMAC-SHA256')),
      'IncompleteSignatureException',
      "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization=AWS4-HMAC-SHA256",
    );
    const noSignature = authorizationOf(signed).replace(/, Signature=\w+/, '');
    await refuses(
      verify(signed, withAuthorization(signed, noSignature)),
      'IncompleteSignatureException',
      `Authorization header requires 'Signature' parameter. Authorization=${noSignature}`,
    );
    const noCredential = authorizationOf(signed).replace(/Credential=\S+, /, '');
    await refuses(
      verify(signed, withAuthorization(signed, noCredential)),
      'IncompleteSignatureException',
      `Authorization header requires 'Credential' parameter. Authorization=${noCredential}`,
    );
    const noHeaders = authorizationOf(signed).replace(/SignedHeaders=\S+, /, '');
    await refuses(
      verify(signed, withAuthorization(signed, noHeaders)),
      'IncompleteSignatureException',
      `Authorization header requires 'SignedHeaders' parameter. Authorization=${noHeaders}`,
    );
  });

  test('no date at all is named too; a Date header alone is not enough here', async () => {
    const signed = await sign();
    await refuses(
      verify(signed, { changes: { headers: { 'x-amz-date': null } } }),
      'IncompleteSignatureException',
      `Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=${authorizationOf(signed)}`,
    );
    await refuses(
      verify(signed, { changes: { headers: { 'x-amz-date': null, date: 'Wed, 26 Nov 2025 03:40:00 GMT' } } }),
      'InvalidSignatureException',
      "'X-Amz-Date' must be a 'SignedHeader' in the AWS Authorization.",
    );
  });

  test('a part without an equal sign', async () => {
    const signed = await sign();
    const authorization = `${authorizationOf(signed)}, Oops`;
    await refuses(
      verify(signed, withAuthorization(signed, authorization)),
      'IncompleteSignatureException',
      `'Oops' not a valid key=value pair (missing equal-sign) in Authorization header: '${authorization}'.`,
    );
  });

  test('another algorithm', async () => {
    const signed = await sign();
    const authorization = authorizationOf(signed).replace('AWS4-HMAC-SHA256', 'AWS4-ECDSA-P256-SHA256');
    await refuses(
      verify(signed, withAuthorization(signed, authorization)),
      'IncompleteSignatureException',
      "Unsupported AWS 'algorithm': 'AWS4-ECDSA-P256-SHA256' (only AWS4-HMAC-SHA256 for now). ",
    );
  });

  test('client text in a message is cut at 512 characters', async () => {
    const signed = await sign();
    const long = 'A'.repeat(600);
    const authorization = authorizationOf(signed).replace(/Credential=[^,]+/, `Credential=${long}`);
    await refuses(
      verify(signed, withAuthorization(signed, authorization)),
      'IncompleteSignatureException',
      `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${'A'.repeat(512)}…'`,
    );
    const exact = 'B'.repeat(512);
    await refuses(
      verify(signed, withAuthorization(signed, authorization.replace(long, exact))),
      'IncompleteSignatureException',
      `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${exact}'`,
    );
  });
});

describe('the date', () => {
  test('ISO 8601 basic format, and a real instant', async () => {
    const signed = await sign();
    for (const date of [
      '2025-11-26T03:40:00Z',
      '20251126T034000',
      '20251131T034000Z',
      '20251126T246000Z',
      '20251126T034000.000Z',
      'x20251126T034000Z',
      '20251126T034000Zx',
    ]) {
      await refuses(
        verify(signed, { changes: { headers: { 'x-amz-date': date } } }),
        'IncompleteSignatureException',
        `Date must be in ISO-8601 'basic format'. Got '${date}'. See http://en.wikipedia.org/wiki/ISO_8601`,
      );
    }
  });

  test('good for five minutes either side of the pool’s clock, and not a millisecond more', async () => {
    const signed = await sign();
    await verify(signed, { now: NOW + 300_000 });
    await verify(signed, { now: NOW - 300_000 });
    await refuses(
      verify(signed, { now: NOW + 300_001 }),
      'InvalidSignatureException',
      'Signature expired: 20251126T034000Z is now earlier than 20251126T034000Z (20251126T034500Z - 5 min.)',
    );
    await refuses(
      verify(signed, { now: NOW + 301_000 }),
      'InvalidSignatureException',
      'Signature expired: 20251126T034000Z is now earlier than 20251126T034001Z (20251126T034501Z - 5 min.)',
    );
    await refuses(
      verify(signed, { now: NOW - 300_001 }),
      'InvalidSignatureException',
      'Signature not yet current: 20251126T034000Z is still later than 20251126T033959Z (20251126T033459Z + 5 min.)',
    );
    await refuses(
      verify(signed, { now: NOW - 301_000 }),
      'InvalidSignatureException',
      'Signature not yet current: 20251126T034000Z is still later than 20251126T033959Z (20251126T033459Z + 5 min.)',
    );
  });
});

describe('the credential scope', () => {
  test('five elements', async () => {
    const signed = await sign();
    const credential = /Credential=([^,]+)/.exec(authorizationOf(signed))![1]!;
    for (const bad of [`${credential}/extra`, credential.replace('/aws4_request', '')]) {
      await refuses(
        verify(signed, withAuthorization(signed, authorizationOf(signed).replace(credential, bad))),
        'IncompleteSignatureException',
        `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${bad}'`,
      );
    }
  });

  test('this region, cognito-idp, aws4_request and the x-amz-date day, each named, all together', async () => {
    await refuses(verify(await sign({ region: 'eu-west-1' })), 'InvalidSignatureException', "Credential should be scoped to a valid region, not 'eu-west-1'. ");
    await verify(await sign({ region: 'eu-west-1' }), { region: 'eu-west-1' });
    await refuses(verify(await sign({ service: 'iam' })), 'InvalidSignatureException', "Credential should be scoped to correct service: 'cognito-idp'. ");
    const signed = await sign();
    const credential = /Credential=([^,]+)/.exec(authorizationOf(signed))![1]!;
    await refuses(
      verify(signed, withAuthorization(signed, authorizationOf(signed).replace(credential, credential.replace('aws4_request', 'aws4_request2')))),
      'InvalidSignatureException',
      "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws4_request2'. ",
    );
    await refuses(
      verify(signed, withAuthorization(signed, authorizationOf(signed).replace('/20251126/', '/20251125/'))),
      'InvalidSignatureException',
      "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20251125' != '20251126', from '20251126T034000Z'.",
    );
    const everything = `${CREDENTIALS.accessKeyId}/20251125/eu-west-1/iam/aws4`;
    await refuses(
      verify(signed, withAuthorization(signed, authorizationOf(signed).replace(credential, everything))),
      'InvalidSignatureException',
      "Credential should be scoped to a valid region, not 'eu-west-1'. Credential should be scoped to correct service: 'cognito-idp'. Credential should be scoped with a valid terminator: 'aws4_request', not 'aws4'. Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20251125' != '20251126', from '20251126T034000Z'.",
    );
  });

  test('another access key is not recognized', async () => {
    const signed = await sign({ credentials: { accessKeyId: 'AKIDUNITTEST0001', secretAccessKey: CREDENTIALS.secretAccessKey } });
    await refuses(verify(signed), 'UnrecognizedClientException', 'The security token included in the request is invalid.');
    const prefix = await sign({ credentials: { accessKeyId: 'AKIDUNITTEST000', secretAccessKey: CREDENTIALS.secretAccessKey } });
    await refuses(verify(prefix), 'UnrecognizedClientException', 'The security token included in the request is invalid.');
  });
});

describe('SignedHeaders', () => {
  test('host, x-amz-date and x-amz-target must be signed', async () => {
    await refuses(
      verify(await sign({ unsigned: ['host'] })),
      'InvalidSignatureException',
      "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
    );
    await refuses(
      verify(await sign({ unsigned: ['x-amz-target'] })),
      'InvalidSignatureException',
      "'X-Amz-Target' must be a 'SignedHeader' in the AWS Authorization.",
    );
    const signed = await sign();
    const withoutDate = authorizationOf(signed).replace('x-amz-date;', '');
    await refuses(
      verify(signed, withAuthorization(signed, withoutDate)),
      'InvalidSignatureException',
      "'X-Amz-Date' must be a 'SignedHeader' in the AWS Authorization.",
    );
  });

  test('the host rule comes before the algorithm and the scope', async () => {
    const signed = await sign({ unsigned: ['host'] });
    const authorization = authorizationOf(signed).replace('AWS4-HMAC-SHA256', 'AWS4-X').replace('/us-east-1/', '/eu-west-1/');
    await refuses(
      verify(signed, withAuthorization(signed, authorization)),
      'InvalidSignatureException',
      "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
    );
  });

  test('authorization and date can never be verified, so they cannot be listed', async () => {
    const signed = await sign();
    for (const name of ['date', 'authorization']) {
      const authorization = authorizationOf(signed).replace('SignedHeaders=', `SignedHeaders=${name};`);
      await refuses(
        verify(signed, { changes: { headers: { authorization, date: 'Wed, 26 Nov 2025 03:40:00 GMT' } } }),
        'InvalidSignatureException',
        `'${name}' cannot be a 'SignedHeader' in the AWS Authorization of this user pool.`,
      );
    }
  });

  test('a listed header the request lacks, or a name no header can have', async () => {
    const signed = await sign();
    for (const name of ['x-custom', 'bad header', 'x(y)']) {
      const authorization = authorizationOf(signed).replace('SignedHeaders=', `SignedHeaders=${name};`);
      await refuses(
        verify(signed, withAuthorization(signed, authorization)),
        'InvalidSignatureException',
        `'${name}' is a 'SignedHeader' in the AWS Authorization, but the request has no such header.`,
      );
    }
  });

  test('the list must be exactly the canonical one the signature covers', async () => {
    const signed = await sign();
    const upper = authorizationOf(signed).replace(/SignedHeaders=([^,]+)/, (_, list: string) => `SignedHeaders=${list.replace('host', 'Host')}`);
    await refuses(verify(signed, withAuthorization(signed, upper)), 'InvalidSignatureException', SIGNATURE_MISMATCH);
    const unsorted = authorizationOf(signed).replace(/SignedHeaders=([^,]+)/, (_, list: string) => `SignedHeaders=${list.split(';').reverse().join(';')}`);
    await refuses(verify(signed, withAuthorization(signed, unsorted)), 'InvalidSignatureException', SIGNATURE_MISMATCH);
    const twice = authorizationOf(signed).replace('SignedHeaders=', 'SignedHeaders=host;');
    await refuses(verify(signed, withAuthorization(signed, twice)), 'InvalidSignatureException', SIGNATURE_MISMATCH);
  });

  test('the signed host must be the host the request was sent to', async () => {
    const signed = await sign();
    await refuses(
      verify(signed, { changes: { url: 'http://127.0.0.1:9401/' } }),
      'InvalidSignatureException',
      "The signed 'Host' header does not match the host this request was sent to.",
    );
  });

  test("a request without a Host header, as a browser's fetch hands one to a Service Worker, is verified against the host of its URL", async () => {
    const signed = await sign();
    await verify(signed, { changes: { headers: { host: null } } });
    // Signed for one host, sent to another: the canonical request names the other host, and the signature does not match.
    await refuses(verify(signed, { changes: { headers: { host: null }, url: 'http://127.0.0.1:9401/' } }), 'InvalidSignatureException', SIGNATURE_MISMATCH);
    // Host must still be signed.
    await refuses(
      verify(await sign({ unsigned: ['host'] }), { changes: { headers: { host: null } } }),
      'InvalidSignatureException',
      "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
    );
  });
});

describe('the payload and the signature', () => {
  const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

  test('a claimed payload hash must be the body’s, signed or not', async () => {
    const message = "The provided 'x-amz-content-sha256' header does not match what was computed.";
    const signed = await sign();
    await refuses(verify(signed, { body: BODY.replace('alice', 'bobby') }), 'InvalidSignatureException', message);
    const unsignedPayload = await sign({ headers: { host: HOST, 'x-amz-target': TARGET, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } });
    await refuses(verify(unsignedPayload), 'InvalidSignatureException', message);
    const botocore = await sign({ applyChecksum: false });
    await refuses(verify(botocore, { changes: { headers: { 'x-amz-content-sha256': sha256Hex('{}') } } }), 'InvalidSignatureException', message);
    await verify(botocore, { changes: { headers: { 'x-amz-content-sha256': sha256Hex(BODY) } } });
  });

  test('without a claimed hash, a changed body breaks the signature', async () => {
    const signed = await sign({ applyChecksum: false });
    await refuses(verify(signed, { body: BODY.replace('alice', 'bobby') }), 'InvalidSignatureException', SIGNATURE_MISMATCH);
  });

  test('another secret, path, operation or signature is refused', async () => {
    const otherSecret = await sign({ credentials: { accessKeyId: CREDENTIALS.accessKeyId, secretAccessKey: 'another-secret' } });
    await refuses(verify(otherSecret), 'InvalidSignatureException', SIGNATURE_MISMATCH);
    const signed = await sign();
    await refuses(verify(signed, { changes: { url: `${ORIGIN}/other` } }), 'InvalidSignatureException', SIGNATURE_MISMATCH);
    await refuses(
      verify(signed, { changes: { headers: { 'x-amz-target': 'AWSCognitoIdentityProviderService.AdminDeleteUser' } } }),
      'InvalidSignatureException',
      SIGNATURE_MISMATCH,
    );
    const flipped = authorizationOf(signed).replace(/Signature=(\w)/, (_, first: string) => `Signature=${first === '0' ? '1' : '0'}`);
    await refuses(verify(signed, withAuthorization(signed, flipped)), 'InvalidSignatureException', SIGNATURE_MISMATCH);
    const short = authorizationOf(signed).slice(0, -1);
    await refuses(verify(signed, withAuthorization(signed, short)), 'InvalidSignatureException', SIGNATURE_MISMATCH);
  });
});
