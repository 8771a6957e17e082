/**
 * Guards over every article in dist/: the numbers a config determines come from components, not
 * from the author's keyboard (a drift guard); internal links resolve; each article has its
 * formula and live component and links the model pages of the models it covers. (Diagrams are not
 * required: new articles draw none until the static block-diagram component exists.)
 * Failures name the MDX file and line.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { kvCacheAtMaxContext } from '../../src/lib/kv-cache.ts';
import { formatBytes, formatCount, formatInteger } from '../../src/lib/units.ts';
import { allModels } from '../../src/site/build/models.ts';
import type { SiteModel } from '../../src/site/build/models.ts';
import { assertBuilt, DIST, parsePage, readPage } from './dist.ts';

const ARTICLES = fileURLToPath(new URL('../../content/articles/', import.meta.url));

interface Article {
  /** content/articles/… path, for messages. */
  file: string;
  source: string;
  /** The built page, relative to dist/. */
  page: string;
  kind: string;
  models: string[];
}

function articles(dir = ARTICLES): Article[] {
  const found: Article[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      found.push(...articles(path));
      continue;
    }
    if (!/\.mdx?$/.test(name) || name.startsWith('_')) continue;
    const source = readFileSync(path, 'utf8');
    const frontmatter = (yaml.load(/^---\n([\s\S]*?)\n---/.exec(source)?.[1] ?? '') ?? {}) as Record<string, unknown>;
    const slug = relative(ARTICLES, path).replace(/\.mdx?$/, '');
    found.push({
      file: relative(join(ARTICLES, '..', '..'), path),
      source,
      page: slug === 'index' ? 'index.html' : `${slug.replace(/\/index$/, '')}/index.html`,
      kind: typeof frontmatter['kind'] === 'string' ? frontmatter['kind'] : 'guide',
      models: Array.isArray(frontmatter['models']) ? (frontmatter['models'] as string[]) : [],
    });
  }
  return found.sort((a, b) => a.file.localeCompare(b.file));
}

/**
 * The texts a hand-typed copy of a config-determined number would take: every headline count
 * and size of the model formatted as the site formats it (8.03 B, 128 KiB, 16 GiB), exact
 * counts with and without separators, and the config's sizes of four digits or more.
 */
function computedTexts(model: SiteModel): Map<string, string> {
  const texts = new Map<string, string>();
  const add = (label: string, ...forms: string[]) => {
    for (const form of forms) texts.set(form.replace(/\s+/g, ''), label);
  };
  for (const [part, value] of Object.entries(model.analysis.params)) {
    // A zero (a text-only model's params.vision) is no computed number an author could have copied.
    if (typeof value === 'number' && value > 0)
      add(`params.${part}`, formatCount(value), formatInteger(value), String(value));
  }
  add('kvCache.bytesPerToken', formatBytes(model.analysis.kvCache.bytesPerToken));
  const full = kvCacheAtMaxContext(model.spec, 'bf16');
  add('kvCache.bytes at full context', formatBytes(full));
  const sizes: [string, number][] = [
    ['hiddenSize', model.spec.hiddenSize],
    ['ffnSize', model.spec.ffnSize],
    ['vocabSize', model.spec.vocabSize],
    ['maxContextTokens', model.spec.maxContextTokens],
  ];
  if (model.spec.position.kind === 'rope') sizes.push(['position.theta', model.spec.position.theta]);
  for (const window of new Set(model.analysis.architecture.layerWindows)) {
    if (window !== null) sizes.push(['sliding window', window]);
  }
  for (const [name, value] of sizes) {
    if (value >= 1000) add(`architecture.${name}`, formatInteger(value), String(value));
  }
  return texts;
}

const NUMBER = /\d[\d,]*(?:\.\d+)?(?:\s?(?:KiB|MiB|GiB|TiB|KB|MB|GB|TB|[kMGTPE]?FLOPs?|[KMBT])\b)?/g;

/** Text outside computed numbers, code, maths and diagrams: what an author typed. */
function authoredText(content: Element): string {
  const clone = content.cloneNode(true) as Element;
  for (const element of clone.querySelectorAll(
    '[data-metric], [data-derived], [data-echo], code, pre, script, style, .katex, atlas-mermaid, .expressive-code, form, svg, .calc-share',
  )) {
    element.remove();
  }
  return clone.textContent ?? '';
}

function lineOf(source: string, token: string): number {
  const lines = source.split('\n');
  const index = lines.findIndex((line) => line.includes(token));
  return index === -1 ? 0 : index + 1;
}

const all = articles();
const byId = new Map(allModels().map((model) => [model.id, model]));

beforeAll(() => assertBuilt());

describe('articles', () => {
  it('exist', () => {
    expect(all.length).toBeGreaterThan(1);
  });

  it.each(all.map((article) => [article.file, article] as const))(
    '%s: no hand-typed computed numbers',
    (_file, article) => {
      const document = parsePage(readPage(article.page));
      const content = document.querySelector('.sl-markdown-content') ?? document.body;
      const text = authoredText(content);
      const forbidden = new Map<string, string>();
      for (const id of article.models) {
        const model = byId.get(id);
        if (model) for (const [form, label] of computedTexts(model)) forbidden.set(form, `${id} ${label}`);
      }
      const problems: string[] = [];
      for (const match of text.matchAll(NUMBER)) {
        const token = match[0].trim();
        const label = forbidden.get(token.replace(/\s+/g, ''));
        if (label !== undefined) {
          problems.push(
            `${article.file}:${lineOf(article.source, token)}: "${token}" is ${label}; render it with a component (<Params>, <Value>) instead of typing it`,
          );
        }
      }
      expect(problems).toEqual([]);
    },
  );

  it.each(all.map((article) => [article.file, article] as const))('%s: internal links resolve', (_file, article) => {
    const document = parsePage(readPage(article.page));
    const broken: string[] = [];
    for (const link of document.querySelectorAll('a[href^="/"]')) {
      const href = link.getAttribute('href') ?? '';
      const path = decodeURIComponent(href.split(/[?#]/)[0] ?? '');
      const target = join(DIST, path);
      const exists = path.endsWith('/') ? existsSync(join(target, 'index.html')) : existsSync(target);
      if (!exists) broken.push(`${article.file}:${lineOf(article.source, href)}: link to ${href} leads nowhere`);
    }
    expect(broken).toEqual([]);
  });

  it.each(all.filter((article) => article.kind !== 'home').map((article) => [article.file, article] as const))(
    '%s: has a formula, a live component and links to its models',
    (_file, article) => {
      const document = parsePage(readPage(article.page));
      const content = document.querySelector('.sl-markdown-content') ?? document.body;
      const missing: string[] = [];
      if (content.querySelector('.katex') === null) missing.push('a formula ($…$ or $$…$$)');
      if (content.querySelector('atlas-calc') === null)
        missing.push('a live component (<KvCache>, <Flops>, <CompareModels>…)');
      if (article.models.length === 0) missing.push('models: in the frontmatter');
      for (const id of article.models) {
        if (content.querySelector(`a[href="/models/${id}/"]`) === null) missing.push(`a link to /models/${id}/`);
      }
      expect(missing.map((what) => `${article.file}: needs ${what}`)).toEqual([]);
    },
  );
});
