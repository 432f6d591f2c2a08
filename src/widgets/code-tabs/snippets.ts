import type { Backend } from '../../lib/backend.ts';
import { fillSnippet } from '../../lib/snippet-fill.ts';
import type { StepNumber } from '../../lib/trace/steps.ts';

/**
 * Each step of the flow in the ways a reader meets it: the Amplify client,
 * the AWS SDK v3, curl, a Lambda function or a backend (with jose where a
 * token is verified), and AWS's own verifier. The code lives in
 * content/snippets/step-<n>/<language>.<ext>, one file per tab, type-checked
 * by `npm run check` (content/snippets/tsconfig.json); this module picks a
 * step's files and fills them in with the page's pool, app client and API.
 *
 * A `.js` snippet runs in the reader's browser, so the playground can run it
 * (src/widgets/playground/); `.ts` snippets target Node, Lambda or AWS and
 * are read-only; `.sh` ones are curl.
 */
export type CodeLanguage = 'amplify' | 'sdk' | 'curl' | 'lambda' | 'aws-jwt-verify';

export interface Snippet {
  language: CodeLanguage;
  /** Shiki's language id. */
  lang: 'ts' | 'js' | 'bash';
  /** Its file under content/snippets/, e.g. `step-2/lambda.js`. */
  file: string;
  /** Whether the playground runs it: browser code, a `.js` file. */
  runnable: boolean;
  code: string;
}

/** The tabs, in their order; a step has some of them. */
export const CODE_LANGUAGES: Record<CodeLanguage, string> = {
  amplify: 'Amplify',
  sdk: 'AWS SDK v3',
  curl: 'curl',
  lambda: 'Lambda / jose',
  'aws-jwt-verify': 'aws-jwt-verify',
};

/** The snippet files' text by path under content/snippets/ (`step-2/sdk.ts`). */
export type SnippetSources = Readonly<Record<string, string>>;

const LANGS = { ts: 'ts', js: 'js', sh: 'bash' } as const;

/** One step's snippets, in tab order, filled in for `backend`. */
export function snippetsFor(step: StepNumber, backend: Backend, sources: SnippetSources): Snippet[] {
  const snippets: Snippet[] = [];
  for (const language of Object.keys(CODE_LANGUAGES) as CodeLanguage[]) {
    for (const [extension, lang] of Object.entries(LANGS)) {
      const file = `step-${step}/${language}.${extension}`;
      const code = sources[file];
      if (code !== undefined) snippets.push({ language, lang, file, runnable: lang === 'js', code: fillSnippet(code.trimEnd(), backend) });
    }
  }
  return snippets;
}
