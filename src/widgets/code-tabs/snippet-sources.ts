import type { SnippetSources } from './snippets.ts';

/**
 * The snippet files, read at build time through Vite (`?raw`), keyed by
 * their path under content/snippets/. Node code (the tests) reads the same
 * files from disk instead: tests/helpers/snippet-sources.ts.
 */
const files = import.meta.glob<string>('../../../content/snippets/**/*.{ts,js,sh}', { query: '?raw', import: 'default', eager: true });

export const SNIPPET_SOURCES: SnippetSources = Object.fromEntries(
  Object.entries(files)
    .filter(([path]) => !path.endsWith('.d.ts'))
    .map(([path, code]) => [path.replace(/^.*\/content\/snippets\//, ''), code]),
);
