/**
 * <WeightDrift>'s build-time side on a diff file generated here from the test checkpoints (never on
 * made-up Llama data): the file is found and checked, and the figure has one cell per tensor with
 * the values the file holds.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DriftReport } from '../../src/lib/drift.ts';
import { EPSILON, reportJson } from '../../src/lib/drift.ts';
import type { HubAccess } from '../../src/lib/drift-remote.ts';
import { openCheckpoint, planDrift, runDrift } from '../../src/lib/drift-remote.ts';
import { driftFigure, loadDriftFile } from '../../src/site/build/weight-drift.ts';
import { checkpointFiles, SHA_A, SHA_B } from '../support/checkpoints.ts';
import type { FakeHub } from '../scripts/fake-hub.ts';
import { startFakeHub } from '../scripts/fake-hub.ts';

let hub: FakeHub;
let root: string;
let report: DriftReport;

beforeAll(async () => {
  hub = await startFakeHub();
  hub.repos.set('org/base', {
    sha: SHA_A,
    config: '{}',
    safetensorsTotal: 0,
    files: checkpointFiles({ perturbed: false }),
  });
  hub.repos.set('org/tuned', {
    sha: SHA_B,
    config: '{}',
    safetensorsTotal: 0,
    files: checkpointFiles({ perturbed: true }),
  });
  const access: HubAccess = { hubUrl: hub.url, fetch };
  const [a, b] = await Promise.all([
    openCheckpoint(access, 'org/base', 'main'),
    openCheckpoint(access, 'org/tuned', 'main'),
  ]);
  report = await runDrift(access, planDrift(a, b, { mode: 'sampled', rowsPerTensor: 4, seed: 1 }), [], () => undefined);
  root = mkdtempSync(join(tmpdir(), 'drift-site-'));
  mkdirSync(join(root, 'content', 'diffs'), { recursive: true });
  writeFileSync(join(root, 'content', 'diffs', 'test-checkpoints.json'), reportJson(report));
  writeFileSync(join(root, 'content', 'diffs', 'broken.json'), '{"a": {"repo": "x"}}');
});

afterAll(async () => {
  await hub.close();
  rmSync(root, { recursive: true, force: true });
});

describe('<WeightDrift> data files', () => {
  it('reads a diff file under content/diffs/, and says null when there is none yet', () => {
    expect(loadDriftFile('content/diffs/test-checkpoints.json', 'a.mdx:1', root)).toEqual(report);
    expect(loadDriftFile('content/diffs/llama-3-vs-3.1-8b.json', 'a.mdx:1', root)).toBeNull();
  });

  it('fails the build on a path outside content/diffs/ or a broken file, naming the article line', () => {
    expect(() => loadDriftFile('content/diffs/../../package.json', 'a.mdx:3', root)).toThrow(
      'a.mdx:3: <WeightDrift>: data="content/diffs/../../package.json" is not a file under content/diffs/',
    );
    expect(() => loadDriftFile('content/diffs/x.txt', 'a.mdx:3', root)).toThrow(
      'needs data="content/diffs/<name>.json"',
    );
    expect(() => loadDriftFile('content/diffs/broken.json', 'a.mdx:4', root)).toThrow(
      /^a\.mdx:4: <WeightDrift>: content\/diffs\/broken\.json: a\.revision: /,
    );
  });

  it('draws one cell per tensor with its value, and a table row with exact intervals where every row was read', () => {
    const figure = driftFigure(report);
    // 3 layers × 9 kinds in the grid, then embed_tokens, norm and lm_head outside the layers.
    expect(figure.svg.match(/<g role="img"/g)).toHaveLength(30);
    expect(figure.summary).toBe(
      "org/tuned (bbbbbbb) against org/base (aaaaaaa): median relative change of each tensor's weights, up to 4 rows per tensor drawn with seed 1.",
    );
    for (const tensor of report.tensors)
      expect(figure.svg).toContain(`data-tensor="${tensor.name}" data-value="${tensor.median}"`);
    // input_layernorm of layer 0 is tensor 1, k = (7 + 3i) mod 15 + 1 for element i: 8, 11, 14, 2, 5, 8, 11, 14.
    // Sorted 2 5 8 8 11 11 14 14: the median is (8/16 + 11/16) / 2 over 1 + ε = 59.4 %; the vector is one row, read whole.
    const norm = figure.rows.find((row) => row.name === 'model.layers.0.input_layernorm.weight');
    expect(norm?.raw.median).toBe((8 / 16 / (1 + EPSILON) + 11 / 16 / (1 + EPSILON)) / 2);
    expect([norm?.median, norm?.ci, norm?.rowsRead]).toEqual(['59 %', 'exact', '1 of 1']);
    const gate = figure.rows.find((row) => row.name === 'model.layers.2.mlp.gate_proj.weight');
    expect(gate?.rowsRead).toBe('4 of 16');
    expect(gate?.ci).toMatch(/^[\d.]+ % – [\d.]+ %$/);
  });

  it('draws the same cells in Korean, with Korean words around the same numbers', () => {
    const [english, korean] = [driftFigure(report), driftFigure(report, 'ko')];
    expect(korean.summary).toBe(
      'org/base (aaaaaaa) 대비 org/tuned (bbbbbbb): 텐서별 가중치의 상대 변화량 중앙값, 텐서마다 최대 4개 행을 시드 1로 추출.',
    );
    for (const words of [
      '레이어 →',
      '레이어 밖의 텐서',
      '변화량 중앙값',
      '읽은 행: 16개 중 4개 (시드 1, 재표본 1000회)',
    ])
      expect(korean.svg).toContain(words);
    expect(korean.svg).not.toContain('median change');
    const values = (svg: string) =>
      [...svg.matchAll(/data-tensor="[^"]+" data-value="[^"]+"/g)].map(([match]) => match);
    expect(values(korean.svg)).toEqual(values(english.svg));
    const norm = korean.rows.find((row) => row.name === 'model.layers.0.input_layernorm.weight');
    expect([norm?.median, norm?.ci, norm?.rowsRead]).toEqual(['59 %', '정확한 값', '1개 중 1개']);
  });
});

describe('the Llama article before a Llama diff file is committed', () => {
  it('shows the seed’s figures, attributed as reported, and links to the tool prefilled with both repos', async () => {
    const { assertBuilt, parsePage, readPage } = await import('./dist.ts');
    assertBuilt();
    const page = parsePage(readPage('families/llama/index.html'));
    expect(page.querySelector('#llama-3-vs-31-the-same-tensors-different-weights')).not.toBeNull();
    const text = page.body.textContent ?? '';
    expect(text).toContain('reported there, not computed here');
    expect(text).toContain('seed 002');
    expect(page.querySelector('figure.weight-drift')).toBeNull();
    const links = [...page.querySelectorAll('.sl-markdown-content a[href^="/tools/weight-drift/"]')].map((link) =>
      link.getAttribute('href'),
    );
    expect(links.length).toBeGreaterThan(0);
    for (const href of links)
      expect(href).toBe('/tools/weight-drift/?a=meta-llama/Meta-Llama-3-8B&b=meta-llama/Llama-3.1-8B');
  });
});
