/**
 * Writes a memory plan into a planner's markup (the page's `<atlas-memory>`, the embed's
 * `<llm-memory>` shadow root, /try/): every `[data-metric^="memory."]` number with its data-value,
 * the verdict, the bar and the fits-on table, from the same functions the build used.
 */
import { isPastContext } from '../../lib/describe.ts';
import { FITS_ON_COUNTS } from '../../lib/memory.ts';
import { formatMetric, metricValue } from '../../lib/metrics.ts';
import { MAX_CONTEXT_TOKENS } from '../../lib/options.ts';
import type { PlannerModel, PlannerState } from './memory-planner.ts';
import type { BrowserLang } from './messages.ts';
import { numberLocale, tb } from './messages.ts';
import { fitsTable, memoryBarSvg, plannerPlan } from './memory-planner.ts';

/** Writes a plan into a planner's markup: numbers, verdict, bar and the fits-on table (shared with the embed). */
export function renderPlan(root: ParentNode, model: PlannerModel, state: PlannerState, lang: BrowserLang = 'en'): void {
  const plan = plannerPlan(model, state);
  const analysis = { memory: plan };
  for (const output of root.querySelectorAll<HTMLElement>('[data-metric^="memory."]')) {
    const metric = output.dataset['metric'] ?? '';
    const value = metricValue(analysis, metric);
    if (value === null) continue;
    output.dataset['value'] = String(value);
    output.textContent = formatMetric(metric, value, numberLocale(lang));
    output.removeAttribute('title');
  }
  const verdict = root.querySelector<HTMLElement>('[data-memory-verdict]');
  if (verdict !== null) verdict.dataset['fits'] = String(plan.fits);
  const fits = root.querySelector('[data-memory-fits]');
  if (fits !== null) fits.textContent = tb(lang, plan.fits ? 'memory.fits' : 'memory.doesNotFit');
  const capped = root.querySelector<HTMLElement>('[data-memory-capped]');
  if (capped !== null) capped.hidden = plan.maxContext < MAX_CONTEXT_TOKENS;
  const echo = root.querySelector('[data-echo="weights"]');
  if (echo !== null) echo.textContent = state.format;
  const bar = root.querySelector<HTMLElement>('[data-memory-bar]');
  // Markup memoryBarSvg wrote from numbers only, never from the page's input.
  if (bar !== null) bar.innerHTML = memoryBarSvg(plan, lang);
  for (const row of fitsTable(model, state)) {
    row.fits.forEach((fitsHere, index) => {
      const cell = root.querySelector<HTMLElement>(`[data-fits-cell="${row.gpu.id}:${FITS_ON_COUNTS[index] ?? 0}"]`);
      if (cell === null) return;
      cell.dataset['fits'] = String(fitsHere);
      cell.textContent = fitsHere ? tb(lang, 'memory.fitsCell') : '—';
    });
  }
  for (const marker of root.querySelectorAll<HTMLElement>('[data-beyond-context][data-model]')) {
    marker.hidden = !isPastContext(model.spec, state.contextTokens);
  }
}
