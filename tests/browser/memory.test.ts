/**
 * The memory planner in Chromium gives the figures of `calc --json` (analyzeWithMemory) for the
 * same inputs: on a model page (state restored from mem.* URL keys, then a control moved), in the
 * `<llm-memory>` embed on another site, and on /try/ for a pasted config.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSnapshotEntry } from '../../src/data/snapshot.ts';
import type { MemoryPlan } from '../../src/lib/index.ts';
import { analyzeWithMemory, gpuById, parseConfig } from '../../src/lib/index.ts';
import type { StaticServer } from '../support/static-server.ts';
import { serveStatic } from '../support/static-server.ts';
import type { Harness } from './harness.ts';
import { openPage, startHarness, stopHarness } from './harness.ts';

let harness: Harness | undefined;
let host: StaticServer | undefined;
let hostDir = '';

function need<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('not started');
  return value;
}

/** What `npm run calc -- <id> --json` with these flags prints as `memory`. */
function calcMemory(
  id: string,
  options: { context: number; batch?: number; weights?: 'bf16' | 'fp8' | 'int4'; gpu: string; gpus: number },
): MemoryPlan {
  return analyzeWithMemory(
    id,
    parseConfig(loadSnapshotEntry(id).config),
    { contextTokens: options.context, batch: options.batch ?? 1, dtype: 'bf16', attention: 'causal' },
    {
      flatTensors: false,
      memory: {
        format: options.weights ?? 'bf16',
        gpu: gpuById(options.gpu),
        gpus: options.gpus,
        reserveFraction: 0.1,
      },
    },
  ).memory;
}

const PATHS = ['perGpuBytes', 'perGpuKvCacheBytes', 'maxContext', 'maxBatch', 'decodeTokensPerSecond'] as const;

/** Waits until a number shows `expected` (the island recomputes after a load or an input). */
async function expectValue(scope: Locator | Page, path: string, expected: number): Promise<void> {
  const locator = scope.locator(`[data-metric="memory.${path}"]`).first();
  await expect.poll(async () => Number(await locator.getAttribute('data-value')), { timeout: 15_000 }).toBe(expected);
}

beforeAll(async () => {
  harness = await startHarness();
  hostDir = mkdtempSync(join(tmpdir(), 'memory-host-'));
  host = await serveStatic(hostDir);
});

afterAll(async () => {
  await host?.close();
  await stopHarness(harness);
  rmSync(hostDir, { recursive: true, force: true });
});

