import { decodeBase64url } from '../authorizer/bytes.ts';
import { describe, invalidHeader, isPlainObject, statusCode, type ProxyMapping } from './proxy-response-v1.ts';

/**
 * Turns a function's answer into HTTP for an HTTP API, payload format 2.0
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html#http-api-develop-integrations-lambda.response).
 * Without a `statusCode` the whole answer is the body of a
 * 200 JSON response; with one, it is read as `{statusCode, headers, cookies,
 * body, isBase64Encoded}`, and a base64 body is decoded.
 */
export function mapHttpProxyResponse(payload: unknown): ProxyMapping {
  if (!isPlainObject(payload) || payload.statusCode === undefined) {
    const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
    return { ok: true, response: { status: 200, headers: [['content-type', 'application/json']], body } };
  }
  const status = statusCode(payload.statusCode);
  if (status === undefined) return malformed(`statusCode ${JSON.stringify(payload.statusCode)} is not an HTTP status`);
  const { headers, cookies, body, isBase64Encoded } = payload;
  if (headers !== undefined && headers !== null && !isPlainObject(headers)) return malformed('headers is not an object');
  if (cookies !== undefined && cookies !== null && !(Array.isArray(cookies) && cookies.every((cookie) => typeof cookie === 'string'))) {
    return malformed('cookies is not a list of strings');
  }
  if (body !== undefined && body !== null && typeof body !== 'string') return malformed(`body is ${describe(body)}, not a string`);

  const mapped: Array<[string, string]> = [];
  for (const [name, value] of Object.entries((headers as Record<string, unknown> | null) ?? {})) {
    if (value !== null && value !== undefined) mapped.push([name, String(value)]);
  }
  for (const cookie of (cookies as string[] | null) ?? []) mapped.push(['set-cookie', cookie]);
  const problem = invalidHeader(mapped);
  if (problem) return malformed(problem);
  const text = (body as string | null | undefined) ?? '';
  if (isBase64Encoded !== true) return { ok: true, response: { status, headers: mapped, body: text } };
  if (!BASE64.test(text)) return malformed('isBase64Encoded is true but body is not base64');
  const bytes = decodeBase64url(text.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''));
  return { ok: true, response: { status, headers: mapped, body: bytes } };
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function malformed(problem: string): ProxyMapping {
  return { ok: false, problem: `Malformed Lambda response: ${problem}` };
}
