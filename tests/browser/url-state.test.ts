/**
 * State that reproduces what the reader saw: every calculator of a page keeps its own keys in the
 * URL (src/site/browser/url-state.ts), a reload and the Share panel's link restore every one of
 * them, old un-prefixed links and values a control cannot hold are named, /compare/ names every
 * pick it does not show as asked, and without JavaScript the controls say they are inactive.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
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
import { gpuById } from '../../src/lib/gpus.ts';
import { memoryPlan } from '../../src/lib/memory.ts';
import type { Harness } from './harness.ts';
import { openPage, startHarness, stopHarness } from './harness.ts';

let harness: Harness | undefined;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => stopHarness(harness));

function need(value: Harness | undefined): Harness {
  if (value === undefined) throw new Error('harness not started');
  return value;
}

const LLAMA = 'meta-llama/Llama-3.1-8B';
const MISTRAL = 'mistralai/Mistral-7B-v0.1';
const GEMMA2 = 'google/gemma-2-9b';
const MODEL_PAGE = `/models/${LLAMA}/`;
const llamaSpec = parseConfig(loadSnapshotEntry(LLAMA).config);
const llamaMatmul = matmulParamsPerToken(llamaSpec, tensorList(llamaSpec));

function llama(overrides: Partial<RunOptions>) {
  const options = { ...DEFAULT_RUN_OPTIONS, ...overrides };
  return { kv: kvCache(llamaSpec, options), flops: flops(llamaSpec, llamaMatmul, options) };
}

/** The model page's three calculators. */
function calculators(page: Page) {
  return {
    kv: page.locator('atlas-calc[data-calc="kv-cache"]'),
    flops: page.locator('atlas-calc[data-calc="flops"]'),
    cmp: page.locator('atlas-calc[data-calc="compare"]'),
  };
}

async function valueOf(scope: Locator, metric: string, model = LLAMA): Promise<number> {
  return Number(
    await scope.locator(`[data-metric="${metric}"][data-model="${model}"]`).first().getAttribute('data-value'),
  );
}

/** Everything a calculator shows: its controls' values and every live number's value and text. */
async function shown(calc: Locator): Promise<{ controls: string[]; numbers: string[] }> {
  const controls = await calc
    .locator('form [name]')
    .evaluateAll((fields) =>
      fields.map((field) => `${field.getAttribute('name')}=${(field as HTMLInputElement).value}`),
    );
  const numbers = await calc
    .locator('output[data-metric]')
    .evaluateAll((outputs) =>
      outputs.map(
        (output) =>
          `${output.getAttribute('data-model')} ${output.getAttribute('data-metric')}=${output.getAttribute('data-value')} "${output.textContent}"`,
      ),
    );
  return { controls, numbers };
}

async function shownAll(page: Page) {
  const { kv, flops: flopsCalc, cmp } = calculators(page);
  return { kv: await shown(kv), flops: await shown(flopsCalc), cmp: await shown(cmp) };
}

