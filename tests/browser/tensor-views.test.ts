/**
 * Tensor views that scale, in Chromium: /try/ computes a 10,000-expert config from a share link
 * without a long task, the model page's "Every tensor" disclosure loads and renders the flat list
 * in chunks, and the embeddable elements share one load per source and refuse what the CLI refuses.
 * Long tasks are read with a PerformanceObserver installed before any page script runs.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSnapshotEntry } from '../../src/data/snapshot.ts';
import { analyzeConfig, DEFAULT_RUN_OPTIONS } from '../../src/lib/index.ts';
import { packText } from '../../src/site/browser/compress.ts';
import type { Harness } from './harness.ts';
import { startHarness, stopHarness, watchErrors, recordLongTasks, longTasksOf, longest } from './harness.ts';

// Long tasks are measured and printed, not asserted: speed is a report's business (a loaded CI
// machine stretches every task); what bounds the work (grouped rows, chunked rendering) is asserted.
const MIXTRAL = 'mistralai/Mixtral-8x7B-v0.1';

/** Qwen2-MoE with 10,000 routed experts in each of 8 small layers: 240,115 tensors, under the parser's limit. */
const TEN_THOUSAND_EXPERTS = {
  model_type: 'qwen2_moe',
  hidden_size: 64,
  intermediate_size: 128,
  num_hidden_layers: 8,
  num_attention_heads: 4,
  num_key_value_heads: 2,
  vocab_size: 1000,
  num_experts: 10_000,
  num_experts_per_tok: 4,
  moe_intermediate_size: 32,
  shared_expert_intermediate_size: 64,
};
const tenThousand = analyzeConfig('qwen2_moe', TEN_THOUSAND_EXPERTS, DEFAULT_RUN_OPTIONS, { flatTensors: false });

/** Valid field by field, but 211,387,776,850,984,960 parameters: past 2^53, refused like the CLI does. */
const PAST_2_53 = {
  model_type: 'mixtral',
  hidden_size: 1_048_576,
  intermediate_size: 1_048_576,
  num_hidden_layers: 64,
  num_attention_heads: 64,
  num_key_value_heads: 64,
  vocab_size: 1000,
  num_local_experts: 1000,
  num_experts_per_tok: 2,
};

let harness: Harness | undefined;

function need(): Harness {
  if (harness === undefined) throw new Error('not started');
  return harness;
}

interface ObservedPage {
  page: Page;
  context: BrowserContext;
  /** Console errors, uncaught exceptions, failed responses and dialogs. */
  errors: string[];
  /** Every long task so far: start and duration in ms. */
  longTasks(): Promise<{ start: number; duration: number }[]>;
}

/** A page whose long tasks are recorded from before its first script. */
async function observedPage(width = 1280): Promise<ObservedPage> {
  const context = await need().browser.newContext({ viewport: { width, height: 900 } });
  await recordLongTasks(context);
  const page = await context.newPage();
  const errors = watchErrors(page);
  const longTasks = () => longTasksOf(page);
  return { page, context, errors, longTasks };
}

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await stopHarness(harness);
});

describe('long-task measurement', () => {
  it('sees a deliberate 300 ms task, so a quiet measurement means something', async () => {
    const { page, context, longTasks } = await observedPage();
    await page.goto(`${need().server.url}/404.html`);
    // A task of the page's own (a timer), not the test driver's evaluation.
    await page.evaluate(() => {
      setTimeout(() => {
        const end = performance.now() + 300;
        while (performance.now() < end) {
          // busy
        }
      }, 0);
    });
    await expect.poll(async () => longest(await longTasks())).toBeGreaterThanOrEqual(300);
    await context.close();
  });
});

