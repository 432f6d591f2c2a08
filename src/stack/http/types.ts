/** What a handler may know about the client beyond the Request itself. */
export interface ClientInfo {
  remoteAddress: string;
}

export type FetchHandler = (request: Request, client: ClientInfo) => Response | Promise<Response>;

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

/** Local-only endpoints (traces, mailbox, key rotation) answer loopback clients only. */
export function isLoopback(client: ClientInfo): boolean {
  return LOOPBACK.test(client.remoteAddress);
}
