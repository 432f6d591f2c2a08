import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import QRCode from 'qrcode';
import { NODE_STACK_DEFAULTS } from '../src/lib/stack-urls.ts';
import { FACILITATOR_TOKEN_FILE } from '../src/stack/stack.ts';
import { addressProblem, formatChecks, machineFacts, preflight } from './lib/preflight.ts';
import { runSiteAndStack } from './lib/site-and-stack.ts';

const USAGE = `Usage: npm run workshop -- --host <address> [options]

Serves the tutorial and the demo stack to a room: participants open the join
URL (or scan its QR code); the facilitator's console takes the token printed
once at start.

Options:
  --host ADDR          this machine's address on the room's network (required;
                       every other command serves this machine only)
  --check              check Node, dependencies, the address, the ports and
                       the disk, then stop; exits 1 if anything is missing
  --data DIR           data folder (default: .data)
  --site-port N        the site's port (default: 4321)
  --userpool-port N    the user pool's port (default: ${NODE_STACK_DEFAULTS.userPoolPort})
  --gateway-port N     the gateway's port (default: ${NODE_STACK_DEFAULTS.gatewayPort})
  --reset              start over from the seed
  -h, --help           show this help`;

function port(value: string, name: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65_535) throw new Error(`--${name} must be a port number, not "${value}".`);
  return n;
}

async function main(): Promise<number | undefined> {
  const { values } = parseArgs({
    options: {
      host: { type: 'string' },
      check: { type: 'boolean', default: false },
      data: { type: 'string', default: '.data' },
      'site-port': { type: 'string', default: '4321' },
      'userpool-port': { type: 'string', default: String(NODE_STACK_DEFAULTS.userPoolPort) },
      'gateway-port': { type: 'string', default: String(NODE_STACK_DEFAULTS.gatewayPort) },
      reset: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const host = values.host;
  if (host === undefined) {
    const addresses = machineFacts.addresses().filter((address) => !address.startsWith('fe80:'));
    console.error(`--host is required: the address participants will reach, one of this machine's (${addresses.join(', ')}).\n\n${USAGE}`);
    return 2;
  }
  const ports = {
    site: port(values['site-port'], 'site-port'),
    userPool: port(values['userpool-port'], 'userpool-port'),
    gateway: port(values['gateway-port'], 'gateway-port'),
  };
  const dataDir = resolve(values.data);

  const checks = await preflight({ host, ports, dataDir });
  const failed = checks.filter((check) => !check.ok);
  if (values.check) {
    console.log(`Pre-flight for a workshop at ${host}:\n${formatChecks(checks)}\n`);
    console.log(
      failed.length === 0
        ? `Ready: npm run workshop -- --host ${host}`
        : `${failed.length} ${failed.length === 1 ? 'check' : 'checks'} failed: fix ${failed.length === 1 ? 'it' : 'them'} before the room arrives.`,
    );
    return failed.length === 0 ? 0 : 1;
  }
  if (failed.length > 0) {
    console.error(`Not starting: ${formatChecks(failed).trimStart()}`);
    return 1;
  }
  if (addressProblem(host, machineFacts)) return 1;

  const bare = host.replace(/^\[(.*)\]$/, '$1');
  await runSiteAndStack({
    dataDir,
    host: bare,
    sitePort: ports.site,
    base: '/',
    stackArgs: ['--workshop', '--userpool-port', String(ports.userPool), '--gateway-port', String(ports.gateway), ...(values.reset ? ['--reset'] : [])],
    ready(siteUrl, _info, seconds) {
      const joinUrl = `${siteUrl}/workshop/join/`;
      // Read once, printed once: the stack wrote it to a file only this user can read.
      const token = readFileSync(join(dataDir, FACILITATOR_TOKEN_FILE), 'utf8').trim();
      void QRCode.toString(joinUrl, { type: 'terminal', small: true, errorCorrectionLevel: 'M' }).then((qr) => {
        console.log(
          [
            '',
            `Token Trail workshop is ready (site built in ${seconds} s).`,
            '',
            `  Participants join at   ${joinUrl}`,
            '',
            qr,
            `  Facilitator console    ${siteUrl}/workshop/console/`,
            `  Facilitator token      ${token}`,
            '',
            '  The token is shown this once. Paste it into the console; never put it in a URL.',
            `  Revoking it in the console writes a new one to ${join(dataDir, FACILITATOR_TOKEN_FILE)}.`,
            '  Traffic is plain HTTP: use a network you trust. Ctrl-C stops everything.',
            '',
          ].join('\n'),
        );
      });
    },
  });
  return undefined;
}

main().then(
  (code) => {
    if (code !== undefined) process.exit(code);
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) console.error(`\n${USAGE}`);
    process.exit(2);
  },
);
