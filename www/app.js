// The page: it reads nothing itself but the first bytes of a dropped file
// (to tell a CSV from a workbook); the worker (worker.js) validates, and
// this thread draws. Everything that comes from the file is put in the page
// as text (textContent), never as HTML.
import { Findings } from './findings.js';
import { VirtualTable } from './table.js';

const $ = (id) => document.getElementById(id);

/** What each rule's effect does, in words. */
const EFFECTS = {
  failsJob: 'fails the whole job',
  failsLine: 'fails the line',
  skipsLine: 'skips the line',
  none: 'changes nothing (a warning)',
};

/** A finding's line status, as the report table shows and filters it
 * (kept as its place here, STATUS.failed and so on). */
const STATUSES = ['failed', 'skipped', 'imported', 'header', 'blank', 'file'];
const STATUS = Object.fromEntries(STATUSES.map((status, index) => [status, index]));
const STATUS_WORDS = {
  failed: 'fails',
  skipped: 'skipped',
  imported: 'imported',
  header: 'header',
  blank: 'blank line',
  file: 'file',
};

/** Files that are surely not CSV, by their first bytes. */
const NOT_CSV = [
  { magic: [0x50, 0x4b, 0x03, 0x04], what: 'an Excel workbook or a ZIP archive' },
  { magic: [0xd0, 0xcf, 0x11, 0xe0], what: 'an old Excel (.xls) workbook' },
  { magic: [0x1f, 0x8b], what: 'a gzip archive' },
  { magic: [0x25, 0x50, 0x44, 0x46], what: 'a PDF document' },
  { magic: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { magic: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
];

const numberFormat = new Intl.NumberFormat('en-US');
const count = (n) => numberFormat.format(n);
/** `n` and a noun, singular or plural ("1 user", "2 users"). */
const counted = (n, noun, plural = `${noun}s`) => `${count(n)} ${n === 1 ? noun : plural}`;

const state = {
  worker: null,
  rules: new Map(), // code → rule
  ruleList: [], // the rule table, in order (findings name rules by place)
  nextId: 1,
  /** Requests waiting for the worker, by id: pool checks and exports ({kind, ...}). */
  pending: new Map(),
  file: null, // the file to validate (the last one given)
  run: null, // the validation under way
  result: null, // the last finished validation
  filtered: new Uint32Array(0), // indexes into result.findings, as shown
  validatedWith: null, // the options of the last validation, as JSON
};

const table = new VirtualTable({
  grid: $('grid'),
  viewport: $('viewport'),
  canvas: $('canvas'),
  rows: $('rows'),
  fillRow,
  onActivate: showDetails,
});

start();

function start() {
  const missing = missingFeatures();
  if (missing.length > 0) {
    return unsupported(`This browser lacks what the page needs (${missing.join(', ')}). Use a current Chrome, Edge, Firefox or Safari.`);
  }
  let moduleWorkers = false;
  state.worker = new Worker(new URL('./worker.js', import.meta.url), {
    get type() {
      moduleWorkers = true;
      return 'module';
    },
  });
  if (!moduleWorkers) {
    state.worker.terminate();
    return unsupported('This browser cannot run module workers, which read the file off the page. Use a current Chrome, Edge, Firefox or Safari.');
  }
  state.worker.onmessage = ({ data }) => onWorkerMessage(data);
  state.worker.onerror = (event) => {
    event.preventDefault();
    unsupported(`The validator could not start: ${event.message ?? 'its worker failed to load'}. Reload the page.`);
  };
  wireInputs();
}

function missingFeatures() {
  const missing = [];
  if (typeof WebAssembly !== 'object') missing.push('WebAssembly');
  if (typeof Worker !== 'function') missing.push('Web Workers');
  if (typeof Blob !== 'function' || typeof Blob.prototype.stream !== 'function') missing.push('Blob.stream()');
  if (typeof ResizeObserver !== 'function') missing.push('ResizeObserver');
  return missing;
}

function unsupported(text) {
  const alert = $('unsupported');
  alert.textContent = text;
  alert.hidden = false;
  $('choose-file').disabled = true;
}

// ---- the worker ----

function send(message) {
  const id = state.nextId++;
  state.worker.postMessage({ ...message, id });
  return id;
}

function onWorkerMessage(message) {
  switch (message.type) {
    case 'ready':
      state.ruleList = message.rules;
      for (const rule of message.rules) state.rules.set(rule.code, rule);
      showRuleCatalogue();
      $('choose-file').disabled = false;
      document.body.dataset.ready = 'true';
      updatePool();
      if (state.file) startRun();
      return;
    case 'pool':
      return onPool(message);
    case 'progress':
      if (state.run?.id === message.id) showProgress(message);
      return;
    case 'findings':
      if (state.run?.id === message.id) state.run.findings.add(message.batch);
      return;
    case 'done':
      if (state.run?.id === message.id) finishRun(message.report);
      return;
    case 'cancelled':
      return; // The page moved on when Cancel was pressed.
    case 'exported':
      return onExported(message);
    case 'failed':
      if (message.id === null) return unsupported(`The validator could not start: ${message.message}. Reload the page.`);
      if (state.run?.id === message.id) {
        endRun();
        fileMessage(`The validation stopped: ${message.message}.`, 'error');
        announce(`The validation stopped: ${message.message}.`);
      } else if (state.pending.get(message.id)?.kind === 'export') {
        exportMessage(`The export failed: ${message.message}.`, 'error');
      } else if (state.pending.get(message.id)?.kind === 'pool') {
        $('pool-in-use').textContent = `The pool could not be read: ${message.message}.`;
      }
      state.pending.delete(message.id);
      return;
  }
}

// ---- the file ----

function wireInputs() {
  $('choose-file').addEventListener('click', () => $('file-input').click());
  $('file-input').addEventListener('change', (event) => {
    takeFiles([...event.target.files]);
    event.target.value = '';
  });
  // The whole page takes drops: a file dropped beside the zone must not
  // make the browser open it in place of the page.
  let depth = 0;
  document.addEventListener('dragenter', (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    depth += 1;
    document.body.classList.add('dragging');
  });
  document.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (depth === 0) document.body.classList.remove('dragging');
  });
  document.addEventListener('dragover', (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  });
  document.addEventListener('drop', (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    depth = 0;
    document.body.classList.remove('dragging');
    takeFiles([...event.dataTransfer.files]);
  });
  $('cancel').addEventListener('click', cancelRun);
  for (const id of ['pool-json', 'header-json']) {
    let timer;
    $(id).addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(updatePool, 300);
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
    if (file) await putJson($(event.target.dataset.target), file);
  });
  for (const button of document.querySelectorAll('[data-clear]')) {
    button.addEventListener('click', () => {
      $(button.dataset.clear).value = '';
      updatePool();
    });
  }
  for (const id of ['setting-mfa', 'setting-auto-verified', 'setting-case-sensitive', 'setting-hash']) {
    $(id).addEventListener('change', updatePool);
  }
  for (const id of ['filter-rule', 'filter-severity', 'filter-status']) $(id).addEventListener('change', applyFilters);
  $('hide-values').addEventListener('change', () => {
    table.refresh();
    if (table.active >= 0) showDetails(table.active);
  });
  $('jump').addEventListener('submit', (event) => {
    event.preventDefault();
    jumpToLine(Number($('jump-line').value));
  });
  for (const button of document.querySelectorAll('[data-export]')) {
    button.addEventListener('click', () => exportReport(button.dataset.export));
  }
}

