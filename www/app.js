// The page's wiring: it starts the worker (worker.js, which validates) and
// the package in this thread (which renders the findings shown), turns
// clicks, drops and the worker's messages into lifecycle events
// (lifecycle.js decides what happens), and performs the effects with the
// modules that draw. Everything that comes from the file is put in the page
// as text (textContent), never as HTML.
import { initialState, transition } from './lifecycle.js';
import { fixTransition, initialFixState } from './fix-lifecycle.js';
import { FixPanel } from './fix-panel.js';
import { Findings } from './findings.js';
import { sortGivenFiles } from './given-files.js';
import { PoolInput } from './pool-input.js';
import { Summary, verdictSentence } from './summary.js';
import { ReportTable } from './report-table.js';
import { Exports } from './exports.js';
import { NextSteps } from './next-steps.js';
import { fileVerdict, MigrationPanel, migrationOf, migrationVerdict } from './migration.js';
import { progressText } from './progress.js';
import { RuleDialog, showRuleCatalogue } from './rule-catalogue.js';
import { EXAMPLES } from './examples.js';
import { $, megabytes, setMessage } from './shared.js';

let state = initialState();
let fixState = initialFixState();
let worker = null;
let pool = null; // the pool inputs
let exporter = null; // the exports
// Once the package has loaded in this thread:
let ruleTable = null; // the rules, in order
let renderFinding = null;
let summary = null;
let table = null;
let result = null; // {file, report, findings, seconds, index} on screen (index: its place in a migration)
let migration = null; // {files, reports, summary, results} of the migration on screen
let migrationPanel = null;
let collecting = null; // {findings (of each file), started} of the run under way, until shown
let fixPanel = null; // "Make it importable"
let nextSteps = null; // under the verdict

start();

function start() {
  const missing = missingFeatures();
  if (missing.length > 0) {
    return unsupported(`This browser lacks what the page needs (${missing.join(', ')}). Use a current Chrome, Edge, Firefox or Safari.`);
  }
  let moduleWorkers = false;
  worker = new Worker(new URL('./worker.js', import.meta.url), {
    get type() {
      moduleWorkers = true;
      return 'module';
    },
  });
  if (!moduleWorkers) {
    worker.terminate();
    return unsupported('This browser cannot run module workers, which read the file off the page. Use a current Chrome, Edge, Firefox or Safari.');
  }
  const workerReady = new Promise((resolve) => {
    worker.onmessage = ({ data }) => {
      if (data.type !== 'ready') return onWorkerMessage(data);
      // How many workers the worker started (0 where a worker cannot start
      // workers: files are then read in one pass), for the tests.
      document.body.dataset.workers = String(data.workers);
      resolve();
    };
  });
  worker.onerror = (event) => {
    event.preventDefault();
    dispatch({ type: 'startFailed', reason: event.message ?? 'its worker failed to load' });
  };
  pool = new PoolInput({ onChange: () => dispatch({ type: 'poolChanged', options: pool.options() }) });
  migrationPanel = new MigrationPanel({ onChoose: chooseFile });
  exporter = new Exports({ post: (message) => worker.postMessage(message) });
  // The findings CSV may hold only the rows the table's filters show.
  exporter.wire(() => result && { ...result, filtered: table.filtered });
  wireFiles();
  // The package here renders the findings in view; the worker's validates.
  const loading = import('./pkg/index.js');
  Promise.all([loading, workerReady]).then(
    ([engine]) => {
      ruleTable = engine.rules();
      // In the page's own words where the reports keep Cognito's log
      // sentence (verified.none): every finding shown is rendered here.
      renderFinding = (data) => engine.renderFinding(data, true);
      const lineStatuses = engine.lineStatuses();
      table = new ReportTable({ rules: ruleTable, lineStatuses });
      summary = new Summary({ rules: ruleTable, lineStatuses, onFilter: (filters) => table.setFilters(filters) });
      // Every link to a rule opens its explanation in place from now on.
      new RuleDialog({
        rules: ruleTable,
        findingsOf: (code) => result?.report.countsByCode[code] ?? 0,
        onShowFindings: (rule) => table.setFilters({ rule }),
      });
      nextSteps = new NextSteps({ importCommands: engine.importCommands, onExportFindings: () => exporter.exportCurrent('csv') });
      fixPanel = new FixPanel({
        fixes: engine.fixes(),
        countries: engine.fixCountries(),
        onStart: startFix,
        onCancel: () => dispatchFix({ type: 'cancel' }),
        onOptionsChanged: () => dispatchFix({ type: 'optionsChanged' }),
      });
      dispatch({ type: 'ready', options: pool.options() });
    },
    (error) => dispatch({ type: 'startFailed', reason: `the validator did not load: ${error.message}` }),
  );
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
  for (const button of fileButtons()) button.disabled = true;
}

/** The buttons that give a file: "Choose a CSV file…" and the examples. */
function fileButtons() {
  return [$('choose-file'), ...document.querySelectorAll('[data-example]')];
}

function dispatch(event) {
  const next = transition(state, event);
  state = next.state;
  for (const effect of next.effects) perform(effect);
}

