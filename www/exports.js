// The exports of the report shown: the worker reads the file again into the
// command line's forms (CSV, JSON, the CloudWatch log); the header template
// is made here from the pool. Nothing is uploaded: the file is saved
// through a link to a Blob.
import { $, megabytes, setMessage } from './shared.js';

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

export class Exports {
  /** @param {(message: object) => void} post posts a message to the worker */
  constructor({ post }) {
    this.post = post;
    this.nextId = 1;
    this.pending = new Map(); // export requests waiting for the worker: id → file name
  }

  /** Wires the buttons to export what `current()` gives (`{file, report}`, or null). */
  wire(current) {
    for (const button of document.querySelectorAll('[data-export]')) {
      button.addEventListener('click', () => {
        const result = current();
        if (result) this.export(button.dataset.export, result);
      });
    }
  }

  export(kind, { file, report }) {
    if (kind === 'header') {
      this.say(saveHeaderTemplate(report.pool));
      return;
    }
    const id = this.nextId++;
    const name = exportFileName(file.name, kind);
    this.pending.set(id, name);
    this.post({ type: 'export', id, kind });
    this.say(`Preparing ${name}…`);
  }

  onExported({ id, blob }) {
    const name = this.pending.get(id);
    if (name === undefined) return;
    this.pending.delete(id);
    download(blob, name);
    this.say(`Saved ${name} (${megabytes(blob.size)}).`);
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
