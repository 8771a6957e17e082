/**
 * `<atlas-memory>`: the island behind `<MemoryPlanner>`. The build renders every number, the bar
 * and the fits-on table; this element reads the model from its `<script data-planner>` child,
 * listens to the form (weights, dtype, context, batch, gpu, gpus, reserve), recomputes with the
 * same functions (memory-planner.ts over the library) and rewrites the numbers, the bar and the
 * table. State is mirrored in the URL under `mem.*` keys and restored from it; an invalid field
 * shows an inline message and leaves the last good numbers in place.
 */
import { ConfigError } from '../../src/lib/errors.ts';
import type { PackedSpec } from '../../src/lib/spec-json.ts';
import { unpackSpec } from '../../src/lib/spec-json.ts';
import type { PlannerField, PlannerModel, PlannerState } from '../../src/site/browser/memory-planner.ts';
import { PLANNER_DEFAULTS, PLANNER_FIELDS, resolvePlannerState } from '../../src/site/browser/memory-planner.ts';
import { renderPlan } from '../../src/site/browser/memory-render.ts';

type Field = HTMLInputElement | HTMLSelectElement;

function field(root: ParentNode, name: string): Field | null {
  const found = root.querySelector(`[name="${name}"]`);
  return found instanceof HTMLInputElement || found instanceof HTMLSelectElement ? found : null;
}

/** The first control of `root` whose error this is, by the library's key (`weights`, `context`, …). */
function fieldOfError(error: ConfigError): PlannerField | null {
  const found = PLANNER_FIELDS.find((entry) => entry.field === error.key);
  return found === undefined ? null : found.field;
}

export class AtlasMemory extends HTMLElement {
  #model: PlannerModel | null = null;
  #form: HTMLFormElement | null = null;

  connectedCallback(): void {
    try {
      const data = JSON.parse(this.querySelector('script[data-planner]')?.textContent ?? 'null') as
        (Omit<PlannerModel, 'spec'> & { spec: PackedSpec }) | null;
      if (data === null) return;
      this.#model = { ...data, spec: unpackSpec(data.spec) };
    } catch {
      return; // the build wrote this JSON; if it is unreadable the static numbers stay
    }
    this.#form = this.querySelector('form');
    if (this.#form === null) return;
    this.#form.addEventListener('submit', (event) => event.preventDefault());
    this.#form.addEventListener('input', () => this.#update(true));
    this.#form.addEventListener('change', () => this.#update(true));
    if (this.#restoreFromUrl()) this.#update(false);
  }

  #values(): Partial<Record<PlannerField, string>> {
    const values: Partial<Record<PlannerField, string>> = {};
    if (this.#form === null) return values;
    for (const { field: name } of PLANNER_FIELDS) {
      const control = field(this.#form, name);
      if (control !== null) values[name] = control.value;
    }
    return values;
  }

  #restoreFromUrl(): boolean {
    if (this.#form === null) return false;
    const query = new URLSearchParams(window.location.search);
    let changed = false;
    for (const { field: name, urlKey } of PLANNER_FIELDS) {
      const value = query.get(urlKey);
      const control = field(this.#form, name);
      // A value longer than any valid one is not copied into the page.
      if (value !== null && control !== null && value.length <= 32 && control.value !== value) {
        control.value = value;
        changed = true;
      }
    }
    return changed;
  }

  #writeUrl(values: Partial<Record<PlannerField, string>>): void {
    const url = new URL(window.location.href);
    for (const { field: name, urlKey } of PLANNER_FIELDS) {
      const value = values[name];
      if (value === undefined || value === '' || value === PLANNER_DEFAULTS[name]) url.searchParams.delete(urlKey);
      else url.searchParams.set(urlKey, value);
    }
    window.history.replaceState(window.history.state, '', url);
  }

  #showMessage(error: ConfigError | null): void {
    const message = this.querySelector<HTMLElement>('[data-calc-message]');
    if (this.#form !== null) {
      for (const { field: name } of PLANNER_FIELDS) field(this.#form, name)?.removeAttribute('aria-invalid');
      const invalid = error === null ? null : fieldOfError(error);
      if (invalid !== null) field(this.#form, invalid)?.setAttribute('aria-invalid', 'true');
    }
    if (message !== null) {
      message.textContent = error === null ? '' : error.message.replace(/^(\w)/, (letter) => letter.toUpperCase());
      message.hidden = error === null;
    }
    this.toggleAttribute('data-invalid', error !== null);
  }

  #update(writeUrl: boolean): void {
    const model = this.#model;
    if (model === null) return;
    const values = this.#values();
    let state: PlannerState;
    try {
      state = resolvePlannerState(values);
    } catch (error) {
      if (error instanceof ConfigError) {
        this.#showMessage(error);
        return;
      }
      throw error;
    }
    this.#showMessage(null);
    renderPlan(this, model, state);
    if (writeUrl) this.#writeUrl(values);
  }
}

if (!customElements.get('atlas-memory')) customElements.define('atlas-memory', AtlasMemory);
