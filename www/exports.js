// The exports of the report shown: the worker reads the file again into the
// command line's forms (CSV, JSON, the CloudWatch log); the header template
// is made here from the pool. Nothing is uploaded: the file is saved
// through a link to a Blob. The findings CSV is for people: it gets a byte
// order mark for Excel, no values under "hide values", and, if asked, only
// the rows the table's filters show (their places, as the table has them).
import { $, count, counted, megabytes, setMessage } from './shared.js';

/** What an exported form is saved as, for a file named `fileName`. */
export function exportFileName(fileName, kind) {
  const base = fileName.replace(/\.[^.]*$/, '') || 'users';
  return { csv: `${base}.findings.csv`, json: `${base}.report.json`, cloudwatch: `${base}.cloudwatch.log` }[kind];
}

/** The header line Cognito expects for `pool`. */
export const headerLine = (pool) => pool.header.join(',');

/** The header line Cognito expects for `pool`, as a file: `{name, text}`. */
export function headerTemplate(pool) {
  return { name: `${pool.userPoolId ?? 'cognito'}-import-template.csv`, text: `${headerLine(pool)}\n` };
}

/** Saves the header template of `pool`; returns the sentence that says so. */
export function saveHeaderTemplate(pool) {
  const { name, text } = headerTemplate(pool);
  download(new Blob([text], { type: 'text/csv' }), name);
  return `Saved ${name}: the header line Cognito expects for this pool.`;
}

/**
 * The findings CSV's options for the package's ReportWriter: a byte order
 * mark, values hidden or not, and with `onlyFiltered` the places of the
 * findings the table shows (`filtered`, of `total`), unless that is all.
 */
export function findingsCsvOptions({ hideValues, onlyFiltered, filtered, total }) {
  const options = { byteOrderMark: true, hideValues };
  if (onlyFiltered && filtered.length < total) options.only = filtered;
  return options;
}

/** What the message says of a findings CSV saved with `options`, of `total` findings. */
export function findingsCsvNote(options, total) {
  const rows = options.only ? `${count(options.only.length)} of ${counted(total, 'finding')}, those the filters show` : counted(total, 'finding');
  return `${rows}${options.hideValues ? ', without values' : ''}`;
}

export class Exports {
  /** @param {(message: object) => void} post posts a message to the worker */
  constructor({ post }) {
    this.post = post;
    this.nextId = 1;
    this.pending = new Map(); // export requests waiting for the worker: id → {name, note}
  }

  /** Wires the buttons to export what `current()` gives (`{file, report,
   * findings, filtered}`: `filtered` the places of the findings the table
   * shows; or null). */
  wire(current) {
    this.current = current;
    for (const button of document.querySelectorAll('[data-export]')) {
      button.addEventListener('click', () => this.exportCurrent(button.dataset.export));
    }
  }

  /** Exports the report shown, if any, in the form `kind`. */
  exportCurrent(kind) {
    const result = this.current();
    if (result) this.export(kind, result);
  }

  export(kind, { file, report, findings, filtered, index }) {
    if (kind === 'header') {
      this.say(saveHeaderTemplate(report.pool));
      return;
    }
    const id = this.nextId++;
    const name = exportFileName(file.name, kind);
    let csvOptions;
    let note = '';
    if (kind === 'csv') {
      csvOptions = findingsCsvOptions({ hideValues: $('hide-values').checked, onlyFiltered: $('export-filtered').checked, filtered, total: findings.length });
      note = `: ${findingsCsvNote(csvOptions, findings.length)}`;
    }
    this.pending.set(id, { name, note });
    // Of a migration, the file shown: its place.
    this.post({ type: 'export', id, kind, csvOptions, place: index });
    this.say(`Preparing ${name}…`);
  }

  onExported({ id, blob }) {
    const pending = this.pending.get(id);
    if (pending === undefined) return;
    this.pending.delete(id);
    download(blob, pending.name);
    this.say(`Saved ${pending.name} (${megabytes(blob.size)})${pending.note}.`);
  }

  onFailed({ id, message }) {
    if (!this.pending.delete(id)) return;
    this.say(`The export failed: ${message}.`, 'error');
  }

  /** While a file is read, the exports wait: they read the file the report came from. */
  setBusy(busy) {
    for (const button of document.querySelectorAll('[data-export]')) button.disabled = busy;
  }

  say(text, kind) {
    setMessage($('export-message'), text, kind);
  }
}

function download(blob, name) {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the file once the click's task has run.
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
}
