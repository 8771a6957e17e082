/**
 * The sidebar, generated: guides, families and concepts from the article folders, and every
 * model of the snapshot grouped by family. Adding an article or a model adds its entry.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadManifest } from '../data/snapshot.ts';

type SidebarItem =
  { slug: string } | { label: string; link: string } | { label: string; collapsed?: boolean; items: SidebarItem[] };

const ARTICLE_SECTIONS = [
  { directory: 'guides', label: 'Start here' },
  { directory: 'families', label: 'Families' },
  { directory: 'concepts', label: 'Concepts' },
] as const;

function articleSlugs(articlesDir: string, directory: string): string[] {
  const folder = join(articlesDir, directory);
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((file) => /\.mdx?$/.test(file) && !file.startsWith('_'))
    .sort()
    .map((file) => `${directory}/${file.replace(/\.mdx?$/, '')}`);
}

export function buildSidebar(articlesDir: string): SidebarItem[] {
  const sections: SidebarItem[] = [];
  for (const section of ARTICLE_SECTIONS) {
    const slugs = articleSlugs(articlesDir, section.directory);
    if (slugs.length > 0) sections.push({ label: section.label, items: slugs.map((slug) => ({ slug })) });
  }
  // Families in the order the manifest first lists them; models in manifest order within each.
  const byFamily = new Map<string, SidebarItem[]>();
  for (const { repo, family } of loadManifest().models) {
    const name = repo.split('/')[1] ?? repo;
    byFamily.set(family, [...(byFamily.get(family) ?? []), { label: name, link: `/models/${repo}/` }]);
  }
  sections.push({
    label: 'Models',
    items: [
      { label: 'All models', link: '/models/' },
      ...[...byFamily].map(([family, items]) => ({ label: family, collapsed: true, items })),
    ],
  });
  return sections;
}
