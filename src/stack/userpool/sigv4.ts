import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { CognitoError } from './errors.ts';
import { constantTimeEqual } from './context.ts';

export interface AdminCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

const AUTHORIZATION = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
/** AWS accepts signatures up to five minutes away from its clock. */
const MAX_SKEW_MS = 5 * 60_000;

const missingToken = () => new CognitoError('MissingAuthenticationTokenException', 'Missing Authentication Token');
const badSignature = () =>
  new CognitoError(
    'InvalidSignatureException',
    'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
  );

/**
 * Checks an admin request's AWS Signature Version 4 the way AWS does: sign the
 * same canonical request with the secret of the claimed access key, and
 * compare. The signing itself is @smithy/signature-v4, the SDK's own signer.
 */
export async function verifySigV4(request: Request, body: string, credentials: AdminCredentials, now: number): Promise<void> {
  const authorization = request.headers.get('authorization');
  if (!authorization) throw missingToken();
  const match = AUTHORIZATION.exec(authorization);
  if (!match) throw new CognitoError('IncompleteSignatureException', `Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters. Authorization=${authorization.slice(0, 40)}`);
  const [, accessKeyId, scopeDate, region, service, signedHeaders, signature] = match as unknown as string[];
  if (!constantTimeEqual(accessKeyId!, credentials.accessKeyId)) {
    throw new CognitoError('UnrecognizedClientException', 'The security token included in the request is invalid.');
  }

  const amzDate = request.headers.get('x-amz-date') ?? '';
  const date = AMZ_DATE.exec(amzDate);
  if (!date || !amzDate.startsWith(scopeDate!)) throw badSignature();
  const signingDate = new Date(Date.UTC(+date[1]!, +date[2]! - 1, +date[3]!, +date[4]!, +date[5]!, +date[6]!));
  if (Math.abs(signingDate.getTime() - now) > MAX_SKEW_MS) {
    const ours = new Date(now).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
    throw new CognitoError('InvalidSignatureException', `Signature expired: ${amzDate} is now earlier than ${ours} (${ours} - 5 min.)`);
  }

  const url = new URL(request.url);
  const headers: Record<string, string> = {};
  for (const name of signedHeaders!.split(';')) headers[name] = request.headers.get(name) ?? '';
  const signer = new SignatureV4({ credentials, region: region!, service: service!, sha256: Sha256, uriEscapePath: true });
  const signed = await signer.sign(
    {
      method: request.method,
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
      body,
    },
    { signingDate, signingRegion: region, signingService: service },
  );
  const expected = /Signature=([0-9a-f]{64})/.exec(String(signed.headers.authorization))?.[1] ?? '';
  if (!constantTimeEqual(expected, signature!)) throw badSignature();
}
