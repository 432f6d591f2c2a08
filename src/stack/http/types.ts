/** What a handler may know about the client beyond the Request itself. */
export interface ClientInfo {
  remoteAddress: string;
  /**
   * Header names and values as received (name, value, name, value, …). The
   * Fetch API lower-cases names; a REST API hands Lambda the client's spelling.
   */
  rawHeaders?: readonly string[];
}

export type FetchHandler = (request: Request, client: ClientInfo) => Response | Promise<Response>;

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

/** Local-only endpoints (traces, mailbox, key rotation) answer loopback clients only. */
export function isLoopback(client: ClientInfo): boolean {
  return LOOPBACK.test(client.remoteAddress);
}
