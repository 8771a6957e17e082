/**
 * /api/models/<org>/<name>.json: one model's config.json, its provenance (hub.json), and the
 * numbers computed from it at the site's default options (context 4,096, batch 1, bf16, causal):
 * the `calc --json` contract without the tensor list, which the config determines.
 */
import type { APIRoute, GetStaticPaths } from 'astro';
import type { SiteModel } from '../../../../site/build/models.ts';
import { allModels } from '../../../../site/build/models.ts';
import { sitePath } from '../../../../site/url.ts';

export const getStaticPaths: GetStaticPaths = () =>
  allModels().map((model) => ({ params: { org: model.org, name: model.name }, props: { model } }));

export const GET: APIRoute<{ model: SiteModel }> = ({ props }) => {
  const { model } = props;
  const { architecture, params, kvCache, flops } = model.analysis;
  const record = {
    id: model.id,
    family: model.family,
    page: sitePath(`/models/${model.id}/`),
    config: model.entry.config,
    provenance: model.entry.hub,
    results: { architecture, params, kvCache, flops },
  };
  return new Response(`${JSON.stringify(record, null, 2)}\n`, {
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
};
