/**
 * The site's Content-Security-Policy, written once (POLICY) and delivered twice:
 *
 * - as a `<meta http-equiv="content-security-policy">` on every page, which Astro's `security.csp`
 *   writes (static hosts such as GitHub Pages cannot set headers). Astro hashes the scripts it
 *   inlines itself; Starlight's `is:inline` scripts (the theme, the sidebar state) it leaves alone,
 *   so their hashes are read from Starlight's components and passed in (`starlightInlineScriptHashes`).
 * - as a header in dist/_headers (Netlify / Cloudflare Pages), with `frame-ancestors`, which a
 *   `<meta>` cannot carry: the /embed/ pages may be framed by any site, the others by none.
 *
 * After the build, `cspHeaders()` checks every page (one policy, every inline script hashed in it),
 * moves the `<meta>` to the top of `<head>` so that it governs every script on the page, and writes
 * dist/_headers from POLICY and the hashes the pages carry.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroConfig, AstroIntegration } from 'astro';
import { parseHTML } from 'linkedom';
import { basePathOf, sitePath } from '../url.ts';

type Policy = Readonly<Record<string, readonly string[]>>;

/**
 * Every directive but `frame-ancestors`, which only a header can carry (below). Scripts: only files
 * from this site and the hashed inline scripts; never 'unsafe-inline' or 'unsafe-eval'.
 */
export const POLICY: Policy = {
  'default-src': ["'self'"],
  // 'wasm-unsafe-eval' lets Pagefind 1.5 compile its WebAssembly search core (in its worker, and on
  // the page when the worker fails). It allows WebAssembly compilation only, not eval() or new Function().
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  // Style attributes are everywhere (KaTeX's struts, Expressive Code's token colours, Starlight's icon
  // sizes): hashes would need 'unsafe-hashes' and one hash per distinct attribute, which changes with
  // every formula, so
  // styles allow 'unsafe-inline'. CSS cannot run script; the scripts stay hash-only.
  'style-src': ["'self'", "'unsafe-inline'"],
  // KaTeX's small fonts and a few SVG icons are inlined as data: URLs into the CSS.
  'font-src': ["'self'", 'data:'],
  'img-src': ["'self'", 'data:'],
  // /try/ and the embeds fetch a config.json from any Hub or mirror the reader names (http or https;
  // browsers still refuse plain http from an https page, except for localhost).
  'connect-src': ["'self'", 'https:', 'http:'],
  // Pagefind's search worker, /pagefind/pagefind-worker.js.
  'worker-src': ["'self'"],
  'frame-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
};

/** Who may frame which pages: the value of `frame-ancestors` in the header. */
export const FRAME_ANCESTORS = { embed: '*', other: "'none'" } as const;

type CspHash = `sha256-${string}`;

/** The CSP hash source (without quotes) of a script's text, as browsers compute it. */
export function cspHash(text: string): CspHash {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
}

function astroFiles(dir: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files.push(...astroFiles(path));
    else if (name.endsWith('.astro')) files.push(path);
  }
  return files;
}

/**
 * Hashes of the `<script is:inline>` elements in Starlight's components (ThemeProvider, ThemeSelect,
 * SidebarPersister, Tabs, its Search): Astro writes such a script's text into the page unchanged
 * and does not hash it. None of them interpolates a value, so each has one hash on every page.
 */
export function starlightInlineScriptHashes(): CspHash[] {
  const require = createRequire(import.meta.url);
  const components = dirname(require.resolve('@astrojs/starlight/components/ThemeProvider.astro'));
  const hashes = new Set<CspHash>();
  for (const file of astroFiles(dirname(components))) {
    for (const match of readFileSync(file, 'utf8').matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
      const [, attributes = '', text = ''] = match;
      if (/\bis:inline\b/.test(attributes) && !/\bdefine:vars\b/.test(attributes)) hashes.add(cspHash(text));
    }
  }
  if (hashes.size === 0)
    throw new Error('csp: found no is:inline scripts in @astrojs/starlight: has its layout moved?');
  return [...hashes].sort();
}

