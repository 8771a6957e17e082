import { describe, expect, it } from 'vitest';
import { loadSnapshot, loadSnapshotEntry } from '../../src/data/snapshot.ts';
import { FEATURE_COLUMNS, featureRow } from '../../src/lib/features.ts';
import type { FeatureRow } from '../../src/lib/features.ts';
import { architectureSummary, formatInteger, formulaText, metricValue, parseConfig } from '../../src/lib/index.ts';
import { snapshotSpec } from '../fixtures.ts';

/** Every cell of a row as the text a page shows, numbers with separators. */
function texts(row: FeatureRow): Record<string, string> {
  return Object.fromEntries(FEATURE_COLUMNS.map(({ key }) => [key, formulaText(row[key].parts, formatInteger)]));
}

const rowOf = (id: string) => texts(featureRow(snapshotSpec(id)));

describe('featureRow over every snapshot model', () => {
  it.each(loadSnapshot().map((entry) => [entry.id, entry] as const))(
    '%s: every number in a cell is its calc --json metric',
    (_id, entry) => {
      const spec = parseConfig(entry.config);
      const analysis = { architecture: architectureSummary(spec) };
      const row = featureRow(spec);
      for (const { key } of FEATURE_COLUMNS) {
        for (const part of row[key].parts) {
          if (typeof part === 'string') continue;
          expect(metricValue(analysis, part.metric), `${key}: ${part.metric}`).toBe(part.value);
        }
      }
    },
  );

  it('has a cell for every column and no column without a cell', () => {
    const row = featureRow(snapshotSpec('openai-community/gpt2'));
    expect(Object.keys(row).sort()).toEqual(FEATURE_COLUMNS.map(({ key }) => key).sort());
  });
});

