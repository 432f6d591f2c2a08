/**
 * The two Shiki themes of every highlighted block, build time and browser
 * alike. The "default" GitHub themes keep every token, comments included, at
 * WCAG AA contrast on a white or near-black background.
 */
export const THEMES = { light: 'github-light-default', dark: 'github-dark-default' } as const;
