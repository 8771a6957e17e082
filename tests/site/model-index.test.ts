/**
 * /models/ and its downloads: the CSV and the JSON hold exactly the numbers the table shows, for
 * every snapshot model; names break only after "/" and "-"; the filter box waits for JavaScript.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadManifest } from '../../src/data/snapshot.ts';
import { breakableParts, modelIndexCsv } from '../../src/site/build/model-index.ts';
import type { ModelIndexRow } from '../../src/site/build/model-index.ts';
import { assertBuilt, DIST, parsePage, readPage } from './dist.ts';

let rows: ModelIndexRow[] = [];
let page: Document;

beforeAll(() => {
  assertBuilt();
  rows = (JSON.parse(readFileSync(join(DIST, 'api/models.json'), 'utf8')) as { models: ModelIndexRow[] }).models;
  page = parsePage(readPage('models/index.html'));
});

/** The data-value of the cell in a model's row that renders `metric`. */
function cellValue(id: string, metric: string): number | null {
  const cell = page.querySelector(`[data-model="${id}"][data-metric="${metric}"]`);
  return cell === null ? null : Number(cell.getAttribute('data-value'));
}

describe('/models/ downloads', () => {
  it('lists every model of the manifest, in its order', () => {
    expect(rows.map((row) => row.id)).toEqual(loadManifest().models.map((entry) => entry.repo));
  });

  it('gives the numbers the table shows, exactly', () => {
    for (const row of rows) {
      expect(cellValue(row.id, 'params.total')).toBe(row.parameters);
      expect(cellValue(row.id, 'params.activePerToken')).toBe(row.activePerToken);
      expect(cellValue(row.id, 'params.nonEmbedding')).toBe(row.nonEmbedding);
      expect(cellValue(row.id, 'kvCache.bytesPerToken')).toBe(row.kvBytesPerToken);
      expect(cellValue(row.id, 'kvCache.bytes')).toBe(row.kvBytesAtMaxContext);
      expect(cellValue(row.id, 'architecture.maxContextTokens')).toBe(row.maxContextTokens);
      expect(cellValue(row.id, 'architecture.vocabSize')).toBe(row.vocabSize);
    }
  });

  it('writes the same rows as CSV, one line per model, with the Hub count where it differs', () => {
    const csv = readFileSync(join(DIST, 'api/models.csv'), 'utf8');
    expect(csv).toBe(modelIndexCsv(rows));
    const lines = csv.trimEnd().split('\r\n');
    expect(lines).toHaveLength(rows.length + 1);
    const deepseek = lines.find((line) => line.startsWith('deepseek-ai/DeepSeek-V3,'));
    expect(deepseek?.split(',').slice(3, 7)).toEqual(['671026419200', '37552297472', '669173061120', '684531386000']);
  });

  it('links both downloads from the page', () => {
    const links = [...page.querySelectorAll('a[download]')].map((link) => link.getAttribute('href'));
    expect(links).toEqual(['/api/models.csv', '/api/models.json']);
  });
});

describe('/models/ names and filter', () => {
  it('breaks a name only after "/" and "-"', () => {
    expect(breakableParts('Mistral-Large-Instruct-2407')).toEqual(['Mistral-', 'Large-', 'Instruct-', '2407']);
    expect(breakableParts('gpt2')).toEqual(['gpt2']);
    const link = page.querySelector('a[title="mistralai/Mistral-Large-Instruct-2407"]');
    expect(link?.innerHTML).toBe('Mistral-<wbr>Large-<wbr>Instruct-<wbr>2407');
  });

  it('ships the filter hidden, for the script to show, and gives every row its filter text', () => {
    const form = page.querySelector('form[data-filter]');
    expect(form?.hasAttribute('hidden')).toBe(true);
    const texts = [...page.querySelectorAll('tbody tr')].map((row) => row.getAttribute('data-filter-text') ?? '');
    expect(texts).toHaveLength(rows.length);
    expect(texts.find((text) => text.startsWith('deepseek-ai/DeepSeek-V3 '))).toContain('MLA');
  });
});
