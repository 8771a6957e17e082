/**
 * The body of `<llm-memory>`, loaded by calculators.js only when such an element has a model to
 * show (a separate chunk, so pages without one never download the planner). The same controls,
 * numbers, bar and fits-on table as the site's `<MemoryPlanner>` (context, batch and KV dtype are
 * attributes, the other four are controls in the element), filled by the same functions
 * (memory-planner.ts, memory-render.ts); every number is `data-metric` + `data-value`.
 */
import { ConfigError } from '../../src/lib/errors.ts';
import { GPUS } from '../../src/lib/gpus.ts';
import { FITS_ON_COUNTS, MAX_GPUS } from '../../src/lib/memory.ts';
import { tensorList } from '../../src/lib/tensors.ts';
import type { ModelSpec } from '../../src/lib/types.ts';
import { WEIGHT_FORMAT_LABELS, WEIGHT_FORMATS } from '../../src/lib/weight-formats.ts';
import type { PlannerField } from '../../src/site/browser/memory-planner.ts';
import { plannerModel, resolvePlannerState } from '../../src/site/browser/memory-planner.ts';
import { MEMORY_STATE_EVENT } from '../../src/site/browser/memory-fields.ts';
import { renderPlan } from '../../src/site/browser/memory-render.ts';

const STYLE = `
form { display: flex; flex-wrap: wrap; gap: .5rem 1rem; margin: 0 0 .75rem; }
label { display: flex; flex-direction: column; gap: .15rem; font-size: .8rem; color: var(--_muted); }
input, select { font: inherit; font-size: .9rem; color: var(--_fg); background: var(--_bg); border: 1px solid var(--_border); border-radius: .3rem; padding: .2rem .35rem; }
input { width: 7.5rem; }
[aria-invalid="true"] { border-color: var(--_error); }
.verdict[data-fits="false"] strong { color: var(--_error); }
svg { display: block; width: 100%; height: auto; margin: .25rem 0; }
.memory-bar-weights { fill: #3b82f6; } .memory-bar-kv { fill: #e8590c; }
.memory-bar-free { fill: transparent; stroke: var(--_border); } .memory-bar-reserve { fill: var(--_border); }
.memory-bar-limit { stroke: var(--_fg); stroke-width: 2; } .memory-bar-over { stroke: var(--_error); }
td[data-fits="true"] { color: var(--_accent); }
`;

/** The planner's words; Korean ones come with words-ko.ts (words.ts' `memory`), English are these. */
export const EN_MEMORY_WORDS = {
  lang: 'en' as 'en' | 'ko',
  labels: { weights: 'Weights', gpu: 'GPU', gpus: 'GPUs (tensor parallel)', reserve: 'Reserve (fraction)' },
  verdict: [': ', ' per GPU against the ', ' a GPU offers (its ', ' less a ', ' reserve), GPUs: ', '.'],
  legend: [
    'Blue: weights per GPU ',
    '; orange: KV cache per GPU ',
    '; outlined: free; grey: reserve; the line: GPU memory.',
  ],
  rows: [
    'Weights, all GPUs',
    'KV cache, all GPUs',
    'Longest context that fits (tokens)',
    'Largest batch that fits',
    'Decode, at most',
    'Prefill, at least',
  ],
  gpuColumn: 'GPU',
  note: 'Weights + KV cache against GPU memory less the reserve; activations and the framework are not modelled. Speeds are roofline upper bounds (MoE: top-k experts, as at batch 1). 1 GiB = 2³⁰ bytes.',
};
export type MemoryWords = typeof EN_MEMORY_WORDS;

function element<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A number the plan fills in (renderPlan writes its text and data-value). */
function metric(path: string): HTMLElement {
  const node = element('span');
  node.dataset['metric'] = `memory.${path}`;
  node.setAttribute('part', 'value');
  return node;
}

function control(label: string, field: HTMLInputElement | HTMLSelectElement): HTMLLabelElement {
  const wrapper = element('label');
  wrapper.append(element('span', label), field);
  return wrapper;
}

function select(name: string, options: readonly [string, string][]): HTMLSelectElement {
  const field = element('select');
  field.name = name;
  for (const [value, label] of options) {
    const option = element('option', label);
    option.value = value;
    field.append(option);
  }
  return field;
}

function number(name: string, min: number, max: number, step: string): HTMLInputElement {
  const field = element('input');
  field.name = name;
  field.type = 'number';
  field.min = String(min);
  field.max = String(max);
  field.step = step;
  return field;
}

/**
 * The planner for a parsed config at the element's attributes: controls, verdict, bar, results and
 * the fits-on table. `remember` is told each control's value when it changes (the element keeps it
 * as an attribute, so a later re-render starts from it). Throws ConfigError for bad attributes.
 */
