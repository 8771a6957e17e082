/**
 * The feature matrix on /compare/ over the built page: one row per family version, each cell the
 * text featureRow gives for the row's model with every number a tagged metric, the numbers equal
 * to the keys of the model's own config.json, and every training-token cell cited.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSnapshotEntry } from '../../src/data/snapshot.ts';
import type { FormulaFactor } from '../../src/lib/index.ts';
import { FEATURE_COLUMNS, featureRow, formatMetric, parseConfig } from '../../src/lib/index.ts';
import { FAMILY_ROWS } from '../../src/site/build/feature-matrix.ts';
import { assertBuilt, parsePage, readPage } from './dist.ts';

let rows: Element[] = [];

beforeAll(() => {
  assertBuilt();
  const matrix = parsePage(readPage('compare/index.html')).querySelector('[data-feature-matrix]');
  rows = [...(matrix?.querySelectorAll('tbody tr') ?? [])];
});

const squash = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();

/** The cell of a row for a column. */
function cell(row: Element, key: string): Element {
  const found = row.querySelector(`td[data-feature="${key}"]`);
  if (found === null) throw new Error(`no ${key} cell in the row of ${row.getAttribute('data-model') ?? '?'}`);
  return found;
}

/** The raw value of the tagged number with this metric in a cell. */
function tagged(row: Element, key: string, metric: string): number | undefined {
  const element = cell(row, key).querySelector(`[data-metric="${metric}"]`);
  return element === null ? undefined : Number(element.getAttribute('data-value'));
}

/** The language model's keys of a config: a multimodal config keeps them in text_config. */
function languageConfig(id: string): Record<string, unknown> {
  const config = loadSnapshotEntry(id).config as Record<string, unknown>;
  const text = config['text_config'];
  return text !== null && typeof text === 'object' ? { ...config, ...(text as Record<string, unknown>) } : config;
}

