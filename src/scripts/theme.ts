/**
 * Remembers the theme the reader picks with the header's radios. CSS applies
 * the radios by itself (tokens.css); this keeps the choice in localStorage
 * and mirrors it on <html data-theme>, which the inline script in Base.astro
 * restores before the next page paints.
 */
const KEY = 'tt-theme';
type Theme = 'light' | 'dark' | 'system';

function stored(): Theme | null {
  try {
    const value = localStorage.getItem(KEY);
    return value === 'light' || value === 'dark' || value === 'system' ? value : null;
  } catch {
    return null; // Storage can be blocked; the page then simply forgets.
  }
}

export function initTheme(): void {
  const radios = [...document.querySelectorAll<HTMLInputElement>('input[name="tt-theme"]')];
  const theme = stored();
  if (theme) {
    const radio = radios.find((input) => input.value === theme);
    if (radio) radio.checked = true;
  }
  for (const radio of radios) {
    radio.addEventListener('change', () => {
      if (!radio.checked) return;
      const value = radio.value as Theme;
      document.documentElement.dataset.theme = value;
      try {
        localStorage.setItem(KEY, value);
      } catch {}
    });
  }
}
