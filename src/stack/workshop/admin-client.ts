import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AdminCredentials } from '../userpool/sigv4.ts';

/** A Cognito error as the pool answered it: `__type` and `message` (AWS JSON 1.1). */
export class AdminCallError extends Error {
  readonly type: string;
  readonly status: number;
  constructor(type: string, message: string, status: number) {
    super(message);
    this.type = type;
    this.status = status;
  }
}

export interface AdminClient {
  call<T = Record<string, unknown>>(operation: string, input: Record<string, unknown>): Promise<T>;
}

/**
 * Cognito's admin operations over HTTP, signed with Signature Version 4 as
 * every AWS SDK signs them
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html),
 * by the same signer the pool verifies with (@smithy/signature-v4). The
 * facilitator's API holds the stack's admin credentials and calls the pool
 * as any administrator would; the pool checks the signature as it checks
 * the AWS CLI's.
 */
export function sigV4AdminClient(options: { endpoint: () => string; region: string; credentials: AdminCredentials; fetch?: typeof fetch }): AdminClient {
  const signer = new SignatureV4({ credentials: options.credentials, region: options.region, service: 'cognito-idp', sha256: Sha256, uriEscapePath: true });
  const send = options.fetch ?? fetch;
  return {
    async call<T>(operation: string, input: Record<string, unknown>): Promise<T> {
      const url = new URL(options.endpoint());
      const body = JSON.stringify(input);
      const signed = await signer.sign({
        method: 'POST',
        protocol: url.protocol,
        hostname: url.hostname,
        port: url.port ? Number(url.port) : undefined,
        path: url.pathname,
        headers: { host: url.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${operation}` },
        body,
      });
      // The Fetch API writes Host from the URL itself, the same value as was signed.
      const headers = Object.fromEntries(Object.entries(signed.headers).filter(([name]) => name.toLowerCase() !== 'host'));
      const response = await send(url, { method: 'POST', headers, body });
      const text = await response.text();
      const parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      if (!response.ok) {
        const type = String(parsed.__type ?? 'UnknownError')
          .split('#')
          .pop()!;
        throw new AdminCallError(type, String(parsed.message ?? response.statusText), response.status);
      }
      return parsed as T;
    },
  };
}