function hasFiles(event) {
  return [...(event.dataTransfer?.types ?? [])].includes('Files');
}

/** Files given by drop or button: JSON goes to the pool, a CSV is validated. */
async function takeFiles(files) {
  fileMessage('');
  const notes = [];
  const csvs = [];
  const pools = []; // [textarea, text]
  for (const file of files) {
    if (!/\.json$/i.test(file.name)) {
      csvs.push(file);
      continue;
    }
    const text = await file.text();
    const box = poolBoxFor(text);
    if (box === 'csv') {
      notes.push(`${file.name} is not JSON but looks like a CSV file, so it is validated as one.`);
      csvs.push(file);
    } else if (box) pools.push([$(box), text]);
    else notes.push(`${file.name} is neither the output of describe-user-pool nor of get-csv-header, so it was not used.`);
  }
  if (csvs.length > 1) {
    notes.push(`Only one CSV file is validated at a time: ${csvs[0].name} is, ${csvs.slice(1).map((file) => file.name).join(', ')} ${csvs.length > 2 ? 'are' : 'is'} not.`);
  }
  let csv = null;
  if (csvs.length > 0) {
    const refusal = await notCsv(csvs[0]);
    if (refusal) notes.push(refusal);
    else csv = csvs[0];
  }
  // The rest in one task: the new pool's answer then finds the new file's
  // validation under way with it, rather than validating the old file again.
  for (const [box, text] of pools) {
    box.value = text;
    $('pool-details').open = true;
  }
  if (csv) state.file = csv;
  if (pools.length > 0) updatePool();
  if (csv) startRun();
  if (notes.length > 0) fileMessage(notes.join(' '), 'error');
}

