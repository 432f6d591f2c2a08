import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { Sha256 } from '@aws-crypto/sha256-js';
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  ListUsersCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { SignatureV4 } from '@smithy/signature-v4';
import { awsCli, startTamperingProxy, type AwsCli } from '../helpers/aws-cli.ts';
import { callPool, startUserPool, type TestUserPool } from '../helpers/user-pool.ts';

// Every attack below is a request that AWS would refuse; each test names the
// exact answer: HTTP 400 with Cognito's {"__type", "message"}.

const TARGET = 'AWSCognitoIdentityProviderService.';
const CONTENT_TYPE = 'application/x-amz-json-1.1';

const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
const PAYLOAD_HASH_MISMATCH = "The provided 'x-amz-content-sha256' header does not match what was computed.";
const HOST_NOT_SIGNED = "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.";
const DATE_NOT_SIGNED = "'X-Amz-Date' must be a 'SignedHeader' in the AWS Authorization.";
const TARGET_NOT_SIGNED = "'X-Amz-Target' must be a 'SignedHeader' in the AWS Authorization.";
const HOST_MISMATCH = "The signed 'Host' header does not match the host this request was sent to.";

/** The fixed pool's clock: 2025-11-26 03:40:00 UTC, moved by hand where a test needs it. */
const FIXED_NOW = Date.UTC(2025, 10, 26, 3, 40, 0);
let clock = FIXED_NOW;

/** A pool on the hand-moved clock, for requests signed here at chosen instants. */
let fixed: TestUserPool;
/** A pool on the real clock, for the AWS SDK and the AWS CLI, which sign with the machine's time. */
let live: TestUserPool;

before(async () => {
  fixed = await startUserPool({ now: () => clock });
  live = await startUserPool();
});

after(async () => {
  await fixed.close({ removeData: true });
  await live.close({ removeData: true });
});

interface SignOptions {
  /** The signing instant; the fixed clock's by default. */
  at?: number;
  region?: string;
  service?: string;
  /** Sign `x-amz-content-sha256` as the JS SDK does (the default), or leave it out as botocore does. */
  applyChecksum?: boolean;
  /** Headers to leave out of SignedHeaders although the request carries them. */
  unsigned?: string[];
  /** Headers the signer would skip by default but must sign (user-agent, …). */
  signable?: string[];
  /** More headers to send and sign. */
  extra?: Record<string, string>;
  /** Sign exactly these headers instead of host, content-type and x-amz-target. */
  only?: Record<string, string>;
}

interface WireRequest {
  headers: Record<string, string>;
  body: string;
}

/** A request signed with @smithy/signature-v4, the AWS SDK's own signer. */
async function sign(pool: TestUserPool, operation: string, body: string, options: SignOptions = {}): Promise<WireRequest> {
  const url = new URL(pool.url);
  const headers = options.only ?? { host: url.host, 'content-type': CONTENT_TYPE, 'x-amz-target': TARGET + operation, ...options.extra };
  const signer = new SignatureV4({
    credentials: pool.pool.admin,
    region: options.region ?? 'us-east-1',
    service: options.service ?? 'cognito-idp',
    sha256: Sha256,
    applyChecksum: options.applyChecksum ?? true,
  });
  const signed = await signer.sign(
    { method: 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: '/', query: {}, headers: { ...headers }, body },
    {
      signingDate: new Date(options.at ?? clock),
      unsignableHeaders: options.unsigned ? new Set(options.unsigned) : undefined,
      signableHeaders: options.signable ? new Set(options.signable) : undefined,
    },
  );
  return { headers: { ...(signed.headers as Record<string, string>) }, body };
}

interface Answer {
  status: number;
  json: unknown;
}

/**
 * Sends a request byte for byte as given, Host header included (fetch would
 * pick its own). `target` is the request target: a path, or an absolute URL
 * (RFC 9112 §3.2.2, absolute-form) that names another host than the Host header.
 */
