/**
 * The Korean edition over the built site: every English page has a Korean counterpart under /ko/,
 * each pair shows the same computed numbers (the same set of data-metric, data-value and
 * data-model), no page falls back to English content, every page offers the language switch, and
 * each page links its counterpart. Failures list the pages, so a missing translation is named.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { counterpartPath } from '../../src/site/locale-path.ts';
import { assertBuilt, DIST, htmlFiles, parsePage, readPage } from './dist.ts';

beforeAll(() => assertBuilt());

/** Pages that exist in one language only: the 404 page and the chrome-less iframe embeds (they take ?lang=). */
const SINGLE = /^(404\.html|embed\/[^/]+\/)/;

function englishPages(): string[] {
  return htmlFiles().filter((file) => !file.startsWith('ko/') && !SINGLE.test(file));
}

/** The Korean page of an English page file: `models/x/index.html` → `ko/models/x/index.html`. */
function koreanOf(file: string): string {
  return file === 'index.html' ? 'ko/index.html' : `ko/${file}`;
}

/** Every number of a page's main content as `metric=value@model`, a set. */
function numbers(file: string): Set<string> {
  const main = parsePage(readPage(file)).querySelector('main');
  const found = new Set<string>();
  for (const element of main?.querySelectorAll('[data-metric]') ?? []) {
    found.add(
      `${element.getAttribute('data-metric') ?? ''}=${element.getAttribute('data-value') ?? ''}@${element.getAttribute('data-model') ?? ''}`,
    );
  }
  return found;
}

describe('the Korean edition', () => {
  it('has a Korean counterpart of every English page', () => {
    const missing = englishPages()
      .filter((file) => !existsSync(join(DIST, koreanOf(file))))
      .map((file) => `/${file.replace(/index\.html$/, '')} has no /${koreanOf(file).replace(/index\.html$/, '')}`);
    expect(missing, `${missing.length} pages are not translated yet`).toEqual([]);
  });

  it('shows the same numbers on each English page and its Korean counterpart', () => {
    const differences: string[] = [];
    for (const file of englishPages()) {
      const korean = koreanOf(file);
      if (!existsSync(join(DIST, korean))) continue; // reported by the test above
      const [en, ko] = [numbers(file), numbers(korean)];
      const onlyEn = [...en].filter((entry) => !ko.has(entry));
      const onlyKo = [...ko].filter((entry) => !en.has(entry));
      if (onlyEn.length > 0) differences.push(`/${korean} lacks ${onlyEn.slice(0, 5).join(', ')}`);
      if (onlyKo.length > 0) differences.push(`/${korean} adds ${onlyKo.slice(0, 5).join(', ')}`);
    }
    expect(differences).toEqual([]);
  });

  it('falls back to English content nowhere', () => {
    // Starlight marks a page shown in the default locale's content with its untranslated-content notice.
    const fallbacks = htmlFiles()
      .filter((file) => file.startsWith('ko/'))
      .filter((file) => {
        const document = parsePage(readPage(file));
        return document.querySelector('main')?.getAttribute('lang') === 'en';
      })
      .map((file) => `/${file.replace(/index\.html$/, '')}`);
    expect(fallbacks, `${fallbacks.length} Korean pages show the English article`).toEqual([]);
  });

  it('declares its language and offers the language switch on every page', () => {
    const problems: string[] = [];
    for (const file of htmlFiles().filter((name) => !SINGLE.test(name))) {
      const document = parsePage(readPage(file));
      const lang = document.documentElement.getAttribute('lang');
      const expected = file.startsWith('ko/') ? 'ko' : 'en';
      if (lang !== expected) problems.push(`/${file}: <html lang="${lang ?? ''}">, expected ${expected}`);
      if (document.querySelector('starlight-lang-select select option[value^="/ko/"]') === null)
        problems.push(`/${file}: no language switch`);
    }
    expect(problems).toEqual([]);
  });

  it('links each translated page to its counterpart, and keeps Korean readers on Korean pages', () => {
    const problems: string[] = [];
    for (const file of htmlFiles().filter((name) => name.startsWith('ko/'))) {
      const document = parsePage(readPage(file));
      const path = `/${file.replace(/index\.html$/, '')}`;
      const english = counterpartPath(path);
      if (document.querySelector(`.lang-counterpart a[href="${english}"][hreflang="en"]`) === null)
        problems.push(`${path}: no link to ${english}`);
      const englishFile = file.slice(3);
      if (existsSync(join(DIST, englishFile))) {
        const back = parsePage(readPage(englishFile)).querySelector(`.lang-counterpart a[href="${path}"]`);
        if (back === null) problems.push(`${english}: no link to ${path}`);
      }
      // Links inside the content to the site's pages stay in Korean (the API and the embed bundle excepted).
      for (const link of document.querySelectorAll('main a[href^="/"]:not([hreflang])')) {
        const href = link.getAttribute('href') ?? '';
        if (!/^\/(ko\/|api\/|embed\/.|pagefind\/)/.test(href)) problems.push(`${path}: links the English ${href}`);
      }
    }
    expect(problems.slice(0, 40)).toEqual([]);
  });

  it('says "English version" on a Korean page and "한국어판" on an English one', () => {
    const korean = parsePage(readPage('ko/compare/index.html')).querySelector('.lang-counterpart a');
    const english = parsePage(readPage('compare/index.html')).querySelector('.lang-counterpart a');
    expect(korean?.textContent).toBe('English version');
    expect(korean?.getAttribute('href')).toBe('/compare/');
    expect(english?.textContent).toBe('한국어판');
    expect(english?.getAttribute('href')).toBe('/ko/compare/');
  });
});

describe('search', () => {
  it('indexes both languages separately, as many pages in each', () => {
    // Pagefind splits its index by <html lang>; a search on a page looks only in that page's language
    // (tests/browser/korean.test.ts searches "슬라이딩 윈도" on a Korean page).
    const entry = JSON.parse(readFileSync(join(DIST, 'pagefind/pagefind-entry.json'), 'utf8')) as {
      languages: Record<string, { page_count: number }>;
    };
    expect(Object.keys(entry.languages).sort()).toEqual(['en', 'ko']);
    expect(entry.languages['ko']?.page_count).toBe(entry.languages['en']?.page_count);
  });
});

describe('the glossary', () => {
  it('names every term in both languages on both pages, and links articles in the page language', () => {
    for (const [file, prefix] of [
      ['glossary/index.html', '/'],
      ['ko/glossary/index.html', '/ko/'],
    ] as const) {
      const document = parsePage(readPage(file));
      const rows = [...document.querySelectorAll('dl.glossary > div')];
      expect(rows.length).toBeGreaterThan(40);
      for (const row of rows) {
        expect(row.querySelector('[lang="en"]')?.textContent).not.toBe('');
        expect(row.querySelector('[lang="ko"]')?.textContent).toMatch(/\p{Script=Hangul}|^[A-Za-z, ]+$/u);
        for (const link of row.querySelectorAll('a')) expect(link.getAttribute('href')?.startsWith(prefix)).toBe(true);
      }
      const gqa = document.querySelector('dl.glossary #gqa');
      expect(gqa?.textContent).toContain('그룹 쿼리 어텐션 (GQA)');
      expect(gqa?.textContent).toContain('grouped-query attention (GQA)');
    }
  });
});