/** Why the file is surely not a CSV, or null. */
async function notCsv(file) {
  const head = new Uint8Array(await file.slice(0, 8).arrayBuffer());
  const match = NOT_CSV.find(({ magic }) => magic.every((byte, index) => head[index] === byte));
  if (!match) return null;
  return `${file.name} is ${match.what}, not a CSV file. Save it as “CSV UTF-8 (comma delimited)” and drop that file.`;
}

// ---- the pool ----

/** Which box a dropped .json file's text belongs in, from its content:
 * 'pool-json', 'header-json', 'csv' (it is no JSON but a CSV file), or null. */
function poolBoxFor(text) {
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

function poolOptions() {
  const options = {};
  const pool = $('pool-json').value.trim();
  const header = $('header-json').value.trim();
  if (pool) options.pool = pool;
  if (header) options.header = header;
  const mfa = $('setting-mfa').value;
  if (mfa) options.mfa = mfa;
  const autoVerified = $('setting-auto-verified').value;
  if (autoVerified) options.autoVerified = autoVerified === 'none' ? [] : autoVerified.split(',');
  const caseSensitive = $('setting-case-sensitive').value;
  if (caseSensitive) options.caseSensitive = caseSensitive === 'true';
  const hash = $('setting-hash').value;
  if (hash) options.passwordHashAlgorithm = hash;
  return options;
}

/** Asks the worker for the pool the inputs give; on an answer, validates again. */
function updatePool() {
  if (!state.worker || state.rules.size === 0) return;
  const options = poolOptions();
  const id = send({ type: 'pool', options });
  state.pending.set(id, { kind: 'pool', key: JSON.stringify(options) });
}

function onPool({ id, pool, poolError }) {
  const isRun = state.run?.id === id;
  const request = state.pending.get(id);
  if (!isRun && !request) return;
  state.pending.delete(id);
  // Only the newest answer counts: an older request was made for inputs since changed.
  if (!isRun && [...state.pending.entries()].some(([other, { kind }]) => other > id && kind === 'pool')) return;
  for (const input of ['pool', 'header']) {
    const box = $(`${input}-json-error`);
    const failed = poolError?.input === input;
    box.hidden = !failed;
    box.textContent = failed ? poolErrorText(poolError) : '';
    $(`${input}-json`).setAttribute('aria-invalid', String(failed));
  }
  if (poolError) {
    $('pool-in-use').textContent = 'Pool in use: none, until the pool below is fixed.';
    $('pool-details').open = true;
    // The report on screen, or under way, is for a pool no longer given.
    if (isRun) endRun();
    else if (state.run) cancelRun({ quiet: true });
    hideResult();
    if (state.file) fileMessage(`${state.file.name} will be validated once the pool is fixed.`);
    announce(`The pool can't be used: ${poolErrorText(poolError)}`);
    return;
  }
  if (isRun) return;
  showPoolInUse(pool);
  // A changed pool changes the findings: the file is validated again.
  if (state.file && request.key !== state.validatedWith) startRun();
}

function hideResult() {
  state.result = null;
  state.filtered = new Uint32Array(0);
  table.setCount(0);
  showDetails(-1);
  $('summary').hidden = true;
  $('report').hidden = true;
}

function poolErrorText({ input, path, message }) {
  const what = input === 'header' ? 'The get-csv-header output' : 'The describe-user-pool output';
  return `${what}: ${message}${path && !message.includes(path) ? ` (at ${path})` : ''}`;
}

function showPoolInUse(pool) {
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
  const text = `Pool in use: ${name}${from}. ${settings.join(' · ')}.`;
  // A live region: said again only when it changes.
  const element = $('pool-in-use');
  if (element.textContent === text) return;
  const strong = document.createElement('strong');
  strong.textContent = name;
  element.replaceChildren('Pool in use: ', strong, `${from}. ${settings.join(' · ')}.`);
}

// ---- a validation ----

function startRun() {
  if (state.rules.size === 0) {
    // A file dropped while the validator loads is validated once it has.
    fileMessage(`${state.file.name} will be validated as soon as the validator has loaded.`);
    return;
  }
  if (state.run) cancelRun({ quiet: true });
  fileMessage('');
  const file = state.file;
  const options = poolOptions();
  state.validatedWith = JSON.stringify(options);
  const id = send({ type: 'validate', file, options });
  state.run = { id, file, findings: new Findings(), started: performance.now() };
  performance.clearMarks('validation-started');
  performance.clearMarks('summary-shown');
  performance.mark('validation-started');
  setBusy(true);
  $('progress-panel').hidden = false;
  $('progress-file').textContent = file.name;
  $('progress').value = 0;
  $('progress-text').textContent = `0% of ${megabytes(file.size)}`;
  state.run.announced = 0;
  announce(`Reading ${file.name}, ${megabytes(file.size)}.`);
}

function showProgress({ bytesRead, totalBytes, users }) {
  const run = state.run;
  const seconds = (performance.now() - run.started) / 1000;
  const share = totalBytes ? bytesRead / totalBytes : 0;
  const rate = seconds > 0 ? bytesRead / seconds : 0;
  const left = rate > 0 && totalBytes ? (totalBytes - bytesRead) / rate : null;
  $('progress').value = share;
  const parts = [
    `${Math.floor(share * 100)}%`,
    `${(rate / 1e6).toFixed(0)} MB/s`,
    `${count(users)} users so far`,
  ];
  if (left !== null) parts.push(left < 1 ? 'under a second left' : `${Math.ceil(left)} s left`);
  $('progress-text').textContent = parts.join(' · ');
  // Screen readers hear each quarter, not every update.
  const quarter = Math.floor(share * 4);
  if (quarter > run.announced && quarter < 4) {
    run.announced = quarter;
    announce(`${quarter * 25}% read.`);
  }
}

function cancelRun({ quiet = false } = {}) {
  if (!state.run) return;
  state.worker.postMessage({ type: 'cancel', id: state.run.id });
  const name = state.run.file.name;
  endRun();
  if (!quiet) {
    fileMessage(`Cancelled: ${name} was not read to its end. Drop it again, or choose a file, to validate it.`);
    announce('Cancelled.');
    $('choose-file').focus();
  }
}

function endRun() {
  state.run = null;
  $('progress-panel').hidden = true;
  setBusy(false);
}

/** While a file is read, the last report stays in view, dimmed, and can't
 * be exported (the exports read the file it came from). */
function setBusy(busy) {
  for (const id of ['summary', 'report']) $(id).setAttribute('aria-busy', String(busy));
  for (const button of document.querySelectorAll('[data-export]')) button.disabled = busy;
}

function finishRun(report) {
  const { file, findings, started } = state.run;
  endRun();
  const seconds = (performance.now() - started) / 1000;
  findings.seal();
  const statuses = lineStatuses(findings, report);
  const statusCounts = new Uint32Array(STATUSES.length);
  for (let index = 0; index < statuses.length; index += 1) statusCounts[statuses[index]] += 1;
  state.result = { file, report, findings, statuses, statusCounts, seconds };
  showPoolInUse(report.pool);
  showSummary();
  fillRuleFilter();
  $('report').hidden = findings.length === 0;
  applyFilters();
  exportMessage('');
  performance.mark('summary-shown');
  document.body.dataset.validated = String(Number(document.body.dataset.validated ?? 0) + 1);
  announce(verdictSentence(report));
}

/** Each finding's line status: a data line fails on any error but a
 * duplicate username, is skipped on that one alone, is imported otherwise
 * (the engine's LineStatus::of). The findings of a line come together. */
function lineStatuses(findings, report) {
  const { lines, codes, length } = findings;
  const statuses = new Uint8Array(length);
  const headerLine = report.file.headerLine ?? -2;
  // Per rule: 1 fails the line, 2 skips it, 3 marks a blank line, 0 none.
  const kinds = Uint8Array.from(state.ruleList, ({ code, effect }) =>
    code === 'line.blank' ? 3 : effect === 'failsLine' || effect === 'failsJob' ? 1 : effect === 'skipsLine' ? 2 : 0,
  );
  let start = 0;
  while (start < length) {
    const line = lines[start]; // -1 for none
    let end = start + 1;
    while (end < length && line >= 0 && lines[end] === line) end += 1;
    let status;
    if (line < 0) status = STATUS.file;
    else if (line === headerLine) status = STATUS.header;
    else {
      let fails = false;
      let skips = false;
      let blank = false;
      for (let index = start; index < end; index += 1) {
        const kind = kinds[codes[index]];
        if (kind === 1) fails = true;
        else if (kind === 2) skips = true;
        else if (kind === 3) blank = true;
      }
      status = blank ? STATUS.blank : fails ? STATUS.failed : skips ? STATUS.skipped : STATUS.imported;
    }
    statuses.fill(status, start, end);
    start = end;
  }
  return statuses;
}

function verdictSentence(report) {
  const { outcome } = report;
  const findings = Object.values(report.countsByCode).reduce((sum, number) => sum + number, 0);
  const verdict =
    outcome.job === 'fails'
      ? 'The import job would fail: nobody would be imported.'
      : `The import job would run: ${counted(outcome.imported, 'user')} imported, ${count(outcome.failed)} failed, ${count(outcome.skipped)} skipped.`;
  return `${verdict} ${counted(findings, 'finding')}.`;
}

// ---- the summary ----

function showSummary() {
  const { file, report, findings, seconds } = state.result;
  const summary = $('summary');
  summary.hidden = false;
  $('summary-file').textContent = `${file.name}: ${megabytes(report.file.bytes)}, ${counted(report.file.lines, 'line')}, ${counted(report.outcome.users, 'user')}, read in ${seconds.toFixed(1)} s.`;

  const verdict = $('verdict');
  const fails = report.outcome.job === 'fails';
  verdict.className = `verdict ${fails ? 'fails' : report.outcome.failed + report.outcome.skipped > 0 ? 'partial' : 'succeeds'}`;
  const heading = document.createElement('p');
  heading.className = 'verdict-heading';
  const reasons = document.createElement('ul');
  if (fails) {
    heading.textContent = 'The import job would fail: nobody would be imported. Fix these first:';
    const shown = 20;
    let jobFindings = 0;
    for (let index = 0; index < findings.length; index += 1) {
      if (state.ruleList[findings.codes[index]].effect !== 'failsJob') continue;
      jobFindings += 1;
      if (jobFindings > shown) continue;
      const finding = findingAt(index);
      const item = document.createElement('li');
      item.append(ruleLink(finding.code), ' ', finding.line === null ? '' : `line ${count(finding.line)}: `, finding.message);
      reasons.append(item);
    }
    if (jobFindings > shown) {
      const more = document.createElement('li');
      more.textContent = `and ${counted(jobFindings - shown, 'more finding')} of this kind, in the table below.`;
      reasons.append(more);
    }
  } else if (report.outcome.failed + report.outcome.skipped === 0) {
    heading.textContent = report.outcome.users === 0 ? 'The import job would run, but the file has no users.' : 'The import job would run, and every user would be imported.';
  } else {
    heading.textContent = 'The import job would run, but not every user would be imported.';
  }
  verdict.replaceChildren(heading, reasons);

  const outcome = $('outcome');
  outcome.replaceChildren();
  const users = report.outcome;
  for (const [label, value, status] of [
    [users.users === 1 ? 'user' : 'users', users.users, ''],
    ['would be imported', users.imported, 'imported'],
    ['would fail', users.failed, 'failed'],
    ['would be skipped (a username imported earlier in the file)', users.skipped, 'skipped'],
  ]) {
    const item = document.createElement('li');
    const number = document.createElement('strong');
    number.textContent = count(value);
    item.append(number, ` ${label}`);
    const shown = status ? state.result.statusCounts[STATUS[status]] : 0;
    if (shown > 0 && !fails) {
      const button = filterButton(`show their ${counted(shown, 'finding')}`, () => setFilters({ status }));
      item.append(' ', button);
    }
    outcome.append(item);
  }

  const body = $('rule-counts').querySelector('tbody');
  body.replaceChildren();
  const counts = Object.entries(report.countsByCode);
  $('rule-counts').hidden = counts.length === 0;
  $('no-findings').hidden = counts.length > 0;
  for (const [code, number] of counts) {
    const rule = state.rules.get(code);
    const row = document.createElement('tr');
    const codeCell = document.createElement('td');
    codeCell.append(filterButton(code, () => setFilters({ rule: code }), `Show the ${counted(number, 'finding')} of ${code}`));
    const severity = document.createElement('td');
    severity.append(severityBadge(rule.severity));
    const numberCell = document.createElement('td');
    numberCell.className = 'number';
    numberCell.textContent = count(number);
    const when = document.createElement('td');
    when.append(...withCode(rule.summary), ' ', ruleLink(code, 'How to fix'));
    row.append(codeCell, severity, numberCell, when);
    body.append(row);
  }

  const notes = $('notes');
  notes.replaceChildren(...report.notes.map((note) => Object.assign(document.createElement('li'), { textContent: note })));
}

function filterButton(text, onClick, label) {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'link-button';
  button.textContent = text;
  if (label) button.setAttribute('aria-label', label);
  button.addEventListener('click', onClick);
  return button;
}

function severityBadge(severity) {
  const badge = document.createElement('span');
  badge.className = `badge ${severity}`;
  badge.textContent = severity;
  return badge;
}

function ruleLink(code, text = code) {
  const link = document.createElement('a');
  link.href = `#rule-${code}`;
  link.textContent = text;
  if (text !== code) link.setAttribute('aria-label', `${text}: rule ${code}`);
  return link;
}

// ---- the report table ----

function fillRuleFilter() {
  const select = $('filter-rule');
  const chosen = select.value;
  select.replaceChildren(new Option('all rules', ''));
  for (const [code, number] of Object.entries(state.result.report.countsByCode)) {
    select.append(new Option(`${code} (${count(number)})`, code));
  }
  select.value = state.result.report.countsByCode[chosen] ? chosen : '';
}

function setFilters({ rule = '', severity = '', status = '' }) {
  $('filter-rule').value = rule;
  $('filter-severity').value = severity;
  $('filter-status').value = status;
  applyFilters();
  $('report').scrollIntoView({ block: 'start' });
  $('grid').focus({ preventScroll: true });
}

function applyFilters() {
  if (!state.result) return;
  const { findings, statuses } = state.result;
  const rule = $('filter-rule').value;
  const severity = $('filter-severity').value;
  const status = $('filter-status').value;
  const wanted = status ? STATUS[status] : -1;
  // Which rule places pass the rule and severity filters.
  const passes = state.ruleList.map(({ code, severity: level }) => (!rule || code === rule) && (!severity || level === severity));
  const { codes } = findings;
  const filtered = new Uint32Array(findings.length);
  let size = 0;
  for (let index = 0; index < findings.length; index += 1) {
    if (!passes[codes[index]]) continue;
    if (wanted >= 0 && statuses[index] !== wanted) continue;
    filtered[size++] = index;
  }
  state.filtered = filtered.subarray(0, size);
  const total = findings.length;
  $('row-count').textContent =
    size === total ? `${counted(total, 'finding')}.` : `${count(size)} of ${counted(total, 'finding')} match the filters.`;
  $('jump-message').hidden = true;
  table.setCount(size);
  showDetails(-1);
}

/** Finding `index` of the result, as the package gives it. */
function findingAt(index) {
  const finding = state.result.findings.get(index);
  const rule = state.ruleList[finding.codeIndex];
  return { ...finding, code: rule.code, severity: rule.severity };
}

function fillRow(row, index) {
  const findingIndex = state.filtered[index];
  const finding = findingAt(findingIndex);
  const status = STATUSES[state.result.statuses[findingIndex]];
  const [line, statusCell, column, code, message, value] = row.children;
  line.textContent = finding.line === null ? '—' : count(finding.line);
  statusCell.textContent = STATUS_WORDS[status];
  statusCell.className = `status ${status}`;
  column.textContent = finding.column ?? '';
  const link = ruleLink(finding.code);
  link.tabIndex = -1; // The grid is one Tab stop; its rows' links are for the mouse.
  code.replaceChildren(severityDot(finding.severity), link);
  message.textContent = shownMessage(finding, status);
  setValue(value, finding.value);
}

/** The message, or with values hidden the rule's summary: a message quotes
 * the offending value, and its fix may spell it again ("write it as …").
 * Header and file messages only name columns, and stay. */
function shownMessage(finding, status) {
  if (!$('hide-values').checked || status === 'header' || status === 'file') return finding.message;
  return state.rules.get(finding.code).summary.replaceAll('`', '');
}

function severityDot(severity) {
  const dot = document.createElement('span');
  dot.className = `dot ${severity}`;
  dot.setAttribute('aria-label', severity);
  dot.setAttribute('role', 'img');
  return dot;
}

function setValue(element, value) {
  const hidden = $('hide-values').checked && value !== null;
  element.classList.toggle('hidden-value', hidden);
  element.textContent = hidden ? 'hidden' : visible(value ?? '');
}

/** Control characters made visible as the engine's messages write them
 * (`\u{1b}`): in a value they would otherwise vanish or garble the row. */
function visible(text) {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (character) => `\\u{${character.charCodeAt(0).toString(16)}}`);
}