describe('the feature matrix on /compare/', () => {
  it('has one row per family version, in order, each naming and linking its model', () => {
    expect(rows.map((row) => row.getAttribute('data-model'))).toEqual(FAMILY_ROWS.map((row) => row.model));
    for (const [index, row] of rows.entries()) {
      const family = FAMILY_ROWS[index];
      expect(squash(row.querySelector('th .feature-family')?.textContent)).toBe(family?.family);
      expect(row.querySelector('th a')?.getAttribute('href')).toBe(`/models/${family?.model ?? ''}/`);
    }
  });

  it('lists GPT-2 to Phi-4, eighteen family versions', () => {
    expect(FAMILY_ROWS.map((row) => row.family)).toEqual([
      'GPT-2',
      'Llama 2',
      'Llama 3',
      'Llama 3.1',
      'Llama 3.2',
      'Mistral 7B',
      'Mixtral',
      'Mistral NeMo',
      'Mistral Large',
      'Gemma',
      'Gemma 2',
      'Gemma 3',
      'Qwen2',
      'Qwen2.5',
      'Qwen3',
      'DeepSeek-V3',
      'gpt-oss',
      'Phi-4',
    ]);
  });

  it('sits in a horizontal scroll container', () => {
    const matrix = parsePage(readPage('compare/index.html')).querySelector('[data-feature-matrix]');
    expect(matrix?.parentElement?.classList.contains('table-scroll')).toBe(true);
  });

  it('shows in every config-determined cell what featureRow computes, each number tagged', () => {
    const wrong: string[] = [];
    for (const row of rows) {
      const id = row.getAttribute('data-model') ?? '';
      const features = featureRow(parseConfig(loadSnapshotEntry(id).config));
      for (const { key } of FEATURE_COLUMNS) {
        const parts = features[key].parts;
        const expected = parts
          .map((part) =>
            typeof part === 'string'
              ? part
              : `${formatMetric(part.metric, part.value)}${part.label === '' ? '' : ` ${part.label}`}`,
          )
          .join('');
        const element = cell(row, key);
        if (squash(element.textContent) !== squash(expected)) {
          wrong.push(`${id} ${key}: "${squash(element.textContent)}", expected "${squash(expected)}"`);
        }
        const numbers = parts.filter((part): part is FormulaFactor => typeof part !== 'string');
        const shown = [...element.querySelectorAll('[data-metric]')].map((metric) => [
          metric.getAttribute('data-metric'),
          Number(metric.getAttribute('data-value')),
          metric.getAttribute('data-model'),
        ]);
        expect(shown).toEqual(numbers.map((part) => [part.metric, part.value, id]));
      }
    }
    expect(wrong).toEqual([]);
  });

  // Independent of the library: the numbers against the config keys they come from.
  it.each(FAMILY_ROWS.map((row) => [row.model] as const))('%s: the numbers are its config keys', (id) => {
    const row = rows.find((candidate) => candidate.getAttribute('data-model') === id);
    if (row === undefined) throw new Error(`no row for ${id}`);
    const config = languageConfig(id);
    // Keys a config leaves to its class's default (Gemma 3's text_config) are checked by the lib tests.
    if (config['vocab_size'] !== undefined) {
      expect(tagged(row, 'vocabulary', 'architecture.vocabSize')).toBe(config['vocab_size']);
    }
    const context = config['max_position_embeddings'] ?? config['n_positions'];
    if (context !== undefined) expect(tagged(row, 'context', 'architecture.maxContextTokens')).toBe(context);
    const heads = config['num_attention_heads'] ?? config['n_head'];
    if (heads !== undefined) expect(tagged(row, 'attention', 'architecture.heads')).toBe(heads);
    const kvHeads = config['num_key_value_heads'];
    const attention = squash(cell(row, 'attention').textContent);
    if (kvHeads !== undefined && /^(GQA|MQA)/.test(attention)) {
      expect(tagged(row, 'attention', 'architecture.kvHeads')).toBe(kvHeads);
    }
    if (typeof config['rope_theta'] === 'number') {
      expect(tagged(row, 'position', 'architecture.position.theta')).toBe(config['rope_theta']);
    }
    const scaling = config['rope_scaling'] as { factor?: number } | null | undefined;
    if (scaling?.factor !== undefined) {
      expect(tagged(row, 'position', 'architecture.position.scaling.factor')).toBe(scaling.factor);
    }
    if (squash(cell(row, 'reach').textContent).includes('window')) {
      expect(tagged(row, 'reach', 'architecture.slidingWindow')).toBe(config['sliding_window']);
    }
    if (typeof config['tie_word_embeddings'] === 'boolean') {
      expect(squash(cell(row, 'tiedEmbeddings').textContent)).toBe(config['tie_word_embeddings'] ? 'yes' : 'no');
    }
    if (typeof config['attention_bias'] === 'boolean') {
      expect(squash(cell(row, 'qkvBias').textContent)).toBe(config['attention_bias'] ? 'yes' : 'no');
    }
  });

  it('says learned absolute positions for GPT-2, from its n_positions', () => {
    const gpt2 = rows[0];
    if (gpt2 === undefined) throw new Error('no rows');
    expect(squash(cell(gpt2, 'position').textContent)).toBe('learned absolute, 1,024 positions');
    expect(tagged(gpt2, 'position', 'architecture.position.maxPositions')).toBe(
      languageConfig('openai-community/gpt2-xl')['n_positions'],
    );
  });

  it('cites every training-token cell, and types no figure where the source states none', () => {
    for (const row of rows) {
      const training = cell(row, 'trainingTokens');
      const links = [...training.querySelectorAll('a')].map((link) => link.getAttribute('href') ?? '');
      expect(links.length).toBeGreaterThan(0);
      for (const href of links) expect(href).toMatch(/^https:\/\//);
      if (training.getAttribute('data-status') === 'not stated') {
        expect(squash(training.textContent)).toMatch(/^not stated/);
      }
    }
  });
});
