/**
 * The sidebar, generated: guides, families and concepts from the article folders, and every
 * model of the snapshot grouped by family. Adding an article or a model adds its entry.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { snapshotIds } from '../data/snapshot.ts';
import { FAMILIES, familyLabel, familyRank } from './families.ts';

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
  const byOrg = new Map<string, string[]>();
  for (const id of snapshotIds()) {
    const [org = '', name = ''] = id.split('/');
    byOrg.set(org, [...(byOrg.get(org) ?? []), name]);
  }
  const orgs = [...byOrg.keys()].sort((a, b) => familyRank(a) - familyRank(b) || a.localeCompare(b));
  sections.push({
    label: 'Models',
    items: [
      { label: 'All models', link: '/models/' },
      ...orgs.map((org) => ({
        label: familyLabel(org),
        collapsed: true,
        items: [...(byOrg.get(org) ?? [])]
          .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
          .map((name) => ({ label: name, link: `/models/${org}/${name}/` })),
      })),
    ],
  });
  return sections;
}

export { FAMILIES };