function showDetails(index) {
  const body = $('details-body');
  if (index < 0 || !state.result) {
    body.replaceChildren(Object.assign(document.createElement('p'), { textContent: 'Select a finding in the table to read it whole, with how to fix it.' }));
    return;
  }
  const findingIndex = state.filtered[index];
  const finding = findingAt(findingIndex);
  const rule = state.rules.get(finding.code);
  const status = STATUSES[state.result.statuses[findingIndex]];
  const where = document.createElement('p');
  where.className = 'details-where';
  where.textContent = [
    finding.line === null ? 'The whole file or the pool' : `Line ${count(finding.line)}`,
    finding.column ? `column ${finding.column}` : null,
    `line status: ${STATUS_WORDS[status]}`,
  ].filter(Boolean).join(' · ');
  const message = document.createElement('p');
  message.className = 'details-message';
  message.textContent = shownMessage(finding, status);
  const list = document.createElement('dl');
  if (finding.value !== null) addTerm(list, 'Value', (dd) => setValue(dd, finding.value));
  addTerm(list, 'Rule', (dd) => dd.append(ruleLink(finding.code), ` — ${rule.severity}, ${EFFECTS[rule.effect]}. `, ...withCode(rule.summary)));
  addTerm(list, 'How to fix', (dd) => dd.append(...withCode(rule.help)));
  body.replaceChildren(where, message, list);
}

