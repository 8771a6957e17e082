/**
 * `<atlas-calc>`: the island behind every live calculator (KV cache, FLOPs, model comparisons).
 *
 * The build renders every number into the HTML; this element only makes them move. It reads the
 * models it covers from a `<script type="application/json" data-models>` child (spec and matmul
 * parameters, computed at build time), listens to the form controls named `context`, `batch`,
 * `dtype` and `attention`, recomputes with the same library functions the build used, and writes
 * each `[data-metric][data-model]` element's text and `data-value`. State is mirrored in the URL
 * query and restored from it. Invalid input shows an inline message and leaves the last good
 * numbers in place.
 */
import { ConfigError } from '../../src/lib/errors.ts';
import { formatMetric, runMetrics } from '../../src/lib/metrics.ts';
import type { RunMetric } from '../../src/lib/metrics.ts';
import type { RunOptions } from '../../src/lib/options.ts';
import { DEFAULT_RUN_OPTIONS, MAX_CONTEXT_TOKENS, resolveRunOptions } from '../../src/lib/options.ts';
import type { ModelSpec } from '../../src/lib/types.ts';
import type { EmbedKind } from '../../src/site/share.ts';
import { elementSnippet, iframeSnippet } from '../../src/site/share.ts';

interface CalcModel {
  id: string;
  spec: ModelSpec;
  matmulParams: number;
}

const CONTROL_NAMES = ['context', 'batch', 'dtype', 'attention'] as const;
type ControlName = (typeof CONTROL_NAMES)[number];

/** Query values that differ from the defaults; the rest are left out of the URL. */
function defaultText(name: ControlName): string {
  switch (name) {
    case 'context':
      return String(DEFAULT_RUN_OPTIONS.contextTokens);
    case 'batch':
      return String(DEFAULT_RUN_OPTIONS.batch);
    case 'dtype':
      return DEFAULT_RUN_OPTIONS.dtype;
    case 'attention':
      return DEFAULT_RUN_OPTIONS.attention;
  }
}

export class AtlasCalc extends HTMLElement {
  #models = new Map<string, CalcModel>();
  #form: HTMLFormElement | null = null;
  #message: HTMLElement | null = null;
  #plotPending = false;

  connectedCallback(): void {
    const data = this.querySelector('script[data-models]');
    try {
      const models = JSON.parse(data?.textContent ?? '[]') as CalcModel[];
      for (const model of models) this.#models.set(model.id, model);
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
    this.#restoreFromUrl();
    this.#updateShare();
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
    const fields: Record<string, string> = {
      link: window.location.href,
      iframe: iframeSnippet(site, model, kind, current),
      element: elementSnippet(site, model, kind, current),
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
      if (status) status.textContent = 'Copied.';
    } catch {
      field.select();
      if (status) status.textContent = 'Selected: press Ctrl+C (⌘C) to copy.';
    }
  }

  #control(name: string): HTMLInputElement | HTMLSelectElement | null {
    const element = this.#form?.elements.namedItem(name);
    return element instanceof HTMLInputElement || element instanceof HTMLSelectElement ? element : null;
  }

  #restoreFromUrl(): void {
    const query = new URLSearchParams(window.location.search);
    let changed = false;
    for (const name of CONTROL_NAMES) {
      const value = query.get(name);
      const control = this.#control(name);
      if (value !== null && control !== null && control.value !== value) {
        control.value = value;
        changed = true;
      }
    }
    if (changed) this.#syncSlider();
    if (changed) this.#update(false);
  }

  #onInput(event: Event): void {
    const target = event.target;
    if (target instanceof HTMLInputElement && target.name === 'contextSlider') {
      const context = this.#control('context');
      if (context !== null) context.value = String(2 ** Number(target.value));
    } else if (target instanceof HTMLInputElement && target.name === 'context') {
      this.#syncSlider();
    }
    this.#update(true);
  }

  /** Moves the log-scale slider to the nearest power of two of the typed context. */
  #syncSlider(): void {
    const slider = this.#control('contextSlider');
    const context = Number(this.#control('context')?.value);
    if (slider !== null && Number.isFinite(context) && context >= 1 && context <= MAX_CONTEXT_TOKENS) {
      slider.value = String(Math.round(Math.log2(context)));
    }
  }

  /** The options the controls describe, or the error of the first invalid one. */
  #readOptions(): RunOptions | ConfigError {
    const raw: Partial<Record<ControlName, string>> = {};
    for (const name of CONTROL_NAMES) {
      const control = this.#control(name);
      if (control !== null) raw[name] = control.value;
    }
    try {
      return resolveRunOptions(raw);
    } catch (error) {
      if (error instanceof ConfigError) return error;
      throw error;
    }
  }

  #update(writeUrl: boolean): void {
    const options = this.#readOptions();
    for (const name of CONTROL_NAMES) this.#control(name)?.removeAttribute('aria-invalid');
    if (options instanceof ConfigError) {
      if (options.key !== null) this.#control(options.key)?.setAttribute('aria-invalid', 'true');
      this.#showMessage(options.message.replace(/^context:/, 'Context:').replace(/^batch:/, 'Batch:'));
      return;
    }
    this.#showMessage(null);
    const results = new Map<string, Record<RunMetric, number>>();
    for (const output of this.querySelectorAll<HTMLElement>('[data-model][data-metric]')) {
      const metric = output.dataset['metric'] as RunMetric;
      const modelId = output.dataset['model'] ?? '';
      const model = this.#models.get(modelId);
      if (model === undefined || (!metric.startsWith('kvCache.') && !metric.startsWith('flops.'))) continue;
      let values = results.get(modelId);
      if (values === undefined) {
        values = runMetrics(model.spec, model.matmulParams, options);
        results.set(modelId, values);
      }
      const value = values[metric];
      if (value === undefined || !Number.isFinite(value)) continue;
      output.dataset['value'] = String(value);
      output.textContent = formatMetric(metric, value);
    }
    for (const marker of this.querySelectorAll<HTMLElement>('[data-beyond-context][data-model]')) {
      const model = this.#models.get(marker.dataset['model'] ?? '');
      if (model !== undefined) marker.hidden = options.contextTokens <= model.spec.maxContextTokens;
    }
    for (const label of this.querySelectorAll<HTMLElement>('[data-echo]')) {
      const name = label.dataset['echo'] as ControlName;
      label.textContent =
        name === 'context'
          ? options.contextTokens.toLocaleString('en-US')
          : name === 'batch'
            ? options.batch.toLocaleString('en-US')
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
    const url = new URL(window.location.href);
    for (const name of CONTROL_NAMES) {
      const control = this.#control(name);
      if (control === null) continue;
      if (control.value === defaultText(name)) url.searchParams.delete(name);
      else url.searchParams.set(name, control.value);
    }
    window.history.replaceState(window.history.state, '', url);
  }

  /** Loads the plotting code on the first change only: it is not part of the page's first load. */
  #redrawPlot(options: RunOptions): void {
    if (this.#plotPending) return;
    this.#plotPending = true;
    requestAnimationFrame(async () => {
      this.#plotPending = false;
      const host = this.querySelector<HTMLElement>('[data-kv-plot]');
      if (host === null) return;
      const { kvCachePlot } = await import('../../src/site/kv-plot.ts');
      const models = [...this.#models.values()];
      const chart = kvCachePlot(models, { ...options }, document);
      host.replaceChildren(chart);
    });
  }
}

if (!customElements.get('atlas-calc')) customElements.define('atlas-calc', AtlasCalc);