function send(pool: TestUserPool, request: WireRequest, target = '/'): Promise<Answer> {
  const url = new URL(pool.url);
  const body = Buffer.from(request.body, 'utf8');
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      { host: url.hostname, port: url.port, method: 'POST', path: target, headers: { 'content-length': String(body.length), ...request.headers } },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: incoming.statusCode ?? 0, json: text ? JSON.parse(text) : undefined });
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

function refused(type: string, message: string): Answer {
  return { status: 400, json: { __type: type, message } };
}

const invalidSignature = (message: string) => refused('InvalidSignatureException', message);

/** USER_PASSWORD_AUTH through the seeded app client: the proof of what a user's password is. */
async function assertSignsIn(pool: TestUserPool, username: string, password: string) {
  const answer = await callPool(pool.endpoint, 'InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: pool.clientId,
    AuthParameters: { USERNAME: username, PASSWORD: password },
  });
  assert.equal(answer.status, 200, answer.text);
  assert.equal(answer.json!.AuthenticationResult.TokenType, 'Bearer');
}

const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('the signature covers the body as received', () => {
  test('a captured AdminSetUserPassword for bob, replayed with alice in a body of the same length, is refused', async () => {
    const forBob = JSON.stringify({ UserPoolId: fixed.poolId, Username: 'bob', Password: 'Taken-over-123', Permanent: true });
    const forAlice = JSON.stringify({ UserPoolId: fixed.poolId, Username: 'alice', Password: 'Taken-over-1', Permanent: true });
    assert.equal(Buffer.byteLength(forAlice), Buffer.byteLength(forBob), 'the replay keeps the signed Content-Length');

    const captured = await sign(fixed, 'AdminSetUserPassword', forBob);
    assert.match(captured.headers.authorization!, /SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-target,/);

    assert.deepEqual(await send(fixed, { headers: captured.headers, body: forAlice }), invalidSignature(PAYLOAD_HASH_MISMATCH));
    await assertSignsIn(fixed, 'alice', 'Alice-demo-1');

    // The request as it was signed still works: only the tampering is refused.
    assert.deepEqual(await send(fixed, captured), { status: 200, json: {} });
    await assertSignsIn(fixed, 'bob', 'Taken-over-123');
  });

  test('the same replay without x-amz-content-sha256 (as botocore signs) breaks the signature', async () => {
    const forBob = JSON.stringify({ UserPoolId: fixed.poolId, Username: 'bob', Password: 'Taken-over-456', Permanent: true });
    const forAlice = JSON.stringify({ UserPoolId: fixed.poolId, Username: 'alice', Password: 'Taken-over-4', Permanent: true });
    const captured = await sign(fixed, 'AdminSetUserPassword', forBob, { applyChecksum: false });
    assert.match(captured.headers.authorization!, /SignedHeaders=content-type;host;x-amz-date;x-amz-target,/);
    assert.deepEqual(await send(fixed, { headers: captured.headers, body: forAlice }), invalidSignature(SIGNATURE_MISMATCH));
    await assertSignsIn(fixed, 'alice', 'Alice-demo-1');
  });

  test('a signed x-amz-content-sha256 of UNSIGNED-PAYLOAD does not stand in for the body', async () => {
    const body = JSON.stringify({ UserPoolId: fixed.poolId, Username: 'alice', Password: 'Taken-over-789', Permanent: true });
    const request = await sign(fixed, 'AdminSetUserPassword', body, { extra: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } });
    assert.match(request.headers.authorization!, /SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-target,/);
    assert.deepEqual(await send(fixed, request), invalidSignature(PAYLOAD_HASH_MISMATCH));
    await assertSignsIn(fixed, 'alice', 'Alice-demo-1');
  });

  test('an unsigned x-amz-content-sha256 must still match the body', async () => {
    const body = JSON.stringify({ UserPoolId: fixed.poolId, Username: 'alice' });
    const request = await sign(fixed, 'AdminGetUser', body, { applyChecksum: false });
    const wrong = { headers: { ...request.headers, 'x-amz-content-sha256': sha256Hex('') }, body };
    assert.deepEqual(await send(fixed, wrong), invalidSignature(PAYLOAD_HASH_MISMATCH));

    const right = { headers: { ...request.headers, 'x-amz-content-sha256': sha256Hex(body) }, body };
    const answer = await send(fixed, right);
    assert.equal(answer.status, 200);
    assert.equal((answer.json as { Username: string }).Username, 'alice');
  });
});

