// The pool inputs: the two JSON boxes (typed, chosen or dropped), the
// settings over them, the users already in the pool (a list-users file,
// chosen or dropped: never read here, the worker streams it), the options
// they give, and what the page says of the pool (its errors, the pool in
// use, the users read). The pool is read by the engine, in the worker:
// nothing here parses it.
import { $, counted, megabytes, setMessage } from './shared.js';
import { forgetSettings, recallSettings, rememberSettings } from './pool-memory.js';

const SETTINGS = ['setting-mfa', 'setting-auto-verified', 'setting-case-sensitive', 'setting-hash'];

/** The element of each value `optionsFromSettings` reads. */
const INPUTS = { pool: 'pool-json', header: 'header-json', mfa: 'setting-mfa', autoVerified: 'setting-auto-verified', caseSensitive: 'setting-case-sensitive', hash: 'setting-hash' };

/** How long typing in a JSON box rests before the pool is checked, in ms. */
const TYPING_PAUSE = 300;

/** Which box a dropped .json file's text belongs in, from its content:
 * 'pool-json', 'header-json', 'users' (list-users output: `{"Users": [...]}`
 * or the array alone), 'csv' (it is no JSON but a CSV file), or null. */
export function poolBoxFor(text) {
  const start = text.replace(/^\uFEFF/, '').trimStart()[0];
  if (start !== '{' && start !== '[') return 'csv';
  try {
    const value = JSON.parse(text.replace(/^\uFEFF/, ''));
    if (Array.isArray(value)) return 'users';
    if (value && typeof value === 'object' && 'UserPool' in value) return 'pool-json';
    if (value && typeof value === 'object' && 'CSVHeader' in value) return 'header-json';
    if (value && typeof value === 'object' && 'Users' in value) return 'users';
    return null;
  } catch {
    // Broken JSON: the describe-user-pool box shows the parser's words.
    return 'pool-json';
  }
}

/** The bytes of a .json file read to tell what it is. A describe-user-pool
 * or get-csv-header output is smaller: it is read whole in them. */
export const JSON_HEAD_BYTES = 64 * 1024;

/** What a .json file is from its first bytes (`head`, their text; `whole`:
 * they are all of it), as `poolBoxFor` tells the whole text: 'users'
 * (list-users output), 'pool-json', 'header-json', 'csv' or null. A file
 * larger than its head is list-users output when it starts as one, and
 * none of the others. */
