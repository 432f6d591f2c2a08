import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { createHighlighter } from 'shiki';
import { JSON_GRAMMAR_FILE, jsonGrammarModule } from '../../scripts/precompile-json-grammar.ts';
import { jsonTokens } from '../../src/widgets/shared/highlight/shiki-json.ts';
import { THEMES } from '../../src/widgets/shared/highlight/themes.ts';

test('the checked-in precompiled JSON grammar is what the script generates from the installed shiki', () => {
  assert.equal(readFileSync(JSON_GRAMMAR_FILE, 'utf8'), jsonGrammarModule(), 'run: node scripts/precompile-json-grammar.ts');
});

test("the browser's small highlighter colours JSON exactly as full Shiki does", async () => {
  const sample = JSON.stringify(
    { sub: 'abc', 'cognito:groups': ['admin'], email_verified: true, exp: 1795677729, nothing: null, nested: { a: [1.5, -2e3] } },
    null,
    2,
  );
  const full = await createHighlighter({ langs: ['json'], themes: Object.values(THEMES) });
  const expected = full.codeToTokens(sample, { lang: 'json', themes: THEMES }).tokens.map((line) => line.map((token) => token.htmlStyle));
  const actual = jsonTokens(sample).map((line) => line.map((token) => ({ '--shiki-light': token.light, '--shiki-dark': token.dark })));
  assert.equal(actual.flat().length, expected.flat().length);
  assert.deepEqual(
    actual.map((line) => line.map((style) => `${style['--shiki-light']} ${style['--shiki-dark']}`.toLowerCase())),
    expected.map((line) => line.map((style) => `${style?.color ?? style?.['--shiki-light']} ${style?.['--shiki-dark']}`.toLowerCase())),
  );
});
