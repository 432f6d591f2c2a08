import { CognitoError, serialization } from './errors.ts';
import type { Input } from './input.ts';
import { readCapped } from '../http/read-capped.ts';
import { fromUtf8 } from '../../lib/bytes.ts';

const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';
export const CONTENT_TYPE = 'application/x-amz-json-1.1';
export const MAX_BODY_BYTES = 256 * 1024;
const MAX_HEADER_MESSAGE = 1024;

export interface AwsJsonRequest {
  operation: string;
  input: Input;
  /** The body as received: SigV4 signs these exact bytes. */
  body: Uint8Array;
}

/**
 * Reads an AWS JSON 1.1 request: the operation from `X-Amz-Target`, the body
 * as JSON whatever the content type says. Every malformation is a
 * CognitoError, answered with a 400.
 */
export async function readAwsJsonRequest(request: Request): Promise<AwsJsonRequest> {
  const target = request.headers.get('x-amz-target') ?? '';
  if (!target.startsWith(TARGET_PREFIX)) {
    throw new CognitoError('UnknownOperationException', target ? `Unknown operation ${target.slice(0, 100)}` : 'The X-Amz-Target header is missing.');
  }
  const body = await readBytes(request, MAX_BODY_BYTES);
  let text: string;
  try {
    text = fromUtf8(body);
  } catch {
    throw serialization('The request body is not valid UTF-8.');
  }
  let input: unknown;
  try {
    input = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    throw serialization('The request body is not valid JSON.');
  }
  if (input === null || typeof input !== 'object' || Array.isArray(input))
    throw serialization('Start of structure or map expected: the request body must be a JSON object.');
  return { operation: target.slice(TARGET_PREFIX.length), input: input as Input, body };
}

/**
 * A body past the limit, refused before it was read to the end: the rest of
 * it is still on the connection, so the answer closes it rather than let the
 * client send its next request into the leftovers.
 */
export class BodyTooLargeError extends CognitoError {
  constructor(message: string) {
    super('InvalidParameterException', message);
  }
}

/** The body's bytes, refusing more than `limit` without reading them all. */
async function readBytes(request: Request, limit: number): Promise<Uint8Array> {
  const tooLarge = () => new BodyTooLargeError(`The request body exceeds the maximum size of ${limit} bytes.`);
  const declared = request.headers.get('content-length');
  if (declared !== null) {
    // The HTTP parser holds the body to its declared length, so reading it whole is safe.
    if (Number(declared) > limit) throw tooLarge();
    return new Uint8Array(await request.arrayBuffer());
  }
  const bytes = await readCapped(request.body, limit);
  if (bytes === undefined) throw tooLarge();
  return bytes;
}

export function awsJsonResponse(output: unknown, requestId: string, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(output ?? {}), {
    status: 200,
    headers: { 'content-type': CONTENT_TYPE, 'x-amzn-requestid': requestId, ...headers },
  });
}

/** Cognito's error shape. `__type` repeats the header's type because browsers may not expose headers to the client. */
export function awsJsonError(error: CognitoError, requestId: string, status = 400, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ __type: error.type, message: error.message }), {
    status,
    headers: {
      'content-type': CONTENT_TYPE,
      'x-amzn-requestid': requestId,
      'x-amzn-errortype': `${error.type}:`,
      // Header values must be printable ASCII; the body keeps the exact text.
      // A header the size of a long message would pass what clients read (16 KiB in Node).
      'x-amzn-errormessage': error.message.replace(/[^\x20-\x7e]/g, '?').slice(0, MAX_HEADER_MESSAGE),
      ...headers,
    },
  });
}
