import { h } from '../dom.ts';

/**
 * A block of JSON: shown as plain text at once, then coloured by Shiki once
 * its (lazily loaded) highlighter arrives. The text never changes, only its
 * colour, and it is always set as text: whatever a token or a server put in
 * the JSON shows as characters.
 */
export function jsonBlock(value: unknown, label: string): HTMLElement {
  const text = typeof value === 'string' ? value : JSON.stringify(value, null, 2);
  const code = h('code', null, text);
  // Focusable, so that a keyboard user can scroll a wide block.
  const block = h('pre', { class: 'tt-code', attrs: { tabindex: 0, 'aria-label': label } }, code);
  if (looksLikeJson(text)) void colour(code, text);
  return block;
}

function looksLikeJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

async function colour(code: HTMLElement, text: string): Promise<void> {
  let lines: ReturnType<typeof import('./shiki-json.ts').jsonTokens>;
  try {
    const { jsonTokens } = await import('./shiki-json.ts');
    lines = jsonTokens(text);
  } catch {
    return; // Uncoloured JSON is still JSON.
  }
  const fragment = document.createDocumentFragment();
  lines.forEach((line, index) => {
    if (index > 0) fragment.append('\n');
    for (const token of line) {
      const span = document.createElement('span');
      span.textContent = token.content;
      // Custom properties set through the CSSOM, which a Content-Security-Policy allows.
      if (token.light) span.style.setProperty('--shiki-light', token.light);
      if (token.dark) span.style.setProperty('--shiki-dark', token.dark);
      fragment.append(span);
    }
  });
  code.replaceChildren(fragment);
}
