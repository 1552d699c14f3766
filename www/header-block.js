// The summary's header block: a failed job's header findings (a wall of
// "missing column" lines for a file of another separator or of names
// without their prefixes) as one block, the file's header against the
// pool's, with the renames, missing, unknown, repeated and empty columns the
// findings name, and the pool's header one click away. The findings and the
// file's header (`report.file.header`) are the engine's; this only groups
// them. Every name is put in as text.
import { count, counted, visible } from './shared.js';
import { headerLine, saveHeaderTemplate } from './exports.js';

/** The rules whose findings compare the header with the pool's: the block
 * shows them, and the verdict does not list them one by one. */
export const HEADER_RULES = new Set(['header.unknown_column', 'header.missing_column', 'header.duplicate_column', 'header.empty_column']);

/** Most names a list of the block shows (a header may have thousands). */
export const NAMES_SHOWN = 60;

/**
 * What the block shows, from the file's header as the engine read it
 * (`report.file.header`, or null), the pool's header and the header
 * findings (`{code, column, message, suggested}`, of HEADER_RULES).
 * `file`: each name of the file's header with its mark ('rename',
 * 'unknown', 'repeated', 'empty' or ''); `pool`: each of the pool's with
 * whether it is missing; `notes`: the messages of findings about the whole
 * line (another separator, quotes, JSON); `empty`: the 1-based positions of
 * the columns without a name.
 */
export function headerComparison(fileHeader, poolHeader, findings) {
  const of = (code) => findings.filter((finding) => finding.code === code);
  const unknownFindings = of('header.unknown_column');
  const named = unknownFindings.filter((finding) => finding.column !== null);
  const renames = named.filter((finding) => finding.suggested !== null).map((finding) => ({ from: finding.column, to: finding.suggested }));
  const unknown = named.filter((finding) => finding.suggested === null).map((finding) => finding.column);
  const missing = of('header.missing_column').map((finding) => finding.column);
  const repeated = [...new Set(of('header.duplicate_column').map((finding) => finding.column))];
  const names = fileHeader ?? [];
  const hasEmpty = of('header.empty_column').length > 0;
  const empty = hasEmpty ? names.flatMap((name, index) => (name === '' ? [index + 1] : [])) : [];

  const marks = new Map([...renames.map(({ from }) => [from, 'rename']), ...unknown.map((name) => [name, 'unknown'])]);
  const repeatedNames = new Set(repeated);
  const seen = new Set();
  const file = names.map((name) => {
    // A repeated name is marked where it repeats, not where it first is.
    let mark = marks.get(name) ?? '';
    if (name === '' && hasEmpty) mark = 'empty';
    else if (repeatedNames.has(name) && seen.has(name)) mark = 'repeated';
    seen.add(name);
    return { name, mark };
  });
  const missingNames = new Set(missing);
  const pool = poolHeader.map((name) => ({ name, missing: missingNames.has(name) }));
  const notes = unknownFindings.filter((finding) => finding.column === null).map((finding) => finding.message);
  return { file, pool, renames, unknown, missing, repeated, empty, notes };
}

/** What each mark says, after the name, for screen readers (the marks are
 * drawn; the lists below say it again). */
const MARK_WORDS = { rename: 'to rename', unknown: 'not in the pool', repeated: 'repeated', empty: 'no name', missing: 'missing' };

/**
 * The block's element, for `comparison` (headerComparison's), the pool
 * (`report.pool`) and the line the header was read from.
 */
