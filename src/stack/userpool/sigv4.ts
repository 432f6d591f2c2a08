import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { CognitoError } from './errors.ts';
import { constantTimeEqual } from './constant-time.ts';

export interface AdminCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** The signing name of Cognito user pools: the service part of every credential scope. */
const SERVICE = 'cognito-idp';
const ALGORITHM = 'AWS4-HMAC-SHA256';
const TERMINATOR = 'aws4_request';
/** ISO 8601 basic format, the only one SigV4 takes for x-amz-date. */
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
/** AWS accepts signatures up to five minutes away from its clock. */
const MAX_SKEW_MS = 5 * 60_000;
/**
 * Headers the signer (@smithy/signature-v4) can never put into a canonical
 * request: `prepareRequest` deletes `authorization` and `date` before signing.
 * A client listing them is refused rather than verified against a canonical
 * request that would lack them.
 */
const UNVERIFIABLE_HEADERS = new Set(['authorization', 'date']);
/** A header field name: an RFC 9110 §5.6.2 token, lower-cased. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9a-z-]+$/;
/** Never echo more of an Authorization header than this into an error message. */
const MAX_ECHO = 512;

// The wordings below are AWS's own, in the exact form its JSON-protocol
// services (Cognito among them) answer with; AWS documents the signature,
// credential scope and expiry ones at
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-troubleshooting.html.
// Messages marked "ours" have no AWS counterpart we could find.
const invalid = (message: string) => new CognitoError('InvalidSignatureException', message);
const incomplete = (message: string) => new CognitoError('IncompleteSignatureException', message);
const missingToken = () => new CognitoError('MissingAuthenticationTokenException', 'Missing Authentication Token');
const badSignature = () =>
  invalid(
    'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
  );
