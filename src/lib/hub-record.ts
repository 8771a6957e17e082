/**
 * `hub.json`: where a snapshot config came from and what the Hub says the model holds.
 * Pure schema; reading the files is `src/data/snapshot.ts`'s job.
 */
import { z } from 'zod';

/**
 * Non-parameter tensors an older checkpoint stores next to the weights (GPT-2's causal-mask
 * `attn.bias`, Llama 2's rotary `inv_freq`). They inflate a count read off the checkpoint; the
 * difference is recorded here exactly rather than hidden behind a tolerance.
 */
export const checkpointBufferSchema = z.object({
  /** The checkpoint's tensor name, with the layer index as `{layer}`. */
  tensors: z.string(),
  /** Shape of one such tensor. */
  shape: z.array(z.number().int().positive()),
  /** How many the checkpoint holds (one per layer). */
  count: z.number().int().positive(),
  /** count × product(shape). */
  elements: z.number().int().positive(),
  /** The stored element type (`F32`, `U8`, …). */
  dtype: z.string(),
  /** Why the checkpoint has them and what a count that includes them shows. */
  explanation: z.string(),
});

export const hubRecordSchema = z.object({
  /** The Hub repo id, `org/name`. */
  repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/),
  /** The commit sha the config was pulled at, or null when the record predates the Hub sync. */
  revision: z
    .string()
    .regex(/^[0-9a-f]{40}$/)
    .nullable(),
  /** The Hub's published parameter count: parameters only, buffers excluded. */
  parameters: z.number().int().positive(),
  /** How that count is known. */
  parametersSource: z.string(),
  /** Where the config values were recorded from. */
  configSource: z.string(),
  /** `verbatim` (byte-faithful), `transcribed` (every key and value copied) or `partial`. */
  configStatus: z.enum(['verbatim', 'transcribed', 'partial']),
  /** Buffers the checkpoint stores besides the parameters; empty when there are none. */
  checkpointBuffers: z.array(checkpointBufferSchema),
  note: z.string(),
});

export type HubRecord = z.infer<typeof hubRecordSchema>;
export type CheckpointBuffer = z.infer<typeof checkpointBufferSchema>;
