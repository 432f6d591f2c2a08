import { getCollection, type CollectionEntry } from 'astro:content';
import { withBase } from './base-path.ts';

export type Chapter = CollectionEntry<'chapters'>;

export interface Section {
  id: 'start' | 'steps' | 'guides';
  title: string;
  chapters: Chapter[];
}

const SECTION_TITLES: Record<Section['id'], string> = {
  start: 'Start here',
  steps: 'The seven steps',
  guides: 'Go deeper',
};

/** Every chapter, in reading order. */
export async function chapters(): Promise<Chapter[]> {
  return (await getCollection('chapters')).sort((a, b) => a.data.order - b.data.order);
}

/** The chapter's URL, under the site's base; its file path under content/ decides it, so it is stable. */
export function chapterHref(chapter: Chapter): string {
  return withBase(`/${chapter.id}/`);
}

export function sectionOf(chapter: Chapter): Section['id'] {
  if (chapter.id.startsWith('steps/')) return 'steps';
  if (chapter.id.startsWith('guides/')) return 'guides';
  return 'start';
}

/** The chapters grouped the way the contents menu and the home page list them. */
export async function sections(): Promise<Section[]> {
  const all = await chapters();
  return (['start', 'steps', 'guides'] as const)
    .map((id) => ({ id, title: SECTION_TITLES[id], chapters: all.filter((chapter) => sectionOf(chapter) === id) }))
    .filter((section) => section.chapters.length > 0);
}

export function navTitle(chapter: Chapter): string {
  return chapter.data.navTitle ?? chapter.data.title;
}

/** What a chapter's eyebrow says: "Step 3 of 7", "Go deeper" or "Start here". */
export function eyebrow(chapter: Chapter): string {
  if (chapter.data.step) return `Step ${chapter.data.step} of 7`;
  return SECTION_TITLES[sectionOf(chapter)];
}

/** A chapter with no widget is prose-only: the site sends it no JavaScript at all. */
export function isProseOnly(chapter: Chapter): boolean {
  return chapter.data.widgets.length === 0;
}

/** Reading time at 220 words a minute, counting code as half. */
export function readingMinutes(body: string | undefined): number {
  if (!body) return 1;
  const code = [...body.matchAll(/```[\s\S]*?```/g)].map((match) => match[0]).join(' ');
  const prose = body.replace(/```[\s\S]*?```/g, ' ').replace(/<[^>]+>/g, ' ');
  const words = (text: string) => text.split(/\s+/).filter(Boolean).length;
  return Math.max(1, Math.round((words(prose) + words(code) / 2) / 220));
}
