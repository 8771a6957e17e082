/**
 * The block diagram of one decoder layer, as plain data: what the layer computes in forward order
 * (norms by their checkpoint names, the attention and MLP blocks with every tensor of the layer by
 * name and stored shape, the residual additions), then the same laid out as boxes, text lines and
 * arrows in a 400-unit-wide viewBox that reads on a 390 px phone. Pure: no DOM; the
 * BlockDiagram component only writes the result out as SVG.
 *
 * Every tensor of the layer appears exactly once; every number is read off the spec or the tensor
 * list, and the numbers in prose lines carry their `calc --json` path (a {@link FormulaPart}).
 */
import type { TextLang } from './describe.ts';
import { attentionKindOf } from './describe.ts';
import type { FormulaPart } from './formulas.ts';
import { formatMetric } from './metrics.ts';
import { storedShape, tensorList } from './tensors.ts';
import type { AttentionReach, LayerPositionSpec, LayerSpec, ModelSpec, TensorInfo } from './types.ts';
import { formatInteger } from './units.ts';

/** A tensor of the layer: its name after the layer prefix (`self_attn.q_proj.weight`) and stored shape. */
export interface DiagramTensor {
  name: string;
  shape: number[];
}

/** One box: a module (a projection, a norm, the experts) or an operation with no weights of its own. */
export interface DiagramNode {
  kind: 'norm' | 'tensor' | 'op' | 'experts' | 'shared';
  /** The module path under the layer (`self_attn.q_proj`); tensor names are shown relative to it. */
  module: string;
  /** The module's name as drawn (`q_proj`, `experts`), or null for an operation. */
  title: string | null;
  /** Lines of prose (the attention kind, the routing), numbers tagged with their metric path. */
  notes: FormulaPart[][];
  /** Its tensors, in state-dict order. */
  tensors: DiagramTensor[];
  /** Text at the right of a norm's box (`RMSNorm`). */
  tag: string | null;
}

/**
 * One step of the forward pass: a norm, a residual addition, or a sub-layer drawn as parallel
 * lanes (q | k | v; gate | up; router and experts | shared expert) that merge into an operation,
 * followed by the output projection.
 */
export type DiagramStep =
  | { kind: 'norm'; module: string; node: DiagramNode }
  | { kind: 'add' }
  | {
      kind: 'attention' | 'mlp' | 'moe';
      module: string;
      /** Text at the right of the block's heading (`SwiGLU`, `MoE`), or null. */
      tag: string | null;
      lanes: DiagramNode[][];
      op: DiagramNode;
      after: DiagramNode[];
    };

/** What one layer computes, before layout. */
export interface LayerStructure {
  layer: number;
  /** Whether the layer is the default choice ({@link defaultLayer}). */
  isDefault: boolean;
  /** The checkpoint prefix of the layer's tensors: `model.layers.3.`, `transformer.h.0.`. */
  prefix: string;
  steps: DiagramStep[];
}

/**
 * The layer a diagram draws when none is asked for: the first whose MLP is a mixture of experts
 * (DeepSeek-V3's layer 3, after its dense prefix), else layer 0.
 */
export function defaultLayer(spec: ModelSpec): number {
  const moe = spec.decoderLayers.findIndex((layer) => layer.mlp.kind === 'moe');
  return moe === -1 ? 0 : moe;
}

/** The tensors of one layer not yet drawn, taken by name as the layout places them. */
class TensorPool {
  private readonly remaining: Map<string, DiagramTensor>;

  constructor(tensors: readonly TensorInfo[], prefix: string) {
    this.remaining = new Map(
      tensors.map((tensor) => {
        const name = tensor.name.slice(prefix.length);
        return [name, { name, shape: storedShape(tensor) }];
      }),
    );
  }

  /** The tensors directly under a module (`self_attn.q_proj` → weight, bias), taken; empty when absent. */
  module(path: string): DiagramTensor[] {
    const taken = [...this.remaining.values()].filter(
      (tensor) => tensor.name.startsWith(`${path}.`) && !tensor.name.slice(path.length + 1).includes('.'),
    );
    for (const tensor of taken) this.remaining.delete(tensor.name);
    return taken;
  }

  /** Every tensor under a path, at any depth, taken. */
  under(path: string): DiagramTensor[] {
    const taken = [...this.remaining.values()].filter((tensor) => tensor.name.startsWith(`${path}.`));
    for (const tensor of taken) this.remaining.delete(tensor.name);
    return taken;
  }

  has(path: string): boolean {
    return [...this.remaining.keys()].some((name) => name.startsWith(`${path}.`));
  }

  rest(): DiagramTensor[] {
    const rest = [...this.remaining.values()];
    this.remaining.clear();
    return rest;
  }
}

function node(
  kind: DiagramNode['kind'],
  module: string,
  title: string | null,
  tensors: DiagramTensor[],
  notes: FormulaPart[][] = [],
): DiagramNode {
  return { kind, module, title, notes, tensors, tag: null };
}

function factor(value: number, metric: string, label = ''): FormulaPart {
  return { value, label, metric };
}

