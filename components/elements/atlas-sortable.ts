/**
 * `<atlas-sortable>`: sorts the rows of the table inside it when a header button is pressed, by
 * each cell's `data-sort-value` (numbers numerically, text alphabetically), and reflects the order
 * in `aria-sort`. A `[data-filter]` form inside it, hidden in the HTML, is shown and filters the rows
 * by the words typed (every word must appear in the row's `data-filter-text`), saying how many match
 * in its `[data-filter-status]`. Without JavaScript the table keeps its build-time order and rows.
 */
import { langOf, tb } from '../../src/site/browser/messages.ts';

class AtlasSortable extends HTMLElement {
  connectedCallback(): void {
    this.addEventListener('click', (event) => {
      const button = (event.target as Element | null)?.closest<HTMLButtonElement>('[data-sort-column]');
      if (button) this.#sort(Number(button.dataset['sortColumn']), button.closest('th'));
    });
    const form = this.querySelector<HTMLElement>('[data-filter]');
    const input = form?.querySelector('input');
    if (form && input) {
      form.hidden = false;
      form.addEventListener('submit', (event) => event.preventDefault());
      input.addEventListener('input', () => this.#filter(input.value));
    }
  }

  #filter(query: string): void {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    const rows = [...(this.querySelector('tbody')?.rows ?? [])];
    let shown = 0;
    for (const row of rows) {
      const text = (row.dataset['filterText'] ?? row.textContent ?? '').toLowerCase();
      const match = words.every((word) => text.includes(word));
      row.hidden = !match;
      if (match) shown += 1;
    }
    const status = this.querySelector('[data-filter-status]');
    if (status) {
      status.textContent =
        words.length === 0
          ? ''
          : shown === 0
            ? tb(langOf(this), 'models.noMatch')
            : tb(langOf(this), 'models.match', { shown, total: rows.length });
    }
  }

  #sort(column: number, header: HTMLTableCellElement | null): void {
    const body = this.querySelector('tbody');
    if (body === null || header === null) return;
    const descending = header.getAttribute('aria-sort') === 'ascending';
    for (const other of this.querySelectorAll('thead th')) other.removeAttribute('aria-sort');
    header.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
    const key = (row: HTMLTableRowElement) => row.cells[column]?.dataset['sortValue'] ?? '';
    const rows = [...body.rows];
    rows.sort((a, b) => {
      const left = key(a);
      const right = key(b);
      const numeric = Number(left) - Number(right);
      const order = Number.isNaN(numeric) ? left.localeCompare(right, 'en', { numeric: true }) : numeric;
      return descending ? -order : order;
    });
    body.append(...rows);
  }
}

if (!customElements.get('atlas-sortable')) customElements.define('atlas-sortable', AtlasSortable);
