/**
 * The site built under a base path (dist-base/, `npm run build:base`): every link, script, stylesheet,
 * image, data source and absolute URL of the site's own stays under /decoder-atlas/, so nothing breaks
 * when GitHub Pages serves the site at https://<owner>.github.io/decoder-atlas/. The browser suite
 * (tests/browser/base-path.test.ts) then uses those links; this scan covers every page at once.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseHeadersFile } from '../../src/site/build/csp.ts';
import { closestModel } from '../../src/site/browser/did-you-mean.ts';
import { sitePath, siteUrl, withoutBase } from '../../src/site/url.ts';
import { assertBaseBuilt, BASE_BUILD, htmlFiles, parsePage } from './dist.ts';

const { dist, base, site } = BASE_BUILD;
const URL_ATTRIBUTES = ['href', 'src', 'data-src', 'action', 'poster', 'srcset', 'content'];

/** Where a URL of a page points outside the base, or null: root-relative paths and absolute URLs on the site's origin. */
function outsideBase(value: string): string | null {
  for (const candidate of value.split(',').map((part) => part.trim().split(/\s+/)[0] ?? '')) {
    if (candidate.startsWith('//')) continue;
    if (candidate.startsWith('/') && !candidate.startsWith(base)) return candidate;
    if (candidate.startsWith(`${site}/`) && !candidate.startsWith(site + base)) return candidate;
  }
  return null;
}

beforeAll(() => assertBaseBuilt());

describe('the base-path build', () => {
  it('has no link, source or site URL outside the base on any page', () => {
    const pages = htmlFiles(dist);
    expect(pages.length).toBeGreaterThan(100);
    const outside: string[] = [];
    for (const page of pages) {
      const document = parsePage(readFileSync(join(dist, page), 'utf8'));
      for (const element of document.querySelectorAll('*')) {
        for (const name of URL_ATTRIBUTES) {
          const value = element.getAttribute(name);
          const bad = value === null ? null : outsideBase(value);
          if (bad !== null) outside.push(`${page}: <${element.localName} ${name}="${bad}">`);
        }
      }
    }
    expect(outside).toEqual([]);
  });

  it('links the articles, the sidebar, the hero buttons and the favicon under the base', () => {
    const home = parsePage(readFileSync(join(dist, 'index.html'), 'utf8'));
    const hrefs = [...home.querySelectorAll('a[href]')].map((link) => link.getAttribute('href'));
    // The hero's buttons are frontmatter links, the sidebar Starlight's, the home cards MDX links.
    expect(hrefs).toContain('/decoder-atlas/models/');
    expect(hrefs).toContain('/decoder-atlas/guides/how-we-count/');
    expect(hrefs).toContain('/decoder-atlas/compare/');
    expect(home.querySelector('link[rel~="icon"]')?.getAttribute('href')).toBe('/decoder-atlas/favicon.svg');
    const embed = parsePage(readFileSync(join(dist, 'embed/meta-llama/Llama-3.1-8B/index.html'), 'utf8'));
    expect(embed.querySelector('link[rel="icon"]')?.getAttribute('href')).toBe('/decoder-atlas/favicon.svg');
    expect(embed.querySelector('link[rel="canonical"]')?.getAttribute('href')).toBe(
      'https://decoder-atlas.github.io/decoder-atlas/models/meta-llama/Llama-3.1-8B/',
    );
  });

  it('keeps the CSS urls under the base', () => {
    const astro = join(dist, '_astro');
    const outside: string[] = [];
    for (const name of readdirSync(astro).filter((file) => file.endsWith('.css'))) {
      for (const match of readFileSync(join(astro, name), 'utf8').matchAll(/url\(\s*['"]?(\/[^'")]*)/g)) {
        if (!match[1]?.startsWith(base)) outside.push(`${name}: ${match[1]}`);
      }
    }
    expect(outside).toEqual([]);
  });

  it('lists every page in the sitemap at its address under the base', () => {
    const index = readFileSync(join(dist, 'sitemap-index.xml'), 'utf8');
    expect(index).toContain(`<loc>${site}${base}sitemap-0.xml</loc>`);
    const locations = [...readFileSync(join(dist, 'sitemap-0.xml'), 'utf8').matchAll(/<loc>([^<]+)<\/loc>/g)].map(
      (match) => match[1] ?? '',
    );
    expect(locations).toContain(`${site}${base}`);
    expect(locations).toContain(`${site}${base}models/meta-llama/Llama-3.1-8B/`);
    expect(locations.filter((location) => !location.startsWith(site + base))).toEqual([]);
  });

  it('writes the _headers rules for request paths under the base', () => {
    const rules = parseHeadersFile(readFileSync(join(dist, '_headers'), 'utf8'));
    expect(rules.slice(0, 3).map((rule) => rule.path)).toEqual([
      '/decoder-atlas/embed/*',
      '/decoder-atlas/api/*',
      '/decoder-atlas/',
    ]);
    expect(rules.filter((rule) => !rule.path.startsWith(base))).toEqual([]);
  });

  it('gives the JSON export addresses under the base', () => {
    const index = JSON.parse(readFileSync(join(dist, 'api/models.json'), 'utf8')) as {
      models: { id: string; url: string; page: string }[];
    };
    const llama = index.models.find((model) => model.id === 'meta-llama/Llama-3.1-8B');
    expect(llama?.url).toBe('/decoder-atlas/api/models/meta-llama/Llama-3.1-8B.json');
    expect(llama?.page).toBe('/decoder-atlas/models/meta-llama/Llama-3.1-8B/');
    const record = JSON.parse(readFileSync(join(dist, 'api/models/meta-llama/Llama-3.1-8B.json'), 'utf8')) as {
      page: string;
    };
    expect(record.page).toBe('/decoder-atlas/models/meta-llama/Llama-3.1-8B/');
  });
});

describe('sitePath and withoutBase', () => {
  it('prefix root-relative paths with the base, once, and leave every other URL alone', () => {
    expect(sitePath('/models/', '')).toBe('/models/');
    expect(sitePath('/models/', '/decoder-atlas')).toBe('/decoder-atlas/models/');
    expect(sitePath('/', '/decoder-atlas')).toBe('/decoder-atlas/');
    expect(sitePath('/decoder-atlas/models/', '/decoder-atlas')).toBe('/decoder-atlas/models/');
    expect(sitePath('/decoder-atlas-notes/', '/decoder-atlas')).toBe('/decoder-atlas/decoder-atlas-notes/');
    for (const other of ['https://arxiv.org/abs/1706.03762', '//cdn.example/x.js', '#checkpoint', 'rope/', 'data:,']) {
      expect(sitePath(other, '/decoder-atlas')).toBe(other);
    }
    expect(siteUrl('/models/x/y/', 'https://decoder-atlas.github.io', '/decoder-atlas')).toBe(
      'https://decoder-atlas.github.io/decoder-atlas/models/x/y/',
    );
  });

  it('strip the base from a request path, and a 404 under the base still finds the model meant', () => {
    expect(withoutBase('/decoder-atlas/models/x/', '/decoder-atlas')).toBe('/models/x/');
    expect(withoutBase('/decoder-atlas', '/decoder-atlas')).toBe('/');
    expect(withoutBase('/models/x/', '')).toBe('/models/x/');
    // Under plain vitest the module's own base is the root: the page passes the path as it got it.
    expect(
      closestModel(withoutBase('/decoder-atlas/models/meta-llama/Llama-3.1-8b/', '/decoder-atlas'), [
        'meta-llama/Llama-3.1-8B',
      ]),
    ).toBe('meta-llama/Llama-3.1-8B');
  });
});
