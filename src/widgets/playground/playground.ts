import { pageBackend } from '../../lib/page-backend.ts';
import { fillSnippet } from '../../lib/snippet-fill.ts';
import { h, replace } from '../shared/dom.ts';
import { createEditor } from './editor.ts';
import type { LogLevel } from './protocol.ts';
import { runInSandbox, type RunOutcome, type SandboxRun } from './sandbox-host.ts';

/**
 * The playground of one snippet (a <tt-runnable>), loaded when the reader
 * opens it: the editor with the snippet, filled in with this page's stack
 * (for the stack in the browser, its URLs on this page's origin), Run, Stop
 * and Reset, and the output. Everything the code prints or throws shows as
 * text, never as markup.
 */
export function openPlayground(host: HTMLElement): void {
  if (host.dataset.open) return;
  host.dataset.open = 'true';
  const label = host.dataset.label ?? 'Code';
  const shown = host.querySelector<HTMLElement>('.tt-run__code');
  const openBar = host.querySelector<HTMLElement>('.tt-run__bar');
  const backend = pageBackend();
  const original = fillSnippet((shown?.querySelector('pre')?.textContent ?? '').trimEnd(), backend);

  const editorHost = h('div', { class: 'tt-run__editor' });
  const runButton = h('button', { class: 'tt-w__button', attrs: { type: 'button' } }, 'Run');
  const stopButton = h('button', { class: 'tt-w__button tt-w__button--quiet', attrs: { type: 'button', disabled: true } }, 'Stop');
  const resetButton = h('button', { class: 'tt-w__button tt-w__button--quiet', attrs: { type: 'button' } }, 'Reset');
  const output = h('pre', { class: 'tt-run__output', attrs: { role: 'log', 'aria-label': `Output of ${label}`, tabindex: 0 } });
  const status = h('p', { class: 'tt-w__status', attrs: { role: 'status' } });
  const sandboxes = h('div', { class: 'tt-run__sandboxes' });

  let current: SandboxRun | undefined;
  let runs = 0;
  const line = (text: string, kind: LogLevel | 'thrown' | 'note') => {
    output.append(h('span', { class: `tt-run__line tt-run__line--${kind}` }, `${text}\n`));
  };
  const say = (text: string, tone?: 'ok' | 'fail' | 'warn') => {
    status.textContent = text;
    if (tone) status.dataset.tone = tone;
    else delete status.dataset.tone;
  };

  const run = () => {
    const id = ++runs;
    current?.stop();
    replace(output);
    say('Running…');
    runButton.disabled = true;
    stopButton.disabled = false;
    current = runInSandbox(editor.code(), backend, sandboxes, {
      log: (level, text) => {
        if (id === runs) line(level === 'warn' || level === 'error' ? `${level === 'warn' ? 'Warning' : 'Error'}: ${text}` : text, level);
      },
      ended: (outcome: RunOutcome) => {
        if (id !== runs) return;
        runButton.disabled = false;
        stopButton.disabled = true;
        if (outcome.kind === 'finished') {
          if (!output.hasChildNodes()) line('(It printed nothing.)', 'note');
          say('Finished.', 'ok');
        } else if (outcome.kind === 'threw') {
          line(`Threw ${outcome.text}`, 'thrown');
          say(`It threw ${outcome.text}`, 'fail');
        } else if (outcome.kind === 'stopped') {
          say('Stopped.', 'warn');
        } else {
          say(outcome.text, 'fail');
        }
      },
    });
  };

  const editor = createEditor(editorHost, original, { label, onRun: run });
  runButton.addEventListener('click', run);
  stopButton.addEventListener('click', () => current?.stop());
  resetButton.addEventListener('click', () => {
    runs++;
    current?.stop();
    current = undefined;
    runButton.disabled = false;
    stopButton.disabled = true;
    editor.setCode(original);
    replace(output);
    say('Back to the code as the chapter shows it.');
    editor.focus();
  });

  const playground = h(
    'div',
    { class: 'tt-run__playground' },
    editorHost,
    h('div', { class: 'tt-run__bar' }, runButton, stopButton, resetButton, h('span', { class: 'tt-run__hint' }, 'Ctrl+Enter runs it too.')),
    h('p', { class: 'tt-run__output-title' }, 'Output'),
    output,
    status,
    sandboxes,
  );
  if (shown) shown.hidden = true;
  if (openBar) openBar.hidden = true;
  (openBar ?? shown ?? host).after(playground);
  editor.focus();
}