describe('SignedHeaders: host, x-amz-date and x-amz-target are required, and exactly the listed headers are verified', () => {
  const getAlice = () => JSON.stringify({ UserPoolId: fixed.poolId, Username: 'alice' });

  test('a signature without host is refused', async () => {
    const request = await sign(fixed, 'AdminGetUser', getAlice(), { unsigned: ['host'] });
    assert.match(request.headers.authorization!, /SignedHeaders=content-type;x-amz-content-sha256;x-amz-date;x-amz-target,/);
    assert.deepEqual(await send(fixed, request), invalidSignature(HOST_NOT_SIGNED));
  });

  test('a signature without x-amz-target is refused', async () => {
    const request = await sign(fixed, 'AdminGetUser', getAlice(), { unsigned: ['x-amz-target'] });
    assert.match(request.headers.authorization!, /SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date,/);
    assert.deepEqual(await send(fixed, request), invalidSignature(TARGET_NOT_SIGNED));
  });

  test('a signature without x-amz-date is refused', async () => {
    const request = await sign(fixed, 'AdminGetUser', getAlice(), { unsigned: ['x-amz-date'] });
    assert.match(request.headers.authorization!, /SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-target,/);
    assert.equal(request.headers['x-amz-date'], '20251126T034000Z');
    assert.deepEqual(await send(fixed, request), invalidSignature(DATE_NOT_SIGNED));
  });

  test('a signed host that differs from the host the request was sent to is refused', async () => {
    // Signed for AWS's host, sent to the pool in absolute-form: the Host header
    // is the signed one, the request's own host is the pool's.
    const request = await sign(fixed, 'AdminGetUser', getAlice(), { extra: { host: 'cognito-idp.us-east-1.amazonaws.com' } });
    assert.deepEqual(await send(fixed, request, `${fixed.url}/`), invalidSignature(HOST_MISMATCH));
  });

  test('a header listed in SignedHeaders but absent from the request is refused', async () => {
    const request = await sign(fixed, 'AdminGetUser', getAlice(), { extra: { 'x-trail-note': 'signed' } });
    assert.match(request.headers.authorization!, /SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-target;x-trail-note,/);
    const { 'x-trail-note': _dropped, ...headers } = request.headers;
    assert.deepEqual(
      await send(fixed, { headers, body: request.body }),
      invalidSignature("'x-trail-note' is a 'SignedHeader' in the AWS Authorization, but the request has no such header."),
    );
  });

  test('a SignedHeaders entry that cannot be a header name is refused as absent (a 400, never a 5xx)', async () => {
    const request = await sign(fixed, 'AdminGetUser', getAlice());
    const authorization = request.headers.authorization!.replace('x-amz-target,', 'x-amz-target;x{y},');
    assert.deepEqual(
      await send(fixed, { headers: { ...request.headers, authorization }, body: request.body }),
      invalidSignature("'x{y}' is a 'SignedHeader' in the AWS Authorization, but the request has no such header."),
    );
  });

  test('a signature over only x-amz-content-sha256;x-amz-date cannot be used for another operation', async () => {
    const create = await sign(fixed, 'AdminCreateUser', JSON.stringify({ UserPoolId: fixed.poolId, Username: 'victim', MessageAction: 'SUPPRESS' }));
    assert.equal((await send(fixed, create)).status, 200);

    const body = JSON.stringify({ UserPoolId: fixed.poolId, Username: 'victim' });
    const narrow = await sign(fixed, 'AdminGetUser', body, { only: {} });
    assert.match(narrow.headers.authorization!, /SignedHeaders=x-amz-content-sha256;x-amz-date,/);
    const asDelete = {
      headers: { ...narrow.headers, host: new URL(fixed.url).host, 'content-type': CONTENT_TYPE, 'x-amz-target': `${TARGET}AdminDeleteUser` },
      body,
    };
    assert.deepEqual(await send(fixed, asDelete), invalidSignature(HOST_NOT_SIGNED));

    const still = await send(fixed, await sign(fixed, 'AdminGetUser', body));
    assert.equal(still.status, 200);
    assert.equal((still.json as { Username: string }).Username, 'victim');
  });

  test('botocore’s set, content-type;host;x-amz-date;x-amz-target, is accepted', async () => {
    const request = await sign(fixed, 'AdminGetUser', getAlice(), { applyChecksum: false });
    assert.match(request.headers.authorization!, /SignedHeaders=content-type;host;x-amz-date;x-amz-target,/);
    const answer = await send(fixed, request);
    assert.equal(answer.status, 200);
    assert.equal((answer.json as { Username: string }).Username, 'alice');
  });

  test('headers a signer would skip by default (user-agent) are verified when the client lists them', async () => {
    const request = await sign(fixed, 'AdminGetUser', getAlice(), { extra: { 'user-agent': 'trail-test/1.0' }, signable: ['user-agent'] });
    assert.match(request.headers.authorization!, /SignedHeaders=content-type;host;user-agent;x-amz-content-sha256;x-amz-date;x-amz-target,/);
    const answer = await send(fixed, request);
    assert.equal(answer.status, 200);
    assert.equal((answer.json as { Username: string }).Username, 'alice');

    const changed = { headers: { ...request.headers, 'user-agent': 'trail-test/2.0' }, body: request.body };
    assert.deepEqual(await send(fixed, changed), invalidSignature(SIGNATURE_MISMATCH));
  });
});

