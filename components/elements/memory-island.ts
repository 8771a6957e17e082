/**
 * The live part of `<atlas-memory>` (atlas-memory.ts loads it on first use), behind `<MemoryPlanner>`. The build renders every number, the bar
 * and the fits-on table; this element reads the model from its `<script data-planner>` child,
 * listens to the form (weights, dtype, context, batch, gpu, gpus, reserve), recomputes with the
 * same functions (memory-planner.ts over the library) and rewrites the numbers, the bar and the
 * table. State is mirrored in the URL under `mem.*` keys (url-state.ts writeState; atlas-memory.ts
 * restored them before this loaded); an invalid field
 * shows an inline message and leaves the last good numbers in place.
 */
import { ConfigError } from '../../src/lib/errors.ts';
import type { PackedSpec } from '../../src/lib/spec-json.ts';
import { unpackSpec } from '../../src/lib/spec-json.ts';
import type { PlannerField, PlannerModel, PlannerState } from '../../src/site/browser/memory-planner.ts';
import { PLANNER_FIELDS, resolvePlannerState } from '../../src/site/browser/memory-planner.ts';
import { renderPlan } from '../../src/site/browser/memory-render.ts';
import { langOf } from '../../src/site/browser/messages.ts';
import { writeState } from '../../src/site/browser/url-state.ts';

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

/** The live planner of one `<atlas-memory>`: reads its model, follows its form, mirrors the URL. */
class LivePlanner {
  #model: PlannerModel | null = null;
  #form: HTMLFormElement | null = null;
  readonly #element: HTMLElement;

  constructor(element: HTMLElement) {
    this.#element = element;
  }

  querySelector<E extends Element = Element>(selector: string): E | null {
    return this.#element.querySelector<E>(selector);
  }

  toggleAttribute(name: string, force: boolean): void {
    this.#element.toggleAttribute(name, force);
  }

  /** Starts following the form; `changed` when a control has already moved. */
  start(changed: boolean): void {
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
    this.#form.addEventListener('input', () => this.#update(true));
    this.#form.addEventListener('change', () => this.#update(true));
    // Started because a control moved (write the URL) or because atlas-memory.ts restored the URL's values.
    this.#update(changed);
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
    renderPlan(this.#element, model, state, langOf(this.#element));
    if (writeUrl && this.#form !== null) writeState(this.#form);
  }
}

/** Makes `element`'s planner live (called by atlas-memory.ts once the planner is needed). */
export function startPlanner(element: HTMLElement, changed: boolean): void {
  new LivePlanner(element).start(changed);
}
