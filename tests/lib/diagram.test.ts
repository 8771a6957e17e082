/**
 * The block diagram of a decoder layer (src/lib/diagram.ts): which boxes appear, in which order,
 * with which tensor names and shapes, for the six architectures the site leans on; then, over every
 * snapshot model, that each tensor of the layer is drawn exactly once, that every tagged number is
 * its model's value at that metric path, and that the layout stays inside its boxes.
 */
import { describe, expect, it } from 'vitest';
import { snapshotIds } from '../../src/data/snapshot.ts';
import type { BlockDiagram, DiagramNode, DiagramStep, LayerStructure } from '../../src/lib/diagram.ts';
import {
  blockDiagram,
  defaultLayer,
  DIAGRAM_WIDTH,
  layerStructure,
  nodeText,
  shapeText,
  stepNodes,
  textWidth,
} from '../../src/lib/diagram.ts';
import type { ModelSpec } from '../../src/lib/index.ts';
import { analyzeSpec, DEFAULT_RUN_OPTIONS, metricValue, parseConfig, tensorList } from '../../src/lib/index.ts';
import { storedShape } from '../../src/lib/tensors.ts';
import { present, qwen2MoeConfig, snapshotSpec } from '../fixtures.ts';

/** A node as `title: name [shape], …` (tensor names as the layout holds them, after the layer prefix). */
function tensors(node: DiagramNode): string {
  return node.tensors.map((tensor) => `${tensor.name} ${shapeText(tensor.shape)}`).join(', ');
}

/** Each step on one line: norms with their tensors, blocks as lanes | lanes ⇒ operation ⇒ what follows. */
function outline(structure: LayerStructure): string[] {
  return structure.steps.map((step) => {
    if (step.kind === 'add') return '⊕';
    if (step.kind === 'norm') return `norm: ${tensors(step.node)}`;
    const lanes = step.lanes.map((lane) => lane.map(tensors).join(' → ')).join(' | ');
    const op = step.op.tensors.length > 0 ? ` [${tensors(step.op)}]` : '';
    return `${step.kind} ${step.module}: ${lanes} ⇒ op${op} ⇒ ${step.after.map(tensors).join(' → ')}`;
  });
}

function block(structure: LayerStructure, kind: DiagramStep['kind']) {
  const step = structure.steps.find((candidate) => candidate.kind === kind);
  if (step === undefined || step.kind === 'add' || step.kind === 'norm') throw new Error(`no ${kind} block`);
  return step;
}

/** The prose lines of a block's operation, as text. */
function opNotes(spec: ModelSpec, structure: LayerStructure, kind: DiagramStep['kind']): string[] {
  const { op } = block(structure, kind);
  return nodeText(op, spec).slice(0, op.notes.length);
}

describe('Llama 3.1 8B', () => {
  const spec = snapshotSpec('meta-llama/Llama-3.1-8B');
  const structure = layerStructure(spec);

  it('draws layer 0 (no layer is MoE): pre-norm attention and SwiGLU MLP, q | k | v, gate | up', () => {
    expect(structure.layer).toBe(0);
    expect(structure.isDefault).toBe(true);
    expect(structure.prefix).toBe('model.layers.0.');
    expect(outline(structure)).toEqual([
      'norm: input_layernorm.weight [4096]',
      'attention self_attn: self_attn.q_proj.weight [4096, 4096] | self_attn.k_proj.weight [1024, 4096] | self_attn.v_proj.weight [1024, 4096] ⇒ op ⇒ self_attn.o_proj.weight [4096, 4096]',
      '⊕',
      'norm: post_attention_layernorm.weight [4096]',
      'mlp mlp: mlp.gate_proj.weight [14336, 4096] | mlp.up_proj.weight [14336, 4096] ⇒ op ⇒ mlp.down_proj.weight [4096, 14336]',
      '⊕',
    ]);
  });

  it('labels the attention and the MLP from the layer spec', () => {
    expect(opNotes(spec, structure, 'attention')).toEqual([
      'GQA, 32 query / 8 KV heads, head_dim 128',
      'global: every earlier token · RoPE θ 500,000',
    ]);
    expect(opNotes(spec, structure, 'mlp')).toEqual(['silu(gate) ⊙ up']);
    expect(block(structure, 'mlp').tag).toBe('SwiGLU');
  });

  it('writes projections as `q_proj [4096, 4096]`, a title and its weight on one line', () => {
    const [q] = present(block(structure, 'attention').lanes[0]);
    expect(nodeText(present(q), spec)).toEqual(['q_proj [4096, 4096]']);
  });
});

