/**
 * The Content-Security-Policy in Chromium, on one page of every kind, served as a host that reads
 * dist/_headers would serve it (Netlify, Cloudflare Pages): the policy arrives both as the pages'
 * <meta> and as a header, with frame-ancestors. Each test uses the page the way a reader does
 * (moves a control, opens search so Pagefind and its WebAssembly load) and expects no violation:
 * openPage's errors hold every `securitypolicyviolation` event and every console message about the
 * policy. A first test checks that a violation is caught at all.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSnapshotEntry } from '../../src/data/snapshot.ts';
import type { HeaderRule } from '../../src/site/build/csp.ts';
import { matchingRules, parseHeadersFile } from '../../src/site/build/csp.ts';
import { DIST } from '../site/dist.ts';
import type { StaticServer } from '../support/static-server.ts';
import { serveStatic } from '../support/static-server.ts';
import type { Harness } from './harness.ts';
import { nextFrame, openPage, startHarness, stopHarness } from './harness.ts';

const MODEL = 'meta-llama/Llama-3.1-8B';
/** For every wait: generous, for a loaded machine; a wait ends as soon as its condition holds. */
const SLOW = { timeout: 30_000 };
const gpt2Config = loadSnapshotEntry('openai-community/gpt2').config;

/**
 * dist/ behind a proxy that adds the headers of every matching _headers rule, joining a repeated
 * header with ", " as Cloudflare Pages does (so overlapping rules would show up as two policies).
 */
async function serveWithHeaders(rules: readonly HeaderRule[]): Promise<StaticServer> {
  const upstream = await serveStatic(DIST);
  const server = createServer((request, response) => {
    const forwarded = httpRequest(
      `${upstream.url}${request.url ?? '/'}`,
      { method: request.method, headers: request.headers },
      (answer) => {
        const headers = { ...answer.headers };
        const added = new Map<string, string[]>();
        for (const rule of matchingRules(rules, new URL(request.url ?? '/', 'http://host').pathname)) {
          for (const [name, value] of rule.headers)
            added.set(name.toLowerCase(), [...(added.get(name.toLowerCase()) ?? []), value]);
        }
        for (const [name, values] of added) headers[name] = values.join(', ');
        response.writeHead(answer.statusCode ?? 502, headers);
        answer.pipe(response);
      },
    );
    request.pipe(forwarded);
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await new Promise((closed) => server.close(closed));
      await upstream.close();
    },
  };
}

let harness: Harness | undefined;
let site: Harness | undefined;
let host: StaticServer | undefined;
let hostDir: string;

function need<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('not started');
  return value;
}

beforeAll(async () => {
  harness = await startHarness();
  const rules = parseHeadersFile(readFileSync(join(DIST, '_headers'), 'utf8'));
  site = { server: await serveWithHeaders(rules), browser: harness.browser };
  // Another origin: pages that frame the site, and a Hub mirror for /try/.
  hostDir = mkdtempSync(join(tmpdir(), 'csp-host-'));
  mkdirSync(join(hostDir, 'acme/tiny/resolve/main'), { recursive: true });
  writeFileSync(join(hostDir, 'acme/tiny/resolve/main/config.json'), JSON.stringify(gpt2Config));
  host = await serveStatic(hostDir);
});

afterAll(async () => {
  await site?.server.close();
  await host?.close();
  await stopHarness(harness);
  rmSync(hostDir, { recursive: true, force: true });
});

/** Opens a page of the site (served with its headers). */
function open(path: string) {
  return openPage(need(site), path);
}

/** A page on the other origin holding `body`. */
function hostPage(name: string, body: string): string {
  writeFileSync(
    join(hostDir, name),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host</title><link rel="icon" href="data:,"></head><body>${body}</body></html>`,
  );
  return `/${name}`;
}

/** Opens search, types a query and waits for a result: loads Pagefind, its worker and its WebAssembly. */
async function searchFor(page: Page, query: string, href: string): Promise<void> {
  await page.getByRole('button', { name: 'Search' }).click();
  const input = page.locator('#atlas-search-ui input');
  await input.waitFor({ state: 'visible', timeout: 30_000 });
  await input.fill(query);
  await page.locator(`#atlas-search-ui a[href*="${href}"]`).first().waitFor({ timeout: 45_000 });
}

describe('the policy', () => {
  it('arrives as a header too: frame-ancestors * on /embed/, none elsewhere', async () => {
    const base = need(site).server.url;
    const embed = await fetch(`${base}/embed/${MODEL}/`);
    const model = await fetch(`${base}/models/${MODEL}/`);
    expect(embed.headers.get('content-security-policy')).toMatch(/frame-ancestors \*$/);
    expect(embed.headers.get('access-control-allow-origin')).toBe('*');
    expect(model.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'$/);
    await embed.body?.cancel();
    await model.body?.cancel();
  });

  it('is enforced, and a violation is caught: an injected inline script and an inline handler are refused', async () => {
    const { page, errors, close } = await open('/404.html');
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__injected = true;';
      document.head.append(script);
      document.body.insertAdjacentHTML('beforeend', '<img src="/favicon.svg" onload="window.__handler = true">');
    });
    // Each is reported once per policy that refuses it: the header's and the <meta>'s.
    const violations = () => errors.filter((error) => error.startsWith('CSP violation')).join('\n');
    await expect.poll(violations, SLOW).toMatch(/script-src-elem blocked inline/);
    await expect.poll(violations, SLOW).toMatch(/script-src-attr blocked inline/);
    expect(await page.evaluate(() => '__injected' in window || '__handler' in window)).toBe(false);
    await close();
  });
});

