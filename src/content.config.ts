import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';

// The chapters live in the top-level content/ folder, outside src/, so that
// authors find them without learning Astro's layout. A file's path is its
// URL: content/steps/sign-in.mdx is /steps/sign-in/. Renaming a file breaks
// every deep link to it, so don't.
const chapters = defineCollection({
  loader: glob({ base: './content', pattern: '**/[^_]*.mdx' }),
  schema: z.object({
    title: z.string(),
    /** A shorter title for navigation and the diagram's captions. */
    navTitle: z.string().optional(),
    /** Which of the seven steps of the flow this chapter is about; absent for the overview and the deeper chapters. */
    step: z.number().int().min(1).max(7).optional(),
    /** Steps a deeper chapter is about, highlighted in the flow diagram. */
    relatedSteps: z.array(z.number().int().min(1).max(7)).default([]),
    /** Position in the reading order (previous/next follow it). */
    order: z.number(),
    summary: z.string(),
    /** The instructor pack: how long the chapter takes in a workshop, in minutes. */
    minutes: z.number().int().positive().optional(),
    /** The instructor pack: what a participant can do after the chapter, one sentence each. */
    objectives: z.array(z.string()).default([]),
    /**
     * The instructor pack: two or three questions that check the chapter was
     * understood. The answers are folded away on the page; presenter mode and
     * the speaker notes show them.
     */
    checkpoints: z.array(z.object({ question: z.string(), answer: z.string() })).default([]),
    /** The widgets the chapter embeds. A chapter without any is prose-only and ships no JavaScript. */
    widgets: z.array(z.enum(['SignIn', 'TokenInspector', 'JwksViewer', 'ApiCall', 'TamperLab', 'CodeTabs', 'Runnable'])).default([]),
  }),
});

export const collections = { chapters };
