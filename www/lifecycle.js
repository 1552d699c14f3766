// The page's lifecycle: the validator loading, the runs (a file validated
// in the worker), and the pool checks, as a pure state machine. No DOM, no
// worker: `transition(state, event)` returns the next state and the effects
// to perform, in order; app.js performs them (posts to the worker, draws)
// and turns what happens into events.
//
// Phases (state.phase):
//   loading     the validator is not ready; a file given waits for it
//   idle        ready, nothing read and no report shown
//   reading     a run is under way (the last report, if any, stays dimmed)
//   showing     a report is shown
//   poolBroken  the pool given can't be used: no report is shown, and a
//               file waits for the pool to be fixed
//   broken      the validator could not start: nothing more happens
//
// Events ({type, ...}), those that may start a run with the `options` the
// pool inputs give at that moment:
//   ready {options}          the worker and the page's package have loaded
//   startFailed {reason}     they could not
//   fileGiven {file, options}  a file, or several as one migration ({name,
//                            size, files}: migration.js's migrationOf)
//   fileNotes {notes}        what to tell of files given that were not taken
//                            as they came (not a CSV file, not a pool, one
//                            list-users file too many)
//   poolChanged {options}    a pool input changed (JSON boxes, settings, the
//                            users already in the pool: options.existing,
//                            {id, file}, is part of the options)
//   poolAnswer {id, pool | poolError, existing, options}
//                            the worker's answer to a pool check (`existing`:
//                            {users}, how many it read, when given), or a run
//                            that stopped on a PoolError (then id is the run's);
//                            a list-users file that can't be read is a
//                            poolError of input 'existing'
//   existingReading {id, name, size}
//                            the worker reads the list-users file for a pool
//                            check or a run (given, or read again for a pool
//                            that compares usernames otherwise)
//   progress {id, progress}  batch {id, batch}  done {id, report}
//   failed {id, message}     a run or a pool check failed in the worker
//   cancel                   the Cancel button
//   cancelled {id}           the worker stopped a run
//
// Effects ({type, ...}):
//   showReady  checkPool {id, options}  startRun {id, file, options}
//   cancelRun {id}  endRun (the progress panel goes, the report is live again)
//   showProgress {progress}  keepBatch {batch}  showResult {file, report}
//   hideResult  showPoolErrors {poolError | null}  showPoolInUse {pool}
//   showExisting {existing}  showExistingReading {forRun}
//   poolUnusable  poolUnreadable {message}  fileMessage {text, kind}
//   announce {text}  focusFileButton  unsupported {text}
import { megabytes } from './shared.js';
import { poolErrorText } from './pool-input.js';

export function initialState() {
  return {
    phase: 'loading',
    nextId: 1, // request ids, runs and pool checks alike
    file: null, // the file a pool change validates: the last given, or after Cancel the last report's
    reportFile: null, // the file of the last report made (shown, or hidden for a broken pool)
    run: null, // {id, file, announced} while reading
    resultShown: false, // a report is on screen (dimmed while reading)
    poolError: null, // the last pool answer's error
    poolChecks: [], // {id, key} of the pool checks not answered yet, oldest first
    validatedWith: null, // the options of the last run started, as a key
  };
}

/** The options as a key: the same options give the same key. */
export const optionsKey = (options) => JSON.stringify(options);

/** The next state and the effects to perform, for `event` in `state`
 * (which is left as it is). */
export function transition(state, event) {
  const handle = HANDLERS[event.type];
  if (!handle) throw new Error(`lifecycle: no event ${JSON.stringify(event.type)}`);
  const next = { ...state };
  const effects = [];
  // Once the validator could not start, the page only says so.
  if (state.phase !== 'broken') handle(next, event, effects);
  return { state: next, effects };
}