describe('calculator state on a model page', () => {
  it('keeps each calculator in its own keys, and a reload and the Share link restore all of them', async () => {
    const { page, errors, close } = await openPage(need(harness), MODEL_PAGE);
    const { kv, flops: flopsCalc, cmp } = calculators(page);
    const before = await shownAll(page);

    await kv.getByLabel('Context (tokens)').fill('32768');
    await kv.getByLabel('Batch (sequences)').fill('2');
    await kv.getByLabel('KV dtype').selectOption('fp8');
    const kvState = llama({ contextTokens: 32_768, batch: 2, dtype: 'fp8' }).kv;
    // 2 (K and V) × 8 KV heads × 128 dims × 32 layers × 1 byte × 32,768 tokens × batch 2
    expect(kvState.bytes).toBe(2 * 8 * 128 * 32 * 1 * 32_768 * 2);
    expect(await valueOf(kv, 'kvCache.bytes')).toBe(kvState.bytes);
    // the other two did not move
    expect(await shown(flopsCalc)).toEqual(before.flops);
    expect(await shown(cmp)).toEqual(before.cmp);

    await flopsCalc.getByLabel('Context (tokens)').fill('8192');
    await flopsCalc.getByLabel('Attention counting').selectOption('full');
    expect(await valueOf(flopsCalc, 'flops.prefill')).toBe(
      llama({ contextTokens: 8192, attention: 'full' }).flops.prefill,
    );
    expect(await kv.getByLabel('Context (tokens)').inputValue()).toBe('32768');
    expect(await valueOf(kv, 'kvCache.bytes')).toBe(kvState.bytes);
    expect(await shown(cmp)).toEqual(before.cmp);

    await cmp.getByLabel('Context (tokens)').fill('1024');
    await cmp.getByLabel('KV dtype').selectOption('int8');
    expect(await valueOf(cmp, 'kvCache.bytes')).toBe(llama({ contextTokens: 1024, dtype: 'int8' }).kv.bytes);
    expect(await valueOf(kv, 'kvCache.bytes')).toBe(kvState.bytes);
    expect(await flopsCalc.getByLabel('Context (tokens)').inputValue()).toBe('8192');

    expect(new URL(page.url()).search).toBe(
      '?kv.context=32768&kv.batch=2&kv.dtype=fp8&flops.context=8192&flops.attention=full&cmp.context=1024&cmp.dtype=int8',
    );
    const seen = await shownAll(page);
    expect(seen.kv.controls).toEqual(['context=32768', 'contextSlider=15', 'batch=2', 'dtype=fp8']);
    expect(seen.flops.controls).toEqual(['context=8192', 'contextSlider=13', 'attention=full']);
    expect(seen.cmp.controls).toEqual(['context=1024', 'contextSlider=10', 'batch=1', 'dtype=int8']);

    // Both Share panels link to the whole page's state, whichever calculator moved last.
    const kvLink = await kv.locator('[data-share-field="link"]').inputValue();
    expect(kvLink).toBe(page.url());
    expect(await flopsCalc.locator('[data-share-field="link"]').inputValue()).toBe(kvLink);

    await page.reload({ waitUntil: 'networkidle' });
    expect(await shownAll(page)).toEqual(seen);
    expect(page.url()).toBe(kvLink);

    const shared = await openPage(need(harness), new URL(kvLink).pathname + new URL(kvLink).search);
    expect(await shownAll(shared.page)).toEqual(seen);
    expect(shared.page.url()).toBe(kvLink);
    expect(await shared.page.locator('[data-url-state-note]:visible').count()).toBe(0);
    expect(shared.errors).toEqual([]);
    await shared.close();
    expect(errors).toEqual([]);
    await close();
  });

  it('leaves a value equal to what the calculator opened at out of the URL', async () => {
    const { page, errors, close } = await openPage(need(harness), `${MODEL_PAGE}?flops.context=8192`);
    const { flops: flopsCalc } = calculators(page);
    expect(await flopsCalc.getByLabel('Context (tokens)').inputValue()).toBe('8192');
    await flopsCalc.getByLabel('Context (tokens)').fill('4096');
    expect(new URL(page.url()).search).toBe('');
    expect(await flopsCalc.locator('[data-share-field="link"]').inputValue()).toBe(page.url());
    expect(errors).toEqual([]);
    await close();
  });

  it('applies an old un-prefixed link to the first calculator with each control, says so, and rewrites it', async () => {
    const { page, errors, close } = await openPage(
      need(harness),
      `${MODEL_PAGE}?context=32768&dtype=fp8&attention=full`,
    );
    const { kv, flops: flopsCalc, cmp } = calculators(page);
    expect(await kv.getByLabel('Context (tokens)').inputValue()).toBe('32768');
    expect(await valueOf(kv, 'kvCache.bytes')).toBe(llama({ contextTokens: 32_768, dtype: 'fp8' }).kv.bytes);
    expect(await flopsCalc.getByLabel('Context (tokens)').inputValue()).toBe('4096');
    expect(await flopsCalc.getByLabel('Attention counting').inputValue()).toBe('full');
    expect(await valueOf(flopsCalc, 'flops.prefill')).toBe(llama({ attention: 'full' }).flops.prefill);
    expect(await cmp.getByLabel('Context (tokens)').inputValue()).toBe('4096');
    expect(await cmp.getByLabel('KV dtype').inputValue()).toBe('bf16');
    expect(new URL(page.url()).search).toBe('?kv.context=32768&kv.dtype=fp8&flops.attention=full');
    expect(await kv.locator('[data-url-state-note]').textContent()).toBe(
      'This link\'s older context="32768" applies to this calculator only, as kv.context. ' +
        'This link\'s older dtype="fp8" applies to this calculator only, as kv.dtype.',
    );
    expect(await flopsCalc.locator('[data-url-state-note]').textContent()).toBe(
      'This link\'s older attention="full" applies to this calculator only, as flops.attention.',
    );
    expect(await cmp.locator('[data-url-state-note]').isVisible()).toBe(false);
    // the note goes once the reader moves on
    await kv.getByLabel('Batch (sequences)').fill('2');
    expect(await kv.locator('[data-url-state-note]').isVisible()).toBe(false);
    expect(errors).toEqual([]);
    await close();
  });

  it('names a value a control cannot hold and keys no calculator here has, and shows what it shows instead', async () => {
    const { page, errors, close } = await openPage(
      need(harness),
      `${MODEL_PAGE}?kv.context=abc&flops.attention=sparse&kv3.batch=2&kv.foo=1`,
    );
    const { kv, flops: flopsCalc } = calculators(page);
    expect(await kv.locator('[data-url-state-note]').textContent()).toBe(
      'Not applied from the link: kv.context="abc"; Context (tokens) takes a whole number from 1 to 100,000,000. Showing 4096. ' +
        'Not applied from the link: "kv3.batch", "kv.foo"; the calculators on this page are ' +
        'kv (context, batch, dtype); mem (weights, dtype, context, batch, gpu, gpus, reserve); flops (context, attention); cmp (context, batch, dtype).',
    );
    expect(await flopsCalc.locator('[data-url-state-note]').textContent()).toBe(
      'Not applied from the link: flops.attention="sparse"; Attention counting takes one of causal, full. Showing causal.',
    );
    expect(await valueOf(kv, 'kvCache.bytes')).toBe(llama({}).kv.bytes);
    expect(await valueOf(flopsCalc, 'flops.prefill')).toBe(llama({}).flops.prefill);
    // The link is rewritten to what is shown, so that sharing it reproduces this screen.
    expect(new URL(page.url()).search).toBe('');
    expect(await page.locator('atlas-calc').first().textContent()).not.toMatch(/NaN|Infinity|undefined/);
    expect(errors).toEqual([]);
    await close();
  });

  it("reports a value the control holds but the calculator refuses with the link's own value", async () => {
    const { page, errors, close } = await openPage(need(harness), `${MODEL_PAGE}?kv.context=-5`);
    const { kv } = calculators(page);
    expect(await kv.getByLabel('Context (tokens)').inputValue()).toBe('-5');
    await expect
      .poll(() => kv.locator('[data-calc-message]').textContent())
      .toBe('Context: must be a whole number of tokens from 1 to 100,000,000, got "-5"');
    expect(await valueOf(kv, 'kvCache.bytes')).toBe(llama({}).kv.bytes);
    expect(errors).toEqual([]);
    await close();
  });
});

