import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import { loadSnapshotEntry } from '../../src/data/snapshot.ts';
import type { RunOptions } from '../../src/lib/index.ts';
import {
  DEFAULT_RUN_OPTIONS,
  flops,
  kvCache,
  matmulParamsPerToken,
  parseConfig,
  tensorList,
} from '../../src/lib/index.ts';
import type { Harness } from './harness.ts';
import { nextFrame, openPage, seriousAxeViolations, startHarness, stopHarness } from './harness.ts';

let harness: Harness | undefined;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => stopHarness(harness));

const LLAMA = 'meta-llama/Llama-3.1-8B';
const llamaSpec = parseConfig(loadSnapshotEntry(LLAMA).config);
const llamaMatmul = matmulParamsPerToken(llamaSpec, tensorList(llamaSpec));
const MODEL_PAGE = `/models/${LLAMA}/`;

function expected(overrides: Partial<RunOptions>) {
  const options = { ...DEFAULT_RUN_OPTIONS, ...overrides };
  return { kv: kvCache(llamaSpec, options), flops: flops(llamaSpec, llamaMatmul, options) };
}

async function valueOf(scope: Locator, metric: string): Promise<number> {
  return Number(await scope.locator(`[data-metric="${metric}"][data-model]`).first().getAttribute('data-value'));
}

function need(value: Harness | undefined): Harness {
  if (value === undefined) throw new Error('harness not started');
  return value;
}

describe('KV cache calculator on a model page', () => {
  it('recomputes for context, batch and dtype, and mirrors them in the URL', async () => {
    const { page, errors, close } = await openPage(need(harness), MODEL_PAGE);
    const calc = page.locator('atlas-calc[data-calc="kv-cache"]');
    expect(await valueOf(calc, 'kvCache.bytes')).toBe(expected({}).kv.bytes);

    await calc.getByLabel('Context (tokens)').fill('131072');
    expect(await valueOf(calc, 'kvCache.bytes')).toBe(17_179_869_184);
    await expect.poll(() => calc.locator('[data-metric="kvCache.bytes"]').textContent()).toBe('16 GiB');
    await nextFrame(page);

    await calc.getByLabel('Batch (sequences)').fill('4');
    expect(await valueOf(calc, 'kvCache.bytes')).toBe(expected({ contextTokens: 131_072, batch: 4 }).kv.bytes);
    await nextFrame(page);

    await calc.getByLabel('KV dtype').selectOption('fp8');
    expect(await valueOf(calc, 'kvCache.bytes')).toBe(
      expected({ contextTokens: 131_072, batch: 4, dtype: 'fp8' }).kv.bytes,
    );
    expect(await valueOf(calc, 'kvCache.bytesPerToken')).toBe(65_536);
    expect(new URL(page.url()).search).toBe('?kv.context=131072&kv.batch=4&kv.dtype=fp8');

    // the chart is drawn again for the new dtype
    await expect.poll(() => calc.locator('[data-kv-plot] svg').textContent()).toContain('fp8, batch 4');
    expect(errors).toEqual([]);
    await close();
  });

  it('moves the context with the log-scale slider', async () => {
    const { page, errors, close } = await openPage(need(harness), MODEL_PAGE);
    const calc = page.locator('atlas-calc[data-calc="kv-cache"]');
    await calc.locator('input[name="contextSlider"]').fill('15');
    expect(await calc.getByLabel('Context (tokens)').inputValue()).toBe('32768');
    expect(await valueOf(calc, 'kvCache.bytes')).toBe(expected({ contextTokens: 32_768 }).kv.bytes);
    expect(errors).toEqual([]);
    await close();
  });

  it('restores the state from the query string on load', async () => {
    const { page, errors, close } = await openPage(
      need(harness),
      `${MODEL_PAGE}?kv.context=32768&kv.dtype=fp8&kv.batch=2`,
    );
    const calc = page.locator('atlas-calc[data-calc="kv-cache"]');
    expect(await calc.getByLabel('Context (tokens)').inputValue()).toBe('32768');
    expect(await calc.getByLabel('KV dtype').inputValue()).toBe('fp8');
    expect(await valueOf(calc, 'kvCache.bytes')).toBe(
      expected({ contextTokens: 32_768, batch: 2, dtype: 'fp8' }).kv.bytes,
    );
    const flopsCalc = page.locator('atlas-calc[data-calc="flops"]');
    // the KV cache's keys are its own: the FLOPs calculator stays at its default context
    expect(await valueOf(flopsCalc, 'flops.prefill')).toBe(expected({}).flops.prefill);
    expect(errors).toEqual([]);
    await close();
  });

  it.each([
    ['empty', ''],
    ['negative', '-5'],
    ['beyond 10^8 tokens', '1e9'],
    ['fractional', '1.5'],
  ])('keeps the last good numbers and explains %s input', async (_label, input) => {
    const { page, errors, close } = await openPage(need(harness), MODEL_PAGE);
    const calc = page.locator('atlas-calc[data-calc="kv-cache"]');
    await calc.getByLabel('Context (tokens)').fill('8192');
    const good = await valueOf(calc, 'kvCache.bytes');
    const goodText = await calc.locator('[data-metric="kvCache.bytes"]').textContent();
    await calc.getByLabel('Context (tokens)').fill(input);
    const message = calc.locator('[data-calc-message]');
    await expect.poll(() => message.isVisible()).toBe(true);
    expect(await message.textContent()).toMatch(/^Context: must be/);
    expect(await calc.getByLabel('Context (tokens)').getAttribute('aria-invalid')).toBe('true');
    expect(await valueOf(calc, 'kvCache.bytes')).toBe(good);
    expect(await calc.locator('[data-metric="kvCache.bytes"]').textContent()).toBe(goodText);
    expect(await calc.textContent()).not.toMatch(/NaN|Infinity|undefined/);
    expect(errors).toEqual([]);
    await close();
  });
});