describe('Gemma 2 9B', () => {
  const spec = snapshotSpec('google/gemma-2-9b');

  it('draws the sandwich: a norm before and after each sub-layer, then the residual addition', () => {
    const structure = layerStructure(spec);
    expect(outline(structure)).toEqual([
      'norm: input_layernorm.weight [3584]',
      'attention self_attn: self_attn.q_proj.weight [4096, 3584] | self_attn.k_proj.weight [2048, 3584] | self_attn.v_proj.weight [2048, 3584] ⇒ op ⇒ self_attn.o_proj.weight [3584, 4096]',
      'norm: post_attention_layernorm.weight [3584]',
      '⊕',
      'norm: pre_feedforward_layernorm.weight [3584]',
      'mlp mlp: mlp.gate_proj.weight [14336, 3584] | mlp.up_proj.weight [14336, 3584] ⇒ op ⇒ mlp.down_proj.weight [3584, 14336]',
      'norm: post_feedforward_layernorm.weight [3584]',
      '⊕',
    ]);
    expect(block(structure, 'mlp').tag).toBe('GeGLU');
  });

  it('gives each layer its own reach: a window on even layers, global on odd', () => {
    expect(opNotes(spec, layerStructure(spec, 0), 'attention')).toEqual([
      'GQA, 16 query / 8 KV heads, head_dim 256',
      'sliding window of 4,096 tokens · RoPE θ 10,000',
    ]);
    expect(opNotes(spec, layerStructure(spec, 1), 'attention')[1]).toBe('global: every earlier token · RoPE θ 10,000');
  });
});

describe('DeepSeek-V3', () => {
  const spec = snapshotSpec('deepseek-ai/DeepSeek-V3');

  it('draws layer 3 by default, the first MoE layer after the dense prefix', () => {
    expect(defaultLayer(spec)).toBe(3);
    expect(layerStructure(spec).layer).toBe(3);
    expect(
      block(layerStructure(spec, 0), 'mlp')
        .lanes.flat()
        .map((node) => node.title),
    ).toEqual(['gate_proj', 'up_proj']);
  });

  it('draws MLA as two chains (queries, the shared KV latent) and the MoE with its shared expert', () => {
    const structure = layerStructure(spec, 3);
    expect(outline(structure)).toEqual([
      'norm: input_layernorm.weight [7168]',
      'attention self_attn: ' +
        'self_attn.q_a_proj.weight [1536, 7168] → self_attn.q_a_layernorm.weight [1536] → self_attn.q_b_proj.weight [24576, 1536] | ' +
        'self_attn.kv_a_proj_with_mqa.weight [576, 7168] → self_attn.kv_a_layernorm.weight [512] → self_attn.kv_b_proj.weight [32768, 512]' +
        ' ⇒ op ⇒ self_attn.o_proj.weight [7168, 16384]',
      '⊕',
      'norm: post_attention_layernorm.weight [7168]',
      'moe mlp: ' +
        'mlp.gate.weight [256, 7168], mlp.gate.e_score_correction_bias [256] → ' +
        'mlp.experts.{expert}.gate_proj.weight [2048, 7168], mlp.experts.{expert}.up_proj.weight [2048, 7168], mlp.experts.{expert}.down_proj.weight [7168, 2048] | ' +
        'mlp.shared_experts.gate_proj.weight [2048, 7168], mlp.shared_experts.up_proj.weight [2048, 7168], mlp.shared_experts.down_proj.weight [7168, 2048]' +
        ' ⇒ op ⇒ ',
      '⊕',
    ]);
    expect(opNotes(spec, structure, 'attention')).toEqual([
      'MLA, 128 heads, KV latent 512 + RoPE key 64',
      'global: every earlier token · RoPE θ 10,000',
    ]);
    const moe = block(structure, 'moe');
    expect(moe.lanes.flat().map((node) => [node.kind, node.title])).toEqual([
      ['tensor', 'gate'],
      ['experts', 'experts'],
      ['shared', 'shared_experts'],
    ]);
    expect(nodeText(present(moe.lanes[0]?.[1]), spec)).toEqual([
      'experts',
      '256 routed, top-8',
      'gate_proj [2048, 7168]',
      'up_proj [2048, 7168]',
      'down_proj [7168, 2048]',
    ]);
    expect(nodeText(present(moe.lanes[1]?.[0]), spec).slice(0, 2)).toEqual(['shared_experts', '1 shared, every token']);
    expect(opNotes(spec, structure, 'moe')).toEqual([
      'sum of the chosen experts, weighted by the router',
      '+ the shared expert',
    ]);
  });
});