describe('the memory planner on a model page', () => {
  const planner = (page: Page) => page.locator('atlas-memory');

  it('keeps its state in mem.* keys without moving the other calculators, and a reload and the link restore it', async () => {
    const { page, errors, close } = await openPage(need(harness), MODEL_PAGE);
    const memory = planner(page);
    const before = await shownAll(page);
    const opened = await shown(memory);

    // by name: the bar's accessible name starts with "Weights" too
    await memory.locator('select[name="weights"]').selectOption('int4');
    await memory.locator('select[name="gpu"]').selectOption('rtx-4090');
    await memory.getByLabel('GPUs (tensor parallel)').fill('2');
    await memory.getByLabel('Context (tokens)').fill('32768');
    const plan = memoryPlan(
      { spec: llamaSpec, tensors: tensorList(llamaSpec), matmulParams: llamaMatmul },
      {
        format: 'int4',
        gpu: gpuById('rtx-4090'),
        gpus: 2,
        reserveFraction: 0.1,
        contextTokens: 32_768,
        batch: 1,
        kvDtype: 'bf16',
        attention: 'causal',
      },
    );
    // Two GPUs each hold ⌈8 KV heads / 2⌉ = 4 heads: 2 (K, V) × 4 × 128 dims × 32 layers × 2 bytes × 32,768 tokens.
    expect(plan.perGpuKvCacheBytes).toBe(2 * 4 * 128 * 32 * 2 * 32_768);
    await expect.poll(() => valueOf(memory, 'memory.perGpuKvCacheBytes')).toBe(plan.perGpuKvCacheBytes);
    expect(await valueOf(memory, 'memory.weights.bytes')).toBe(plan.weights.bytes);
    expect(await valueOf(memory, 'memory.perGpuBytes')).toBe(plan.perGpuBytes);
    expect(await valueOf(memory, 'memory.maxContext')).toBe(plan.maxContext);
    expect(await valueOf(memory, 'memory.decodeTokensPerSecond')).toBe(plan.decodeTokensPerSecond);
    expect(await memory.locator('[data-memory-fits]').textContent()).toBe(plan.fits ? 'Fits' : 'Does not fit');
    // the other calculators did not move
    expect(await shownAll(page)).toEqual(before);
    expect(new URL(page.url()).search).toBe('?mem.weights=int4&mem.gpu=rtx-4090&mem.gpus=2&mem.context=32768');
    const seen = await shown(memory);
    expect(seen).not.toEqual(opened);
    expect(seen.controls).toEqual([
      'weights=int4',
      'dtype=bf16',
      'context=32768',
      'batch=1',
      'gpu=rtx-4090',
      'gpus=2',
      'reserve=0.1',
    ]);

    // Another calculator's change keeps the planner's keys, and the Share link carries both.
    await calculators(page).kv.getByLabel('Context (tokens)').fill('8192');
    expect(errors).toEqual([]);
    await expect
      .poll(() => new URL(page.url()).search)
      .toBe('?mem.weights=int4&mem.gpu=rtx-4090&mem.gpus=2&mem.context=32768&kv.context=8192');
    const link = await calculators(page).kv.locator('[data-share-field="link"]').inputValue();
    expect(link).toBe(page.url());
    expect(await shown(memory)).toEqual(seen);

    await page.reload({ waitUntil: 'networkidle' });
    await expect.poll(() => valueOf(planner(page), 'memory.perGpuKvCacheBytes')).toBe(plan.perGpuKvCacheBytes);
    expect(await shown(planner(page))).toEqual(seen);
    expect(page.url()).toBe(link);

    const shared = await openPage(need(harness), new URL(link).pathname + new URL(link).search);
    await expect.poll(() => valueOf(planner(shared.page), 'memory.perGpuKvCacheBytes')).toBe(plan.perGpuKvCacheBytes);
    expect(await shown(planner(shared.page))).toEqual(seen);
    expect(await shown(calculators(shared.page).flops)).toEqual(before.flops);
    expect(await valueOf(calculators(shared.page).kv, 'kvCache.bytes')).toBe(llama({ contextTokens: 8192 }).kv.bytes);
    expect(shared.page.url()).toBe(link);
    expect(await shared.page.locator('[data-url-state-note]:visible').count()).toBe(0);
    expect(shared.errors).toEqual([]);
    await shared.close();
    expect(errors).toEqual([]);
    await close();
  });

  it('names a GPU the link gives that is not in the catalogue, and shows the default', async () => {
    const { page, errors, close } = await openPage(need(harness), `${MODEL_PAGE}?mem.gpu=h900&mem.gpus=8`);
    const memory = planner(page);
    await expect.poll(() => memory.getByLabel('GPUs (tensor parallel)').inputValue()).toBe('8');
    await expect.poll(() => valueOf(memory, 'memory.gpus')).toBe(8);
    expect(await memory.locator('[data-url-state-note]').textContent()).toContain(
      'Not applied from the link: mem.gpu="h900"; GPU takes one of h100-sxm,',
    );
    expect(new URL(page.url()).search).toBe('?mem.gpus=8');
    expect(errors).toEqual([]);
    await close();
  });
});

