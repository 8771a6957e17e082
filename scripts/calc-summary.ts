/**
 * The readable (non-JSON) output of `npm run calc`: every number with its exact value and a
 * human-sized one, the account from parameters to the checkpoint, and the grouped tensor table.
 * Strings from the config are printed with their control characters escaped (escapeForTerminal).
 */
import type { MemoryAnalysis as ModelAnalysis } from '../src/lib/index.ts';
import {
  formatBytes,
  formatCount,
  formatFlops,
  formatInteger,
  formatMetric,
  formatRate,
  formatSeconds,
  formatTokensPerSecond,
} from '../src/lib/index.ts';
import type { ArchitectureSummary } from '../src/lib/summary.ts';
import { escapeForTerminal } from '../src/lib/text.ts';

function positionLine(spec: ArchitectureSummary): string {
  if (spec.position.kind === 'learned') {
    return `learned absolute positions (${formatInteger(spec.position.maxPositions)} rows)`;
  }
  const scaling = spec.position.scaling;
  const base = `RoPE θ ${formatInteger(spec.position.theta)}`;
  const local = new Set(
    spec.decoderLayers.flatMap((layer) =>
      layer.position.kind === 'rope' &&
      layer.position.theta !== (spec.position.kind === 'rope' ? spec.position.theta : 0)
        ? [layer.position.theta]
        : [],
    ),
  );
  const otherBases = local.size === 0 ? '' : ` (some layers θ ${[...local].map(formatInteger).join(', ')})`;
  if (scaling === null) return `${base}${otherBases}`;
  const factor = scaling.factor === null ? '' : ` ×${scaling.factor}`;
  const original =
    scaling.originalMaxPositionEmbeddings === null
      ? ''
      : ` from ${formatInteger(scaling.originalMaxPositionEmbeddings)} tokens`;
  return `${base}${otherBases}, ${scaling.type} scaling${factor}${original}`;
}

/** Serving memory on the chosen GPUs, and fine-tuning memory when asked for. */
function memoryLines(analysis: ModelAnalysis): string[] {
  const memory = analysis.memory;
  const bytes = (label: string, value: number) => row(label, `${formatInteger(value)} B`, formatBytes(value));
  const gpu = memory.gpu;
  const lines = [
    `Memory (${memory.weights.format} weights, ${analysis.kvCache.dtype} KV, ${memory.gpus} × ${gpu.id}: ${formatBytes(gpu.memoryBytes)}, ${formatRate(gpu.bandwidthBytesPerSecond, 'B/s')}, ${formatRate(gpu.bf16FlopsPerSecond, 'FLOP/s')} BF16; reserve ${formatMetric('memory.reserveFraction', memory.reserveFraction)})`,
    bytes('weights', memory.weights.bytes),
    bytes('KV cache', memory.kvCacheBytes),
    bytes('total', memory.totalBytes),
    bytes('per GPU', memory.perGpuBytes),
    bytes('usable per GPU', memory.usableBytesPerGpu),
    `  fits: ${memory.fits ? 'yes' : 'no'}`,
    row('max context at this batch', formatInteger(memory.maxContext), 'tokens'),
    row('max batch at this context', formatInteger(memory.maxBatch), 'sequences'),
    row('decode', formatTokensPerSecond(memory.decodeTokensPerSecond), 'upper bound'),
    row('prefill', formatSeconds(memory.prefillSeconds), 'lower bound'),
  ];
  const training = analysis.training;
  if (training === undefined) return lines;
  return [
    ...lines,
    '',
    `Fine-tuning (${training.mode}${training.loraRank === null ? '' : `, rank ${training.loraRank}`}; AdamW 16 bytes per trainable parameter; activations by Korthikanti et al. 2022)`,
    row('trainable parameters', formatInteger(training.trainableParameters), formatCount(training.trainableParameters)),
    bytes('frozen weights', training.frozenWeightsBytes),
    bytes('trainable state', training.trainableStateBytes),
    bytes('activations', training.activationBytes),
    bytes('  with recomputation', training.activationBytesWithRecomputation),
    bytes('total', training.bytes),
    bytes('  with recomputation', training.bytesWithRecomputation),
  ];
}

function attentionLine(spec: ArchitectureSummary): string {
  if (spec.mla !== null) {
    const mla = spec.mla;
    return `${spec.heads} heads, MLA: kv_lora_rank ${mla.kvLoraRank}, qk_rope ${mla.qkRopeHeadDim}, qk_nope ${mla.qkNopeHeadDim}, v ${mla.vHeadDim}${mla.qLoraRank === null ? '' : `, q_lora_rank ${mla.qLoraRank}`}`;
  }
  const ratio = spec.attentionKind === 'GQA' ? `, ${spec.queriesPerKvHead} query heads per KV head` : '';
  return `${spec.heads} heads, ${spec.kvHeads} KV heads (${spec.attentionKind}${ratio}), head_dim ${spec.headDim}`;
}

const row = (label: string, exact: string, human: string): string =>
  `  ${label.padEnd(24)}${exact.padStart(26)}  ${human}`;

/** The checkpoint's terms beyond the parameters: each explanation once, then its terms, names in full. */
function checkpointLines(terms: ModelAnalysis['checkpoint']['terms']): string[] {
  const lines: string[] = [];
  let explanation = '';
  for (const term of terms) {
    if (term.explanation !== explanation) {
      explanation = term.explanation;
      lines.push(`  ${explanation}`);
    }
    lines.push(
      `  + ${formatInteger(term.elements).padStart(48)}  ${term.tensors} ${formatInteger(term.count)} × [${term.shape.join(', ')}] ${term.dtype}`,
    );
  }
  return lines;
}

