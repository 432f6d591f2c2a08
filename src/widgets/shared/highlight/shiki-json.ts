import { codeToTokensWithThemes, createShikiPrimitive } from 'shiki/core';
import { createJavaScriptRawEngine } from 'shiki/engine/javascript';
// The themes named in themes.ts (an import path cannot be computed).
import githubDark from 'shiki/themes/github-dark-default.mjs';
import githubLight from 'shiki/themes/github-light-default.mjs';
import json from './json-grammar.ts';
import { THEMES } from './themes.ts';

/**
 * Shiki, as small as it gets for one language: the tokenizer primitive, the
 * raw JavaScript regex engine and a precompiled JSON grammar (no regex
 * compiler, no WebAssembly), with the site's two themes. Loaded only when
 * there is JSON to show.
 */
const shiki = createShikiPrimitive({ langs: json, themes: [githubLight, githubDark], engine: createJavaScriptRawEngine() });

export interface ColouredToken {
  content: string;
  light?: string;
  dark?: string;
}

/** The lines of `code`, each a list of tokens with a colour per theme. */
export function jsonTokens(code: string): ColouredToken[][] {
  return codeToTokensWithThemes(shiki, code, { lang: 'json', themes: THEMES }).map((line) =>
    line.map((token) => ({ content: token.content, light: token.variants.light?.color, dark: token.variants.dark?.color })),
  );
}