describe('two calculators of one kind on a page', () => {
  it('numbers the second one kv2, and restores each from its own keys', async () => {
    const { page, errors, close } = await openPage(need(harness), '/guides/how-we-count/');
    const kvs = page.locator('atlas-calc[data-calc="kv-cache"]');
    expect(await kvs.count()).toBe(2);
    const first = kvs.nth(0);
    const second = kvs.nth(1);
    const firstBefore = await shown(first);
    await second.getByLabel('Context (tokens)').fill('2048');
    expect(new URL(page.url()).search).toBe('?kv2.context=2048');
    expect(await shown(first)).toEqual(firstBefore);
    const secondSeen = await shown(second);
    await page.reload({ waitUntil: 'networkidle' });
    expect(await shown(first)).toEqual(firstBefore);
    expect(await shown(second)).toEqual(secondSeen);
    expect(await second.getByLabel('Context (tokens)').inputValue()).toBe('2048');
    expect(errors).toEqual([]);
    await close();
  });
});

describe('/compare/ links and picks', () => {
  const picker = (page: Page) => page.locator('atlas-compare');
  const columns = (page: Page) =>
    picker(page)
      .locator('[data-compare-output] thead th a')
      .evaluateAll((links) => links.map((link) => link.textContent));
  const note = (page: Page) => picker(page).locator('[data-compare-note]');

  it('reopens a two-model link with two models, not a third added back', async () => {
    const { page, errors, close } = await openPage(need(harness), `/compare/?models=${LLAMA},${GEMMA2}`);
    expect(await picker(page).getByLabel('Model 1').inputValue()).toBe(LLAMA);
    expect(await picker(page).getByLabel('Model 2').inputValue()).toBe(GEMMA2);
    expect(await picker(page).getByLabel('Model 3').inputValue()).toBe('');
    await expect.poll(() => columns(page)).toEqual([LLAMA, GEMMA2]);
    await expect
      .poll(() => picker(page).locator('[data-kv-plot] svg .chart-legend').allTextContents())
      .toEqual([LLAMA, GEMMA2]);
    expect(await note(page).isVisible()).toBe(false);
    await picker(page).getByLabel('Context (tokens)').fill('8192');
    expect(new URL(page.url()).searchParams.get('models')).toBe(`${LLAMA},${GEMMA2}`);
    await page.reload({ waitUntil: 'networkidle' });
    await expect.poll(() => columns(page)).toEqual([LLAMA, GEMMA2]);
    expect(await picker(page).getByLabel('Context (tokens)').inputValue()).toBe('8192');
    expect(errors).toEqual([]);
    await close();
  });

  it('says so when a pick repeats another, and shows the model once', async () => {
    const { page, errors, close } = await openPage(need(harness), '/compare/');
    await picker(page).getByLabel('Model 2').selectOption(LLAMA);
    await expect
      .poll(() => note(page).textContent())
      .toBe(`Model 2 is ${LLAMA}, already Model 1: it is shown once. Pick another model, or (none).`);
    expect(await picker(page).getByLabel('Model 2').getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => columns(page)).toEqual([LLAMA, GEMMA2]);
    expect(new URL(page.url()).searchParams.get('models')).toBe(`${LLAMA},${GEMMA2}`);
    await picker(page).getByLabel('Model 2').selectOption(MISTRAL);
    await expect.poll(() => note(page).isVisible()).toBe(false);
    expect(await picker(page).getByLabel('Model 2').getAttribute('aria-invalid')).toBe(null);
    expect(errors).toEqual([]);
    await close();
  });

  it('names a repeated id and a fourth model in a link', async () => {
    const { page, errors, close } = await openPage(
      need(harness),
      `/compare/?models=${LLAMA},${LLAMA},${MISTRAL},${GEMMA2},openai-community/gpt2`,
    );
    await expect
      .poll(() => note(page).textContent())
      .toBe(
        `${LLAMA} is in the link twice: it is shown once. Only 3 models fit side by side: openai-community/gpt2 is left out.`,
      );
    await expect.poll(() => columns(page)).toEqual([LLAMA, MISTRAL, GEMMA2]);
    // rewritten to what is shown
    expect(new URL(page.url()).searchParams.get('models')).toBe(`${LLAMA},${MISTRAL},${GEMMA2}`);
    expect(errors).toEqual([]);
    await close();
  });

  it('names an unknown id with the closest snapshot id', async () => {
    const { page, errors, close } = await openPage(need(harness), `/compare/?models=${LLAMA},meta-llama/Llama-3.1-9B`);
    await expect
      .poll(() => note(page).textContent())
      .toBe(`No model "meta-llama/Llama-3.1-9B" in the snapshot (closest: ${LLAMA}): it is left out.`);
    await expect.poll(() => columns(page)).toEqual([LLAMA]);
    expect(await picker(page).getByLabel('Model 2').inputValue()).toBe('');
    expect(errors).toEqual([]);
    await close();
  });

  it('names the value of ?context=abc', async () => {
    const { page, errors, close } = await openPage(need(harness), '/compare/?context=abc');
    const linkNote = picker(page).locator('[data-url-state-note]');
    expect(await linkNote.textContent()).toBe(
      'Not applied from the link: context="abc"; Context (tokens) takes a whole number from 1 to 100,000,000. Showing 32768.',
    );
    expect(await linkNote.isVisible()).toBe(true);
    expect(await picker(page).getByLabel('Context (tokens)').inputValue()).toBe('32768');
    expect(new URL(page.url()).search).toBe('');
    expect(errors).toEqual([]);
    await close();
  });
});

