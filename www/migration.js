// Several CSV files checked as one migration: their import jobs run one
// after the other, in the order of their names, into the same pool (the
// package's validateMigration() decides what that does to each line). The
// panel above the summary sums them up (users, imported, failed, skipped,
// the jobs that would fail, the files over Cognito's limits) and lists the
// files with their verdicts; choosing one shows its summary and table.
import { $, count, counted } from './shared.js';
import { verdictKind } from './summary.js';

/** The files shown by name at most in a migration's name. */
const NAMED_FILES = 4;

/** Files in the order their jobs run: by name, numbers in names read as
 * numbers (users-2.csv before users-10.csv). */
export function byName(files) {
  return [...files].sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
}

/** A migration as the page's lifecycle takes a file: `{name, size, files}`,
 * the name listing its files, the size theirs together. */
export function migrationOf(files) {
  const names = files.map((file) => file.name);
  const listed = names.length <= NAMED_FILES ? listOf(names) : `${names.slice(0, NAMED_FILES - 1).join(', ')} and ${counted(names.length - NAMED_FILES + 1, 'more file')}`;
  return { name: listed, size: files.reduce((sum, file) => sum + file.size, 0), files };
}

/** "a", "a and b", "a, b and c". */
function listOf(items) {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** A file's place and name, as the panel names it: "file 2 (b.csv)" (`word`: "File" to start a sentence). */
const fileName = (names, number, word = 'file') => `${word} ${number} (${names[number - 1]})`;

/** A file's verdict in a few words, for the list of files. */
export function fileVerdict({ outcome }) {
  if (outcome.job === 'fails') return `its job would fail: none of its ${counted(outcome.users, 'user')} imported`;
  if (outcome.users === 0) return 'its job would run, with no users';
  const rest = [outcome.failed > 0 && `${count(outcome.failed)} would fail`, outcome.skipped > 0 && `${count(outcome.skipped)} be skipped`].filter(Boolean);
  return `its job would run: ${count(outcome.imported)} of ${counted(outcome.users, 'user')} imported${rest.length > 0 ? `, ${listOf(rest)}` : ''}`;
}

/** The migration's verdict: its kind (a verdict's class) and its sentence. */
export function migrationVerdict(summary) {
  const kind = summary.imported === 0 && summary.users > 0 ? 'fails' : verdictKind({ job: 'succeeds', failed: summary.failed, skipped: summary.skipped });
  const files = counted(summary.files, 'file');
  if (kind === 'succeeds') return { kind, heading: `Every job of the ${files} would run, and all ${counted(summary.users, 'user')} would be imported.` };
  const lost = [summary.failed > 0 && `${count(summary.failed)} would fail`, summary.skipped > 0 && `${count(summary.skipped)} be skipped`].filter(Boolean);
  return { kind, heading: `Of the ${counted(summary.users, 'user')} of the ${files}, ${count(summary.imported)} would be imported: ${listOf(lost)}.` };
}

/** What the panel says of the jobs that would fail and the files over
 * Cognito's limits (`names`: the files' names, in order). */
export function migrationNotes(summary, names) {
  const notes = [];
  const failing = summary.failingJobs;
  if (failing.length > 0) {
    const which = listOf(failing.map((number) => fileName(names, number)));
    notes.push(
      `The job${failing.length === 1 ? '' : 's'} of ${which} would fail: none of ${failing.length === 1 ? 'its' : 'their'} users would be imported, and the files after ${failing.length === 1 ? 'it' : 'them'} do not find them in the pool.`,
    );
  }
  for (const { file, parts } of summary.overLimits) {
    notes.push(`${fileName(names, file, 'File')} is over Cognito's limits (100 MB, 500,000 users): “Make it importable” would make ${count(parts)} import files of it.`);
  }
  return notes;
}

/** The migration's outcome: [label, number]. */
export function migrationOutcomeItems(summary) {
  return [
    [summary.users === 1 ? 'user' : 'users', summary.users],
    ['would be imported', summary.imported],
    ['would fail', summary.failed],
    ['would be skipped', summary.skipped],
  ];
}

export class MigrationPanel {
  /** @param {(index: number) => void} onChoose shows the summary and table of file `index` */
  constructor({ onChoose }) {
    this.onChoose = onChoose;
  }

  /** Shows a migration's summary and its files, file `chosen` marked. */
  show({ files, reports, summary }, chosen) {
    $('migration').hidden = false;
    const names = files.map((file) => file.name);
    const { kind, heading } = migrationVerdict(summary);
    const verdict = $('migration-verdict');
    verdict.className = `verdict ${kind}`;
    verdict.replaceChildren(Object.assign(document.createElement('p'), { className: 'verdict-heading', textContent: heading }));
    $('migration-outcome').replaceChildren(
      ...migrationOutcomeItems(summary).map(([label, number]) => {
        const item = document.createElement('li');
        item.append(Object.assign(document.createElement('strong'), { textContent: count(number) }), ` ${label}`);
        return item;
      }),
    );
    $('migration-notes').replaceChildren(...migrationNotes(summary, names).map((note) => Object.assign(document.createElement('li'), { textContent: note })));
    $('migration-files').replaceChildren(
      ...reports.map((report, index) => {
        const button = document.createElement('button');
        button.type = 'button';
        button.className = `migration-file ${verdictKind(report.outcome)}`;
        button.dataset.index = String(index);
        const name = Object.assign(document.createElement('strong'), { textContent: names[index] });
        button.append(name, `: ${fileVerdict(report)}`);
        button.addEventListener('click', () => this.onChoose(index));
        const item = document.createElement('li');
        item.append(button);
        return item;
      }),
    );
    this.mark(chosen);
  }

  /** Marks file `index` as the one whose summary and table are shown. */
  mark(index) {
    for (const button of $('migration-files').querySelectorAll('button')) {
      button.setAttribute('aria-current', String(Number(button.dataset.index) === index));
    }
  }

  hide() {
    $('migration').hidden = true;
  }
}
