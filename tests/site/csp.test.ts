/**
 * The Content-Security-Policy in the built site: one <meta> per page, before any script, with no
 * 'unsafe-inline' or 'unsafe-eval' for scripts and a hash for every inline script the browser would
 * run; and dist/_headers carrying the same policy with frame-ancestors, in rules that never overlap.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  cspHash,
  isExecutable,
  matchingRules,
  parseHeadersFile,
  parsePolicy,
  POLICY,
  policyDrift,
} from '../../src/site/build/csp.ts';
import { assertBuilt, DIST, htmlFiles, parsePage, readPage } from './dist.ts';

beforeAll(() => assertBuilt());

const pages = htmlFiles();

/** The page's CSP <meta> elements (the attribute value is case-insensitive). */
function cspMetas(document: Document): Element[] {
  return [...document.querySelectorAll('meta[http-equiv]')].filter(
    (meta) => meta.getAttribute('http-equiv')?.toLowerCase() === 'content-security-policy',
  );
}

function metaPolicy(file: string): Map<string, string[]> {
  const [meta] = cspMetas(parsePage(readPage(file)));
  return parsePolicy(meta?.getAttribute('content') ?? '');
}

/** Directives as sets, for comparing policies whatever their order. */
function normalized(policy: Map<string, string[]>): Record<string, string[]> {
  return Object.fromEntries([...policy].map(([name, sources]) => [name, [...new Set(sources)].sort()]).sort());
}

describe('the <meta> policy', () => {
  it('covers every page', () => {
    expect(pages.length).toBeGreaterThan(50);
    for (const kind of ['index.html', '404.html', 'embed/index.html', 'try/index.html', 'compare/index.html']) {
      expect(pages).toContain(kind);
    }
    expect(pages.some((file) => /^embed\/[^/]+\/[^/]+\/index\.html$/.test(file))).toBe(true);
  });

  it.each(pages)('%s: one policy, first in <head>, scripts hashed, no unsafe script sources', (file) => {
    const document = parsePage(readPage(file));
    const metas = cspMetas(document);
    expect(metas).toHaveLength(1);
    const [meta] = metas;
    if (meta === undefined) return;
    // In <head>, before every script, so that it governs all of them.
    expect(meta.parentElement?.tagName).toBe('HEAD');
    const firstScript = document.querySelector('script');
    if (firstScript !== null) {
      const order = [...document.querySelectorAll('meta[http-equiv], script')];
      expect(order.indexOf(meta)).toBeLessThan(order.indexOf(firstScript));
    }
    const policy = parsePolicy(meta.getAttribute('content') ?? '');
    expect(policyDrift(policy)).toBeNull();
    const scripts = policy.get('script-src') ?? [];
    expect(scripts).not.toContain("'unsafe-inline'");
    expect(scripts).not.toContain("'unsafe-eval'");
    expect(policy.has('script-src-elem') || policy.has('script-src-attr')).toBe(false);
    // A <meta> cannot carry these: the browser ignores them and says so on the console.
    for (const name of ['frame-ancestors', 'report-uri', 'sandbox']) expect(policy.has(name)).toBe(false);

    for (const script of document.querySelectorAll('script')) {
      if (!isExecutable(script)) continue;
      expect(scripts, `an inline script: ${(script.textContent ?? '').trim().slice(0, 80)}`).toContain(
        `'${cspHash(script.textContent ?? '')}'`,
      );
    }
    // Inline event handlers and javascript: URLs would need 'unsafe-inline' (or 'unsafe-hashes').
    for (const element of document.querySelectorAll('*')) {
      for (const name of element.getAttributeNames()) expect(name, `on ${element.tagName}`).not.toMatch(/^on/i);
    }
    for (const link of document.querySelectorAll('[href], [src], [action]')) {
      for (const name of ['href', 'src', 'action']) {
        expect(link.getAttribute(name) ?? '').not.toMatch(/^\s*javascript:/i);
      }
    }
  });

  it('does not count JSON data blocks as scripts', () => {
    const document = parsePage(readPage('models/meta-llama/Llama-3.1-8B/index.html'));
    const data = [...document.querySelectorAll('script[type="application/json"]')];
    expect(data.length).toBeGreaterThan(0);
    for (const script of data) expect(isExecutable(script)).toBe(false);
  });

  it('is one policy on every page', () => {
    const first = normalized(metaPolicy('index.html'));
    for (const file of pages) expect(normalized(metaPolicy(file)), file).toEqual(first);
  });
});

describe('dist/_headers', () => {
  const file = join(DIST, '_headers');
  const rules = () => parseHeadersFile(readFileSync(file, 'utf8'));
  const header = (path: string, name: string) =>
    matchingRules(rules(), path).flatMap((rule) =>
      rule.headers.filter(([key]) => key.toLowerCase() === name.toLowerCase()).map(([, value]) => value),
    );

  it('exists', () => {
    expect(existsSync(file)).toBe(true);
  });

  it('lets any site frame /embed/ and fetch /embed/ and /api/; no other page may be framed', () => {
    const embed = header('/embed/meta-llama/Llama-3.1-8B/', 'Content-Security-Policy');
    expect(embed).toHaveLength(1);
    expect(parsePolicy(embed[0] ?? '').get('frame-ancestors')).toEqual(['*']);
    expect(header('/embed/calculators.js', 'Access-Control-Allow-Origin')).toEqual(['*']);
    expect(header('/api/models.json', 'Access-Control-Allow-Origin')).toEqual(['*']);
    for (const path of ['/', '/index.html', '/models/meta-llama/Llama-3.1-8B/', '/try/', '/compare/', '/404.html']) {
      const policies = header(path, 'Content-Security-Policy');
      expect(policies, path).toHaveLength(1);
      expect(parsePolicy(policies[0] ?? '').get('frame-ancestors'), path).toEqual(["'none'"]);
      expect(header(path, 'Access-Control-Allow-Origin'), path).toEqual([]);
    }
  });

  it('matches every file of the site with exactly one rule (a path in two rules would get two policies)', () => {
    const walk = (dir: string, prefix: string): string[] =>
      readdirSync(dir).flatMap((name) =>
        statSync(join(dir, name)).isDirectory() ? walk(join(dir, name), `${prefix}${name}/`) : [`${prefix}${name}`],
      );
    for (const path of ['/', ...walk(DIST, '/').filter((path) => path !== '/_headers')]) {
      expect(matchingRules(rules(), path).length, path).toBe(1);
    }
  });

  it('carries the pages’ policy, plus frame-ancestors', () => {
    const page = normalized(metaPolicy('index.html'));
    for (const rule of rules()) {
      const [, value] = rule.headers.find(([name]) => name === 'Content-Security-Policy') ?? [];
      const policy = parsePolicy(value ?? '');
      expect(policy.has('frame-ancestors'), rule.path).toBe(true);
      policy.delete('frame-ancestors');
      expect(normalized(policy), rule.path).toEqual(page);
      // Cloudflare Pages takes header values of up to 2,000 characters.
      expect(value?.length ?? 0, rule.path).toBeLessThanOrEqual(2000);
    }
    expect(Object.keys(page).sort()).toEqual(Object.keys(POLICY).sort());
  });
});
