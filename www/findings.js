// The findings of one report, kept as the package's batches give them: in
// columns (line, rule, line status) and each finding's data as bytes, with
// no words. Half a million findings as objects with their messages would
// cost the page seconds of copying and collecting; here a finding is
// rendered (renderFinding, from the package) only when a row or the details
// pane shows it.

/** A finding's status in a batch when it has no line (the whole file or
 * the pool): the page calls it 'file'. */
export const NO_LINE = 255;

/** The page's name of a finding's status: one of the package's
 * `lineStatuses()`, or 'file'. */
export function statusName(lineStatuses, status) {
  return status === NO_LINE ? 'file' : lineStatuses[status];
}

/** The status a name stands for, -1 for none ('' is every status). */
export function statusOf(lineStatuses, name) {
  return name === 'file' ? NO_LINE : lineStatuses.indexOf(name);
}

export class Findings {
  /** @param {(bytes: Uint8Array) => object} renderFinding the package's */
  constructor(renderFinding) {
    this.renderFinding = renderFinding;
    this.length = 0;
    this.batches = []; // {data, ends, first}: each finding's bytes, for get()
    this.unsealed = []; // {lines, codes, statuses, first} of each batch, until seal() joins them
    this.lines = null; // the joined columns, once sealed
    this.codes = null;
    this.statuses = null;
  }

  /** Adds a batch (`{lines, codes, statuses, data, ends}`), in order. */
  add({ lines, codes, statuses, data, ends }) {
    if (codes.length === 0) return;
    const first = this.length;
    this.batches.push({ data, ends, first });
    this.unsealed.push({ lines, codes, statuses, first });
    this.length += codes.length;
  }

  /** Joins the batches' columns into one of each, once the report is
   * complete, for filters that run over all of them. */
  seal() {
    this.lines = new Float64Array(this.length);
    this.codes = new Uint8Array(this.length);
    this.statuses = new Uint8Array(this.length);
    for (const { lines, codes, statuses, first } of this.unsealed) {
      this.lines.set(lines, first);
      this.codes.set(codes, first);
      this.statuses.set(statuses, first);
    }
    this.unsealed = [];
    return this;
  }

  /** The line of finding `index`, or null. */
  line(index) {
    const line = this.lines[index];
    return line < 0 ? null : line;
  }

  /** How many findings have each status (indexed by status, NO_LINE included). */
  countByStatus() {
    const counts = new Uint32Array(NO_LINE + 1);
    for (let index = 0; index < this.length; index += 1) counts[this.statuses[index]] += 1;
    return counts;
  }

  /** Finding `index` with its words: `{line, column, code, severity, message, value, suggested}`. */
  get(index) {
    // The batch that holds it: the last one that starts at or before it.
    let low = 0;
    let high = this.batches.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.batches[middle].first <= index) low = middle;
      else high = middle - 1;
    }
    const { data, ends, first } = this.batches[low];
    const at = index - first;
    return this.renderFinding(data.subarray(at === 0 ? 0 : ends[at - 1], ends[at]));
  }
}
