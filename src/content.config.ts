/**
 * Articles: the `docs` collection Starlight renders, loaded from the top-level content/articles/.
 * Frontmatter is Starlight's (title, description, lastUpdated, sidebar…) plus what the site
 * needs to connect an article to the snapshot: its kind, its family, and the models it covers,
 * each checked against content/configs/ so a typo fails the build.
 */
import { docsSchema, i18nSchema } from '@astrojs/starlight/schema';
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';
import { snapshotIds } from './data/snapshot.ts';
import { closestMatches } from './lib/suggest.ts';
import { sitePath } from './site/url.ts';
import { LANGS, MESSAGES } from './site/i18n.ts';

const modelIds = snapshotIds();

const modelId = z.string().refine((id) => modelIds.includes(id), {
  error: (issue) =>
    `"${String(issue.input)}" is not in the snapshot (content/configs/); closest: ${closestMatches(String(issue.input), modelIds, 3).join(', ')}`,
});

/** Our UI strings next to Starlight's, one string per key (src/site/i18n.ts holds both languages). */
const messageKeys = z.object(Object.fromEntries(Object.keys(MESSAGES.en).map((key) => [key, z.string()])));

export const collections = {
  /**
   * Starlight's UI strings: its own Korean ones ship with it; this collection adds ours, in both
   * languages, from the one dictionary the components and islands use.
   */
  i18n: defineCollection({
    loader: () => LANGS.map((lang) => ({ id: lang, ...MESSAGES[lang] })),
    schema: i18nSchema({ extend: messageKeys }),
  }),
  docs: defineCollection({
    loader: glob({ pattern: '**/[^_]*.{md,mdx}', base: './content/articles' }),
    // The home page's hero buttons are frontmatter links Starlight renders as written: give them the
    // base path as the article rehype step does for links in the text (src/site/url.ts).
    schema: (context) =>
      docsSchema({
        extend: z.object({
          /** What the article is: a family note, a concept, a guide, a reference table (the glossary), or the home page. */
          kind: z.enum(['home', 'guide', 'family', 'concept', 'reference']).default('guide'),
          /** For family notes: the family it covers (GPT-2, Llama, Mistral, Gemma, Qwen). */
          family: z.string().optional(),
          /** Snapshot ids of the models the article computes numbers for. */
          models: z.array(modelId).default([]),
        }),
      })(context).transform((data) =>
        data.hero?.actions === undefined
          ? data
          : {
              ...data,
              hero: {
                ...data.hero,
                actions: data.hero.actions.map((action) => ({ ...action, link: sitePath(action.link) })),
              },
            },
      ),
  }),
};