// Each handler changes `s` (a copy of the state; the objects in it are
// replaced, never changed) and pushes effects onto `out`.
const HANDLERS = {
  ready(s, { options }, out) {
    if (s.phase !== 'loading') return;
    s.phase = 'idle';
    out.push({ type: 'showReady' });
    checkPool(s, options, out);
    if (s.file) startRun(s, s.file, options, out);
  },

  startFailed(s, { reason }, out) {
    s.phase = 'broken';
    out.push({ type: 'unsupported', text: `The validator could not start: ${reason}. Reload the page.` });
  },

  fileGiven(s, { file, options }, out) {
    s.file = file;
    if (s.phase === 'loading') {
      out.push(fileMessage(`${file.name} will be validated as soon as the validator has loaded.`));
      return;
    }
    startRun(s, file, options, out);
  },

  // Whatever the phase: the report, or the run, stays as it is.
  fileNotes(s, { notes }, out) {
    if (notes.length > 0) out.push(fileMessage(notes.join(' '), 'error'));
  },

  poolChanged(s, { options }, out) {
    // Before the validator is ready there is nothing to check with; `ready` checks the pool.
    if (s.phase === 'loading') return;
    checkPool(s, options, out);
  },

  poolAnswer(s, { id, pool, poolError, existing, options }, out) {
    const isRun = s.run?.id === id;
    const check = s.poolChecks.find((request) => request.id === id);
    if (!isRun && !check) return;
    s.poolChecks = s.poolChecks.filter((request) => request.id !== id);
    // Only the newest answer counts: an older check was made for inputs since changed.
    if (!isRun && s.poolChecks.some((request) => request.id > id)) return;
    s.poolError = poolError ?? null;
    out.push({ type: 'showPoolErrors', poolError: s.poolError });
    if (poolError) {
      out.push({ type: 'poolUnusable' });
      // The report on screen, or under way, is for a pool no longer given.
      if (isRun) endRun(s, out);
      else if (s.run) cancelRun(s, out);
      s.resultShown = false;
      out.push({ type: 'hideResult' });
      s.phase = 'poolBroken';
      if (s.file) out.push(fileMessage(`${s.file.name} will be validated once the pool is fixed.`));
      out.push(announce(`The pool can't be used: ${poolErrorText(poolError)}`));
      return;
    }
    if (isRun) return;
    out.push({ type: 'showPoolInUse', pool });
    if (existing) out.push({ type: 'showExisting', existing });
    // A changed pool changes the findings: the file is validated again. So
    // is a file whose report a broken pool hid, even with the options it
    // was validated with (a typo undone).
    if (s.file && (check.key !== s.validatedWith || s.phase === 'poolBroken')) startRun(s, s.file, options, out);
    else if (s.phase === 'poolBroken') s.phase = 'idle';
  },

  // Reading a list-users file of hundreds of megabytes takes seconds: said.
  existingReading(s, { id, name, size }, out) {
    const forRun = s.run?.id === id;
    if (!forRun && !s.poolChecks.some((request) => request.id === id)) return;
    out.push({ type: 'showExistingReading', forRun }, announce(`Reading the users already in the pool, ${name}, ${megabytes(size)}.`));
  },

  progress(s, { id, progress }, out) {
    if (s.run?.id !== id) return;
    out.push({ type: 'showProgress', progress });
    // Screen readers hear each quarter, not every update.
    const share = progress.totalBytes ? progress.bytesRead / progress.totalBytes : 0;
    const quarter = Math.floor(share * 4);
    if (quarter > s.run.announced && quarter < 4) {
      s.run = { ...s.run, announced: quarter };
      out.push(announce(`${quarter * 25}% read.`));
    }
  },

  batch(s, { id, batch }, out) {
    if (s.run?.id === id) out.push({ type: 'keepBatch', batch });
  },

  done(s, { id, report }, out) {
    if (s.run?.id !== id) return;
    const { file } = s.run;
    s.resultShown = true;
    s.reportFile = file;
    endRun(s, out);
    out.push({ type: 'showPoolInUse', pool: report.pool }, { type: 'showResult', file, report });
  },

  failed(s, { id, message }, out) {
    if (s.run?.id === id) {
      endRun(s, out);
      const text = `The validation stopped: ${message}.`;
      out.push(fileMessage(text, 'error'), announce(text));
    } else if (s.poolChecks.some((request) => request.id === id)) {
      s.poolChecks = s.poolChecks.filter((request) => request.id !== id);
      out.push({ type: 'poolUnreadable', message });
    }
  },

  cancel(s, _event, out) {
    if (!s.run) return;
    const { name, files } = s.run.file;
    // A pool change then validates the file of the report on screen, not
    // the file cancelled.
    s.file = s.reportFile;
    cancelRun(s, out);
    out.push(
      fileMessage(
        files
          ? `Cancelled: ${name} were not read to their end. Drop them again, or choose them, to validate them.`
          : `Cancelled: ${name} was not read to its end. Drop it again, or choose a file, to validate it.`,
      ),
      announce('Cancelled.'),
      { type: 'focusFileButton' },
    );
  },

  // The page moved on when Cancel was pressed, or when another run replaced it.
  cancelled() {},
};

function checkPool(s, options, out) {
  const id = s.nextId++;
  s.poolChecks = [...s.poolChecks, { id, key: optionsKey(options) }];
  out.push({ type: 'checkPool', id, options });
}

function startRun(s, file, options, out) {
  if (s.run) cancelRun(s, out);
  out.push(fileMessage(''));
  const id = s.nextId++;
  s.validatedWith = optionsKey(options);
  s.run = { id, file, announced: 0 };
  s.phase = 'reading';
  out.push({ type: 'startRun', id, file, options }, announce(`Reading ${file.name}, ${megabytes(file.size)}.`));
}

/** Stops the run under way, with no word said (the caller says what is next). */
function cancelRun(s, out) {
  out.push({ type: 'cancelRun', id: s.run.id });
  endRun(s, out);
}

function endRun(s, out) {
  s.run = null;
  s.phase = s.resultShown ? 'showing' : s.poolError ? 'poolBroken' : 'idle';
  out.push({ type: 'endRun' });
}

const fileMessage = (text, kind = 'info') => ({ type: 'fileMessage', text, kind });
const announce = (text) => ({ type: 'announce', text });
