/**
 * Loading a widget's code on demand. When the download fails, the reader
 * hears that, not a misleading "the stack is not running".
 */
export class ModuleLoadError extends Error {
  constructor(cause: unknown) {
    super('Part of this widget failed to load (the site may have changed since this page was opened). Reload the page and try again.', { cause });
    this.name = 'ModuleLoadError';
  }
}

/** Loads a widget's lazy code, turning a failed download into a ModuleLoadError. */
export async function lazily<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    throw new ModuleLoadError(error);
  }
}