describe('the credential scope and the signing date', () => {
  const getAlice = () => JSON.stringify({ UserPoolId: fixed.poolId, Username: 'alice' });

  test('a scope for another region is refused', async () => {
    const request = await sign(fixed, 'AdminGetUser', getAlice(), { region: 'eu-west-1' });
    assert.deepEqual(await send(fixed, request), invalidSignature("Credential should be scoped to a valid region, not 'eu-west-1'. "));
  });

  test('a scope for another service is refused', async () => {
    const request = await sign(fixed, 'AdminGetUser', getAlice(), { service: 'iam' });
    assert.deepEqual(await send(fixed, request), invalidSignature("Credential should be scoped to correct service: 'cognito-idp'. "));
  });

  test('a scope date other than the x-amz-date day is refused', async () => {
    const request = await sign(fixed, 'AdminGetUser', getAlice());
    const authorization = request.headers.authorization!.replace('/20251126/', '/20251125/');
    assert.deepEqual(
      await send(fixed, { headers: { ...request.headers, authorization }, body: request.body }),
      invalidSignature(
        "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20251125' != '20251126', from '20251126T034000Z'.",
      ),
    );
  });

  test('a signature is good for five minutes and expired one second later', async () => {
    const request = await sign(fixed, 'AdminGetUser', getAlice(), { at: FIXED_NOW });
    try {
      clock = FIXED_NOW + 5 * 60_000;
      assert.equal((await send(fixed, request)).status, 200);
      clock = FIXED_NOW + 5 * 60_000 + 1000;
      assert.deepEqual(
        await send(fixed, request),
        invalidSignature('Signature expired: 20251126T034000Z is now earlier than 20251126T034001Z (20251126T034501Z - 5 min.)'),
      );
    } finally {
      clock = FIXED_NOW;
    }
  });

  test('a signature from more than five minutes in the future is refused', async () => {
    const request = await sign(fixed, 'AdminGetUser', getAlice(), { at: FIXED_NOW + 5 * 60_000 + 1000 });
    assert.deepEqual(
      await send(fixed, request),
      invalidSignature('Signature not yet current: 20251126T034501Z is still later than 20251126T034500Z (20251126T034000Z + 5 min.)'),
    );
  });

  test('an x-amz-date not in ISO 8601 basic format is refused', async () => {
    const request = await sign(fixed, 'AdminGetUser', getAlice());
    const malformed = { headers: { ...request.headers, 'x-amz-date': '2025-11-26T03:40:00Z' }, body: request.body };
    assert.deepEqual(
      await send(fixed, malformed),
      refused('IncompleteSignatureException', "Date must be in ISO-8601 'basic format'. Got '2025-11-26T03:40:00Z'. See http://en.wikipedia.org/wiki/ISO_8601"),
    );
  });
});

