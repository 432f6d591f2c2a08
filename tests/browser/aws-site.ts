import { test as base, type BrowserContext, type Request, type Route } from '@playwright/test';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWorkspace } from '../../scripts/lib/build-workspace.ts';
import { serveStatic } from '../../scripts/lib/static-server.ts';
import type { AwsSiteConfig } from '../../src/config/aws-site-config.ts';
import { siteConfigFromOutputs, stackOutputs } from '../../infra/outputs.ts';
import { run } from './test-site.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The outputs of a fixture deployment, as `cdk deploy --outputs-file` writes them. */
export const FIXTURE_OUTPUTS = join(ROOT, 'tests/fixtures/aws/outputs.json');
/** What `npm run aws:deploy` would write from them. */
export const FIXTURE_CONFIG: AwsSiteConfig = siteConfigFromOutputs(stackOutputs(JSON.parse(readFileSync(FIXTURE_OUTPUTS, 'utf8'))));

/**
 * The site built for an AWS deployment, from the fixture deployment's
 * outputs, as `npm run aws:deploy` then `npm run aws:build` make it (no
 * Node stack, no PUBLIC_*), served by our static server with our headers.
 * Built once per worker of the `aws-backend` project and shared by its tests.
 */
export interface AwsSite {
  url: string;
  config: AwsSiteConfig;
}

async function buildAndServe(): Promise<AwsSite & { close(): Promise<void> }> {
  // Inside the project, and the build runs from there (scripts/lib/build-workspace.ts).
  const work = buildWorkspace('aws-site-');
  const dataDir = join(work, 'data');
  mkdirSync(dataDir);
  writeFileSync(join(dataDir, 'aws.json'), JSON.stringify(FIXTURE_CONFIG));
  const outDir = join(work, 'site');
  const env: NodeJS.ProcessEnv = { ...process.env, TOKEN_TRAIL_BACKEND: 'aws', TOKEN_TRAIL_DATA: dataDir, SITE_BASE: '/', ASTRO_TELEMETRY_DISABLED: '1' };
  for (const name of Object.keys(env)) if (name.startsWith('PUBLIC_')) delete env[name];
  try {
    // No search index: these tests never search.
    await run('astro build (AWS backend)', [join(ROOT, 'node_modules/astro/bin/astro.mjs'), 'build', '--root', ROOT, '--outDir', outDir], env, undefined, work);
  } catch (error) {
    rmSync(work, { recursive: true, force: true });
    throw error;
  }
  const site = await serveStatic(outDir, 0);
  return {
    url: site.url,
    config: FIXTURE_CONFIG,
    close: async () => {
      await site.close();
      rmSync(work, { recursive: true, force: true });
    },
  };
}

/** A request the page made to AWS, as the test's stand-in for AWS received it. */
export interface AwsRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | null;
}

export type AwsHandler = (request: Request, route: Route) => Promise<void>;

/**
 * Every request the page makes leaves the browser only for this machine:
 * the site's own origin goes on to our static server, a request to one of
 * the deployment's AWS hosts is answered by the test (`answer`), and any
 * other is aborted and recorded in `escaped`, which a test expects empty.
 */
export interface AwsStandIn {
  /** Every request to an AWS host, in order. */
  requests: AwsRequest[];
  /** Requests to anywhere else but the site: none, or the test fails. */
  escaped: string[];
  /** Sets the answer for requests whose URL starts with `prefix` (the latest set wins). */
  answer(prefix: string, handler: AwsHandler): void;
}

export const JSON_CORS = { 'content-type': 'application/json', 'access-control-allow-origin': '*' };

async function standIn(context: BrowserContext, site: AwsSite): Promise<AwsStandIn> {
  const hosts = new Set([`cognito-idp.${site.config.region}.amazonaws.com`, ...Object.values(site.config.apis).map((url) => new URL(url).host)]);
  const handlers: Array<[string, AwsHandler]> = [];
  const requests: AwsRequest[] = [];
  const escaped: string[] = [];
  await context.route('**/*', async (route, request) => {
    const url = new URL(request.url());
    if (url.origin === site.url) return route.continue();
    if (!hosts.has(url.host)) {
      escaped.push(`${request.method()} ${request.url()}`);
      return route.abort('blockedbyclient');
    }
    requests.push({ method: request.method(), url: request.url(), headers: await request.allHeaders(), body: request.postData() });
    const handler = handlers.findLast(([prefix]) => request.url().startsWith(prefix));
    if (!handler) return route.fulfill({ status: 599, body: 'The test has no answer for this request.' });
    return handler[1](request, route);
  });
  return { requests, escaped, answer: (prefix, handler) => void handlers.push([prefix, handler]) };
}

// One build for the worker, 10 to 30 s alone; more on a busy machine.
const BUILD_MS = 600_000;

export const test = base.extend<{ aws: AwsStandIn }, { awsSite: AwsSite }>({
  awsSite: [
    async ({}, use) => {
      const site = await buildAndServe();
      await use(site);
      await site.close();
    },
    { scope: 'worker', timeout: BUILD_MS },
  ],
  aws: async ({ context, awsSite }, use) => {
    await use(await standIn(context, awsSite));
  },
});
