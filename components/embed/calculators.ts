/**
 * Decoder Atlas calculators for any web page: `<llm-params>`, `<llm-kv-cache>`, `<llm-flops>`,
 * `<llm-tensors>` and `<llm-memory>`, built into the standalone module dist/embed/calculators.js
 * (the memory planner's code is a chunk beside it, dist/embed/chunks/, loaded on first use).
 *
 *   <script type="module" src="https://decoder-atlas.dev/embed/calculators.js"></script>
 *   <llm-kv-cache model="meta-llama/Llama-3.1-8B" context="131072" dtype="bf16"></llm-kv-cache>
 *
 * The config comes from one of: `model` (a snapshot id, read from the JSON export of the site
 * that serves this module, /api/models/<id>.json, so it works from any host page), `config-url`
 * (any config.json URL, e.g. a Hub `resolve/main/config.json` link; a `user:password@` in it is
 * removed, never sent nor shown), or a `<script type="application/json">` child (its `data-label`,
 * if any, names it in the card's title). Options: `context`, `batch`, `dtype`, `attention`, and
 * `timeout-ms` (500 to 120000, default 15000): how long a download may take, headers and body
 * together, so a server that stops sending or dribbles is cut off. Every failed download says
 * which host and what happened. Everything is computed here with the same library
 * the site uses, through the same `analyzeSpec` as `calc --json` (so the same checks: a count past
 * 2^53 is refused with its ConfigError). A config is untrusted data: it is parsed with size and
 * depth limits, validated, and only ever written with textContent. While a new input loads, old
 * numbers are removed, so a stale number never looks current; a bad input shows its error instead.
 *
 * Elements on one page that name the same source (the same model, URL or config text) share one
 * download, one parse and one spec object, so the tensor list is built once (tensorList's cache)
 * and an analysis once per set of options.
 *
 * Every number is an element with `data-metric` (its `calc --json` path) and `data-value` in the
 * open shadow root. After each render the element fires `llm-result` (bubbling; `detail.error` is
 * the message or null). Theme with CSS custom properties on the element: --llm-font, --llm-fg,
 * --llm-muted, --llm-bg, --llm-border, --llm-accent, --llm-error, --llm-radius.
 */
import type { ModelAnalysis } from '../../src/lib/analyze.ts';
import { analyzeSpec } from '../../src/lib/analyze.ts';
import { parseConfig } from '../../src/lib/config/parse.ts';
import { parseUntrustedConfigText } from '../../src/lib/config/untrusted.ts';
import { ConfigError } from '../../src/lib/errors.ts';
import { formatByUnit, metricValue } from '../../src/lib/metric-format.ts';
import { embedUnit } from '../../src/site/browser/embed-units.ts';
import type { RunOptions } from '../../src/lib/options.ts';
import { resolveRunOptions } from '../../src/lib/options.ts';
import type { ModelSpec } from '../../src/lib/types.ts';
import { nameSegments } from '../../src/lib/names.ts';
import { EMBED_ELEMENTS } from '../../src/site/browser/share.ts';
import { dropCredentials, fetchText, redactCredentials, timeoutOf } from '../../src/site/browser/streams.ts';
import { formatInteger } from '../../src/lib/units.ts';
import type { EmbedWords } from './words.ts';
import { EN_WORDS } from './words.ts';

/** The words for an element's `lang` (or its page's): Korean is fetched once, on first use. */
let koreanWords: Promise<EmbedWords> | undefined;
function wordsFor(element: Element): Promise<EmbedWords> | EmbedWords {
  const lang = element.closest('[lang]')?.getAttribute('lang') ?? '';
  if (!lang.toLowerCase().startsWith('ko')) return EN_WORDS;
  koreanWords ??= import('./words-ko.ts').then((module) => module.KO_WORDS);
  return koreanWords;
}

/**
 * Where this module was loaded from: the site whose JSON export and pages the `model` attribute
 * refers to. Kept in a variable on purpose: bundlers rewrite `new URL(…, import.meta.url)` as a
 * static asset reference.
 */
