import { test as setup } from '@playwright/test';
import { buildConformanceFiles } from '../conformance/browser/build.ts';

/**
 * The `conformance-build` project: the Chromium conformance run's pages and
 * workers, built once for all of the `conformance` project's tests, which
 * depend on it (tests/browser/conformance.spec.ts).
 */
setup('build the conformance pages and workers', async () => {
  await buildConformanceFiles();
});