/** The whole summary as lines of text; `reach` is the layer pattern in words (describeReach). */
export function formatSummary(analysis: ModelAnalysis, reach: string): string {
  const spec = analysis.architecture;
  const moe = spec.moe;
  const checkpointTerms = analysis.checkpoint.terms;
  const lines = [
    `${analysis.model}  (${spec.modelType}, ${spec.architectureClass})`,
    '',
    'Architecture',
    `  ${spec.layers} layers, hidden ${formatInteger(spec.hiddenSize)}, ${attentionLine(spec)}`,
    `  MLP: ${spec.activation.label} (${spec.activation.name}), ${formatInteger(spec.ffnSize)} wide`,
    ...(moe === null
      ? []
      : [
          `  MoE: ${moe.experts} experts of width ${formatInteger(moe.expertFfnSize)}, top-${moe.topK}` +
            (moe.sharedExpertFfnSize === null
              ? ''
              : `, ${moe.sharedExperts} shared expert${moe.sharedExperts === 1 ? '' : 's'} of width ${formatInteger(moe.sharedExpertFfnSize)} in all`) +
            `${moe.routerBias ? ', router bias' : ''}, on ${moe.layerCount} of ${spec.layers} layers`,
        ]),
    `  Norm: ${spec.norm.kind === 'rmsnorm' ? 'RMSNorm' : 'LayerNorm'}${spec.norm.unitOffset ? ' with (1 + w) scale' : ''}, ${spec.norm.perLayer} per layer${spec.norm.qkNorm ? ' plus q/k norms' : ''}, eps ${spec.norm.epsilon.toExponential()}`,
    `  Positions: ${positionLine(spec)}`,
    `  Attention reach: ${reach}`,
    `  Vocabulary ${formatInteger(spec.vocabSize)}, embeddings ${spec.tiedEmbeddings ? 'tied' : 'untied'}, context ${formatInteger(spec.maxContextTokens)} tokens`,
    `  Biases: q/k/v ${spec.bias.qkv ? 'yes' : 'no'}, attention output ${spec.bias.attentionOutput ? 'yes' : 'no'}, MLP ${spec.bias.mlp ? 'yes' : 'no'}`,
    ...(spec.sinkLayers === 0
      ? []
      : [`  Attention sinks: one learned logit per head on ${spec.sinkLayers} of ${spec.layers} layers`]),
    ...(spec.vision === null
      ? []
      : [
          `  Vision tower: ${spec.vision.modelType}, ${spec.vision.layers} layers, hidden ${formatInteger(spec.vision.hiddenSize)}, ${spec.vision.imageSize} px images in ${spec.vision.patchSize} px patches` +
            (spec.vision.tokensPerImage === null ? '' : `, ${spec.vision.tokensPerImage} tokens per image`),
        ]),
    ...(spec.multiTokenPredictionLayers === 0
      ? []
      : [
          `  Multi-token prediction: ${spec.multiTokenPredictionLayers} ${spec.multiTokenPredictionLayers === 1 ? 'layer' : 'layers'} in the checkpoint, not loaded by transformers`,
        ]),
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
    row(
      '  without embeddings',
      formatInteger(analysis.params.activeNonEmbedding),
      formatCount(analysis.params.activeNonEmbedding),
    ),
    ...(analysis.params.vision === 0
      ? []
      : [row('vision tower', formatInteger(analysis.params.vision), formatCount(analysis.params.vision))]),
    ...checkpointLines(checkpointTerms),
    analysis.params.checkpoint === null
      ? `  checkpoint (Hub count): not determined: ${analysis.checkpoint.undetermined ?? ''}`
      : row(
          'checkpoint (Hub count)',
          formatInteger(analysis.params.checkpoint),
          formatCount(analysis.params.checkpoint),
        ),
    '',
    `KV cache (${analysis.kvCache.dtype}, batch ${formatInteger(analysis.kvCache.batch)}, context ${formatInteger(analysis.kvCache.context)} tokens; 1 GiB = 2^30 bytes)`,
    row(
      'per token (no window)',
      `${formatInteger(analysis.kvCache.bytesPerToken)} B`,
      formatBytes(analysis.kvCache.bytesPerToken),
    ),
    row('total', `${formatInteger(analysis.kvCache.bytes)} B`, formatBytes(analysis.kvCache.bytes)),
    ...(analysis.kvCache.withoutMlaCompression === null
      ? []
      : [
          row(
            'without MLA compression',
            `${formatInteger(analysis.kvCache.withoutMlaCompression.bytes)} B`,
            formatBytes(analysis.kvCache.withoutMlaCompression.bytes),
          ),
        ]),
    '',
    `FLOPs per sequence (context ${formatInteger(analysis.flops.context)} tokens, ${analysis.flops.attention} attention; a multiply-add = 2 FLOPs)`,
    row('prefill', formatInteger(analysis.flops.prefill), formatFlops(analysis.flops.prefill)),
    row('decode (last token)', formatInteger(analysis.flops.decode), formatFlops(analysis.flops.decode)),
    row('training (3 × prefill)', formatInteger(analysis.flops.training), formatFlops(analysis.flops.training)),
    '',
    ...memoryLines(analysis),
    '',
    `Tensors (${formatInteger(analysis.tensorGroups.reduce((sum, group) => sum + group.count, 0))}, identical layers and experts grouped)`,
    ...analysis.tensorGroups.map(
      (group) =>
        `  ${group.name} [${group.shape.join(', ')}]${group.count > 1 ? ` × ${formatInteger(group.count)}` : ''}`,
    ),
  ];
  // Each line is one line of text; a config's strings (hidden_act, architectures[0], …) cannot add or
  // break lines, or send the terminal escape codes: their control characters are shown as \x1b, \u202e.
  return `${lines.map(escapeForTerminal).join('\n')}\n`;
}