/** What a layer's queries see, and how they learn position: "sliding window of 4,096 tokens · RoPE θ 10,000". */
function reachNote(reach: AttentionReach, position: LayerPositionSpec, layer: number, lang: TextLang): FormulaPart[] {
  const path = `architecture.decoderLayers.${layer}`;
  const ko = lang === 'ko';
  const parts: FormulaPart[] = ko
    ? reach.kind === 'global'
      ? ['글로벌: 앞선 모든 토큰']
      : reach.kind === 'sliding'
        ? ['슬라이딩 윈도 ', factor(reach.windowTokens, `${path}.reach.windowTokens`, '토큰')]
        : ['청크 ', factor(reach.chunkTokens, `${path}.reach.chunkTokens`, '토큰 단위')]
    : reach.kind === 'global'
      ? ['global: every earlier token']
      : reach.kind === 'sliding'
        ? ['sliding window of ', factor(reach.windowTokens, `${path}.reach.windowTokens`, 'tokens')]
        : ['chunks of ', factor(reach.chunkTokens, `${path}.reach.chunkTokens`, 'tokens')];
  if (position.kind === 'rope') parts.push(' · RoPE θ ', factor(position.theta, `${path}.position.theta`));
  else if (position.kind === 'none') parts.push(ko ? ' · 위치 인코딩 없음' : ' · no position encoding');
  return parts;
}

/** The attention kind in one line: "GQA, 32 query / 8 KV heads, head_dim 128". */
function kindNote({ attention }: LayerSpec, layer: number, lang: TextLang): FormulaPart[] {
  const at = (field: string) => `architecture.decoderLayers.${layer}.attention.${field}`;
  const ko = lang === 'ko';
  if (attention.kind === 'mla') {
    return [
      'MLA, ',
      factor(attention.heads, at('heads'), ko ? '헤드' : 'heads'),
      ko ? ', KV 잠재 벡터 ' : ', KV latent ',
      factor(attention.kvLoraRank, at('kvLoraRank')),
      ko ? ' + RoPE 키 ' : ' + RoPE key ',
      factor(attention.qkRopeHeadDim, at('qkRopeHeadDim')),
    ];
  }
  const { kind } = attentionKindOf(attention);
  const heads =
    kind === 'MHA'
      ? [factor(attention.heads, at('heads'), ko ? '헤드' : 'heads')]
      : [
          factor(attention.heads, at('heads'), ko ? '쿼리' : 'query'),
          ' / ',
          factor(attention.kvHeads, at('kvHeads'), ko ? 'KV 헤드' : 'KV heads'),
        ];
  return [`${kind}, `, ...heads, ', head_dim ', factor(attention.headDim, at('headDim'))];
}

function attentionStep(spec: ModelSpec, layer: number, module: string, pool: TensorPool, lang: TextLang): DiagramStep {
  const layerSpec = spec.decoderLayers[layer] as LayerSpec;
  const project = (name: string, kind: DiagramNode['kind'] = 'tensor') =>
    node(kind, `${module}.${name}`, name, pool.module(`${module}.${name}`));
  const chain = (names: string[]) => names.filter((name) => pool.has(`${module}.${name}`)).map((name) => project(name));
  let lanes: DiagramNode[][];
  if (layerSpec.attention.kind === 'mla') {
    // Queries through their low-rank latent (or directly); keys and values from one shared latent.
    lanes = [
      chain(['q_a_proj', 'q_a_layernorm', 'q_b_proj', 'q_proj']),
      chain(['kv_a_proj_with_mqa', 'kv_a_layernorm', 'kv_b_proj']),
    ];
  } else if (pool.has(`${module}.qkv_proj`) || pool.has(`${module}.c_attn`)) {
    // One fused projection: Phi-3's qkv_proj, GPT-2's c_attn.
    lanes = [chain(['qkv_proj', 'c_attn'])];
  } else {
    lanes = [chain(['q_proj', 'q_norm']), chain(['k_proj', 'k_norm']), chain(['v_proj'])];
  }
  const after = chain(['o_proj', 'c_proj']);
  const op = node('op', module, null, pool.under(module), [
    kindNote(layerSpec, layer, lang),
    reachNote(layerSpec.reach, layerSpec.position, layer, lang),
  ]);
  return { kind: 'attention', module, tag: null, lanes: lanes.filter((lane) => lane.length > 0), op, after };
}

function denseStep(spec: ModelSpec, module: string, pool: TensorPool, lang: TextLang): DiagramStep {
  const act = spec.activation.name;
  const project = (name: string) => node('tensor', `${module}.${name}`, name, pool.module(`${module}.${name}`));
  let lanes: DiagramNode[][];
  let note: string;
  if (pool.has(`${module}.gate_up_proj`)) {
    lanes = [[project('gate_up_proj')]];
    note = lang === 'ko' ? `${act}(gate 절반) ⊙ up 절반` : `${act}(gate half) ⊙ up half`;
  } else if (pool.has(`${module}.gate_proj`)) {
    lanes = [[project('gate_proj')], [project('up_proj')]];
    note = `${act}(gate) ⊙ up`;
  } else {
    lanes = [[project(pool.has(`${module}.c_fc`) ? 'c_fc' : 'up_proj')]];
    note = act;
  }
  const after = [project(pool.has(`${module}.c_proj`) ? 'c_proj' : 'down_proj')];
  const op = node('op', module, null, [], [[note]]);
  return { kind: 'mlp', module, tag: spec.activation.label, lanes, op, after };
}

