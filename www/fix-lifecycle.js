// The lifecycle of "Make it importable" as a pure state machine, beside
// the page's (lifecycle.js): `fixTransition(state, event)` returns the next
// state and the effects to perform; app.js performs them (posts to the
// worker, draws with fix-panel.js). A fix runs in the worker on the file of
// the report shown, with the pool it was validated with.
//
// Phases (state.phase):
//   hidden     no report is shown (or one is being made): nothing to fix
//   idle       a report is shown; no fix result is (or it went stale)
//   fixing     a fix is under way
//   fixed      its files and what it did are shown
//   cannotFix  the package said why the file can't be fixed
//   failed     the fix stopped on an error
//
// Events ({type, ...}):
//   reportShown {fileName}   a report is shown (a new one, or the last one
//                            again after its re-validation was cancelled)
//   reportGone               the file or the pool changed: a new report is
//                            on its way, or none can be made
//   start {options, folder}  the buttons: fix with these fix options, into
//                            Blobs (folder null) or a directory handle
//   progress {id, progress}  fixed {id, result, files}  failed {id, message}
//   cancel                   the Cancel button
//   cancelled {id}           the worker stopped a fix
//   optionsChanged           a fix option changed: a result shown is stale
//
// Effects ({type, ...}):
//   showPanel {fileName}  hidePanel  clearResult  startFix {id, options, folder}
//   cancelFix {id}  showFixing {fileName, folder}  showProgress {progress}
//   endFixing  showFixed {result, files, folder}  showCannotFix {error}
//   showFailed {message}  say {text} (the panel's message line)
//   announce {text}  focusResult  focusStart
import { counted } from './shared.js';

export function initialFixState() {
  return {
    phase: 'hidden',
    nextId: 1, // fix ids (the worker answers with them)
    fileName: null, // the file of the report shown
    fix: null, // {id, folder} while fixing
  };
}

export function fixTransition(state, event) {
  const handle = HANDLERS[event.type];
  if (!handle) throw new Error(`fix lifecycle: no event ${JSON.stringify(event.type)}`);
  const next = { ...state };
  const effects = [];
  handle(next, event, effects);
  return { state: next, effects };
}

/** What the live region says of a fix's result. */
export function fixedSentence(manifest) {
  const files = counted(manifest.parts.length, 'import file');
  const made = `Fixed: ${counted(manifest.imported, 'user')} in ${files}, ${counted(manifest.rejected, 'user')} rejected, ${counted(manifest.changes, 'change')}.`;
  return manifest.blockers.length > 0 ? `${made} The import job would still fail: ${manifest.blockers.join(' ')}` : made;
}

const HANDLERS = {
  reportShown(s, { fileName }, out) {
    stopFixing(s, out);
    s.fileName = fileName;
    s.phase = 'idle';
    out.push({ type: 'clearResult' }, { type: 'showPanel', fileName });
  },

  reportGone(s, _event, out) {
    if (s.phase === 'hidden') return;
    stopFixing(s, out);
    s.phase = 'hidden';
    out.push({ type: 'clearResult' }, { type: 'hidePanel' });
  },

  start(s, { options, folder }, out) {
    if (s.phase === 'hidden' || s.phase === 'fixing') return;
    const id = s.nextId++;
    s.fix = { id, folder };
    s.phase = 'fixing';
    out.push(
      { type: 'clearResult' },
      { type: 'startFix', id, options, folder },
      { type: 'showFixing', fileName: s.fileName, folder },
      announce(`Fixing ${s.fileName}.`),
    );
  },

  progress(s, { id, progress }, out) {
    if (s.fix?.id === id) out.push({ type: 'showProgress', progress });
  },

  fixed(s, { id, result, files }, out) {
    if (s.fix?.id !== id) return;
    const { folder } = s.fix;
    s.fix = null;
    out.push({ type: 'endFixing' });
    if (result.error !== null) {
      s.phase = 'cannotFix';
      out.push({ type: 'showCannotFix', error: result.error }, announce(`${s.fileName} can't be fixed: ${result.error}`));
    } else {
      s.phase = 'fixed';
      out.push({ type: 'showFixed', result, files, folder }, announce(fixedSentence(result.manifest)));
    }
    out.push({ type: 'focusResult' });
  },

  failed(s, { id, message }, out) {
    if (s.fix?.id !== id) return;
    s.fix = null;
    s.phase = 'failed';
    out.push({ type: 'endFixing' }, { type: 'showFailed', message }, announce(`The fix stopped: ${message}.`), { type: 'focusResult' });
  },

  cancel(s, _event, out) {
    if (s.phase !== 'fixing') return;
    // A file begun in a folder is left as it was (empty, if new): a
    // FileSystemWritableFileStream aborted writes nothing.
    const where = s.fix.folder ? 'nothing was written into the folder' : 'nothing was made';
    stopFixing(s, out);
    s.phase = 'idle';
    out.push({ type: 'say', text: `Cancelled: ${where} from ${s.fileName}.` }, announce('Cancelled.'), { type: 'focusStart' });
  },

  // The page moved on when Cancel was pressed, or when the report went.
  cancelled() {},

  optionsChanged(s, _event, out) {
    if (s.phase !== 'fixed' && s.phase !== 'cannotFix' && s.phase !== 'failed') return;
    // The files shown were made with other options: they go, rather than
    // be taken for these options' files.
    s.phase = 'idle';
    out.push({ type: 'clearResult' }, { type: 'say', text: 'The options changed: make the files again to get them.' });
  },
};

/** Stops the fix under way, if any, with no word said. */
function stopFixing(s, out) {
  if (!s.fix) return;
  out.push({ type: 'cancelFix', id: s.fix.id }, { type: 'endFixing' });
  s.fix = null;
}

const announce = (text) => ({ type: 'announce', text });
