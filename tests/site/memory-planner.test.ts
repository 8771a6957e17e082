/**
 * The memory planner on the built pages gives what `calc --json` gives: for every `<atlas-memory>`
 * in dist/, the options its controls show are run through analyzeWithMemory (the CLI's function)
 * and every `memory.*` number, every fits-on cell and the verdict must equal the result.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSnapshotEntry } from '../../src/data/snapshot.ts';
import { analyzeWithMemory, fitsOn, FITS_ON_COUNTS, GPUS, metricValue, parseConfig } from '../../src/lib/index.ts';
import type { MemoryAnalysis } from '../../src/lib/index.ts';
import { weightsBytes } from '../../src/lib/memory.ts';
import { tensorList } from '../../src/lib/tensors.ts';
import { resolvePlannerState } from '../../src/site/browser/memory-planner.ts';
import { assertBuilt, htmlFiles, parsePage, readPage } from './dist.ts';

interface Planner {
  page: string;
  element: Element;
}

const planners: Planner[] = [];

beforeAll(() => {
  assertBuilt();
  for (const page of htmlFiles()) {
    const html = readPage(page);
    if (!html.includes('<atlas-memory')) continue;
    for (const element of parsePage(html).querySelectorAll('atlas-memory')) planners.push({ page, element });
  }
});

function controlValue(element: Element, name: string): string {
  const field = element.querySelector(`[name="${name}"]`);
  if (field === null) throw new Error(`no ${name} control`);
  if (field.tagName === 'SELECT') {
    return (
      field.querySelector('option[selected]')?.getAttribute('value') ??
      field.querySelector('option')?.getAttribute('value') ??
      ''
    );
  }
  return field.getAttribute('value') ?? '';
}

describe('the memory planner on the built pages', () => {
  it('is on every model page and in the article', () => {
    const pages = new Set(planners.map((planner) => planner.page));
    expect(pages.has('models/meta-llama/Llama-3.1-8B/index.html')).toBe(true);
    expect(pages.has('guides/will-it-fit/index.html')).toBe(true);
  });

  it('shows, for the options of its controls, exactly the numbers of calc --json', () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const { page, element } of planners) {
      const modelId = element.querySelector('[data-metric][data-model]')?.getAttribute('data-model') ?? '';
      const entry = loadSnapshotEntry(modelId);
      const spec = parseConfig(entry.config);
      const state = resolvePlannerState({
        context: controlValue(element, 'context'),
        batch: controlValue(element, 'batch'),
        dtype: controlValue(element, 'dtype'),
        weights: controlValue(element, 'weights'),
        gpu: controlValue(element, 'gpu'),
        gpus: controlValue(element, 'gpus'),
        reserve: controlValue(element, 'reserve'),
      });
      const analysis: MemoryAnalysis = analyzeWithMemory(
        modelId,
        spec,
        { contextTokens: state.contextTokens, batch: state.batch, dtype: state.kvDtype, attention: 'causal' },
        {
          flatTensors: false,
          memory: { format: state.format, gpu: state.gpu, gpus: state.gpus, reserveFraction: state.reserveFraction },
        },
      );
      for (const output of element.querySelectorAll('[data-metric^="memory."]')) {
        const metric = output.getAttribute('data-metric') ?? '';
        checked += 1;
        const expected = metricValue(analysis, metric);
        if (String(expected) !== output.getAttribute('data-value')) {
          wrong.push(
            `${page}: ${modelId} ${metric} shows ${output.getAttribute('data-value')}, calc gives ${expected}`,
          );
        }
      }
      const verdict = element.querySelector('[data-memory-verdict]')?.getAttribute('data-fits');
      if (verdict !== String(analysis.memory.fits)) wrong.push(`${page}: ${modelId} fits shows ${verdict}`);
      const weights = weightsBytes(spec, tensorList(spec), state.format);
      for (const gpu of GPUS) {
        for (const count of FITS_ON_COUNTS) {
          const cell = element.querySelector(`[data-fits-cell="${gpu.id}:${count}"]`)?.getAttribute('data-fits');
          const expected = fitsOn(spec, weights, { ...state, gpu, gpus: count });
          if (cell !== String(expected)) wrong.push(`${page}: ${modelId} on ${count}× ${gpu.id} shows ${cell}`);
        }
      }
    }
    expect(wrong.slice(0, 10)).toEqual([]);
    expect(checked).toBeGreaterThan(500);
  });
});