describe('without JavaScript', () => {
  it('renders the controls disabled and says the numbers are for the values shown', async () => {
    const { page, errors, close } = await openPage(need(harness), `${MODEL_PAGE}?kv.context=32768`, {
      javaScriptEnabled: false,
    });
    const { kv, flops: flopsCalc } = calculators(page);
    const enabled = page.locator(
      'atlas-calc :is(input, select, button):not([disabled]):not([data-share-field]), atlas-calc .calc-share-fields button:not([disabled])',
    );
    expect(await enabled.count()).toBe(0);
    expect(await kv.locator('.calc-noscript').isVisible()).toBe(true);
    expect(await kv.locator('.calc-noscript').textContent()).toBe(
      'JavaScript is off, so these controls do nothing: the numbers shown are for a context of 4,096 tokens, batch 1 and a bf16 KV cache. Settings in a link (the part of the address after ?) need JavaScript too.',
    );
    expect(await flopsCalc.locator('.calc-noscript').textContent()).toContain(
      'the numbers shown are for a context of 4,096 tokens and causal attention counting.',
    );
    // the link's context is not applied, as the note says
    expect(await valueOf(kv, 'kvCache.bytes')).toBe(llama({}).kv.bytes);
    const memory = page.locator('atlas-memory');
    expect(await memory.locator('form :is(input, select):not([disabled])').count()).toBe(0);
    expect(await memory.locator('.calc-noscript').textContent()).toBe(
      'JavaScript is off, so these controls do nothing: the numbers shown are for bf16 weights, a bf16 KV cache, a context of 4,096 tokens, batch 1, 1 × H100 SXM 80 GB and a reserve of 0.1. Settings in a link (the part of the address after ?) need JavaScript too.',
    );
    expect(errors).toEqual([]);
    await close();
  });

  it('with JavaScript, enables them (model page, /compare/, /try/) and shows no such note', async () => {
    const { page, errors, close } = await openPage(need(harness), MODEL_PAGE);
    await expect.poll(() => page.locator('atlas-calc :is(input, select)[disabled]').count()).toBe(0);
    await expect.poll(() => page.locator('atlas-memory :is(input, select)[disabled]').count()).toBe(0);
    expect(await page.locator('atlas-calc .calc-share-fields button[disabled]').count()).toBe(0);
    expect(await page.locator('.calc-noscript:visible').count()).toBe(0);
    const compare = await openPage(need(harness), '/compare/');
    await expect.poll(() => compare.page.locator('atlas-compare :is(input, select)[disabled]').count()).toBe(0);
    expect(compare.errors).toEqual([]);
    await compare.close();
    const tryPage = await openPage(need(harness), '/try/?context=abc');
    await expect
      .poll(() => tryPage.page.locator('atlas-try [data-url-state] :is(input, select)[disabled]').count())
      .toBe(0);
    expect(await tryPage.page.locator('atlas-try [data-url-state-note]').textContent()).toBe(
      'Not applied from the link: context="abc"; Context (tokens) takes a whole number from 1 to 100,000,000. Showing 4096.',
    );
    expect(tryPage.errors).toEqual([]);
    await tryPage.close();
    expect(errors).toEqual([]);
    await close();
  });
});