describe('/try/ with 10,000 experts', () => {
  it('computes a share link of a 10,000-expert config with no long task over 200 ms', async () => {
    const packed = await packText(JSON.stringify(TEN_THOUSAND_EXPERTS));
    const { page, context, errors, longTasks } = await observedPage();
    const started = Date.now();
    await page.goto(`${need().server.url}/try/?config=${packed}`);
    await page.locator('[data-try-status][data-state="done"]').waitFor({ timeout: 30_000 });
    const elapsed = Date.now() - started;
    const tensorCount = page.locator('llm-tensors').locator('[data-metric="tensorCount"]');
    expect(await tensorCount.getAttribute('data-value')).toBe(String(tenThousand.tensorCount));
    expect(tenThousand.tensorCount).toBe(240_115);
    expect(
      await page.locator('llm-params').locator('[data-metric="params.total"]').first().getAttribute('data-value'),
    ).toBe(String(tenThousand.params.total));
    // Grouped: one row per expert matrix, × 80,000 (8 layers × 10,000 experts), not 240,000 rows.
    const rows = page.locator('llm-tensors').locator('tbody tr');
    expect(await rows.count()).toBe(tenThousand.tensorGroups.length);
    const upProj = rows.filter({ hasText: 'model.layers.[0–7].mlp.experts.[0–9999].up_proj.weight' });
    expect(await upProj.locator('[data-metric$=".count"]').getAttribute('data-value')).toBe('80000');
    const tasks = await longTasks();
    console.info(
      `/try/ 10,000 experts: link ${packed.length} characters, result after ${elapsed} ms, longest task ${longest(tasks).toFixed(0)} ms`,
    );
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('the flat tensor list on a model page', () => {
  it('loads on opening the disclosure and renders every Mixtral tensor with no long task over 200 ms', async () => {
    const { page, context, errors, longTasks } = await observedPage();
    const requests: string[] = [];
    page.on('request', (request) => requests.push(new URL(request.url()).pathname));
    await page.goto(`${need().server.url}/models/${MIXTRAL}/`, { waitUntil: 'networkidle' });
    const jsonPath = `/api/models/${MIXTRAL}/tensors.json`;
    // Not fetched until the reader asks.
    expect(requests).not.toContain(jsonPath);
    const list = page.locator('atlas-tensor-list');
    const opened = await page.evaluate(() => performance.now());
    await page.locator('.tensor-table details summary').click();
    await page.locator('atlas-tensor-list[data-shown="995"]:not([aria-busy])').waitFor({ timeout: 15_000 });
    expect(requests.filter((path) => path === jsonPath)).toHaveLength(1);
    const items = list.locator('li');
    expect(await items.count()).toBe(995);
    expect((await items.first().textContent())?.replace(/\s+/g, ' ')).toBe('model.embed_tokens.weight [32000, 4096]');
    expect((await items.nth(994).textContent())?.replace(/\s+/g, ' ')).toBe('lm_head.weight [32000, 4096]');
    expect(await list.getByText('model.layers.31.block_sparse_moe.experts.7.w3.weight', { exact: true }).count()).toBe(
      1,
    );
    expect(await list.locator('.tensor-list-status').textContent()).toBe('All 995 tensors, in state-dict order.');
    const tasks = (await longTasks()).filter((task) => task.start >= opened);
    console.info(`Mixtral flat list: longest task after opening ${longest(tasks).toFixed(0)} ms`);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('wraps long tensor names on a 390 px phone', async () => {
    const { page, context, errors } = await observedPage(390);
    await page.goto(`${need().server.url}/models/${MIXTRAL}/`, { waitUntil: 'networkidle' });
    const name = page
      .locator('.tensor-table tbody th')
      .filter({ hasText: 'model.layers.[0–31].block_sparse_moe.experts.[0–7].w1.weight' })
      .locator('code');
    const box = await name.boundingBox();
    const lineHeight = await name.evaluate((element) => Number.parseFloat(getComputedStyle(element).lineHeight) || 20);
    // More than one line, and no wider than the phone.
    expect(box?.height ?? 0).toBeGreaterThan(1.5 * lineHeight);
    expect(box?.width ?? Infinity).toBeLessThan(390);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('the embeddable elements', () => {
  /** A same-origin page holding `body`, loading only the embed bundle. */
  async function hostPage(body: string) {
    const observed = await observedPage();
    const site = need().server.url;
    await observed.page.route(`${site}/host.html`, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host</title>
<script type="module" src="/embed/calculators.js"></script></head><body>${body}</body></html>`,
      }),
    );
    return observed;
  }

  it('load and parse one model once for four elements, and group its tensors like the site', async () => {
    const { page, context, errors } = await hostPage(
      ['llm-params', 'llm-kv-cache', 'llm-flops', 'llm-tensors']
        .map((name) => `<${name} model="${MIXTRAL}"></${name}>`)
        .join('\n'),
    );
    const exports: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === `/api/models/${MIXTRAL}.json`) exports.push(request.url());
    });
    await page.goto(`${need().server.url}/host.html`, { waitUntil: 'networkidle' });
    const tensors = page.locator('llm-tensors');
    await tensors.locator('[data-metric="tensorCount"]').waitFor();
    for (const name of ['llm-params', 'llm-kv-cache', 'llm-flops']) {
      await page.locator(name).locator('[data-metric]').first().waitFor();
    }
    expect(exports).toHaveLength(1);
    const analysis = analyzeConfig(MIXTRAL, loadSnapshotEntry(MIXTRAL).config, DEFAULT_RUN_OPTIONS, {
      flatTensors: false,
    });
    expect(await tensors.locator('tbody tr').count()).toBe(analysis.tensorGroups.length);
    const w1 = tensors.locator('tbody tr').filter({ hasText: 'experts.[0–7].w1.weight' });
    expect((await w1.locator('th').textContent())?.replace(/\s+/g, '')).toBe(
      'model.layers.[0–31].block_sparse_moe.experts.[0–7].w1.weight',
    );
    expect(await w1.locator('[data-metric$=".count"]').getAttribute('data-metric')).toMatch(
      /^tensorGroups\.\d+\.count$/,
    );
    expect(await w1.locator('[data-metric$=".count"]').getAttribute('data-value')).toBe('256');
    expect(await tensors.locator('[data-metric^="tensors."]').count()).toBe(0);
    expect(await tensors.locator('[data-metric="tensorCount"]').getAttribute('data-value')).toBe('995');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('keep one element on an iframe embed page, computed once, with the grouped tensor rows', async () => {
    const { page, context, errors } = await observedPage();
    const exports: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === `/api/models/${MIXTRAL}.json`) exports.push(request.url());
    });
    await page.goto(`${need().server.url}/embed/${MIXTRAL}/?metric=tensors`, { waitUntil: 'networkidle' });
    const tensors = page.locator('llm-tensors');
    await tensors.locator('[data-metric="tensorCount"]').waitFor();
    expect(await page.locator('llm-params, llm-kv-cache, llm-flops').count()).toBe(0);
    expect(exports).toHaveLength(1);
    const w1 = tensors.locator('tbody tr').filter({ hasText: 'experts.[0–7].w1.weight' });
    expect(await w1.locator('[data-metric$=".count"]').getAttribute('data-value')).toBe('256');
    // The chrome-less embed page has no favicon link: the browser's own /favicon.ico request may 404.
    expect(errors.filter((error) => !error.startsWith('Failed to load resource'))).toEqual([]);
    await context.close();
  });

  it('shows the ConfigError of a count past 2^53, never the number', async () => {
    const inline = `<script type="application/json">${JSON.stringify(PAST_2_53)}</script>`;
    const { page, context, errors } = await hostPage(
      `<llm-params id="params">${inline}</llm-params><llm-kv-cache id="kv">${inline}</llm-kv-cache>`,
    );
    await page.goto(`${need().server.url}/host.html`, { waitUntil: 'networkidle' });
    for (const id of ['#params', '#kv']) {
      const alert = page.locator(id).locator('[role="alert"]');
      await alert.waitFor();
      expect(await alert.textContent()).toMatch(/parameters is beyond exact arithmetic/);
      expect(await page.locator(id).locator('[data-metric]').count()).toBe(0);
    }
    expect(await page.locator('#params').textContent()).not.toMatch(/Exactly/);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('refuses dtype="constructor" with a clear message, not NaN', async () => {
    const { page, context, errors } = await hostPage(
      `<llm-kv-cache id="kv" model="openai-community/gpt2" dtype="constructor"></llm-kv-cache>`,
    );
    await page.goto(`${need().server.url}/host.html`, { waitUntil: 'networkidle' });
    const alert = page.locator('#kv').locator('[role="alert"]');
    await alert.waitFor();
    expect(await alert.textContent()).toBe(
      'dtype: must be one of fp32, bf16, fp16, fp8, int8, int4, got "constructor"',
    );
    expect(await page.locator('#kv').textContent()).not.toMatch(/NaN/);
    expect(await page.locator('#kv').locator('[data-metric]').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});
