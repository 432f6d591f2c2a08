import { createHash } from 'node:crypto';

/**
 * The one inline script of the site: it runs before first paint and applies
 * the theme the reader chose, so the page never flashes the other one. Kept
 * here as a string because astro.config.mjs allows it in the CSP by its hash
 * (Astro hashes its bundled scripts, not `is:inline` ones).
 */
export const THEME_BOOT_SCRIPT =
  "try{var t=localStorage.getItem('tt-theme');if(t==='light'||t==='dark'||t==='system')document.documentElement.dataset.theme=t}catch(e){}";

export const THEME_BOOT_HASH = `sha256-${createHash('sha256').update(THEME_BOOT_SCRIPT).digest('base64')}` as const;
