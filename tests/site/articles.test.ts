/**
 * Guards over every article in dist/: the numbers a config determines come from components, not
 * from the author's keyboard (a drift guard); internal links resolve; each article has its
 * formula, diagram and live component and links the model pages of the models it covers.
 * Failures name the MDX file and line.
 *
 * The drift guard looks for a model's numbers in the forms an author would type them: its headline
 * counts and sizes as the site formats them, its last layer's index inside a tensor name
 * (`model.layers.31`), its expert counts in digits or words ("eight experts"), any RoPE base θ of
 * the snapshot next to the words that introduce one ("a base of 10,000"), a config flag quoted with
 * its value (`tie_word_embeddings: true`), and a calculator's `context={…}` typed equal to, or past,
 * the maximum context of the model it shows.
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

/** The models an article covers: its frontmatter's, and every id its components name or its links lead to. */
function coveredModels(article: Article): SiteModel[] {
  const ids = new Set(article.models);
  for (const match of article.source.matchAll(/model="([^"#]+)"|\/models\/([\w.-]+\/[\w.-]+)\//g)) {
    ids.add(match[1] ?? match[2] ?? '');
  }
  for (const match of article.source.matchAll(/models=\{\[([\s\S]*?)\]\}/g)) {
    for (const id of (match[1] ?? '').matchAll(/['"]([^'"]+)['"]/g)) ids.add(id[1] ?? '');
  }
  return [...ids].flatMap((id) => {
    const model = byId.get(id);
    return model === undefined ? [] : [model];
  });
}

const SMALL_NUMBER_WORDS = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
];
const TENS_WORDS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

/**
 * A whole number below a thousand as English words, with and without "and" ("one hundred and twenty-eight").
 *
 * @example numberWords(64) //=> ['sixty-four']
 */