function moeStep(spec: ModelSpec, layer: number, module: string, pool: TensorPool, lang: TextLang): DiagramStep {
  const ko = lang === 'ko';
  const mlp = (spec.decoderLayers[layer] as LayerSpec).mlp;
  if (mlp.kind !== 'moe') throw new Error('moeStep needs an MoE layer');
  const naming = spec.moeNaming;
  // The paths of the model-wide MoE facts name the first MoE layer's values: tag only when they are this layer's.
  const first = spec.decoderLayers.find((candidate) => candidate.mlp.kind === 'moe')?.mlp;
  const same = (key: 'experts' | 'topK' | 'sharedExperts') => first?.kind === 'moe' && first[key] === mlp[key];
  const count = (key: 'experts' | 'topK' | 'sharedExperts', label: string): FormulaPart =>
    same(key)
      ? factor(mlp[key], `architecture.moe.${key}`, label)
      : `${formatInteger(mlp[key])}${label ? ` ${label}` : ''}`;
  const routerName = naming?.router ?? 'gate';
  const router = node('tensor', `${module}.${routerName}`, routerName, pool.module(`${module}.${routerName}`));
  const stacked = naming?.experts === 'stacked';
  const expertModule = stacked ? `${module}.experts` : `${module}.experts.{expert}`;
  const experts = node('experts', expertModule, 'experts', pool.under(`${module}.experts`), [
    ko
      ? ['라우팅 ', count('experts', ''), '개, 상위 ', count('topK', ''), '개', stacked ? ', 쌓아서 저장' : '']
      : [count('experts', 'routed'), ', top-', count('topK', ''), stacked ? ', stacked' : ''],
  ]);
  const lanes: DiagramNode[][] = [[router, experts]];
  const sharedName = naming?.sharedExpert ?? 'shared_expert';
  if (mlp.sharedExperts > 0) {
    const shared = node('shared', `${module}.${sharedName}`, sharedName, pool.under(`${module}.${sharedName}`), [
      ko ? ['공유 ', count('sharedExperts', ''), '개, 모든 토큰'] : [count('sharedExperts', 'shared'), ', every token'],
    ]);
    shared.tensors.push(...pool.module(`${module}.shared_expert_gate`));
    lanes.push([shared]);
  }
  const notes: FormulaPart[][] = [
    [ko ? '선택된 전문가들의 합, 라우터 가중치로' : 'sum of the chosen experts, weighted by the router'],
  ];
  if (mlp.sharedExperts > 0)
    notes.push([
      mlp.sharedExpertGate
        ? ko
          ? '+ 공유 전문가 × sigmoid(shared_expert_gate)'
          : '+ shared expert × sigmoid(shared_expert_gate)'
        : ko
          ? '+ 공유 전문가'
          : '+ the shared expert',
    ]);
  const op = node('op', module, null, [], notes);
  return { kind: 'moe', module, tag: 'MoE', lanes, op, after: [] };
}

function normStep(spec: ModelSpec, name: string, pool: TensorPool): DiagramStep {
  const normNode = node('norm', name, name, pool.module(name));
  normNode.tag = spec.norm.kind === 'layernorm' ? 'LayerNorm' : 'RMSNorm';
  return { kind: 'norm', module: name, node: normNode };
}

/** The first path segment of the layer's tensors of some roles: `self_attn`, `attn`, `mlp`, `block_sparse_moe`. */
function moduleOf(tensors: readonly TensorInfo[], prefix: string, roles: readonly string[], fallback: string): string {
  const found = tensors.find((tensor) => roles.includes(tensor.role) && tensor.name.startsWith(prefix));
  return found?.name.slice(prefix.length).split('.')[0] ?? fallback;
}

/**
 * What a decoder layer computes, top to bottom: its norms in the order the forward pass applies
 * them (pre-norm, or Gemma 2/3's sandwich with a norm after each sub-layer too), the attention and
 * MLP blocks with their tensors, and the residual additions.
 *
 * @example layerStructure(llama31_8b).steps.map((s) => s.kind) //=> ['norm', 'attention', 'add', 'norm', 'mlp', 'add']
 */