const MODULE_URL: string = import.meta.url;
const MAX_DOWNLOAD_BYTES = 1024 * 1024;
/** Sources kept parsed: enough for a page of calculators, few enough that pasted configs do not pile up. */
const MAX_CACHED_SOURCES = 8;

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
tbody th { font-weight: normal; }
td.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; overflow-wrap: anywhere; }
td.shape code { white-space: nowrap; }
.name-part { white-space: nowrap; }
.scroll { max-height: 24rem; overflow: auto; }
`;

/** A parsed, validated model, ready for the calculators. */
interface LoadedModel {
  /** What the card calls it: the snapshot id, the URL's repo, or "inline config". */
  label: string;
  /** The site page for snapshot models. */
  href: string | null;
  /** Shared by every element showing this source: tensorList and the analyses are cached on it. */
  spec: ModelSpec;
}

/** Where an element's config comes from, resolved from its attributes and children. */
type Source =
  | { kind: 'inline'; text: string; label: string }
  | { kind: 'url'; url: URL; withoutCredentials: boolean }
  | { kind: 'model'; id: string };

/** `org/name` from a Hub resolve URL, for a readable title. */
function labelOfUrl(url: URL): string {
  const match = /^\/([\w.-]+\/[\w.-]+)\/(?:resolve|raw|blob)\//.exec(url.pathname);
  return match?.[1] ?? url.href;
}

/** The element's config source; throws ConfigError for a missing or malformed one. */
function sourceOf(element: HTMLElement): Source {
  const inline = element.querySelector('script[type="application/json"]');
  const modelId = element.getAttribute('model');
  const configUrl = element.getAttribute('config-url');
  if (inline !== null) {
    const label = inline.getAttribute('data-label')?.trim().slice(0, 200) || 'inline config';
    return { kind: 'inline', text: inline.textContent ?? '', label };
  }
  if (configUrl !== null && configUrl.trim() !== '') {
    let url: URL;
    try {
      url = new URL(configUrl, document.baseURI);
    } catch {
      throw new ConfigError('config-url', `"${redactCredentials(configUrl).slice(0, 80)}" is not a URL`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new ConfigError('config-url', 'must be an http(s) URL');
    }
    return { kind: 'url', url, withoutCredentials: dropCredentials(url) };
  }
  if (modelId !== null && modelId.trim() !== '') {
    if (!/^[\w.-]+\/[\w.-]+$/.test(modelId)) {
      throw new ConfigError('model', `"${modelId.slice(0, 80)}" is not an org/name id`);
    }
    return { kind: 'model', id: modelId };
  }
  throw new ConfigError(
    null,
    'give the element a model="org/name", a config-url, or a <script type="application/json"> child',
  );
}

function sourceKey(source: Source): string {
  switch (source.kind) {
    case 'inline':
      return `inline:${source.label}\n${source.text}`;
    case 'url':
      return `url:${source.url.href}`;
    case 'model':
      return `model:${source.id}`;
  }
}

/** Downloads (when needed) and parses a source into a validated model. */
async function loadSource(source: Source, timeoutMs: number): Promise<LoadedModel> {
  if (source.kind === 'inline') {
    return { label: source.label, href: null, spec: parseConfig(parseUntrustedConfigText(source.text)) };
  }
  // One download serves every element on the page, so it is not tied to any one element's life.
  const download = { timeoutMs, limitBytes: MAX_DOWNLOAD_BYTES };
  if (source.kind === 'url') {
    const note = source.withoutCredentials ? 'the user name and password in config-url were removed' : undefined;
    const text = await fetchText(source.url, note === undefined ? download : { ...download, note });
    let parsed: unknown;
    try {
      parsed = parseUntrustedConfigText(text);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      const from = `the file from ${source.url.host}`;
      const message = error.message.startsWith('the file ')
        ? `${from} ${error.message.slice('the file '.length)}`
        : `${from}: ${error.message}`;
      throw new ConfigError(error.key, message);
    }
    return { label: labelOfUrl(source.url), href: null, spec: parseConfig(parsed) };
  }
  // The JSON export lives on the site that serves this module, whatever page embeds it. The module is one
  // folder below the site's base (embed/calculators.js, or _astro/….js on the iframe pages), so '../' is the
  // base: with or without a base path.
  const exportUrl = new URL(`../api/models/${source.id}.json`, MODULE_URL);
  let exported: string;
  try {
    exported = await fetchText(exportUrl, download);
  } catch (error) {
    if (error instanceof ConfigError && /answered 404/.test(error.message)) {
      throw new ConfigError('model', `${source.id} is not one of Decoder Atlas's models; use config-url for others`);
    }
    throw error;
  }
  const record = parseUntrustedConfigText(exported) as { config?: unknown };
  return {
    label: source.id,
    href: new URL(`../models/${source.id}/`, MODULE_URL).href,
    spec: parseConfig(record.config ?? null),
  };
}

const loaded = new Map<string, Promise<LoadedModel>>();

