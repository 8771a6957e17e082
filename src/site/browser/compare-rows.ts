/**
 * The rows of the comparison table, as pure functions of a model and the run options: the
 * compare page renders them at build time and its island re-renders them in the browser when
 * the reader picks other models, so both always agree. A cell is a list of parts; every number
 * is a part with its metric, so it renders with data-metric and data-value. Imports no zod.
 */
import { isPastContext } from '../../lib/describe.ts';
import { formatMetric, metricValue, runAnalysis } from '../../lib/metrics.ts';
import type { RunOptions } from '../../lib/options.ts';
import type { ParamCounts } from '../../lib/params.ts';
import type { ArchitectureSummary } from '../../lib/summary.ts';
import { architectureSummary } from '../../lib/summary.ts';
import type { ModelSpec } from '../../lib/types.ts';

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

/** A number with its metric path, written as the registry writes that metric. */
const n = (metric: string, value: number | null, text?: string): CellPart =>
  value === null ? '–' : { text: text ?? formatMetric(metric, value), metric, value };
/** A metric of the model's `architecture` summary, by its path. */
const arch = (a: ArchitectureSummary, path: string): CellPart => n(`architecture.${path}`, metricValue(a, path));
const run = (metric: string) => (m: CompareModel, o: RunOptions) => [
  n(metric, metricValue(runAnalysis(m.spec, m.matmulParams, o), metric)),
  // A context past the model's own maximum is arithmetic, not something the model can run.
  ...(isPastContext(m.spec, o.contextTokens) ? [' (past its context)'] : []),
];

// The summary is derived once per spec object: rows are rendered for every model and every row.
const summaries = new WeakMap<ModelSpec, ArchitectureSummary>();
function summary(spec: ModelSpec): ArchitectureSummary {
  let found = summaries.get(spec);
  if (found === undefined) {
    found = architectureSummary(spec);
    summaries.set(spec, found);
  }
  return found;
}

function attentionParts(a: ArchitectureSummary): CellPart[] {
  if (a.mla !== null) {
    return [
      'MLA, ',
      arch(a, 'heads'),
      ' heads, latent ',
      arch(a, 'mla.kvLoraRank'),
      ' + rotary key ',
      arch(a, 'mla.qkRopeHeadDim'),
    ];
  }
  const heads = [arch(a, 'heads'), ' query / ', arch(a, 'kvHeads'), ' KV heads'];
  return [`${a.attentionKind}, `, ...heads];
}

function windowParts(a: ArchitectureSummary): CellPart[] {
  if (a.slidingLayers === 0 && a.chunkedLayers === 0) return ['global on every layer'];
  const parts: CellPart[] = [];
  if (a.slidingLayers > 0) {
    parts.push('sliding ', a.slidingWindow === null ? 'windows of several sizes' : arch(a, 'slidingWindow'));
    parts.push(
      ...(a.slidingLayers === a.layers
        ? [' on every layer']
        : [' on ', arch(a, 'slidingLayers'), ' of ', arch(a, 'layers'), ' layers']),
    );
  }
  if (a.chunkedLayers > 0) {
    parts.push(
      parts.length > 0 ? '; chunks of ' : 'chunks of ',
      a.attentionChunk === null ? 'several sizes' : arch(a, 'attentionChunk'),
    );
    parts.push(' on ', arch(a, 'chunkedLayers'), ' of ', arch(a, 'layers'), ' layers');
  }
  return parts;
}

function positionParts(spec: ModelSpec): CellPart[] {
  const position = spec.position;
  if (position.kind === 'learned') {
    return ['learned absolute, ', n('architecture.position.maxPositions', position.maxPositions), ' positions'];
  }
  const parts: CellPart[] = ['RoPE θ ', n('architecture.position.theta', position.theta)];
  const scaling = position.scaling;
  if (scaling !== null) {
    parts.push(`, ${scaling.type}`);
    if (scaling.factor !== null)
      parts.push(' ×', n('architecture.position.scaling.factor', scaling.factor, String(scaling.factor)));
    if (scaling.originalMaxPositionEmbeddings !== null) {
      parts.push(
        ' from ',
        n('architecture.position.scaling.originalMaxPositionEmbeddings', scaling.originalMaxPositionEmbeddings),
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
  { label: 'Layers', live: false, cell: (m) => [arch(summary(m.spec), 'layers')] },
  { label: 'Hidden size', live: false, cell: (m) => [arch(summary(m.spec), 'hiddenSize')] },
  { label: 'Attention', live: false, cell: (m) => attentionParts(summary(m.spec)) },
  { label: 'Head dim', live: false, cell: (m) => [arch(summary(m.spec), 'headDim')] },
  { label: 'Attention window', live: false, cell: (m) => windowParts(summary(m.spec)) },
  { label: 'Positional encoding', live: false, cell: (m) => positionParts(m.spec) },
  {
    label: 'Normalisation',
    live: false,
    cell: (m) => [
      `${m.spec.norm.kind === 'rmsnorm' ? 'RMSNorm' : 'LayerNorm'}${m.spec.norm.unitOffset ? ' (1 + w)' : ''}, `,
      arch(summary(m.spec), 'norm.perLayer'),
      ' per layer',
      ...(m.spec.norm.qkNorm ? [', plus q/k norms'] : []),
    ],
  },
  {
    label: 'MLP',
    live: false,
    cell: (m) => [`${m.spec.activation.label} (${m.spec.activation.name}), width `, arch(summary(m.spec), 'ffnSize')],
  },
  {
    label: 'Experts',
    live: false,
    cell: (m) => {
      const a = summary(m.spec);
      if (a.moe === null) return ['dense'];
      return [
        arch(a, 'moe.experts'),
        ' experts, top-',
        arch(a, 'moe.topK'),
        a.moe.sharedExperts === 0
          ? ''
          : a.moe.sharedExperts === 1
            ? ', plus a shared expert'
            : `, plus ${a.moe.sharedExperts} shared experts`,
        ...(a.moe.layerCount === a.layers
          ? []
          : [' on ', arch(a, 'moe.layerCount'), ' of ', arch(a, 'layers'), ' layers']),
      ];
    },
  },
  { label: 'Vocabulary', live: false, cell: (m) => [arch(summary(m.spec), 'vocabSize')] },
  { label: 'Embeddings', live: false, cell: (m) => [m.spec.tiedEmbeddings ? 'tied' : 'untied'] },
  {
    label: 'Logit soft-capping',
    live: false,
    cell: (m) => {
      const { attentionLogits, finalLogits } = m.spec.softCapping;
      if (attentionLogits === null && finalLogits === null) return ['none'];
      return [
        'attention ',
        attentionLogits === null ? 'off' : n('architecture.softCapping.attentionLogits', attentionLogits),
        ', final ',
        finalLogits === null ? 'off' : n('architecture.softCapping.finalLogits', finalLogits),
      ];
    },
  },
  {
    label: 'Context (tokens)',
    live: false,
    cell: (m) => [arch(summary(m.spec), 'maxContextTokens')],
  },
  { label: 'KV cache per token', live: true, cell: run('kvCache.bytesPerToken') },
  { label: 'KV cache at the chosen context', live: true, cell: run('kvCache.bytes') },
  { label: 'Prefill FLOPs at the chosen context', live: true, cell: run('flops.prefill') },
  { label: 'Decode FLOPs at the chosen context', live: true, cell: run('flops.decode') },
];
