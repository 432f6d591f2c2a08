import { fileURLToPath } from 'node:url';
import { SANDBOX_PAGE } from '../../src/widgets/playground/protocol.ts';
import { bundleForBrowser } from './browser-bundle.ts';

const SANDBOX_DIR = fileURLToPath(new URL('../../src/widgets/playground/sandbox/', import.meta.url));

/** The sandbox's scripts: its runtime, and one per library a snippet may import, loaded only when one does. */
const ENTRIES = {
  'sandbox.js': 'runtime.ts',
  'lib-jose.js': 'lib-jose.ts',
  'lib-aws-jwt-verify.js': 'lib-aws-jwt-verify.ts',
  'lib-amplify.js': 'lib-amplify.ts',
} as const;

/**
 * The sandbox's own policy, in a `<meta>` (a static host may send no headers):
 * - script-src 'self': the runtime and the libraries, from the site. In a
 *   frame whose sandbox made its origin opaque, 'self' still means the origin
 *   of the page's URL (checked by tests/browser/zero-install-playground.spec.ts);
 * - 'unsafe-eval': the runtime runs the reader's code with the
 *   AsyncFunction constructor, which is what the frame is for;
 * - nothing else: default-src 'none' leaves it no fetch, images, styles,
 *   frames or workers, so whatever the code does reaches the network only
 *   through the page, which sends it to the stack alone.
 */
export const SANDBOX_CSP = "default-src 'none'; script-src 'self' 'unsafe-eval'; base-uri 'none'; form-action 'none'";

const SANDBOX_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="content-security-policy" content="${SANDBOX_CSP}">
<meta name="robots" content="noindex">
<title>Token Trail: the playground's sandbox</title>
<script src="sandbox.js"></script>
</head>
<body></body>
</html>
`;

export interface PlaygroundBundle {
  /** File name (in `<base>playground/`) to its text. */
  files: Map<string, string>;
  /** Every source file it was built from, for a dev server to watch. */
  inputs: string[];
}

/**
 * Builds the playground's sandbox (src/widgets/playground/sandbox/): its page
 * and its classic scripts. One build for the site (dev and production) and
 * the tests. Classic scripts rather than modules: a module script requested
 * by an opaque origin is a CORS request, which a static host need not answer.
 */
export async function buildPlayground(options: { minify?: boolean } = {}): Promise<PlaygroundBundle> {
  const bundle = await bundleForBrowser({
    entryPoints: Object.fromEntries(Object.entries(ENTRIES).map(([out, source]) => [out.replace(/\.js$/, ''), `${SANDBOX_DIR}${source}`])),
    outdir: 'playground',
    format: 'iife',
    minify: options.minify,
    // The libraries name their errors after their classes (jose's JWTExpired,
    // aws-jwt-verify's JwtExpiredError): what the reader reads in the output.
    keepNames: true,
  });
  return { files: new Map([[SANDBOX_PAGE, SANDBOX_HTML], ...bundle.files]), inputs: bundle.inputs };
}
