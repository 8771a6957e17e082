/**
 * `<atlas-memory>`: the island behind `<MemoryPlanner>`. The build renders every number, the bar
 * and the fits-on table, so this element loads the planner (memory-island.ts, with the library's
 * memory code) only when it is needed: when a control moves, or when the URL carries a state for
 * it (`mem.gpu=h200`: its form is the URL-state unit of kind `mem`, src/site/browser/url-state.ts).
 * A page read top to bottom does not pay for it.
 */
import { restoreState } from '../../src/site/browser/url-state.ts';
import { enableControls } from './run-controls.ts';

export class AtlasMemory extends HTMLElement {
  #started = false;

  connectedCallback(): void {
    const form = this.querySelector('form');
    if (form === null) return;
    form.addEventListener('submit', (event) => event.preventDefault());
    const begin = () => void this.#start(true);
    form.addEventListener('input', begin, { once: true });
    form.addEventListener('change', begin, { once: true });
    // The controls are rendered disabled for readers without JavaScript; the URL's values go in first.
    const restored = restoreState(form);
    enableControls(form);
    if (restored) void this.#start(false);
  }

  async #start(changed: boolean): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    const { startPlanner } = await import('./memory-island.ts');
    startPlanner(this, changed);
  }
}

if (!customElements.get('atlas-memory')) customElements.define('atlas-memory', AtlasMemory);