describe('the memory planner', () => {
  it('restores a model page from mem.* keys and follows its controls, with the CLI numbers', async () => {
    const { page, errors, close } = await openPage(
      need(harness),
      '/models/meta-llama/Llama-3.1-8B/?mem.gpu=rtx-4090&mem.context=131072&mem.weights=int4',
    );
    const planner = page.locator('atlas-memory');
    const restored = calcMemory('meta-llama/Llama-3.1-8B', {
      context: 131_072,
      weights: 'int4',
      gpu: 'rtx-4090',
      gpus: 1,
    });
    for (const path of PATHS) await expectValue(planner, path, restored[path]);
    await planner.getByLabel('GPUs (tensor parallel)').fill('2');
    const two = calcMemory('meta-llama/Llama-3.1-8B', { context: 131_072, weights: 'int4', gpu: 'rtx-4090', gpus: 2 });
    for (const path of PATHS) await expectValue(planner, path, two[path]);
    await expect.poll(() => new URL(page.url()).searchParams.get('mem.gpus')).toBe('2');
    expect(errors).toEqual([]);
    await close();
  });

  it('gives the same numbers as <llm-memory> on another site', async () => {
    const site = need(harness).server.url;
    writeFileSync(
      join(hostDir, 'memory.html'),
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host</title>
<script type="module" src="${site}/embed/calculators.js"></script></head><body>
<llm-memory id="planner" model="meta-llama/Llama-3.1-70B" weights="fp8" gpu="h100-sxm" gpus="8" context="32768"></llm-memory>
<llm-memory id="korean" lang="ko" model="meta-llama/Llama-3.1-70B" weights="fp8" gpu="h100-sxm" gpus="8" context="32768"></llm-memory>
</body></html>`,
    );
    const context = await need(harness).browser.newContext();
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${need(host).url}/memory.html`, { waitUntil: 'networkidle' });
    const expected = calcMemory('meta-llama/Llama-3.1-70B', {
      context: 32_768,
      weights: 'fp8',
      gpu: 'h100-sxm',
      gpus: 8,
    });
    const planner = page.locator('#planner');
    for (const path of PATHS) await expectValue(planner, path, expected[path]);
    expect(await planner.locator('[data-fits-cell="h100-sxm:1"]').getAttribute('data-fits')).toBe('false');
    // lang="ko": the same numbers, in Korean words (the lazily loaded words-ko chunk)
    const korean = page.locator('#korean');
    for (const path of PATHS) await expectValue(korean, path, expected[path]);
    expect(await korean.locator('label span').first().textContent()).toBe('가중치');
    expect(await korean.locator('[data-memory-fits]').textContent()).toBe(expected.fits ? '들어감' : '들어가지 않음');
    expect(await korean.locator('[data-fits-cell="h100-sxm:8"]').textContent()).toBe('들어감');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('plans a pasted config on /try/ like the CLI', async () => {
    const { page, errors, close } = await openPage(need(harness), '/try/');
    const config = loadSnapshotEntry('mistralai/Mistral-7B-v0.1').config;
    await page.getByLabel('config.json (paste, or drop a file here)').fill(JSON.stringify(config));
    await page.getByRole('button', { name: 'Compute' }).click();
    const expected = calcMemory('mistralai/Mistral-7B-v0.1', { context: 4096, gpu: 'h100-sxm', gpus: 1 });
    const planner = page.locator('llm-memory');
    for (const path of PATHS) await expectValue(planner, path, expected[path]);

    // The planner's own controls go into the shareable link, and the link brings them back.
    await planner.locator('select[name="weights"]').selectOption('int4');
    await planner.locator('select[name="gpu"]').selectOption('rtx-4090');
    await planner.locator('input[name="gpus"]').fill('2');
    await planner.locator('input[name="reserve"]').fill('0.2');
    const mistral = parseConfig(config);
    const changed = analyzeWithMemory(
      'mistralai/Mistral-7B-v0.1',
      mistral,
      { contextTokens: 4096, batch: 1, dtype: 'bf16', attention: 'causal' },
      { flatTensors: false, memory: { format: 'int4', gpu: gpuById('rtx-4090'), gpus: 2, reserveFraction: 0.2 } },
    ).memory;
    for (const path of PATHS) await expectValue(planner, path, changed[path]);
    const keys = () => {
      const query = new URL(page.url()).searchParams;
      return ['weights', 'gpu', 'gpus', 'reserve'].map((name) => query.get(`mem.${name}`));
    };
    await expect.poll(keys).toEqual(['int4', 'rtx-4090', '2', '0.2']);
    await expect.poll(() => page.locator('[data-try-link]').inputValue()).toBe(page.url());
    const link = new URL(page.url());
    const shared = await openPage(need(harness), link.pathname + link.search);
    const reopened = shared.page.locator('llm-memory');
    for (const path of PATHS) await expectValue(reopened, path, changed[path]);
    expect(await reopened.locator('select[name="weights"]').inputValue()).toBe('int4');
    expect(await reopened.locator('select[name="gpu"]').inputValue()).toBe('rtx-4090');
    expect(await reopened.locator('input[name="gpus"]').inputValue()).toBe('2');
    expect(await reopened.locator('input[name="reserve"]').inputValue()).toBe('0.2');
    expect(shared.errors).toEqual([]);
    await shared.close();
    expect(errors).toEqual([]);
    await close();
  });
});
