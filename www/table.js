// A table that draws only the rows in view, so that half a million of them
// scroll as smoothly as ten. Rows have one height (read from the CSS); the
// page gives the row count and a function that fills a row element.

/** Browsers cap an element's height (Firefox near 17.9 million pixels):
 * past this, the scroll position maps onto the rows in proportion. */
const MAX_CANVAS_HEIGHT = 8_000_000;

export class VirtualTable {
  /**
   * @param {object} parts
   * @param {HTMLElement} parts.grid the focusable element with role="grid"
   * @param {HTMLElement} parts.viewport the scrolling element
   * @param {HTMLElement} parts.canvas the element as tall as the rows
   * @param {HTMLElement} parts.rows the rowgroup the row elements go in
   * @param {(row: HTMLElement, index: number) => void} parts.fillRow
   * @param {(index: number) => void} parts.onActivate called when the active row changes
   */
  constructor({ grid, viewport, canvas, rows, fillRow, onActivate }) {
    Object.assign(this, { grid, viewport, canvas, rows, fillRow, onActivate });
    this.count = 0;
    this.active = -1;
    this.rowHeight = 0;
    this.pending = false;
    viewport.addEventListener('scroll', () => this.schedule(), { passive: true });
    // A narrow screen has taller rows (style.css): measure again on resize.
    new ResizeObserver(() => {
      this.rowHeight = 0;
      this.schedule();
    }).observe(viewport);
    grid.addEventListener('keydown', (event) => this.onKey(event));
    // A click anywhere on a row selects it, on its links too (a tap on a
    // phone often lands on one).
    rows.addEventListener('click', (event) => {
      const row = event.target.closest('[data-index]');
      if (row) this.activate(Number(row.dataset.index));
    });
  }

  /** Shows `count` rows from the top, none active. */
  setCount(count) {
    this.count = count;
    this.active = -1;
    this.grid.setAttribute('aria-rowcount', String(count + 1));
    this.grid.removeAttribute('aria-activedescendant');
    this.viewport.scrollTop = 0;
    this.render();
  }

  /** Draws the visible rows again (their content changed). */
  refresh() {
    this.render();
  }

  /** Makes row `index` the active one, scrolled into view. */
  activate(index, { focus = false } = {}) {
    if (this.count === 0) return;
    index = Math.max(0, Math.min(this.count - 1, index));
    this.active = index;
    this.scrollIntoView(index);
    this.render();
    if (focus) this.grid.focus({ preventScroll: true });
    this.onActivate(index);
  }

  schedule() {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.render();
    });
  }

  measure() {
    if (this.rowHeight > 0) return;
    const probe = this.makeRow();
    this.rows.append(probe);
    this.rowHeight = probe.getBoundingClientRect().height || 32;
    probe.remove();
  }

  /** The virtual geometry: the rows' full height, the canvas's, and the
   * ratio between scrolling the canvas and moving over the rows. */
  geometry() {
    const height = this.viewport.clientHeight;
    const full = this.count * this.rowHeight;
    const canvas = Math.min(full, MAX_CANVAS_HEIGHT);
    const ratio = canvas > height && full > canvas ? (full - height) / (canvas - height) : 1;
    return { height, full, canvas, ratio };
  }

  scrollIntoView(index) {
    this.measure();
    const { height, ratio } = this.geometry();
    const top = index * this.rowHeight;
    const virtualTop = this.viewport.scrollTop * ratio;
    if (top < virtualTop) this.viewport.scrollTop = top / ratio;
    else if (top + this.rowHeight > virtualTop + height) {
      this.viewport.scrollTop = (top + this.rowHeight - height) / ratio;
    }
  }

  render() {
    this.measure();
    const { height, canvas, ratio } = this.geometry();
    this.canvas.style.height = `${canvas}px`;
    const scrollTop = this.viewport.scrollTop;
    const virtualTop = scrollTop * ratio;
    const first = Math.min(Math.floor(virtualTop / this.rowHeight), Math.max(0, this.count - 1));
    const visible = Math.min(Math.ceil(height / this.rowHeight) + 1, this.count - first);
    const offset = scrollTop - (virtualTop - first * this.rowHeight);
    this.rows.style.transform = `translateY(${offset}px)`;
    while (this.rows.children.length < visible) this.rows.append(this.makeRow());
    while (this.rows.children.length > Math.max(visible, 0)) this.rows.lastElementChild.remove();
    let activeId = null;
    for (let slot = 0; slot < visible; slot += 1) {
      const row = this.rows.children[slot];
      const index = first + slot;
      row.dataset.index = String(index);
      row.id = `finding-${index}`;
      row.setAttribute('aria-rowindex', String(index + 2));
      const isActive = index === this.active;
      row.classList.toggle('active', isActive);
      row.setAttribute('aria-selected', String(isActive));
      if (isActive) activeId = row.id;
      this.fillRow(row, index);
    }
    if (activeId) this.grid.setAttribute('aria-activedescendant', activeId);
    else this.grid.removeAttribute('aria-activedescendant');
  }

  makeRow() {
    const row = document.createElement('div');
    row.className = 'grid-row';
    row.setAttribute('role', 'row');
    for (let cell = 0; cell < 6; cell += 1) {
      const element = document.createElement('span');
      element.setAttribute('role', 'gridcell');
      row.append(element);
    }
    return row;
  }

  onKey(event) {
    if (this.count === 0) return;
    const page = Math.max(1, Math.floor(this.viewport.clientHeight / this.rowHeight) - 1);
    const from = this.active < 0 ? -1 : this.active;
    const moves = {
      ArrowDown: from + 1,
      ArrowUp: from - 1,
      PageDown: from + page,
      PageUp: from - page,
      Home: 0,
      End: this.count - 1,
    };
    if (!(event.key in moves) || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    this.activate(moves[event.key]);
  }
}
