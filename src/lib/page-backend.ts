import { resolveBackend, type Backend } from './backend.ts';

let cached: Backend | undefined;

/**
 * In the browser: the backend the page was built for, from the
 * `<script type="application/json" id="tt-backend">` block every page
 * carries (src/components/BackendData.astro), with the in-browser stack's
 * URLs made absolute on the page's own origin (src/lib/backend.ts
 * `resolveBackend`), so that widgets get full URLs whatever the kind.
 */
export function pageBackend(doc: Document = document): Backend {
  if (cached && doc === document) return cached;
  const element = doc.getElementById('tt-backend');
  if (!element?.textContent) throw new Error('This page has no #tt-backend block.');
  const backend = resolveBackend(JSON.parse(element.textContent) as Backend, doc.location?.origin ?? location.origin);
  if (doc === document) cached = backend;
  return backend;
}
