/**
 * `<atlas-calc>`: the island behind every live calculator (KV cache, FLOPs, model comparisons).
 *
 * The build renders every number into the HTML; this element only makes them move. It reads the
 * models it covers from a `<script type="application/json" data-models>` child (spec and matmul
 * parameters, computed at build time), listens to the form controls named `context`, `batch`,
 * `dtype` and `attention`, recomputes with the same library functions the build used, and writes
 * each `[data-metric][data-model]` element's text and `data-value`. State is mirrored in the URL
 * query under this calculator's own keys (`kv.context`, `flops.attention`: url-state.ts) and
 * restored from it; the Share panel's link is the page's URL, every calculator's state included.
 * Invalid input shows an inline message and leaves the last good numbers in place.
 */
import { ConfigError } from '../../src/lib/errors.ts';
import { isPastContext } from '../../src/lib/describe.ts';
import type { PackedSpec } from '../../src/lib/spec-json.ts';
import { unpackSpec } from '../../src/lib/spec-json.ts';
import { formatMetric, metricDefinition, metricValue, runAnalysis } from '../../src/lib/metrics.ts';
import type { RunAnalysis } from '../../src/lib/metrics.ts';
import type { RunOptions } from '../../src/lib/options.ts';
import { DEFAULT_RUN_OPTIONS } from '../../src/lib/options.ts';
import type { ModelSpec } from '../../src/lib/types.ts';
import { formatInteger } from '../../src/lib/units.ts';
import { langOf, numberLocale, tb } from '../../src/site/browser/messages.ts';
import type { EmbedKind } from '../../src/site/browser/share.ts';
import { elementSnippet, iframeSnippet } from '../../src/site/browser/share.ts';
import { restoreState, STATE_EVENT, writeState } from '../../src/site/browser/url-state.ts';
import type { ControlName } from './run-controls.ts';
import { controlMessage, enableControls, readControls, syncContextSlider } from './run-controls.ts';

interface CalcModel {
  id: string;
  spec: ModelSpec;
  matmulParams: number;
}

export class AtlasCalc extends HTMLElement {
  #models = new Map<string, CalcModel>();
  #form: HTMLFormElement | null = null;
  #message: HTMLElement | null = null;
  #plotPending = false;
  #plotOptions: RunOptions = DEFAULT_RUN_OPTIONS;
  /** Another calculator wrote the URL: the Share link follows, since it carries every calculator's state. */
  #onStateWritten = (): void => this.#updateShareLink();

  connectedCallback(): void {
    const data = this.querySelector('script[data-models]');
    try {
      const models = JSON.parse(data?.textContent ?? '[]') as (Omit<CalcModel, 'spec'> & { spec: PackedSpec })[];
      for (const model of models) this.#models.set(model.id, { ...model, spec: unpackSpec(model.spec) });
    } catch {
      return; // the build wrote this JSON; if it is unreadable the static numbers stay
    }
    this.#form = this.querySelector('form');
    this.#message = this.querySelector('[data-calc-message]');
    if (this.#form === null) return;
    this.#form.addEventListener('submit', (event) => event.preventDefault());
    this.#form.addEventListener('input', (event) => this.#onInput(event));
    this.#form.addEventListener('change', (event) => this.#onInput(event));
    this.addEventListener('click', (event) => void this.#copy(event));
    document.addEventListener(STATE_EVENT, this.#onStateWritten);
    this.#restoreFromUrl();
    this.#updateShare();
    enableControls(this);
  }

  disconnectedCallback(): void {
    document.removeEventListener(STATE_EVENT, this.#onStateWritten);
  }

  #updateShareLink(): void {
    const field = this.querySelector<HTMLInputElement>('[data-share] [data-share-field="link"]');
    if (field !== null) field.value = window.location.href;
  }

  /** Keeps the Share / Embed fields on the current state. */
  #updateShare(options?: RunOptions): void {
    const share = this.querySelector<HTMLElement>('[data-share]');
    if (share === null) return;
    const current = options ?? this.#readOptions();
    if (current instanceof ConfigError) return;
    const site = share.dataset['site'] ?? window.location.origin;
    const model = share.dataset['model'] ?? '';
    const kind = (share.dataset['kind'] ?? 'kv-cache') as EmbedKind;
    const embedLang = langOf(this) === 'ko' ? 'ko' : undefined;
    const fields: Record<string, string> = {
      link: window.location.href,
      iframe: iframeSnippet(site, model, kind, current, embedLang),
      element: elementSnippet(site, model, kind, current, embedLang),
    };
    for (const [name, value] of Object.entries(fields)) {
      const field = share.querySelector<HTMLInputElement | HTMLTextAreaElement>(`[data-share-field="${name}"]`);
      if (field !== null) field.value = value;
    }
  }

  async #copy(event: Event): Promise<void> {
    const button = (event.target as Element | null)?.closest<HTMLButtonElement>('[data-copy]');
    if (!button) return;
    const field = this.querySelector<HTMLInputElement | HTMLTextAreaElement>(
      `[data-share-field="${button.dataset['copy'] ?? ''}"]`,
    );
    const status = this.querySelector('.calc-share-status');
    if (field === null) return;
    try {
      await navigator.clipboard.writeText(field.value);
      if (status) status.textContent = tb(langOf(this), 'share.copied');
    } catch {
      field.select();
      if (status) status.textContent = tb(langOf(this), 'share.selected');
    }
  }

  #restoreFromUrl(): void {
    const form = this.#form;
    if (form === null || !restoreState(form)) return;
    syncContextSlider(form, new Event('input'));
    this.#update(false);
  }

