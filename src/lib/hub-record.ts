/**
 * The snapshot's data files, as schemas: `content/configs/models.json` (which models the site
 * covers, pinned to which Hub revision) and each model's `hub.json` (where its config came from
 * and what the Hub says it holds). Pure; reading and writing the files is src/data's job.
 */
import { z } from 'zod';

const repoId = z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'must be a Hub repo id, org/name');
const commitSha = z.string().regex(/^[0-9a-f]{40}$/, 'must be a 40-character commit sha');

/** One model of the manifest. */
export const manifestEntrySchema = z.object({
  /** The Hub repo id, `org/name`. */
  repo: repoId,
  /** The commit the snapshot is pinned to; null until the first pull from the Hub pins it. */
  revision: commitSha.nullable(),
  /** The family the site files it under (`Llama`, `Gemma`, …). */
  family: z.string().min(1),
});

/** The manifest: the models of the site, in display order. */
export const manifestSchema = z.object({
  models: z.array(manifestEntrySchema).min(1),
});

export type ManifestEntry = z.infer<typeof manifestEntrySchema>;
export type Manifest = z.infer<typeof manifestSchema>;

/**
 * Non-parameter tensors an older checkpoint stores next to the weights (GPT-2's causal-mask
 * `attn.bias`, Llama 2's rotary `inv_freq`). They inflate a count read off the checkpoint; the
 * difference is recorded here exactly rather than hidden behind a tolerance.
 */
export const checkpointBufferSchema = z.object({
  /** The checkpoint's tensor name, with the layer index as `{layer}`. */
  tensors: z.string(),
  /** Shape of one such tensor. */
  shape: z.array(z.number().int().nonnegative()),
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
  repo: repoId,
  /** The commit sha the config was pulled at, or null when the record predates the Hub sync. */
  revision: commitSha.nullable(),
  /** When the config was pulled from the Hub (ISO 8601), or null for records from public copies. */
  pulledAt: z.iso.datetime().nullable(),
  /** The Hub's parameter count: parameters only, buffers excluded. */
  parameters: z.number().int().positive(),
  /** How that count is known. */
  parametersSource: z.string().min(1),
  /** Where the config values were recorded from. */
  configSource: z.string().min(1),
  /** `verbatim` (byte-faithful), `transcribed` (every key and value copied) or `partial`. */
  configStatus: z.enum(['verbatim', 'transcribed', 'partial']),
  /** Buffers the checkpoint stores besides the parameters; empty when there are none. */
  checkpointBuffers: z.array(checkpointBufferSchema),
  /** The Hub's gating: false, "auto" or "manual"; null when not known. */
  gated: z.union([z.literal(false), z.enum(['auto', 'manual'])]).nullable(),
  /** The licence the model card declares, or null when not known. */
  license: z.string().nullable(),
  /** The Hub's safetensors element counts (buffers included) by dtype and in total, or null. */
  safetensors: z
    .object({ total: z.number().int().positive(), parameters: z.record(z.string(), z.number().int().nonnegative()) })
    .nullable(),
  note: z.string(),
});

export type HubRecord = z.infer<typeof hubRecordSchema>;
export type CheckpointBuffer = z.infer<typeof checkpointBufferSchema>;
