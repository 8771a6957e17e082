/**
 * /api/models.json: the index of every model in the snapshot, with the URL of its full record and
 * the headline numbers of the /models/ table (the same rows as /api/models.csv).
 * A stable public URL: the embeddable calculators and other sites read it; keys are only ever added.
 */
import type { APIRoute } from 'astro';
import { modelIndexRows } from '../../site/build/model-index.ts';

export const GET: APIRoute = () =>
  new Response(`${JSON.stringify({ models: modelIndexRows() }, null, 2)}\n`, {
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