// Expected texts below are read off each config.json by hand (keys named in the comments), not
// printed by the code.
describe('featureRow, model by model', () => {
  it('GPT-2 XL: learned positions, LayerNorm before each sub-layer, 25 heads, GELU, tied, biased', () => {
    // n_positions 1024, n_head 25, activation_function gelu_new, vocab_size 50257, no tie key (default true)
    expect(rowOf('openai-community/gpt2-xl')).toEqual({
      position: 'learned absolute, 1,024 positions',
      norm: 'LayerNorm, pre-norm',
      attention: 'MHA, 25 heads',
      reach: 'all global',
      mlp: 'GELU',
      tiedEmbeddings: 'yes',
      qkvBias: 'yes',
      context: '1,024',
      vocabulary: '50,257',
    });
  });

  it('Llama 3.1 8B: RoPE 500,000 with llama3 scaling ×8, GQA in groups of 4, untied, no biases', () => {
    // rope_theta 500000, rope_scaling {factor 8, rope_type llama3}, 32 heads / 8 KV heads, hidden_act silu
    expect(rowOf('meta-llama/Llama-3.1-8B')).toEqual({
      position: 'RoPE θ 500,000, llama3 ×8',
      norm: 'RMSNorm, pre-norm',
      attention: 'GQA, groups of 4 (32 query / 8 KV heads)',
      reach: 'all global',
      mlp: 'SwiGLU',
      tiedEmbeddings: 'no',
      qkvBias: 'no',
      context: '131,072',
      vocabulary: '128,256',
    });
  });

  it('Llama 2 7B: one KV head per query head is MHA; the default RoPE base applies', () => {
    // no rope_theta key (LlamaConfig default 10000), num_key_value_heads 32 = num_attention_heads
    const row = rowOf('meta-llama/Llama-2-7b-hf');
    expect(row.position).toBe('RoPE θ 10,000');
    expect(row.attention).toBe('MHA, 32 heads');
  });

  it('Mistral 7B v0.1: every layer slides over a 4,096-token window', () => {
    // sliding_window 4096 and no layer_types: MistralConfig slides on every layer
    expect(rowOf('mistralai/Mistral-7B-v0.1').reach).toBe('all sliding, window 4,096');
    expect(rowOf('mistralai/Mistral-7B-v0.3').reach).toBe('all global');
  });

  it('Gemma 2B: multi-query attention and the (1 + w) RMSNorm, tied', () => {
    // num_attention_heads 8, num_key_value_heads 1
    const row = rowOf('google/gemma-2b');
    expect(row.attention).toBe('MQA, 8 query heads, 1 KV head');
    expect(row.norm).toBe('RMSNorm (1 + w), pre-norm');
    expect(row.mlp).toBe('GeGLU');
    expect(row.tiedEmbeddings).toBe('yes');
  });

  it('Gemma 2 9B: sandwich norms and alternating sliding and global layers', () => {
    // four norms per layer (pre/post around attention and MLP), sliding_window 4096 on even layers
    const row = rowOf('google/gemma-2-9b');
    expect(row.norm).toBe('RMSNorm (1 + w), pre + post (sandwich)');
    expect(row.reach).toBe('alternating sliding and global, window 4,096');
    expect(featureRow(snapshotSpec('google/gemma-2-9b')).norm.value).toEqual({
      kind: 'rmsnorm',
      placement: 'sandwich',
      perLayer: 4,
      unitOffset: true,
      qkNorm: false,
    });
  });

  it('Gemma 3 27B: five local layers per global one, a local RoPE base, QK-norm', () => {
    // text_config: sliding_window 1024, sliding_window_pattern default 6, rope_theta default 1e6,
    // rope_local_base_freq default 1e4, rope_scaling {factor 8, rope_type linear}
    const row = rowOf('google/gemma-3-27b-it');
    expect(row.position).toBe('RoPE θ 1,000,000 global, linear ×8; θ 10,000 local');
    expect(row.reach).toBe('5 local : 1 global, window 1,024');
    expect(row.norm).toBe('RMSNorm (1 + w), pre + post (sandwich); QK-norm');
    expect(row.attention).toBe('GQA, groups of 2 (32 query / 16 KV heads)');
  });

  it('Qwen2 has QKV biases; Qwen3 drops them for QK-norm', () => {
    expect(rowOf('Qwen/Qwen2-7B').qkvBias).toBe('yes');
    const qwen3 = rowOf('Qwen/Qwen3-8B');
    expect(qwen3.qkvBias).toBe('no');
    expect(qwen3.norm).toBe('RMSNorm, pre-norm; QK-norm');
    expect(qwen3.context).toBe('40,960');
  });

  it('DeepSeek-V3: MLA, YaRN ×40, 8 of 256 routed experts plus a shared one after a dense prefix', () => {
    // kv_lora_rank 512, 128 heads, n_routed_experts 256, num_experts_per_tok 8, n_shared_experts 1,
    // first_k_dense_replace 3 of 61 layers, rope_scaling {type yarn, factor 40}
    const row = rowOf('deepseek-ai/DeepSeek-V3');
    expect(row.attention).toBe('MLA, 128 heads, latent 512');
    expect(row.position).toBe('RoPE θ 10,000, yarn ×40');
    expect(row.mlp).toBe('SwiGLU; MoE, top-8 of 256 experts + 1 shared on 58 of 61 layers');
  });

  it('gpt-oss-120b: alternating 128-token windows, sinks and biases', () => {
    // layer_types alternate sliding_attention / full_attention, sliding_window 128, 64 heads / 8 KV heads
    const row = rowOf('openai/gpt-oss-120b');
    expect(row.reach).toBe('alternating sliding and global, window 128');
    expect(row.attention).toBe('GQA, groups of 8 (64 query / 8 KV heads), attention sinks');
    expect(row.qkvBias).toBe('yes');
    expect(row.mlp).toBe('SwiGLU; MoE, top-4 of 128 experts');
  });

  it('keeps the raw values next to the text', () => {
    const row = featureRow(snapshotSpec('google/gemma-3-27b-it'));
    expect(row.reach.value).toEqual({ pattern: 'periodic', local: 5, global: 1, localKind: 'sliding', span: 1024 });
    expect(row.position.value).toEqual({
      kind: 'rope',
      theta: 1_000_000,
      localTheta: 10_000,
      scaling: { type: 'linear', factor: 8 },
      partialRotary: false,
      noPositionLayers: 0,
    });
    expect(row.attention.value).toEqual({ kind: 'GQA', heads: 32, kvHeads: 16, groupSize: 2, sinks: false });
  });

  it('describes a stack that does not repeat run by run', () => {
    // Qwen2 with its window switched on slides only above max_window_layers
    const config = {
      ...(loadSnapshotEntry('Qwen/Qwen2-7B').config as Record<string, unknown>),
      use_sliding_window: true,
      sliding_window: 4096,
      max_window_layers: 20,
    };
    const row = featureRow(parseConfig(config));
    expect(row.reach.value).toEqual({ pattern: 'mixed' });
    expect(formulaText(row.reach.parts, formatInteger)).toBe('layers 0–19: global; layers 20–27: window 4,096');
  });
});