export function layerStructure(spec: ModelSpec, layer = defaultLayer(spec), lang: TextLang = 'en'): LayerStructure {
  const layers = spec.decoderLayers.length;
  if (!Number.isInteger(layer) || layer < 0 || layer >= layers) {
    throw new RangeError(`layer ${String(layer)} is not a decoder layer (0 to ${layers - 1})`);
  }
  const tensors = tensorList(spec).filter((tensor) => tensor.layer === layer);
  const sample = tensors[0]?.name ?? '';
  const marker = `.${layer}.`;
  const prefix = sample.slice(0, sample.indexOf(marker) + marker.length);
  const pool = new TensorPool(tensors, prefix);
  const attention = moduleOf(tensors, prefix, ['attention'], 'self_attn');
  const mlpModule = moduleOf(tensors, prefix, ['mlp', 'router', 'routedExpert', 'sharedExpert'], 'mlp');
  const layerSpec = spec.decoderLayers[layer] as LayerSpec;
  const attentionBlock = attentionStep(spec, layer, attention, pool, lang);
  const mlpBlock =
    layerSpec.mlp.kind === 'moe' ? moeStep(spec, layer, mlpModule, pool, lang) : denseStep(spec, mlpModule, pool, lang);
  const [first, second, third, fourth] = spec.norm.layerNorms;
  const norm = (name: string | undefined) => (name === undefined ? [] : [normStep(spec, name, pool)]);
  const sandwich = spec.norm.layerNorms.length === 4;
  // Pre-norm: norm → attention → ⊕ → norm → MLP → ⊕. Gemma's sandwich adds a norm after each sub-layer,
  // registered as input, post_attention, pre_feedforward, post_feedforward.
  const steps: DiagramStep[] = sandwich
    ? [
        ...norm(first),
        attentionBlock,
        ...norm(second),
        { kind: 'add' },
        ...norm(third),
        mlpBlock,
        ...norm(fourth),
        { kind: 'add' },
      ]
    : [...norm(first), attentionBlock, { kind: 'add' }, ...norm(second), mlpBlock, { kind: 'add' }];
  // Anything no rule placed (a tensor a future architecture adds) is still drawn, in its block's operation.
  for (const tensor of pool.rest()) {
    const block = tensor.name.startsWith(`${attention}.`) ? attentionBlock : mlpBlock;
    if (block.kind !== 'norm' && block.kind !== 'add') block.op.tensors.push(tensor);
  }
  return { layer, isDefault: layer === defaultLayer(spec), prefix, steps };
}

/** Every node of a step, lanes first (lane by lane), then the operation, then what follows it. */
export function stepNodes(step: DiagramStep): DiagramNode[] {
  if (step.kind === 'add') return [];
  if (step.kind === 'norm') return [step.node];
  return [...step.lanes.flat(), step.op, ...step.after];
}

// ————— Text —————

/** A run of text in a line; a number carries its metric path and raw value. */
export interface DiagramSpan {
  text: string;
  /** `title`: a module's name; `name`: a tensor's; `shape`: a shape; `note`: prose. */
  style: 'title' | 'name' | 'shape' | 'note';
  metric?: string;
  value?: number;
}

