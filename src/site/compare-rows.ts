/**
 * The rows of the comparison table, as pure functions of a model and the run options: the
 * compare page renders them at build time and its island re-renders them in the browser when
 * the reader picks other models, so both always agree. A cell is a list of parts; every number
 * is a part with its metric, so it renders with data-metric and data-value. Imports no zod.
 */
import { attentionKind, windowCounts } from '../lib/describe.ts';
import { formatMetric, runMetrics } from '../lib/metrics.ts';
import type { RunOptions } from '../lib/options.ts';
import type { ParamCounts } from '../lib/params.ts';
import type { ModelSpec } from '../lib/types.ts';
import { formatInteger } from '../lib/units.ts';

export interface CompareModel {
  id: string;
  spec: ModelSpec;
  matmulParams: number;
  params: ParamCounts;
}

/** Plain text, or a number with its `calc --json` path. */
export type CellPart = string | { text: string; metric: string; value: number };

export interface CompareRow {
  label: string;
  /** Whether the row changes with context, batch, dtype or attention counting. */
  live: boolean;
  cell: (model: CompareModel, options: RunOptions) => CellPart[];
}

const n = (metric: string, value: number, text = formatMetric(metric, value)): CellPart => ({ text, metric, value });
const int = (metric: string, value: number): CellPart => n(metric, value, formatInteger(value));
const run = (metric: Parameters<typeof pick>[0]) => (m: CompareModel, o: RunOptions) => [
  n(metric, pick(metric, m, o)),
  // A context past the model's own maximum is arithmetic, not something the model can run.
  ...(o.contextTokens > m.spec.maxContextTokens ? [' (past its context)'] : []),
];
function pick(metric: keyof ReturnType<typeof runMetrics>, m: CompareModel, o: RunOptions): number {
  return runMetrics(m.spec, m.matmulParams, o)[metric];
}

function attentionParts(spec: ModelSpec): CellPart[] {
  const attention = attentionKind(spec);
  const heads = [
    int('architecture.heads', spec.heads),
    ' query / ',
    int('architecture.kvHeads', spec.kvHeads),
    ' KV heads',
  ];
  if (attention.kind === 'GQA') return ['GQA, ', ...heads];
  return [attention.kind === 'MQA' ? 'MQA, ' : 'MHA, ', ...heads];
}

function windowParts(spec: ModelSpec): CellPart[] {
  const counts = windowCounts(spec);
  if (counts.slidingLayers === 0) return ['global on every layer'];
  const windows = counts.windows.flatMap((window, index) => [
    ...(index > 0 ? ['/'] : []),
    int('architecture.layerWindows', window),
  ]);
  if (counts.globalLayers === 0) return ['sliding ', ...windows, ' on every layer'];
  return [
    'sliding ',
    ...windows,
    ' on ',
    int('architecture.slidingLayers', counts.slidingLayers),
    ' of ',
    int('architecture.layers', spec.layers),
    ' layers',
  ];
}

function positionParts(spec: ModelSpec): CellPart[] {
  const position = spec.position;
  if (position.kind === 'learned') {
    return ['learned absolute, ', int('architecture.maxContextTokens', position.maxPositions), ' positions'];
  }
  const parts: CellPart[] = ['RoPE θ ', int('architecture.position.theta', position.theta)];
  const scaling = position.scaling;
  if (scaling !== null) {
    parts.push(`, ${scaling.type}`);
    if (scaling.factor !== null)
      parts.push(' ×', n('architecture.position.scaling.factor', scaling.factor, String(scaling.factor)));
    if (scaling.originalMaxPositionEmbeddings !== null) {
      parts.push(
        ' from ',
        int('architecture.position.scaling.originalMaxPositionEmbeddings', scaling.originalMaxPositionEmbeddings),
      );
    }
  }
  return parts;
}

export const COMPARE_ROWS: readonly CompareRow[] = [
  { label: 'Architecture', live: false, cell: (m) => [`decoder-only, ${m.spec.architectureClass}`] },
  { label: 'Parameters', live: false, cell: (m) => [n('params.total', m.params.total)] },
  { label: 'Active per token', live: false, cell: (m) => [n('params.activePerToken', m.params.activePerToken)] },
  { label: 'Non-embedding', live: false, cell: (m) => [n('params.nonEmbedding', m.params.nonEmbedding)] },
  { label: 'Layers', live: false, cell: (m) => [int('architecture.layers', m.spec.layers)] },
  { label: 'Hidden size', live: false, cell: (m) => [int('architecture.hiddenSize', m.spec.hiddenSize)] },
  { label: 'Attention', live: false, cell: (m) => attentionParts(m.spec) },
  { label: 'Head dim', live: false, cell: (m) => [int('architecture.headDim', m.spec.headDim)] },
  { label: 'Attention window', live: false, cell: (m) => windowParts(m.spec) },
  { label: 'Positional encoding', live: false, cell: (m) => positionParts(m.spec) },
  {
    label: 'Normalisation',
    live: false,
    cell: (m) => [
      `${m.spec.norm.kind === 'rmsnorm' ? 'RMSNorm' : 'LayerNorm'}${m.spec.norm.unitOffset ? ' (1 + w)' : ''}, `,
      int('architecture.norm.perLayer', m.spec.norm.perLayer),
      ' per layer',
    ],
  },
  {
    label: 'MLP',
    live: false,
    cell: (m) => [
      `${m.spec.activation.label} (${m.spec.activation.name}), width `,
      int('architecture.ffnSize', m.spec.ffnSize),
    ],
  },
  {
    label: 'Experts',
    live: false,
    cell: (m) =>
      m.spec.moe === null
        ? ['dense']
        : [
            int('architecture.moe.experts', m.spec.moe.experts),
            ' experts, top-',
            int('architecture.moe.topK', m.spec.moe.topK),
            m.spec.moe.sharedExpertFfnSize === null ? '' : ', plus a shared expert',
          ],
  },
  { label: 'Vocabulary', live: false, cell: (m) => [int('architecture.vocabSize', m.spec.vocabSize)] },
  { label: 'Embeddings', live: false, cell: (m) => [m.spec.tiedEmbeddings ? 'tied' : 'untied'] },
  {
    label: 'Logit soft-capping',
    live: false,
    cell: (m) => {
      const { attentionLogits, finalLogits } = m.spec.softCapping;
      if (attentionLogits === null && finalLogits === null) return ['none'];
      return [
        'attention ',
        attentionLogits === null
          ? 'off'
          : n('architecture.softCapping.attentionLogits', attentionLogits, String(attentionLogits)),
        ', final ',
        finalLogits === null ? 'off' : n('architecture.softCapping.finalLogits', finalLogits, String(finalLogits)),
      ];
    },
  },
  {
    label: 'Context (tokens)',
    live: false,
    cell: (m) => [int('architecture.maxContextTokens', m.spec.maxContextTokens)],
  },
  { label: 'KV cache per token', live: true, cell: run('kvCache.bytesPerToken') },
  { label: 'KV cache at the chosen context', live: true, cell: run('kvCache.bytes') },
  { label: 'Prefill FLOPs at the chosen context', live: true, cell: run('flops.prefill') },
  { label: 'Decode FLOPs at the chosen context', live: true, cell: run('flops.decode') },
];
