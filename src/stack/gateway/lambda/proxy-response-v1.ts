/**
 * Checks a function's answer against the Lambda proxy response format (REST
 * API, payload 1.0) and turns it into HTTP, following what AWS was recorded
 * doing: unknown keys, a non-numeric status code or a
 * multi-value header that is not a list are malformed (502); a missing status
 * code is 200; header values are stringified; multi-value headers come first
 * and their spelling wins; a base64 body is passed on as it is, since the API
 * declares no binary media types.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html#api-gateway-simple-proxy-for-lambda-output-format
 */
export interface MappedResponse {
  status: number;
  headers: Array<[string, string]>;
  body: string | Uint8Array<ArrayBuffer>;
}

export type ProxyMapping = { ok: true; response: MappedResponse } | { ok: false; problem: string };

const KEYS = new Set(['statusCode', 'headers', 'multiValueHeaders', 'body', 'isBase64Encoded']);

// API Gateway keeps these for itself and passes the function's as x-amzn-Remapped-*.
const REMAPPED = new Set(['connection', 'content-length', 'date', 'server']);

export function mapRestProxyResponse(payload: unknown): ProxyMapping {
  if (!isPlainObject(payload)) return malformed(`the result is ${describe(payload)}, not an object`);
  const unknown = Object.keys(payload).find((key) => !KEYS.has(key));
  if (unknown !== undefined) return malformed(`unknown key ${JSON.stringify(unknown)}`);

  const status = statusCode(payload.statusCode);
  if (status === undefined) return malformed(`statusCode ${JSON.stringify(payload.statusCode)} is not an HTTP status`);

  const { headers, multiValueHeaders, body, isBase64Encoded } = payload;
  if (headers !== undefined && headers !== null && !isPlainObject(headers)) return malformed('headers is not an object');
  if (multiValueHeaders !== undefined && multiValueHeaders !== null) {
    if (!isPlainObject(multiValueHeaders)) return malformed('multiValueHeaders is not an object');
    const notList = Object.entries(multiValueHeaders).find(([, values]) => !Array.isArray(values));
    if (notList) return malformed(`multiValueHeaders ${JSON.stringify(notList[0])} is not a list`);
  }
  if (body !== undefined && body !== null && typeof body !== 'string') return malformed(`body is ${describe(body)}, not a string`);
  if (isBase64Encoded !== undefined && isBase64Encoded !== null && typeof isBase64Encoded !== 'boolean') {
    return malformed('isBase64Encoded is not a boolean');
  }

  // name in lower case -> [spelling, values]
  const merged = new Map<string, [string, string[]]>();
  const add = (name: string, value: unknown) => {
    if (value === null || value === undefined) return;
    const entry = merged.get(name.toLowerCase());
    if (entry) entry[1].push(String(value));
    else merged.set(name.toLowerCase(), [name, [String(value)]]);
  };
  for (const [name, values] of Object.entries((multiValueHeaders as Record<string, unknown[]> | null) ?? {})) {
    for (const value of values) add(name, value);
  }
  for (const [name, value] of Object.entries((headers as Record<string, unknown> | null) ?? {})) add(name, value);
  if (!merged.has('content-type')) merged.set('content-type', ['Content-Type', ['application/json']]);

  const mapped: Array<[string, string]> = [];
  for (const [lower, [name, values]] of merged) {
    mapped.push([REMAPPED.has(lower) ? `x-amzn-Remapped-${name}` : name, values.join(', ')]);
  }
  const problem = invalidHeader(mapped);
  if (problem) return malformed(problem);
  return { ok: true, response: { status, headers: mapped, body: (body as string | null | undefined) ?? '' } };
}

/** An integer status, or a string of digits; absent means 200. Informational (1xx) codes cannot end a response. */
export function statusCode(value: unknown): number | undefined {
  if (value === undefined || value === null) return 200;
  const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof number === 'number' && Number.isInteger(number) && number >= 200 && number <= 599 ? number : undefined;
}

/** Why these headers cannot be sent (a name or value HTTP forbids), or undefined. */
export function invalidHeader(headers: Array<[string, string]>): string | undefined {
  try {
    new Headers(headers);
    return undefined;
  } catch {
    return 'a header name or value is not valid HTTP';
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function malformed(problem: string): ProxyMapping {
  return { ok: false, problem: `Malformed Lambda proxy response: ${problem}` };
}
