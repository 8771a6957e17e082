/**
 * The words of the embeddable calculators. English is bundled; Korean (`lang="ko"`) is a separate
 * chunk, words-ko.ts, fetched only by a page that asks for it, so the bundle stays in its budget.
 */
import type { MemoryWords } from './llm-memory.ts';

export const EN_WORDS = {
  headings: { params: 'Parameters', kvCache: 'KV cache', flops: 'FLOPs', tensors: 'Tensors', memory: 'Will it fit?' },
  loading: 'Loading…',
  parts: {
    total: 'Total',
    embedding: 'Embedding',
    nonEmbedding: 'Non-embedding',
    activePerToken: 'Active per token',
    vision: 'Vision tower',
    checkpoint: 'In the checkpoint (Hub count)',
  },
  exactly: ['Exactly ', ' parameters, counted from every tensor of the checkpoint.'],
  kvNote: (dtype: string, batch: string) => `${dtype}, batch ${batch}; 1 GiB = 2³⁰ bytes.`,
  perToken: 'Per token',
  atTokens: (tokens: string) => `At ${tokens} tokens`,
  flopsNote: (tokens: string, attention: string) =>
    `Per sequence at ${tokens} tokens, ${attention} attention counting; a multiply-add is 2 FLOPs.`,
  prefill: 'Prefill',
  decode: 'Decode (next token)',
  training: 'Training (3 × prefill)',
  tensorColumns: ['Tensor', 'Shape', 'Parameters', '×', 'Share'],
  tensorGroups: 'Tensor groups',
  tensorsNote: [' tensors, ', ' parameters'],
  failed: (name: string) => `could not compute this model (${name})`,
  locale: 'en-US',
};

/** `memory`: the planner's words, English in its own chunk (llm-memory.ts), Korean in words-ko.ts. */
export type EmbedWords = typeof EN_WORDS & { memory?: MemoryWords };
