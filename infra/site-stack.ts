/**
 * `npm run aws:publish`: the built site on a private S3 bucket behind
 * CloudFront, with the headers our own servers send, path by path
 * (scripts/lib/security-headers.ts): above all `frame-ancestors 'none'`,
 * which a page's `<meta>` policy cannot say, on every page but the embeds
 * and the playground's sandbox. The site's own
 * Content-Security-Policy stays in each page's `<meta>`, made by the build
 * for the backend it was built against.
 */
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import { HEADER_PATHS, HEADERS_BY_KIND, type HeaderKind, type HeaderList, securityHeaders } from '../scripts/lib/security-headers.ts';
import { SITE_URL_OUTPUT } from './outputs.ts';

export interface SiteStackProps extends StackProps {
  /** The built site: `dist/` of `npm run aws:build`. */
  siteDir: string;
}

const FRAME_OPTIONS: Record<string, cloudfront.HeadersFrameOption> = {
  DENY: cloudfront.HeadersFrameOption.DENY,
  SAMEORIGIN: cloudfront.HeadersFrameOption.SAMEORIGIN,
};

/**
 * Our security headers as CloudFront's security-headers settings. Each header
 * of scripts/lib/security-headers.ts must find its place here, or the stack
 * fails to build: a header added there cannot be forgotten here.
 */
export function securityHeadersBehavior(headers = securityHeaders('/')): cloudfront.ResponseSecurityHeadersBehavior {
  const behavior: { -readonly [K in keyof cloudfront.ResponseSecurityHeadersBehavior]: cloudfront.ResponseSecurityHeadersBehavior[K] } = {};
  for (const [name, value] of Object.entries(headers)) {
    switch (name.toLowerCase()) {
      // CloudFront sets CORS headers in a policy's CORS settings (corsBehavior), not among the security headers.
      case 'access-control-allow-origin':
        break;
      case 'content-security-policy':
        behavior.contentSecurityPolicy = { contentSecurityPolicy: value, override: true };
        break;
      case 'x-frame-options': {
        const option = FRAME_OPTIONS[value.toUpperCase()];
        if (!option) throw new Error(`X-Frame-Options ${value} has no CloudFront setting`);
        behavior.frameOptions = { frameOption: option, override: true };
        break;
      }
      case 'x-content-type-options':
        if (value !== 'nosniff') throw new Error(`X-Content-Type-Options ${value} has no CloudFront setting`);
        behavior.contentTypeOptions = { override: true };
        break;
      case 'referrer-policy': {
        const policy = Object.values(cloudfront.HeadersReferrerPolicy).find((candidate) => candidate === value);
        if (!policy) throw new Error(`Referrer-Policy ${value} has no CloudFront setting`);
        behavior.referrerPolicy = { referrerPolicy: policy, override: true };
        break;
      }
      default:
        throw new Error(`The security header ${name} has no CloudFront setting in infra/site-stack.ts`);
    }
  }
  return behavior;
}

/**
 * CloudFront's CORS settings for headers that let any origin read a file
 * (the embeds' module and oEmbed files), or none when the headers do not.
 */
export function corsBehavior(headers: HeaderList): cloudfront.ResponseHeadersCorsBehavior | undefined {
  const origin = headers['access-control-allow-origin'];
  if (origin === undefined) return undefined;
  if (origin !== '*') throw new Error(`Access-Control-Allow-Origin ${origin} has no CloudFront setting in infra/site-stack.ts`);
  return {
    accessControlAllowOrigins: ['*'],
    accessControlAllowMethods: ['GET', 'HEAD'],
    accessControlAllowHeaders: ['*'],
    accessControlAllowCredentials: false,
    originOverride: true,
  };
}

// Astro writes /steps/sign-in/ as steps/sign-in/index.html; an S3 origin
// answers the folder's key only. A CloudFront Function adds the index.
// https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/example-function-add-index.html
const ADD_INDEX = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri.endsWith('/')) request.uri += 'index.html';
  else if (!uri.split('/').pop().includes('.')) request.uri += '/index.html';
  return request;
}`;

export class SiteStack extends Stack {
  constructor(scope: Construct, id: string, props: SiteStackProps) {
    super(scope, id, props);
    const bucket = new s3.Bucket(this, 'SiteBucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      // `npm run aws:destroy` removes the site with its files.
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });
    // One policy per kind of path, each with HSTS added.
    const policies = new Map<HeaderKind, cloudfront.ResponseHeadersPolicy>();
    const policy = (kind: HeaderKind) => {
      let made = policies.get(kind);
      if (!made) {
        const headers = HEADERS_BY_KIND[kind];
        made = new cloudfront.ResponseHeadersPolicy(this, kind === 'page' ? 'SecurityHeaders' : `SecurityHeaders${kind[0]!.toUpperCase()}${kind.slice(1)}`, {
          comment: `Token Trail, ${kind}: the headers of scripts/lib/security-headers.ts, HSTS added`,
          securityHeadersBehavior: {
            ...securityHeadersBehavior(headers),
            strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
          },
          corsBehavior: corsBehavior(headers),
        });
        policies.set(kind, made);
      }
      return made;
    };
    const origin = S3BucketOrigin.withOriginAccessControl(bucket);
    const addIndex = new cloudfront.Function(this, 'AddIndex', {
      code: cloudfront.FunctionCode.fromInline(ADD_INDEX),
      runtime: cloudfront.FunctionRuntime.JS_2_0,
    });
    const behavior = (kind: HeaderKind): cloudfront.BehaviorOptions => ({
      origin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      responseHeadersPolicy: policy(kind),
      functionAssociations: [{ eventType: cloudfront.FunctionEventType.VIEWER_REQUEST, function: addIndex }],
    });
    const distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'Token Trail',
      defaultRootObject: 'index.html',
      defaultBehavior: behavior('page'),
      // In the table's order, which CloudFront keeps: the first pattern that matches decides, as on our servers.
      additionalBehaviors: Object.fromEntries(HEADER_PATHS.map(({ pattern, kind }) => [pattern, behavior(kind)])),
      // S3 answers 403 for a key it does not have when the bucket is private.
      errorResponses: [403, 404].map((httpStatus) => ({ httpStatus, responseHttpStatus: 404, responsePagePath: '/404.html', ttl: Duration.minutes(1) })),
    });
    new BucketDeployment(this, 'Files', {
      sources: [Source.asset(props.siteDir)],
      destinationBucket: bucket,
      distribution,
      distributionPaths: ['/*'],
    });
    new CfnOutput(this, SITE_URL_OUTPUT, { value: `https://${distribution.distributionDomainName}/`, description: 'The published site' });
  }
}