/** The `security.csp` option for astro.config.mjs: POLICY in the shape Astro takes it. */
export function astroCsp(): Exclude<AstroConfig['security']['csp'], boolean> {
  const { 'script-src': scripts = [], 'style-src': styles = [], ...others } = POLICY;
  return {
    algorithm: 'SHA-256',
    directives: Object.entries(others).map(([name, sources]) => `${name} ${sources.join(' ')}`) as Exclude<
      AstroConfig['security']['csp'],
      boolean
    >['directives'],
    scriptDirective: { resources: [...scripts], hashes: starlightInlineScriptHashes() },
    styleDirective: { resources: [...styles] },
  };
}

/** A policy's text to its directives, each with its sources (order kept). */
export function parsePolicy(text: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of text.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) directives.set(name.toLowerCase(), sources);
  }
  return directives;
}

export function serializePolicy(policy: Policy): string {
  return Object.entries(policy)
    .map(([name, sources]) => [name, ...sources].join(' '))
    .join('; ');
}

/** POLICY with these script hashes and `frame-ancestors`: what the header carries. */
export function headerPolicy(scriptHashes: readonly string[], frameAncestors: string): string {
  return serializePolicy({
    ...POLICY,
    'script-src': [...(POLICY['script-src'] ?? []), ...scriptHashes.map((hash) => `'${hash}'`)],
    'frame-ancestors': [frameAncestors],
  });
}

/** Script types the browser runs, which script-src governs; anything else is a data block. */
const EXECUTABLE_TYPES = new Set([
  '',
  'module',
  'importmap',
  'speculationrules',
  'text/javascript',
  'application/javascript',
  'application/ecmascript',
  'text/ecmascript',
]);

export function isExecutable(script: Element): boolean {
  return !script.hasAttribute('src') && EXECUTABLE_TYPES.has((script.getAttribute('type') ?? '').trim().toLowerCase());
}

/**
 * How a page's policy differs from POLICY (its script hashes aside), or null: Astro renders the
 * <meta> from POLICY, and the header is written from POLICY, so the two must not drift apart.
 */
export function policyDrift(policy: ReadonlyMap<string, readonly string[]>): string | null {
  const names = new Set([...Object.keys(POLICY), ...policy.keys()]);
  for (const name of names) {
    const expected = POLICY[name] ?? [];
    const actual = (policy.get(name) ?? []).filter((source) => !/^'sha(256|384|512)-/.test(source));
    if (expected.join(' ') !== actual.join(' ')) {
      return `${name} is "${actual.join(' ')}", POLICY says "${expected.join(' ')}"`;
    }
  }
  return null;
}

const META_PATTERN = /<meta\s+http-equiv="content-security-policy"\s+content="[^"]*"\s*\/?>/gi;

function htmlFiles(dir: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files.push(...htmlFiles(path));
    else if (name.endsWith('.html')) files.push(path);
  }
  return files.sort();
}

/**
 * dist/_headers. A path that matches several rules gets all their headers, and the values of a
 * repeated header are joined into two policies that both apply: so the rules never overlap. /embed/
 * and /api/ get their own; every other entry at the top of dist/ gets one with `frame-ancestors 'none'`.
 * Paths are request paths: under a base path (`base` '/decoder-atlas', as src/site/url.ts has it) they start with it.
 */
export function headersFile(dist: string, scriptHashes: readonly string[], base = ''): string {
  const framed = headerPolicy(scriptHashes, FRAME_ANCESTORS.embed);
  const unframed = headerPolicy(scriptHashes, FRAME_ANCESTORS.other);
  const rule = (path: string, policy: string, cors: boolean) =>
    [
      sitePath(path, base),
      `  Content-Security-Policy: ${policy}`,
      ...(cors ? ['  Access-Control-Allow-Origin: *'] : []),
      '  X-Content-Type-Options: nosniff',
    ].join('\n');
  const rules = [rule('/embed/*', framed, true), rule('/api/*', unframed, true), rule('/', unframed, false)];
  for (const name of readdirSync(dist).sort()) {
    if (name === '_headers' || name === 'embed' || name === 'api') continue;
    const path = statSync(join(dist, name)).isDirectory() ? `/${name}/*` : `/${name}`;
    rules.push(rule(path, unframed, false));
  }
  return `# Written by src/site/build/csp.ts at build time (the policy of the pages' <meta>, plus frame-ancestors).\n${rules.join('\n\n')}\n`;
}