/** The fix's lifecycle, beside the page's (fix-lifecycle.js). */
function dispatchFix(event) {
  const next = fixTransition(fixState, event);
  fixState = next.state;
  for (const effect of next.effects) performFix(effect);
}

function onWorkerMessage(message) {
  switch (message.type) {
    case 'pool':
      return dispatch({ type: 'poolAnswer', id: message.id, pool: message.pool, poolError: message.poolError, existing: message.existing, options: pool.options() });
    case 'existingReading':
      return dispatch(message);
    case 'progress':
      return dispatch({ type: 'progress', id: message.id, progress: message });
    case 'batch':
    case 'done':
    case 'cancelled':
      return dispatch(message);
    case 'exported':
      return exporter.onExported(message);
    case 'fixProgress':
      return dispatchFix({ type: 'progress', id: message.id, progress: message });
    case 'fixed':
      return dispatchFix(message);
    case 'fixCancelled':
      return dispatchFix({ type: 'cancelled', id: message.id });
    case 'failed':
      if (message.id === null) return dispatch({ type: 'startFailed', reason: message.message });
      if (message.request === 'export') return exporter.onFailed(message);
      if (message.request === 'fix') return dispatchFix(message);
      return dispatch({ type: 'failed', id: message.id, message: message.message });
  }
}

function perform(effect) {
  switch (effect.type) {
    case 'showReady':
      showRuleCatalogue(ruleTable);
      for (const button of fileButtons()) button.disabled = false;
      document.body.dataset.ready = 'true';
      return;
    case 'checkPool':
      return worker.postMessage({ type: 'pool', id: effect.id, options: effect.options });
    case 'startRun':
      // A new file or pool: the fix shown, or under way, was of the last.
      dispatchFix({ type: 'reportGone' });
      return startRun(effect);
    case 'cancelRun':
      collecting = null;
      return worker.postMessage({ type: 'cancel', id: effect.id });
    case 'endRun':
      $('progress-panel').hidden = true;
      // A run cancelled leaves the last report on screen: it can be fixed again.
      if (result) dispatchFix({ type: 'reportShown', fileName: result.file.name });
      return setBusy(false);
    case 'showProgress':
      return showProgress(effect.progress);
    case 'keepBatch':
      return collecting.findings[effect.batch.file ?? 0].add(effect.batch);
    case 'showResult':
      return showResult(effect);
    case 'hideResult':
      dispatchFix({ type: 'reportGone' });
      result = null;
      migration = null;
      migrationPanel.hide();
      table.hide();
      return summary.hide();
    case 'showPoolErrors':
      return pool.showErrors(effect.poolError);
    case 'showPoolInUse':
      return pool.showInUse(effect.pool);
    case 'showExisting':
      return pool.showUsers(effect.existing);
    case 'showExistingReading':
      pool.showUsersReading();
      if (effect.forRun) $('progress-text').textContent = 'Reading the users already in the pool first…';
      return;
    case 'poolUnusable':
      return pool.showUnusable();
    case 'poolUnreadable':
      return pool.showUnreadable(effect.message);
    case 'fileMessage':
      return showFileMessage(effect.text, effect.kind);
    case 'announce':
      return announce(effect.text);
    case 'focusFileButton':
      return $('choose-file').focus();
    case 'unsupported':
      return unsupported(effect.text);
    default:
      throw new Error(`app.js: no effect ${effect.type}`);
  }
}

function performFix(effect) {
  switch (effect.type) {
    case 'showPanel':
      return fixPanel.show(effect.fileName);
    case 'hidePanel':
      return fixPanel.hide();
    case 'clearResult':
      return fixPanel.clear();
    case 'startFix':
      // Of a migration, the file shown.
      return worker.postMessage({ type: 'fix', id: effect.id, options: effect.options, folder: effect.folder, place: result?.index });
    case 'cancelFix':
      return worker.postMessage({ type: 'fixCancel', id: effect.id });
    case 'showFixing':
      return fixPanel.showFixing(effect.fileName, effect.folder !== null);
    case 'showProgress':
      return fixPanel.showProgress(effect.progress);
    case 'endFixing':
      return fixPanel.endFixing();
    case 'showFixed':
      return fixPanel.showFixed({ result: effect.result, files: effect.files, folder: effect.folder !== null });
    case 'showCannotFix':
      return fixPanel.showCannotFix(effect.error);
    case 'showFailed':
      return fixPanel.showFailed(effect.message);
    case 'say':
      return fixPanel.say(effect.text);
    case 'announce':
      return announce(effect.text);
    case 'focusResult':
      return fixPanel.focusResult();
    case 'focusStart':
      return fixPanel.focusStart();
    default:
      throw new Error(`app.js: no fix effect ${effect.type}`);
  }
}

/** The fix buttons: into Blobs, or into a folder the user picks first
 * (the picker needs the click's user activation, so it is asked here). */
async function startFix(intoFolder) {
  let folder = null;
  if (intoFolder) {
    try {
      folder = await window.showDirectoryPicker({ id: 'cognito-import-files', mode: 'readwrite' });
    } catch (error) {
      // Closing the picker is no error; anything else is told.
      if (error.name !== 'AbortError') fixPanel.say(`No folder: ${error.message}`, 'error');
      return;
    }
  }
  dispatchFix({ type: 'start', options: fixPanel.options(), folder });
}

