/**
 * `<atlas-try>`: the "Try any model" page. It feeds a Hub URL or a pasted/dropped config to the
 * embeddable calculators inside it (which fetch, validate and compute), passes the controls on
 * as attributes, and keeps the state in a shareable link: `?repo=org/name` (with `hub=` for a
 * mirror) or `?config=` (the config, deflated). Config text is only ever set as textContent.
 * The four calculators share one parse and one tensor list (calculators.ts caches by source), and
 * none lists tensors one by one, so a config of ten thousand experts computes in milliseconds.
 * When every calculator has rendered, the status line says so (`data-state` done or error).
 */
import { ConfigError } from '../../src/lib/errors.ts';
import { MAX_CONFIG_BYTES } from '../../src/lib/config/untrusted.ts';
import { packText, unpackText } from '../../src/site/browser/compress.ts';
import {
  controlField,
  controlMessage,
  controlValues,
  readControls,
  restoreControls,
  setControlParams,
  syncContextSlider,
} from './run-controls.ts';

const DEFAULT_HUB = 'https://huggingface.co';
type Source = { repo: string; hub: string } | { text: string };

class AtlasTry extends HTMLElement {
  #source: Source | null = null;

  connectedCallback(): void {
    const repoForm = this.querySelector<HTMLFormElement>('[data-try-repo]');
    const pasteForm = this.querySelector<HTMLFormElement>('[data-try-paste]');
    repoForm?.addEventListener('submit', (event) => {
      event.preventDefault();
      const data = new FormData(repoForm);
      void this.#useRepo(String(data.get('repo') ?? '').trim(), String(data.get('hub') ?? DEFAULT_HUB).trim());
    });
    pasteForm?.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.#useText(String(new FormData(pasteForm).get('config') ?? ''));
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
    for (const form of this.querySelectorAll<HTMLFormElement>('.calc-controls')) {
      if (form.matches('[data-try-repo]')) continue;
      form.addEventListener('input', (event) => this.#onControl(event));
      form.addEventListener('change', (event) => this.#onControl(event));
      form.addEventListener('submit', (event) => event.preventDefault());
    }
    this.addEventListener('llm-result', () => this.#onResult());
    void this.#restore();
  }

  /** Once no calculator is still loading: the first error, or what the results are of. */
  #onResult(): void {
    const calculators = this.#calculators();
    if (this.#source === null || calculators.some((element) => element.hasAttribute('aria-busy'))) return;
    const error = calculators.map((element) => element.getAttribute('data-error')).find((message) => message !== null);
    const of = 'repo' in this.#source ? this.#source.repo : 'the pasted config';
    if (error === undefined) this.#status(`Results for ${of}.`, 'done');
    else this.#status(`${'repo' in this.#source ? of : 'The pasted config'} cannot be computed: ${error}`, 'error');
  }

  #status(text: string, state: 'busy' | 'done' | 'error' = 'busy'): void {
    const status = this.querySelector<HTMLElement>('[data-try-status]');
    if (status) {
      status.textContent = text;
      status.dataset['state'] = state;
    }
  }

  #calculators(): HTMLElement[] {
    return [...this.querySelectorAll<HTMLElement>('[data-try-results] > *')];
  }

  async #restore(): Promise<void> {
    const query = new URLSearchParams(window.location.search);
    restoreControls(this, query);
    const repo = query.get('repo');
    const packed = query.get('config');
    if (repo !== null) {
      const repoField = controlField(this, 'repo');
      const hubField = controlField(this, 'hub');
      if (repoField) repoField.value = repo;
      if (hubField && query.get('hub')) hubField.value = query.get('hub') ?? DEFAULT_HUB;
      await this.#useRepo(repo, query.get('hub') ?? DEFAULT_HUB, false);
    } else if (packed !== null) {
      try {
        const text = await unpackText(packed);
        const textarea = controlField(this, 'config');
        if (textarea) textarea.value = text;
        await this.#useText(text, false);
      } catch (error) {
        this.#status(
          error instanceof ConfigError ? error.message : 'the shared config in the link cannot be read',
          'error',
        );
      }
    }
  }

  async #useRepo(repo: string, hub: string, writeUrl = true): Promise<void> {
    if (!/^[\w.-]+\/[\w.-]+$/.test(repo)) {
      this.#status(
        `"${repo.slice(0, 80)}" is not a Hub repo id: it looks like org/name, e.g. Qwen/Qwen2.5-7B`,
        'error',
      );
      return;
    }
    let base: URL;
    try {
      base = new URL(hub);
      if (base.protocol !== 'https:' && base.protocol !== 'http:') throw new TypeError('protocol');
    } catch {
      this.#status('The Hub base URL must be an http(s) URL, e.g. https://huggingface.co', 'error');
      return;
    }
    this.#source = { repo, hub: base.href.replace(/\/+$/, '') };
    const configUrl = `${this.#source.hub}/${repo}/resolve/main/config.json`;
    this.#status(`Computing ${repo} from ${configUrl}`);
    for (const element of this.#calculators()) {
      element.querySelector('script')?.remove();
      element.setAttribute('config-url', configUrl);
    }
    this.#showResults();
    if (writeUrl) await this.#writeUrl();
  }

  async #useFile(file: File): Promise<void> {
    if (file.size > MAX_CONFIG_BYTES) {
      this.#status(
        `${file.name} is ${(file.size / 1024 / 1024).toFixed(1)} MiB; a config.json is a few KB, so it is refused`,
        'error',
      );
      return;
    }
    const text = await file.text();
    const textarea = controlField(this, 'config');
    if (textarea) textarea.value = text;
    await this.#useText(text);
  }

  async #useText(text: string, writeUrl = true): Promise<void> {
    if (text.trim() === '') {
      this.#status('Paste a config.json first.', 'error');
      return;
    }
    this.#source = { text };
    this.#status('Computing the pasted config');
    for (const element of this.#calculators()) {
      element.removeAttribute('config-url');
      let script = element.querySelector('script');
      if (script === null) {
        script = document.createElement('script');
        script.type = 'application/json';
        element.append(script);
      }
      script.textContent = text;
    }
    this.#showResults();
    if (writeUrl) await this.#writeUrl();
  }

  #showResults(): void {
    const results = this.querySelector<HTMLElement>('[data-try-results]');
    if (results) results.hidden = false;
    this.#applyOptions();
  }

  #onControl(event: Event): void {
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

  async #writeUrl(): Promise<void> {
    const url = new URL(window.location.href);
    url.search = '';
    if (this.#source !== null && 'repo' in this.#source) {
      url.searchParams.set('repo', this.#source.repo);
      if (this.#source.hub !== DEFAULT_HUB) url.searchParams.set('hub', this.#source.hub);
    } else if (this.#source !== null) {
      url.searchParams.set('config', await packText(this.#source.text));
    }
    setControlParams(url, controlValues(this));
    window.history.replaceState(window.history.state, '', url);
    const share = this.querySelector<HTMLElement>('[data-try-share]');
    const link = this.querySelector<HTMLInputElement>('[data-try-link]');
    if (share && link) {
      share.hidden = false;
      link.value = url.href;
    }
  }
}

if (!customElements.get('atlas-try')) customElements.define('atlas-try', AtlasTry);
