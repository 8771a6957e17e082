/**
 * What a calculator island needs about each model, serialised into the page at build time: the
 * normalised spec (its layers as runs, packSpec) and the matmul parameters per token. The browser
 * never parses a config.
 */
import { packSpec } from '../../lib/spec-json.ts';
import type { ModelSpec } from '../../lib/types.ts';
import { jsonForHtml } from './html-json.ts';

interface CalcModel {
  id: string;
  spec: ModelSpec;
  matmulParams: number;
}

/** JSON for a `<script type="application/json" data-models>` block, safe inside HTML. */
export function calcModelsJson(models: readonly CalcModel[]): string {
  const payload = models.map(({ id, spec, matmulParams }) => ({ id, spec: packSpec(spec), matmulParams }));
  return jsonForHtml(payload);
}
