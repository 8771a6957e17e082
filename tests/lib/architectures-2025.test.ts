/**
 * The 2025 architectures (qwen3, qwen3_moe, gemma3_text, gemma3, deepseek_v2/v3, gpt_oss, phi3):
 * every count derived by hand from the config's numbers, written out term by term, for the nine
 * snapshot models and for configs the snapshot does not hold; then their refusals.
 */
import { describe, expect, it } from 'vitest';
import { loadSnapshotEntry } from '../../src/data/snapshot.ts';
import type { ModelAnalysis, ModelSpec, RunOptions } from '../../src/lib/index.ts';
import {
  analyzeSpec,
  checkpointAccount,
  countParams,
  DEFAULT_RUN_OPTIONS,
  expandTensors,
  kvCache,
  parseConfig,
  storedExtras,
  tensorCount,
  tensorList,
} from '../../src/lib/index.ts';
import { configError, present, snapshotSpec, snapshotTensors, without } from '../fixtures.ts';

type Config = Record<string, unknown>;

/** A snapshot model analysed as the site does: with the buffers its hub.json records. */
function analyseSnapshot(id: string, options: RunOptions = DEFAULT_RUN_OPTIONS): ModelAnalysis {
  const entry = loadSnapshotEntry(id);
  return analyzeSpec(id, parseConfig(entry.config), options, { recordedBuffers: entry.hub.checkpointBuffers });
}

/** A snapshot model's config.json with overrides; keys set to undefined are removed. */
function snapshotConfig(id: string, overrides: Config = {}): Config {
  const config = { ...(loadSnapshotEntry(id).config as Config), ...overrides };
  return Object.fromEntries(Object.entries(config).filter(([, value]) => value !== undefined));
}

function shapeOf(tensors: readonly { name: string; shape: number[] }[], name: string): number[] | undefined {
  return tensors.find((tensor) => tensor.name === name)?.shape;
}

