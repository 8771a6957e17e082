/**
 * One metric vocabulary, proved over the built site: every number on every page carries a
 * `data-metric` that is a registered path of `calc --json` and resolves to a number for the model
 * in its `data-model`; numbers that do not depend on the run options show exactly that value, for a
 * hypothetical variant (`org/name#mha`, `org/name#without-mla`) the value of the variant's spec; and
 * every difference and ratio a counterfactual table derives equals the one its row's numbers give.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSnapshot } from '../../src/data/snapshot.ts';
import type { MemoryAnalysis, ModelAnalysis } from '../../src/lib/index.ts';
import {
  analyzeSpec,
  analyzeWithMemory,
  DEFAULT_RUN_OPTIONS,
  metricDefinition,
  metricValue,
  parseConfig,
  variantSpec,
} from '../../src/lib/index.ts';
import { assertBuilt, htmlFiles, parsePage, readPage } from './dist.ts';

const snapshot = new Map(loadSnapshot().map((entry) => [entry.id, entry]));

/** What `calc --json <id>` prints for every snapshot model, keyed by id. */
const analyses = new Map<string, MemoryAnalysis>(
  [...snapshot.values()].map((entry) => [
    entry.id,
    // calc --json with --train lora: memory.* and training.* paths exist for every model
    analyzeWithMemory(entry.id, parseConfig(entry.config), DEFAULT_RUN_OPTIONS, {
      recordedBuffers: entry.hub.checkpointBuffers,
      flatTensors: false,
      training: { mode: 'lora' },
    }),
  ]),
);

/**
 * The analysis of a hypothetical variant (`org/name#without-mla`) at the default options, computed
 * here from the model's config and the suffix; null when the suffix names no variant.
 */
const variantAnalyses = new Map<string, ModelAnalysis | null>();
function variantAnalysis(id: string): ModelAnalysis | null {
  if (!variantAnalyses.has(id)) {
    const [base = '', suffix = ''] = id.split('#');
    const entry = snapshot.get(base);
    const spec = entry === undefined ? null : variantSpec(parseConfig(entry.config), suffix);
    variantAnalyses.set(
      id,
      entry === undefined || spec === null
        ? null
        : analyzeSpec(id, spec, DEFAULT_RUN_OPTIONS, {
            recordedBuffers: entry.hub.checkpointBuffers,
            flatTensors: false,
          }),
    );
  }
  return variantAnalyses.get(id) ?? null;
}

interface Tagged {
  page: string;
  metric: string;
  model: string | null;
  value: string | null;
}

/** A row of a counterfactual table: its metric, its two numbers, and the difference and ratio it shows. */
interface DerivedRow {
  page: string;
  metric: string;
  values: (string | null)[];
  difference: string | null;
  ratio: string | null;
}

const tagged: Tagged[] = [];
const derivedRows: DerivedRow[] = [];
let derivedCount = 0;

beforeAll(() => {
  assertBuilt();
  for (const page of htmlFiles()) {
    const document = parsePage(readPage(page));
    for (const element of document.querySelectorAll('[data-metric]')) {
      tagged.push({
        page,
        metric: element.getAttribute('data-metric') ?? '',
        model: element.getAttribute('data-model'),
        value: element.getAttribute('data-value'),
      });
    }
    derivedCount += document.querySelectorAll('[data-derived]').length;
    for (const row of document.querySelectorAll('tr[data-counterfactual-row]')) {
      derivedRows.push({
        page,
        metric: row.getAttribute('data-counterfactual-row') ?? '',
        values: [...row.querySelectorAll('[data-metric]')].map((cell) => cell.getAttribute('data-value')),
        difference: row.querySelector('[data-derived="difference"]')?.getAttribute('data-value') ?? null,
        ratio: row.querySelector('[data-derived="ratio"]')?.getAttribute('data-value') ?? null,
      });
    }
  }
});

