/**
 * Page-weight report: what a browser actually downloads on first load (before the reader does
 * anything) for each kind of page, measured in Debian's Chromium against the built site.
 *
 *   npm run build && npm run bench:pages
 *
 * For each page: HTML, CSS, JS and other bytes, raw and gzipped (gzip -9 of each response body,
 * as a CDN would serve it). First load is measured as if nothing on the page came into view
 * (IntersectionObserver never fires); JavaScript fetched lazily once parts of the page come into
 * view (code split off behind an IntersectionObserver) is reported on its own line. Diagrams are
 * static SVG in the HTML, so they bring none. Budget: at most 20 KB (20,480 bytes) of gzipped JavaScript on
 * first load for the home page, an article and a model page, and at most 30 KB for the embeddable
 * calculators (dist/embed/calculators.js). Then Lighthouse's mobile scores for each kind of page
 * (scripts/lighthouse.ts), against 95. Exits 1 when anything is over budget or under 95.
 */
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../tests/support/chromium.ts';
import { serveStatic } from '../tests/support/static-server.ts';
import { LIGHTHOUSE_TARGET, lighthouseReport, lighthouseScores } from './lighthouse.ts';

export const JS_BUDGET_GZIP_BYTES = 20 * 1024;
/** The embeddable calculators, one module for other sites: at most 30 KB gzipped. */
export const EMBED_BUDGET_GZIP_BYTES = 30 * 1024;

const PAGES = [
  { kind: 'home', path: '/', budget: true },
  { kind: 'article', path: '/guides/how-we-count/', budget: true },
  { kind: 'model page', path: '/models/meta-llama/Llama-3.1-8B/', budget: true },
  { kind: 'model page (MoE)', path: '/models/mistralai/Mixtral-8x7B-v0.1/', budget: true },
  { kind: 'model index', path: '/models/', budget: false },
] as const;

type Category = 'html' | 'css' | 'js' | 'font' | 'other';

interface Weight {
  raw: number;
  gzip: number;
  files: number;
}

export interface PageWeight {
  kind: string;
  path: string;
  budget: boolean;
  byCategory: Record<Category, Weight>;
  lazyJs: Weight;
}

function categorize(url: string, contentType: string): Category {
  if (contentType.includes('html')) return 'html';
  if (contentType.includes('css') || url.endsWith('.css')) return 'css';
  if (contentType.includes('javascript') || /\.m?js(\?|$)/.test(url)) return 'js';
  if (contentType.includes('font') || /\.(woff2?|ttf)$/.test(url)) return 'font';
  return 'other';
}

const empty = (): Weight => ({ raw: 0, gzip: 0, files: 0 });

/** Loads a page and sums every response body by category; `nothingInView` stops IntersectionObserver from reporting anything. */
async function measure(
  browser: Browser,
  url: string,
  nothingInView: boolean,
): Promise<Map<string, { category: Category; raw: number; gzip: number }>> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  if (nothingInView) {
    await page.addInitScript(() => {
      window.IntersectionObserver = class {
        observe(): void {
          // never reports an intersection: nothing comes into view
        }
        unobserve(): void {
          // nothing is tracked
        }
        disconnect(): void {
          // nothing is tracked
        }
        takeRecords(): [] {
          return [];
        }
      } as unknown as typeof IntersectionObserver;
    });
  }
  const bodies = new Map<string, { category: Category; raw: number; gzip: number }>();
  const pending: Promise<void>[] = [];
  page.on('response', (response) => {
    pending.push(
      (async () => {
        try {
          const body = await response.body();
          const category = categorize(response.url(), response.headers()['content-type'] ?? '');
          bodies.set(response.url(), { category, raw: body.length, gzip: gzipSync(body, { level: 9 }).length });
        } catch {
          // aborted or redirected responses have no body
        }
      })(),
    );
  });
  await page.goto(url, { waitUntil: 'networkidle' });
  await page.waitForTimeout(300);
  await Promise.all(pending);
  await context.close();
  return bodies;
}