export function headerBlock(comparison, pool, line) {
  const block = element('section', 'header-block');
  block.setAttribute('aria-labelledby', 'header-block-heading');
  const heading = element('h3', '', 'The header against the pool’s');
  heading.id = 'header-block-heading';
  block.append(heading);
  for (const note of comparison.notes) block.append(element('p', 'header-note', note));

  const lines = element('dl', 'header-lines');
  const fileTerm = comparison.file.length > 0 ? `Line ${count(line)} of the file: ${counted(comparison.file.length, 'column')}` : `Line ${count(line)} of the file: no column names`;
  lines.append(element('dt', '', fileTerm), definition(namesLine(comparison.file.map(({ name, mark }) => [name, mark]), 'header-file-line')));
  lines.append(element('dt', '', `The pool’s header: ${counted(comparison.pool.length, 'column')}`), definition(namesLine(comparison.pool.map(({ name, missing }) => [name, missing ? 'missing' : '']), 'header-pool-line')));
  block.append(lines);

  const changes = element('ul', 'header-changes');
  if (comparison.renames.length > 0) {
    changes.append(
      change(`Rename ${counted(comparison.renames.length, 'column')}:`, comparison.renames, ({ from, to }) => [nameCode(from, 'rename'), ' → ', nameCode(to)]),
    );
  }
  if (comparison.missing.length > 0) changes.append(change(`${counted(comparison.missing.length, 'column')} missing:`, comparison.missing, (missing) => [nameCode(missing, 'missing')]));
  if (comparison.unknown.length > 0) changes.append(change(`${counted(comparison.unknown.length, 'column')} the pool does not have:`, comparison.unknown, (unknown) => [nameCode(unknown, 'unknown')]));
  if (comparison.repeated.length > 0) changes.append(change(`${counted(comparison.repeated.length, 'column')} repeated:`, comparison.repeated, (repeated) => [nameCode(repeated, 'repeated')]));
  if (comparison.empty.length > 0) changes.append(change(`${counted(comparison.empty.length, 'column')} without a name:`, comparison.empty, (position) => [`column ${count(position)}`]));
  if (changes.children.length > 0) {
    block.append(changes, element('p', 'hint', 'Each is in the findings table below, with how to fix it.'));
  }

  const copy = element('button', '', 'Copy the pool’s header line');
  copy.type = 'button';
  const download = element('button', '', 'Download it as a CSV template');
  download.type = 'button';
  const buttons = element('div', 'buttons');
  buttons.append(copy, download);
  const message = element('p', 'message');
  message.setAttribute('role', 'status');
  message.hidden = true;
  const say = (text) => {
    message.hidden = false;
    message.textContent = text;
  };
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(headerLine(pool));
      say('Copied: paste it as the first line of your file.');
    } catch {
      // The browser refused: the line, shown whole and selected, for Ctrl+C.
      say('The browser did not let the page copy: copy the line with Ctrl+C (⌘C), it is selected: ');
      const text = element('code', 'header-copy-line', headerLine(pool));
      message.append(text);
      getSelection().selectAllChildren(text);
    }
  });
  download.addEventListener('click', () => say(saveHeaderTemplate(pool)));
  block.append(buttons, message);
  return block;
}

/** Names as a header line: each in a <code> with its mark, separated by
 * commas (a line break may follow each); at most NAMES_SHOWN, then how
 * many more. */
function namesLine(names, id) {
  const line = element('p', 'header-line');
  line.id = id;
  names.slice(0, NAMES_SHOWN).forEach(([text, mark], index) => {
    if (index > 0) line.append(',', document.createElement('wbr'));
    line.append(nameCode(text, mark));
  });
  if (names.length > NAMES_SHOWN) line.append(element('span', 'header-more', ` and ${count(names.length - NAMES_SHOWN)} more`));
  return line;
}

/** A name from the file or the pool, as text, with its mark. */
function nameCode(text, mark = '') {
  const code = element('code', mark ? `header-name header-${mark}` : 'header-name', text === '' ? '(no name)' : visible(text));
  if (mark) code.append(element('span', 'visually-hidden', ` (${MARK_WORDS[mark]})`));
  return code;
}

/** One line of the changes: a label, then its items (at most NAMES_SHOWN). */
function change(label, items, render) {
  const item = element('li', '', `${label} `);
  items.slice(0, NAMES_SHOWN).forEach((entry, index) => item.append(...(index > 0 ? [', '] : []), ...render(entry)));
  if (items.length > NAMES_SHOWN) item.append(` and ${count(items.length - NAMES_SHOWN)} more`);
  item.append('.');
  return item;
}

function definition(content) {
  const dd = document.createElement('dd');
  dd.append(content);
  return dd;
}

function element(tag, className = '', text = '') {
  const made = document.createElement(tag);
  if (className) made.className = className;
  if (text) made.textContent = text;
  return made;
}
