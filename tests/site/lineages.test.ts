/**
 * The lineage page over the built site: each lineage a chain of config diffs whose keys are the
 * keys that differ, numbers tagged where a metric holds them, the non-config notes cited; and the
 * Llama 3 / 3.1 section rendering equal shapes while reporting, attributed, that the weights differ.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSnapshotEntry } from '../../src/data/snapshot.ts';
import { changedConfigKeys } from '../../src/lib/index.ts';
import { assertBuilt, parsePage, readPage } from './dist.ts';

let document: Document;

beforeAll(() => {
  assertBuilt();
  document = parsePage(readPage('guides/lineages/index.html'));
});

const CHAINS = [
  [
    'meta-llama/Llama-2-7b-hf',
    'meta-llama/Meta-Llama-3-8B',
    'meta-llama/Llama-3.1-8B',
    'meta-llama/Llama-3.2-3B-Instruct',
  ],
  ['google/gemma-2b', 'google/gemma-2-2b-it', 'google/gemma-3-1b-it'],
  ['Qwen/Qwen2-7B', 'Qwen/Qwen2.5-7B', 'Qwen/Qwen3-8B'],
  ['mistralai/Mistral-7B-v0.1', 'mistralai/Mistral-7B-v0.3', 'mistralai/Mistral-Nemo-Base-2407'],
];

const squash = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();

describe('the lineage page', () => {
  it('has the four lineages, each a chain of steps between neighbouring models', () => {
    const lineages = [...document.querySelectorAll('[data-lineage]')];
    expect(lineages).toHaveLength(CHAINS.length);
    lineages.forEach((lineage, index) => {
      const chain = CHAINS[index] ?? [];
      const links = [...lineage.querySelectorAll('.lineage-chain a')].map((link) => link.getAttribute('href'));
      expect(links).toEqual(chain.map((id) => `/models/${id}/`));
      expect(lineage.querySelectorAll('[data-lineage-step]')).toHaveLength(chain.length - 1);
    });
  });

  it('lists, per step, exactly the config keys that differ', () => {
    const lineages = [...document.querySelectorAll('[data-lineage]')];
    lineages.forEach((lineage, index) => {
      const chain = CHAINS[index] ?? [];
      [...lineage.querySelectorAll('[data-lineage-step]')].forEach((step, stepIndex) => {
        const before = loadSnapshotEntry(chain[stepIndex] ?? '').config;
        const after = loadSnapshotEntry(chain[stepIndex + 1] ?? '').config;
        const keys = [...(step.querySelector('.config-diff table')?.querySelectorAll('tbody th code') ?? [])].map(
          (code) => code.textContent,
        );
        expect(keys).toEqual(changedConfigKeys(before, after));
      });
    });
  });

  it('tags a changed number where a metric holds it, and shows a dormant or absent value as config', () => {
    const step = document.querySelector('[data-lineage] [data-lineage-step="1"]');
    const row = (key: string) =>
      [...(step?.querySelectorAll('.config-diff tbody tr') ?? [])].find(
        (candidate) => candidate.querySelector('th code')?.textContent === key,
      );
    // Llama 2 has no rope_theta key; Llama 3 sets 500000
    const theta = row('rope_theta');
    expect(theta?.querySelectorAll('td')[0]?.querySelector('code')?.textContent).toBe('absent');
    const llama3Theta = theta?.querySelectorAll('td')[1]?.querySelector('[data-metric="architecture.position.theta"]');
    expect(llama3Theta?.getAttribute('data-value')).toBe('500000');
    expect(row('vocab_size')?.querySelectorAll('[data-metric="architecture.vocabSize"]')).toHaveLength(2);
    // Qwen2.5's sliding_window is a dormant key (use_sliding_window false): a config value, not a window
    const qwen = [...document.querySelectorAll('[data-lineage]')][2]?.querySelector('[data-lineage-step="2"]');
    const window = [...(qwen?.querySelectorAll('.config-diff tbody tr') ?? [])].find(
      (candidate) => candidate.querySelector('th code')?.textContent === 'sliding_window',
    );
    expect(window?.querySelector('[data-metric]')).toBeNull();
    expect(squash(window?.querySelectorAll('td')[0]?.textContent)).toBe('131072');
  });

  it('cites every note', () => {
    const notes = [...document.querySelectorAll('.lineage-notes tbody tr')];
    expect(notes.length).toBeGreaterThan(10);
    for (const note of notes) {
      const links = [...note.querySelectorAll('td:last-child a')].map((link) => link.getAttribute('href') ?? '');
      expect(links.length).toBeGreaterThan(0);
      for (const href of links) expect(href).toMatch(/^https:\/\//);
    }
  });

  it('mentions Llama 3.2-Vision 11B and 90B with their model card', () => {
    const vision = [...document.querySelectorAll('.lineage-notes tr[data-topic="other releases"]')].find((row) =>
      row.textContent?.includes('Vision'),
    );
    expect(vision?.textContent).toContain('11B and 90B');
    expect(vision?.querySelector('a')?.getAttribute('href')).toContain('MODEL_CARD_VISION.md');
  });

  it('renders Llama 3 8B and 3.1 8B with equal tensor counts and parameters, and reports their weights differ', () => {
    const section = [...document.querySelectorAll('.sl-markdown-content p')].find((paragraph) =>
      paragraph.textContent?.includes('changes no shape'),
    );
    const values = (metric: string, model: string) =>
      section?.querySelector(`[data-metric="${metric}"][data-model="${model}"]`)?.getAttribute('data-value');
    for (const metric of ['tensorCount', 'params.total']) {
      expect(values(metric, 'meta-llama/Meta-Llama-3-8B')).toBeDefined();
      expect(values(metric, 'meta-llama/Meta-Llama-3-8B')).toBe(values(metric, 'meta-llama/Llama-3.1-8B'));
    }
    const report = squash(section?.nextElementSibling?.textContent);
    expect(report).toContain('40%');
    expect(report).toContain('20%');
    expect(report).toContain('2%');
    expect(report).toContain('not reproduced');
    expect(report).toContain('is not Llama 3 8B');
  });
});
