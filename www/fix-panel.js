// "Make it importable": the fix options, the progress of a fix, and its
// result (what was fixed, with real lines as examples, the files to
// download, the commands that import them). The fix itself runs in the
// worker (worker.js); fix-lifecycle.js decides what is drawn when. Values
// from the file are put in the page as text, and not at all while "hide
// values" is on.
import { $, copyCommands, count, counted, megabytes, visible, withCode } from './shared.js';
import { zipBlob, zipSize, ZIP_LIMIT } from './zip.js';

/** Cognito's limits of an import file: the options' defaults. */
const MAX_USERS = 500_000;
const MAX_BYTES = 100_000_000;

/**
 * The package's fix options from the controls' values (strings, and
 * booleans for the checkboxes); a control left as it is gives no option,
 * so the package's default holds.
 */
export function fixOptionsFrom({ dateOrder, defaultCountry, verifiedEmail, verifiedPhone, keepUnknownColumns, maxUsers, maxMegabytes, columns }) {
  const options = {};
  if (dateOrder) options.dateOrder = dateOrder;
  if (defaultCountry) options.defaultCountry = defaultCountry;
  const verified = [verifiedEmail && 'email', verifiedPhone && 'phone_number'].filter(Boolean);
  if (verified.length > 0) options.assumeVerified = verified;
  if (keepUnknownColumns) options.keepUnknownColumns = true;
  // An empty or cleared number box is the default; the package says what
  // is wrong with a number out of its range.
  if (maxUsers.trim() && Number(maxUsers) !== MAX_USERS) options.maxUsers = Number(maxUsers);
  if (maxMegabytes.trim() && Number(maxMegabytes) * 1e6 !== MAX_BYTES) options.maxBytes = Math.round(Number(maxMegabytes) * 1e6);
  // An empty name leaves that column out (Firebase's layout has many): it
  // keeps its place.
  if (columns.trim()) options.columns = columns.split(',').map((name) => name.trim());
  return options;
}

/** A sample as the panel shows it: where ("line 2, email_verified"), and
 * the value before and after, or null when values are hidden or the change
 * is of a whole line with no value to show (a byte order mark taken out). */
export function sampleView({ lines, column, before, after }, hideValues) {
  const where = `line ${lines}${column ? `, ${column}` : ''}`;
  if (hideValues || (before === '' && after === '')) return { where, values: null };
  return { where, values: { before: visible(before), after: visible(after) } };
}

/** The files in the order to use them: the import files as the manifest
 * lists them, then the rejects, the changes and the manifest. */
export function orderFiles(files, manifest) {
  const order = [...manifest.parts.map((part) => part.file), 'rejects.csv', 'changes.csv', 'manifest.json'];
  const place = (name) => (order.includes(name) ? order.indexOf(name) : order.length);
  return [...files].sort((a, b) => place(a.name) - place(b.name));
}

/** The .zip of a fix of `fileName`. */
export function zipName(fileName) {
  return `${fileName.replace(/\.[^.]*$/, '') || 'users'}-importable.zip`;
}

/** What a file of the result is, after its name. */
export function fileNote(name, manifest) {
  const part = manifest.parts.find((candidate) => candidate.file === name);
  if (part) return counted(part.users, 'user');
  return {
    'rejects.csv': `${counted(manifest.rejected, 'user')} that can't be imported, and why`,
    'changes.csv': `${counted(manifest.changes, 'change')}, each with its line and column`,
    'manifest.json': 'what was done, with these commands',
  }[name];
}

/** Why users were rejected, by rule, most first. */
function rejectedWhy({ rejectedByCode }) {
  if (rejectedByCode.length === 0) return 'rejects.csv says why';
  const rules = rejectedByCode.map(({ code, count: lines }) => `${count(lines)} ${code}`);
  return `rejects.csv says why: ${rules.join(', ')}`;
}

/** The outcome's items: [number, what]. */
export function fixOutcomeItems(manifest) {
  return [
    [manifest.imported, `${manifest.imported === 1 ? 'user' : 'users'} in ${counted(manifest.parts.length, 'import file')}`],
    [manifest.rejected, `${manifest.rejected === 1 ? 'user' : 'users'} rejected (${rejectedWhy(manifest)})`],
    [manifest.changes, `${manifest.changes === 1 ? 'change' : 'changes'} made (changes.csv lists them)`],
  ];
}

