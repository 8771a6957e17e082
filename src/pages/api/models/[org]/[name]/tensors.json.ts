/**
 * /api/models/<org>/<name>/tensors.json: every tensor of one model's checkpoint by its own name and
 * shape, in state-dict order (each routed expert's matrices spelt out), generated at build time
 * from the same tensor list the counts come from: the shapes' products sum to `params.total`.
 * The model page loads it on demand (atlas-tensor-list.ts) instead of inlining the flat list.
 * `tensors` is the `tensors` array of `calc --json`; one tensor per line keeps it diffable.
 */
import type { APIRoute, GetStaticPaths } from 'astro';
import { expandTensors } from '../../../../../lib/tensors.ts';
import type { SiteModel } from '../../../../../site/build/models.ts';
import { allModels, modelPath } from '../../../../../site/build/models.ts';

export const getStaticPaths: GetStaticPaths = () =>
  allModels().map((model) => ({ params: { org: model.org, name: model.name }, props: { model } }));

export const GET: APIRoute<{ model: SiteModel }> = ({ props }) => {
  const { model } = props;
  const lines: string[] = [];
  for (const tensor of expandTensors(model.tensors)) lines.push(`    ${JSON.stringify(tensor)}`);
  const head = {
    id: model.id,
    page: modelPath(model),
    tensorCount: model.analysis.tensorCount,
    parameters: model.analysis.params.total,
  };
  const body = `${JSON.stringify(head, null, 2).replace(/\n}$/, '')},\n  "tensors": [\n${lines.join(',\n')}\n  ]\n}\n`;
  return new Response(body, { headers: { 'content-type': 'application/json; charset=utf-8' } });
};