/** The shape as TensorTable writes it: `[4096, 14336]`. */
export function shapeText(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** A tensor's name inside its node: relative to the node's module (or its block), `.weight` dropped. */
function localName(tensor: DiagramTensor, owner: DiagramNode, spec: ModelSpec): string {
  const block = owner.module.split('.')[0] ?? '';
  const base = tensor.name.startsWith(`${owner.module}.`) ? owner.module : block;
  let name = tensor.name.slice(base.length + 1).replace(/\.weight$/, '');
  // Mixtral's experts are w1, w2, w3: say which is which.
  const role = spec.moeNaming?.projections.find(([, projection]) => projection === name)?.[0];
  if (role !== undefined && name !== `${role}_proj`) name = `${name} (${role})`;
  return name;
}

/** One text line of a node before wrapping: a name and a shape, or prose. */
type RawLine = { kind: 'tensor'; name: string; shape: string; bold: boolean } | { kind: 'note'; parts: FormulaPart[] };

function rawLines(item: DiagramNode, spec: ModelSpec): RawLine[] {
  const lines: RawLine[] = [];
  const tensors = [...item.tensors];
  if (item.title !== null) {
    // The module's own weight shares its title line: `q_proj [4096, 4096]`.
    const own = tensors.findIndex((tensor) => tensor.name === `${item.module}.weight`);
    const [weight] = own === -1 ? [] : tensors.splice(own, 1);
    lines.push({ kind: 'tensor', name: item.title, shape: weight ? shapeText(weight.shape) : '', bold: true });
  }
  for (const parts of item.notes) lines.push({ kind: 'note', parts });
  for (const tensor of tensors)
    lines.push({ kind: 'tensor', name: localName(tensor, item, spec), shape: shapeText(tensor.shape), bold: false });
  return lines;
}

/** The text of formula parts: "GQA, 32 query / 8 KV heads, head_dim 128". */
function partsText(parts: readonly FormulaPart[]): string {
  return parts
    .map((part) =>
      typeof part === 'string'
        ? part
        : `${formatMetric(part.metric, part.value)}${part.label === '' ? '' : ` ${part.label}`}`,
    )
    .join('');
}

/** The plain text of a node, one string per line (for the description). */
export function nodeText(item: DiagramNode, spec: ModelSpec): string[] {
  return rawLines(item, spec).map((line) =>
    line.kind === 'note' ? partsText(line.parts) : line.shape === '' ? line.name : `${line.name} ${line.shape}`,
  );
}

// ————— Layout —————

/** The viewBox width: about a phone's column, so that 12.5-unit text stays above 11 CSS px at 390 px. */
export const DIAGRAM_WIDTH = 400;
/** Font sizes in viewBox units (the stylesheet uses the same). */
export const FONT = { mono: 12.5, sans: 13, heading: 14 } as const;
/**
 * Widths the layout assumes per character, in em: monospace fonts are 0.6 em (Liberation Mono, SF
 * Mono, Menlo); sans-serif by character class, a little above Arial's and Roboto's.
 */
const MONO_EM = 0.61;
const SANS_EM = { wide: 1, upper: 0.7, digit: 0.58, narrow: 0.3, other: 0.53 };
/** Hangul syllables and jamo, and CJK ideographs: full-width, one em each. */
const WIDE = /[\u1100-\u11ff\u3130-\u318f\u4e00-\u9fff\uac00-\ud7af]/;
const LINE = 16;
const PAD_Y = 6;
const PAD_X = 7;
const GAP = 20;
const SPINE = 12;
const LEFT = 30;
const RIGHT = DIAGRAM_WIDTH - 4;
const CENTRE = (LEFT + RIGHT) / 2;
const BLOCK_PAD = 8;
const HEADER = 26;
const LANE_GAP = 8;
const SINGLE = 264;
const STACK = 3;
const ADD_RADIUS = 8;

/** The estimated width of a line of text, in viewBox units. */
export function textWidth(text: string, font: keyof typeof FONT): number {
  const size = FONT[font];
  if (font !== 'sans') return [...text].length * MONO_EM * size;
  let em = 0;
  for (const char of text) {
    em += WIDE.test(char)
      ? SANS_EM.wide
      : /[A-Z⊙θΣ]/.test(char)
        ? SANS_EM.upper
        : /\d/.test(char)
          ? SANS_EM.digit
          : /[\s.,:;'!|()[\]ijlrtf-]/.test(char)
            ? SANS_EM.narrow
            : SANS_EM.other;
  }
  return em * size;
}

export interface DiagramText {
  x: number;
  y: number;
  anchor: 'start' | 'middle' | 'end';
  font: 'mono' | 'sans' | 'heading';
  spans: DiagramSpan[];
}

export interface DiagramRect {
  x: number;
  y: number;
  width: number;
  height: number;
  style: 'block' | 'norm' | 'tensor' | 'op' | 'experts' | 'shared' | 'stack';
}

export interface DiagramArrow {
  /** The line, as points. */
  points: [number, number][];
  /** The arrowhead at its end, a triangle (empty for a line that feeds a fork). */
  head: [number, number][];
  style: 'flow' | 'residual';
}

export interface BlockDiagram extends LayerStructure {
  width: number;
  height: number;
  title: string;
  /** The layer in words: every step, every tensor with its shape. */
  description: string;
  rects: DiagramRect[];
  texts: DiagramText[];
  arrows: DiagramArrow[];
  /** Residual additions (⊕), centres. */
  adds: { x: number; y: number; r: number }[];
  /** Where the residual stream forks into a sub-layer. */
  forks: { x: number; y: number }[];
}

/** Greedy breaks of a name or shape at `_`, `.`, `, ` so that each piece fits `width`. */
function breakMono(text: string, width: number): string[] {
  if (textWidth(text, 'mono') <= width) return [text];
  const pieces = text.split(/(?<=[_.]|, )/);
  const lines: string[] = [];
  let current = '';
  for (const piece of pieces) {
    if (current !== '' && textWidth(current + piece, 'mono') > width) {
      lines.push(current.trimEnd());
      current = piece;
    } else current += piece;
  }
  if (current !== '') lines.push(current.trimEnd());
  return lines;
}

/** Word-wraps prose spans (numbers and their labels stay whole). */
function wrapNote(parts: readonly FormulaPart[], width: number): DiagramSpan[][] {
  const words: DiagramSpan[][] = [];
  let word: DiagramSpan[] = [];
  const push = (span: DiagramSpan) => word.push(span);
  for (const part of parts) {
    if (typeof part === 'string') {
      part.split(/(?<= )/).forEach((piece, index) => {
        if (index > 0 || (piece.startsWith(' ') && word.length > 0)) {
          if (word.length > 0) words.push(word);
          word = [];
        }
        push({ text: piece, style: 'note' });
      });
    } else {
      push({ text: formatMetric(part.metric, part.value), style: 'note', metric: part.metric, value: part.value });
      if (part.label !== '') {
        words.push(word);
        word = [{ text: ` ${part.label}`, style: 'note' }];
      }
    }
  }
  if (word.length > 0) words.push(word);
  const lines: DiagramSpan[][] = [];
  let line: DiagramSpan[] = [];
  const text = (spans: DiagramSpan[]) => spans.map((span) => span.text).join('');
  for (const next of words) {
    if (line.length > 0 && textWidth(text([...line, ...next]).trimEnd(), 'sans') > width) {
      lines.push(line);
      line = [];
    }
    line.push(...next);
  }
  if (line.length > 0) lines.push(line);
  // Merge neighbouring plain spans and drop the spaces at line ends.
  return lines.map((spans) => {
    const merged: DiagramSpan[] = [];
    for (const span of spans) {
      const last = merged.at(-1);
      if (last !== undefined && last.metric === undefined && span.metric === undefined) last.text += span.text;
      else merged.push({ ...span });
    }
    const end = merged.at(-1);
    if (end !== undefined) end.text = end.text.trimEnd();
    const start = merged[0];
    if (start !== undefined) start.text = start.text.trimStart();
    return merged.filter((span) => span.text !== '');
  });
}

interface WrappedLine {
  font: 'mono' | 'sans';
  spans: DiagramSpan[];
}

/** A node's lines, wrapped to a text width. */
function wrapLines(item: DiagramNode, spec: ModelSpec, width: number): WrappedLine[] {
  const lines = rawLines(item, spec);
  const fits = (line: RawLine) =>
    line.kind === 'note' || textWidth(`${line.name} ${line.shape}`.trimEnd(), 'mono') <= width;
  // A list of matrices reads as a list only if its lines break alike: one too wide breaks them all.
  const together = lines.filter((line) => line.kind === 'tensor' && !line.bold).every(fits);
  const out: WrappedLine[] = [];
  if (item.kind === 'norm' && lines.every((line) => line.kind === 'tensor')) {
    // A norm's weight and bias share one line when they fit: `ln_1 [768], bias [768]`.
    const text = lines.map((line) => `${line.name} ${line.shape}`).join(', ');
    if (textWidth(text, 'mono') <= width) {
      return [
        {
          font: 'mono',
          spans: lines.flatMap((line, index): DiagramSpan[] => [
            { text: `${index > 0 ? ', ' : ''}${line.name}`, style: line.bold ? 'title' : 'name' },
            { text: ` ${line.shape}`, style: 'shape' },
          ]),
        },
      ];
    }
  }
  for (const line of lines) {
    if (line.kind === 'note') {
      for (const spans of wrapNote(line.parts, width)) out.push({ font: 'sans', spans });
      continue;
    }
    const style = line.bold ? ('title' as const) : ('name' as const);
    const shape = line.shape === '' ? [] : [{ text: ` ${line.shape}`, style: 'shape' as const }];
    if (fits(line) && (line.bold || together)) {
      out.push({ font: 'mono', spans: [{ text: line.name, style }, ...shape] });
      continue;
    }
    // Too wide: the name broken at `_` and `.`, then the shape (after a broken name's last piece, if it fits).
    const names = breakMono(line.name, width);
    const last = names.length > 1 ? names.pop() : undefined;
    for (const piece of names) out.push({ font: 'mono', spans: [{ text: piece, style }] });
    if (last !== undefined && textWidth(`${last} ${line.shape}`.trimEnd(), 'mono') <= width) {
      out.push({ font: 'mono', spans: [{ text: last, style }, ...shape] });
      continue;
    }
    if (last !== undefined) out.push({ font: 'mono', spans: [{ text: last, style }] });
    if (line.shape !== '')
      for (const piece of breakMono(line.shape, width))
        out.push({ font: 'mono', spans: [{ text: piece, style: 'shape' }] });
  }
  return out;
}

type Point = [number, number];

/** A polyline with an arrowhead at its end. */
function arrow(points: Point[], style: DiagramArrow['style'] = 'flow', head = true): DiagramArrow {
  const end = points.at(-1) as Point;
  const before = points.at(-2) as Point;
  const length = Math.hypot(end[0] - before[0], end[1] - before[1]) || 1;
  const [dx, dy] = [(end[0] - before[0]) / length, (end[1] - before[1]) / length];
  const size = style === 'residual' ? 7 : 6;
  const tip: Point = end;
  const back: Point = [end[0] - dx * size, end[1] - dy * size];
  const headPoints: Point[] = head
    ? [
        tip,
        [back[0] - dy * size * 0.55, back[1] + dx * size * 0.55],
        [back[0] + dy * size * 0.55, back[1] - dx * size * 0.55],
      ]
    : [];
  // The line stops where the head begins, so a thick line never pokes through its tip.
  const line = head ? [...points.slice(0, -1), back] : points;
  return { points: line.map(round), head: headPoints.map(round), style };
}

function round([x, y]: Point): Point {
  return [Math.round(x * 10) / 10, Math.round(y * 10) / 10];
}

class Canvas {
  rects: DiagramRect[] = [];
  texts: DiagramText[] = [];
  arrows: DiagramArrow[] = [];

  /** Draws a node at (x, y), `width` wide; returns its height. */
  node(item: DiagramNode, spec: ModelSpec, x: number, y: number, width: number): number {
    const stacked = item.kind === 'experts' && !item.module.endsWith('.experts');
    const boxWidth = stacked ? width - 2 * STACK : width;
    const top = stacked ? y + 2 * STACK : y;
    const lines = wrapLines(
      item,
      spec,
      boxWidth - 2 * PAD_X - (item.tag === null ? 0 : textWidth(item.tag, 'sans') + 8),
    );
    const height = 2 * PAD_Y + lines.length * LINE;
    if (stacked) {
      // Separate experts: a card for one, the rest behind it.
      for (const offset of [2, 1]) {
        this.rects.push({ x: x + offset * STACK, y: top - offset * STACK, width: boxWidth, height, style: 'stack' });
      }
    }
    this.rects.push({ x, y: top, width: boxWidth, height, style: item.kind });
    const centred = item.kind === 'tensor';
    lines.forEach((line, index) => {
      this.texts.push({
        x: centred ? x + boxWidth / 2 : x + PAD_X,
        y: top + PAD_Y + (index + 1) * LINE - 4,
        anchor: centred ? 'middle' : 'start',
        font: line.font,
        spans: line.spans,
      });
    });
    if (item.tag !== null) {
      this.texts.push({
        x: x + boxWidth - PAD_X,
        y: top + PAD_Y + LINE - 4,
        anchor: 'end',
        font: 'sans',
        spans: [{ text: item.tag, style: 'note' }],
      });
    }
    return top - y + height;
  }

  /**
   * Draws a sub-layer block from `y`, fed by a line through `entry` (points above it); returns
   * the block's bottom and the bottom of its last box, where the result leaves.
   */
  block(step: Extract<DiagramStep, { lanes: unknown }>, spec: ModelSpec, entry: Point[], y: number): [number, number] {
    const blockIndex = this.rects.length;
    const heading = (x: number, anchor: DiagramText['anchor'], font: DiagramText['font'], span: DiagramSpan) =>
      this.texts.push({ x, y: y + 18, anchor, font, spans: [span] });
    heading(LEFT + BLOCK_PAD, 'start', 'heading', { text: step.module, style: 'title' });
    if (step.tag !== null) heading(RIGHT - BLOCK_PAD, 'end', 'sans', { text: step.tag, style: 'note' });
    const inner = RIGHT - LEFT - 2 * BLOCK_PAD;
    const count = step.lanes.length;
    const laneWidth = count === 1 ? SINGLE : (inner - LANE_GAP * (count - 1)) / count;
    const laneX = (index: number) =>
      count === 1 ? CENTRE - SINGLE / 2 : LEFT + BLOCK_PAD + index * (laneWidth + LANE_GAP);
    const laneTop = y + HEADER + (count > 1 ? 14 : 0);
    if (count > 1) {
      // The input forks: down to a bus, then one arrow per lane.
      const bus = y + HEADER + 2;
      const centres = step.lanes.map((_, index) => laneX(index) + laneWidth / 2);
      this.arrows.push(arrow([...entry, [CENTRE, bus]], 'flow', false));
      this.arrows.push(
        arrow(
          [
            [Math.min(...centres), bus],
            [Math.max(...centres), bus],
          ],
          'flow',
          false,
        ),
      );
      for (const centre of centres)
        this.arrows.push(
          arrow([
            [centre, bus],
            [centre, laneTop],
          ]),
        );
    } else this.arrows.push(arrow([...entry, [CENTRE, laneTop]]));
    let lanesBottom = laneTop;
    const ends: Point[] = [];
    step.lanes.forEach((lane, index) => {
      let cursor = laneTop;
      const centre = laneX(index) + laneWidth / 2;
      lane.forEach((item, position) => {
        if (position > 0) {
          this.arrows.push(
            arrow([
              [centre, cursor],
              [centre, cursor + GAP],
            ]),
          );
          cursor += GAP;
        }
        cursor += this.node(item, spec, laneX(index), cursor, laneWidth);
      });
      ends.push([centre, cursor]);
      lanesBottom = Math.max(lanesBottom, cursor);
    });
    const opTop = lanesBottom + GAP;
    for (const end of ends) this.arrows.push(arrow([end, [end[0], opTop]]));
    let cursor = opTop + this.node(step.op, spec, LEFT + BLOCK_PAD, opTop, inner);
    for (const item of step.after) {
      this.arrows.push(
        arrow([
          [CENTRE, cursor],
          [CENTRE, cursor + GAP],
        ]),
      );
      cursor += GAP;
      cursor += this.node(item, spec, CENTRE - SINGLE / 2, cursor, SINGLE);
    }
    const bottom = cursor + BLOCK_PAD;
    // The block's frame goes under everything drawn inside it.
    this.rects.splice(blockIndex, 0, { x: LEFT, y, width: RIGHT - LEFT, height: bottom - y, style: 'block' });
    return [bottom, cursor];
  }
}

/** The layer in words, for the SVG's <desc>: every step, and every tensor with its shape. */
function describeLayer(structure: LayerStructure, spec: ModelSpec, lang: TextLang): string {
  const ko = lang === 'ko';
  const sentences = structure.steps.map((step) => {
    if (step.kind === 'add') return ko ? '결과를 잔차 스트림에 더합니다.' : 'Add the result to the residual stream.';
    if (step.kind === 'norm') return `${nodeText(step.node, spec).join(', ')} (${step.node.tag ?? ''}).`;
    const parts = stepNodes(step).map((item) => nodeText(item, spec).join(', '));
    return `${step.module}${step.tag === null ? '' : ` (${step.tag})`}: ${parts.join('; ')}.`;
  });
  return (
    ko
      ? [`잔차 스트림 입력, 너비 ${formatInteger(spec.hiddenSize)}.`, ...sentences, '잔차 스트림 출력.']
      : [`Residual stream in, width ${formatInteger(spec.hiddenSize)}.`, ...sentences, 'Residual stream out.']
  ).join(' ');
}

/**
 * The block diagram of one decoder layer, laid out: its structure ({@link layerStructure}) plus
 * boxes, text lines, arrows, residual additions and forks in a {@link DIAGRAM_WIDTH}-unit viewBox.
 * `layer` defaults to {@link defaultLayer}; `model` names the model in the title.
 *
 * @example blockDiagram(llama31_8b, { model: 'meta-llama/Llama-3.1-8B' }).title //=> 'Decoder layer 0 of meta-llama/Llama-3.1-8B'
 */
export function blockDiagram(
  spec: ModelSpec,
  options: { layer?: number; model?: string; lang?: TextLang } = {},
): BlockDiagram {
  const lang = options.lang ?? 'en';
  const ko = lang === 'ko';
  const structure = layerStructure(spec, options.layer ?? defaultLayer(spec), lang);
  const canvas = new Canvas();
  const adds: BlockDiagram['adds'] = [];
  const forks: BlockDiagram['forks'] = [];
  const { layer } = structure;
  const last = layer === spec.decoderLayers.length - 1;
  canvas.texts.push({
    x: 2,
    y: 14,
    anchor: 'start',
    font: 'sans',
    spans: [
      { text: ko ? '잔차 스트림 입력, 너비 ' : 'residual stream in, width ', style: 'note' },
      {
        text: formatInteger(spec.hiddenSize),
        style: 'note',
        metric: 'architecture.hiddenSize',
        value: spec.hiddenSize,
      },
      {
        text: ko
          ? layer === 0
            ? ' (임베딩에서)'
            : ` (레이어 ${layer - 1}에서)`
          : layer === 0
            ? ' (from the embeddings)'
            : ` (from layer ${layer - 1})`,
        style: 'note',
      },
    ],
  });
  let spineTop = 22;
  // The bottom of what was drawn last, and the point the next box is fed from (null: the residual stream).
  let cursor = 30;
  let from: Point | null = null;
  for (const step of structure.steps) {
    if (step.kind === 'add') {
      const y = cursor + GAP / 2 + ADD_RADIUS;
      canvas.arrows.push(arrow([from ?? [CENTRE, cursor], [CENTRE, y], [SPINE + ADD_RADIUS, y]]));
      canvas.arrows.push(
        arrow(
          [
            [SPINE, spineTop],
            [SPINE, y - ADD_RADIUS],
          ],
          'residual',
        ),
      );
      adds.push({ x: SPINE, y, r: ADD_RADIUS });
      spineTop = y + ADD_RADIUS;
      cursor = y + ADD_RADIUS + 4;
      from = null;
      continue;
    }
    let entry: Point[];
    let top: number;
    if (from === null) {
      // The residual stream forks into the sub-layer.
      const forkY = cursor + 8;
      forks.push({ x: SPINE, y: forkY });
      entry = [
        [SPINE, forkY],
        [CENTRE, forkY],
      ];
      top = forkY + GAP;
    } else {
      entry = [from];
      top = cursor + GAP;
    }
    if (step.kind === 'norm') {
      canvas.arrows.push(arrow([...entry, [CENTRE, top]]));
      cursor = top + canvas.node(step.node, spec, LEFT, top, RIGHT - LEFT);
      from = [CENTRE, cursor];
    } else {
      const [bottom, exit] = canvas.block(step, spec, entry, top);
      cursor = bottom;
      from = [CENTRE, exit];
    }
  }
  const end = cursor + 18;
  canvas.arrows.push(
    arrow(
      [
        [SPINE, spineTop],
        [SPINE, end],
      ],
      'residual',
    ),
  );
  canvas.texts.push({
    x: 2,
    y: end + 16,
    anchor: 'start',
    font: 'sans',
    spans: [
      {
        text: ko
          ? `잔차 스트림 출력 (${last ? '최종 정규화로' : `레이어 ${layer + 1}로`})`
          : `residual stream out (${last ? 'to the final norm' : `to layer ${layer + 1}`})`,
        style: 'note',
      },
    ],
  });
  const model = options.model ?? spec.architectureClass;
  return {
    ...structure,
    width: DIAGRAM_WIDTH,
    height: Math.ceil(end + 24),
    title: ko ? `${model}의 디코더 레이어 ${layer}` : `Decoder layer ${layer} of ${model}`,
    description: describeLayer(structure, spec, lang),
    rects: canvas.rects,
    texts: canvas.texts,
    arrows: canvas.arrows,
    adds,
    forks,
  };
}