describe('gpt-oss-120b', () => {
  const spec = snapshotSpec('openai/gpt-oss-120b');

  it('draws biased q/k/v, the sinks in the attention, the router bias and the stacked experts', () => {
    const structure = layerStructure(spec);
    expect(structure.layer).toBe(0);
    expect(outline(structure)).toEqual([
      'norm: input_layernorm.weight [2880]',
      'attention self_attn: ' +
        'self_attn.q_proj.weight [4096, 2880], self_attn.q_proj.bias [4096] | ' +
        'self_attn.k_proj.weight [512, 2880], self_attn.k_proj.bias [512] | ' +
        'self_attn.v_proj.weight [512, 2880], self_attn.v_proj.bias [512]' +
        ' ⇒ op [self_attn.sinks [64]] ⇒ self_attn.o_proj.weight [2880, 4096], self_attn.o_proj.bias [2880]',
      '⊕',
      'norm: post_attention_layernorm.weight [2880]',
      'moe mlp: mlp.router.weight [128, 2880], mlp.router.bias [128] → ' +
        'mlp.experts.gate_up_proj [128, 2880, 5760], mlp.experts.gate_up_proj_bias [128, 5760], ' +
        'mlp.experts.down_proj [128, 2880, 2880], mlp.experts.down_proj_bias [128, 2880] ⇒ op ⇒ ',
      '⊕',
    ]);
    expect(opNotes(spec, structure, 'attention')).toEqual([
      'GQA, 64 query / 8 KV heads, head_dim 64',
      'sliding window of 128 tokens · RoPE θ 150,000',
    ]);
    const experts = present(block(structure, 'moe').lanes[0]?.[1]);
    expect(nodeText(experts, spec)).toEqual([
      'experts',
      '128 routed, top-4, stacked',
      'gate_up_proj [128, 2880, 5760]',
      'gate_up_proj_bias [128, 5760]',
      'down_proj [128, 2880, 2880]',
      'down_proj_bias [128, 2880]',
    ]);
    expect(nodeText(present(block(structure, 'attention').op), spec).at(-1)).toBe('sinks [64]');
  });
});

describe('GPT-2', () => {
  const spec = snapshotSpec('openai-community/gpt2');

  it('draws ln_1/ln_2 with their biases, the fused c_attn and the GELU MLP, under transformer.h.N.', () => {
    const structure = layerStructure(spec);
    expect(structure.prefix).toBe('transformer.h.0.');
    expect(outline(structure)).toEqual([
      'norm: ln_1.weight [768], ln_1.bias [768]',
      'attention attn: attn.c_attn.weight [768, 2304], attn.c_attn.bias [2304] ⇒ op ⇒ attn.c_proj.weight [768, 768], attn.c_proj.bias [768]',
      '⊕',
      'norm: ln_2.weight [768], ln_2.bias [768]',
      'mlp mlp: mlp.c_fc.weight [768, 3072], mlp.c_fc.bias [3072] ⇒ op ⇒ mlp.c_proj.weight [3072, 768], mlp.c_proj.bias [768]',
      '⊕',
    ]);
    expect(opNotes(spec, structure, 'attention')).toEqual([
      'MHA, 12 heads, head_dim 64',
      'global: every earlier token',
    ]);
    expect(opNotes(spec, structure, 'mlp')).toEqual(['gelu_new']);
  });

  it('writes a norm and its bias on one line', () => {
    const diagram = blockDiagram(spec);
    const line = diagram.texts.find((text) => text.spans[0]?.text === 'ln_1');
    expect(line?.spans.map((span) => span.text).join('')).toBe('ln_1 [768], bias [768]');
  });
});

