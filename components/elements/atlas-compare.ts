/**
 * `<atlas-compare>`: the model picker of the compare page. The build renders the table for the
 * default picks; this element re-renders it (with the same row functions) when the reader picks
 * other models or moves a control, redraws the KV-cache chart of the picks, and mirrors the state
 * in the URL (?models=a,b,c&context=…: the page's only calculator, so its keys have no prefix).
 * Every pick or value of a link that is not shown as asked (an unknown id, a repeated one, a
 * fourth, a context that is not a number) is named in a note; so is a picker repeating another.
 * Text only goes through textContent; nothing from the data is parsed as HTML.
 */
import { ConfigError } from '../../src/lib/errors.ts';
import type { PackedSpec } from '../../src/lib/spec-json.ts';
import { unpackSpec } from '../../src/lib/spec-json.ts';
import type { RunOptions } from '../../src/lib/options.ts';
import { closestMatches } from '../../src/lib/suggest.ts';
import type { CompareModel } from '../../src/site/browser/compare-rows.ts';
import { COMPARE_ROWS, rowCell, rowLabel } from '../../src/site/browser/compare-rows.ts';
import { langOf } from '../../src/site/browser/messages.ts';
import { dismissNote, restoreState, setStateParams } from '../../src/site/browser/url-state.ts';
import { localizedPath } from '../../src/site/locale-path.ts';
import { controlField, controlMessage, enableControls, readControls, syncContextSlider } from './run-controls.ts';

const PICKS = ['modelA', 'modelB', 'modelC'] as const;
/** A `models=` is read up to this length: three ids fit in far less. */
const MAX_MODELS_CHARS = 1000;
/** Ids of a `models=` examined one by one; the rest are counted. */
const MAX_LINK_IDS = 10;
/** How much of an id a message quotes (and the suggestion compares). */
const QUOTED_ID_CHARS = 100;

function quotedId(id: string): string {
  return `"${id.length > QUOTED_ID_CHARS ? `${id.slice(0, QUOTED_ID_CHARS)}…` : id}"`;
}

class AtlasCompare extends HTMLElement {
  #models = new Map<string, CompareModel>();
  #chartDraws = 0;
  /** What the link asked that is not shown as asked: kept until the reader changes a pick or control. */
  #linkNotes: string[] = [];

  connectedCallback(): void {
    try {
      const models = JSON.parse(this.querySelector('script[data-all-models]')?.textContent ?? '[]') as (Omit<
        CompareModel,
        'spec'
      > & { spec: PackedSpec })[];
      for (const model of models) this.#models.set(model.id, { ...model, spec: unpackSpec(model.spec) });
    } catch {
      return;
    }
    for (const form of this.querySelectorAll('form')) {
      form.addEventListener('submit', (event) => event.preventDefault());
      form.addEventListener('input', (event) => this.#onInput(event));
      form.addEventListener('change', (event) => this.#onInput(event));
    }
    this.#restore();
    enableControls(this);
  }

  #restore(): void {
    const query = new URLSearchParams(window.location.search);
    const models = query.get('models');
    const picked = models === null ? false : this.#restorePicks(models);
    const unit = this.querySelector('[data-url-state]');
    const restored = unit !== null && restoreState(unit, query);
    // A link whose picks were not all taken is rewritten to what is shown, so that it reopens that.
    if (picked || restored || this.#linkNotes.length > 0) this.#render(this.#linkNotes.length > 0);
  }

  /**
   * Puts the link's models into the pickers in order, each at most once, and notes every id it
   * leaves out, with the closest snapshot id to an unknown one. A link with fewer models than
   * pickers leaves the rest at (none). True when the pickers changed.
   */
  #restorePicks(models: string): boolean {
    const notes: string[] = [];
    const ids = models
      .slice(0, MAX_MODELS_CHARS)
      .split(',')
      .map((id) => id.trim())
      .filter((id) => id !== '');
    const known = [...this.#models.keys()];
    const picks: string[] = [];
    for (const id of ids.slice(0, MAX_LINK_IDS)) {
      if (!this.#models.has(id)) {
        const closest = closestMatches(id.slice(0, QUOTED_ID_CHARS), known, 1)[0];
        notes.push(
          `No model ${quotedId(id)} in the snapshot${closest === undefined ? '' : ` (closest: ${closest})`}: it is left out.`,
        );
      } else if (picks.includes(id)) {
        notes.push(`${id} is in the link twice: it is shown once.`);
      } else if (picks.length === PICKS.length) {
        notes.push(`Only ${PICKS.length} models fit side by side: ${id} is left out.`);
      } else {
        picks.push(id);
      }
    }
    if (ids.length > MAX_LINK_IDS) notes.push(`${ids.length - MAX_LINK_IDS} more ids in the link are left out.`);
    if (models.length > MAX_MODELS_CHARS) notes.push(`The link's models= is cut at ${MAX_MODELS_CHARS} characters.`);
    if (picks.length === 0) notes.push('The link names no model of the snapshot: these are the default picks.');
    this.#linkNotes = notes;
    if (picks.length === 0) return false;
    PICKS.forEach((name, index) => {
      const field = controlField(this, name);
      if (field !== null) field.value = picks[index] ?? '';
    });
    return true;
  }

  #onInput(event: Event): void {
    this.#linkNotes = [];
    syncContextSlider(this, event);
    this.#render(true);
    const unit = this.querySelector('[data-url-state]');
    if (unit !== null) dismissNote(unit);
  }

  /**
   * The picks in order, each model once: a picker repeating an earlier one is marked invalid and
   * named in the notes.
   */
  #picks(notes: string[]): CompareModel[] {
    const picked: CompareModel[] = [];
    PICKS.forEach((name, index) => {
      const field = controlField(this, name);
      if (field === null) return;
      field.removeAttribute('aria-invalid');
      const earlier = PICKS.slice(0, index).findIndex((other) => controlField(this, other)?.value === field.value);
      if (field.value !== '' && earlier >= 0) {
        field.setAttribute('aria-invalid', 'true');
        notes.push(
          `Model ${index + 1} is ${field.value}, already Model ${earlier + 1}: it is shown once. Pick another model, or (none).`,
        );
        return;
      }
      const model = this.#models.get(field.value);
      if (model !== undefined) picked.push(model);
    });
    return picked;
  }

