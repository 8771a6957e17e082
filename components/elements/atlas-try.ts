/**
 * `<atlas-try>`: the "Try any model" page. It fetches a Hub repo's config.json once, or takes a
 * pasted/dropped config, and hands the text to the embeddable calculators inside it as an inline
 * `<script type="application/json">` child (only ever set as textContent), passes the controls on
 * as attributes, and keeps the state in a shareable link: `?repo=org/name` (with `hub=` for a
 * mirror) or `?config=` (the config, deflated). The five calculators share one parse and one
 * tensor list (calculators.ts caches by source), and none lists tensors one by one, so a config of
 * ten thousand experts computes in milliseconds.
 *
 * Untrusted input is measured before it is copied anywhere: a paste, a file or a link over 1 MiB is
 * refused before it reaches the text area, the calculators or the address bar. A download has one
 * deadline for headers and body (attribute `timeout-ms`, 500 to 120000, default 15000), and every
 * failure names the host. A `user:password@` in the Hub base URL is removed, never sent nor shown.
 *
 * Each form has a status line (`[data-try-status="repo"]`, `[data-try-status="paste"]`, with
 * `data-state` busy, done or error); the one of the input in use ends in "Results for …" or in the
 * error, said once there: calculators that failed are hidden rather than repeating it. The title
 * above the calculators (`[data-try-title]`) names the source, and a mirror as not huggingface.co,
 * so numbers from another server cannot pass for the Hub's.
 */
import { ConfigError } from '../../src/lib/errors.ts';
import { MAX_CONFIG_BYTES } from '../../src/lib/config/untrusted.ts';
import { packText, unpackText } from '../../src/site/browser/compress.ts';
import { dropCredentials, fetchText, fitsUtf8, redactCredentials, timeoutOf } from '../../src/site/browser/streams.ts';
import { dismissNote, restoreState, setStateParams } from '../../src/site/browser/url-state.ts';
import {
  MEMORY_ELEMENT_DEFAULTS,
  MEMORY_ELEMENT_FIELDS,
  MEMORY_KEY_PREFIX,
  MEMORY_STATE_EVENT,
} from '../../src/site/browser/memory-fields.ts';
import {
  controlField,
  controlMessage,
  controlValues,
  enableControls,
  readControls,
  syncContextSlider,
} from './run-controls.ts';
import { langOf, tb } from '../../src/site/browser/messages.ts';

const DEFAULT_HUB = 'https://huggingface.co';
/** The longest `mem.*` value a link may hand to <llm-memory>: longer than any GPU id or format. */
const MAX_MEMORY_VALUE_CHARS = 40;
type Input = 'repo' | 'paste';

interface Source {
  input: Input;
  /** What the status calls it: "acme/tiny from mirror.example", "the pasted config". */
  name: string;
  /** Said after the result, e.g. that credentials were removed from the Hub base URL. */
  notice: string;
  /** For the link: the repo and its hub, or the config text. */
  repo?: { id: string; hub: string };
  text?: string;
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A message as a sentence: capitalized, with its full stop. */
function sentence(text: string): string {
  return capitalized(text) + (text.endsWith('.') ? '' : '.');
}

function messageOf(error: unknown): string {
  return error instanceof ConfigError
    ? error.message
    : `an unexpected ${error instanceof Error ? error.name : 'error'}`;
}

/** "… is over 1 MiB": how large, when its length alone says so. */
function tooLarge(what: string, text: string): string {
  const size = text.length > MAX_CONFIG_BYTES ? ` (${(text.length / 1024 / 1024).toFixed(1)} MiB or more)` : '';
  return `${capitalized(what)} is over 1 MiB${size}; a config.json is a few KB, so it is refused.`;
}

class AtlasTry extends HTMLElement {
  #source: Source | null = null;
  /** Bumped by every new input, so an older download or link that finishes late is dropped. */
  #generation = 0;
  #download: AbortController | null = null;
  /** Set by a submit: the next results scroll into view if they are below it (on a phone, they always are). */
  #scrollToResults = false;