describe('Phi-4', () => {
  it('draws the fused qkv_proj and gate_up_proj', () => {
    const spec = snapshotSpec('microsoft/phi-4');
    const structure = layerStructure(spec);
    expect(outline(structure)).toEqual([
      'norm: input_layernorm.weight [5120]',
      'attention self_attn: self_attn.qkv_proj.weight [7680, 5120] ⇒ op ⇒ self_attn.o_proj.weight [5120, 5120]',
      '⊕',
      'norm: post_attention_layernorm.weight [5120]',
      'mlp mlp: mlp.gate_up_proj.weight [35840, 5120] ⇒ op ⇒ mlp.down_proj.weight [5120, 17920]',
      '⊕',
    ]);
    expect(opNotes(spec, structure, 'attention')[0]).toBe('GQA, 40 query / 10 KV heads, head_dim 128');
    expect(opNotes(spec, structure, 'mlp')).toEqual(['silu(gate half) ⊙ up half']);
  });
});

describe('other layouts', () => {
  it('puts Qwen3 and Gemma 3 q_norm/k_norm after their projections, Gemma 3 under language_model.model', () => {
    const qwen = layerStructure(snapshotSpec('Qwen/Qwen3-8B'));
    expect(block(qwen, 'attention').lanes.map((lane) => lane.map((node) => node.title))).toEqual([
      ['q_proj', 'q_norm'],
      ['k_proj', 'k_norm'],
      ['v_proj'],
    ]);
    const gemma3 = layerStructure(snapshotSpec('google/gemma-3-4b-it'));
    expect(gemma3.prefix).toBe('language_model.model.layers.0.');
    expect(tensors(present(block(gemma3, 'attention').lanes[0]?.[1]))).toBe('self_attn.q_norm.weight [256]');
  });

  it("says which of Mixtral's w1, w2, w3 is gate, down and up", () => {
    const spec = snapshotSpec('mistralai/Mixtral-8x7B-v0.1');
    const experts = present(block(layerStructure(spec), 'moe').lanes[0]?.[1]);
    expect(nodeText(experts, spec).slice(2)).toEqual([
      'w1 (gate) [14336, 4096]',
      'w2 (down) [4096, 14336]',
      'w3 (up) [14336, 4096]',
    ]);
  });

  it("draws Qwen2-MoE's shared expert with its sigmoid gate", () => {
    const spec = parseConfig(qwen2MoeConfig());
    const moe = block(layerStructure(spec), 'moe');
    const shared = present(moe.lanes[1]?.[0]);
    expect(tensors(shared)).toBe(
      'mlp.shared_expert.gate_proj.weight [128, 32], mlp.shared_expert.up_proj.weight [128, 32], mlp.shared_expert.down_proj.weight [32, 128], mlp.shared_expert_gate.weight [1, 32]',
    );
    expect(nodeText(shared, spec).at(-1)).toBe('shared_expert_gate [1, 32]');
    expect(nodeText(moe.op, spec)).toEqual([
      'sum of the chosen experts, weighted by the router',
      '+ shared expert × sigmoid(shared_expert_gate)',
    ]);
  });

  it('refuses a layer the model does not have', () => {
    const spec = snapshotSpec('meta-llama/Llama-3.1-8B');
    expect(() => layerStructure(spec, 32)).toThrow('layer 32 is not a decoder layer (0 to 31)');
    expect(() => blockDiagram(spec, { layer: 1.5 })).toThrow(RangeError);
  });
});

// ————— Every snapshot model —————

const ids = snapshotIds();

/** The layers worth drawing: the default, the first, the last, and one of each distinct reach and MLP. */
function layersOf(spec: ModelSpec): number[] {
  const picked = new Map<string, number>();
  spec.decoderLayers.forEach((layer, index) => {
    const key = JSON.stringify([layer.reach, layer.mlp.kind, layer.position.kind]);
    if (!picked.has(key)) picked.set(key, index);
  });
  return [...new Set([defaultLayer(spec), 0, spec.decoderLayers.length - 1, ...picked.values()])];
}