  #render(writeUrl: boolean): void {
    const notes = [...this.#linkNotes];
    const picked = this.#picks(notes);
    const note = this.querySelector<HTMLElement>('[data-compare-note]');
    if (note !== null) {
      note.textContent = notes.join(' ');
      note.hidden = notes.length === 0;
    }
    const message = this.querySelector<HTMLElement>('[data-calc-message]');
    const options = readControls(this);
    if (options instanceof ConfigError) {
      if (message !== null) {
        message.textContent = controlMessage(options);
        message.hidden = false;
      }
      return;
    }
    if (message !== null) message.hidden = true;
    const output = this.querySelector('[data-compare-output]');
    if (output === null || picked.length === 0) return;
    output.replaceChildren(this.#table(picked, options));
    this.#redrawChart(picked, options);
    const unit = this.querySelector('[data-url-state]');
    if (writeUrl && unit !== null) {
      const url = new URL(window.location.href);
      url.searchParams.set('models', picked.map((model) => model.id).join(','));
      setStateParams(url, unit);
      window.history.replaceState(window.history.state, '', url);
    }
  }

  /** The KV-cache chart of the picked models, drawn by the same function as the build's. */
  #redrawChart(models: CompareModel[], options: RunOptions): void {
    const host = this.querySelector<HTMLElement>('[data-kv-plot]');
    if (host === null) return;
    const draw = (this.#chartDraws += 1);
    void import('../../src/site/browser/kv-chart.ts').then(({ kvChartSvg }) => {
      // Only the latest change draws, however the imports resolve.
      if (draw !== this.#chartDraws) return;
      // Markup this module wrote from numbers and escaped text, never from the page's input.
      host.innerHTML = kvChartSvg(models, options, langOf(this));
    });
  }

  #table(models: CompareModel[], options: RunOptions): HTMLElement {
    const wrap = document.createElement('div');
    wrap.className = 'table-scroll';
    const table = document.createElement('table');
    table.className = 'calc-table compare-table';
    const headRow = table.createTHead().insertRow();
    headRow.append(document.createElement('th'));
    for (const model of models) {
      const th = document.createElement('th');
      th.scope = 'col';
      const link = document.createElement('a');
      link.href = localizedPath(langOf(this), `/models/${model.id}/`);
      link.textContent = model.id;
      th.append(link);
      headRow.append(th);
    }
    const body = table.createTBody();
    for (const row of COMPARE_ROWS) {
      const tr = body.insertRow();
      const th = document.createElement('th');
      th.scope = 'row';
      th.textContent = rowLabel(row, langOf(this));
      tr.append(th);
      for (const model of models) {
        const td = tr.insertCell();
        for (const part of rowCell(row, model, options, langOf(this))) {
          if (typeof part === 'string') {
            td.append(part);
          } else {
            const number = document.createElement(row.live ? 'output' : 'span');
            number.className = 'metric';
            number.dataset['metric'] = part.metric;
            number.dataset['value'] = String(part.value);
            number.dataset['model'] = model.id;
            number.textContent = part.text;
            td.append(number);
          }
        }
      }
    }
    wrap.append(table);
    return wrap;
  }
}

if (!customElements.get('atlas-compare')) customElements.define('atlas-compare', AtlasCompare);