  connectedCallback(): void {
    const repoForm = this.querySelector<HTMLFormElement>('[data-try-repo]');
    const pasteForm = this.querySelector<HTMLFormElement>('[data-try-paste]');
    repoForm?.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#scrollToResults = true;
      const repo = controlField(repoForm, 'repo')?.value ?? '';
      void this.#useRepo(repo.trim(), (controlField(repoForm, 'hub')?.value ?? DEFAULT_HUB).trim());
    });
    pasteForm?.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#scrollToResults = true;
      void this.#useText(controlField(pasteForm, 'config')?.value ?? '');
    });
    // A huge paste is refused before the browser puts it in the text area (which alone stalls the
    // page for seconds at 20 MB).
    controlField(this, 'config')?.addEventListener('paste', (event) => {
      const text = (event as ClipboardEvent).clipboardData?.getData('text/plain') ?? '';
      if (fitsUtf8(text, MAX_CONFIG_BYTES)) return;
      event.preventDefault();
      this.#refuse('paste', tooLarge('the pasted text', text));
    });
    pasteForm?.querySelector<HTMLInputElement>('input[type="file"]')?.addEventListener('change', (event) => {
      const file = (event.target as HTMLInputElement).files?.[0];
      if (file) void this.#useFile(file);
    });
    const dropZone = pasteForm?.querySelector<HTMLElement>('.try-textarea');
    dropZone?.addEventListener('dragover', (event) => {
      event.preventDefault();
      dropZone.toggleAttribute('data-drop', true);
    });
    dropZone?.addEventListener('dragleave', () => dropZone.toggleAttribute('data-drop', false));
    dropZone?.addEventListener('drop', (event) => {
      event.preventDefault();
      dropZone.toggleAttribute('data-drop', false);
      const file = event.dataTransfer?.files[0];
      if (file) void this.#useFile(file);
    });
    for (const form of this.querySelectorAll<HTMLFormElement>('form.calc-controls')) {
      if (form.matches('[data-try-repo]')) continue;
      form.addEventListener('input', (event) => this.#onControl(event));
      form.addEventListener('change', (event) => this.#onControl(event));
      form.addEventListener('submit', (event) => event.preventDefault());
    }
    this.addEventListener('llm-result', () => this.#onResult());
    // <llm-memory>'s own controls (weights, GPU, count, reserve) changed: the link carries them.
    this.addEventListener(MEMORY_STATE_EVENT, () => {
      if (this.#source !== null) void this.#writeUrl();
    });
    this.querySelector('[data-try-copy]')?.addEventListener('click', () => void this.#copyLink());
    void this.#restore();
    // The run controls are rendered disabled for readers without JavaScript (CalcControls).
    const unit = this.querySelector('[data-url-state]');
    if (unit !== null) enableControls(unit);
  }

  /** Once no calculator is still loading: "Results for …", or each distinct error once. */
  #onResult(): void {
    const source = this.#source;
    const calculators = this.#calculators();
    if (source === null || calculators.some((element) => element.hasAttribute('aria-busy'))) return;
    const errors = new Set<string>();
    for (const element of calculators) {
      const error = element.getAttribute('data-error');
      if (error !== null) errors.add(error);
      element.hidden = error !== null;
    }
    const shown = errors.size === 0 || calculators.some((element) => !element.hidden);
    this.#showResults(shown);
    if (errors.size === 0)
      this.#status(source.input, `${tb(langOf(this), 'try.results', { name: source.name })}${source.notice}`, 'done');
    else
      this.#status(
        source.input,
        sentence(tb(langOf(this), 'try.cannotCompute', { name: source.name, errors: [...errors].join('; ') })),
        'error',
      );
    if (shown && this.#scrollToResults) this.#revealResults();
  }

  /** After a submit, brings the results heading into view when it is below the fold. */
  #revealResults(): void {
    this.#scrollToResults = false;
    const heading = this.querySelector<HTMLElement>('#results');
    if (heading === null || heading.getBoundingClientRect().top < window.innerHeight * 0.8) return;
    const reduced = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    heading.scrollIntoView({ behavior: reduced ? 'auto' : 'smooth', block: 'start' });
  }

  /** Copies the results link; says so next to the button, or asks for a manual copy when the browser refuses. */
  async #copyLink(): Promise<void> {
    const link = this.querySelector<HTMLInputElement>('[data-try-link]');
    const status = this.querySelector<HTMLElement>('[data-try-copy-status]');
    if (link === null || link.value === '') return;
    let copied = false;
    try {
      await navigator.clipboard.writeText(link.value);
      copied = true;
    } catch {
      // No clipboard access (an insecure origin, a denied permission): select it for a manual copy.
    }
    if (!copied) link.select();
    if (status) status.textContent = tb(langOf(this), copied ? 'share.copied' : 'share.selected');
  }

  /** Sets the status of `input` and clears the other one. */
  #status(input: Input, text: string, state: 'busy' | 'done' | 'error' = 'busy'): void {
    for (const status of this.querySelectorAll<HTMLElement>('[data-try-status]')) {
      const mine = status.dataset['tryStatus'] === input;
      status.textContent = mine ? text : '';
      if (mine) status.dataset['state'] = state;
      else delete status.dataset['state'];
    }
  }

  /** An input refused before anything was computed: no results, no source in the link. */
  #refuse(input: Input, message: string): void {
    this.#generation += 1;
    this.#download?.abort();
    this.#scrollToResults = false;
    const hadSource = this.#source !== null;
    this.#source = null;
    this.#showResults(false);
    this.#status(input, message, 'error');
    if (hadSource) void this.#writeUrl();
  }

  #showResults(shown: boolean): void {
    const results = this.querySelector<HTMLElement>('[data-try-results]');
    if (results) results.hidden = !shown;
    const empty = this.querySelector<HTMLElement>('[data-try-empty]');
    if (empty) empty.hidden = shown;
  }

  #calculators(): HTMLElement[] {
    return [...this.querySelectorAll<HTMLElement>('[data-try-results] > :not([data-try-title])')];
  }

  async #restore(): Promise<void> {
    // A `config=` may be 1.4 MB: cut it out as is rather than have URLSearchParams decode it all.
    const search = window.location.search;
    const config = /[?&]config=([^&]*)/.exec(search);
    const query = new URLSearchParams(
      config === null ? search : search.slice(0, config.index) + search.slice(config.index + config[0].length),
    );
    const unit = this.querySelector('[data-url-state]');
    if (unit !== null) restoreState(unit, query);
    this.#restoreMemory(query);
    const repo = query.get('repo');
    const packed = config?.[1] ?? null;
    if (repo !== null) {
      const repoField = controlField(this, 'repo');
      const hubField = controlField(this, 'hub');
      if (repoField) repoField.value = repo;
      if (hubField && query.get('hub')) hubField.value = query.get('hub') ?? DEFAULT_HUB;
      await this.#useRepo(repo, query.get('hub') ?? DEFAULT_HUB, false);
    } else if (packed !== null) {
      const generation = ++this.#generation;
      this.#status('paste', tb(langOf(this), 'try.unpacking'));
      let text: string;
      try {
        let parameter = packed;
        try {
          if (packed.includes('%')) parameter = decodeURIComponent(packed);
        } catch {
          // Not URL-encoded after all: unpackText says the link is damaged.
        }
        text = await unpackText(parameter);
      } catch (error) {
        if (generation === this.#generation) this.#refuse('paste', sentence(messageOf(error)));
        return;
      }
      if (generation !== this.#generation) return;
      const textarea = controlField(this, 'config');
      if (textarea) textarea.value = text;
      await this.#useText(text, false, 'the config in the link');
    }
  }

  async #useRepo(repo: string, hub: string, writeUrl = true): Promise<void> {
    if (!/^[\w.-]+\/[\w.-]+$/.test(repo)) {
      const shown = redactCredentials(repo).slice(0, 80);
      this.#refuse('repo', `"${shown}" is not a Hub repo id: it looks like org/name, e.g. Qwen/Qwen2.5-7B.`);
      return;
    }
    let base: URL;
    try {
      base = new URL(hub);
      if (base.protocol !== 'https:' && base.protocol !== 'http:') throw new TypeError('protocol');
      if (base.search !== '' || base.hash !== '') throw new TypeError('query');
    } catch {
      this.#refuse('repo', tb(langOf(this), 'try.badBase'));
      return;
    }
    let notice = '';
    if (dropCredentials(base)) {
      notice = tb(langOf(this), 'try.credentials');
      const hubField = controlField(this, 'hub');
      if (hubField) hubField.value = base.href.replace(/\/+$/, '');
    }
    let timeoutMs: number;
    try {
      timeoutMs = timeoutOf(this.getAttribute('timeout-ms'));
    } catch (error) {
      this.#refuse('repo', sentence(messageOf(error)));
      return;
    }
    const hubHref = base.href.replace(/\/+$/, '');
    const official = hubHref === DEFAULT_HUB;
    // Named as typed, less https:// (an http:// mirror keeps its scheme: it is not the Hub either).
    const where = `${base.protocol === 'http:' ? 'http://' : ''}${base.host}${base.pathname.replace(/\/+$/, '')}`;
    const source: Source = {
      input: 'repo',
      name: official ? repo : `${repo} from ${where}`,
      notice,
      repo: { id: repo, hub: hubHref },
    };
    const generation = this.#begin(source);
    const title = this.querySelector<HTMLElement>('[data-try-title]');
    if (title) {
      const host = document.createElement('strong');
      host.textContent = official ? 'huggingface.co' : where;
      title.replaceChildren(`${repo}, from `, host);
      if (!official) title.append(', a mirror: not huggingface.co');
    }
    const configUrl = new URL(`${hubHref}/${repo}/resolve/main/config.json`);
    this.#status('repo', `${tb(langOf(this), 'try.fetching', { url: configUrl.href })}${notice}`);
    if (writeUrl) void this.#writeUrl();
    this.#download = new AbortController();
    let text: string;
    try {
      text = await fetchText(configUrl, { timeoutMs, limitBytes: MAX_CONFIG_BYTES, signal: this.#download.signal });
    } catch (error) {
      if (generation !== this.#generation) return;
      this.#status(
        'repo',
        `${sentence(tb(langOf(this), 'try.cannotLoad', { name: source.name, error: messageOf(error) }))}${notice}`,
        'error',
      );
      return;
    }
    if (generation !== this.#generation) return;
    this.#status('repo', tb(langOf(this), 'try.computing', { name: source.name }));
    this.#compute(text, source.name);
  }

  /** A new source: older downloads and links are dropped, and the results wait for it. */
  #begin(source: Source): number {
    this.#generation += 1;
    this.#download?.abort();
    this.#download = null;
    this.#source = source;
    this.#showResults(false);
    return this.#generation;
  }

  async #useFile(file: File): Promise<void> {
    if (file.size > MAX_CONFIG_BYTES) {
      this.#refuse(
        'paste',
        `${file.name} is ${(file.size / 1024 / 1024).toFixed(1)} MiB; a config.json is a few KB, so it is refused.`,
      );
      return;
    }
    const text = await file.text();
    const textarea = controlField(this, 'config');
    if (textarea) textarea.value = text;
    await this.#useText(text);
  }

  async #useText(text: string, writeUrl = true, name = 'the pasted config'): Promise<void> {
    // Measured before anything copies it: five calculators, a link and a text area each would.
    if (!fitsUtf8(text, MAX_CONFIG_BYTES)) {
      this.#refuse('paste', tooLarge(name, text));
      return;
    }
    if (text.trim() === '') {
      this.#refuse('paste', tb(langOf(this), 'try.pasteFirst'));
      return;
    }
    const source: Source = { input: 'paste', name, notice: '', text };
    this.#begin(source);
    this.querySelector<HTMLElement>('[data-try-title]')?.replaceChildren(capitalized(name));
    this.#status('paste', tb(langOf(this), 'try.computing', { name }));
    this.#compute(text, name);
    if (writeUrl) await this.#writeUrl();
  }

  /** Hands the config text to every calculator; their `llm-result` events end in #onResult. */
  #compute(text: string, label: string): void {
    for (const element of this.#calculators()) {
      element.removeAttribute('config-url');
      let script = element.querySelector('script');
      if (script === null) {
        script = document.createElement('script');
        script.type = 'application/json';
        element.append(script);
      }
      script.dataset['label'] = label;
      script.textContent = text;
    }
    this.#applyOptions();
  }

  #onControl(event: Event): void {
    const unit = this.querySelector('[data-url-state]');
    if (unit !== null) dismissNote(unit);
    syncContextSlider(this, event);
    this.#applyOptions();
    if (this.#source !== null) void this.#writeUrl();
  }

  /** Validates the controls like every calculator does, then hands them to the elements. */
  #applyOptions(): void {
    const message = this.querySelector<HTMLElement>('[data-calc-message]');
    const options = readControls(this);
    if (options instanceof ConfigError) {
      if (message) {
        message.textContent = controlMessage(options);
        message.hidden = false;
      }
      return;
    }
    if (message) message.hidden = true;
    const values = controlValues(this);
    for (const element of this.#calculators()) {
      for (const [name, value] of Object.entries(values)) element.setAttribute(name, value);
    }
  }

  /**
   * Hands the link's `mem.weights`, `mem.gpu`, `mem.gpus` and `mem.reserve` to `<llm-memory>` as
   * attributes: the element checks them like any attribute and names a bad one in its card.
   */
  #restoreMemory(query: URLSearchParams): void {
    const memory = this.querySelector('llm-memory');
    if (memory === null) return;
    for (const name of MEMORY_ELEMENT_FIELDS) {
      const value = query.get(`${MEMORY_KEY_PREFIX}${name}`);
      // No valid value is longer than a GPU id: a longer one is not copied into the page.
      if (value !== null && value.length <= MAX_MEMORY_VALUE_CHARS) memory.setAttribute(name, value);
    }
  }

  async #writeUrl(): Promise<void> {
    const source = this.#source;
    const url = new URL(window.location.href);
    url.search = '';
    if (source?.repo !== undefined) {
      url.searchParams.set('repo', source.repo.id);
      if (source.repo.hub !== DEFAULT_HUB) url.searchParams.set('hub', source.repo.hub);
    } else if (source?.text !== undefined) {
      let packed: string | null = null;
      try {
        packed = await packText(source.text);
      } catch {
        // Over the limit: #useText refused it already; a link never carries more.
      }
      if (this.#source !== source) return;
      if (packed !== null) url.searchParams.set('config', packed);
    }
    const unit = this.querySelector('[data-url-state]');
    if (unit !== null) setStateParams(url, unit);
    const memory = this.querySelector('llm-memory');
    for (const name of MEMORY_ELEMENT_FIELDS) {
      const value = memory?.getAttribute(name) ?? null;
      if (value !== null && value !== '' && value !== MEMORY_ELEMENT_DEFAULTS[name])
        url.searchParams.set(`${MEMORY_KEY_PREFIX}${name}`, value);
    }
    window.history.replaceState(window.history.state, '', url);
    const share = this.querySelector<HTMLElement>('[data-try-share]');
    const link = this.querySelector<HTMLInputElement>('[data-try-link]');
    if (share && link) {
      share.hidden = source === null;
      if (link.value !== (source === null ? '' : url.href)) {
        const status = this.querySelector<HTMLElement>('[data-try-copy-status]');
        if (status) status.textContent = '';
      }
      link.value = source === null ? '' : url.href;
    }
  }
}

if (!customElements.get('atlas-try')) customElements.define('atlas-try', AtlasTry);
