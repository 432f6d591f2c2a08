/**
 * Records what Amplify sends to the user pool and what comes back, so the
 * reader sees every byte of the exchange. Amplify looks up the global fetch
 * at each call, so wrapping it for the duration of one action is enough; the
 * wrapper only watches, it changes nothing.
 */
export interface Exchange {
  /** The Cognito operation, from `x-amz-target`. */
  operation: string;
  url: string;
  requestHeaders: Record<string, string>;
  requestBody: string;
  status: number;
  responseHeaders: [string, string][];
  responseBody: string;
  ms: number;
}

const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';

export async function recordingExchanges<T>(onExchange: (exchange: Exchange) => void, action: () => Promise<T>): Promise<T> {
  const original = globalThis.fetch;
  globalThis.fetch = async (input, init) => {
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    const target = headers.get('x-amz-target');
    if (!target?.startsWith(TARGET_PREFIX)) return original(input, init);
    const started = performance.now();
    const response = await original(input, init);
    // Read a copy before Amplify reads the original, so exchanges arrive in order.
    const responseBody = await response.clone().text();
    onExchange({
      operation: target.slice(TARGET_PREFIX.length),
      url: input instanceof Request ? input.url : String(input),
      requestHeaders: Object.fromEntries(headers),
      requestBody: typeof init?.body === 'string' ? init.body : '',
      status: response.status,
      responseHeaders: [...response.headers],
      responseBody,
      ms: performance.now() - started,
    });
    return response;
  };
  try {
    return await action();
  } finally {
    globalThis.fetch = original;
  }
}
