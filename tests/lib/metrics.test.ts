import { describe, expect, it } from 'vitest';
import { loadSnapshotEntry, snapshotIds } from '../../src/data/snapshot.ts';
import type { LayerSpec, ModelAnalysis, ModelSpec } from '../../src/lib/index.ts';
import {
  analyzeSpec,
  analyzeWithMemory,
  DEFAULT_RUN_OPTIONS,
  formatMetric,
  METRICS,
  metricDefinition,
  metricValue,
  parseConfig,
  runAnalysis,
} from '../../src/lib/index.ts';
import { llamaConfig, qwen2MoeConfig } from '../fixtures.ts';

/** Every path of a JSON value that leads to a number, with the number. */
function numericPaths(value: unknown, prefix = ''): [string, number][] {
  if (typeof value === 'number') return [[prefix, value]];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) => numericPaths(child, prefix === '' ? key : `${prefix}.${key}`));
}

/** The analysis as `calc --json` prints it. */
function analysisJson(id: string): unknown {
  const entry = loadSnapshotEntry(id);
  const analysis = analyzeWithMemory(id, parseConfig(entry.config), DEFAULT_RUN_OPTIONS, {
    recordedBuffers: entry.hub.checkpointBuffers,
  });
  return JSON.parse(JSON.stringify(analysis)) as unknown;
}

/** Specs with what no snapshot model has: MLA layers, and chunked layers. */
function handBuiltSpecs(): ModelSpec[] {
  const base = parseConfig(
    llamaConfig({
      hidden_size: 64,
      num_hidden_layers: 2,
      num_attention_heads: 4,
      num_key_value_heads: 2,
      intermediate_size: 128,
      vocab_size: 100,
    }),
  );
  const mla: ModelSpec = {
    ...base,
    decoderLayers: base.decoderLayers.map((layer): LayerSpec => ({
      ...layer,
      attention: {
        kind: 'mla',
        heads: 4,
        kvLoraRank: 32,
        qkRopeHeadDim: 8,
        qkNopeHeadDim: 16,
        vHeadDim: 16,
        qLoraRank: 48,
      },
    })),
  };
  const chunked: ModelSpec = {
    ...base,
    decoderLayers: base.decoderLayers.map((layer): LayerSpec => ({
      ...layer,
      reach: { kind: 'chunked', chunkTokens: 64 },
    })),
  };
  return [mla, chunked];
}

const ids = snapshotIds();

describe('the metric registry', () => {
  it.each(ids.map((id) => [id]))('%s: every registered path without * is a finite number or null', (id) => {
    const analysis = analysisJson(id);
    for (const { path } of METRICS.filter((definition) => !definition.path.includes('*'))) {
      const value = metricValue(analysis, path);
      if (value !== null) expect(Number.isFinite(value), path).toBe(true);
    }
  });

  it.each(ids.map((id) => [id]))(
    '%s: every numeric path of the JSON that matches a registered pattern is found, with its value',
    (id) => {
      const analysis = analysisJson(id);
      const registered = new Set(METRICS.map((definition) => definition.path));
      let found = 0;
      for (const [path, value] of numericPaths(analysis)) {
        const pattern = path.replace(/(^|\.)\d+(?=\.|$)/g, '$1*');
        if (!registered.has(pattern)) continue;
        found += 1;
        expect(metricDefinition(path)?.path, path).toBe(pattern);
        expect(metricValue(analysis, path), path).toBe(value);
      }
      expect(found).toBeGreaterThan(50);
    },
  );

  it('names a number somewhere for every registered path (snapshot, a Qwen2-MoE, a partial-rotary Phi-3, an MLA and a chunked model)', () => {
    const phi3 = parseConfig({
      model_type: 'phi3',
      hidden_size: 64,
      num_hidden_layers: 2,
      num_attention_heads: 4,
      intermediate_size: 128,
      vocab_size: 100,
      partial_rotary_factor: 0.75,
    });
    const analyses: unknown[] = [
      ...ids.map(analysisJson),
      JSON.parse(JSON.stringify(analyzeSpec('moe', parseConfig(qwen2MoeConfig()), DEFAULT_RUN_OPTIONS))),
      JSON.parse(JSON.stringify(analyzeSpec('phi3', phi3, DEFAULT_RUN_OPTIONS))),
      ...handBuiltSpecs().map((spec) => JSON.parse(JSON.stringify(analyzeSpec('hand', spec, DEFAULT_RUN_OPTIONS)))),
      // training.* appears with --train only
      JSON.parse(
        JSON.stringify(
          analyzeWithMemory('lora', parseConfig(llamaConfig()), DEFAULT_RUN_OPTIONS, { training: { mode: 'lora' } }),
        ),
      ),
    ];
    const seen = new Set<string>();
    for (const analysis of analyses) {
      for (const [path] of numericPaths(analysis)) {
        const definition = metricDefinition(path);
        if (definition !== undefined) seen.add(definition.path);
      }
    }
    expect(METRICS.map((definition) => definition.path).filter((path) => !seen.has(path))).toEqual([]);
  });

  it('does not follow inherited keys', () => {
    expect(metricValue({ params: { total: 8 } }, 'params.total')).toBe(8);
    expect(metricValue({ params: { total: 8 } }, 'params.constructor')).toBeNull();
    expect(metricValue({ params: { total: 8 } }, '__proto__.total')).toBeNull();
    expect(metricValue({ params: { total: 'eight' } }, 'params.total')).toBeNull();
    expect(metricDefinition('params.constructor')).toBeUndefined();
  });

  it('has one entry per path', () => {
    const paths = METRICS.map((definition) => definition.path);
    expect(new Set(paths).size).toBe(paths.length);
  });

  it('gives the run-dependent part of an analysis again from runAnalysis', () => {
    const entry = loadSnapshotEntry('google/gemma-2-9b');
    const spec = parseConfig(entry.config);
    const options = { ...DEFAULT_RUN_OPTIONS, contextTokens: 8192, batch: 3, dtype: 'fp8' as const };
    const analysis: ModelAnalysis = analyzeSpec('google/gemma-2-9b', spec, options);
    expect(runAnalysis(spec, analysis.params.matmulPerToken, options)).toEqual({
      kvCache: analysis.kvCache,
      flops: analysis.flops,
    });
    // memory.* and training.* move with the controls too, recomputed by the memory planner's island (memory.ts).
    for (const definition of METRICS.filter((entry) => !/^(kvCache|flops|memory|training)\./.test(entry.path))) {
      expect(definition.run, definition.path).toBe(false);
    }
  });
});

describe('writing a metric', () => {
  it.each([
    ['kvCache.bytes', 17_179_869_184, '16 GiB'],
    ['params.total', 8_030_261_248, '8.03 B'],
    ['architecture.norm.epsilon', 1e-6, '1e-6'],
    ['architecture.norm.epsilon', 1e-5, '1e-5'],
    ['flops.decode', 17_156_800_512, '17.2 GFLOP'],
    ['architecture.hiddenSize', 4096, '4,096'],
    ['architecture.position.theta', 500_000, '500,000'],
    ['architecture.queriesPerKvHead', 4, '4'],
    ['architecture.queriesPerKvHead', 1.5, '1.5'],
    ['params.breakdown.mlpShare', 0.125, '12.5%'],
    ['params.breakdown.normShare', 0.0005, '0.05%'],
    ['tensorGroups.3.count', 32, '32'],
    ['kvCache.terms.0.bytes', 131_072, '128 KiB'],
    ['tensorCount', 995, '995'],
  ] as const)('%s = %d is written %s', (path, value, text) => {
    expect(formatMetric(path, value)).toBe(text);
  });
});
