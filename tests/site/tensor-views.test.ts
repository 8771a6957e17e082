/**
 * Tensor views that scale, over the built dist/: model pages show grouped rows (identical layers
 * and identical experts collapsed) and never inline the flat list, which is a static JSON route
 * per model, loaded on demand; every model page stays under 400 KB.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSnapshot } from '../../src/data/snapshot.ts';
import { analyzeConfig, DEFAULT_RUN_OPTIONS } from '../../src/lib/index.ts';
import { assertBuilt, DIST, parsePage, readPage } from './dist.ts';

const snapshot = loadSnapshot();
const MAX_PAGE_BYTES = 400 * 1024;
const MIXTRAL = 'mistralai/Mixtral-8x7B-v0.1';

beforeAll(() => assertBuilt());

interface TensorsJson {
  id: string;
  tensorCount: number;
  parameters: number;
  tensors: { name: string; shape: number[] }[];
}

function readTensorsJson(id: string): TensorsJson {
  return JSON.parse(readFileSync(join(DIST, 'api/models', id, 'tensors.json'), 'utf8')) as TensorsJson;
}

describe('model pages', () => {
  it.each(snapshot.map((entry) => entry.id))('/models/%s/ is under 400 KB', (id) => {
    const bytes = statSync(join(DIST, 'models', id, 'index.html')).size;
    expect(bytes, `${id}: ${(bytes / 1024).toFixed(1)} KB`).toBeLessThan(MAX_PAGE_BYTES);
  });

  it.each(snapshot.map((entry) => entry.id))('/models/%s/ links the flat list instead of inlining it', (id) => {
    const document = parsePage(readPage(`models/${id}/index.html`));
    const list = document.querySelector('.tensor-table details atlas-tensor-list');
    const url = `/api/models/${id}/tensors.json`;
    expect(list?.getAttribute('data-src')).toBe(url);
    // Without JavaScript: a plain link to the JSON file.
    expect(list?.querySelector(`a[href="${url}"]`)).not.toBeNull();
    expect(document.querySelectorAll('.tensor-table li')).toHaveLength(0);
    // The summary states how many tensors the list holds.
    const count = document.querySelector('.tensor-table details summary [data-metric="tensorCount"]');
    expect(Number(count?.getAttribute('data-value'))).toBe(readTensorsJson(id).tensors.length);
  });

  it("groups Mixtral's identical layers and experts: experts.[0–7].w1.weight × 256 (32 layers × 8 experts)", () => {
    const document = parsePage(readPage(`models/${MIXTRAL}/index.html`));
    const rows = [...document.querySelectorAll('.tensor-table tbody tr')];
    const w1 = rows.find((row) => row.querySelector('th')?.textContent?.includes('experts.[0–7].w1.weight'));
    expect(w1?.querySelector('th')?.textContent).toBe('model.layers.[0–31].block_sparse_moe.experts.[0–7].w1.weight');
    const count = w1?.querySelector('[data-metric$=".count"]');
    expect(count?.getAttribute('data-metric')).toMatch(/^tensorGroups\.\d+\.count$/);
    expect(count?.getAttribute('data-value')).toBe('256');
    expect(count?.textContent).toBe('× 256');
    expect(w1?.querySelector('[data-metric$=".parameters"]')?.getAttribute('data-value')).toBe(String(14_336 * 4096));
    // The shape is text, not a number: no data-metric.
    expect(w1?.querySelector('td code')?.textContent).toBe('[14336, 4096]');
    expect(w1?.querySelector('td code')?.hasAttribute('data-metric')).toBe(false);
    // One row per group of calc --json, in its order, with its paths.
    const analysis = analyzeConfig(
      MIXTRAL,
      snapshot.find((entry) => entry.id === MIXTRAL)?.config,
      DEFAULT_RUN_OPTIONS,
      {
        flatTensors: false,
      },
    );
    expect(rows).toHaveLength(analysis.tensorGroups.length);
    rows.forEach((row, index) => {
      expect(row.querySelector('th')?.textContent).toBe(analysis.tensorGroups[index]?.name);
      expect(row.querySelector(`[data-metric="tensorGroups.${index}.share"]`)?.getAttribute('data-value')).toBe(
        String(analysis.tensorGroups[index]?.share),
      );
    });
  });

  it('breaks long tensor names after each dot, so they wrap on a phone', () => {
    const html = readPage(`models/${MIXTRAL}/index.html`);
    // Breaks between segments only: a segment (a range like [0–7] included) never splits.
    expect(html).toContain(
      '<span class="name-part">experts.</span><wbr><span class="name-part">[0–7].</span><wbr><span class="name-part">w1.</span><wbr><span class="name-part">weight</span>',
    );
  });
});

describe('/api/models/<id>/tensors.json', () => {
  it.each(snapshot.map((entry) => [entry.id, entry] as const))(
    '%s: lists every tensor, and the shapes sum to params.total',
    (id, entry) => {
      expect(existsSync(join(DIST, 'api/models', id, 'tensors.json'))).toBe(true);
      const json = readTensorsJson(id);
      const analysis = analyzeConfig(id, entry.config, DEFAULT_RUN_OPTIONS, {
        recordedBuffers: entry.hub.checkpointBuffers,
      });
      expect(json.id).toBe(id);
      expect(json.tensors).toHaveLength(analysis.tensorCount);
      expect(json.tensorCount).toBe(analysis.tensorCount);
      let total = 0;
      for (const tensor of json.tensors) total += tensor.shape.reduce((product, size) => product * size, 1);
      expect(total).toBe(analysis.params.total);
      expect(json.parameters).toBe(analysis.params.total);
      // The same list as calc --json's `tensors`, in state-dict order.
      expect(json.tensors).toEqual(analysis.tensors);
      expect(new Set(json.tensors.map((tensor) => tensor.name)).size).toBe(json.tensors.length);
    },
  );

  it("spells out every one of Mixtral's experts", () => {
    const names = readTensorsJson(MIXTRAL).tensors.map((tensor) => tensor.name);
    expect(names).toHaveLength(995);
    expect(names).toContain('model.layers.31.block_sparse_moe.experts.7.w3.weight');
    expect(names.filter((name) => /\.experts\.\d+\.w1\.weight$/.test(name))).toHaveLength(256);
  });
});
