/**
 * Nothing secret is committed, and the aws:* scripts refuse to run without
 * AWS credentials, saying how to provide them. No network: the check reads
 * only the environment and ~/.aws/, and the scripts are run with neither.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { findCredentials, parseIni } from '../../infra/scripts/credentials.ts';
import { ROOT } from '../helpers/site-build.ts';

const homes: string[] = [];
after(() => {
  for (const home of homes) rmSync(home, { recursive: true, force: true });
});

/** A home folder with the given ~/.aws/ files. */
function home(files: { credentials?: string; config?: string } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'token-trail-home-'));
  homes.push(dir);
  mkdirSync(join(dir, '.aws'));
  if (files.credentials !== undefined) writeFileSync(join(dir, '.aws', 'credentials'), files.credentials);
  if (files.config !== undefined) writeFileSync(join(dir, '.aws', 'config'), files.config);
  return dir;
}

describe('finding credentials, offline', () => {
  const check = (env: Record<string, string>, dir = home(), instanceRole = false) => findCredentials('npm run aws:deploy', { env, home: dir, instanceRole });

  test('none at all: refused, with every way to provide them', () => {
    const result = check({});
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.match(result.message, /^No AWS credentials were found/);
    for (const hint of [
      'aws configure',
      'aws sso login',
      'AWS_PROFILE=<name> npm run aws:deploy',
      'AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY',
      'AWS_REGION',
      '--instance-role',
      'Never write keys into this repository',
    ]) {
      assert.ok(result.message.includes(hint), hint);
    }
  });

  test('keys in the environment, with a Region', () => {
    assert.deepEqual(check({ AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'x', AWS_REGION: 'eu-west-2' }), {
      ok: true,
      source: 'the environment (AWS_ACCESS_KEY_ID)',
      region: 'eu-west-2',
    });
  });

  test('half a key pair, or no Region: refused, saying which', () => {
    const half = check({ AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_REGION: 'eu-west-2' });
    assert.ok(!half.ok && half.message.startsWith('AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together'));
    const noRegion = check({ AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'x' });
    assert.ok(!noRegion.ok && /no Region is set/.test(noRegion.message));
  });

  test('the default profile of ~/.aws/credentials, its Region from ~/.aws/config', () => {
    const dir = home({
      credentials: '[default]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = x\n',
      config: '[default]\nregion = ap-southeast-2\n',
    });
    assert.deepEqual(check({}, dir), { ok: true, source: 'the profile "default"', region: 'ap-southeast-2' });
  });

  test('a named SSO profile in ~/.aws/config', () => {
    const dir = home({
      config:
        '[profile work]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = Dev\nregion = eu-central-1\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\n',
    });
    assert.deepEqual(check({ AWS_PROFILE: 'work' }, dir), { ok: true, source: 'the profile "work"', region: 'eu-central-1' });
  });

  test('AWS_PROFILE naming a profile that is not there: refused, naming it', () => {
    const result = check({ AWS_PROFILE: 'missing', AWS_REGION: 'eu-west-2' });
    assert.ok(!result.ok && result.message.startsWith('AWS_PROFILE names the profile "missing"'));
  });

  test('a profile with a Region only has no credentials', () => {
    assert.equal(check({}, home({ config: '[default]\nregion = eu-west-2\n' })).ok, false);
  });

  test('container credentials (CloudShell, CodeBuild, ECS), web identity, or an instance role the caller vouches for', () => {
    assert.equal(
      check({ AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://localhost:1338/latest/meta-data/container/security-credentials', AWS_REGION: 'us-east-1' }).ok,
      true,
    );
    assert.equal(check({ AWS_WEB_IDENTITY_TOKEN_FILE: '/var/run/token', AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/ci', AWS_REGION: 'us-east-1' }).ok, true);
    assert.equal(check({ AWS_REGION: 'us-east-1' }, home(), true).ok, true);
    assert.equal(check({ AWS_REGION: 'us-east-1' }).ok, false);
  });

  test('the INI reader: sections, comments, spacing, case of keys', () => {
    const ini = parseIni('# comment\n[default]\n  AWS_Access_Key_ID=abc \n; other\n[profile x]\nregion = eu-west-1\n');
    assert.equal(ini.get('default')?.get('aws_access_key_id'), 'abc');
    assert.equal(ini.get('profile x')?.get('region'), 'eu-west-1');
  });
});

describe('the aws:* scripts refuse to run without credentials', () => {
  /** The environment of a machine with no AWS setup: no AWS_* variable, an empty home. */
  function bareEnv(data: string): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {};
    for (const [name, value] of Object.entries(process.env)) if (!name.startsWith('AWS_') && !name.startsWith('CDK_')) env[name] = value;
    // Belt and braces: even an SDK that ran would not ask the instance metadata service.
    return { ...env, HOME: home(), TOKEN_TRAIL_DATA: data, AWS_EC2_METADATA_DISABLED: 'true' };
  }

  for (const script of ['deploy', 'seed', 'publish', 'destroy']) {
    test(`npm run aws:${script}: exit code 2, how to provide credentials, nothing done`, async () => {
      const data = mkdtempSync(join(tmpdir(), 'token-trail-data-'));
      homes.push(data);
      const { code, stderr, stdout } = await new Promise<{ code: number | null; stderr: string; stdout: string }>((resolve, reject) => {
        const child = spawn(process.execPath, [join(ROOT, 'infra', 'scripts', `${script}.ts`)], {
          cwd: ROOT,
          env: bareEnv(data),
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stderr = '';
        let stdout = '';
        child.stderr.on('data', (chunk) => (stderr += chunk));
        child.stdout.on('data', (chunk) => (stdout += chunk));
        const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
        child.once('error', reject);
        child.once('exit', (exitCode) => {
          clearTimeout(timer);
          resolve({ code: exitCode, stderr, stdout });
        });
      });
      assert.equal(code, 2, stderr);
      assert.equal(stdout, '');
      assert.match(
        stderr,
        new RegExp(
          `^No AWS credentials were found[^]*npm run aws:${script} needs AWS credentials and a Region, and refuses to run without them\\. Nothing was sent to AWS\\.`,
        ),
      );
      assert.match(stderr, /aws configure/);
      assert.deepEqual(readdirSync(data), [], 'nothing written');
    });
  }
});

describe('nothing secret is committed', () => {
  const files = spawnSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).stdout.split('\0').filter(Boolean);

  test("no AWS access key in any committed file but AWS's documented examples and the tests' made-up ones", () => {
    assert.ok(files.length > 100, 'git ls-files lists the repository');
    const found: string[] = [];
    for (const file of files) {
      if (/\.(png|jpe?g|webp|woff2?|ico|sqlite)$/.test(file)) continue;
      let text: string;
      try {
        text = readFileSync(join(ROOT, file), 'utf8');
      } catch {
        continue;
      }
      for (const match of text.matchAll(/\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g)) if (!/EXAMPLE|FUZZ/.test(match[0])) found.push(`${file}: ${match[0]}`);
      // A secret access key is 40 characters of base64; the tests' INI files hold "x".
      for (const match of text.matchAll(/aws_secret_access_key\s*=\s*([A-Za-z0-9/+]{40})/gi))
        if (!/EXAMPLE/.test(match[1]!)) found.push(`${file}: aws_secret_access_key`);
    }
    assert.deepEqual(found, []);
  });

  test('what a deployment writes stays out of git: the site configuration, the outputs, the CDK context and cloud assembly', () => {
    const ignored = (path: string) => spawnSync('git', ['check-ignore', '-q', path], { cwd: ROOT }).status === 0;
    for (const path of ['.data/aws.json', '.data/aws-outputs.json', '.data/stack.json', 'infra/cdk.context.json', 'infra/cdk.out/manifest.json'])
      assert.ok(ignored(path), path);
  });
});