export class FixPanel {
  /**
   * @param {object} parts
   * @param {{code: string, summary: string}[]} parts.fixes the package's fix table
   * @param {string[]} parts.countries the package's fixCountries()
   * @param {(folder: boolean) => void} parts.onStart the buttons: into Blobs, or a folder
   * @param {() => void} parts.onCancel
   * @param {() => void} parts.onOptionsChanged
   */
  constructor({ fixes, countries, onStart, onCancel, onOptionsChanged }) {
    this.summaries = new Map(fixes.map((fix) => [fix.code, fix.summary]));
    this.shown = null; // {result, files, folder, fileName} on screen
    this.urls = []; // object URLs of the download links, revoked with them
    const names = new Intl.DisplayNames(['en'], { type: 'region' });
    for (const country of countries) {
      $('fix-country').append(new Option(`${names.of(country) ?? country} (${country})`, country));
    }
    $('fix-start').addEventListener('click', () => onStart(false));
    // The folder is asked for only where the browser can write one.
    $('fix-folder').hidden = typeof window.showDirectoryPicker !== 'function';
    $('fix-folder').addEventListener('click', () => onStart(true));
    $('fix-cancel').addEventListener('click', onCancel);
    $('fix-options').addEventListener('change', onOptionsChanged);
    $('fix-copy').addEventListener('click', () => copyCommands($('fix-next-steps'), $('fix-copy-message')));
    $('hide-values').addEventListener('change', () => this.shown && this.showFixes(this.shown.result));
  }

  /** The options the controls give now. */
  options() {
    return fixOptionsFrom({
      dateOrder: $('fix-date-order').value,
      defaultCountry: $('fix-country').value,
      verifiedEmail: $('fix-verified-email').checked,
      verifiedPhone: $('fix-verified-phone').checked,
      keepUnknownColumns: $('fix-keep-unknown').checked,
      maxUsers: $('fix-max-users').value,
      maxMegabytes: $('fix-max-megabytes').value,
      columns: $('fix-columns').value,
    });
  }

  show(fileName) {
    this.fileName = fileName;
    $('fix-panel').hidden = false;
  }

  hide() {
    $('fix-panel').hidden = true;
  }

  showFixing(fileName, folder) {
    for (const id of ['fix-start', 'fix-folder']) $(id).disabled = true;
    $('fix-progress-area').hidden = false;
    $('fix-progress-heading').textContent = `Fixing ${fileName}${folder ? ' into the folder chosen' : ''}`;
    $('fix-progress').value = 0;
    $('fix-progress-text').textContent = 'Starting…';
    // The button pressed is now disabled: focus goes where the next key is.
    $('fix-cancel').focus();
  }

  showProgress({ bytesRead, totalBytes }) {
    const share = totalBytes ? bytesRead / totalBytes : 0;
    $('fix-progress').value = share;
    $('fix-progress-text').textContent = `${Math.floor(share * 100)}% of ${megabytes(totalBytes ?? bytesRead)} read`;
  }

  endFixing() {
    for (const id of ['fix-start', 'fix-folder']) $(id).disabled = false;
    $('fix-progress-area').hidden = true;
  }

  /** Takes the result off the page (and its downloads out of memory). */
  clear() {
    this.shown = null;
    for (const url of this.urls) URL.revokeObjectURL(url);
    this.urls = [];
    $('fix-result').hidden = true;
    $('fix-downloads').replaceChildren();
    this.say('');
  }

  say(text, kind = 'info') {
    const message = $('fix-message');
    message.hidden = !text;
    message.textContent = text;
    message.className = `message ${kind}`;
  }

  showCannotFix(error) {
    this.say(`${this.fileName} can't be fixed: ${error}`, 'error');
  }

  showFailed(message) {
    this.say(`The fix stopped: ${message}.`, 'error');
  }