export async function measurePages(baseUrl: string, browser: Browser): Promise<PageWeight[]> {
  const results: PageWeight[] = [];
  for (const { kind, path, budget } of PAGES) {
    const firstLoad = await measure(browser, baseUrl + path, true);
    const inView = await measure(browser, baseUrl + path, false);
    const byCategory: Record<Category, Weight> = {
      html: empty(),
      css: empty(),
      js: empty(),
      font: empty(),
      other: empty(),
    };
    for (const { category, raw, gzip } of firstLoad.values()) {
      byCategory[category].raw += raw;
      byCategory[category].gzip += gzip;
      byCategory[category].files += 1;
    }
    const lazyJs = empty();
    for (const [url, { category, raw, gzip }] of inView) {
      if (category === 'js' && !firstLoad.has(url)) {
        lazyJs.raw += raw;
        lazyJs.gzip += gzip;
        lazyJs.files += 1;
      }
    }
    results.push({ kind, path, budget, byCategory, lazyJs });
  }
  return results;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

async function main(): Promise<void> {
  if (!existsSync('dist/index.html')) {
    console.error('bench:pages: dist/ has no built site; run "npm run build" first');
    process.exitCode = 1;
    return;
  }
  const server = await serveStatic('dist');
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  let over = 0;
  let under = 0;
  try {
    const results = await measurePages(server.url, browser);
    console.log('Page weight on first load (KB = 1,024 bytes; gzip -9 of each response)\n');
    console.log(
      ['page', 'HTML raw/gz', 'CSS raw/gz', 'JS raw/gz (files)', 'fonts', 'JS budget', 'JS loaded lazily, gz'].join(
        ' | ',
      ),
    );
    for (const result of results) {
      const { html, css, js, font } = result.byCategory;
      const headroom = JS_BUDGET_GZIP_BYTES - js.gzip;
      if (result.budget && headroom < 0) over += 1;
      console.log(
        [
          `${result.kind} ${result.path}`,
          `${kb(html.raw)} / ${kb(html.gzip)}`,
          `${kb(css.raw)} / ${kb(css.gzip)}`,
          `${kb(js.raw)} / ${kb(js.gzip)} (${js.files})`,
          kb(font.raw),
          result.budget
            ? `${headroom >= 0 ? `${kb(headroom)} under` : `${kb(-headroom)} OVER`} ${kb(JS_BUDGET_GZIP_BYTES)}`
            : 'no budget',
          result.lazyJs.files > 0 ? `${kb(result.lazyJs.gzip)} in ${result.lazyJs.files} files` : 'none',
        ].join(' | '),
      );
    }
    console.log('');
    const scores = await lighthouseScores(server.url);
    for (const line of lighthouseReport(scores)) console.log(line);
    under += scores.filter((result) => Object.keys(result.losses).length > 0).length;
  } finally {
    await browser.close();
    await server.close();
  }
  const bundle = readFileSync('dist/embed/calculators.js');
  const bundleGzip = gzipSync(bundle, { level: 9 }).length;
  const embedHeadroom = EMBED_BUDGET_GZIP_BYTES - bundleGzip;
  if (embedHeadroom < 0) over += 1;
  console.log(
    `\nEmbed bundle dist/embed/calculators.js: ${kb(bundle.length)} raw, ${kb(bundleGzip)} gzipped, ` +
      `${embedHeadroom >= 0 ? `${kb(embedHeadroom)} under` : `${kb(-embedHeadroom)} OVER`} its ${kb(EMBED_BUDGET_GZIP_BYTES)} budget`,
  );
  if (over > 0) {
    console.error(`\n${over} page(s) over the first-load JavaScript budget`);
    process.exitCode = 1;
  }
  if (under > 0) {
    console.error(`\n${under} page(s) under Lighthouse ${LIGHTHOUSE_TARGET} in some category`);
    process.exitCode = 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
