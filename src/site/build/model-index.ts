/**
 * The /models/ index as data: one row per snapshot model with its headline numbers, shared by the
 * page, /api/models.json and /api/models.csv, so the table and both downloads say the same thing.
 * Every number is exact (no rounding); the KV cache is one sequence in bf16.
 */
import { attentionKind } from '../../lib/describe.ts';
import { kvCacheAtMaxContext } from '../../lib/kv-cache.ts';
import type { SiteModel } from './models.ts';
import { allModels } from './models.ts';
import { sitePath } from '../url.ts';

export interface ModelIndexRow {
  id: string;
  family: string;
  architecture: string;
  parameters: number;
  activePerToken: number;
  nonEmbedding: number;
  /** What the checkpoint stores (the Hub's count), or null when a quantization scheme leaves it undetermined. */
  checkpoint: number | null;
  /** MHA, MQA, GQA or MLA. */
  attention: string;
  slidingLayers: number;
  kvBytesPerToken: number;
  kvBytesAtMaxContext: number;
  maxContextTokens: number;
  vocabSize: number;
  url: string;
  page: string;
}

export function modelIndexRow(model: SiteModel): ModelIndexRow {
  const { analysis, spec } = model;
  return {
    id: model.id,
    family: model.family,
    architecture: spec.modelType,
    parameters: analysis.params.total,
    activePerToken: analysis.params.activePerToken,
    nonEmbedding: analysis.params.nonEmbedding,
    checkpoint: analysis.params.checkpoint,
    attention: attentionKind(spec).kind,
    slidingLayers: analysis.architecture.slidingLayers,
    kvBytesPerToken: analysis.kvCache.bytesPerToken,
    kvBytesAtMaxContext: kvCacheAtMaxContext(spec, 'bf16'),
    maxContextTokens: spec.maxContextTokens,
    vocabSize: spec.vocabSize,
    url: sitePath(`/api/models/${model.id}.json`),
    page: sitePath(`/models/${model.id}/`),
  };
}

export function modelIndexRows(): ModelIndexRow[] {
  return allModels().map(modelIndexRow);
}

const CSV_COLUMNS: (keyof ModelIndexRow)[] = [
  'id',
  'family',
  'architecture',
  'parameters',
  'activePerToken',
  'nonEmbedding',
  'checkpoint',
  'attention',
  'slidingLayers',
  'kvBytesPerToken',
  'kvBytesAtMaxContext',
  'maxContextTokens',
  'vocabSize',
  'page',
];

/** RFC 4180 quoting: a field with a comma, quote or line break is quoted, quotes doubled. */
function csvField(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The index as CSV (a header line, then one line per model, CRLF-terminated as RFC 4180 asks). */
export function modelIndexCsv(rows: readonly ModelIndexRow[]): string {
  const lines = [CSV_COLUMNS.join(','), ...rows.map((row) => CSV_COLUMNS.map((key) => csvField(row[key])).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}

/** A model id split after each `/` and `-`, where a narrow column may break it (never mid-word). */
export function breakableParts(name: string): string[] {
  return name.split(/(?<=[/-])/);
}