export function memoryBody(
  spec: ModelSpec,
  label: string,
  matmulParams: number,
  attributes: Partial<Record<PlannerField, string>>,
  remember: (field: PlannerField, value: string) => void,
  words: MemoryWords = EN_MEMORY_WORDS,
): Node[] {
  let state = resolvePlannerState(attributes);
  const model = plannerModel({ id: label, spec, tensors: tensorList(spec), matmulParams });
  const style = element('style', STYLE);
  const form = element('form');
  // Context, batch and KV dtype are attributes, as on every llm-* element (on /try/ the page's controls set them).
  const controlled = ['weights', 'gpu', 'gpus', 'reserve'] as const;
  const fields: Record<(typeof controlled)[number], HTMLInputElement | HTMLSelectElement> = {
    weights: select(
      'weights',
      WEIGHT_FORMATS.map((format) => [format, WEIGHT_FORMAT_LABELS[format]]),
    ),
    gpu: select(
      'gpu',
      GPUS.map((gpu) => [gpu.id, gpu.name]),
    ),
    gpus: number('gpus', 1, MAX_GPUS, '1'),
    reserve: number('reserve', 0, 0.99, '0.01'),
  };
  fields.weights.value = state.format;
  fields.gpu.value = state.gpu.id;
  fields.gpus.value = String(state.gpus);
  fields.reserve.value = String(state.reserveFraction);
  const { labels } = words;
  for (const field of controlled) form.append(control(labels[field], fields[field]));
  const message = element('p');
  message.className = 'error';
  message.setAttribute('role', 'status');
  message.hidden = true;

  const verdict = element('p');
  verdict.className = 'verdict';
  verdict.dataset['memoryVerdict'] = '';
  const fits = element('strong');
  fits.dataset['memoryFits'] = '';
  const [v0 = '', v1 = '', v2 = '', v3 = '', v4 = '', v5 = ''] = words.verdict;
  verdict.append(
    fits,
    v0,
    metric('perGpuBytes'),
    v1,
    metric('usableBytesPerGpu'),
    v2,
    metric('gpu.memoryBytes'),
    v3,
    metric('reserveFraction'),
    v4,
    metric('gpus'),
    v5,
  );
  const bar = element('div');
  bar.dataset['memoryBar'] = '';
  const legend = element('p');
  legend.className = 'note';
  const [l0 = '', l1 = '', l2 = ''] = words.legend;
  legend.append(l0, metric('perGpuWeightsBytes'), l1, metric('perGpuKvCacheBytes'), l2);
  const list = element('dl');
  const paths = ['weights.bytes', 'kvCacheBytes', 'maxContext', 'maxBatch', 'decodeTokensPerSecond', 'prefillSeconds'];
  for (const [index, path] of paths.entries()) {
    const term = words.rows[index] ?? path;
    const row = element('div');
    const value = element('dd');
    value.append(metric(path));
    row.append(element('dt', term), value);
    list.append(row);
  }
  const table = element('table');
  const head = table.createTHead().insertRow();
  for (const text of [words.gpuColumn, ...FITS_ON_COUNTS.map((count) => `${count}×`)]) {
    const cell = element('th', text);
    cell.scope = 'col';
    head.append(cell);
  }
  const body = table.createTBody();
  for (const gpu of GPUS) {
    const row = body.insertRow();
    const name = element('th', gpu.name);
    name.scope = 'row';
    row.append(name);
    for (const count of FITS_ON_COUNTS) {
      const cell = row.insertCell();
      cell.dataset['fitsCell'] = `${gpu.id}:${count}`;
    }
  }
  const scroll = element('div');
  scroll.className = 'scroll';
  scroll.append(table);
  const note = element('p');
  note.className = 'note';
  note.textContent = words.note;

  const root = element('div');
  root.append(form, message, verdict, bar, legend, list, scroll, note);
  renderPlan(root, model, state, words.lang);
  const onInput = () => {
    const values: Partial<Record<PlannerField, string>> = { ...attributes };
    for (const field of controlled) {
      values[field] = fields[field].value;
      fields[field].removeAttribute('aria-invalid');
    }
    try {
      state = resolvePlannerState(values);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      const invalid = controlled.find((field) => field === error.key);
      if (invalid !== undefined) fields[invalid].setAttribute('aria-invalid', 'true');
      message.textContent = error.message;
      message.hidden = false;
      return;
    }
    message.hidden = true;
    renderPlan(root, model, state, words.lang);
    for (const field of controlled) remember(field, fields[field].value);
    // Out of the shadow root to the page (/try/ writes these controls into its link).
    root.dispatchEvent(new CustomEvent(MEMORY_STATE_EVENT, { bubbles: true, composed: true }));
  };
  form.addEventListener('input', onInput);
  form.addEventListener('submit', (event) => event.preventDefault());
  return [style, root];
}