describe('no violation on any kind of page', () => {
  it('the home page, with its comparison calculator moved', async () => {
    const { page, errors, close } = await open('/');
    const calc = page.locator('atlas-calc[data-calc="compare"]');
    await calc.getByLabel('Context (tokens)').fill('1024');
    await expect
      .poll(() => calc.locator('[data-beyond-context][data-model="openai-community/gpt2-xl"]').isVisible(), SLOW)
      .toBe(false);
    expect(errors).toEqual([]);
    await close();
  });

  it('an article with KaTeX and a static diagram, and search', async () => {
    const { page, errors, close } = await open('/guides/how-we-count/');
    await page.locator('figure.flow-diagram svg').first().scrollIntoViewIfNeeded();
    // KaTeX's fonts load (font-src), as files or data: URLs.
    await expect
      .poll(
        () =>
          page.evaluate(async () => {
            await document.fonts.ready;
            return [...document.fonts].some((font) => font.family.includes('KaTeX') && font.status === 'loaded');
          }),
        SLOW,
      )
      .toBe(true);
    await searchFor(page, 'Mixtral', '/models/mistralai/Mixtral-8x7B-v0.1/');
    expect(errors).toEqual([]);
    await close();
  });

  it('a model page, with its calculators, chart, share panel and tensor list used', async () => {
    const { page, errors, close } = await open(`/models/${MODEL}/`);
    const calc = page.locator('atlas-calc[data-calc="kv-cache"]');
    // Each change redraws the chart from the same SVG markup the build wrote.
    await calc.locator('input[name="contextSlider"]').fill('15');
    await nextFrame(page);
    await calc.getByLabel('Batch (sequences)').fill('4');
    await nextFrame(page);
    await calc.getByLabel('KV dtype').selectOption('fp8');
    await expect.poll(() => calc.locator('[data-kv-plot] svg').textContent(), SLOW).toContain('fp8, batch 4');
    await page.locator('atlas-calc[data-calc="flops"]').getByLabel('Attention counting').selectOption('full');
    await calc.getByText('Share / Embed').click();
    await expect.poll(() => calc.locator('[data-share-field="iframe"]').inputValue(), SLOW).toContain('/embed/');
    await page.locator('.tensor-table details summary').click();
    await page
      .locator('.tensor-table details')
      .getByText('model.embed_tokens.weight', { exact: true })
      .first()
      .waitFor();
    expect(errors).toEqual([]);
    await close();
  });

  it('/models/, sorted', async () => {
    const { page, errors, close } = await open('/models/');
    await page.getByRole('button', { name: 'Parameters', exact: true }).click();
    expect(errors).toEqual([]);
    await close();
  });

  it('/compare/, with a model picked', async () => {
    const { page, errors, close } = await open('/compare/');
    const picker = page.locator('atlas-compare');
    await picker.getByLabel('Model 3').selectOption('mistralai/Mixtral-8x7B-v0.1');
    await expect
      .poll(
        () =>
          picker
            .locator('[data-metric="params.activePerToken"][data-model="mistralai/Mixtral-8x7B-v0.1"]')
            .getAttribute('data-value'),
        SLOW,
      )
      .toBe('12879925248');
    expect(errors).toEqual([]);
    await close();
  });

  it('/try/, with a pasted config and a config fetched from a mirror on another origin', async () => {
    const { page, errors, close } = await open('/try/');
    await page.getByLabel('config.json (paste, or drop a file here)').fill(JSON.stringify(gpt2Config));
    await page.getByRole('button', { name: 'Compute' }).click();
    await page.locator('llm-params').locator('[data-metric="params.total"]').first().waitFor(SLOW);
    await page.getByLabel('Hub repo id').fill('acme/tiny');
    await page.getByLabel('Hub base URL (for mirrors)').fill(need(host).url);
    await page.getByRole('button', { name: 'Load config.json' }).click();
    await expect
      .poll(
        () => page.locator('llm-kv-cache').locator('[data-metric="kvCache.bytesPerToken"]').getAttribute('data-value'),
        SLOW,
      )
      .toBe(String(12 * 2 * 12 * 64 * 2));
    expect(errors).toEqual([]);
    await close();
  });

  it('/embed/, with its live elements', async () => {
    const { page, errors, close } = await open('/embed/');
    for (const element of ['llm-kv-cache', 'llm-params', 'llm-flops', 'llm-tensors']) {
      await page.locator(element).first().locator('[data-metric]').first().waitFor(SLOW);
    }
    expect(errors).toEqual([]);
    await close();
  });

  it('an iframe embed page, framed by a page on another origin', async () => {
    const base = need(site).server.url;
    const path = hostPage(
      'frame-embed.html',
      `<iframe id="frame" src="${base}/embed/${MODEL}/?metric=kv-cache&context=32768" style="width:100%;border:0" height="300"></iframe>`,
    );
    const { page, errors, close } = await openPage({ server: need(host), browser: need(harness).browser }, path);
    const frame = page.frameLocator('#frame');
    await frame.locator('llm-kv-cache').locator('[data-metric="kvCache.bytes"]').waitFor(SLOW);
    expect(errors).toEqual([]);
    await close();
  });

  it('but any other page refuses to be framed (frame-ancestors none)', async () => {
    const base = need(site).server.url;
    const path = hostPage('frame-model.html', `<iframe id="frame" src="${base}/models/${MODEL}/"></iframe>`);
    const { page, errors, close } = await openPage({ server: need(host), browser: need(harness).browser }, path);
    await expect.poll(() => errors.join('\n'), SLOW).toMatch(/frame-ancestors 'none'/);
    expect(await page.frameLocator('#frame').locator('atlas-calc').count()).toBe(0);
    await close();
  });
});