  #onInput(event: Event): void {
    if (this.#form !== null) syncContextSlider(this.#form, event);
    this.#update(true);
  }

  /** The options the controls describe, or the error of the first invalid one. */
  #readOptions(): RunOptions | ConfigError {
    return this.#form === null ? DEFAULT_RUN_OPTIONS : readControls(this.#form);
  }

  #update(writeUrl: boolean): void {
    const options = this.#readOptions();
    if (options instanceof ConfigError) {
      this.#showMessage(controlMessage(options));
      return;
    }
    this.#showMessage(null);
    const results = new Map<string, RunAnalysis>();
    const lang = langOf(this);
    const locale = numberLocale(lang);
    for (const output of this.querySelectorAll<HTMLElement>('[data-model][data-metric]')) {
      const metric = output.dataset['metric'] ?? '';
      const modelId = output.dataset['model'] ?? '';
      const model = this.#models.get(modelId);
      // Only numbers that move with the controls are recomputed; the rest are the model's own.
      if (model === undefined || metricDefinition(metric)?.run !== true) continue;
      let values = results.get(modelId);
      if (values === undefined) {
        values = runAnalysis(model.spec, model.matmulParams, options);
        results.set(modelId, values);
      }
      const value = metricValue(values, metric);
      if (value === null) continue;
      output.dataset['value'] = String(value);
      output.textContent = formatMetric(metric, value, locale);
    }
    for (const marker of this.querySelectorAll<HTMLElement>('[data-beyond-context][data-model]')) {
      const model = this.#models.get(marker.dataset['model'] ?? '');
      if (model !== undefined) marker.hidden = !isPastContext(model.spec, options.contextTokens);
    }
    for (const label of this.querySelectorAll<HTMLElement>('[data-echo]')) {
      const name = label.dataset['echo'] as ControlName;
      label.textContent =
        name === 'context'
          ? formatInteger(options.contextTokens, locale)
          : name === 'batch'
            ? formatInteger(options.batch, locale)
            : name === 'dtype'
              ? options.dtype
              : options.attention;
    }
    if (writeUrl) this.#writeUrl();
    this.#updateShare(options);
    if (this.querySelector('[data-kv-plot]') !== null) this.#redrawPlot(options);
  }

  #showMessage(text: string | null): void {
    if (this.#message === null) return;
    this.#message.textContent = text ?? '';
    this.#message.hidden = text === null;
    this.toggleAttribute('data-invalid', text !== null);
  }

  #writeUrl(): void {
    if (this.#form !== null) writeState(this.#form);
  }

  /** Loads the plotting code on the first change only: it is not part of the page's first load. */
  #redrawPlot(options: RunOptions): void {
    // One redraw per frame however many controls changed, with the options of the latest change.
    this.#plotOptions = options;
    if (this.#plotPending) return;
    this.#plotPending = true;
    requestAnimationFrame(async () => {
      this.#plotPending = false;
      const host = this.querySelector<HTMLElement>('[data-kv-plot]');
      if (host === null) return;
      const { kvChartSvg } = await import('../../src/site/browser/kv-chart.ts');
      // Markup this module wrote from numbers and escaped text, never from the page's input.
      host.innerHTML = kvChartSvg([...this.#models.values()], this.#plotOptions, langOf(this));
    });
  }
}

if (!customElements.get('atlas-calc')) customElements.define('atlas-calc', AtlasCalc);
