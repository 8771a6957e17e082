/**
 * `<atlas-compare>`: the model picker of the compare page. The build renders the table for the
 * default picks; this element re-renders it (with the same row functions) when the reader picks
 * other models or moves a control, redraws the KV-cache chart of the picks, and mirrors the state
 * in the URL (?models=a,b,c&context=…).
 * Text only goes through textContent; nothing from the data is parsed as HTML.
 */
import { ConfigError } from '../../src/lib/errors.ts';
import type { PackedSpec } from '../../src/lib/spec-json.ts';
import { unpackSpec } from '../../src/lib/spec-json.ts';
import type { RunOptions } from '../../src/lib/options.ts';
import type { CompareModel } from '../../src/site/browser/compare-rows.ts';
import { COMPARE_ROWS, rowCell, rowLabel } from '../../src/site/browser/compare-rows.ts';
import { langOf } from '../../src/site/browser/messages.ts';
import { localizedPath } from '../../src/site/locale-path.ts';
import {
  controlField,
  controlMessage,
  controlValues,
  readControls,
  restoreControls,
  setControlParams,
  syncContextSlider,
} from './run-controls.ts';

const PICKS = ['modelA', 'modelB', 'modelC'] as const;

class AtlasCompare extends HTMLElement {
  #models = new Map<string, CompareModel>();
  #chartDraws = 0;

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
  }

  #restore(): void {
    const query = new URLSearchParams(window.location.search);
    const models = query.get('models')?.split(',') ?? [];
    let changed = false;
    PICKS.forEach((name, index) => {
      const id = models[index];
      const field = controlField(this, name);
      if (id !== undefined && field !== null && this.#models.has(id)) {
        field.value = id;
        changed = true;
      }
    });
    if (restoreControls(this, query)) changed = true;
    if (changed) this.#render(false);
  }

  #onInput(event: Event): void {
    syncContextSlider(this, event);
    this.#render(true);
  }

  #render(writeUrl: boolean): void {
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
    const picked = PICKS.map((name) => controlField(this, name)?.value ?? '')
      .filter((id, index, all) => id !== '' && all.indexOf(id) === index)
      .map((id) => this.#models.get(id))
      .filter((model): model is CompareModel => model !== undefined);
    const output = this.querySelector('[data-compare-output]');
    if (output === null || picked.length === 0) return;
    output.replaceChildren(this.#table(picked, options));
    this.#redrawChart(picked, options);
    if (writeUrl) {
      const url = new URL(window.location.href);
      url.searchParams.set('models', picked.map((model) => model.id).join(','));
      setControlParams(url, controlValues(this));
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
