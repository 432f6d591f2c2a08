import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';

// The chapters live in the top-level content/ folder, outside src/, so that
// authors find them without learning Astro's layout.
const chapters = defineCollection({
  loader: glob({ base: './content', pattern: '**/[^_]*.mdx' }),
  schema: z.object({
    title: z.string(),
    /** Which of the seven steps of the flow this chapter is about; absent for overview and deeper chapters. */
    step: z.number().int().min(1).max(7).optional(),
    /** Position in the reading order. */
    order: z.number(),
    summary: z.string(),
    widgets: z.array(z.string()).default([]),
  }),
});

export const collections = { chapters };
