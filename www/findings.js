// The findings of a report, kept in columns: half a million of them as
// objects would cost the page's thread seconds of copying and collecting.
// The worker packs each batch (see packFindings); the page adds the batches
// and reads one finding at a time, when a row shows it.

/** A length that stands for null (a finding with no column or no value). */
const NONE = 0xffffffff;

/** Packs findings into transferable columns; `codeIndex` maps a rule code
 * to its place in the rule table. Runs in the worker. */
export function packFindings(findings, codeIndex) {
  const count = findings.length;
  const lines = new Float64Array(count);
  const codes = new Uint8Array(count);
  const lengths = new Uint32Array(count * 3);
  const texts = [];
  for (let index = 0; index < count; index += 1) {
    const { line, column, code, message, value } = findings[index];
    lines[index] = line ?? -1;
    codes[index] = codeIndex.get(code);
    lengths[index * 3] = column === null ? NONE : column.length;
    lengths[index * 3 + 1] = message.length;
    lengths[index * 3 + 2] = value === null ? NONE : value.length;
    if (column !== null) texts.push(column);
    texts.push(message);
    if (value !== null) texts.push(value);
  }
  return { lines, codes, lengths, text: texts.join('') };
}

/** The findings of one report, batch after batch, read by index. Each
 * batch is indexed as it comes, so that sealing the report costs little. */
export class Findings {
  constructor() {
    this.batches = [];
    this.length = 0;
  }

  add(batch) {
    // Where each finding's text starts in its batch's string.
    const count = batch.lines.length;
    const { lengths } = batch;
    const textStart = new Uint32Array(count);
    let start = 0;
    for (let index = 0; index < count; index += 1) {
      textStart[index] = start;
      const column = lengths[index * 3];
      const value = lengths[index * 3 + 2];
      start += (column === NONE ? 0 : column) + lengths[index * 3 + 1] + (value === NONE ? 0 : value);
    }
    this.batches.push({ ...batch, textStart, first: this.length });
    this.length += count;
  }

  /** Joins the batches' lines and codes, once the report is complete. */
  seal() {
    this.lines = new Float64Array(this.length);
    this.codes = new Uint8Array(this.length);
    for (const batch of this.batches) {
      this.lines.set(batch.lines, batch.first);
      this.codes.set(batch.codes, batch.first);
    }
  }

  /** The line of finding `index`, or null. */
  line(index) {
    const line = this.lines[index];
    return line < 0 ? null : line;
  }

  /** Finding `index` as the package gives it, with `codeIndex` for `code`. */
  get(index) {
    // The batch that holds it: the last one that starts at or before it.
    let low = 0;
    let high = this.batches.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.batches[middle].first <= index) low = middle;
      else high = middle - 1;
    }
    const { text, lengths, textStart, first } = this.batches[low];
    const at = index - first;
    let start = textStart[at];
    const [column, message, value] = [0, 1, 2].map((part) => {
      const length = lengths[at * 3 + part];
      if (length === NONE) return null;
      start += length;
      return text.slice(start - length, start);
    });
    return { line: this.line(index), column, codeIndex: this.codes[index], message, value };
  }
}
