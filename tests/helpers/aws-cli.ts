import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Debian's `awscli` package (AWS CLI v2, botocore's signer) installs it here; `.ci/run` installs it. */
export const AWS_CLI_PATH = '/usr/bin/aws';

export interface AwsCliResult {
  /** The CLI's exit status: 0 on success, 254 when the service answered with an error. */
  code: number;
  stdout: string;
  stderr: string;
}

export interface AwsCli {
  /** Runs `aws <args> --endpoint-url <endpoint> --output json --no-cli-pager`; never rejects on a non-zero exit. */
  run(args: readonly string[], options?: { endpoint?: string }): Promise<AwsCliResult>;
  /** Removes the CLI's temporary home and configuration files. */
  close(): void;
}

/**
 * Fails, never skips, when the CLI is missing: the tests that need it must not
 * pass silently on a machine without it.
 */
export function assertAwsCliInstalled(): void {
  if (!existsSync(AWS_CLI_PATH)) {
    throw new Error(`The AWS CLI is not installed at ${AWS_CLI_PATH}. Install Debian's package: sudo apt-get install awscli`);
  }
}

/**
 * The AWS CLI with these credentials and nothing of the machine's own
 * configuration: a clean environment, a temporary HOME, and empty config and
 * credentials files, so a developer's profiles, SSO sessions or instance
 * metadata can never leak into a test.
 */
export function awsCli(credentials: { accessKeyId: string; secretAccessKey: string }, endpoint: string): AwsCli {
  assertAwsCliInstalled();
  const home = mkdtempSync(join(tmpdir(), 'token-trail-aws-cli-'));
  const configFile = join(home, 'config');
  const credentialsFile = join(home, 'credentials');
  writeFileSync(configFile, '');
  writeFileSync(credentialsFile, '');
  const env = {
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: configFile,
    AWS_SHARED_CREDENTIALS_FILE: credentialsFile,
    // One attempt: a refused request must show the pool's answer, not a retry's.
    AWS_MAX_ATTEMPTS: '1',
    HOME: home,
  };
  return {
    run(args, options = {}) {
      const argv = [...args, '--endpoint-url', options.endpoint ?? endpoint, '--output', 'json', '--no-cli-pager'];
      return new Promise((resolve, reject) => {
        execFile(AWS_CLI_PATH, argv, { env, timeout: 120_000, maxBuffer: 4 * 1024 * 1024 }, (error, stdout, stderr) => {
          if (error && typeof error.code !== 'number') {
            reject(new Error(`could not run ${AWS_CLI_PATH} ${argv.join(' ')}: ${error.message}`));
            return;
          }
          resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
        });
      });
    },
    close() {
      rmSync(home, { recursive: true, force: true });
    },
  };
}

export interface TamperingProxy {
  /** Base URL of the proxy, e.g. `http://127.0.0.1:40123`; give it to the client as its endpoint. */
  url: string;
  /** How many request bodies the tamper function actually changed. */
  readonly tampered: number;
  close(): Promise<void>;
}

/**
 * A loopback HTTP proxy that forwards every request to `target` with the same
 * method, path and headers (the Host header included, so the signed host
 * still matches), after passing the body through `tamper`. A tamper that
 * changes the body's length is refused, so that only the body's content, never
 * its framing, differs from what the client signed.
 */
export async function startTamperingProxy(target: string, tamper: (body: string) => string): Promise<TamperingProxy> {
  const upstream = new URL(target);
  let tampered = 0;
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const original = Buffer.concat(chunks);
      const changed = Buffer.from(tamper(original.toString('utf8')), 'utf8');
      if (changed.length !== original.length) {
        outgoing
          .writeHead(500, { 'content-type': 'text/plain' })
          .end(`tampering proxy: the tamper changed the body's length (${original.length} -> ${changed.length} bytes)`);
        return;
      }
      if (!changed.equals(original)) tampered++;
      const headers: IncomingHttpHeaders = { ...incoming.headers };
      const forward = httpRequest({ host: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url, headers }, (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      });
      forward.on('error', (error) => outgoing.writeHead(502, { 'content-type': 'text/plain' }).end(`tampering proxy: ${error.message}`));
      forward.end(changed);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get tampered() {
      return tampered;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
