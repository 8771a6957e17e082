/**
 * Reconciling the Hub's safetensors count with ours. The Hub counts every tensor in the
 * checkpoint files; some families' older checkpoints also store non-parameter buffers, so the
 * Hub's count may exceed the parameter count by exactly those buffers, and by nothing else.
 */
import type { CheckpointBuffer } from './hub-record.ts';
import type { ModelSpec } from './types.ts';

/**
 * The buffer sets a checkpoint of this architecture is known to store, each a complete
 * alternative (a checkpoint stores all of a set or none of it).
 *
 * - GPT-2 (2019 checkpoints, saved from GPT2Model): every layer's causal mask `h.N.attn.bias`
 *   [1, 1, n_positions, n_positions], some also a scalar `h.N.attn.masked_bias`.
 * - Llama (checkpoints saved by transformers before 4.31 made it non-persistent): every layer's
 *   rotary `inv_freq` [head_dim / 2] in fp32.
 */
export function knownBufferSets(spec: ModelSpec): CheckpointBuffer[][] {
  const layers = spec.layers;
  if (spec.modelType === 'gpt2') {
    const side = spec.maxContextTokens;
    const mask: CheckpointBuffer = {
      tensors: 'h.{layer}.attn.bias',
      shape: [1, 1, side, side],
      count: layers,
      elements: layers * side * side,
      dtype: 'F32',
      explanation:
        "The 2019 checkpoint stores each layer's causal mask (a registered buffer, not a parameter); " +
        "a count read off the checkpoint, like the Hub page's, includes these elements.",
    };
    const maskedBias: CheckpointBuffer = {
      tensors: 'h.{layer}.attn.masked_bias',
      shape: [],
      count: layers,
      elements: layers,
      dtype: 'F32',
      explanation: 'A scalar fill value for masked scores that older GPT-2 checkpoints store per layer.',
    };
    return [[mask], [mask, maskedBias]];
  }
  if (spec.modelType === 'llama') {
    const half = spec.headDim / 2;
    return [
      [
        {
          tensors: 'model.layers.{layer}.self_attn.rotary_emb.inv_freq',
          shape: [half],
          count: layers,
          elements: layers * half,
          dtype: 'F32',
          explanation:
            'Rotary inverse frequencies, a persistent buffer in checkpoints saved by transformers before 4.31; ' +
            'a count read off the checkpoint includes them.',
        },
      ],
    ];
  }
  return [];
}

/** Elements in a set of buffers: what a count read off the checkpoint adds to the parameters. */
export function bufferElements(buffers: readonly CheckpointBuffer[]): number {
  return buffers.reduce((sum, buffer) => sum + buffer.elements, 0);
}

/**
 * The buffers that account for the gap between the Hub's count and the parameter count: an
 * empty list when they agree, the matching known set when the gap is exactly its size, or null
 * when the gap is anything else (a sign the config and the checkpoint do not match).
 *
 * @example reconcileHubCount(gpt2Spec, 124_439_808, 137_022_720)?.[0]?.tensors //=> 'h.{layer}.attn.bias'
 */
export function reconcileHubCount(
  spec: ModelSpec,
  computedParameters: number,
  hubCount: number,
): CheckpointBuffer[] | null {
  const gap = hubCount - computedParameters;
  if (gap === 0) return [];
  for (const set of knownBufferSets(spec)) {
    if (bufferElements(set) === gap) return set;
  }
  return null;
}
