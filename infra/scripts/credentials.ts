/**
 * Whether AWS credentials and a Region are at hand, decided from the
 * environment and the AWS config files alone: no network, no SDK, nothing
 * sent anywhere. The aws:* scripts refuse to start without them and say how
 * to provide them, rather than let the CDK CLI fail halfway with a stack
 * trace. Keys never belong in this repository: they are read where the AWS
 * CLI keeps them, or from the environment.
 *
 * The sources, as the AWS SDKs and the CDK CLI read them:
 * https://docs.aws.amazon.com/sdkref/latest/guide/standardized-credentials.html
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export type CredentialCheck = { ok: true; source: string; region: string } | { ok: false; message: string };

export interface CredentialOptions {
  env?: Record<string, string | undefined>;
  /** The home folder whose .aws/ is read; default: the user's. */
  home?: string;
  /** `--instance-role`: the caller says an EC2 instance or a container role will answer, which only the network could tell. */
  instanceRole?: boolean;
}

/** What the refusal says: how to provide credentials, and where they must not go. */
export function howToProvide(command: string): string {
  return [
    `${command} needs AWS credentials and a Region, and refuses to run without them. Nothing was sent to AWS.`,
    '',
    'Provide them in one of these ways, then run it again:',
    '  - A profile of the AWS CLI:',
    '      aws configure                  # access keys, into ~/.aws/credentials',
    '      aws configure sso && aws sso login --profile <name>   # IAM Identity Center',
    `    then AWS_PROFILE=<name> ${command} (the profile "default" needs no variable).`,
    '  - Environment variables: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN',
    '    for temporary credentials), with AWS_REGION, e.g. AWS_REGION=eu-west-2.',
    `  - On an EC2 instance with an instance role: ${command} -- --instance-role, with AWS_REGION set.`,
    '',
    'Never write keys into this repository. The deployment writes only what a browser may know',
    '(the pool id, the client id and the API URLs) into .data/, which git ignores.',
  ].join('\n');
}

/** An INI file as the AWS CLI writes it: `[section]` then `key = value` lines. */
export function parseIni(text: string): Map<string, Map<string, string>> {
  const sections = new Map<string, Map<string, string>>();
  let current: Map<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/^\s+|\s+$/g, '');
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[\s*(.+?)\s*\]$/.exec(line);
    if (header) {
      current = new Map();
      sections.set(header[1]!, current);
      continue;
    }
    const pair = /^([^=]+?)\s*=\s*(.*)$/.exec(line);
    if (pair && current) current.set(pair[1]!.toLowerCase(), pair[2]!);
  }
  return sections;
}

function readIni(file: string): Map<string, Map<string, string>> {
  return existsSync(file) ? parseIni(readFileSync(file, 'utf8')) : new Map();
}

/** A profile's settings from both files: the credentials file names it `[name]`, the config file `[profile name]` (or `[default]`). */
function profileSettings(
  name: string,
  credentials: Map<string, Map<string, string>>,
  config: Map<string, Map<string, string>>,
): Map<string, string> | undefined {
  const fromConfig = config.get(name === 'default' ? 'default' : `profile ${name}`) ?? (name === 'default' ? config.get('profile default') : undefined);
  const fromCredentials = credentials.get(name);
  if (!fromConfig && !fromCredentials) return undefined;
  return new Map([...(fromConfig ?? []), ...(fromCredentials ?? [])]);
}

/** Settings by which a profile yields credentials (keys, a role to assume, SSO, a process, web identity). */
const PROFILE_CREDENTIALS = ['aws_access_key_id', 'role_arn', 'sso_session', 'sso_start_url', 'credential_process', 'web_identity_token_file'];

export function findCredentials(command: string, options: CredentialOptions = {}): CredentialCheck {
  const env = options.env ?? process.env;
  const home = options.home ?? homedir();
  const refuse = (why: string): CredentialCheck => ({ ok: false, message: `${why}\n\n${howToProvide(command)}` });
  const credentialsFile = env.AWS_SHARED_CREDENTIALS_FILE ?? join(home, '.aws', 'credentials');
  const configFile = env.AWS_CONFIG_FILE ?? join(home, '.aws', 'config');

  const profileName = env.AWS_PROFILE ?? env.AWS_DEFAULT_PROFILE;
  const profile = profileSettings(profileName ?? 'default', readIni(credentialsFile), readIni(configFile));
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? profile?.get('region');

  let source: string | undefined;
  if (env.AWS_ACCESS_KEY_ID || env.AWS_SECRET_ACCESS_KEY) {
    if (!env.AWS_ACCESS_KEY_ID || !env.AWS_SECRET_ACCESS_KEY)
      return refuse('AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together; only one of them is.');
    source = 'the environment (AWS_ACCESS_KEY_ID)';
  } else if (env.AWS_WEB_IDENTITY_TOKEN_FILE && env.AWS_ROLE_ARN) {
    source = 'a web identity (AWS_WEB_IDENTITY_TOKEN_FILE)';
  } else if (env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI || env.AWS_CONTAINER_CREDENTIALS_FULL_URI) {
    source = 'the container credentials endpoint (AWS_CONTAINER_CREDENTIALS_*)';
  } else if (profileName !== undefined && !profile) {
    return refuse(`AWS_PROFILE names the profile "${profileName}", which neither ${credentialsFile} nor ${configFile} has.`);
  } else if (profile && PROFILE_CREDENTIALS.some((key) => profile.has(key))) {
    source = `the profile "${profileName ?? 'default'}"`;
  } else if (options.instanceRole) {
    source = 'the instance role (--instance-role)';
  } else {
    return refuse('No AWS credentials were found: no AWS_ACCESS_KEY_ID, no AWS_PROFILE, and no usable "default" profile in ~/.aws/.');
  }
  if (!region) return refuse(`Credentials come from ${source}, but no Region is set: set AWS_REGION (e.g. AWS_REGION=eu-west-2), or "region" in the profile.`);
  return { ok: true, source, region };
}

/**
 * For the aws:* scripts: the check, or the refusal on stderr and exit code 2.
 * The CLI the scripts start gets the Region found here.
 */
export function requireCredentials(command: string, argv: readonly string[] = process.argv.slice(2)): { source: string; region: string } {
  const check = findCredentials(command, { instanceRole: argv.includes('--instance-role') });
  if (!check.ok) {
    console.error(check.message);
    process.exit(2);
  }
  console.error(`${command}: AWS credentials from ${check.source}, Region ${check.region}.`);
  return check;
}
