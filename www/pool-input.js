// The pool inputs: the two JSON boxes (typed, chosen or dropped) and the
// settings over them, the options they give, and what the page says of
// the pool (its errors, the pool in use). The pool is read by the engine,
// in the worker: nothing here parses it.
import { $, setMessage } from './shared.js';
import { forgetSettings, recallSettings, rememberSettings } from './pool-memory.js';

const SETTINGS = ['setting-mfa', 'setting-auto-verified', 'setting-case-sensitive', 'setting-hash'];

/** The element of each value `optionsFromSettings` reads. */
const INPUTS = { pool: 'pool-json', header: 'header-json', mfa: 'setting-mfa', autoVerified: 'setting-auto-verified', caseSensitive: 'setting-case-sensitive', hash: 'setting-hash' };

/** How long typing in a JSON box rests before the pool is checked, in ms. */
const TYPING_PAUSE = 300;

/** Which box a dropped .json file's text belongs in, from its content:
 * 'pool-json', 'header-json', 'csv' (it is no JSON but a CSV file), or null. */
export function poolBoxFor(text) {
  const start = text.replace(/^\uFEFF/, '').trimStart()[0];
  if (start !== '{' && start !== '[') return 'csv';
  try {
    const value = JSON.parse(text.replace(/^\uFEFF/, ''));
    if (value && typeof value === 'object' && 'UserPool' in value) return 'pool-json';
    if (value && typeof value === 'object' && 'CSVHeader' in value) return 'header-json';
    return null;
  } catch {
    // Broken JSON: the describe-user-pool box shows the parser's words.
    return 'pool-json';
  }
}

/** `new Validator()` options from the inputs' values (a box's text, a
 * select's value; '' for "the pool's"). */
export function optionsFromSettings({ pool, header, mfa, autoVerified, caseSensitive, hash }) {
  const options = {};
  if (pool.trim()) options.pool = pool.trim();
  if (header.trim()) options.header = header.trim();
  if (mfa) options.mfa = mfa;
  if (autoVerified) options.autoVerified = autoVerified === 'none' ? [] : autoVerified.split(',');
  if (caseSensitive) options.caseSensitive = caseSensitive === 'true';
  if (hash) options.passwordHashAlgorithm = hash;
  return options;
}

/** A PoolError in words, naming the input it is about. */
export function poolErrorText({ input, path, message }) {
  const what = input === 'header' ? 'The get-csv-header output' : 'The describe-user-pool output';
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
    $('json-input').addEventListener('change', async (event) => {
      const [file] = event.target.files;
      event.target.value = '';
      if (!file) return;
      this.put(event.target.dataset.target, await file.text());
      onChange();
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
    return optionsFromSettings(this.values());
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

  /** Shows the error under the box it is about, and clears the other. */
  showErrors(poolError) {
    for (const input of ['pool', 'header']) {
      const box = $(`${input}-json-error`);
      const failed = poolError?.input === input;
      box.hidden = !failed;
      box.textContent = failed ? poolErrorText(poolError) : '';
      $(`${input}-json`).setAttribute('aria-invalid', String(failed));
    }
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
