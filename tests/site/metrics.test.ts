/**
 * One metric vocabulary, proved over the built site: every number on every page carries a
 * `data-metric` that is a registered path of `calc --json` and resolves to a number for the model
 * in its `data-model`; numbers that do not depend on the run options show exactly that value.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSnapshot } from '../../src/data/snapshot.ts';
import type { ModelAnalysis } from '../../src/lib/index.ts';
import { analyzeSpec, DEFAULT_RUN_OPTIONS, metricDefinition, metricValue, parseConfig } from '../../src/lib/index.ts';
import { assertBuilt, htmlFiles, parsePage, readPage } from './dist.ts';

/** What `calc --json <id>` prints for every snapshot model, keyed by id. */
const analyses = new Map<string, ModelAnalysis>(
  loadSnapshot().map((entry) => [
    entry.id,
    analyzeSpec(entry.id, parseConfig(entry.config), DEFAULT_RUN_OPTIONS, {
      recordedBuffers: entry.hub.checkpointBuffers,
      flatTensors: false,
    }),
  ]),
);

interface Tagged {
  page: string;
  metric: string;
  model: string | null;
  value: string | null;
}

let tagged: Tagged[] = [];

beforeAll(() => {
  assertBuilt();
  tagged = htmlFiles().flatMap((page) =>
    [...parsePage(readPage(page)).querySelectorAll('[data-metric]')].map((element) => ({
      page,
      metric: element.getAttribute('data-metric') ?? '',
      model: element.getAttribute('data-model'),
      value: element.getAttribute('data-value'),
    })),
  );
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
