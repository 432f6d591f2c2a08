import { javascript } from '@codemirror/lang-javascript';
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { EditorState } from '@codemirror/state';
import { keymap } from '@codemirror/view';
import { tags } from '@lezer/highlight';
import { basicSetup, EditorView } from 'codemirror';

/**
 * The playground's editor: CodeMirror 6 (https://codemirror.net/docs/), with
 * JavaScript highlighting in the site's code colours, loaded only when a
 * reader opens a snippet.
 *
 * It lives in a shadow root. CodeMirror adds its styles at run time, into a
 * `<style>` element in a document but as a constructed stylesheet in a shadow
 * root (https://github.com/marijnh/style-mod); the site's CSP admits no
 * `<style>` element that it did not ship, and a constructed stylesheet is not
 * one (https://www.w3.org/TR/CSP3/#directive-style-src).
 */
export interface Editor {
  view: EditorView;
  code(): string;
  setCode(code: string): void;
  focus(): void;
}

// GitHub's default light and dark colours, the pair the site's Shiki themes use (every one reaches 4.5:1 on the code background).
const pair = (light: string, dark: string) => `light-dark(${light}, ${dark})`;
const highlight = HighlightStyle.define([
  {
    tag: [tags.keyword, tags.controlKeyword, tags.moduleKeyword, tags.operatorKeyword, tags.definitionKeyword, tags.modifier],
    color: pair('#cf222e', '#ff7b72'),
  },
  { tag: [tags.string, tags.special(tags.string), tags.regexp], color: pair('#0a3069', '#a5d6ff') },
  { tag: [tags.comment, tags.lineComment, tags.blockComment, tags.docComment], color: pair('#59636e', '#9198a1'), fontStyle: 'italic' },
  { tag: [tags.number, tags.bool, tags.null, tags.atom, tags.propertyName, tags.constant(tags.variableName)], color: pair('#0550ae', '#79c0ff') },
  {
    tag: [tags.function(tags.variableName), tags.function(tags.propertyName), tags.definition(tags.function(tags.variableName))],
    color: pair('#6639ba', '#d2a8ff'),
  },
  { tag: [tags.typeName, tags.className, tags.namespace], color: pair('#953800', '#ffa657') },
  { tag: tags.invalid, color: pair('#82071e', '#ffa198') },
]);

const theme = EditorView.theme({
  '&': {
    color: 'var(--w-fg)',
    backgroundColor: 'var(--w-code-bg)',
    border: '1px solid var(--w-border)',
    borderRadius: 'calc(var(--w-radius) - 2px)',
    fontSize: '0.85rem',
  },
  '&.cm-focused': { outline: '3px solid var(--w-focus)', outlineOffset: '2px' },
  '.cm-scroller': { fontFamily: 'var(--w-mono)', lineHeight: '1.45', overflow: 'auto' },
  '.cm-content': { caretColor: 'var(--w-fg)', padding: '0.5rem 0' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--w-fg)' },
  '.cm-gutters': { backgroundColor: 'var(--w-bg)', color: 'var(--w-muted)', borderRight: '1px solid var(--w-border)' },
  '.cm-activeLine, .cm-activeLineGutter': { backgroundColor: 'color-mix(in srgb, var(--w-accent-soft) 45%, transparent)' },
  '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, ::selection': {
    backgroundColor: 'color-mix(in srgb, var(--w-accent) 30%, transparent)',
  },
  '.cm-matchingBracket': { backgroundColor: 'color-mix(in srgb, var(--w-accent) 20%, transparent)', outline: '1px solid var(--w-border)' },
  '.cm-panels': { backgroundColor: 'var(--w-bg)', color: 'var(--w-fg)' },
  '.cm-tooltip': { backgroundColor: 'var(--w-bg)', color: 'var(--w-fg)', border: '1px solid var(--w-border)' },
});

export function createEditor(parent: HTMLElement, code: string, options: { label: string; onRun: () => void }): Editor {
  // Open, so that the page's tests and assistive technology reach the editor's text.
  const root = parent.attachShadow({ mode: 'open' });
  const mount = document.createElement('div');
  root.append(mount);
  const view = new EditorView({
    root,
    parent: mount,
    state: EditorState.create({
      doc: code,
      extensions: [
        // Ctrl-Enter (Cmd-Enter) runs, before basicSetup's bindings see it. Tab stays the browser's: it moves focus on.
        keymap.of([
          {
            key: 'Mod-Enter',
            run: () => {
              options.onRun();
              return true;
            },
          },
        ]),
        basicSetup,
        javascript(),
        syntaxHighlighting(highlight),
        theme,
        // Long lines wrap, and the editor grows with its text: no region that scrolls by itself, which a
        // keyboard could not reach (https://dequeuniversity.com/rules/axe/4.10/scrollable-region-focusable),
        // and nothing wider than a 320 px screen.
        EditorView.lineWrapping,
        EditorView.contentAttributes.of({ 'aria-label': `${options.label}: code, editable. Ctrl+Enter runs it.` }),
      ],
    }),
  });
  return {
    view,
    code: () => view.state.doc.toString(),
    setCode: (next) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: next } }),
    focus: () => view.focus(),
  };
}
