/**
 * What a calculator island needs about each model, serialised into the page at build time: the
 * normalised spec and the matmul parameters per token. The browser never parses a config.
 */
import type { SiteModel } from './models.ts';

/** JSON for a `<script type="application/json" data-models>` block, safe inside HTML. */
export function calcModelsJson(models: readonly SiteModel[]): string {
  const payload = models.map((model) => ({ id: model.id, spec: model.spec, matmulParams: model.matmulParams }));
  return JSON.stringify(payload)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
