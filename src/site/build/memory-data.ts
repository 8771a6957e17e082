/**
 * The memory planner's model serialised into a page at build time (its `<script data-planner>`).
 */
import { packSpec } from '../../lib/spec-json.ts';
import type { PlannerModel } from '../browser/memory-planner.ts';
import { jsonForHtml } from './html-json.ts';

export { plannerModel } from '../browser/memory-planner.ts';

/** JSON for the planner's `<script type="application/json" data-planner>` block, safe inside HTML. */
export function plannerModelJson(model: PlannerModel): string {
  return jsonForHtml({ ...model, spec: packSpec(model.spec) });
}