describe('the metric vocabulary over dist/', () => {
  it('finds tagged numbers on the pages', () => {
    expect(tagged.length).toBeGreaterThan(1000);
  });

  it('names the model of every tagged number', () => {
    const missing = tagged.filter((entry) => entry.model === null || entry.model === '');
    expect(missing.slice(0, 5).map((entry) => `${entry.page}: ${entry.metric}`)).toEqual([]);
  });

  it('uses only registered calc --json paths', () => {
    const unknown = [
      ...new Set(
        tagged
          .filter((entry) => metricDefinition(entry.metric) === undefined)
          .map((entry) => `${entry.page}: ${entry.metric}`),
      ),
    ];
    expect(unknown.slice(0, 10)).toEqual([]);
  });

  it('resolves every data-metric to a number in calc --json for its model', () => {
    const unresolved = new Set<string>();
    for (const entry of tagged) {
      // A hypothetical variant (`org/name#mha`) is still addressed by its model's paths.
      const id = (entry.model ?? '').split('#')[0] ?? '';
      const analysis = analyses.get(id);
      if (analysis === undefined) {
        unresolved.add(`${entry.page}: ${entry.metric} names ${entry.model}, which is not in the snapshot`);
      } else if (metricValue(analysis, entry.metric) === null) {
        unresolved.add(`${entry.page}: ${entry.metric} has no value for ${id}`);
      }
    }
    expect([...unresolved].slice(0, 10)).toEqual([]);
  });

  it('names only variants the library can build (mha, gqa, mqa, without-<feature>)', () => {
    const unknown = new Set(
      tagged
        .filter((entry) => (entry.model ?? '').includes('#') && variantAnalysis(entry.model ?? '') === null)
        .map((entry) => `${entry.page}: ${entry.model ?? ''}`),
    );
    expect([...unknown].slice(0, 10)).toEqual([]);
  });

  it("shows a variant's own value wherever the number does not depend on the run options", () => {
    const wrong = new Set<string>();
    let checked = 0;
    for (const entry of tagged) {
      const id = entry.model ?? '';
      const definition = metricDefinition(entry.metric);
      if (!id.includes('#') || definition === undefined || definition.run) continue;
      const expected = metricValue(variantAnalysis(id), entry.metric);
      checked += 1;
      if (expected !== Number(entry.value)) {
        wrong.add(`${entry.page}: ${entry.metric} of ${id} is ${entry.value}, the variant's spec gives ${expected}`);
      }
    }
    expect([...wrong].slice(0, 10)).toEqual([]);
    expect(checked).toBeGreaterThan(0);
  });

  it('derives every difference and ratio of a counterfactual table from its row', () => {
    const wrong: string[] = [];
    for (const row of derivedRows) {
      const [withValue, withoutValue] = row.values.map(Number);
      if (row.values.length !== 2 || withValue === undefined || withoutValue === undefined) {
        wrong.push(`${row.page}: the ${row.metric} row has ${row.values.length} tagged numbers, not 2`);
        continue;
      }
      const ratio = withValue === 0 ? '' : String(withoutValue / withValue);
      if (row.difference !== String(withoutValue - withValue) || row.ratio !== ratio) {
        wrong.push(
          `${row.page}: ${row.metric} shows ${row.difference} and ${row.ratio} for ${withValue} → ${withoutValue}`,
        );
      }
    }
    expect(wrong.slice(0, 10)).toEqual([]);
    // Every derived number on the site sits in such a row (two per row), so none escapes the check.
    expect(derivedCount).toBe(2 * derivedRows.length);
  });

  it("shows the model's own value wherever the number does not depend on the run options", () => {
    const wrong = new Set<string>();
    for (const entry of tagged) {
      const definition = metricDefinition(entry.metric);
      const id = entry.model ?? '';
      const analysis = analyses.get(id);
      if (definition === undefined || definition.run || analysis === undefined) continue;
      const expected = metricValue(analysis, entry.metric);
      if (expected !== Number(entry.value)) {
        wrong.add(`${entry.page}: ${entry.metric} of ${id} is ${entry.value}, calc --json says ${expected}`);
      }
    }
    expect([...wrong].slice(0, 10)).toEqual([]);
  });
});
