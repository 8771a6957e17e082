/**
 * `<atlas-sortable>`: sorts the rows of the table inside it when a header button is pressed, by
 * each cell's `data-sort-value` (numbers numerically, text alphabetically), and reflects the order
 * in `aria-sort`. Without JavaScript the table keeps its build-time order.
 */
class AtlasSortable extends HTMLElement {
  connectedCallback(): void {
    this.addEventListener('click', (event) => {
      const button = (event.target as Element | null)?.closest<HTMLButtonElement>('[data-sort-column]');
      if (button) this.#sort(Number(button.dataset['sortColumn']), button.closest('th'));
    });
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