  /** The result of a fix: `files` are [{name, size, blob, crc}], or
   * [{name, size}] of the files saved into a folder. */
  showFixed({ result, files, folder }) {
    const { manifest } = result;
    this.shown = { result, files: orderFiles(files, manifest), folder };
    $('fix-result').hidden = false;

    const blockers = $('fix-blockers');
    blockers.hidden = manifest.blockers.length === 0;
    const heading = document.createElement('p');
    heading.className = 'verdict-heading';
    heading.textContent = `The import job would still fail, whatever the files hold: ${manifest.blockers.length === 1 ? 'this is' : 'these are'} not in the file, and can't be fixed here.`;
    const list = document.createElement('ul');
    list.append(...manifest.blockers.map((blocker) => Object.assign(document.createElement('li'), { textContent: blocker })));
    blockers.replaceChildren(heading, list);

    $('fix-outcome').replaceChildren(
      ...fixOutcomeItems(manifest).map(([number, what]) => {
        const item = document.createElement('li');
        item.append(Object.assign(document.createElement('strong'), { textContent: count(number) }), ` ${what}`);
        return item;
      }),
    );
    $('fix-input').textContent = `From ${counted(manifest.input.users, 'user')} on ${counted(manifest.input.lines, 'line')} of ${this.fileName}.`;
    this.showFixes(result);
    this.showFiles();
    $('fix-next-steps').textContent = manifest.nextSteps.join('\n');
    $('fix-copy-message').hidden = true;
  }

  /** The table of the fixes made, each with its first few changes. */
  showFixes({ manifest, samples }) {
    const hideValues = $('hide-values').checked;
    const body = $('fix-table').querySelector('tbody');
    body.replaceChildren();
    $('fix-table').hidden = manifest.fixes.length === 0;
    $('fix-none').hidden = manifest.fixes.length > 0;
    for (const { code, count: made } of manifest.fixes) {
      const row = document.createElement('tr');
      const codeCell = Object.assign(document.createElement('td'), { textContent: code });
      const countCell = Object.assign(document.createElement('td'), { className: 'number', textContent: count(made) });
      const what = document.createElement('td');
      what.append(...withCode(this.summaries.get(code) ?? ''));
      const examples = document.createElement('td');
      const list = document.createElement('ul');
      list.className = 'samples';
      for (const sample of samples.filter((candidate) => candidate.fix === code)) {
        const { where, values } = sampleView(sample, hideValues);
        const item = document.createElement('li');
        item.append(where);
        if (values) item.append(': ', shownValue(values.before), ' → ', shownValue(values.after));
        list.append(item);
      }
      examples.append(list);
      row.append(codeCell, countCell, what, examples);
      body.append(row);
    }
  }

  /** The downloads: each file, and all of them as one .zip; or, for a
   * folder, the files written there. */
  showFiles() {
    const { result, files, folder } = this.shown;
    const list = $('fix-downloads');
    $('fix-files-heading').textContent = folder ? 'Saved into the folder' : 'Download';
    for (const file of files) {
      const item = document.createElement('li');
      const note = ` (${megabytes(file.size)}): ${fileNote(file.name, result.manifest)}`;
      if (folder) {
        item.append(Object.assign(document.createElement('code'), { textContent: file.name }), note);
      } else {
        item.append(this.link(file.blob, file.name, file.name), note);
      }
      list.append(item);
    }
    if (folder) return;
    const item = document.createElement('li');
    const size = zipSize(files);
    if (size > ZIP_LIMIT) {
      item.textContent = `No .zip: the files take ${megabytes(size)}, more than a .zip file holds (4 GiB). Download them one by one, or save them into a folder.`;
    } else {
      const name = zipName(this.fileName);
      item.append(this.link(zipBlob(files), name, `All of them as ${name}`), ` (${megabytes(size)}, not compressed)`);
    }
    list.append(item);
  }

  link(blob, name, text) {
    const url = URL.createObjectURL(blob);
    this.urls.push(url);
    return Object.assign(document.createElement('a'), { href: url, download: name, textContent: text });
  }

  /** After a fix: the result, or what went wrong. */
  focusResult() {
    (this.shown ? $('fix-result-heading') : $('fix-message')).focus();
  }

  focusStart() {
    $('fix-start').focus();
  }
}

/** A value of the file, as text; an empty one said so. */
function shownValue(text) {
  if (text === '') return Object.assign(document.createElement('em'), { className: 'hidden-value', textContent: '(empty)' });
  return Object.assign(document.createElement('code'), { textContent: text });
}