function numberWords(value: number): string[] {
  if (!Number.isInteger(value) || value < 0 || value >= 1000) return [];
  const belowHundred = (n: number): string =>
    n < 20
      ? (SMALL_NUMBER_WORDS[n] ?? '')
      : `${TENS_WORDS[Math.floor(n / 10)] ?? ''}${n % 10 === 0 ? '' : `-${SMALL_NUMBER_WORDS[n % 10] ?? ''}`}`;
  if (value < 100) return [belowHundred(value)];
  const hundreds = `${SMALL_NUMBER_WORDS[Math.floor(value / 100)] ?? ''} hundred`;
  const rest = value % 100;
  return rest === 0 ? [hundreds] : [`${hundreds} and ${belowHundred(rest)}`, `${hundreds} ${belowHundred(rest)}`];
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every RoPE base of the snapshot (the model's and each layer's), as the numbers an author would type. */
function thetaTexts(): Map<string, string> {
  const owners = new Map<string, string[]>();
  for (const model of allModels()) {
    for (const layer of model.spec.decoderLayers) {
      if (layer.position.kind !== 'rope') continue;
      const theta = layer.position.theta;
      const forms = [formatInteger(theta), String(theta)];
      if (theta % 1_000_000 === 0) forms.push(`${theta / 1_000_000}M`);
      else if (theta % 1000 === 0) forms.push(`${theta / 1000}K`, `${theta / 1000}k`);
      for (const form of forms) {
        const ids = owners.get(form) ?? [];
        if (!ids.includes(model.id)) owners.set(form, [...ids, model.id]);
      }
    }
  }
  return new Map(
    [...owners].map(([form, ids]) => [
      form,
      `the RoPE base θ (architecture.position.theta) of ${ids[0] ?? ''}${ids.length > 1 ? ` and ${ids.length - 1} more` : ''}`,
    ]),
  );
}

/** Every key of a model's config.json, nested ones (`text_config`, `rope_scaling`) included. */
function configKeys(config: unknown, keys = new Set<string>()): Set<string> {
  if (config !== null && typeof config === 'object' && !Array.isArray(config)) {
    for (const [key, value] of Object.entries(config)) {
      keys.add(key);
      configKeys(value, keys);
    }
  }
  return keys;
}

/** A sentence that introduces a RoPE base: a number in it is read as θ. */
const THETA_WORDS = /rope_theta|\brope\b|rotary|\bbase\b|θ|\btheta\b/i;

/** The MDX source an author typed, with the frontmatter and the components (whose output is computed) blanked out, lines kept. */
function typedSource(source: string): string {
  const blank = (text: string) => text.replace(/[^\n]/g, ' ');
  return source
    .replace(/^---\n[\s\S]*?\n---/, blank)
    .replace(/<([A-Z]\w*)\b[^>]*?\/>/gs, blank)
    .replace(/<([A-Z]\w*)\b[^>]*>[\s\S]*?<\/\1>/g, blank);
}

const lineAt = (source: string, index: number): number => source.slice(0, index).split('\n').length;

/** The line of the MDX source where a phrase of the built text starts, its words perhaps wrapped across lines. */
function lineOfPhrase(source: string, phrase: string): number {
  const pattern = new RegExp(
    phrase
      .split(/[\s-]+/)
      .map(escapeRegExp)
      .join('[\\s-]+'),
    'i',
  );
  const match = pattern.exec(typedSource(source));
  return match === null ? lineOf(source, phrase) : lineAt(source, match.index);
}

/** The calculators whose `context` prop opens them at a context, with the models they show. */
const CONTEXT_COMPONENTS = /<(KvCache|Flops|AttentionVariants|Value|CompareModels)\b([^>]*?)\/>/gs;

const NUMBER = /\d[\d,]*(?:\.\d+)?(?:\s?(?:KiB|MiB|GiB|TiB|KB|MB|GB|TB|[kMGTPE]?FLOPs?|[KMBT])\b)?/g;

/** Text outside computed numbers, code, maths and diagrams: what an author typed. */
function authoredText(content: Element): string {
  const clone = content.cloneNode(true) as Element;
  for (const element of clone.querySelectorAll(
    '[data-metric], [data-derived], [data-echo], code, pre, script, style, .katex, .expressive-code, form, svg, .calc-share',
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

  it.each(all.map((article) => [article.file, article] as const))(
    '%s: no tensor name typed with a layer index a config determines',
    (_file, article) => {
      const lastLayers = new Map<number, string[]>();
      for (const model of coveredModels(article)) {
        const last = model.analysis.architecture.layers - 1;
        if (last > 0) lastLayers.set(last, [...(lastLayers.get(last) ?? []), model.id]);
      }
      const typed = typedSource(article.source);
      const problems: string[] = [];
      for (const match of typed.matchAll(/\b(?:layers|h|blocks)\.(\d+)\b|\blayer (\d+)\b/g)) {
        const index = Number(match[1] ?? match[2]);
        const ids = lastLayers.get(index);
        if (ids !== undefined) {
          problems.push(
            `${article.file}:${lineAt(typed, match.index)}: "${match[0]}" is the last layer of ${ids.join(', ')} (architecture.layers − 1); write the generic name (model.layers.N) or say "the last layer"`,
          );
        }
      }
      expect(problems).toEqual([]);
    },
  );

  it.each(all.map((article) => [article.file, article] as const))(
    '%s: no config flag quoted with its value',
    (_file, article) => {
      const keys = new Map<string, string>();
      for (const model of coveredModels(article)) {
        for (const key of configKeys(model.entry.config)) if (!keys.has(key)) keys.set(key, model.id);
      }
      const typed = typedSource(article.source);
      const problems: string[] = [];
      for (const match of typed.matchAll(/`"?(\w+)"?\s*[:=]\s*(true|false|null|True|False|None)`/g)) {
        const id = keys.get(match[1] ?? '');
        if (id !== undefined) {
          problems.push(
            `${article.file}:${lineAt(typed, match.index)}: ${match[0]} types the value of a key ${id}'s config sets; quote the key alone and let a component (<ModelFacts>, <ConfigDiff>, <ParamBreakdown>) show the value`,
          );
        }
      }
      expect(problems).toEqual([]);
    },
  );

  it.each(all.map((article) => [article.file, article] as const))(
    '%s: no expert count or RoPE base typed by hand',
    (_file, article) => {
      const document = parsePage(readPage(article.page));
      const text = authoredText(document.querySelector('.sl-markdown-content') ?? document.body).replace(/\s+/g, ' ');
      const problems: string[] = [];
      const report = (token: string, what: string) =>
        problems.push(
          `${article.file}:${lineOfPhrase(article.source, token)}: "${token}" is ${what}; render it with <Value>`,
        );
      for (const model of coveredModels(article)) {
        const moe = model.analysis.architecture.moe;
        if (moe === null) continue;
        for (const [path, value] of [
          ['architecture.moe.experts', moe.experts],
          ['architecture.moe.topK', moe.topK],
        ] as const) {
          const forms = [String(value), ...numberWords(value)].map(escapeRegExp).join('|');
          const pattern = new RegExp(`\\b(?:${forms})(?:[\\s-]+\\w+){0,3}?[\\s-]+(?:experts?|copies)\\b`, 'gi');
          for (const match of text.matchAll(pattern)) report(match[0], `${model.id} ${path}`);
        }
      }
      const thetas = thetaTexts();
      for (const sentence of text.split(/(?<=[.;:])\s+/)) {
        if (!THETA_WORDS.test(sentence)) continue;
        for (const match of sentence.matchAll(/\d[\d,]*(?:\.\d+)?[KkM]?\b/g)) {
          const label = thetas.get(match[0]);
          if (label !== undefined) report(match[0], label);
        }
      }
      expect(problems).toEqual([]);
    },
  );

  it.each(all.map((article) => [article.file, article] as const))(
    '%s: calculators open within their models\' context, at context="max" for the full one',
    (_file, article) => {
      const problems: string[] = [];
      for (const match of article.source.matchAll(CONTEXT_COMPONENTS)) {
        const [tag = '', component = '', props = ''] = match;
        const context = /\bcontext=\{(\d+)\}/.exec(props)?.[1];
        if (context === undefined) continue;
        const ids =
          component === 'CompareModels'
            ? [...(/models=\{\[([\s\S]*?)\]\}/.exec(props)?.[1] ?? '').matchAll(/['"]([^'"]+)['"]/g)].map((id) => id[1])
            : [/\bmodel="([^"]+)"/.exec(props)?.[1]];
        const models = ids.flatMap((id) => {
          const model = id === undefined ? undefined : byId.get(id);
          return model === undefined ? [] : [model];
        });
        if (models.length === 0) continue;
        const limit = Math.min(...models.map((model) => model.spec.maxContextTokens));
        const where = `${article.file}:${lineAt(article.source, match.index + tag.indexOf('context='))}: <${component}>`;
        const tokens = Number(context);
        if (tokens === limit) {
          problems.push(
            `${where} types context={${context}}, the ${models.length > 1 ? 'smallest maximum context of its models' : "model's maximum context"}: write context="max" so the config decides it`,
          );
        } else if (tokens > limit) {
          const past = models.filter((model) => model.spec.maxContextTokens < tokens).map((model) => model.id);
          problems.push(
            `${where} opens at context={${context}}, past the maximum context of ${past.join(', ')}: open within every model's limit (context="max" for the longest)`,
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
    '%s: has a formula, a diagram (guides excepted), a live component and links to its models',
    (_file, article) => {
      const document = parsePage(readPage(article.page));
      const content = document.querySelector('.sl-markdown-content') ?? document.body;
      const missing: string[] = [];
      if (content.querySelector('.katex') === null) missing.push('a formula ($…$ or $$…$$)');
      // Family and concept notes explain a block, so they need a diagram of it; a guide (how we
      // count, the lineage tables) is held to formulas, live numbers and links only.
      if (
        article.kind !== 'guide' &&
        content.querySelector('figure.block-diagram, figure.flow-diagram, .layer-map') === null
      ) {
        missing.push('a diagram (<BlockDiagram model=… />, <LayerMap model=… />, <FlowDiagram …/>)');
      }
      if (content.querySelector('atlas-calc, atlas-memory') === null)
        missing.push('a live component (<KvCache>, <Flops>, <CompareModels>…)');
      if (article.models.length === 0) missing.push('models: in the frontmatter');
      for (const id of article.models) {
        if (content.querySelector(`a[href="/models/${id}/"]`) === null) missing.push(`a link to /models/${id}/`);
      }
      expect(missing.map((what) => `${article.file}: needs ${what}`)).toEqual([]);
    },
  );
});
