/**
 * /api/models.csv: the /models/ table as CSV, exact numbers, one row per snapshot model.
 */
import type { APIRoute } from 'astro';
import { modelIndexCsv, modelIndexRows } from '../../site/build/model-index.ts';

export const GET: APIRoute = () =>
  new Response(modelIndexCsv(modelIndexRows()), { headers: { 'content-type': 'text/csv; charset=utf-8' } });