const hostNotSigned = () => invalid("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
/** For x-amz-date and x-amz-target, the shape of AWS's message for an unsigned host (ours). */
const mustBeSigned = (header: string) => invalid(`'${header}' must be a 'SignedHeader' in the AWS Authorization.`);
/** Amazon S3's wording for the same check (XAmzContentSHA256Mismatch); the other services document none. */
const payloadHashMismatch = () => invalid("The provided 'x-amz-content-sha256' header does not match what was computed.");

/**
 * Verifies an admin request's AWS Signature Version 4 as AWS does
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html):
 * rebuild the canonical request from exactly the headers the client lists in
 * SignedHeaders and from the body as received, sign it with the secret of the
 * claimed access key, and compare. The signing itself is @smithy/signature-v4,
 * the AWS SDK for JavaScript's own signer.
 *
 * Beyond the signature, a request must sign `host`, `x-amz-date` and
 * `x-amz-target` (so a signature cannot be moved to another host, time or
 * operation), its signed host must be the host it was sent to, its credential
 * scope must name this pool's region and `cognito-idp` on the x-amz-date's
 * day, and that date must lie within five minutes of the pool's clock.
 *
 * `body` is the request body as received. Given as a string, it is hashed as
 * its UTF-8 encoding; given as bytes, as those bytes. `basePath` is the path
 * the pool is served under, which the client's URL had in front of the
 * request's path ('' when the pool has a server of its own; the in-browser
 * stack serves it at `<base>_stack/cognito` and hands it requests rebased to
 * `/`): the signature covers the path the client sent.
 */
export async function verifySigV4(
  request: Request,
  body: string | Uint8Array,
  credentials: AdminCredentials,
  now: number,
  region: string,
  basePath = '',
): Promise<void> {
  const authorization = request.headers.get('authorization');
  // Anything but a SigV4 header (a bearer token, say) is no authentication at all for AWS.
  if (!authorization?.startsWith('AWS4-')) throw missingToken();
  const auth = parseAuthorization(authorization);
  const amzDate = request.headers.get('x-amz-date');
  const dated = amzDate !== null || request.headers.has('date');
  if (auth.credential === undefined || auth.signature === undefined || auth.signedHeaders === undefined || !dated) {
    throw incomplete(
      [
        auth.credential === undefined ? "Authorization header requires 'Credential' parameter. " : '',
        auth.signature === undefined ? "Authorization header requires 'Signature' parameter. " : '',
        auth.signedHeaders === undefined ? "Authorization header requires 'SignedHeaders' parameter. " : '',
        dated ? '' : "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ",
        `Authorization=${echo(authorization)}`,
      ].join(''),
    );
  }
  // SigV4 lets a client date its request with `Date` alone, but @smithy/signature-v4
  // always signs an x-amz-date, so this pool requires one (ours).
  if (amzDate === null) throw mustBeSigned('X-Amz-Date');

  // The date and its window first, as AWS checks them.
  const signingDate = parseAmzDate(amzDate);
  if (!signingDate) throw incomplete(`Date must be in ISO-8601 'basic format'. Got '${echo(amzDate)}'. See http://en.wikipedia.org/wiki/ISO_8601`);
  if (signingDate.getTime() < now - MAX_SKEW_MS) {
    throw invalid(`Signature expired: ${amzDate} is now earlier than ${basicFormat(now - MAX_SKEW_MS)} (${basicFormat(now)} - 5 min.)`);
  }
  if (signingDate.getTime() > now + MAX_SKEW_MS) {
    throw invalid(`Signature not yet current: ${amzDate} is still later than ${basicFormat(now + MAX_SKEW_MS)} (${basicFormat(now)} + 5 min.)`);
  }

  // "The host header must be included as a signed header"
  // (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html).
  const signedHeaders = auth.signedHeaders.split(';');
  const listed = new Set(signedHeaders.map((name) => name.toLowerCase()));
  if (!listed.has('host')) throw hostNotSigned();

  if (auth.algorithm !== ALGORITHM) throw incomplete(`Unsupported AWS 'algorithm': '${echo(auth.algorithm)}' (only ${ALGORITHM} for now). `);
  const scope = auth.credential.split('/');
  if (scope.length !== 5) {
    throw incomplete(`Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${echo(auth.credential)}'`);
  }
  const [accessKeyId, scopeDate, scopeRegion, scopeService, terminator] = scope as [string, string, string, string, string];
  // A signature is only good for the region, service and day it names, so a
  // signature made for another AWS service or region cannot be replayed here.
  const scopeErrors = [
    scopeRegion === region ? '' : `Credential should be scoped to a valid region, not '${echo(scopeRegion)}'. `,
    scopeService === SERVICE ? '' : `Credential should be scoped to correct service: '${SERVICE}'. `,
    terminator === TERMINATOR ? '' : `Credential should be scoped with a valid terminator: '${TERMINATOR}', not '${echo(terminator)}'. `,
    scopeDate === amzDate.slice(0, 8)
      ? ''
      : `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${echo(scopeDate)}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`,
  ].join('');
  if (scopeErrors) throw invalid(scopeErrors);
  if (!constantTimeEqual(accessKeyId, credentials.accessKeyId)) {
    throw new CognitoError('UnrecognizedClientException', 'The security token included in the request is invalid.');
  }

  // "If you include a date or x-amz-date header, you must also include that
  // header in the list of signed headers" (create-signed-request.html, above);
  // x-amz-target names the operation, which the signature must pin (ours).
  if (!listed.has('x-amz-date')) throw mustBeSigned('X-Amz-Date');
  if (!listed.has('x-amz-target')) throw mustBeSigned('X-Amz-Target');
  for (const name of listed) {
    if (UNVERIFIABLE_HEADERS.has(name)) throw invalid(`'${echo(name)}' cannot be a 'SignedHeader' in the AWS Authorization of this user pool.`); // ours
  }
  // A listed header the request lacks is not a header with an empty value:
  // the client signed something this request does not carry (ours).
  const url = new URL(request.url);
  const headers: Record<string, string> = Object.create(null);
  for (const name of listed) {
    // A name that is no RFC 9110 §5.1 token cannot be a header (and Headers.get would throw on it).
    const value = HEADER_NAME.test(name) ? (request.headers.get(name) ?? (name === 'host' ? hiddenHost(url) : null)) : null;
    if (value === null) throw invalid(`'${echo(name)}' is a 'SignedHeader' in the AWS Authorization, but the request has no such header.`);
    headers[name] = value;
  }

  // The Host header is what the client signed; the request's own host is
  // where it was sent (they differ when the request target is in absolute-form,
  // RFC 9112 §3.2.2). A signature must not be usable for another host (ours).
  if (headers.host!.toLowerCase() !== url.host) throw invalid("The signed 'Host' header does not match the host this request was sent to.");

  // The payload hash is always computed from the body as received; a client's
  // x-amz-content-sha256 is only a claim about it, which must be true
  // (https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html).
  const payloadHash = toHex(await sha256(body));
  const claimedHash = request.headers.get('x-amz-content-sha256');
  if (claimedHash !== null && !constantTimeEqual(claimedHash, payloadHash)) throw payloadHashMismatch();

  // @smithy/signature-v4 builds the canonical request from the headers it is
  // given, except that it drops `date` and `authorization` (refused above),
  // skips headers such as `user-agent` unless they are `signableHeaders`, adds
  // `x-amz-date` (which we require anyway, with the same value, see
  // parseAmzDate) and, unless `applyChecksum` is false, adds and signs
  // `x-amz-content-sha256`. With no `x-amz-content-sha256` among the headers
  // it hashes `body` itself, which equals `payloadHash`; with one, it uses that
  // header, which was just checked to equal `payloadHash`.
  // uriEscapePath: every service but S3 URI-encodes each path segment twice
  // (create-signed-request.html, above).
  const signer = new SignatureV4({ credentials, region, service: SERVICE, sha256: Sha256, uriEscapePath: true, applyChecksum: false });
  const signed = await signer.sign(
    {
      method: request.method,
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      path: `${basePath}${url.pathname}`,
      query: queryOf(url),
      headers,
      body,
    },
    { signingDate, signingRegion: region, signingService: SERVICE, signableHeaders: listed },
  );
  const ours = /SignedHeaders=([^,]*), Signature=([0-9a-f]{64})$/.exec(String(signed.headers.authorization));
  // The canonical request must cover exactly the client's SignedHeaders, in
  // the client's spelling: a list that is not lower-case, sorted and free of
  // duplicates (as the canonical form requires) cannot have produced this
  // signature either.
  if (!ours || ours[1] !== auth.signedHeaders) throw badSignature();
  if (!constantTimeEqual(ours[2]!, auth.signature)) throw badSignature();
}

/**
 * The Host of a request that carries none. Node's server refuses an HTTP/1.1
 * request without Host, so on Node the header is always there. A browser's
 * Fetch API never shows it (Host is a forbidden header name: the browser
 * writes it from the URL as the request leaves), so the stack in a Service
 * Worker sees requests without one: there the host the client signed is the
 * URL's, which the check above still compares with the signed value and the
 * signature covers.
 */
function hiddenHost(url: URL): string {
  return url.host;
}

interface Authorization {
  algorithm: string;
  credential?: string;
  signedHeaders?: string;
  signature?: string;
}

/** `AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`, its parameters in any order. */
function parseAuthorization(header: string): Authorization {
  const space = header.indexOf(' ');
  const algorithm = space === -1 ? header : header.slice(0, space);
  const parsed: Authorization = { algorithm };
  if (space === -1) return parsed;
  for (const part of header.slice(space + 1).split(',')) {
    const pair = part.trim();
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    if (equals === -1) throw incomplete(`'${echo(pair)}' not a valid key=value pair (missing equal-sign) in Authorization header: '${echo(header)}'.`);
    const key = pair.slice(0, equals);
    const value = pair.slice(equals + 1);
    if (key === 'Credential') parsed.credential = value;
    else if (key === 'SignedHeaders') parsed.signedHeaders = value;
    else if (key === 'Signature') parsed.signature = value;
  }
  return parsed;
}

/**
 * The instant an x-amz-date names, or undefined unless it is a real instant in
 * ISO 8601 basic format. The signer writes x-amz-date back from this instant,
 * so only a value that survives the round trip may be signed with it.
 */
function parseAmzDate(value: string): Date | undefined {
  const match = AMZ_DATE.exec(value);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second] = match.map(Number) as number[];
  const date = new Date(Date.UTC(year!, month! - 1, day!, hour!, minute!, second!));
  return basicFormat(date.getTime()) === value ? date : undefined;
}

function basicFormat(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** The query with repeated keys kept, as the canonical query string needs them all. */
function queryOf(url: URL): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = Object.create(null);
  for (const [key, value] of url.searchParams) {
    const existing = query[key];
    query[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return query;
}

async function sha256(data: string | Uint8Array): Promise<Uint8Array> {
  const hash = new Sha256();
  hash.update(data);
  return hash.digest();
}

function toHex(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/** Client text echoed into an error message, capped. */
function echo(text: string): string {
  return text.length > MAX_ECHO ? `${text.slice(0, MAX_ECHO)}…` : text;
}
