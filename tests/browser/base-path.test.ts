/**
 * The site built under a base path (dist-base/, `npm run build:base`) and served only under /decoder-atlas/,
 * as GitHub Pages serves a project site: a reader follows the links, moves a calculator, opens the tensor
 * list (a fetch of /api/), loads an embed page and the embed module from another site, searches, and
 * mistypes a model address. Anything that still points at the root is a 404 the page watcher reports.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaticServer } from '../support/static-server.ts';
import { serveStatic } from '../support/static-server.ts';
import type { Harness } from './harness.ts';
import { openPage, startHarness, stopHarness } from './harness.ts';

const BASE = '/decoder-atlas/';
const LLAMA = 'meta-llama/Llama-3.1-8B';
// Llama 3.1 8B's parameters as the Hub counts them (hub.json), and its KV cache at batch 4 and the default
// 4,096 tokens in bf16: 32 layers × (K and V) × 8 KV heads × 128 dims × 2 bytes = 131,072 bytes a token,
// × 4,096 tokens × 4 sequences.
const LLAMA_PARAMETERS = 8_030_261_248;
const LLAMA_KV_BYTES_BATCH_4 = 32 * 2 * 8 * 128 * 2 * 4096 * 4;

let harness: Harness | undefined;
let host: StaticServer | undefined;
let hostDir = '';
beforeAll(async () => {
  harness = await startHarness({ base: true });
  hostDir = mkdtempSync(join(tmpdir(), 'base-host-'));
  host = await serveStatic(hostDir);
});
afterAll(async () => {
  await host?.close();
  await stopHarness(harness);
  rmSync(hostDir, { recursive: true, force: true });
});

function need(): Harness {
  if (harness === undefined) throw new Error('harness not started');
  return harness;
}

describe('a build under /decoder-atlas/', () => {
  it('opens every kind of page with all its scripts, styles and images', async () => {
    const pages = ['', 'families/llama/', `models/${LLAMA}/`, 'models/', 'compare/', 'try/', 'embed/'];
    for (const path of pages) {
      const { errors, close } = await openPage(need(), BASE + path);
      expect({ path, errors }).toEqual({ path, errors: [] });
      await close();
    }
  });

  it('follows links from home to a model page, whose calculator and tensor list work', async () => {
    const { page, errors, close } = await openPage(need(), BASE);
    await page.getByRole('link', { name: 'Browse the models' }).click();
    await page.waitForURL(`**${BASE}models/`);
    await page.locator(`main a[href="${BASE}models/${LLAMA}/"]:visible`).first().click();
    await page.waitForURL(`**${BASE}models/${LLAMA}/`);

    const calc = page.locator('atlas-calc[data-calc="kv-cache"]');
    await calc.getByLabel('Batch (sequences)').fill('4');
    await expect
      .poll(() => calc.locator('[data-metric="kvCache.bytes"][data-model]').first().getAttribute('data-value'))
      .toBe(String(LLAMA_KV_BYTES_BATCH_4));

    // The flat tensor list is fetched from the JSON export, under the base.
    const fetched: string[] = [];
    page.on('request', (request) => fetched.push(new URL(request.url()).pathname));
    await page.locator('.tensor-table details summary').click();
    await page.locator('atlas-tensor-list[data-shown]:not([aria-busy])').waitFor({ timeout: 15_000 });
    expect(fetched).toContain(`${BASE}api/models/${LLAMA}/tensors.json`);
    expect(await page.locator('atlas-tensor-list li').first().textContent()).toContain('model.embed_tokens.weight');
    expect(errors).toEqual([]);
    await close();
  });

  it('serves the iframe embed page and the embed module, which read the JSON export under the base', async () => {
    const { page, errors, close } = await openPage(need(), `${BASE}embed/${LLAMA}/?metric=params`);
    const value = page.locator('llm-params').locator('[data-metric="params.total"]').first();
    await value.waitFor({ timeout: 10_000 });
    expect(await value.getAttribute('data-value')).toBe(String(LLAMA_PARAMETERS));
    expect(await page.locator('.credit a').getAttribute('href')).toMatch(
      new RegExp(`^https://decoder-atlas\\.github\\.io${BASE}models/${LLAMA}/$`),
    );
    expect(errors).toEqual([]);
    await close();

    // Another site loads dist-base/embed/calculators.js: the model's JSON comes from beside the module.
    writeFileSync(
      join(hostDir, 'host.html'),
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host</title><link rel="icon" href="data:,"></head><body>
<script type="module" src="${need().server.url}${BASE}embed/calculators.js"></script>
<llm-params model="${LLAMA}"></llm-params></body></html>`,
    );
    const context = await need().browser.newContext();
    const hostPage = await context.newPage();
    const requested: string[] = [];
    hostPage.on('request', (request) => requested.push(request.url()));
    await hostPage.goto(`${host?.url ?? ''}/host.html`);
    const hosted = hostPage.locator('llm-params').locator('[data-metric="params.total"]').first();
    await hosted.waitFor({ timeout: 10_000 });
    expect(await hosted.getAttribute('data-value')).toBe(String(LLAMA_PARAMETERS));
    expect(requested).toContain(`${need().server.url}${BASE}api/models/${LLAMA}.json`);
    expect(await hostPage.locator('llm-params').locator('a').first().getAttribute('href')).toBe(
      `${need().server.url}${BASE}models/${LLAMA}/`,
    );
    await context.close();
  });

  it('searches with Pagefind under the base and opens a result', { timeout: 120_000 }, async () => {
    const { page, errors, close } = await openPage(need(), `${BASE}guides/how-we-count/`);
    await page.getByRole('button', { name: 'Search' }).click();
    const input = page.locator('#atlas-search-ui input');
    await input.waitFor({ state: 'visible', timeout: 30_000 });
    await input.fill('Mixtral');
    const result = page.locator(`#atlas-search-ui a[href^="${BASE}models/mistralai/Mixtral-8x7B-v0.1/"]`).first();
    await result.waitFor({ timeout: 45_000 });
    await result.click();
    await page.waitForURL(`**${BASE}models/mistralai/Mixtral-8x7B-v0.1/**`);
    expect(await page.locator('h1').first().textContent()).toContain('Mixtral-8x7B-v0.1');
    expect(errors).toEqual([]);
    await close();
  });

  it('answers a mistyped model address with the 404 page, its links and a did-you-mean under the base', async () => {
    const { page, errors, close } = await openPage(need(), `${BASE}models/meta-llama/Llama-3.1-8b/`);
    // The only failed response is the page itself (and the console's word for it).
    const notFound = [
      `HTTP 404 for ${need().server.url}${BASE}models/meta-llama/Llama-3.1-8b/`,
      'Failed to load resource: the server responded with a status of 404 (Not Found)',
    ];
    expect(errors).toEqual(notFound);
    const suggestion = page.locator('[data-did-you-mean] a');
    await suggestion.waitFor({ state: 'visible' });
    expect(await suggestion.getAttribute('href')).toBe(`${BASE}models/${LLAMA}/`);
    expect(await page.getByRole('link', { name: 'home page' }).getAttribute('href')).toBe(BASE);
    expect(await page.getByRole('link', { name: 'list of models' }).getAttribute('href')).toBe(`${BASE}models/`);
    await suggestion.click();
    await page.waitForURL(`**${BASE}models/${LLAMA}/`);
    expect(errors).toEqual(notFound);
    await close();
  });
});
