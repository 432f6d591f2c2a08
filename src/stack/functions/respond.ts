/**
 * A Lambda proxy response with a JSON body. A REST API passes a proxy
 * integration's answer through untouched, so the function itself must send the
 * CORS headers a browser on another origin needs (an HTTP API replaces them
 * with its own configuration).
 */
export interface ProxyResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'x-amzn-RequestId,x-amz-apigw-id,apigw-requestid',
};

export function json(statusCode: number, body: unknown): ProxyResult {
  return {
    statusCode,
    headers: { 'Content-Type': 'application/json', ...CORS_HEADERS },
    body: JSON.stringify(body),
  };
}
