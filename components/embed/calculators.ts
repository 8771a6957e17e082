/**
 * Decoder Atlas calculators for any web page: `<llm-params>`, `<llm-kv-cache>`, `<llm-flops>`
 * and `<llm-tensors>`, built into the standalone module dist/embed/calculators.js.
 *
 *   <script type="module" src="https://decoder-atlas.dev/embed/calculators.js"></script>
 *   <llm-kv-cache model="meta-llama/Llama-3.1-8B" context="131072" dtype="bf16"></llm-kv-cache>
 *
 * The config comes from one of: `model` (a snapshot id, read from the JSON export of the site
 * that serves this module, /api/models/<id>.json, so it works from any host page), `config-url` (any config.json URL, e.g. a Hub
 * `resolve/main/config.json` link), or a `<script type="application/json">` child. Options:
 * `context`, `batch`, `dtype`, `attention`. Everything is computed here with the same library
 * the site uses. A config is untrusted data: it is parsed with size and depth limits, validated,
 * and only ever written with textContent. While a new input loads, old numbers are removed, so a
 * stale number never looks current; a bad input shows its error instead.
 *
 * Every number is an element with `data-metric` (its `calc --json` path) and `data-value` in the
 * open shadow root. Theme with CSS custom properties on the element: --llm-font, --llm-fg,
 * --llm-muted, --llm-bg, --llm-border, --llm-accent, --llm-error, --llm-radius.
 */
import { parseConfig } from '../../src/lib/config/parse.ts';
import { parseUntrustedConfigText } from '../../src/lib/config/untrusted.ts';
import { ConfigError } from '../../src/lib/errors.ts';
import { formatMetric, runAnalysis } from '../../src/lib/metrics.ts';
import type { RunOptions } from '../../src/lib/options.ts';
import { resolveRunOptions } from '../../src/lib/options.ts';
import { countParams, matmulParamsPerToken } from '../../src/lib/params.ts';
import { groupTensorsByLayer, tensorList } from '../../src/lib/tensors.ts';
import type { ModelSpec, TensorInfo } from '../../src/lib/types.ts';
import { formatInteger } from '../../src/lib/units.ts';

const FETCH_TIMEOUT_MS = 15_000;
/**
 * Where this module was loaded from: the site whose JSON export and pages the `model` attribute
 * refers to. Kept in a variable on purpose: bundlers rewrite `new URL(…, import.meta.url)` as a
 * static asset reference.
 */
const MODULE_URL: string = import.meta.url;
const MAX_DOWNLOAD_BYTES = 1024 * 1024;

const STYLE = `
:host {
  --_fg: var(--llm-fg, #1b1f24);
  --_muted: var(--llm-muted, #57606a);
  --_bg: var(--llm-bg, #ffffff);
  --_border: var(--llm-border, #d0d7de);
  --_accent: var(--llm-accent, #3b5bdb);
  --_error: var(--llm-error, #c92a2a);
  display: block;
  max-width: 40rem;
  margin: 1rem 0;
  font-family: var(--llm-font, system-ui, -apple-system, 'Segoe UI', sans-serif);
  color: var(--_fg);
}
@media (prefers-color-scheme: dark) {
  :host {
    --_fg: var(--llm-fg, #e6edf3);
    --_muted: var(--llm-muted, #9da7b3);
    --_bg: var(--llm-bg, #161b22);
    --_border: var(--llm-border, #30363d);
    --_accent: var(--llm-accent, #8aa4ff);
    --_error: var(--llm-error, #ff8787);
  }
}
.card { background: var(--_bg); border: 1px solid var(--_border); border-radius: var(--llm-radius, 0.5rem); padding: 0.875rem 1rem; }
.title { margin: 0 0 0.5rem; font-weight: 600; font-size: 0.95rem; overflow-wrap: anywhere; }
.title a { color: var(--_accent); }
dl { display: grid; grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr)); gap: 0.5rem 1rem; margin: 0; }
dt { font-size: 0.8rem; color: var(--_muted); }
dd { margin: 0; font-size: 1.35rem; font-weight: 600; font-variant-numeric: tabular-nums; }
.note, .status { margin: 0.5rem 0 0; font-size: 0.8rem; color: var(--_muted); }
.error { margin: 0.25rem 0 0; color: var(--_error); font-size: 0.9rem; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; font-size: 0.8rem; }
th, td { text-align: left; padding: 0.2rem 0.4rem; border-bottom: 1px solid var(--_border); vertical-align: top; }
td.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; overflow-wrap: anywhere; }
.scroll { max-height: 24rem; overflow: auto; }
`;

