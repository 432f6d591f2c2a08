import { existsSync } from 'node:fs';
import { chromium } from 'playwright';

/**
 * The Chromium the tests, screenshots and benchmarks drive: CHROMIUM_PATH if
 * set, else Debian's /usr/bin/chromium when present (machines that cannot
 * download browsers have it), else Playwright's own download.
 */
export const CHROMIUM_PATH: string | undefined = process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

/** A path to start Chromium by hand with (Lighthouse needs one). */
export function chromiumExecutable(): string {
  return CHROMIUM_PATH ?? chromium.executablePath();
}