function overlaps(a: { x: number; y: number; width: number; height: number }, b: typeof a): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** The horizontal extent of a text line, by the layout's own width estimate. */
function extent(text: BlockDiagram['texts'][number]): [number, number] {
  const width = textWidth(text.spans.map((span) => span.text).join(''), text.font);
  const left = text.anchor === 'start' ? text.x : text.anchor === 'middle' ? text.x - width / 2 : text.x - width;
  return [left, left + width];
}

describe.each(ids)('%s', (id) => {
  const spec = snapshotSpec(id);
  const analysis = analyzeSpec(id, spec, DEFAULT_RUN_OPTIONS, { flatTensors: false });

  it.each(layersOf(spec))('layer %i: draws every tensor of the layer exactly once, with its stored shape', (layer) => {
    const structure = layerStructure(spec, layer);
    const drawn = structure.steps
      .flatMap(stepNodes)
      .flatMap((node) => node.tensors.map((tensor) => `${structure.prefix}${tensor.name} ${shapeText(tensor.shape)}`));
    const expected = tensorList(spec)
      .filter((tensor) => tensor.layer === layer)
      .map((tensor) => `${tensor.name} ${shapeText(storedShape(tensor))}`);
    expect(drawn.sort()).toEqual(expected.sort());
    // Only gpt-oss's sinks belong to the attention operation; anything else there is a tensor no rule placed.
    const unplaced = structure.steps.flatMap((step) =>
      step.kind === 'add' || step.kind === 'norm'
        ? []
        : step.op.tensors.filter((tensor) => !tensor.name.endsWith('.sinks')),
    );
    expect(unplaced).toEqual([]);
  });

  it.each(layersOf(spec))('layer %i: tags each number with a path that holds that value', (layer) => {
    const diagram = blockDiagram(spec, { layer, model: id });
    const tagged = diagram.texts.flatMap((text) => text.spans).filter((span) => span.metric !== undefined);
    expect(tagged.length).toBeGreaterThan(0);
    for (const span of tagged)
      expect([span.metric, metricValue(analysis, span.metric ?? '')]).toEqual([span.metric, span.value]);
  });

  it.each(layersOf(spec))('layer %i: keeps boxes apart and text inside its box and the viewBox', (layer) => {
    const diagram = blockDiagram(spec, { layer, model: id });
    expect(diagram.width).toBe(DIAGRAM_WIDTH);
    const boxes = diagram.rects.filter((rect) => rect.style !== 'block' && rect.style !== 'stack');
    for (const rect of diagram.rects) {
      expect(rect.x).toBeGreaterThanOrEqual(0);
      expect(rect.y).toBeGreaterThanOrEqual(0);
      expect(rect.x + rect.width).toBeLessThanOrEqual(diagram.width);
      expect(rect.y + rect.height).toBeLessThanOrEqual(diagram.height);
    }
    boxes.forEach((a, index) => {
      for (const b of boxes.slice(index + 1)) expect(overlaps(a, b), JSON.stringify([a, b])).toBe(false);
    });
    for (const text of diagram.texts) {
      const [left, right] = extent(text);
      expect(left).toBeGreaterThanOrEqual(0);
      expect(right).toBeLessThanOrEqual(diagram.width);
      // The smallest box around the line's baseline must hold all of it.
      const around = diagram.rects
        .filter((rect) => rect.style !== 'stack' && rect.x <= text.x && text.x <= rect.x + rect.width)
        .filter((rect) => rect.y <= text.y && text.y <= rect.y + rect.height)
        .sort((a, b) => a.width * a.height - b.width * b.height)[0];
      if (around !== undefined) {
        const label = `${text.spans.map((span) => span.text).join('')} in ${around.style}`;
        expect(left, label).toBeGreaterThanOrEqual(around.x + 2);
        expect(right, label).toBeLessThanOrEqual(around.x + around.width - 2);
      }
    }
    // Lines that share a baseline (a norm's name and its tag) do not run into each other.
    const byBaseline = Map.groupBy(diagram.texts, (text) => text.y);
    for (const line of byBaseline.values()) {
      const spans = line.map(extent).sort((a, b) => a[0] - b[0]);
      spans.slice(1).forEach((span, index) => expect(span[0]).toBeGreaterThan(present(spans[index])[1]));
    }
  });
});
