/**
 * What a calculator island needs about each model, serialised into the page at build time: the
 * normalised spec and the matmul parameters per token. The browser never parses a config.
 */
import type { ModelSpec } from '../../lib/types.ts';

interface CalcModel {
  id: string;
  spec: ModelSpec;
  matmulParams: number;
}

/** JSON for a `<script type="application/json" data-models>` block, safe inside HTML. */
export function calcModelsJson(models: readonly CalcModel[]): string {
  const payload = models.map(({ id, spec, matmulParams }) => ({ id, spec, matmulParams }));
  return JSON.stringify(payload)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