function counts(spec: ModelSpec) {
  return countParams(spec, tensorList(spec));
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

/**
 * A SigLIP vision tower's parameters (SiglipVisionModel): patch conv and its bias, the position
 * table, `layers` encoder layers (q/k/v/out with biases, two LayerNorms, fc1 and fc2 with biases),
 * the post-LayerNorm, and the attention-pooling head when the tower has one.
 */
function siglipTower(v: {
  d: number;
  ffn: number;
  layers: number;
  image: number;
  patch: number;
  head: boolean;
}): number {
  const { d, ffn } = v;
  const perLayer =
    4 * (d * d + d) + // k_proj, v_proj, q_proj, out_proj with biases
    2 * 2 * d + // layer_norm1, layer_norm2: weight and bias
    (d * ffn + ffn) + // fc1
    (ffn * d + d); // fc2
  const head =
    d + // probe [1, 1, d]
    (3 * d * d + 3 * d) + // in_proj_weight, in_proj_bias
    (d * d + d) + // out_proj
    2 * d + // layernorm
    (d * ffn + ffn) + // mlp.fc1
    (ffn * d + d); // mlp.fc2
  return (
    d * 3 * v.patch * v.patch + // patch_embedding.weight [d, 3, p, p]
    d + // patch_embedding.bias
    (v.image / v.patch) ** 2 * d + // position_embedding
    v.layers * perLayer +
    2 * d + // post_layernorm
    (v.head ? head : 0)
  );
}

/** DeepSeek-V2-Lite's geometry: direct query projection (q_lora_rank null), greedy top-6 routing. */
const v2Lite: Config = {
  model_type: 'deepseek_v2',
  hidden_size: 2048,
  num_hidden_layers: 27,
  num_attention_heads: 16,
  num_key_value_heads: 16,
  kv_lora_rank: 512,
  q_lora_rank: null,
  qk_nope_head_dim: 128,
  qk_rope_head_dim: 64,
  v_head_dim: 128,
  first_k_dense_replace: 1,
  n_routed_experts: 64,
  n_shared_experts: 2,
  moe_intermediate_size: 1408,
  num_experts_per_tok: 6,
  intermediate_size: 10_944,
  topk_method: 'greedy',
  vocab_size: 102_400,
};

describe('the nine 2025 snapshot models: params.checkpoint is the Hub count', () => {
  it.each([
    ['Qwen/Qwen3-0.6B', 751_632_384],
    ['Qwen/Qwen3-8B', 8_190_735_360],
    ['Qwen/Qwen3-30B-A3B', 30_532_122_624],
    ['google/gemma-3-1b-it', 999_885_952],
    ['google/gemma-3-4b-it', 4_300_079_472],
    ['google/gemma-3-27b-it', 27_432_406_640],
    ['deepseek-ai/DeepSeek-V3', 684_531_386_000],
    ['openai/gpt-oss-120b', 120_412_337_472],
    ['microsoft/phi-4', 14_659_507_200],
  ] as const)('%s holds %i elements', (id, hubCount) => {
    expect(loadSnapshotEntry(id).hub.safetensors?.total).toBe(hubCount);
    expect(analyseSnapshot(id).params.checkpoint).toBe(hubCount);
  });
});

describe('params.total by hand', () => {
  it('Qwen3-0.6B: 596,049,920 (tied), and the checkpoint stores lm_head again: 751,632,384', () => {
    const [d, vocab, heads, kvHeads, headDim, ffn] = [1024, 151_936, 16, 8, 128, 3072];
    const perLayer =
      d * heads * headDim + // q_proj [2048, 1024]
      2 * (d * kvHeads * headDim) + // k_proj, v_proj [1024, 1024]
      heads * headDim * d + // o_proj [1024, 2048]
      2 * headDim + // q_norm, k_norm [128]
      3 * d * ffn + // gate_proj, up_proj, down_proj
      2 * d; // input_layernorm, post_attention_layernorm
    const total = vocab * d + 28 * perLayer + d; // embed_tokens, 28 layers, norm; tied head
    expect(total).toBe(596_049_920);
    const analysis = analyseSnapshot('Qwen/Qwen3-0.6B');
    expect(analysis.params.total).toBe(total);
    expect(analysis.params.activePerToken).toBe(total);
    // hub.json records the stored lm_head.weight [151936, 1024]
    expect(analysis.params.checkpoint).toBe(total + vocab * d);
    expect(total + vocab * d).toBe(751_632_384);
    // 1 embedding + 28 layers × 11 tensors + final norm
    expect(analysis.tensorCount).toBe(1 + 28 * 11 + 1);
  });

  it('Qwen3-8B: 8,190,735,360 (untied)', () => {
    const [d, vocab, heads, kvHeads, headDim, ffn] = [4096, 151_936, 32, 8, 128, 12_288];
    const perLayer =
      d * heads * headDim + 2 * (d * kvHeads * headDim) + heads * headDim * d + 2 * headDim + 3 * d * ffn + 2 * d;
    const total = 2 * vocab * d + 36 * perLayer + d; // embed_tokens and lm_head, 36 layers, norm
    expect(total).toBe(8_190_735_360);
    expect(counts(snapshotSpec('Qwen/Qwen3-8B')).total).toBe(total);
    expect(analyseSnapshot('Qwen/Qwen3-8B').tensorCount).toBe(399);
  });

  it('Qwen3-30B-A3B: 30,532,122,624 total, 8 of 128 experts active', () => {
    const [d, vocab, heads, kvHeads, headDim, experts, topK, expertFfn] = [2048, 151_936, 32, 4, 128, 128, 8, 768];
    const expert = 3 * d * expertFfn; // gate, up, down of one expert
    const shared =
      d * heads * headDim + // q_proj [4096, 2048]
      2 * (d * kvHeads * headDim) + // k_proj, v_proj [512, 2048]
      heads * headDim * d + // o_proj
      2 * headDim + // q_norm, k_norm
      experts * d + // mlp.gate [128, 2048], no bias
      2 * d; // two norms
    const total = 2 * vocab * d + 48 * (shared + experts * expert) + d;
    expect(total).toBe(30_532_122_624);
    const result = counts(snapshotSpec('Qwen/Qwen3-30B-A3B'));
    expect(result.total).toBe(total);
    expect(result.activePerToken).toBe(2 * vocab * d + 48 * (shared + topK * expert) + d);
    expect(result.activePerToken).toBe(3_353_032_704);
  });

  it('gemma-3-1b-it: 999,885,952 (four norms per layer, q/k norms, tied)', () => {
    const [d, vocab, heads, kvHeads, headDim, ffn] = [1152, 262_144, 4, 1, 256, 6912];
    const perLayer =
      d * heads * headDim + // q_proj [1024, 1152]
      2 * (d * kvHeads * headDim) + // k_proj, v_proj [256, 1152]
      heads * headDim * d + // o_proj
      2 * headDim + // q_norm, k_norm [256]
      3 * d * ffn + // GeGLU
      4 * d; // input, post_attention, pre_feedforward, post_feedforward norms
    const total = vocab * d + 26 * perLayer + d;
    expect(total).toBe(999_885_952);
    const result = counts(snapshotSpec('google/gemma-3-1b-it'));
    expect(result).toEqual({
      total,
      embedding: vocab * d,
      nonEmbedding: total - vocab * d,
      activePerToken: total,
      activeNonEmbedding: total - vocab * d,
      vision: 0,
    });
  });

  it('gemma-3-4b-it: SigLIP 416,866,032 + projector 2,950,272 + language 3,880,263,168', () => {
    const v = 1152;
    const vLayer =
      4 * (v * v + v) + // k, v, q, out projections with biases
      2 * 2 * v + // layer_norm1, layer_norm2 with biases
      (v * 4304 + 4304) + // fc1
      (4304 * v + v); // fc2
    const tower =
      v * 3 * 14 * 14 + // patch_embedding.weight [1152, 3, 14, 14]
      v + // patch_embedding.bias
      (896 / 14) ** 2 * v + // position_embedding [4096, 1152]
      27 * vLayer +
      2 * v; // post_layernorm
    expect(tower).toBe(416_866_032);
    expect(siglipTower({ d: v, ffn: 4304, layers: 27, image: 896, patch: 14, head: false })).toBe(tower);
    const projector = v * 2560 + v; // mm_input_projection_weight [1152, 2560], mm_soft_emb_norm [1152]
    expect(projector).toBe(2_950_272);
    expect(tower + projector).toBe(419_816_304);

    // text_config states hidden 2560, ffn 10240, 34 layers; Gemma3TextConfig fills 8 heads, 4 KV heads,
    // head_dim 256, vocab 262,208, tied embeddings
    const [d, vocab, heads, kvHeads, headDim, ffn] = [2560, 262_208, 8, 4, 256, 10_240];
    const perLayer =
      d * heads * headDim + 2 * (d * kvHeads * headDim) + heads * headDim * d + 2 * headDim + 3 * d * ffn + 4 * d;
    const language = vocab * d + 34 * perLayer + d;
    expect(language).toBe(3_880_263_168);

    const analysis = analyseSnapshot('google/gemma-3-4b-it');
    expect(analysis.params.vision).toBe(tower + projector);
    expect(analysis.params.total).toBe(language + tower + projector);
    expect(analysis.params.total).toBe(4_300_079_472);
    // text tokens never pass through the vision tower
    expect(analysis.params.activePerToken).toBe(language);
    expect(analysis.params.breakdown.vision).toBe(tower + projector);
    expect(shapeOf(analysis.tensors, 'vision_tower.vision_model.embeddings.patch_embedding.weight')).toEqual([
      1152, 3, 14, 14,
    ]);
    expect(shapeOf(analysis.tensors, 'multi_modal_projector.mm_input_projection_weight')).toEqual([1152, 2560]);
    expect(shapeOf(analysis.tensors, 'language_model.model.layers.33.self_attn.q_norm.weight')).toEqual([256]);
    // vision_use_head is false: no pooling head
    expect(analysis.tensors.some((tensor) => tensor.name.includes('.head.'))).toBe(false);
  });

  it('gemma-3-27b-it: language 27,009,346,304 + vision 423,060,336 = 27,432,406,640', () => {
    const [d, vocab, heads, kvHeads, headDim, ffn] = [5376, 262_208, 32, 16, 128, 21_504];
    const perLayer =
      d * heads * headDim + 2 * (d * kvHeads * headDim) + heads * headDim * d + 2 * headDim + 3 * d * ffn + 4 * d;
    const language = vocab * d + 62 * perLayer + d;
    expect(language).toBe(27_009_346_304);
    const vision = 416_866_032 + (1152 * d + 1152); // the same tower as 4B, a projector into 5,376 features
    expect(vision).toBe(423_060_336);
    const result = counts(snapshotSpec('google/gemma-3-27b-it'));
    expect(result.total).toBe(language + vision);
    expect(result.total).toBe(27_432_406_640);
    expect(result.vision).toBe(vision);
    expect(result.activePerToken).toBe(language);
  });

  it('DeepSeek-V3: 671,026,419,200 total and 37,552,297,472 active', () => {
    const [d, vocab, heads] = [7168, 129_280, 128];
    const [qLora, kvLora, nope, rope, vHead] = [1536, 512, 128, 64, 128];
    const attention =
      qLora * d + // q_a_proj [1536, 7168]
      qLora + // q_a_layernorm
      heads * (nope + rope) * qLora + // q_b_proj [24576, 1536]
      (kvLora + rope) * d + // kv_a_proj_with_mqa [576, 7168]
      kvLora + // kv_a_layernorm
      heads * (nope + vHead) * kvLora + // kv_b_proj [32768, 512]
      d * heads * vHead; // o_proj [7168, 16384]
    expect(attention).toBe(187_107_328);
    const norms = 2 * d;
    const dense = 3 * d * 18_432; // layers 0–2
    const expert = 3 * d * 2048;
    const router = 256 * d + 256; // gate.weight, e_score_correction_bias
    const moe = router + 256 * expert + 1 * expert; // 256 routed + 1 shared expert of 2048
    expect(moe).toBe(11_320_164_608);
    const total = 2 * vocab * d + d + 61 * (attention + norms) + 3 * dense + 58 * moe;
    expect(total).toBe(671_026_419_200);
    const active = 2 * vocab * d + d + 61 * (attention + norms) + 3 * dense + 58 * (router + 8 * expert + expert);
    expect(active).toBe(37_552_297_472);
    const result = counts(snapshotSpec('deepseek-ai/DeepSeek-V3'));
    expect(result.total).toBe(total);
    expect(result.activePerToken).toBe(active);
    expect(result.embedding).toBe(2 * vocab * d);
  });

  it('gpt-oss-120b: 116,829,156,672 total, 5,711,982,912 active (5,132,849,472 without the embedding table)', () => {
    const [d, vocab, heads, kvHeads, headDim, experts, topK, ffn] = [2880, 201_088, 64, 8, 64, 128, 4, 2880];
    const attention =
      d * heads * headDim +
      heads * headDim + // q_proj with bias [4096, 2880]
      2 * (d * kvHeads * headDim + kvHeads * headDim) + // k_proj, v_proj with biases [512, 2880]
      (heads * headDim * d + d) + // o_proj with bias
      heads; // sinks [64]
    const router = experts * d + experts; // router.weight [128, 2880], router.bias [128]
    const expert =
      d * 2 * ffn +
      2 * ffn + // gate_up_proj [2880, 5760] and its bias, per expert
      ffn * d +
      d; // down_proj [2880, 2880] and its bias, per expert
    const perLayer = attention + router + experts * expert + 2 * d;
    const total = 2 * vocab * d + 36 * perLayer + d;
    expect(total).toBe(116_829_156_672);
    const active = 2 * vocab * d + 36 * (attention + router + topK * expert + 2 * d) + d;
    expect(active).toBe(5_711_982_912);
    const result = counts(snapshotSpec('openai/gpt-oss-120b'));
    expect(result.total).toBe(total);
    expect(result.activePerToken).toBe(active);
    // params.embedding is the token table plus the untied head; the table alone is vocab × d
    expect(shapeOf(snapshotTensors('openai/gpt-oss-120b'), 'model.embed_tokens.weight')).toEqual([vocab, d]);
    expect(vocab * d).toBe(579_133_440);
    expect(result.embedding).toBe(2 * 579_133_440);
    // the model card's "5.1B active" leaves out the embedding table (the head is a matmul and stays in)
    expect(result.activePerToken - vocab * d).toBe(5_132_849_472);
    // params.activeNonEmbedding is that figure: the head, a matmul every token does, stays in.
    // (gpt-oss-20b likewise: 4,187,440,704 active − 579,133,440 = 3,608,307,264, the card's 3.61 B.)
    expect(result.activeNonEmbedding).toBe(5_132_849_472);
  });

  it('phi-4: 14,659,507,200 with fused qkv_proj and gate_up_proj', () => {
    const [d, vocab, heads, kvHeads, headDim, ffn] = [5120, 100_352, 40, 10, 128, 17_920];
    const perLayer =
      d * d + // o_proj [5120, 5120]
      (heads + 2 * kvHeads) * headDim * d + // qkv_proj [7680, 5120]
      2 * ffn * d + // gate_up_proj [35840, 5120]
      d * ffn + // down_proj [5120, 17920]
      2 * d; // two norms
    const total = 2 * vocab * d + 40 * perLayer + d;
    expect(total).toBe(14_659_507_200);
    const analysis = analyseSnapshot('microsoft/phi-4');
    expect(analysis.params.total).toBe(total);
    // 1 embedding + 40 layers × 6 tensors + final norm + lm_head
    expect(analysis.tensorCount).toBe(1 + 40 * 6 + 1 + 1);
  });
});

/** A checkpoint term of DeepSeek-V3's MTP layer: `model.layers.61.…` (or `model.layers.[61].…`). */
const MTP_ROW = /^model\.layers\.\[?61\]?\./;

describe("DeepSeek-V3's checkpoint: the MTP layer and the FP8 block scales", () => {
  const [d, vocab] = [7168, 129_280];
  const attention = 187_107_328; // as derived above
  const moe = 11_320_164_608;
  /** model.layers.61: embed_tokens, enorm, hnorm, eh_proj, a full MoE decoder layer, shared_head.norm and .head. */
  const mtp =
    vocab * d + // embed_tokens [129280, 7168]
    d + // enorm
    d + // hnorm
    d * 2 * d + // eh_proj [7168, 14336]
    attention +
    moe +
    2 * d + // input_layernorm, post_attention_layernorm
    d + // shared_head.norm
    vocab * d; // shared_head.head [129280, 7168]
  /** One float32 per 128×128 block, ⌈out/128⌉·⌈in/128⌉, of every FP8 projection in layers 0–61. */
  const attentionScales =
    (1536 / 128) * (7168 / 128) + // q_a_proj → [12, 56]
    (24_576 / 128) * (1536 / 128) + // q_b_proj → [192, 12]
    Math.ceil(576 / 128) * (7168 / 128) + // kv_a_proj_with_mqa → [5, 56]
    (32_768 / 128) * (512 / 128) + // kv_b_proj → [256, 4]
    (7168 / 128) * (16_384 / 128); // o_proj → [56, 128]
  const denseScales = 3 * ((18_432 / 128) * (7168 / 128)); // gate, up [144, 56] and down [56, 144]
  const expertScales = 3 * ((2048 / 128) * (7168 / 128)); // gate, up [16, 56] and down [56, 16]
  const scales =
    62 * attentionScales + // 61 layers + the MTP layer
    3 * denseScales + // layers 0–2
    59 * (256 + 1) * expertScales; // layers 3–60 and the MTP layer: 256 routed + 1 shared expert

  it('684,531,386,000 − 671,026,419,200 = MTP elements + scale elements', () => {
    expect(attentionScales).toBe(11_448);
    expect(mtp).toBe(13_463_426_304);
    expect(scales).toBe(41_540_496);
    expect(684_531_386_000 - 671_026_419_200).toBe(mtp + scales);
    const spec = snapshotSpec('deepseek-ai/DeepSeek-V3');
    const account = checkpointAccount(spec, tensorList(spec), 671_026_419_200);
    expect(account.elements).toBe(671_026_419_200 + mtp + scales);
    const scaleTerms = account.terms.filter((term) => term.tensors.endsWith('weight_scale_inv'));
    const mtpTerms = account.terms.filter((term) => MTP_ROW.test(term.tensors));
    expect(sum(scaleTerms.map((term) => term.elements))).toBe(scales);
    expect(sum(mtpTerms.map((term) => term.elements))).toBe(mtp);
    expect(scaleTerms.length + mtpTerms.length).toBe(account.terms.length);
    expect(storedExtras(spec, tensorList(spec))).toEqual(account.terms);
  });

  it('names the MTP tensors as the checkpoint does, FP8 inside the decoder layer, BF16 around it', () => {
    const spec = snapshotSpec('deepseek-ai/DeepSeek-V3');
    expect(spec.multiTokenPredictionLayers).toBe(1);
    const terms = storedExtras(spec, tensorList(spec));
    const row = (name: string) =>
      terms.find((term) => MTP_ROW.test(term.tensors) && term.tensors.replace(MTP_ROW, '') === name);
    expect(row('embed_tokens.weight')).toMatchObject({ shape: [vocab, d], elements: vocab * d, dtype: 'BF16' });
    expect(row('enorm.weight')).toMatchObject({ shape: [d], dtype: 'BF16' });
    expect(row('hnorm.weight')).toMatchObject({ shape: [d], dtype: 'BF16' });
    expect(row('eh_proj.weight')).toMatchObject({ shape: [d, 2 * d], elements: 102_760_448, dtype: 'BF16' });
    expect(row('shared_head.norm.weight')).toMatchObject({ shape: [d], dtype: 'BF16' });
    expect(row('shared_head.head.weight')).toMatchObject({ shape: [vocab, d], dtype: 'BF16' });
    expect(row('self_attn.q_a_proj.weight')).toMatchObject({ shape: [1536, d], dtype: 'F8_E4M3' });
    expect(row('mlp.experts.[0–255].gate_proj.weight')).toMatchObject({
      shape: [2048, d],
      count: 256,
      elements: 256 * 2048 * d,
      dtype: 'F8_E4M3',
    });
    expect(row('mlp.shared_experts.down_proj.weight')).toMatchObject({ shape: [d, 2048], dtype: 'F8_E4M3' });
    expect(row('mlp.gate.e_score_correction_bias')).toMatchObject({ shape: [256], elements: 256 });
    // the MTP layer is not a parameter of the model transformers loads
    expect(tensorList(spec).some((tensor) => tensor.layer === 61)).toBe(false);
  });

  it('gives eh_proj and shared_head.head no block scales, and every FP8 projection one per 128×128 block', () => {
    const spec = snapshotSpec('deepseek-ai/DeepSeek-V3');
    const scaleTerms = storedExtras(spec, tensorList(spec)).filter((term) => term.tensors.endsWith('weight_scale_inv'));
    // by scale shape, however the terms are grouped: [tensors, elements]
    const byShape = new Map<string, [number, number]>();
    for (const term of scaleTerms) {
      const [count, elements] = byShape.get(term.shape.join('x')) ?? [0, 0];
      byShape.set(term.shape.join('x'), [count + term.count, elements + term.elements]);
    }
    expect(Object.fromEntries(byShape)).toEqual({
      '12x56': [62, 62 * 12 * 56], // q_a_proj [1536, 7168], layers 0–61
      '192x12': [62, 62 * 192 * 12], // q_b_proj [24576, 1536]
      '5x56': [62, 62 * 5 * 56], // kv_a_proj_with_mqa [576, 7168]: ⌈576 / 128⌉ = 5
      '256x4': [62, 62 * 256 * 4], // kv_b_proj [32768, 512]
      '56x128': [62, 62 * 56 * 128], // o_proj [7168, 16384]
      '144x56': [3 * 2, 6 * 144 * 56], // dense gate_proj, up_proj [18432, 7168], layers 0–2
      '56x144': [3, 3 * 56 * 144], // dense down_proj [7168, 18432]
      '16x56': [59 * 257 * 2, 59 * 257 * 2 * 16 * 56], // routed and shared gate_proj, up_proj, layers 3–61
      '56x16': [59 * 257, 59 * 257 * 56 * 16], // routed and shared down_proj
    });
    expect(scaleTerms.some((term) => /eh_proj|shared_head|embed_tokens|mlp\.gate\./.test(term.tensors))).toBe(false);
    // eh_proj [7168, 14336] would be [56, 112], shared_head.head [129280, 7168] would be [1010, 56]
    const shapes = scaleTerms.map((term) => term.shape.join('x'));
    expect(shapes).not.toContain('56x112');
    expect(shapes).not.toContain('1010x56');
    expect(scaleTerms.every((term) => term.dtype === 'F32')).toBe(true);
  });
});

describe('gpt-oss-120b: sinks, stacked experts, MXFP4 scales', () => {
  it('stores 36 · 128 · (5760 + 2880) · 90 = 3,583,180,800 MXFP4 scales: checkpoint − total', () => {
    const scales = 36 * 128 * (2 * 2880 + 2880) * (2880 / 32);
    expect(scales).toBe(3_583_180_800);
    const analysis = analyseSnapshot('openai/gpt-oss-120b');
    expect(present(analysis.params.checkpoint ?? undefined, 'checkpoint count') - analysis.params.total).toBe(scales);
    expect(analysis.checkpoint.terms.map((term) => [term.tensors, term.shape, term.count, term.elements])).toEqual([
      // gate_up_proj [2880 → 5760]: one scale per 32 of the 2,880 input features
      ['model.layers.{layer}.mlp.experts.gate_up_proj_scales', [128, 5760, 90], 36, 36 * 128 * 5760 * 90],
      // down_proj [2880 → 2880]
      ['model.layers.{layer}.mlp.experts.down_proj_scales', [128, 2880, 90], 36, 36 * 128 * 2880 * 90],
    ]);
    expect(analysis.checkpoint.undetermined).toBeNull();
  });

  it('has one sink per query head, a biased router, and experts stacked in one tensor per matrix', () => {
    const tensors = snapshotTensors('openai/gpt-oss-120b');
    const flat = [...expandTensors(tensors)];
    expect(shapeOf(flat, 'model.layers.0.self_attn.sinks')).toEqual([64]);
    expect(shapeOf(flat, 'model.layers.0.mlp.router.weight')).toEqual([128, 2880]);
    expect(shapeOf(flat, 'model.layers.0.mlp.router.bias')).toEqual([128]);
    expect(shapeOf(flat, 'model.layers.0.mlp.experts.gate_up_proj')).toEqual([128, 2880, 5760]);
    expect(shapeOf(flat, 'model.layers.0.mlp.experts.gate_up_proj_bias')).toEqual([128, 5760]);
    expect(shapeOf(flat, 'model.layers.0.mlp.experts.down_proj')).toEqual([128, 2880, 2880]);
    expect(shapeOf(flat, 'model.layers.0.mlp.experts.down_proj_bias')).toEqual([128, 2880]);
    const gateUp = present(tensors.find((tensor) => tensor.name === 'model.layers.0.mlp.experts.gate_up_proj'));
    expect(gateUp).toMatchObject({ shape: [2880, 5760], experts: 128, stacked: true, parameters: 2880 * 5760 });
    // one stacked record is one checkpoint tensor, however many experts it holds
    expect(tensorCount([gateUp])).toBe(1);
    // 1 embedding + 36 × (q, k, v, o with biases, sinks, router weight and bias, 2 expert matrices with biases,
    // 2 norms) + norm + lm_head
    expect(tensorCount(tensors)).toBe(1 + 36 * (8 + 1 + 2 + 4 + 2) + 1 + 1);
    expect(flat).toHaveLength(tensorCount(tensors));
  });

  it('slides 128 tokens on layer 0 and attends globally on layer 1', () => {
    const spec = snapshotSpec('openai/gpt-oss-120b');
    expect(spec.decoderLayers[0]?.reach).toEqual({ kind: 'sliding', windowTokens: 128 });
    expect(spec.decoderLayers[1]?.reach).toEqual({ kind: 'global' });
    expect(spec.decoderLayers[0]?.attention).toEqual({ kind: 'gqa', heads: 64, kvHeads: 8, headDim: 64, sinks: true });
  });
});

describe('KV cache of the 2025 models (bf16)', () => {
  it('DeepSeek-V3 caches 61 × (512 + 64) × 2 bytes per token, 61 × 128 · (192 + 128) × 2 decompressed', () => {
    const result = kvCache(snapshotSpec('deepseek-ai/DeepSeek-V3'), { contextTokens: 32_768, batch: 1, dtype: 'bf16' });
    expect(result.bytesPerToken).toBe(61 * (512 + 64) * 2);
    expect(result.bytesPerToken).toBe(70_272);
    expect(result.bytes).toBe(32_768 * 61 * 576 * 2);
    expect(result.withoutMlaCompression).toEqual({
      bytesPerToken: 61 * 128 * (192 + 128) * 2,
      bytes: 32_768 * 61 * 128 * (192 + 128) * 2,
    });
    expect(result.withoutMlaCompression?.bytesPerToken).toBe(4_997_120);
  });

  it('gemma-3-27b-it at 32,768 tokens: 52 sliding layers hold 1,024 tokens, 10 global layers all of them', () => {
    const spec = snapshotSpec('google/gemma-3-27b-it');
    const perTokenPerLayer = 2 * 16 * 128; // K and V, 16 KV heads, head_dim 128
    const result = kvCache(spec, { contextTokens: 32_768, batch: 1, dtype: 'bf16' });
    // a sliding layer keeps min(32,768, 1,024) = 1,024 tokens
    const expected = 52 * perTokenPerLayer * 1024 * 2 + 10 * perTokenPerLayer * 32_768 * 2;
    expect(expected).toBe(3_120_562_176);
    expect(result.bytes).toBe(expected);
    expect(result.bytesPerToken).toBe(62 * perTokenPerLayer * 2);
    expect(result.withoutMlaCompression).toBeNull();
    expect(
      result.terms.map((term) => [term.firstLayer, term.layers, term.reach, term.cachedTokens, term.bytes]),
    ).toEqual([
      [0, 52, { kind: 'sliding', windowTokens: 1024 }, 1024, 52 * perTokenPerLayer * 1024 * 2],
      [5, 10, { kind: 'global' }, 32_768, 10 * perTokenPerLayer * 32_768 * 2],
    ]);
  });

  it('gpt-oss-120b at 131,072 tokens: 18 layers of a 128-token window, 18 global, 2 · 8 · 64 elements each', () => {
    const spec = snapshotSpec('openai/gpt-oss-120b');
    const perTokenPerLayer = 2 * 8 * 64; // sinks are parameters, not cached keys or values
    const result = kvCache(spec, { contextTokens: 131_072, batch: 1, dtype: 'bf16' });
    expect(result.bytes).toBe(18 * perTokenPerLayer * 128 * 2 + 18 * perTokenPerLayer * 131_072 * 2);
    expect(result.bytesPerToken).toBe(36 * perTokenPerLayer * 2);
    expect(result.terms.map((term) => [term.firstLayer, term.layers, term.cachedTokens])).toEqual([
      [0, 18, 128],
      [1, 18, 131_072],
    ]);
    // analyzeSpec computes the same cache from its options
    const analysis = analyseSnapshot('openai/gpt-oss-120b', { ...DEFAULT_RUN_OPTIONS, contextTokens: 131_072 });
    expect(analysis.kvCache.bytes).toBe(result.bytes);
  });
});

describe('layer patterns', () => {
  it('gemma-3-1b-it: layers 5, 11, 17, 23 global with θ 1,000,000; the rest slide 512 with θ 10,000', () => {
    const spec = snapshotSpec('google/gemma-3-1b-it');
    const globals = [5, 11, 17, 23];
    expect(spec.decoderLayers).toHaveLength(26);
    spec.decoderLayers.forEach((layer, index) => {
      if (globals.includes(index)) {
        expect(layer.reach).toEqual({ kind: 'global' });
        expect(layer.position).toEqual({ kind: 'rope', theta: 1_000_000, scaling: null });
      } else {
        expect(layer.reach).toEqual({ kind: 'sliding', windowTokens: 512 });
        expect(layer.position).toEqual({ kind: 'rope', theta: 10_000, scaling: null });
      }
    });
  });

  it('gemma-3-4b-it: linear ×8 rope scaling on the global layers only', () => {
    const spec = snapshotSpec('google/gemma-3-4b-it');
    const linear8 = { type: 'linear', factor: 8, originalMaxPositionEmbeddings: null, parameters: { factor: 8 } };
    expect(spec.decoderLayers).toHaveLength(34);
    spec.decoderLayers.forEach((layer, index) => {
      // layers 5, 11, 17, 23, 29 are global; the other 29 slide over 1,024 tokens
      if ((index + 1) % 6 === 0) {
        expect(layer.reach).toEqual({ kind: 'global' });
        expect(layer.position).toEqual({ kind: 'rope', theta: 1_000_000, scaling: linear8 });
      } else {
        expect(layer.reach).toEqual({ kind: 'sliding', windowTokens: 1024 });
        expect(layer.position).toEqual({ kind: 'rope', theta: 10_000, scaling: null });
      }
    });
    expect(spec.decoderLayers.filter((layer) => layer.reach.kind === 'global')).toHaveLength(5);
    expect(spec.position).toEqual({ kind: 'rope', theta: 1_000_000, scaling: linear8 });
    expect(spec.tensorPrefix).toBe('language_model.model');
  });

  it('Qwen3-30B-A3B: all 48 layers MoE, no shared expert, no router bias', () => {
    const spec = snapshotSpec('Qwen/Qwen3-30B-A3B');
    expect(spec.decoderLayers).toHaveLength(48);
    for (const layer of spec.decoderLayers) {
      expect(layer.mlp).toEqual({
        kind: 'moe',
        experts: 128,
        topK: 8,
        expertFfnSize: 768,
        sharedExperts: 0,
        sharedExpertFfnSize: null,
        sharedExpertGate: false,
        routerBias: false,
        normalizeTopK: true,
      });
    }
    const names = snapshotTensors('Qwen/Qwen3-30B-A3B').map((tensor) => tensor.name);
    expect(names).toContain('model.layers.0.mlp.gate.weight');
    expect(names.some((name) => name.includes('shared_expert') || name.endsWith('gate.bias'))).toBe(false);
  });

  it('DeepSeek-V3: layers 0–2 dense of 18,432, 3–60 MoE with one shared expert of 2,048 and a correction bias', () => {
    const spec = snapshotSpec('deepseek-ai/DeepSeek-V3');
    spec.decoderLayers.slice(0, 3).forEach((layer) => expect(layer.mlp).toEqual({ kind: 'dense', ffnSize: 18_432 }));
    spec.decoderLayers.slice(3).forEach((layer) =>
      expect(layer.mlp).toEqual({
        kind: 'moe',
        experts: 256,
        topK: 8,
        expertFfnSize: 2048,
        sharedExperts: 1,
        sharedExpertFfnSize: 2048,
        sharedExpertGate: false,
        routerBias: true,
        normalizeTopK: true,
      }),
    );
    expect(spec.decoderLayers.slice(3)).toHaveLength(58);
    const tensors = snapshotTensors('deepseek-ai/DeepSeek-V3');
    expect(shapeOf(tensors, 'model.layers.3.mlp.gate.e_score_correction_bias')).toEqual([256]);
    expect(shapeOf(tensors, 'model.layers.60.mlp.shared_experts.gate_proj.weight')).toEqual([2048, 7168]);
    expect(shapeOf(tensors, 'model.layers.2.mlp.gate_proj.weight')).toEqual([18_432, 7168]);
    expect(shapeOf(tensors, 'model.layers.2.mlp.gate.e_score_correction_bias')).toBeUndefined();
  });

  it('Qwen3: q_norm and k_norm of head_dim 128', () => {
    for (const id of ['Qwen/Qwen3-0.6B', 'Qwen/Qwen3-8B', 'Qwen/Qwen3-30B-A3B']) {
      const tensors = snapshotTensors(id);
      expect(shapeOf(tensors, 'model.layers.0.self_attn.q_norm.weight')).toEqual([128]);
      expect(shapeOf(tensors, 'model.layers.0.self_attn.k_norm.weight')).toEqual([128]);
    }
  });

  it('phi-4: qkv_proj [(40 + 2·10)·128, 5120] and gate_up_proj [2·17,920, 5120]', () => {
    const tensors = snapshotTensors('microsoft/phi-4');
    expect(shapeOf(tensors, 'model.layers.0.self_attn.qkv_proj.weight')).toEqual([7680, 5120]);
    expect(shapeOf(tensors, 'model.layers.0.mlp.gate_up_proj.weight')).toEqual([35_840, 5120]);
    expect(shapeOf(tensors, 'model.layers.0.self_attn.q_proj.weight')).toBeUndefined();
    expect(tensors.filter((tensor) => tensor.layer === 0).map((tensor) => tensor.name)).toEqual([
      'model.layers.0.self_attn.o_proj.weight',
      'model.layers.0.self_attn.qkv_proj.weight',
      'model.layers.0.mlp.gate_up_proj.weight',
      'model.layers.0.mlp.down_proj.weight',
      'model.layers.0.input_layernorm.weight',
      'model.layers.0.post_attention_layernorm.weight',
    ]);
  });
});

describe('configs the snapshot does not hold', () => {
  it('deepseek_v2 with q_lora_rank null: a plain q_proj, no correction bias, 15,706,484,224 parameters', () => {
    const spec = parseConfig(v2Lite);
    const tensors = tensorList(spec);
    const d = 2048;
    expect(shapeOf(tensors, 'model.layers.0.self_attn.q_proj.weight')).toEqual([16 * 192, d]);
    expect(shapeOf(tensors, 'model.layers.0.self_attn.q_a_proj.weight')).toBeUndefined();
    expect(shapeOf(tensors, 'model.layers.1.mlp.gate.weight')).toEqual([64, d]);
    expect(tensors.some((tensor) => tensor.name.includes('e_score_correction_bias'))).toBe(false);
    expect(shapeOf(tensors, 'model.layers.1.mlp.shared_experts.gate_proj.weight')).toEqual([2 * 1408, d]);
    const attention =
      16 * (128 + 64) * d + // q_proj [3072, 2048]
      (512 + 64) * d + // kv_a_proj_with_mqa
      512 + // kv_a_layernorm
      16 * (128 + 128) * 512 + // kv_b_proj
      d * 16 * 128; // o_proj
    const expert = 3 * d * 1408;
    const router = 64 * d;
    const shared = 3 * d * (2 * 1408);
    const total =
      2 * 102_400 * d + // embed_tokens, lm_head
      d + // norm
      27 * (attention + 2 * d) +
      3 * d * 10_944 + // layer 0: dense
      26 * (router + 64 * expert + shared); // layers 1–26
    expect(total).toBe(15_706_484_224);
    const result = counts(spec);
    expect(result.total).toBe(total);
    expect(result.activePerToken).toBe(total - 26 * (64 - 6) * expert);
    expect(spec.multiTokenPredictionLayers).toBe(0);
    expect(analyzeSpec('v2-lite', spec, DEFAULT_RUN_OPTIONS).params.checkpoint).toBe(total);
    // 27 layers × (512 + 64) × 2 bytes per token
    expect(kvCache(spec, { contextTokens: 1, batch: 1, dtype: 'bf16' }).bytesPerToken).toBe(27 * 576 * 2);
  });

  it('gemma3 with no vision_config: the SigLIP-base defaults (768 wide, 12 layers, 224 px, 16 px) with the pooling head', () => {
    const spec = parseConfig({
      model_type: 'gemma3',
      text_config: {
        hidden_size: 64,
        intermediate_size: 128,
        num_hidden_layers: 2,
        num_attention_heads: 2,
        num_key_value_heads: 1,
        head_dim: 32,
        vocab_size: 1000,
      },
    });
    expect(spec.vision).toEqual({
      modelType: 'siglip_vision_model',
      hiddenSize: 768,
      ffnSize: 3072,
      layers: 12,
      heads: 12,
      channels: 3,
      imageSize: 224,
      patchSize: 16,
      poolingHead: true,
      tokensPerImage: 256,
    });
    const v = 768;
    const vLayer = 4 * (v * v + v) + 2 * 2 * v + (v * 3072 + 3072) + (3072 * v + v);
    const poolingHead =
      v + // probe [1, 1, 768]
      (3 * v * v + 3 * v) + // attention.in_proj_weight [2304, 768], in_proj_bias [2304]
      (v * v + v) + // attention.out_proj
      2 * v + // layernorm
      (v * 3072 + 3072) + // mlp.fc1
      (3072 * v + v); // mlp.fc2
    const tower = v * 3 * 16 * 16 + v + (224 / 16) ** 2 * v + 12 * vLayer + 2 * v + poolingHead;
    expect(tower).toBe(siglipTower({ d: v, ffn: 3072, layers: 12, image: 224, patch: 16, head: true }));
    const projector = v * 64 + v;
    const d = 64;
    const perLayer = d * 2 * 32 + 2 * (d * 32) + 2 * 32 * d + 2 * 32 + 3 * d * 128 + 4 * d;
    const language = 1000 * d + 2 * perLayer + d; // tied
    const result = counts(spec);
    expect(result.vision).toBe(tower + projector);
    expect(result.total).toBe(language + tower + projector);
    expect(result.activePerToken).toBe(language);
    const tensors = tensorList(spec);
    expect(shapeOf(tensors, 'vision_tower.vision_model.head.probe')).toEqual([1, 1, v]);
    expect(shapeOf(tensors, 'vision_tower.vision_model.head.attention.in_proj_weight')).toEqual([3 * v, v]);
    expect(shapeOf(tensors, 'vision_tower.vision_model.embeddings.position_embedding.weight')).toEqual([196, v]);
  });

  it('gemma3_text with layer_types given: the list decides reach and θ, not the 5:1 rule', () => {
    const config = {
      model_type: 'gemma3_text',
      hidden_size: 64,
      intermediate_size: 128,
      num_hidden_layers: 4,
      num_attention_heads: 2,
      num_key_value_heads: 1,
      head_dim: 32,
      vocab_size: 1000,
      sliding_window: 512,
      layer_types: ['full_attention', 'sliding_attention', 'sliding_attention', 'full_attention'],
    };
    const spec = parseConfig(config);
    expect(spec.decoderLayers.map((layer) => [layer.reach, layer.position])).toEqual([
      [{ kind: 'global' }, { kind: 'rope', theta: 1_000_000, scaling: null }],
      [
        { kind: 'sliding', windowTokens: 512 },
        { kind: 'rope', theta: 10_000, scaling: null },
      ],
      [
        { kind: 'sliding', windowTokens: 512 },
        { kind: 'rope', theta: 10_000, scaling: null },
      ],
      [{ kind: 'global' }, { kind: 'rope', theta: 1_000_000, scaling: null }],
    ]);
    // without the list, (i + 1) % 6 makes all four layers slide
    const byRule = parseConfig(without(config, 'layer_types'));
    expect(byRule.decoderLayers.every((layer) => layer.reach.kind === 'sliding')).toBe(true);
  });

  it('qwen3_moe with decoder_sparse_step 2 and mlp_only_layers [3]: MoE on layers 1 and 5 only', () => {
    const spec = parseConfig({
      model_type: 'qwen3_moe',
      hidden_size: 64,
      num_hidden_layers: 6,
      num_attention_heads: 4,
      num_key_value_heads: 2,
      head_dim: 16,
      intermediate_size: 96,
      moe_intermediate_size: 32,
      num_experts: 8,
      num_experts_per_tok: 2,
      decoder_sparse_step: 2,
      mlp_only_layers: [3],
      vocab_size: 100,
    });
    // sparse when (i + 1) % 2 = 0 and i ∉ [3]: layers 1 and 5
    expect(spec.decoderLayers.map((layer) => layer.mlp.kind)).toEqual([
      'dense',
      'moe',
      'dense',
      'dense',
      'dense',
      'moe',
    ]);
    const d = 64;
    const attention = d * 4 * 16 + 2 * (d * 2 * 16) + 4 * 16 * d + 2 * 16; // q, k, v, o, q_norm, k_norm
    const dense = 3 * d * 96;
    const expert = 3 * d * 32;
    const moe = 8 * d + 8 * expert; // router [8, 64], no bias; no shared expert
    const total = 2 * 100 * d + d + 6 * (attention + 2 * d) + 4 * dense + 2 * moe;
    const result = counts(spec);
    expect(result.total).toBe(total);
    expect(result.activePerToken).toBe(total - 2 * (8 - 2) * expert);
    expect(shapeOf(tensorList(spec), 'model.layers.3.mlp.gate_proj.weight')).toEqual([96, d]);
    expect(shapeOf(tensorList(spec), 'model.layers.5.mlp.experts.{expert}.gate_proj.weight')).toEqual([32, d]);
  });

  it('phi3 with sliding_window 2047 and partial_rotary_factor 0.75 (Phi-3-mini geometry): 3,821,079,552', () => {
    const config = {
      model_type: 'phi3',
      hidden_size: 3072,
      num_hidden_layers: 32,
      num_attention_heads: 32,
      num_key_value_heads: 32,
      intermediate_size: 8192,
      vocab_size: 32_064,
      max_position_embeddings: 4096,
      sliding_window: 2047,
      partial_rotary_factor: 0.75,
    };
    const spec = parseConfig(config);
    expect(spec.position).toEqual({ kind: 'rope', theta: 10_000, scaling: null, rotaryFraction: 0.75 });
    for (const layer of spec.decoderLayers) {
      expect(layer.reach).toEqual({ kind: 'sliding', windowTokens: 2047 });
      expect(layer.position).toEqual({ kind: 'rope', theta: 10_000, scaling: null, rotaryFraction: 0.75 });
    }
    const d = 3072;
    const perLayer = d * d + (32 + 2 * 32) * 96 * d + 2 * 8192 * d + d * 8192 + 2 * d;
    const total = 2 * 32_064 * d + 32 * perLayer + d;
    expect(total).toBe(3_821_079_552);
    expect(counts(spec).total).toBe(total);
    // every layer keeps min(4096, 2047) tokens of 2 · 32 · 96 elements
    expect(kvCache(spec, { contextTokens: 4096, batch: 1, dtype: 'bf16' }).bytes).toBe(32 * 2 * 32 * 96 * 2047 * 2);
    // a factor of exactly 1 rotates the whole head and is not recorded
    expect(parseConfig({ ...config, partial_rotary_factor: 1 }).position).toEqual({
      kind: 'rope',
      theta: 10_000,
      scaling: null,
    });
  });

  /** gpt-oss-20b's geometry: 24 layers, 32 experts, no layer_types. */
  const gptOss20b: Config = {
    model_type: 'gpt_oss',
    hidden_size: 2880,
    num_hidden_layers: 24,
    num_attention_heads: 64,
    num_key_value_heads: 8,
    head_dim: 64,
    intermediate_size: 2880,
    num_local_experts: 32,
    num_experts_per_tok: 4,
    vocab_size: 201_088,
    sliding_window: 128,
  };

  it('gpt_oss with no rope_scaling gets YaRN ×32 from 4,096, as the 120b states it', () => {
    const spec = parseConfig(gptOss20b);
    expect(spec.position).toEqual({
      kind: 'rope',
      theta: 150_000,
      scaling: {
        type: 'yarn',
        factor: 32,
        originalMaxPositionEmbeddings: 4096,
        parameters: {
          beta_fast: 32,
          beta_slow: 1,
          factor: 32,
          original_max_position_embeddings: 4096,
          truncate: false,
        },
      },
    });
    expect(spec.position).toEqual(snapshotSpec('openai/gpt-oss-120b').position);
    // no layer_types: even layers slide, odd ones are global
    expect(spec.decoderLayers.slice(0, 4).map((layer) => layer.reach.kind)).toEqual([
      'sliding',
      'global',
      'sliding',
      'global',
    ]);
  });

  it('gpt_oss without quantization_config: params.checkpoint = params.total = 20,914,757,184', () => {
    const spec = parseConfig(gptOss20b);
    const d = 2880;
    const attention = d * 4096 + 4096 + 2 * (d * 512 + 512) + 4096 * d + d + 64;
    const expert = d * 5760 + 5760 + 2880 * d + d;
    const total = 2 * 201_088 * d + d + 24 * (attention + 32 * d + 32 + 32 * expert + 2 * d);
    expect(total).toBe(20_914_757_184);
    expect(spec.quantization).toBeNull();
    const analysis = analyzeSpec('gpt-oss-20b', spec, DEFAULT_RUN_OPTIONS);
    expect(analysis.params.total).toBe(total);
    // 4 of 32 experts: 4,187,440,704 active, 3,608,307,264 without embed_tokens (the model card's 3.61 B)
    expect(analysis.params.activePerToken).toBe(total - 24 * (32 - 4) * expert);
    expect(analysis.params.activePerToken - 201_088 * d).toBe(3_608_307_264);
    expect(analysis.params.checkpoint).toBe(analysis.params.total);
    expect(analysis.checkpoint.terms).toEqual([]);
  });
});

describe('refusals', () => {
  it('deepseek_v2 with no num_experts_per_tok and MoE from layer 0', () => {
    const error = configError(() =>
      parseConfig({ ...without(v2Lite, 'num_experts_per_tok'), first_k_dense_replace: 0 }),
    );
    expect(error.key).toBe('num_experts_per_tok');
    expect(error.message).toBe('num_experts_per_tok: is not set, so the router would pick no experts');
  });

  it('phi3 with partial_rotary_factor 1.5', () => {
    const error = configError(() =>
      parseConfig({
        model_type: 'phi3',
        hidden_size: 256,
        num_hidden_layers: 2,
        num_attention_heads: 4,
        intermediate_size: 512,
        vocab_size: 1000,
        partial_rotary_factor: 1.5,
      }),
    );
    expect(error.key).toBe('partial_rotary_factor');
    expect(error.message).toBe('partial_rotary_factor: must be at most 1 (the whole head), got 1.5');
  });

  it('gpt_oss mxfp4 with an intermediate_size of 2,888: refused, since MXFP4 packs blocks of 32 weights', () => {
    const error = configError(() => parseConfig(snapshotConfig('openai/gpt-oss-120b', { intermediate_size: 2888 })));
    expect(error.key).toBe('intermediate_size');
    expect(error.message).toBe(
      'intermediate_size: is 2888, not a multiple of the 32-weight blocks quantization_config "mxfp4" packs experts in',
    );
    // without the quantization the same geometry is a well-defined model
    const plain = parseConfig(
      snapshotConfig('openai/gpt-oss-120b', { intermediate_size: 2888, quantization_config: null }),
    );
    expect(plain.decoderLayers[0]?.mlp).toMatchObject({ kind: 'moe', expertFfnSize: 2888 });
  });

  it('gemma3 with text_config.num_attention_heads a string', () => {
    const error = configError(() =>
      parseConfig(
        snapshotConfig('google/gemma-3-4b-it', {
          text_config: {
            ...(loadSnapshotEntry('google/gemma-3-4b-it').config as { text_config: Config }).text_config,
            num_attention_heads: '8',
          },
        }),
      ),
    );
    expect(error.key).toBe('text_config.num_attention_heads');
    expect(error.message).toBe('text_config.num_attention_heads: must be a positive whole number, got "8"');
  });
});
