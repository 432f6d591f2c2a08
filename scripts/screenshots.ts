import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright';
import { CHAPTERS } from '../tests/browser/pages.ts';
import { startBuiltSite } from './lib/built-site.ts';
import { CHROMIUM_PATH } from './lib/chromium-path.ts';

/**
 * `npm run screenshots`: every chapter (and the home and search pages) in
 * light and dark, at a desktop width and two phone widths, as full-page PNGs
 * in screenshots/ (git-ignored). Built and served fresh, against a fresh
 * demo stack, on free loopback ports.
 */
const OUT = new URL('../screenshots/', import.meta.url).pathname;
const WIDTHS = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'mobile', width: 390, height: 844 },
  { name: 'mobile-320', width: 320, height: 640 },
];
const PAGES = [
  { id: 'home', path: '/' },
  ...CHAPTERS.map((chapter) => ({ id: chapter.id.replaceAll('/', '-'), path: chapter.path })),
  { id: 'search', path: '/search/?q=token' },
];

const site = await startBuiltSite((line) => console.log(line));
const browser = await chromium.launch({
  executablePath: CHROMIUM_PATH,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
mkdirSync(OUT, { recursive: true });
let count = 0;
try {
  for (const colorScheme of ['light', 'dark'] as const) {
    for (const size of WIDTHS) {
      const context = await browser.newContext({ colorScheme, viewport: { width: size.width, height: size.height }, reducedMotion: 'reduce' });
      const page = await context.newPage();
      for (const target of PAGES) {
        await page.goto(site.url + target.path, { waitUntil: 'networkidle' });
        const file = join(OUT, `${target.id}-${colorScheme}-${size.name}.png`);
        await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
        count++;
      }
      await context.close();
      console.log(`${colorScheme} ${size.name} (${size.width} px): ${PAGES.length} pages`);
    }
  }
} finally {
  await browser.close();
  await site.close();
}
console.log(`${count} screenshots in ${OUT}`);
