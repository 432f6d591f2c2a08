import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EMBEDS } from '../../src/embed/widgets.ts';

/**
 * Every page of the site, from the sources: each chapter in content/ (its
 * file path is its URL) plus the pages in src/pages/, the embeds among them.
 */
export interface ChapterInfo {
  id: string;
  path: string;
  title: string;
  step?: number;
  order: number;
  widgets: string[];
}

const CONTENT = fileURLToPath(new URL('../../content', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name)) : entry.name.endsWith('.mdx') && !entry.name.startsWith('_') ? [join(dir, entry.name)] : [],
  );
}

function field(frontMatter: string, name: string): string | undefined {
  return new RegExp(`^${name}:\\s*(.+)$`, 'm').exec(frontMatter)?.[1]?.trim();
}

export const CHAPTERS: ChapterInfo[] = files(CONTENT)
  .map((file) => {
    const frontMatter = /^---\n([\s\S]*?)\n---/.exec(readFileSync(file, 'utf8'))?.[1] ?? '';
    const id = relative(CONTENT, file)
      .split(sep)
      .join('/')
      .replace(/\.mdx$/, '');
    const title = JSON.parse(field(frontMatter, 'title') ?? '""') as string;
    const step = field(frontMatter, 'step');
    const widgets = field(frontMatter, 'widgets');
    return {
      id,
      path: `/${id}/`,
      title,
      step: step ? Number(step) : undefined,
      order: Number(field(frontMatter, 'order')),
      widgets: widgets
        ? widgets
            .replace(/[[\]\s]/g, '')
            .split(',')
            .filter(Boolean)
        : [],
    };
  })
  .sort((a, b) => a.order - b.order);

export const STEP_CHAPTERS = CHAPTERS.filter((chapter) => chapter.step !== undefined);
export const PROSE_ONLY = CHAPTERS.filter((chapter) => chapter.widgets.length === 0);
export const WITH_WIDGETS = CHAPTERS.filter((chapter) => chapter.widgets.length > 0);

/** The embeds, one page per widget for other sites' frames (src/embed/widgets.ts). */
export const EMBED_PAGES = EMBEDS.map((widget) => `/embed/${widget.slug}/`);

/** Every URL a reader can land on. */
export const ALL_PAGES = ['/', '/search/', ...CHAPTERS.map((chapter) => chapter.path), '/404.html', ...EMBED_PAGES];