function addTerm(list, term, fill) {
  const dt = document.createElement('dt');
  dt.textContent = term;
  const dd = document.createElement('dd');
  fill(dd);
  list.append(dt, dd);
}

/** A help text's `code` spans as <code> elements; the rest as text. */
function withCode(text) {
  return text.split('`').map((part, index) => (index % 2 === 1 ? Object.assign(document.createElement('code'), { textContent: part }) : part));
}

function jumpToLine(line) {
  const message = $('jump-message');
  if (!state.result || !Number.isInteger(line) || line < 1) return;
  const { findings } = state.result;
  let target = -1;
  for (let index = 0; index < state.filtered.length; index += 1) {
    const at = findings.line(state.filtered[index]);
    if (at !== null && at >= line) {
      target = index;
      break;
    }
  }
  message.hidden = false;
  if (target < 0) {
    message.textContent = `No finding on line ${count(line)} or after it${state.filtered.length < findings.length ? ' that matches the filters' : ''}.`;
    return;
  }
  const found = findings.line(state.filtered[target]);
  message.textContent =
    found === line ? `Line ${count(line)}.` : `Line ${count(line)} has no finding${state.filtered.length < findings.length ? ' that matches the filters' : ''}: the next one is on line ${count(found)}.`;
  table.activate(target, { focus: true });
}