describe('FLOPs calculator', () => {
  it('recomputes prefill, decode and the attention share for context and counting', async () => {
    const { page, errors, close } = await openPage(need(harness), MODEL_PAGE);
    const calc = page.locator('atlas-calc[data-calc="flops"]');
    await calc.getByLabel('Context (tokens)').fill('8192');
    const causal = expected({ contextTokens: 8192 }).flops;
    expect(await valueOf(calc, 'flops.prefill')).toBe(causal.prefill);
    expect(await valueOf(calc, 'flops.decode')).toBe(causal.decode);
    expect(await valueOf(calc, 'flops.training')).toBe(3 * causal.prefill);
    await calc.getByLabel('Attention counting').selectOption('full');
    const full = expected({ contextTokens: 8192, attention: 'full' }).flops;
    expect(await valueOf(calc, 'flops.prefill')).toBe(full.prefill);
    expect(await valueOf(calc, 'flops.prefillAttentionShare')).toBe(full.prefillAttentionShare);
    expect(full.prefill).toBeGreaterThan(causal.prefill);
    expect(errors).toEqual([]);
    await close();
  });
});

describe('static first', () => {
  it('has every number in the HTML with JavaScript off', async () => {
    const { page, errors, close } = await openPage(need(harness), MODEL_PAGE, { javaScriptEnabled: false });
    expect(Number(await page.locator('.headline [data-metric="params.total"]').getAttribute('data-value'))).toBe(
      8_030_261_248,
    );
    expect(await page.locator('.headline [data-metric="params.total"]').textContent()).toBe('8.03 B');
    const calc = page.locator('atlas-calc[data-calc="kv-cache"]');
    expect(await valueOf(calc, 'kvCache.bytes')).toBe(expected({}).kv.bytes);
    expect(await page.locator('[data-kv-plot] svg').count()).toBe(1);
    expect(errors).toEqual([]);
    await close();
  });
});

describe('the model index', () => {
  it('sorts by parameters when the header is pressed', async () => {
    const { page, errors, close } = await openPage(need(harness), '/models/');
    await page.getByRole('button', { name: 'Parameters', exact: true }).click();
    const values = await page
      .locator('.model-index tbody tr td:nth-child(3) [data-metric]')
      .evaluateAll((cells) => cells.map((cell) => Number(cell.getAttribute('data-value'))));
    expect(values).toEqual([...values].sort((a, b) => a - b));
    expect(values[0]).toBe(124_439_808);
    expect(errors).toEqual([]);
    await close();
  });

  it('filters the rows by every word typed, and says how many match', async () => {
    const { page, errors, close } = await openPage(need(harness), '/models/');
    const box = page.getByLabel('Filter models');
    await box.fill('gemma 3');
    const visible = () =>
      page
        .locator('.model-index tbody tr:not([hidden]) th a')
        .evaluateAll((links) => links.map((link) => link.getAttribute('title')));
    await expect.poll(visible).toEqual(['google/gemma-3-1b-it', 'google/gemma-3-4b-it', 'google/gemma-3-27b-it']);
    await expect.poll(() => page.locator('[data-filter-status]').textContent()).toBe('3 of 40 models match.');
    await box.fill('mla');
    await expect.poll(visible).toEqual(['deepseek-ai/DeepSeek-V3']);
    await box.fill('no such model');
    await expect.poll(() => page.locator('[data-filter-status]').textContent()).toBe('No model matches.');
    await box.fill('');
    await expect.poll(async () => (await visible()).length).toBe(40);
    expect(errors).toEqual([]);
    await close();
  });
});

