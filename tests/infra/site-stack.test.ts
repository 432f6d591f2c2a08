/**
 * `npm run aws:publish`'s stack (infra/site-stack.ts), synthesized once from
 * a small stand-in for a built site: a private bucket that goes with the
 * stack, CloudFront over HTTPS with the same security headers as our own
 * servers (scripts/lib/security-headers.ts), and the site's address as an
 * output.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Match } from 'aws-cdk-lib/assertions';
import { HEADER_PATHS, headerKind, securityHeaders } from '../../scripts/lib/security-headers.ts';
import { SITE_STACK_NAME, SITE_URL_OUTPUT } from '../../infra/outputs.ts';
import { SiteStack, securityHeadersBehavior } from '../../infra/site-stack.ts';
import { resourcesOf, synthesize, TEST_ENV, type Synthesized } from './synth.ts';

let siteDir: string;
let synth: Synthesized<SiteStack>;
before(() => {
  siteDir = mkdtempSync(join(tmpdir(), 'token-trail-site-'));
  writeFileSync(join(siteDir, 'index.html'), '<!doctype html><title>Token Trail</title>');
  synth = synthesize((app) => new SiteStack(app, SITE_STACK_NAME, { env: TEST_ENV, siteDir }), { validation: false });
});
after(() => {
  synth.close();
  rmSync(siteDir, { recursive: true, force: true });
});

test('a private bucket, reachable only through CloudFront, removed with its files by aws:destroy', () => {
  synth.template.hasResourceProperties('AWS::S3::Bucket', {
    PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
  });
  synth.template.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Delete' });
  synth.template.resourceCountIs('Custom::S3AutoDeleteObjects', 1);
  synth.template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', Match.anyValue());
});

test('every header our servers send, on every response CloudFront gives, and HSTS', () => {
  const [, policy] = resourcesOf(synth.json, 'AWS::CloudFront::ResponseHeadersPolicy')[0]!;
  const security = policy.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
  const headers = securityHeaders('/');
  assert.deepEqual(security.ContentSecurityPolicy, { ContentSecurityPolicy: headers['content-security-policy'], Override: true });
  assert.equal(headers['content-security-policy'], "frame-ancestors 'none'");
  assert.deepEqual(security.FrameOptions, { FrameOption: headers['x-frame-options'], Override: true });
  assert.deepEqual(security.ContentTypeOptions, { Override: true });
  assert.deepEqual(security.ReferrerPolicy, { ReferrerPolicy: headers['referrer-policy'], Override: true });
  assert.equal(security.StrictTransportSecurity.AccessControlMaxAgeSec, 31_536_000);
});

test('path by path, the headers our servers send there: the embeds framable and the shared files readable by any origin, the sandbox framable by the site', () => {
  const config = resourcesOf(synth.json, 'AWS::CloudFront::Distribution')[0]![1].Properties.DistributionConfig;
  const policies = new Map(
    resourcesOf(synth.json, 'AWS::CloudFront::ResponseHeadersPolicy').map(([id, resource]) => [id, resource.Properties.ResponseHeadersPolicyConfig]),
  );
  const policyOf = (behavior: { ResponseHeadersPolicyId: { Ref: string } }) => policies.get(behavior.ResponseHeadersPolicyId.Ref)!;
  // CloudFront tries the patterns in order, as headerKind does.
  assert.deepEqual(
    config.CacheBehaviors.map((behavior: { PathPattern: string }) => behavior.PathPattern),
    HEADER_PATHS.map(({ pattern }) => pattern),
  );
  for (const behavior of config.CacheBehaviors) {
    const sample = behavior.PathPattern.replaceAll('*', 'sign-in');
    const headers = securityHeaders(sample);
    const policy = policyOf(behavior);
    assert.equal(policy.SecurityHeadersConfig.ContentSecurityPolicy?.ContentSecurityPolicy, headers['content-security-policy'], sample);
    assert.equal(policy.SecurityHeadersConfig.FrameOptions?.FrameOption, headers['x-frame-options'], sample);
    assert.deepEqual(policy.SecurityHeadersConfig.ContentTypeOptions, { Override: true }, sample);
    assert.equal(policy.SecurityHeadersConfig.StrictTransportSecurity.AccessControlMaxAgeSec, 31_536_000, sample);
    assert.equal(policy.CorsConfig?.AccessControlAllowOrigins.Items[0], headers['access-control-allow-origin'], sample);
    assert.equal(behavior.ViewerProtocolPolicy, 'redirect-to-https', sample);
    assert.equal(behavior.FunctionAssociations.length, 1, `${sample}: folders get their index page`);
  }
  const kinds = config.CacheBehaviors.map((behavior: { PathPattern: string }) => headerKind(behavior.PathPattern.replaceAll('*', 'sign-in')));
  assert.deepEqual(kinds, ['sandbox', 'shared', 'shared', 'embed']);
  assert.equal(policyOf(config.DefaultCacheBehavior).SecurityHeadersConfig.FrameOptions.FrameOption, 'DENY', 'every other path is a page');
});

test('a header with no CloudFront setting fails the build instead of being dropped', () => {
  assert.throws(
    () => securityHeadersBehavior({ ...securityHeaders('/'), 'permissions-policy': 'camera=()' }),
    /The security header permissions-policy has no CloudFront setting/,
  );
});

test("HTTPS only, the folders' index pages, 404 for what is not there, the files uploaded, the address as an output", () => {
  synth.template.hasResourceProperties('AWS::CloudFront::Distribution', {
    DistributionConfig: Match.objectLike({
      DefaultRootObject: 'index.html',
      DefaultCacheBehavior: Match.objectLike({
        ViewerProtocolPolicy: 'redirect-to-https',
        FunctionAssociations: [Match.objectLike({ EventType: 'viewer-request' })],
      }),
      CustomErrorResponses: [403, 404].map((code) => ({ ErrorCode: code, ResponseCode: 404, ResponsePagePath: '/404.html', ErrorCachingMinTTL: 60 })),
    }),
  });
  synth.template.hasResourceProperties('AWS::CloudFront::Function', { FunctionCode: Match.stringLikeRegexp("request.uri \\+= 'index.html'") });
  synth.template.resourceCountIs('Custom::CDKBucketDeployment', 1);
  assert.ok(synth.json.Outputs[SITE_URL_OUTPUT]);
});
