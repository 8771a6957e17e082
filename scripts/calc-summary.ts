/**
 * The readable (non-JSON) output of `npm run calc`: every number with its exact value and a
 * human-sized one, and the full tensor table.
 */
import type { ModelAnalysis } from '../src/lib/index.ts';
import { attentionKind, formatBytes, formatCount, formatFlops, formatInteger, windowRuns } from '../src/lib/index.ts';
import type { ModelSpec } from '../src/lib/types.ts';

function positionLine(spec: ModelSpec): string {
  if (spec.position.kind === 'learned') {
    return `learned absolute positions (${formatInteger(spec.position.maxPositions)} rows)`;
  }
  const scaling = spec.position.scaling;
  const base = `RoPE θ ${formatInteger(spec.position.theta)}`;
  if (scaling === null) return base;
  const factor = scaling.factor === null ? '' : ` ×${scaling.factor}`;
  const original =
    scaling.originalMaxPositionEmbeddings === null
      ? ''
      : ` from ${formatInteger(scaling.originalMaxPositionEmbeddings)} tokens`;
  return `${base}, ${scaling.type} scaling${factor}${original}`;
}

function windowLine(spec: ModelSpec): string {
  const runs = windowRuns(spec);
  const only = runs.length === 1 ? runs[0] : undefined;
  if (only !== undefined) {
    return `all ${spec.layers} layers ${only.window === null ? 'global' : `window ${formatInteger(only.window)}`}`;
  }
  return runs
    .map((run) => {
      const layers = run.from === run.to ? `layer ${run.from}` : `layers ${run.from}–${run.to}`;
      return `${layers}: ${run.window === null ? 'global' : `window ${formatInteger(run.window)}`}`;
    })
    .join('; ');
}

function compactWindowLine(spec: ModelSpec): string {
  const runs = windowRuns(spec);
  if (runs.length <= 4) return windowLine(spec);
  const sliding = spec.layerWindows.filter((window) => window !== null);
  const alternating = runs.every((run) => run.from === run.to);
  const window = sliding[0];
  if (alternating && window !== undefined) {
    return `${sliding.length} layers with window ${formatInteger(window)} alternating with ${spec.layers - sliding.length} global layers (even layers slide)`;
  }
  return windowLine(spec);
}

const row = (label: string, exact: string, human: string): string =>
  `  ${label.padEnd(24)}${exact.padStart(26)}  ${human}`;

/** The whole summary as lines of text. */
export function formatSummary(analysis: ModelAnalysis): string {
  const spec = analysis.architecture;
  const attention = attentionKind(spec);
  const ratio = attention.kind === 'GQA' ? `, ${attention.queriesPerKvHead} query heads per KV head` : '';
  const moe = spec.moe;
  const lines = [
    `${analysis.model}  (${spec.modelType}, ${spec.architectureClass})`,
    '',
    'Architecture',
    `  ${spec.layers} layers, hidden ${formatInteger(spec.hiddenSize)}, ${spec.heads} heads, ${spec.kvHeads} KV heads (${attention.kind}${ratio}), head_dim ${spec.headDim}`,
    `  MLP: ${spec.activation.label} (${spec.activation.name}), ${formatInteger(spec.ffnSize)} wide`,
    ...(moe === null
      ? []
      : [
          `  MoE: ${moe.experts} experts of width ${formatInteger(moe.expertFfnSize)}, top-${moe.topK}` +
            (moe.sharedExpertFfnSize === null
              ? ''
              : `, shared expert of width ${formatInteger(moe.sharedExpertFfnSize)}`) +
            `, on ${moe.moeLayers.filter(Boolean).length} of ${spec.layers} layers`,
        ]),
    `  Norm: ${spec.norm.kind === 'rmsnorm' ? 'RMSNorm' : 'LayerNorm'}${spec.norm.unitOffset ? ' with (1 + w) scale' : ''}, ${spec.norm.perLayer} per layer, eps ${spec.norm.epsilon.toExponential()}`,
    `  Positions: ${positionLine(spec)}`,
    `  Attention window: ${compactWindowLine(spec)}`,
    `  Vocabulary ${formatInteger(spec.vocabSize)}, embeddings ${spec.tiedEmbeddings ? 'tied' : 'untied'}, context ${formatInteger(spec.maxContextTokens)} tokens`,
    `  Biases: q/k/v ${spec.bias.qkv ? 'yes' : 'no'}, attention output ${spec.bias.attentionOutput ? 'yes' : 'no'}, MLP ${spec.bias.mlp ? 'yes' : 'no'}`,
    ...(spec.softCapping.attentionLogits === null && spec.softCapping.finalLogits === null
      ? []
      : [
          `  Soft-capping: attention ${spec.softCapping.attentionLogits ?? 'off'}, final logits ${spec.softCapping.finalLogits ?? 'off'}`,
        ]),
    '',
    'Parameters',
    row('total', formatInteger(analysis.params.total), formatCount(analysis.params.total)),
    row('embedding', formatInteger(analysis.params.embedding), formatCount(analysis.params.embedding)),
    row('non-embedding', formatInteger(analysis.params.nonEmbedding), formatCount(analysis.params.nonEmbedding)),
    row('active per token', formatInteger(analysis.params.activePerToken), formatCount(analysis.params.activePerToken)),
    '',
    `KV cache (${analysis.kvCache.dtype}, batch ${formatInteger(analysis.kvCache.batch)}, context ${formatInteger(analysis.kvCache.context)} tokens; 1 GiB = 2^30 bytes)`,
    row(
      'per token (no window)',
      `${formatInteger(analysis.kvCache.bytesPerToken)} B`,
      formatBytes(analysis.kvCache.bytesPerToken),
    ),
    row('total', `${formatInteger(analysis.kvCache.bytes)} B`, formatBytes(analysis.kvCache.bytes)),
    '',
    `FLOPs per sequence (context ${formatInteger(analysis.flops.context)} tokens, ${analysis.flops.attention} attention; a multiply-add = 2 FLOPs)`,
    row('prefill', formatInteger(analysis.flops.prefill), formatFlops(analysis.flops.prefill)),
    row('decode (last token)', formatInteger(analysis.flops.decode), formatFlops(analysis.flops.decode)),
    row('training (3 × prefill)', formatInteger(analysis.flops.training), formatFlops(analysis.flops.training)),
    '',
    `Tensors (${formatInteger(analysis.tensors.length)})`,
    ...analysis.tensors.map((tensor) => `  ${tensor.name} [${tensor.shape.join(', ')}]`),
  ];
  return `${lines.join('\n')}\n`;
}