describe('accessibility (axe-core)', () => {
  it.each([MODEL_PAGE, '/guides/how-we-count/', '/', '/models/'])(
    '%s has no serious or critical violations',
    async (path) => {
      const { page, errors, close } = await openPage(need(harness), path);
      expect(await seriousAxeViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
      await close();
    },
  );
});

describe('search', () => {
  // Generous limits for a loaded machine: every step waits for what it needs, none sleeps.
  it('loads Pagefind only when opened, then finds a model page', { timeout: 120_000 }, async () => {
    const { page, errors, close } = await openPage(need(harness), '/guides/how-we-count/');
    const isPagefind = (url: string) => new URL(url).pathname.startsWith('/pagefind/');
    // Requests from now on, and (Resource Timing) those finished before: openPage waited for the
    // network to be idle, so none was in flight in between.
    const requested: string[] = [];
    page.on('request', (request) => {
      if (isPagefind(request.url())) requested.push(request.url());
    });
    const loaded = async () =>
      (await page.evaluate(() => performance.getEntriesByType('resource').map((entry) => entry.name))).filter(
        isPagefind,
      );
    // Starlight's own search fetches Pagefind once the page is idle: let an idle period pass first.
    await page.evaluate(() => new Promise((idle) => requestIdleCallback(idle, { timeout: 10_000 })));
    expect([...(await loaded()), ...requested]).toEqual([]);

    await page.getByRole('button', { name: 'Search' }).click();
    const ui = page.locator('#atlas-search-ui');
    // The UI is there once its module has loaded; Pagefind and its index load on the first query.
    const input = ui.locator('input');
    await input.waitFor({ state: 'visible', timeout: 30_000 });
    await input.fill('Mixtral');
    // Pagefind has answered (index loaded, query run) when it says how many pages match...
    await expect
      .poll(async () => (await ui.locator('.pagefind-ui__message').allTextContents()).join(' '), { timeout: 45_000 })
      .toMatch(/\d+ results? for Mixtral/);
    // ...and a result is drawn once its page's fragment has loaded.
    await expect
      .poll(() => ui.locator('a[href*="/models/mistralai/Mixtral-8x7B-v0.1/"]').count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
    expect(requested.some((url) => url.endsWith('/pagefind/pagefind.js'))).toBe(true);
    expect(errors).toEqual([]);
    await close();
  });
});

describe('the compare page', () => {
  it('puts the picked models side by side with live numbers, and restores them from the URL', async () => {
    const { page, errors, close } = await openPage(need(harness), '/compare/');
    const picker = page.locator('atlas-compare');
    await picker.getByLabel('Model 3').selectOption('mistralai/Mixtral-8x7B-v0.1');
    const mixtralActive = picker.locator(
      '[data-metric="params.activePerToken"][data-model="mistralai/Mixtral-8x7B-v0.1"]',
    );
    await expect.poll(() => mixtralActive.getAttribute('data-value')).toBe('12879925248');
    // the chart overlays the new pick
    await expect
      .poll(() => picker.locator('[data-kv-plot] svg .chart-legend').allTextContents())
      .toEqual(['meta-llama/Llama-3.1-8B', 'mistralai/Mistral-7B-v0.1', 'mistralai/Mixtral-8x7B-v0.1']);
    await picker.getByLabel('Context (tokens)').fill('131072');
    const llamaKv = picker.locator('[data-metric="kvCache.bytes"][data-model="meta-llama/Llama-3.1-8B"]');
    await expect.poll(() => llamaKv.getAttribute('data-value')).toBe('17179869184');
    expect(new URL(page.url()).searchParams.get('models')).toBe(
      'meta-llama/Llama-3.1-8B,mistralai/Mistral-7B-v0.1,mistralai/Mixtral-8x7B-v0.1',
    );
    await page.reload({ waitUntil: 'networkidle' });
    expect(await picker.getByLabel('Model 3').inputValue()).toBe('mistralai/Mixtral-8x7B-v0.1');
    expect(await llamaKv.getAttribute('data-value')).toBe('17179869184');
    expect(errors).toEqual([]);
    await close();
  });
});

describe("contexts past a model's limit", () => {
  it('are marked in a comparison, and the mark follows the context control', async () => {
    const { page, errors, close } = await openPage(need(harness), '/');
    const calc = page.locator('atlas-calc[data-calc="compare"]');
    const gpt2Mark = calc.locator('[data-beyond-context][data-model="openai-community/gpt2-xl"]');
    const llamaMark = calc.locator('[data-beyond-context][data-model="meta-llama/Llama-3.1-8B"]');
    // The home page opens at context="max": the longest context every row's model supports.
    expect(await gpt2Mark.isVisible()).toBe(false);
    await calc.getByLabel('Context (tokens)').fill('32768');
    await expect.poll(() => gpt2Mark.isVisible()).toBe(true);
    expect(await gpt2Mark.textContent()).toContain('1,024');
    expect(await llamaMark.isVisible()).toBe(false);
    await calc.getByLabel('Context (tokens)').fill('1024');
    await expect.poll(() => gpt2Mark.isVisible()).toBe(false);
    expect(errors).toEqual([]);
    await close();
  });
});
