/**
 * `cdk synth` inside a test: the app, the stack and its template, made once
 * per test file (synthesis bundles every function with esbuild, a few
 * seconds) and shared by its tests. Nothing reaches AWS: the account and
 * Region are fixed, and the cloud assembly goes to a temporary folder.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { ApiDefinition } from '../../src/stack/api.ts';
import { STACK_NAME } from '../../infra/outputs.ts';
import { TokenTrailStack } from '../../infra/token-trail-stack.ts';

export const TEST_ENV = { account: '123456789012', region: 'eu-west-2' };

const CDK_CONTEXT = (JSON.parse(readFileSync(join(import.meta.dirname, '../../infra/cdk.json'), 'utf8')) as { context: Record<string, unknown> }).context;

export interface Synthesized<S extends Stack = TokenTrailStack> {
  app: App;
  stack: S;
  template: Template;
  /** The template as JSON, for what the matchers cannot say. */
  json: { Resources: Record<string, CfnResource>; Outputs: Record<string, { Value: unknown }> };
  outdir: string;
  /** The logical id CloudFormation knows a construct's resource by. */
  logicalId(construct: { node: { defaultChild?: unknown } } | unknown): string;
  close(): void;
}

export interface CfnResource {
  Type: string;
  Properties: Record<string, any>;
}

/**
 * Synthesizes a stack. `validation: false` skips CDK's CloudFormation schema
 * check (several seconds), for a file that checks something else; the file
 * that checks the template as a whole keeps it.
 */
export function synthesize<S extends Stack = TokenTrailStack>(make: (app: App) => S, options: { validation?: boolean } = {}): Synthesized<S> {
  const outdir = mkdtempSync(join(tmpdir(), 'token-trail-cdk-'));
  const saved = process.env.CDK_VALIDATION;
  if (options.validation === false) process.env.CDK_VALIDATION = 'false';
  try {
    // The feature flags `cdk deploy` uses (infra/cdk.json): they change how constructs render.
    const app = new App({ outdir, context: CDK_CONTEXT });
    const stack = make(app);
    const template = Template.fromStack(stack);
    return {
      app,
      stack,
      template,
      json: template.toJSON() as Synthesized['json'],
      outdir,
      logicalId: (construct) => {
        const child = (construct as { node: { defaultChild?: unknown } }).node.defaultChild ?? construct;
        return stack.getLogicalId(child as Parameters<Stack['getLogicalId']>[0]);
      },
      close: () => rmSync(outdir, { recursive: true, force: true }),
    };
  } finally {
    if (saved === undefined) delete process.env.CDK_VALIDATION;
    else process.env.CDK_VALIDATION = saved;
  }
}

/** The demo stack of a definition, as infra/app.ts makes it. */
export function demoStack(definition: ApiDefinition, props: { siteOrigin?: string } = {}): (app: App) => TokenTrailStack {
  return (app) => new TokenTrailStack(app, STACK_NAME, { env: TEST_ENV, definition, ...props });
}

/** The validation report CDK wrote beside the assembly, when validation ran. */
export function validationReport(outdir: string): { pluginReports?: Array<{ summary: { status: string }; violations: unknown[] }> } {
  return JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8'));
}

/** Resources of one type, by logical id. */
export function resourcesOf(json: Synthesized['json'], type: string): Array<[string, CfnResource]> {
  return Object.entries(json.Resources).filter(([, resource]) => resource.Type === type);
}

/** Every logical id a value refers to, through `Ref` and `Fn::GetAtt`. */
export function refsIn(value: unknown): string[] {
  const found: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== 'object' || node === null) return;
    for (const [key, child] of Object.entries(node)) {
      if (key === 'Ref' && typeof child === 'string') found.push(child);
      else if (key === 'Fn::GetAtt' && Array.isArray(child) && typeof child[0] === 'string') found.push(child[0]);
      else walk(child);
    }
  };
  walk(value);
  return found;
}

/**
 * A REST API's resources as paths (`/faults/error`), by logical id; the
 * root resource is `/`, reached through `Fn::GetAtt [api, RootResourceId]`.
 */
export function restPaths(json: Synthesized['json'], restApiId: string): Map<string, string> {
  const resources = resourcesOf(json, 'AWS::ApiGateway::Resource').filter(([, resource]) => refsIn(resource.Properties.RestApiId).includes(restApiId));
  const paths = new Map<string, string>();
  const pathOf = (id: string): string => {
    const known = paths.get(id);
    if (known) return known;
    const resource = json.Resources[id]!;
    const parent = resource.Properties.ParentId;
    const parentPath = parent['Fn::GetAtt']?.[1] === 'RootResourceId' ? '' : pathOf(parent.Ref);
    const path = `${parentPath}/${resource.Properties.PathPart}`;
    paths.set(id, path);
    return path;
  };
  for (const [id] of resources) pathOf(id);
  return paths;
}

/** Which path a method's `ResourceId` names. */
export function methodPath(method: CfnResource, paths: Map<string, string>): string {
  const resourceId = method.Properties.ResourceId;
  if (resourceId['Fn::GetAtt']?.[1] === 'RootResourceId') return '/';
  const path = paths.get(resourceId.Ref);
  if (!path) throw new Error(`No resource ${JSON.stringify(resourceId)}`);
  return path;
}