/**
 * The model of a source, loaded once for every element that names it. A failed download is
 * forgotten (the next attempt retries); a config that fails to parse fails the same way again.
 */
function loadModel(source: Source, timeoutMs: number): Promise<LoadedModel> {
  const key = sourceKey(source);
  const cached = loaded.get(key);
  if (cached !== undefined) {
    // Most recently used last, so the oldest entry is the first to go.
    loaded.delete(key);
    loaded.set(key, cached);
    return cached;
  }
  const promise = loadSource(source, timeoutMs);
  loaded.set(key, promise);
  if (source.kind !== 'inline') {
    promise.catch(() => {
      if (loaded.get(key) === promise) loaded.delete(key);
    });
  }
  while (loaded.size > MAX_CACHED_SOURCES) {
    const oldest = loaded.keys().next().value;
    if (oldest === undefined) break;
    loaded.delete(oldest);
  }
  return promise;
}

const analyses = new WeakMap<ModelSpec, Map<string, ModelAnalysis>>();

/**
 * The `calc --json` object of a model at some options, computed once per spec and options however
 * many elements show it. Throws ConfigError where the CLI does (a parameter count past 2^53).
 */
function analysisOf(model: LoadedModel, options: RunOptions): ModelAnalysis {
  let byOptions = analyses.get(model.spec);
  if (byOptions === undefined) {
    byOptions = new Map();
    analyses.set(model.spec, byOptions);
  }
  const key = `${options.contextTokens} ${options.batch} ${options.dtype} ${options.attention}`;
  let analysis = byOptions.get(key);
  if (analysis === undefined) {
    analysis = analyzeSpec(model.label, model.spec, options, { flatTensors: false });
    byOptions.set(key, analysis);
  }
  return analysis;
}

/** A number of the analysis by its `calc --json` path, as the site renders them. */
function metricElement(
  tag: 'dd' | 'td' | 'span',
  analysis: ModelAnalysis,
  metric: string,
  text?: (value: number) => string,
): HTMLElement {
  const value = metricValue(analysis, metric);
  if (value === null) throw new ConfigError(null, `${metric} is not a number for this config`);
  const element = document.createElement(tag);
  element.dataset['metric'] = metric;
  element.dataset['value'] = String(value);
  element.textContent = text === undefined ? formatByUnit(embedUnit(metric), value) : text(value);
  element.setAttribute('part', 'value');
  if (tag === 'td') element.className = 'n';
  return element;
}

function definitionList(analysis: ModelAnalysis, items: [label: string, metric: string][]): HTMLElement {
  const list = document.createElement('dl');
  for (const [label, metric] of items) {
    const row = document.createElement('div');
    const term = document.createElement('dt');
    term.textContent = label;
    row.append(term, metricElement('dd', analysis, metric));
    list.append(row);
  }
  return list;
}

abstract class LlmCalculator extends HTMLElement {
  static observedAttributes = [
    'model',
    'config-url',
    'context',
    'batch',
    'dtype',
    'attention',
    'part',
    'timeout-ms',
    'lang',
  ];

  readonly #root: ShadowRoot;
  readonly #card: HTMLElement;
  #generation = 0;
  #scheduled = false;
  #observer: MutationObserver | undefined;

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

  /** The card's heading, e.g. "KV cache", by its key in the words. */
  abstract readonly heading: keyof EmbedWords['headings'];
  /** The words of the element's language, set before each render. */
  protected words: EmbedWords = EN_WORDS;
  /** The body for a model's analysis at the element's options. */
  abstract body(analysis: ModelAnalysis, options: RunOptions, model: LoadedModel): Node[];

  /** Loads what the body needs beyond the core (a lazily loaded chunk), once a model is there to show. */
  protected prepare(): Promise<void> {
    return Promise.resolve();
  }

  connectedCallback(): void {
    // The page's no-JavaScript rendering (see EmbedFallback.astro) gives way to the live one.
    for (const fallback of this.querySelectorAll(':scope > .fallback')) fallback.remove();
    if (this.#observer === undefined) {
      this.#observer = new MutationObserver(() => this.#schedule());
      this.#observer.observe(this, { childList: true, characterData: true, subtree: true });
    }
    this.#schedule();
  }