export interface HeaderRule {
  /** A path, or a prefix ending in `*`. */
  path: string;
  headers: [name: string, value: string][];
}

/** dist/_headers read back: its rules in order (what the tests check and serve it with). */
export function parseHeadersFile(text: string): HeaderRule[] {
  const rules: HeaderRule[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      rules.push({ path: line.trim(), headers: [] });
      continue;
    }
    const colon = line.indexOf(':');
    const rule = rules.at(-1);
    if (rule === undefined || colon < 0) throw new Error(`_headers: a header outside a rule: ${line}`);
    rule.headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return rules;
}

/** The rules whose path matches a request path, as Netlify and Cloudflare Pages match them. */
export function matchingRules(rules: readonly HeaderRule[], pathname: string): HeaderRule[] {
  return rules.filter((rule) =>
    rule.path.endsWith('*') ? pathname.startsWith(rule.path.slice(0, -1)) : pathname === rule.path,
  );
}

/** The integration: checks the pages, puts the policy first in <head>, writes dist/_headers. */
export function cspHeaders(): AstroIntegration {
  let base = '';
  return {
    name: 'decoder-atlas:csp',
    hooks: {
      'astro:config:done': ({ config }) => {
        base = basePathOf(config.base);
      },
      'astro:build:done': ({ dir, logger }) => {
        const dist = fileURLToPath(dir);
        const problems: string[] = [];
        const hashes = new Set<string>();
        const pages = htmlFiles(dist);
        for (const file of pages) {
          const page = relative(dist, file);
          let html = readFileSync(file, 'utf8');
          const metas = html.match(META_PATTERN) ?? [];
          const [meta] = metas;
          if (metas.length !== 1 || meta === undefined) {
            problems.push(`${page}: ${metas.length} Content-Security-Policy <meta> elements, expected 1`);
            continue;
          }
          const document = parseHTML(html).document as unknown as Document;
          const content = document.querySelector('meta[http-equiv="content-security-policy"]')?.getAttribute('content');
          const policy = parsePolicy(content ?? '');
          const scriptSources = policy.get('script-src') ?? [];
          for (const source of scriptSources) if (/^'sha256-/.test(source)) hashes.add(source.slice(1, -1));
          const drift = policyDrift(policy);
          if (drift !== null) problems.push(`${page}: the <meta> policy is not POLICY: ${drift}`);
          for (const script of document.querySelectorAll('script')) {
            if (!isExecutable(script)) continue;
            const text = script.textContent ?? '';
            if (!scriptSources.includes(`'${cspHash(text)}'`)) {
              problems.push(
                `${page}: an inline <script> whose hash the policy does not list (${JSON.stringify(text.trim().slice(0, 80))}…): make it a processed <script> (a module Astro bundles) instead of is:inline`,
              );
            }
          }
          // A policy governs only what comes after it: put it before every script, right after the charset.
          html = html.replace(meta, '');
          const anchor = /<meta\s+charset=("?)[\w-]+\1\s*\/?>/i.exec(html) ?? /<head\b[^>]*>/i.exec(html);
          if (anchor === null) {
            problems.push(`${page}: no <head>`);
            continue;
          }
          const at = anchor.index + anchor[0].length;
          writeFileSync(file, html.slice(0, at) + meta + html.slice(at));
        }
        if (problems.length > 0) throw new Error(`Content-Security-Policy:\n${problems.join('\n')}`);
        writeFileSync(join(dist, '_headers'), headersFile(dist, [...hashes].sort(), base));
        logger.info(`policy checked on ${pages.length} pages (${hashes.size} script hashes); wrote _headers`);
      },
    },
  };
}