function wireFiles() {
  $('choose-file').addEventListener('click', () => $('file-input').click());
  $('file-input').addEventListener('change', (event) => {
    takeFiles([...event.target.files]);
    event.target.value = '';
  });
  // An example's bytes came with the page: validating it asks nothing of the network.
  for (const button of document.querySelectorAll('[data-example]')) {
    button.addEventListener('click', () => {
      const { name, text } = EXAMPLES[button.dataset.example];
      dispatch({ type: 'fileGiven', file: new File([text], name, { type: 'text/csv' }), options: pool.options() });
    });
  }
  $('file-message-close').addEventListener('click', () => {
    showFileMessage('');
    // The button goes with the message: focus goes back to the file button.
    $('choose-file').focus();
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
  $('cancel').addEventListener('click', () => dispatch({ type: 'cancel' }));
}

function hasFiles(event) {
  return [...(event.dataTransfer?.types ?? [])].includes('Files');
}

/** Files given by drop or button: JSON goes to the pool (its users too), CSV files are validated. */
async function takeFiles(files) {
  showFileMessage('');
  const { csvs, pools, users, notes } = await sortGivenFiles(files);
  // The rest in one task: the new pool's answer then finds the new file's
  // validation under way with it, rather than validating the old file again.
  for (const [box, text] of pools) pool.put(box, text);
  if (users) pool.setUsers(users);
  if (pools.length > 0 || users) dispatch({ type: 'poolChanged', options: pool.options() });
  // Several files are one migration, in the order of their names.
  if (csvs.length > 0) dispatch({ type: 'fileGiven', file: csvs.length === 1 ? csvs[0] : migrationOf(csvs), options: pool.options() });
  dispatch({ type: 'fileNotes', notes });
}

/** What the page says of the files given, in the bar at the foot of the
 * viewport: in view wherever the page is scrolled. */
function showFileMessage(text, kind) {
  setMessage($('file-message'), text, kind);
  $('file-status').hidden = !text;
}

function startRun({ id, file, options }) {
  worker.postMessage({ type: 'validate', id, file, options });
  collecting = { findings: (file.files ?? [file]).map(() => new Findings(renderFinding)), started: performance.now(), files: file.files ?? null };
  performance.clearMarks('validation-started');
  performance.clearMarks('summary-shown');
  performance.mark('validation-started');
  setBusy(true);
  $('progress-panel').hidden = false;
  $('progress-file').textContent = file.name;
  $('progress').value = 0;
  $('progress-text').textContent = `0% of ${megabytes(file.size)}`;
}

function showProgress(progress) {
  const seconds = (performance.now() - collecting.started) / 1000;
  // A migration's files are read one after the other: the heading names the one.
  if (collecting.files) $('progress-file').textContent = `${collecting.files[progress.file].name} (file ${progress.file + 1} of ${collecting.files.length})`;
  $('progress').value = progress.totalBytes ? progress.bytesRead / progress.totalBytes : 0;
  $('progress-text').textContent = progressText(progress, seconds);
}

/** While a file is read, the last report stays in view, dimmed, and can't
 * be exported (the exports read the file it came from). */
function setBusy(busy) {
  for (const id of ['summary', 'report']) $(id).setAttribute('aria-busy', String(busy));
  exporter.setBusy(busy);
  nextSteps.setBusy(busy);
}

function showResult({ file, report }) {
  const { findings, started } = collecting;
  collecting = null;
  const seconds = (performance.now() - started) / 1000;
  if (report.files) {
    const results = report.files.map((fileReport, index) => ({ file: file.files[index], report: fileReport, findings: findings[index].seal(), seconds: report.seconds[index], index }));
    migration = { files: file.files, reports: report.files, summary: report.summary, results };
    migrationPanel.show(migration, 0);
    showFile(results[0]);
  } else {
    migration = null;
    migrationPanel.hide();
    showFile({ file, report, findings: findings[0].seal(), seconds });
  }
  exporter.say('');
  performance.mark('summary-shown');
  document.body.dataset.validated = String(Number(document.body.dataset.validated ?? 0) + 1);
  announce(migration ? migrationVerdict(migration.summary).heading : verdictSentence(report));
}

/** Shows the summary and table of one file's report (of a migration, the file chosen). */
function showFile(shown) {
  result = shown;
  summary.show(result);
  nextSteps.show(result);
  table.show(result);
  dispatchFix({ type: 'reportShown', fileName: result.file.name });
}

/** A migration's file chosen in its list: its summary and table. */
function chooseFile(index) {
  const chosen = migration.results[index];
  showFile(chosen);
  migrationPanel.mark(index);
  exporter.say('');
  announce(`${chosen.file.name}, file ${index + 1} of ${migration.files.length}: ${fileVerdict(chosen.report)}.`);
}

/** Says `text` to screen readers (the live region is visually hidden). */
function announce(text) {
  $('announcer').textContent = text;
}