export function jsonFileKind(head, whole) {
  const start = head.replace(/^\uFEFF/, '').trimStart();
  if (/^\{\s*"Users"\s*:/.test(start) || /^\[\s*[{\]]/.test(start)) return 'users';
  if (whole) return poolBoxFor(head);
  return start[0] === '{' || start[0] === '[' ? null : 'csv';
}

/** `[kind, text]` of a .json file, as `jsonFileKind` tells it: `text` is the
 * whole file's for a pool or header file, null for the others. */
export async function readJsonFile(file) {
  const whole = file.size <= JSON_HEAD_BYTES;
  const head = await file.slice(0, JSON_HEAD_BYTES).text();
  const kind = jsonFileKind(head, whole);
  return [kind, kind === 'pool-json' || kind === 'header-json' ? head : null];
}

/** `new Validator()` options from the inputs' values (a box's text, a
 * select's value; '' for "the pool's"), with the users already in the pool
 * (`existing`: `{id, file}`, the worker's to read) when given. */
export function optionsFromSettings({ pool, header, mfa, autoVerified, caseSensitive, hash }, existing = null) {
  const options = {};
  if (existing) options.existing = existing;
  if (pool.trim()) options.pool = pool.trim();
  if (header.trim()) options.header = header.trim();
  if (mfa) options.mfa = mfa;
  if (autoVerified) options.autoVerified = autoVerified === 'none' ? [] : autoVerified.split(',');
  if (caseSensitive) options.caseSensitive = caseSensitive === 'true';
  if (hash) options.passwordHashAlgorithm = hash;
  return options;
}

/** What each pool input is, in the page's words. */
const INPUT_NAMES = { pool: 'The describe-user-pool output', header: 'The get-csv-header output', existing: 'The list-users output' };

/** A PoolError (or an ExistingUsersError, `input` 'existing') in words,
 * naming the input it is about. */
export function poolErrorText({ input, path, message }) {
  const what = INPUT_NAMES[input];
  return `${what}: ${message}${path && !message.includes(path) ? ` (at ${path})` : ''}`;
}

/** "Pool in use: …" of a pool, as its name and the rest of the sentence. */
export function poolInUse(pool) {
  const name = pool.source === 'default' ? 'default pool' : [pool.name, pool.userPoolId].filter(Boolean).join(', ') || 'your pool';
  const from = {
    default: ' (the AWS template’s columns)',
    'describe-user-pool': ', from describe-user-pool',
    'get-csv-header': ', its header from get-csv-header',
    'describe-user-pool+get-csv-header': ', from describe-user-pool and get-csv-header',
  }[pool.source];
  const given = (option) => (pool.overrides.includes(option) ? ' (set here)' : '');
  const verified = pool.autoVerifiedAttributes.length === 0 ? 'none' : pool.autoVerifiedAttributes.join(' and ');
  const settings = [
    `MFA ${pool.mfa.toLowerCase()}${given('mfa')}`,
    `auto-verified: ${verified}${given('autoVerified')}`,
    `usernames case-${pool.caseSensitive ? 'sensitive' : 'insensitive'}${given('caseSensitive')}`,
    `password hashes: ${pool.passwordHashAlgorithm ?? 'none'}${given('passwordHashAlgorithm')}`,
  ];
  return { name, rest: `${from}. ${settings.join(' · ')}.` };
}

/** What the page says of the users already in the pool: none given, the
 * file being read, or how many users it has. */
export function usersText(file, existing) {
  if (!file) return 'None given: users already in the pool are not known, and the report says so.';
  if (existing === 'reading') return `Reading ${file.name} (${megabytes(file.size)})…`;
  return `${file.name}: ${counted(existing.users, 'user')} in the pool.`;
}

/** The inputs on the page; `onChange()` is called when they give other
 * options. A pool remembered on this device is put in them first. */
export class PoolInput {
  constructor({ onChange: told }) {
    // Each change is kept first, if the user asked to remember the pool.
    const onChange = () => {
      this.keep();
      told();
    };
    this.onChange = onChange;
    this.recall();
    $('remember-pool').addEventListener('change', () => this.setRemembering($('remember-pool').checked));
    $('forget-pool').addEventListener('click', () => {
      this.setRemembering(false);
      // The button goes: the pool's inputs are next in the order.
      $('pool-details').querySelector('summary').focus();
    });
    for (const button of document.querySelectorAll('[data-copy]')) button.addEventListener('click', () => copyCommand(button));
    for (const id of ['pool-json', 'header-json']) {
      let timer;
      $(id).addEventListener('input', () => {
        clearTimeout(timer);
        timer = setTimeout(onChange, TYPING_PAUSE);
      });
    }
    for (const button of document.querySelectorAll('[data-choose]')) {
      button.addEventListener('click', () => {
        $('json-input').dataset.target = button.dataset.choose;
        $('json-input').click();
      });
    }
    // A list-users file chosen for a box goes to the users: it is read by
    // its first bytes only, and a pool or header file whole.
    $('json-input').addEventListener('change', async (event) => {
      const [file] = event.target.files;
      event.target.value = '';
      if (!file) return;
      const box = event.target.dataset.target;
      const [kind, text] = await readJsonFile(file);
      if (kind === 'users') this.setUsers(file);
      else if (file.size > JSON_HEAD_BYTES) {
        this.showErrors({ input: box === 'header-json' ? 'header' : 'pool', path: '', message: `${file.name} (${megabytes(file.size)}) is too large to be it: it was not read` });
        return;
      } else this.put(box, text ?? (await file.text()));
      onChange();
    });
    this.users = null; // {id, file} of the list-users file given
    this.usersGiven = 0; // list-users files given so far, to number them
    $('choose-users').addEventListener('click', () => $('users-input').click());
    $('users-input').addEventListener('change', (event) => {
      const [file] = event.target.files;
      event.target.value = '';
      if (!file) return;
      this.setUsers(file);
      onChange();
    });
    $('clear-users').addEventListener('click', () => {
      this.setUsers(null);
      onChange();
      // The button goes: focus goes back to the one that gives the users.
      $('choose-users').focus();
    });
    for (const button of document.querySelectorAll('[data-clear]')) {
      button.addEventListener('click', () => {
        $(button.dataset.clear).value = '';
        onChange();
      });
    }
    for (const id of SETTINGS) $(id).addEventListener('change', onChange);
  }

  /** The inputs' values, as `optionsFromSettings` reads them. */
  values() {
    return Object.fromEntries(Object.entries(INPUTS).map(([name, id]) => [name, $(id).value]));
  }

  /** The options the inputs give now. */
  options() {
    return optionsFromSettings(this.values(), this.users);
  }

  /** Gives the users already in the pool (a list-users File), or none
   * (null). Never read here: the worker reads it when it checks the pool.
   * The caller says when the pool changed. */
  setUsers(file) {
    this.usersGiven += 1;
    this.users = file ? { id: this.usersGiven, file } : null;
    $('clear-users').hidden = !file;
    $('users-error').hidden = true;
    $('choose-users').setAttribute('aria-invalid', 'false');
    $('users-status').textContent = usersText(file, 'reading');
    if (file) $('pool-details').open = true;
  }

  /** The users the worker read: `{users}` (how many). */
  showUsers(existing) {
    $('users-status').textContent = usersText(this.users?.file, existing);
  }

  /** The worker is reading the list-users file. */
  showUsersReading() {
    $('users-status').textContent = usersText(this.users?.file, 'reading');
  }

  /** Puts a JSON text in its box ('pool-json' or 'header-json'), in view.
   * The caller says when the pool changed. */
  put(box, text) {
    $(box).value = text;
    $('pool-details').open = true;
    this.keep();
  }

  /** At load: the pool remembered on this device, if any, in the inputs.
   * The switch says what is stored, whatever the browser kept of the form. */
  recall() {
    const remembered = recallSettings();
    this.showRemembering(remembered !== null);
    if (remembered) for (const [name, id] of Object.entries(INPUTS)) $(id).value = remembered[name];
  }

  /** Turns "remember the pool" on (the inputs are kept now, and at each
   * change) or off (what was kept is removed). */
  setRemembering(on) {
    const failure = on ? rememberSettings(this.values()) : forgetSettings();
    // Storage refused: what the page shows is what is stored, and it says why.
    this.showRemembering(failure ? !on : on);
    this.sayStorage(failure);
  }

  showRemembering(on) {
    $('remember-pool').checked = on;
    $('pool-remembered').hidden = !on;
  }

  /** The inputs kept, if the user asked for it. */
  keep() {
    if (!$('remember-pool').checked) return;
    const failure = rememberSettings(this.values());
    if (!failure) return;
    // An older pool kept would come back at the next visit: it goes too.
    forgetSettings();
    this.showRemembering(false);
    this.sayStorage(failure);
  }

  /** Says why storage failed (next to "Remember", in view), or nothing. */
  sayStorage(failure) {
    setMessage($('remember-message'), failure ?? '', 'error');
    if (failure) $('pool-details').open = true;
  }

  /** Shows the error under the input it is about, and clears the others. */
  showErrors(poolError) {
    for (const [input, error, field] of [['pool', 'pool-json-error', 'pool-json'], ['header', 'header-json-error', 'header-json'], ['existing', 'users-error', 'choose-users']]) {
      const failed = poolError?.input === input;
      $(error).hidden = !failed;
      $(error).textContent = failed ? poolErrorText(poolError) : '';
      $(field).setAttribute('aria-invalid', String(failed));
    }
    if (poolError?.input === 'existing') $('users-status').textContent = `${this.users?.file.name ?? 'The file'} can't be used.`;
  }

  showInUse(pool) {
    const { name, rest } = poolInUse(pool);
    // A live region: said again only when it changes.
    const element = $('pool-in-use');
    if (element.textContent === `Pool in use: ${name}${rest}`) return;
    const strong = document.createElement('strong');
    strong.textContent = name;
    element.replaceChildren('Pool in use: ', strong, rest);
  }

  /** The pool given can't be used: none is in use, and the inputs are in view. */
  showUnusable() {
    $('pool-in-use').textContent = 'Pool in use: none, until the pool below is fixed.';
    $('pool-details').open = true;
  }

  showUnreadable(message) {
    $('pool-in-use').textContent = `The pool could not be read: ${message}.`;
  }
}

/** A command of the pool hint on the clipboard; if the browser refuses,
 * selected for Ctrl+C. */
async function copyCommand(button) {
  const command = $(button.dataset.copy);
  const name = button.dataset.copy.replace(/^command-/, '');
  try {
    await navigator.clipboard.writeText(command.textContent);
    setMessage($('pool-copy-message'), `Copied the ${name} command.`);
  } catch {
    getSelection().selectAllChildren(command);
    setMessage($('pool-copy-message'), `The browser did not let the page copy: the ${name} command is selected, copy it with Ctrl+C (⌘C).`);
  }
}