// ---- exports ----

function exportReport(kind) {
  if (!state.result) return;
  const base = state.result.file.name.replace(/\.[^.]*$/, '') || 'users';
  if (kind === 'header') {
    const pool = state.result.report.pool;
    const name = `${pool.userPoolId ?? 'cognito'}-import-template.csv`;
    download(new Blob([`${pool.header.join(',')}\n`], { type: 'text/csv' }), name);
    exportMessage(`Saved ${name}: the header line Cognito expects for this pool.`);
    return;
  }
  const names = { csv: `${base}.findings.csv`, json: `${base}.report.json`, cloudwatch: `${base}.cloudwatch.log` };
  const id = send({ type: 'export', kind });
  state.pending.set(id, { kind: 'export', name: names[kind] });
  exportMessage(`Preparing ${names[kind]}…`);
}

function onExported({ id, blob }) {
  const request = state.pending.get(id);
  if (!request) return;
  state.pending.delete(id);
  download(blob, request.name);
  exportMessage(`Saved ${request.name} (${megabytes(blob.size)}).`);
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

// ---- the rule catalogue ----

function showRuleCatalogue() {
  const list = $('rule-list');
  list.replaceChildren();
  for (const rule of state.rules.values()) {
    const term = document.createElement('dt');
    term.id = `rule-${rule.code}`;
    term.tabIndex = -1;
    const code = document.createElement('code');
    code.textContent = rule.code;
    term.append(code, ' ', severityBadge(rule.severity), ` ${EFFECTS[rule.effect]}`);
    const description = document.createElement('dd');
    const when = document.createElement('p');
    when.append(...withCode(rule.summary));
    const fix = document.createElement('p');
    fix.append('Fix: ', ...withCode(rule.help));
    description.append(when, fix);
    list.append(term, description);
  }
  // The page was opened at a rule's address: show it now that it exists.
  if (location.hash.startsWith('#rule-')) document.getElementById(location.hash.slice(1))?.scrollIntoView();
}

// ---- messages ----

function fileMessage(text, kind = 'info') {
  const element = $('file-message');
  element.hidden = !text;
  element.textContent = text;
  element.className = `message ${kind}`;
}

function exportMessage(text, kind = 'info') {
  const element = $('export-message');
  element.hidden = !text;
  element.textContent = text;
  element.className = `message ${kind}`;
}

/** Says `text` to screen readers (the live region is visually hidden). */
function announce(text) {
  $('announcer').textContent = text;
}

function megabytes(bytes) {
  if (bytes < 1e6) return `${count(Math.ceil(bytes / 1e3))} kB`;
  return `${(bytes / 1e6).toFixed(1)} MB`;
}
