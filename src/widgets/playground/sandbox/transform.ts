/**
 * A snippet as the sandbox runs it: the body of an async function, so that
 * top-level `await` works, with each static `import … from '…'` turned into a
 * `const` that takes the module's exports from `__ttImport` (the libraries are
 * loaded first, as classic scripts), and `export` dropped from declarations.
 * Every line stays on its line, so that an error's line number is the
 * reader's.
 *
 * It reads `import` statements only at the start of a line, as snippets and
 * readers write them; anything else stays as written, and an import it did
 * not understand fails as JavaScript does: "Cannot use import statement
 * outside a module".
 */
export interface Transformed {
  body: string;
  /** The modules imported, in order, without repeats. */
  specifiers: string[];
}

export const IMPORT_FUNCTION = '__ttImport';

const SIDE_EFFECT_IMPORT = /^([ \t]*)import[ \t]*(['"])([^'"\n]+)\2[ \t]*;?/gm;
const IMPORT = /^([ \t]*)import\s+(type\s+)?([^;'"]*?)\s*from\s*(['"])([^'"\n]+)\4[ \t]*;?/gm;
const EXPORT = /^([ \t]*)export\s+(?=(?:async\s+)?function\b|const\b|let\b|var\b|class\b)/gm;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

export function transform(code: string): Transformed {
  const specifiers: string[] = [];
  const use = (specifier: string) => {
    if (!specifiers.includes(specifier)) specifiers.push(specifier);
    return `${IMPORT_FUNCTION}(${JSON.stringify(specifier)})`;
  };
  const sameLines = (text: string) => '\n'.repeat(text.split('\n').length - 1);
  const body = code
    .replace(SIDE_EFFECT_IMPORT, (match, indent: string, _quote, specifier: string) => `${indent}${use(specifier)};${sameLines(match)}`)
    .replace(IMPORT, (match, indent: string, typeOnly: string | undefined, clause: string, _quote, specifier: string) => {
      if (typeOnly) return sameLines(match);
      const bindings = bindingsOf(clause.trim());
      if (bindings === undefined) return match;
      return `${indent}${bindings.map((binding) => `const ${binding} = ${use(specifier)};`).join(' ')}${sameLines(match)}`;
    })
    .replace(EXPORT, '$1');
  return { body, specifiers };
}

/** `Default`, `{ a, b as c }`, `* as ns`, or a default and one of the others: what each `const` binds. */
function bindingsOf(clause: string): string[] | undefined {
  const out: string[] = [];
  let rest = clause;
  const defaultName = /^([A-Za-z_$][\w$]*)\s*(?:,\s*|$)/.exec(rest);
  if (defaultName && defaultName[1] !== 'type') {
    out.push(`{ default: ${defaultName[1]} }`);
    rest = rest.slice(defaultName[0].length);
  }
  if (rest === '') return out.length ? out : undefined;
  const namespace = /^\*\s+as\s+([A-Za-z_$][\w$]*)$/.exec(rest);
  if (namespace) return [...out, namespace[1]!];
  const named = /^\{([^}]*)\}$/.exec(rest);
  if (!named) return undefined;
  const parts: string[] = [];
  for (const raw of named[1]!.split(',')) {
    const part = raw.trim();
    if (part === '' || part.startsWith('type ')) continue;
    const [imported, local = imported] = part.split(/\s+as\s+/).map((name) => name.trim());
    if (!IDENTIFIER.test(imported!) || !IDENTIFIER.test(local!)) return undefined;
    parts.push(imported === local ? imported! : `${imported}: ${local}`);
  }
  return [...out, `{ ${parts.join(', ')} }`];
}

/**
 * The line of the reader's code an error points at, from its stack: code
 * made by the AsyncFunction constructor reports `<anonymous>:LINE:COLUMN`,
 * counted from the function's header, two lines above the body
 * (https://tc39.es/ecma262/#sec-createdynamicfunction).
 */
export function snippetLine(stack: string | undefined): number | undefined {
  const match = /<anonymous>:(\d+):\d+/.exec(stack ?? '');
  if (!match) return undefined;
  const line = Number(match[1]) - 2;
  return line >= 1 ? line : undefined;
}
