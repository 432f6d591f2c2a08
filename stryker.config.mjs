// Mutation testing of the security-critical modules: `npm run mutation`.
// Not part of `npm test` or CI: a run takes minutes (see README.md).
import { readFileSync, writeFileSync } from 'node:fs';
import { stripTypeScriptTypes } from 'node:module';
import { fileURLToPath } from 'node:url';

const mutate = ['src/stack/gateway/authorizer/**/*.ts', 'src/stack/userpool/srp/**/*.ts', 'src/stack/userpool/sigv4.ts', 'src/stack/userpool/attributes.ts'];

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  mutate,
  // Each test file runs as `node --test-reporter=tap <file>`, with the mutant
  // switched on through the environment; a file is one "test" to Stryker.
  testRunner: 'tap',
  tap: {
    testFiles: [
      'tests/gateway/authorizer-units.test.ts',
      'tests/gateway/jwks-units.test.ts',
      'tests/gateway/rest-jwt.test.ts',
      'tests/userpool/srp-units.test.ts',
      'tests/userpool/sigv4-rules.test.ts',
      'tests/userpool/attribute-rules.test.ts',
      'tests/userpool/srp.test.ts',
    ],
    nodeArgs: ['--test-reporter=tap', '-r', '{{hookFile}}', '{{testFile}}'],
  },
  coverageAnalysis: 'perTest',
  concurrency: 2,
  // The sandbox needs the code and the tests; node_modules is linked.
  ignorePatterns: ['/*', '!/src', '!/tests', '!/package.json', '!/tsconfig.json'],
  buildCommand: `node ${fileURLToPath(import.meta.url).replaceAll(' ', '\\ ')} --parenthesize`,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  clearTextReporter: { reportMutants: false, reportTests: false, logTests: false },
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 80, break: null },
};

/**
 * Node strips TypeScript with swc, whose parser rejects one valid shape that
 * Stryker's mutation switching produces: a conditional nested in the true
 * branch of another whose false branch is an arrow function,
 * `c ? m ? () => undefined : (cov(), x => f(x)) : x => {…}` (bytes.ts writes
 * `c ? (x) => … : (x) => …`). In the sandbox, after instrumenting, every such
 * true branch that swc cannot read is put in parentheses, which changes
 * nothing; TypeScript's own parser finds them.
 */
async function parenthesizeInstrumentedFiles(files) {
  const { default: ts } = await import('typescript');
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    if (strips(text)) continue;
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const edits = [];
    const visit = (node) => {
      if (ts.isConditionalExpression(node) && (ts.isConditionalExpression(node.whenTrue) || ts.isArrowFunction(node.whenTrue))) {
        edits.push([node.whenTrue.getStart(source), node.whenTrue.getEnd()]);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
    let fixed = text;
    for (const [start, end] of edits.sort((a, b) => b[0] - a[0])) fixed = `${fixed.slice(0, start)}(${fixed.slice(start, end)})${fixed.slice(end)}`;
    if (!strips(fixed)) throw new Error(`${file}: Node still cannot strip the types of the instrumented file`);
    writeFileSync(file, fixed);
    console.log(`parenthesized ${edits.length} conditional branches in ${file}`);
  }
}

function strips(text) {
  try {
    stripTypeScriptTypes(text);
    return true;
  } catch {
    return false;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === '--parenthesize') {
  const { globSync } = await import('node:fs');
  await parenthesizeInstrumentedFiles(mutate.flatMap((pattern) => globSync(pattern)));
}
