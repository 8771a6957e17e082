/**
 * `<atlas-tensor-list data-src="/api/models/<org>/<name>/tensors.json">`: every tensor of a model,
 * by its own name and shape, loaded only when the reader opens the `<details>` around it. The
 * page itself never carries the flat list (a 256-expert model has tens of thousands of tensors);
 * the element fetches the build-time JSON and renders it a chunk at a time, each chunk in its own
 * task, so the main thread is never blocked for long. Without JavaScript the element's content, a
 * plain link to the JSON file, stays.
 */
import { nameSegments } from '../../src/lib/names.ts';

/** Rows rendered per task: a few milliseconds of DOM work. */
const CHUNK_ROWS = 250;
/** Rows rendered before the reader is asked ("Show more"): the list stays a reasonable DOM. */
const PAGE_ROWS = 2000;

interface TensorEntry {
  name: string;
  shape: number[];
}

function isTensorEntry(value: unknown): value is TensorEntry {
  if (value === null || typeof value !== 'object') return false;
  const entry = value as Record<string, unknown>;
  return (
    typeof entry['name'] === 'string' &&
    Array.isArray(entry['shape']) &&
    entry['shape'].every((size) => typeof size === 'number')
  );
}

/** Lets the browser paint and handle input between chunks. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(() => resolve(), { timeout: 100 });
    else setTimeout(resolve, 0);
  });
}

class AtlasTensorList extends HTMLElement {
  #started = false;
  #tensors: TensorEntry[] = [];
  #shown = 0;
  #list: HTMLOListElement | undefined;
  #more: HTMLButtonElement | undefined;
  #status: HTMLParagraphElement | undefined;
  #rendering = false;

  connectedCallback(): void {
    const details = this.closest('details');
    if (details === null || details.open) {
      void this.#load();
      return;
    }
    details.addEventListener('toggle', () => {
      if (details.open) void this.#load();
    });
  }

  async #load(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    const source = this.dataset['src'];
    if (source === undefined) return;
    const fallback = [...this.childNodes];
    const status = document.createElement('p');
    status.className = 'tensor-list-status';
    status.setAttribute('role', 'status');
    status.textContent = 'Loading every tensor…';
    this.#status = status;
    this.setAttribute('aria-busy', 'true');
    this.replaceChildren(status);
    try {
      const response = await fetch(source);
      if (!response.ok) throw new Error(`${response.status}`);
      const data = (await response.json()) as { tensors?: unknown };
      if (!Array.isArray(data.tensors) || !data.tensors.every(isTensorEntry)) throw new Error('malformed');
      this.#tensors = data.tensors;
    } catch {
      // Back to the link, with a word on why the list is not here.
      status.textContent = 'The list could not be loaded here; it is still available as JSON:';
      this.replaceChildren(status, ...fallback);
      this.removeAttribute('aria-busy');
      return;
    }
    const list = document.createElement('ol');
    list.className = 'tensor-list';
    this.#list = list;
    const more = document.createElement('button');
    more.type = 'button';
    more.className = 'tensor-list-more';
    more.hidden = true;
    more.addEventListener('click', () => void this.#render(PAGE_ROWS));
    this.#more = more;
    const link = fallback.find((node): node is HTMLElement => node instanceof HTMLElement);
    this.replaceChildren(status, list, more, ...(link ? [link] : []));
    await this.#render(PAGE_ROWS);
    this.removeAttribute('aria-busy');
  }

  /** Appends up to `rows` more tensors, one chunk per task. */
  async #render(rows: number): Promise<void> {
    const list = this.#list;
    if (list === undefined || this.#rendering) return;
    this.#rendering = true;
    if (this.#more) this.#more.disabled = true;
    const end = Math.min(this.#tensors.length, this.#shown + rows);
    while (this.#shown < end) {
      const stop = Math.min(end, this.#shown + CHUNK_ROWS);
      const fragment = document.createDocumentFragment();
      for (let index = this.#shown; index < stop; index += 1) {
        const tensor = this.#tensors[index];
        if (tensor === undefined) continue;
        const item = document.createElement('li');
        const name = document.createElement('code');
        // Long names wrap between dotted segments on a phone.
        nameSegments(tensor.name).forEach((part, partIndex) => {
          if (partIndex > 0) name.append(document.createElement('wbr'));
          name.append(part);
        });
        const shape = document.createElement('code');
        shape.className = 'tensor-list-shape';
        shape.textContent = `[${tensor.shape.join(', ')}]`;
        item.append(name, ' ', shape);
        fragment.append(item);
      }
      list.append(fragment);
      this.#shown = stop;
      this.dataset['shown'] = String(stop);
      if (this.#shown < end) await nextTask();
    }
    this.#rendering = false;
    this.#updateStatus();
    if (this.#more) {
      const left = this.#tensors.length - this.#shown;
      this.#more.hidden = left === 0;
      this.#more.disabled = false;
      this.#more.textContent = `Show ${Math.min(left, PAGE_ROWS).toLocaleString('en-US')} more`;
    }
  }

  #updateStatus(): void {
    if (this.#status === undefined) return;
    const total = this.#tensors.length.toLocaleString('en-US');
    this.#status.textContent =
      this.#shown === this.#tensors.length
        ? `All ${total} tensors, in state-dict order.`
        : `The first ${this.#shown.toLocaleString('en-US')} of ${total} tensors, in state-dict order.`;
  }
}

if (!customElements.get('atlas-tensor-list')) customElements.define('atlas-tensor-list', AtlasTensorList);