describe('the AWS SDK for JavaScript v3', () => {
  const clients: CognitoIdentityProviderClient[] = [];
  const client = () => {
    const created = new CognitoIdentityProviderClient({ region: 'us-east-1', endpoint: live.endpoint, credentials: live.pool.admin, maxAttempts: 1 });
    clients.push(created);
    return created;
  };
  after(() => {
    for (const client of clients) client.destroy();
  });

  test('runs admin operations: AdminCreateUser, AdminGetUser, ListUsers, AdminSetUserPassword', async () => {
    const sdk = client();
    const created = await sdk.send(
      new AdminCreateUserCommand({ UserPoolId: live.poolId, Username: 'sdk-dana', TemporaryPassword: 'Temp-pass-123', MessageAction: 'SUPPRESS' }),
    );
    assert.equal(created.User!.Username, 'sdk-dana');
    assert.equal(created.User!.UserStatus, 'FORCE_CHANGE_PASSWORD');
    const got = await sdk.send(new AdminGetUserCommand({ UserPoolId: live.poolId, Username: 'sdk-dana' }));
    assert.equal(got.Username, 'sdk-dana');
    const listed = await sdk.send(new ListUsersCommand({ UserPoolId: live.poolId }));
    assert.deepEqual(
      listed
        .Users!.map((u) => u.Username)
        .filter((name) => name !== 'cli-erin')
        .sort(),
      ['alice', 'bob', 'carol', 'sdk-dana'],
      'the CLI test may have added its own user',
    );
    const set = await sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: live.poolId, Username: 'sdk-dana', Password: 'Sdk-chosen-1', Permanent: true }));
    assert.equal(set.$metadata.httpStatusCode, 200);
    await assertSignsIn(live, 'sdk-dana', 'Sdk-chosen-1');
  });

  test('a request changed after signing (carol’s name swapped for alice’s) is refused', async () => {
    const sdk = client();
    let tampered = 0;
    // Last in the finalizeRequest step, after the SDK's signing middleware.
    sdk.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as { headers: Record<string, string>; body: Uint8Array | string };
        assert.match(request.headers.authorization ?? '', /^AWS4-HMAC-SHA256 Credential=/, 'the request is already signed');
        const text = typeof request.body === 'string' ? request.body : new TextDecoder().decode(request.body);
        request.body = new TextEncoder().encode(text.replace('"carol"', '"alice"'));
        if (text.includes('"carol"')) tampered++;
        return next(args);
      },
      { step: 'finalizeRequest', priority: 'low', name: 'tamperAfterSigning' },
    );
    const refusal = await sdk
      .send(new AdminSetUserPasswordCommand({ UserPoolId: live.poolId, Username: 'carol', Password: 'Taken-over-123', Permanent: true }))
      .then(
        () => assert.fail('the tampered request was accepted'),
        (error: { name: string; message: string; $metadata: { httpStatusCode?: number } }) => error,
      );
    assert.deepEqual(
      { name: refusal.name, message: refusal.message, status: refusal.$metadata.httpStatusCode },
      { name: 'InvalidSignatureException', message: PAYLOAD_HASH_MISMATCH, status: 400 },
    );
    assert.equal(tampered, 1);
    await assertSignsIn(live, 'alice', 'Alice-demo-1');
  });
});

