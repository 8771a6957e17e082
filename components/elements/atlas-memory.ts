/**
 * `<atlas-memory>`: the island behind `<MemoryPlanner>`. The build renders every number, the bar
 * and the fits-on table, so this element loads the planner (memory-island.ts, with the library's
 * memory code) only when it is needed: when a control moves, or when the URL carries a `mem.*`
 * state to restore. A page read top to bottom does not pay for it.
 */
import { PLANNER_FIELDS } from '../../src/site/browser/memory-fields.ts';

export class AtlasMemory extends HTMLElement {
  #started = false;

  connectedCallback(): void {
    const form = this.querySelector('form');
    if (form === null) return;
    form.addEventListener('submit', (event) => event.preventDefault());
    const query = new URLSearchParams(window.location.search);
    if (PLANNER_FIELDS.some(({ urlKey }) => query.has(urlKey))) {
      void this.#start(false);
      return;
    }
    const begin = () => void this.#start(true);
    form.addEventListener('input', begin, { once: true });
    form.addEventListener('change', begin, { once: true });
  }

  async #start(changed: boolean): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    const { startPlanner } = await import('./memory-island.ts');
    startPlanner(this, changed);
  }
}

if (!customElements.get('atlas-memory')) customElements.define('atlas-memory', AtlasMemory);
