/**
 * A plain HTTP/1.1 client over one keep-alive connection, built on node:http.
 *
 * fetch normalises what a fuzzer wants to send as is (`..` in paths, header
 * spelling) and hides which connection a request went over. Here the path
 * goes out verbatim, headers go out as given (repeats included), and all
 * requests share one connection whenever the server keeps it open, so that
 * `probe` can tell whether a case left the connection usable for the next
 * request.
 */
import { Agent, request as httpRequest } from 'node:http';

export interface WireRequest {
  method: string;
  /** Sent verbatim: no normalisation, no encoding. */
  path: string;
  /** Name and value pairs, in order; a name may repeat. */
  headers: Array<[string, string]>;
  body?: Uint8Array;
  /** Send the body in three chunks with Transfer-Encoding: chunked instead of a Content-Length. */
  chunked?: boolean;
}

export interface WireAnswer {
  status: number;
  headers: Headers;
  body: Uint8Array;
  /** The body as UTF-8 text. */
  text: string;
}

const ANSWER_TIMEOUT_MS = 20_000;

export class WireClient {
  readonly #agent = new Agent({ keepAlive: true, maxSockets: 1 });
  readonly #host: string;
  readonly #port: number;

  constructor(baseUrl: string) {
    const url = new URL(baseUrl);
    this.#host = url.hostname;
    this.#port = Number(url.port);
  }

  send(request: WireRequest): Promise<WireAnswer> {
    return new Promise((resolve, reject) => {
      const body = request.body ?? new Uint8Array();
      // With headers as a list, node:http adds no Host: the client's own goes first.
      const headers = [
        ...(request.headers.some(([name]) => name.toLowerCase() === 'host') ? [] : ['host', `${this.#host}:${this.#port}`]),
        ...request.headers.flat(),
      ];
      // The framing is explicit: node:http would send a GET's or a DELETE's body unframed.
      if (request.chunked) headers.push('transfer-encoding', 'chunked');
      else if (body.length > 0 || !['GET', 'HEAD'].includes(request.method)) headers.push('content-length', String(body.length));
      const outgoing = httpRequest(
        { agent: this.#agent, host: this.#host, port: this.#port, method: request.method, path: request.path, headers },
        (incoming) => {
          const responseHeaders = new Headers();
          try {
            for (let i = 0; i + 1 < incoming.rawHeaders.length; i += 2) responseHeaders.append(incoming.rawHeaders[i]!, incoming.rawHeaders[i + 1]!);
          } catch (error) {
            // A header no fetch client would accept.
            incoming.destroy();
            reject(new Error(`the answer has a header a Fetch client refuses: ${(error as Error).message}`));
            return;
          }
          if (/text\/event-stream/i.test(incoming.headers['content-type'] ?? '')) {
            // A stream that never ends (the gateway's /_trace/stream): its status and headers are the answer.
            incoming.destroy();
            resolve({ status: incoming.statusCode ?? 0, headers: responseHeaders, body: new Uint8Array(), text: '' });
            return;
          }
          const chunks: Buffer[] = [];
          incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
          incoming.on('error', reject);
          incoming.on('close', () => {
            if (!incoming.complete) reject(new Error('the answer was cut short: the connection closed before its end'));
          });
          incoming.on('end', () => {
            const bytes = Buffer.concat(chunks);
            resolve({ status: incoming.statusCode ?? 0, headers: responseHeaders, body: new Uint8Array(bytes), text: bytes.toString('utf8') });
          });
        },
      );
      outgoing.on('error', reject);
      // No answer at all is a failure too; no case legitimately takes this long.
      outgoing.setTimeout(ANSWER_TIMEOUT_MS, () => outgoing.destroy(new Error(`no answer within ${ANSWER_TIMEOUT_MS} ms`)));
      if (request.chunked && body.length > 0) {
        const size = Math.ceil(body.length / 3);
        for (let offset = 0; offset < body.length; offset += size) outgoing.write(body.subarray(offset, offset + size));
      } else if (body.length > 0) {
        outgoing.write(body);
      }
      outgoing.end();
    });
  }

  /**
   * Whether the connection the last request left behind still carries a
   * request: undefined if it does (or the server closed it properly, with
   * `Connection: close`, and a new one was opened), else what went wrong.
   */
  async probe(request: WireRequest): Promise<string | undefined> {
    try {
      await this.send(request);
      return undefined;
    } catch (error) {
      return `the next request on the same keep-alive connection got no answer (${(error as Error).message})`;
    }
  }

  close(): void {
    this.#agent.destroy();
  }
}