  disconnectedCallback(): void {
    // A result still on its way is for an element no longer shown: drop it.
    this.#generation += 1;
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
      // Removed in the meantime (an embed page keeps one of its four elements): nothing to compute.
      if (this.isConnected) void this.#update();
    });
  }

  #show(nodes: Node[]): void {
    this.#card.replaceChildren(...nodes);
  }

  #title(text: string, href: string | null): HTMLElement {
    const title = document.createElement('p');
    title.className = 'title';
    title.setAttribute('part', 'title');
    title.append(`${this.words.headings[this.heading]} · `);
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
    this.words = await wordsFor(this);
    if (generation !== this.#generation) return;
    const status = document.createElement('p');
    status.className = 'status';
    status.textContent = this.words.loading;
    this.#show([this.#title(this.getAttribute('model') ?? 'model', null), status]);
    this.setAttribute('aria-busy', 'true');
    let failure: string | null = null;
    try {
      const options = resolveRunOptions({
        context: this.getAttribute('context') ?? undefined,
        batch: this.getAttribute('batch') ?? undefined,
        dtype: this.getAttribute('dtype') ?? undefined,
        attention: this.getAttribute('attention') ?? undefined,
      });
      const model = await loadModel(sourceOf(this), timeoutOf(this.getAttribute('timeout-ms')));
      await this.prepare();
      if (generation !== this.#generation) return;
      this.#show([this.#title(model.label, model.href), ...this.body(analysisOf(model, options), options, model)]);
      this.removeAttribute('data-error');
    } catch (error) {
      if (generation !== this.#generation) return;
      const message = document.createElement('p');
      message.className = 'error';
      message.setAttribute('role', 'alert');
      message.setAttribute('part', 'error');
      failure =
        error instanceof ConfigError ? error.message : this.words.failed(error instanceof Error ? error.name : 'error');
      message.textContent = failure;
      this.#show([this.#title(this.getAttribute('model') ?? 'config', null), message]);
      this.setAttribute('data-error', failure);
    } finally {
      if (generation === this.#generation) {
        this.removeAttribute('aria-busy');
        this.dispatchEvent(new CustomEvent('llm-result', { bubbles: true, detail: { error: failure } }));
      }
    }
  }
}

const PARTS = EN_WORDS.parts;

class LlmParams extends LlmCalculator {
  readonly heading = 'params';
  body(analysis: ModelAnalysis): Node[] {
    const only = this.getAttribute('part');
    const { vision, checkpoint, total } = analysis.params;
    // Unasked, the vision tower and the checkpoint count show only where they say something.
    const shown = (key: keyof typeof PARTS) =>
      only === null
        ? (key !== 'vision' || vision > 0) && (key !== 'checkpoint' || (checkpoint !== null && checkpoint !== total))
        : key === only;
    const keys = (Object.keys(PARTS) as (keyof typeof PARTS)[]).filter(shown);
    if (keys.length === 0) throw new ConfigError('part', `must be one of ${Object.keys(PARTS).join(', ')}`);
    const note = document.createElement('p');
    note.className = 'note';
    note.append(
      this.words.exactly[0] ?? '',
      metricElement('span', analysis, 'params.total', (value) => formatInteger(value, this.words.locale)),
      this.words.exactly[1] ?? '',
    );
    return [
      definitionList(
        analysis,
        keys.map((key) => [this.words.parts[key], `params.${key}`]),
      ),
      note,
    ];
  }
}

class LlmKvCache extends LlmCalculator {
  readonly heading = 'kvCache';
  body(analysis: ModelAnalysis, options: RunOptions): Node[] {
    const note = document.createElement('p');
    note.className = 'note';
    const { words } = this;
    note.textContent = words.kvNote(options.dtype, formatInteger(options.batch, words.locale));
    return [
      definitionList(analysis, [
        [words.perToken, 'kvCache.bytesPerToken'],
        [words.atTokens(formatInteger(options.contextTokens, words.locale)), 'kvCache.bytes'],
      ]),
      note,
    ];
  }
}

class LlmFlops extends LlmCalculator {
  readonly heading = 'flops';
  body(analysis: ModelAnalysis, options: RunOptions): Node[] {
    const note = document.createElement('p');
    note.className = 'note';
    const { words } = this;
    note.textContent = words.flopsNote(formatInteger(options.contextTokens, words.locale), options.attention);
    return [
      definitionList(analysis, [
        [words.prefill, 'flops.prefill'],
        [words.decode, 'flops.decode'],
        [words.training, 'flops.training'],
      ]),
      note,
    ];
  }
}

/** A dotted name that may wrap after any dot on a narrow screen. */
function breakableName(name: string): HTMLElement {
  const code = document.createElement('code');
  nameSegments(name).forEach((part, index) => {
    if (index > 0) code.append(document.createElement('wbr'));
    const segment = document.createElement('span');
    segment.className = 'name-part';
    segment.textContent = part;
    code.append(segment);
  });
  return code;
}

/**
 * Identical layers and identical experts as one row each (`model.layers.[0–31].mlp.experts.[0–7].w1.weight`,
 * × 256): the `tensorGroups` of `calc --json`, with the same paths as the site's TensorTable.
 */
class LlmTensors extends LlmCalculator {
  readonly heading = 'tensors';
  body(analysis: ModelAnalysis): Node[] {
    const table = document.createElement('table');
    const head = table.createTHead().insertRow();
    for (const label of this.words.tensorColumns) {
      const cell = document.createElement('th');
      cell.scope = 'col';
      cell.textContent = label;
      head.append(cell);
    }
    const body = table.createTBody();
    analysis.tensorGroups.forEach((group, index) => {
      const tr = body.insertRow();
      const name = document.createElement('th');
      name.scope = 'row';
      name.append(breakableName(group.name));
      tr.append(name);
      // A shape is a list, not a number: text only.
      const shape = tr.insertCell();
      shape.className = 'shape';
      const shapeCode = document.createElement('code');
      shapeCode.textContent = `[${group.shape.join(', ')}]`;
      shape.append(shapeCode);
      tr.append(metricElement('td', analysis, `tensorGroups.${index}.parameters`, formatInteger));
      if (group.count > 1) {
        tr.append(metricElement('td', analysis, `tensorGroups.${index}.count`, (count) => `× ${formatInteger(count)}`));
      } else {
        tr.insertCell().className = 'n';
      }
      tr.append(metricElement('td', analysis, `tensorGroups.${index}.share`));
    });
    const scroll = document.createElement('div');
    scroll.className = 'scroll';
    // A region that scrolls is reachable from the keyboard.
    scroll.tabIndex = 0;
    scroll.setAttribute('role', 'region');
    scroll.setAttribute('aria-label', this.words.tensorGroups);
    scroll.append(table);
    const note = document.createElement('p');
    note.className = 'note';
    note.append(
      metricElement('span', analysis, 'tensorCount'),
      this.words.tensorsNote[0] ?? '',
      metricElement('span', analysis, 'params.total'),
      this.words.tensorsNote[1] ?? '',
    );
    return [scroll, note];
  }
}

/** The memory planner's chunk, loaded by the first `<llm-memory>` that has a model to show. */
let memoryChunk: Promise<typeof import('./llm-memory.ts')> | undefined;

/**
 * `<llm-memory>`: will it fit, and how fast (the site's MemoryPlanner). Attributes: those of every
 * calculator plus `weights`, `gpu`, `gpus` and `reserve`; its own controls change them.
 */
class LlmMemory extends LlmCalculator {
  static override observedAttributes = [...LlmCalculator.observedAttributes, 'weights', 'gpu', 'gpus', 'reserve'];
  readonly heading = 'memory';
  #module: typeof import('./llm-memory.ts') | undefined;
  /** Set while a control of the element writes its value back as an attribute: no re-render then. */
  #remembering = false;

  protected override async prepare(): Promise<void> {
    memoryChunk ??= import('./llm-memory.ts');
    this.#module = await memoryChunk;
  }

  override attributeChangedCallback(): void {
    if (!this.#remembering) super.attributeChangedCallback();
  }

  body(analysis: ModelAnalysis, _options: RunOptions, model: LoadedModel): Node[] {
    if (this.#module === undefined) throw new ConfigError(null, 'the memory planner did not load');
    const attributes: Record<string, string> = {};
    for (const name of ['context', 'batch', 'dtype', 'weights', 'gpu', 'gpus', 'reserve'] as const) {
      const value = this.getAttribute(name);
      if (value !== null) attributes[name] = value;
    }
    return this.#module.memoryBody(
      model.spec,
      model.label,
      analysis.params.matmulPerToken,
      attributes,
      (name, value) => {
        this.#remembering = true;
        this.setAttribute(name, value);
        this.#remembering = false;
      },
      this.words.memory,
    );
  }
}

const ELEMENTS: [string, CustomElementConstructor][] = [
  ['llm-memory', LlmMemory],
  [EMBED_ELEMENTS.params, LlmParams],
  [EMBED_ELEMENTS['kv-cache'], LlmKvCache],
  [EMBED_ELEMENTS.flops, LlmFlops],
  [EMBED_ELEMENTS.tensors, LlmTensors],
];
for (const [name, constructor] of ELEMENTS) {
  if (!customElements.get(name)) customElements.define(name, constructor);
}
