/**
 * /api/models.json: the index of every model in the snapshot, with the URL of its full record.
 * A stable public URL: the embeddable calculators and other sites read it.
 */
import type { APIRoute } from 'astro';
import { allModels } from '../../site/build/models.ts';

export const GET: APIRoute = () => {
  const models = allModels().map((model) => ({
    id: model.id,
    family: model.family,
    architecture: model.spec.modelType,
    parameters: model.analysis.params.total,
    url: `/api/models/${model.id}.json`,
    page: `/models/${model.id}/`,
  }));
  return new Response(`${JSON.stringify({ models }, null, 2)}\n`, {
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
};