/** A parsed, validated model, ready for the calculators. */
interface LoadedModel {
  /** What the card calls it: the snapshot id, the URL's repo, or "pasted config". */
  label: string;
  /** The site page for snapshot models. */
  href: string | null;
  spec: ModelSpec;
  tensors: TensorInfo[];
  matmulParams: number;
}

/** `org/name` from a Hub resolve URL, for a readable title. */
function labelOfUrl(url: URL): string {
  const match = /^\/([\w.-]+\/[\w.-]+)\/(?:resolve|raw|blob)\//.exec(url.pathname);
  return match?.[1] ?? url.href;
}

async function fetchText(url: URL, signal: AbortSignal): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, { signal, credentials: 'omit' });
  } catch {
    if (signal.aborted) throw new ConfigError(null, `no answer from ${url.host} within ${FETCH_TIMEOUT_MS / 1000} s`);
    throw new ConfigError(
      null,
      `could not fetch ${url.href}: the network failed, or the server does not allow cross-origin requests (CORS)`,
    );
  }
  if (response.status === 401 || response.status === 403) {
    throw new ConfigError(
      null,
      `${url.host} refused access (${response.status}): the repo is gated or private; paste its config.json instead`,
    );
  }
  if (!response.ok) throw new ConfigError(null, `${url.host} answered ${response.status} for ${url.pathname}`);
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > MAX_DOWNLOAD_BYTES) {
    throw new ConfigError(
      null,
      `the file is ${(declared / 1024 / 1024).toFixed(1)} MiB; a config.json is a few KB, so anything over 1 MiB is refused`,
    );
  }
  // Read in chunks and stop at the limit: a server may not declare its length.
  const reader = response.body?.getReader();
  if (reader === undefined) return response.text();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > MAX_DOWNLOAD_BYTES) {
      await reader.cancel();
      throw new ConfigError(null, 'the file is over 1 MiB; a config.json is a few KB, so it is refused');
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(received);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

/** Resolves the element's config source into a validated model. */
async function loadModel(element: HTMLElement, signal: AbortSignal): Promise<LoadedModel> {
  const inline = element.querySelector('script[type="application/json"]');
  const modelId = element.getAttribute('model');
  const configUrl = element.getAttribute('config-url');
  let text: string;
  let label: string;
  let href: string | null = null;
  if (inline !== null) {
    text = inline.textContent ?? '';
    label = 'inline config';
  } else if (configUrl !== null && configUrl.trim() !== '') {
    let url: URL;
    try {
      url = new URL(configUrl, document.baseURI);
    } catch {
      throw new ConfigError('config-url', `"${configUrl.slice(0, 80)}" is not a URL`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new ConfigError('config-url', 'must be an http(s) URL');
    }
    text = await fetchText(url, signal);
    label = labelOfUrl(url);
  } else if (modelId !== null && modelId.trim() !== '') {
    if (!/^[\w.-]+\/[\w.-]+$/.test(modelId))
      throw new ConfigError('model', `"${modelId.slice(0, 80)}" is not an org/name id`);
    // The JSON export lives on the site that serves this module, whatever page embeds it.
    const exportUrl = new URL(`/api/models/${modelId}.json`, MODULE_URL);
    let exported: string;
    try {
      exported = await fetchText(exportUrl, signal);
    } catch (error) {
      if (error instanceof ConfigError && /answered 404/.test(error.message)) {
        throw new ConfigError('model', `${modelId} is not one of Decoder Atlas's models; use config-url for others`);
      }
      throw error;
    }
    const record = parseUntrustedConfigText(exported) as { config?: unknown };
    text = JSON.stringify(record.config ?? null);
    label = modelId;
    href = new URL(`/models/${modelId}/`, MODULE_URL).href;
  } else {
    throw new ConfigError(
      null,
      'give the element a model="org/name", a config-url, or a <script type="application/json"> child',
    );
  }
  const spec = parseConfig(parseUntrustedConfigText(text));
  const tensors = tensorList(spec);
  return { label, href, spec, tensors, matmulParams: matmulParamsPerToken(spec, tensors) };
}

/** A number with its metric path, as the site renders them. */
function metricElement(
  tag: 'dd' | 'td' | 'span',
  metric: string,
  value: number,
  text = formatMetric(metric, value),
): HTMLElement {
  const element = document.createElement(tag);
  element.dataset['metric'] = metric;
  element.dataset['value'] = String(value);
  element.textContent = text;
  element.setAttribute('part', 'value');
  if (tag === 'td') element.className = 'n';
  return element;
}

function definitionList(items: [label: string, metric: string, value: number][]): HTMLElement {
  const list = document.createElement('dl');
  for (const [label, metric, value] of items) {
    const row = document.createElement('div');
    const term = document.createElement('dt');
    term.textContent = label;
    row.append(term, metricElement('dd', metric, value));
    list.append(row);
  }
  return list;
}

abstract class LlmCalculator extends HTMLElement {
  static observedAttributes = ['model', 'config-url', 'context', 'batch', 'dtype', 'attention', 'part'];

  readonly #root: ShadowRoot;
  readonly #card: HTMLElement;
  #generation = 0;
  #abort: AbortController | undefined;
  #scheduled = false;

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: 'open' });
    const style = document.createElement('style');
    style.textContent = STYLE;
    this.#card = document.createElement('div');
    this.#card.className = 'card';
    this.#card.setAttribute('part', 'card');
    this.#root.append(style, this.#card);
  }

  /** The card's heading, e.g. "KV cache". */
  abstract readonly heading: string;
  /** The body for a loaded model at the element's options. */
  abstract body(model: LoadedModel, options: RunOptions): Node[];

  connectedCallback(): void {
    // The page's no-JavaScript rendering (see EmbedFallback.astro) gives way to the live one.
    for (const fallback of this.querySelectorAll(':scope > .fallback')) fallback.remove();
    new MutationObserver(() => this.#schedule()).observe(this, { childList: true, characterData: true, subtree: true });
    this.#schedule();
  }

  disconnectedCallback(): void {
    this.#abort?.abort();
  }

  attributeChangedCallback(): void {
    this.#schedule();
  }

  /** Coalesces several attribute changes in one task into one update. */
  #schedule(): void {
    if (this.#scheduled || !this.isConnected) return;
    this.#scheduled = true;
    queueMicrotask(() => {
      this.#scheduled = false;
      void this.#update();
    });
  }

  #show(nodes: Node[]): void {
    this.#card.replaceChildren(...nodes);
  }

  #title(text: string, href: string | null): HTMLElement {
    const title = document.createElement('p');
    title.className = 'title';
    title.setAttribute('part', 'title');
    title.append(`${this.heading} · `);
    if (href === null) {
      title.append(text);
    } else {
      const link = document.createElement('a');
      link.href = href;
      link.textContent = text;
      title.append(link);
    }
    return title;
  }

  async #update(): Promise<void> {
    const generation = ++this.#generation;
    this.#abort?.abort();
    const abort = new AbortController();
    this.#abort = abort;
    const timer = setTimeout(() => abort.abort(), FETCH_TIMEOUT_MS);
    const status = document.createElement('p');
    status.className = 'status';
    status.textContent = 'Loading…';
    this.#show([this.#title(this.getAttribute('model') ?? 'model', null), status]);
    this.setAttribute('aria-busy', 'true');
    try {
      const options = resolveRunOptions({
        context: this.getAttribute('context') ?? undefined,
        batch: this.getAttribute('batch') ?? undefined,
        dtype: this.getAttribute('dtype') ?? undefined,
        attention: this.getAttribute('attention') ?? undefined,
      });
      const model = await loadModel(this, abort.signal);
      if (generation !== this.#generation) return;
      this.#show([this.#title(model.label, model.href), ...this.body(model, options)]);
      this.removeAttribute('data-error');
    } catch (error) {
      if (generation !== this.#generation) return;
      const message = document.createElement('p');
      message.className = 'error';
      message.setAttribute('role', 'alert');
      message.setAttribute('part', 'error');
      message.textContent =
        error instanceof ConfigError
          ? error.message
          : `could not compute this model (${error instanceof Error ? error.name : 'error'})`;
      this.#show([this.#title(this.getAttribute('model') ?? 'config', null), message]);
      this.setAttribute('data-error', message.textContent);
    } finally {
      clearTimeout(timer);
      if (generation === this.#generation) this.removeAttribute('aria-busy');
    }
  }
}

const PARTS = {
  total: 'Total',
  embedding: 'Embedding',
  nonEmbedding: 'Non-embedding',
  activePerToken: 'Active per token',
} as const;

class LlmParams extends LlmCalculator {
  readonly heading = 'Parameters';
  body(model: LoadedModel): Node[] {
    const counts = countParams(model.spec, model.tensors);
    const only = this.getAttribute('part');
    const keys = (Object.keys(PARTS) as (keyof typeof PARTS)[]).filter((key) => only === null || key === only);
    if (keys.length === 0) throw new ConfigError('part', `must be one of ${Object.keys(PARTS).join(', ')}`);
    const note = document.createElement('p');
    note.className = 'note';
    note.append(
      'Exactly ',
      metricElement('span', 'params.total', counts.total, formatInteger(counts.total)),
      ' parameters, counted from every tensor of the checkpoint.',
    );
    return [definitionList(keys.map((key) => [PARTS[key], `params.${key}`, counts[key]])), note];
  }
}

class LlmKvCache extends LlmCalculator {
  readonly heading = 'KV cache';
  body(model: LoadedModel, options: RunOptions): Node[] {
    const values = runAnalysis(model.spec, model.matmulParams, options);
    const note = document.createElement('p');
    note.className = 'note';
    note.textContent = `${options.dtype}, batch ${formatInteger(options.batch)}; 1 GiB = 2³⁰ bytes.`;
    return [
      definitionList([
        ['Per token', 'kvCache.bytesPerToken', values.kvCache.bytesPerToken],
        [`At ${formatInteger(options.contextTokens)} tokens`, 'kvCache.bytes', values.kvCache.bytes],
      ]),
      note,
    ];
  }
}

class LlmFlops extends LlmCalculator {
  readonly heading = 'FLOPs';
  body(model: LoadedModel, options: RunOptions): Node[] {
    const values = runAnalysis(model.spec, model.matmulParams, options);
    const note = document.createElement('p');
    note.className = 'note';
    note.textContent = `Per sequence at ${formatInteger(options.contextTokens)} tokens, ${options.attention} attention counting; a multiply-add is 2 FLOPs.`;
    return [
      definitionList([
        ['Prefill', 'flops.prefill', values.flops.prefill],
        ['Decode (next token)', 'flops.decode', values.flops.decode],
        ['Training (3 × prefill)', 'flops.training', values.flops.training],
      ]),
      note,
    ];
  }
}

class LlmTensors extends LlmCalculator {
  readonly heading = 'Tensors';
  body(model: LoadedModel): Node[] {
    const table = document.createElement('table');
    const head = table.createTHead().insertRow();
    for (const label of ['Tensor', 'Shape', 'Parameters', '×']) {
      const cell = document.createElement('th');
      cell.textContent = label;
      head.append(cell);
    }
    const body = table.createTBody();
    for (const row of groupTensorsByLayer(model.tensors)) {
      const tr = body.insertRow();
      const name = tr.insertCell();
      const code = document.createElement('code');
      const first = row.layers[0];
      const last = row.layers.at(-1);
      code.textContent = row.pattern.replace('{layer}', first === last ? String(first) : `{${first}…${last}}`);
      name.append(code);
      const shape = tr.insertCell();
      shape.dataset['metric'] = 'tensors.shape';
      shape.dataset['value'] = JSON.stringify(row.shape);
      shape.textContent = `[${row.shape.join(', ')}]`;
      tr.append(metricElement('td', 'tensors.parameters', row.parameters, formatInteger(row.parameters)));
      const count = tr.insertCell();
      count.className = 'n';
      count.textContent = row.count > 1 ? `× ${row.count}` : '';
    }
    const scroll = document.createElement('div');
    scroll.className = 'scroll';
    scroll.append(table);
    const note = document.createElement('p');
    note.className = 'note';
    note.append(
      metricElement('span', 'tensors.count', model.tensors.length, formatInteger(model.tensors.length)),
      ' tensors, ',
      metricElement('span', 'params.total', countParams(model.spec, model.tensors).total),
      ' parameters',
    );
    return [scroll, note];
  }
}

const ELEMENTS: [string, CustomElementConstructor][] = [
  ['llm-params', LlmParams],
  ['llm-kv-cache', LlmKvCache],
  ['llm-flops', LlmFlops],
  ['llm-tensors', LlmTensors],
];
for (const [name, constructor] of ELEMENTS) {
  if (!customElements.get(name)) customElements.define(name, constructor);
}
