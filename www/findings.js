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

/** The findings of one report, batch after batch, read by index. */
export class Findings {
  constructor() {
    this.batches = [];
    this.length = 0;
  }

  add(batch) {
    this.batches.push(batch);
    this.length += batch.lines.length;
  }

  /** Joins the batches' columns, once the report is complete. */
  seal() {
    const total = this.length;
    this.lines = new Float64Array(total);
    this.codes = new Uint8Array(total);
    this.lengths = new Uint32Array(total * 3);
    this.batchOf = new Uint32Array(total);
    this.textStart = new Uint32Array(total);
    this.texts = [];
    let at = 0;
    for (const [number, batch] of this.batches.entries()) {
      const count = batch.lines.length;
      this.lines.set(batch.lines, at);
      this.codes.set(batch.codes, at);
      this.lengths.set(batch.lengths, at * 3);
      this.batchOf.fill(number, at, at + count);
      let start = 0;
      for (let index = at; index < at + count; index += 1) {
        this.textStart[index] = start;
        for (let part = 0; part < 3; part += 1) {
          const length = this.lengths[index * 3 + part];
          if (length !== NONE) start += length;
        }
      }
      this.texts.push(batch.text);
      at += count;
    }
    this.batches = [];
  }

  /** The line of finding `index`, or null. */
  line(index) {
    const line = this.lines[index];
    return line < 0 ? null : line;
  }

  /** Finding `index` as the package gives it, with `codeIndex` for `code`. */
  get(index) {
    const text = this.texts[this.batchOf[index]];
    let start = this.textStart[index];
    const [column, message, value] = [0, 1, 2].map((part) => {
      const length = this.lengths[index * 3 + part];
      if (length === NONE) return null;
      start += length;
      return text.slice(start - length, start);
    });
    return { line: this.line(index), column, codeIndex: this.codes[index], message, value };
  }
}
