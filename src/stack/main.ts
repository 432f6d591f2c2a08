import { parseArgs } from 'node:util';
import { NODE_STACK_DEFAULTS } from '../lib/stack-urls.ts';
import { startStack } from './stack.ts';

const { host: DEFAULT_HOST, userPoolPort: DEFAULT_USER_POOL_PORT, gatewayPort: DEFAULT_GATEWAY_PORT } = NODE_STACK_DEFAULTS;

const USAGE = `Usage: npm run stack -- [options]

Runs the local demo stack: a Cognito-compatible user pool and an API Gateway
with Lambda handlers. When ready it writes <data>/stack.json.

Options:
  --data DIR            data folder (default: .data)
  --host ADDR           address to listen on (default: ${DEFAULT_HOST})
  --userpool-port N     user pool port (default: ${DEFAULT_USER_POOL_PORT}; 0 picks a free one)
  --gateway-port N      API gateway port (default: ${DEFAULT_GATEWAY_PORT}; 0 picks a free one)
  --issuer self|aws     the tokens' iss: this stack's URL (default), or AWS's shape
  --site-origin URL     the tutorial site's origin, the only web pages that may
                        use the local endpoints (default: http://127.0.0.1:4321;
                        repeat it for more than one)
  --reset               start over from the seed
  --workshop            also serve the workshop's endpoints (progress reports and
                        the facilitator's API; its token in <data>/facilitator-token).
                        npm run workshop uses this; see README, Workshop
  -h, --help            show this help`;

const DEFAULT_SITE_ORIGIN = 'http://127.0.0.1:4321';

function origin(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`--site-origin must be an origin such as ${DEFAULT_SITE_ORIGIN}, not "${value}".`);
  }
  if (url.origin !== value.replace(/\/$/, '')) throw new Error(`--site-origin must be an origin (scheme, host and port only), not "${value}".`);
  return url.origin;
}

function port(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) throw new Error(`--${name} must be a port number, not "${value}".`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      data: { type: 'string', default: '.data' },
      host: { type: 'string', default: DEFAULT_HOST },
      'userpool-port': { type: 'string', default: String(DEFAULT_USER_POOL_PORT) },
      'gateway-port': { type: 'string', default: String(DEFAULT_GATEWAY_PORT) },
      issuer: { type: 'string', default: 'self' },
      'site-origin': { type: 'string', multiple: true, default: [DEFAULT_SITE_ORIGIN] },
      reset: { type: 'boolean', default: false },
      workshop: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (values.issuer !== 'self' && values.issuer !== 'aws') throw new Error('--issuer must be "self" or "aws".');

  const stack = await startStack({
    dataDir: values.data,
    host: values.host,
    userPoolPort: port(values['userpool-port'], 'userpool-port'),
    gatewayPort: port(values['gateway-port'], 'gateway-port'),
    issuerStyle: values.issuer,
    siteOrigins: values['site-origin'].map(origin),
    reset: values.reset,
    workshop: values.workshop,
    log: (line) => console.log(line),
  });
  const { info } = stack;
  console.log(
    [
      '',
      'Token Trail demo stack is ready.',
      `  User pool   ${info.userPoolEndpoint}   (pool ${info.userPoolId}, app client ${info.userPoolClientId})`,
      `  JWKS        ${info.jwksUri}`,
      `  REST API    ${info.apis.rest}/hello`,
      `  HTTP API    ${info.apis.http}/hello`,
      `  REST JWT    ${info.apis.restJwt}/hello   (REST API, JWT authorizer)`,
      `  Mailbox     ${info.mailbox}`,
      `  Demo users  ${info.demoUsers.map((user) => `${user.username} / ${user.password}`).join(',  ')}`,
      ...(info.workshop ? [`  Workshop    ${info.workshop.facilitator}   (facilitator's API; token in ${values.data}/facilitator-token)`] : []),
      `  Details     ${values.data}/stack.json`,
      '',
    ].join('\n'),
  );

  const stop = async () => {
    await stack.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) console.error(`\n${USAGE}`);
  process.exit(1);
});
