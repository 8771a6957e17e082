/**
 * The embeddable calculators on a page that is not the site: a plain HTML file served from
 * another origin (another local server) that loads only dist/embed/calculators.js.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSnapshotEntry } from '../../src/data/snapshot.ts';
import {
  DEFAULT_RUN_OPTIONS,
  flops,
  kvCache,
  matmulParamsPerToken,
  parseConfig,
  tensorList,
} from '../../src/lib/index.ts';
import type { StaticServer } from '../support/static-server.ts';
import { serveStatic } from '../support/static-server.ts';
import type { Harness } from './harness.ts';
import { openPage, startHarness, stopHarness } from './harness.ts';

let harness: Harness | undefined;
let host: StaticServer | undefined;
let hostDir: string;

function need<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('not started');
  return value;
}

const llamaSpec = parseConfig(loadSnapshotEntry('meta-llama/Llama-3.1-8B').config);
const gpt2Config = loadSnapshotEntry('openai-community/gpt2').config as Record<string, unknown>;
const gpt2Spec = parseConfig(gpt2Config);

/** A host page that loads the bundle from the site's origin and holds `body`. */
function hostPage(name: string, body: string): string {
  const site = need(harness).server.url;
  writeFileSync(
    join(hostDir, name),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host page</title>
<script type="module" src="${site}/embed/calculators.js"></script></head><body>${body}</body></html>`,
  );
  return `${need(host).url}/${name}`;
}

async function open(url: string) {
  const context = await need(harness).browser.newContext();
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  await page.goto(url, { waitUntil: 'networkidle' });
  return { page, problems, close: () => context.close() };
}

/** A number inside an element's shadow root, once it has rendered. */
async function shadowValue(page: Page, selector: string, metric: string): Promise<number> {
  const locator = page.locator(selector).locator(`[data-metric="${metric}"]`).first();
  await locator.waitFor({ timeout: 10_000 });
  return Number(await locator.getAttribute('data-value'));
}

async function shadowError(page: Page, selector: string): Promise<string> {
  const error = page.locator(selector).locator('[role="alert"]');
  await error.waitFor({ timeout: 10_000 });
  return (await error.textContent()) ?? '';
}

beforeAll(async () => {
  harness = await startHarness();
  hostDir = mkdtempSync(join(tmpdir(), 'embed-host-'));
  writeFileSync(join(hostDir, 'gpt2.json'), JSON.stringify(gpt2Config));
  writeFileSync(join(hostDir, 'not-json.json'), '<html>not a config</html>');
  writeFileSync(join(hostDir, 'huge.json'), `{"model_type": "gpt2", "pad": "${'x'.repeat(5 * 1024 * 1024)}"}`);
  host = await serveStatic(hostDir);
});

afterAll(async () => {
  await host?.close();
  await stopHarness(harness);
  rmSync(hostDir, { recursive: true, force: true });
});

describe('the embed bundle on another site', () => {
  it('renders a snapshot model, a config-url and an inline config with the library numbers', async () => {
    const url = hostPage(
      'sources.html',
      `<llm-kv-cache id="snapshot" model="meta-llama/Llama-3.1-8B" context="131072"></llm-kv-cache>
<llm-params id="by-url" config-url="/gpt2.json"></llm-params>
<llm-flops id="inline" context="1024"><script type="application/json">${JSON.stringify(gpt2Config)}</script></llm-flops>
<llm-tensors id="tensors" config-url="/gpt2.json"></llm-tensors>`,
    );
    const { page, problems, close } = await open(url);
    expect(await shadowValue(page, '#snapshot', 'kvCache.bytes')).toBe(17_179_869_184);
    expect(await shadowValue(page, '#by-url', 'params.total')).toBe(124_439_808);
    const expectedFlops = flops(gpt2Spec, matmulParamsPerToken(gpt2Spec, tensorList(gpt2Spec)), {
      contextTokens: 1024,
      attention: 'causal',
    });
    expect(await shadowValue(page, '#inline', 'flops.prefill')).toBe(expectedFlops.prefill);
    expect(await shadowValue(page, '#tensors', 'params.total')).toBe(124_439_808);
    expect(await page.locator('#tensors').locator('tbody tr').first().locator('td code').textContent()).toBe(
      '[50257, 768]',
    );
    expect(problems).toEqual([]);
    await close();
  });

  it('computes the 2025 architectures: an MLA snapshot model, inline gpt-oss and multimodal Gemma 3 configs', async () => {
    const gptOss = loadSnapshotEntry('openai/gpt-oss-120b').config;
    const gemma3 = loadSnapshotEntry('google/gemma-3-4b-it').config;
    const url = hostPage(
      'architectures-2025.html',
      `<llm-kv-cache id="mla" model="deepseek-ai/DeepSeek-V3" context="4096"></llm-kv-cache>
<llm-params id="gpt-oss"><script type="application/json">${JSON.stringify(gptOss)}</script></llm-params>
<llm-params id="gemma3"><script type="application/json">${JSON.stringify(gemma3)}</script></llm-params>`,
    );
    const { page, problems, close } = await open(url);
    // MLA caches the 512-wide latent plus the 64-wide rotary key, per layer and token: 61 · 576 · 2 B.
    expect(await shadowValue(page, '#mla', 'kvCache.bytesPerToken')).toBe(61 * 576 * 2);
    expect(await shadowValue(page, '#gpt-oss', 'params.total')).toBe(116_829_156_672);
    // the MXFP4 scales, 36 · 128 · (5,760 + 2,880) · 90, are what the Hub counts beyond the parameters
    expect(await shadowValue(page, '#gpt-oss', 'params.checkpoint')).toBe(116_829_156_672 + 3_583_180_800);
    expect(await shadowValue(page, '#gemma3', 'params.total')).toBe(4_300_079_472);
    expect(problems).toEqual([]);
    await close();
  });

  it('recomputes when an attribute changes', async () => {
    const url = hostPage('attributes.html', `<llm-kv-cache id="kv" model="meta-llama/Llama-3.1-8B"></llm-kv-cache>`);
    const { page, problems, close } = await open(url);
    expect(await shadowValue(page, '#kv', 'kvCache.bytes')).toBe(kvCache(llamaSpec, DEFAULT_RUN_OPTIONS).bytes);
    await page.locator('#kv').evaluate((element) => {
      element.setAttribute('context', '32768');
      element.setAttribute('dtype', 'fp8');
      element.setAttribute('batch', '2');
    });
    await expect
      .poll(() => page.locator('#kv').locator('[data-metric="kvCache.bytes"]').getAttribute('data-value'))
      .toBe(String(kvCache(llamaSpec, { contextTokens: 32_768, batch: 2, dtype: 'fp8' }).bytes));
    await page.locator('#kv').evaluate((element) => element.setAttribute('model', 'openai-community/gpt2'));
    await expect
      .poll(() => page.locator('#kv').locator('[data-metric="kvCache.bytesPerToken"]').getAttribute('data-value'))
      .toBe(String(12 * 2 * 12 * 64));
    expect(problems).toEqual([]);
    await close();
  });

  const hostile: [string, string, RegExp][] = [
    [
      'script in a string value',
      `<llm-params id="x"><script type="application/json">${JSON.stringify({ ...gpt2Config, _name_or_path: '<img src=x onerror=alert(1)>' })}</script></llm-params>`,
      /^$/,
    ],
    [
      'a negative size',
      `<llm-params id="x"><script type="application/json">${JSON.stringify({ ...gpt2Config, n_embd: -768 })}</script></llm-params>`,
      /n_embd: must be a positive whole number, got -768/,
    ],
    [
      'a huge layer count',
      `<llm-params id="x"><script type="application/json">${JSON.stringify({ ...gpt2Config, n_layer: 1e9 })}</script></llm-params>`,
      /more than any real model/,
    ],
    [
      'deep nesting',
      `<llm-params id="x"><script type="application/json">${'['.repeat(5000)}${']'.repeat(5000)}</script></llm-params>`,
      /nests deeper than 32 levels/,
    ],
    ['a non-JSON body', `<llm-params id="x" config-url="/not-json.json"></llm-params>`, /not valid JSON/],
    ['a 5 MB file', `<llm-params id="x" config-url="/huge.json"></llm-params>`, /MiB; a config.json is a few KB/],
    ['a 404', `<llm-params id="x" config-url="/missing.json"></llm-params>`, /answered 404/],
    [
      'an unknown snapshot model',
      `<llm-params id="x" model="acme/unknown"></llm-params>`,
      /acme\/unknown is not one of Decoder Atlas's models/,
    ],
    [
      'a server without CORS',
      `<llm-params id="x" config-url="http://127.0.0.1:9/config.json"></llm-params>`,
      /could not fetch .*(network|CORS)/,
    ],
  ];

  it.each(hostile)('handles %s with a message, never running anything', async (_label, body, message) => {
    const url = hostPage(`hostile-${Math.random().toString(36).slice(2)}.html`, `${body}<p id="canary">ok</p>`);
    const { page, problems, close } = await open(url);
    if (message.source === '^$') {
      // The config is valid: it renders, and the string is inert text.
      expect(await shadowValue(page, '#x', 'params.total')).toBe(124_439_808);
      expect(await page.locator('img').count()).toBe(0);
    } else {
      expect(await shadowError(page, '#x')).toMatch(message);
      expect(await page.locator('#x').locator('[data-metric]').count()).toBe(0);
    }
    // The page still answers (a frozen tab would time this out); how fast is a report's business, not a test's.
    expect(await page.evaluate(() => 1)).toBe(1);
    expect(problems).toEqual([]);
    await close();
  });

  it('never shows a stale number: a failed reload replaces the old numbers with the error', async () => {
    const url = hostPage('stale.html', `<llm-params id="x" config-url="/gpt2.json"></llm-params>`);
    const { page, problems, close } = await open(url);
    expect(await shadowValue(page, '#x', 'params.total')).toBe(124_439_808);
    await page.locator('#x').evaluate((element) => element.setAttribute('config-url', '/missing.json'));
    expect(await shadowError(page, '#x')).toMatch(/answered 404/);
    expect(await page.locator('#x').locator('[data-metric]').count()).toBe(0);
    expect(problems).toEqual([]);
    await close();
  });
});

describe('iframe embedding', () => {
  it('sizes the iframe to its content with the snippet listener', async () => {
    const site = need(harness).server.url;
    const url = hostPage(
      'iframe.html',
      `<iframe id="frame" src="${site}/embed/meta-llama/Llama-3.1-8B/?metric=flops&context=8192" style="width:100%;border:0" height="50"></iframe>
<script>addEventListener('message',e=>{if(e.origin==='${site}'&&e.data&&e.data.type==='decoder-atlas:height')for(const f of document.querySelectorAll('iframe'))if(f.contentWindow===e.source)f.style.height=e.data.height+'px'})</script>`,
    );
    const { page, problems, close } = await open(url);
    const frame = page.frameLocator('#frame');
    await frame.locator('llm-flops').locator('[data-metric="flops.prefill"]').waitFor();
    expect(await frame.locator('llm-kv-cache').count()).toBe(0);
    await expect.poll(async () => (await page.locator('#frame').boundingBox())?.height ?? 0).toBeGreaterThan(120);
    const contentHeight = await frame
      .locator('html')
      .evaluate((html) => Math.ceil(html.getBoundingClientRect().height));
    const frameHeight = (await page.locator('#frame').boundingBox())?.height ?? 0;
    expect(Math.abs(frameHeight - contentHeight)).toBeLessThanOrEqual(2);
    expect(problems).toEqual([]);
    await close();
  });
});

describe('Share / Embed', () => {
  it('gives a link that restores the state, and snippets for the current state', async () => {
    const { page, errors, close } = await openPage(need(harness), '/models/meta-llama/Llama-3.1-8B/');
    const calc = page.locator('atlas-calc[data-calc="kv-cache"]');
    await calc.getByLabel('Context (tokens)').fill('65536');
    await calc.getByLabel('KV dtype').selectOption('int8');
    await calc.getByText('Share / Embed').click();
    const link = await calc.locator('[data-share-field="link"]').inputValue();
    expect(await calc.locator('[data-share-field="element"]').inputValue()).toContain(
      '<llm-kv-cache model="meta-llama/Llama-3.1-8B" context="65536" dtype="int8"></llm-kv-cache>',
    );
    expect(await calc.locator('[data-share-field="iframe"]').inputValue()).toContain(
      '/embed/meta-llama/Llama-3.1-8B/?metric=kv-cache&amp;context=65536&amp;dtype=int8'.replace(/&amp;/g, '&'),
    );
    const reopened = await openPage(need(harness), new URL(link).pathname + new URL(link).search);
    const restored = reopened.page.locator('atlas-calc[data-calc="kv-cache"]');
    expect(await restored.locator('[data-metric="kvCache.bytes"]').getAttribute('data-value')).toBe(
      String(kvCache(llamaSpec, { contextTokens: 65_536, batch: 1, dtype: 'int8' }).bytes),
    );
    expect(errors).toEqual([]);
    expect(reopened.errors).toEqual([]);
    await reopened.close();
    await close();
  });
});

describe('Try any model', () => {
  it('computes a pasted config and restores it from the shareable link', async () => {
    const { page, errors, close } = await openPage(need(harness), '/try/');
    await page.getByLabel('config.json (paste, or drop a file here)').fill(JSON.stringify(gpt2Config));
    await page.getByRole('button', { name: 'Compute' }).click();
    expect(await shadowValue(page, 'llm-params', 'params.total')).toBe(124_439_808);
    await expect.poll(() => new URL(page.url()).searchParams.has('config')).toBe(true);
    const shared = page.url();
    const reopened = await openPage(need(harness), new URL(shared).pathname + new URL(shared).search);
    expect(await shadowValue(reopened.page, 'llm-params', 'params.total')).toBe(124_439_808);
    expect(errors).toEqual([]);
    expect(reopened.errors).toEqual([]);
    await reopened.close();
    await close();
  });

  it('computes a pasted DeepSeek-V3 config: parameters, and the checkpoint with its MTP layer and FP8 scales', async () => {
    const { page, errors, close } = await openPage(need(harness), '/try/');
    const config = loadSnapshotEntry('deepseek-ai/DeepSeek-V3').config;
    await page.getByLabel('config.json (paste, or drop a file here)').fill(JSON.stringify(config));
    await page.getByRole('button', { name: 'Compute' }).click();
    expect(await shadowValue(page, 'llm-params', 'params.total')).toBe(671_026_419_200);
    expect(await shadowValue(page, 'llm-params', 'params.checkpoint')).toBe(684_531_386_000);
    expect(errors).toEqual([]);
    await close();
  });

  it('fetches a repo from a mirror given as the Hub base URL, and explains a gated one', async () => {
    const mirror = await serveStatic(hostDir);
    writeFileSync(join(hostDir, 'resolve-config.json'), JSON.stringify(gpt2Config));
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(hostDir, 'acme/tiny/resolve/main'), { recursive: true });
    writeFileSync(join(hostDir, 'acme/tiny/resolve/main/config.json'), JSON.stringify(gpt2Config));
    const { page, close } = await openPage(need(harness), '/try/');
    await page.getByLabel('Hub repo id').fill('acme/tiny');
    await page.getByLabel('Hub base URL (for mirrors)').fill(mirror.url);
    await page.getByRole('button', { name: 'Load config.json' }).click();
    expect(await shadowValue(page, 'llm-kv-cache', 'kvCache.bytesPerToken')).toBe(12 * 2 * 12 * 64 * 2);
    expect(new URL(page.url()).searchParams.get('repo')).toBe('acme/tiny');
    await close();
    await mirror.close();
  });
});