describe('the AWS CLI (Debian awscli, botocore’s signer)', () => {
  // Made in each test rather than in a hook, so that a missing CLI fails every
  // test with the install hint instead of cancelling them.
  let made: AwsCli | undefined;
  const cliFor = () => (made ??= awsCli(live.pool.admin, live.endpoint));
  after(() => made?.close());

  const parse = (stdout: string) => JSON.parse(stdout) as Record<string, any>;

  test('runs admin-create-user, admin-get-user, list-users and admin-set-user-password, and the user signs in with the password it set', async () => {
    const cli = cliFor();
    const created = await cli.run([
      'cognito-idp',
      'admin-create-user',
      '--user-pool-id',
      live.poolId,
      '--username',
      'cli-erin',
      '--temporary-password',
      'Temp-pass-123',
      '--message-action',
      'SUPPRESS',
    ]);
    assert.equal(created.code, 0, created.stderr);
    assert.equal(parse(created.stdout).User.Username, 'cli-erin');
    assert.equal(parse(created.stdout).User.UserStatus, 'FORCE_CHANGE_PASSWORD');

    const got = await cli.run(['cognito-idp', 'admin-get-user', '--user-pool-id', live.poolId, '--username', 'cli-erin']);
    assert.equal(got.code, 0, got.stderr);
    assert.equal(parse(got.stdout).Username, 'cli-erin');

    const listed = await cli.run(['cognito-idp', 'list-users', '--user-pool-id', live.poolId]);
    assert.equal(listed.code, 0, listed.stderr);
    assert.ok(
      (parse(listed.stdout).Users as { Username: string }[]).some((u) => u.Username === 'cli-erin'),
      `list-users names cli-erin: ${listed.stdout}`,
    );

    const set = await cli.run([
      'cognito-idp',
      'admin-set-user-password',
      '--user-pool-id',
      live.poolId,
      '--username',
      'cli-erin',
      '--password',
      'Cli-chosen-1',
      '--permanent',
    ]);
    assert.equal(set.code, 0, set.stderr);
    assert.equal(set.stdout, '');

    const signedIn = await cli.run([
      'cognito-idp',
      'initiate-auth',
      '--client-id',
      live.clientId,
      '--auth-flow',
      'USER_PASSWORD_AUTH',
      '--auth-parameters',
      'USERNAME=cli-erin,PASSWORD=Cli-chosen-1',
    ]);
    assert.equal(signedIn.code, 0, signedIn.stderr);
    assert.equal(parse(signedIn.stdout).AuthenticationResult.TokenType, 'Bearer');
    await assertSignsIn(live, 'cli-erin', 'Cli-chosen-1');
  });

  test('a request changed on its way (a proxy swaps carol’s name for alice’s, same length) is refused', async () => {
    const cli = cliFor();
    const proxy = await startTamperingProxy(live.url, (body) => body.replace('"carol"', '"alice"'));
    try {
      // The proxy itself is transparent: an untouched request goes through it.
      const through = await cli.run(['cognito-idp', 'admin-get-user', '--user-pool-id', live.poolId, '--username', 'bob'], { endpoint: `${proxy.url}/` });
      assert.equal(through.code, 0, through.stderr);
      assert.equal(parse(through.stdout).Username, 'bob');
      assert.equal(proxy.tampered, 0);

      const attack = await cli.run(
        ['cognito-idp', 'admin-set-user-password', '--user-pool-id', live.poolId, '--username', 'carol', '--password', 'Taken-over-123', '--permanent'],
        {
          endpoint: `${proxy.url}/`,
        },
      );
      assert.equal(proxy.tampered, 1);
      assert.equal(attack.code, 254);
      assert.equal(attack.stdout, '');
      // "(reached max retries: 0)": the helper allows the CLI a single attempt.
      assert.equal(
        attack.stderr.trim(),
        `An error occurred (InvalidSignatureException) when calling the AdminSetUserPassword operation (reached max retries: 0): ${SIGNATURE_MISMATCH}`,
      );
    } finally {
      await proxy.close();
    }
    await assertSignsIn(live, 'alice', 'Alice-demo-1');
  });
});
