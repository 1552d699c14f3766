// Next steps, under the verdict: what to do with the file now. When every
// user would be imported, the commands that import it (the package's
// importCommands, which also writes a fix's next steps); when users or
// the job would fail, the way to "Make it importable" and the findings
// export.
import { $, copyCommands, count, counted, withCode } from './shared.js';
import { verdictKind } from './summary.js';

/** Which next steps an outcome gets: 'import' (every user would be
 * imported: the commands), 'fix' (users or the job would fail), or null
 * (a file with no users has nothing to import). */
export function nextStepsKind(outcome) {
  if (outcome.job !== 'fails' && outcome.users === 0) return null;
  return verdictKind(outcome) === 'succeeds' ? 'import' : 'fix';
}

/** What the import commands leave to fill in, for a pool with or without
 * an id (`code` in backticks, as withCode shows it). */
export function importHint(pool) {
  const poolId = pool.userPoolId ? '' : ' `POOL_ID` (give the pool above to have it filled in),';
  return `Every user would be imported: import the file with the AWS CLI, from the folder it is in. Fill in what is in capitals: \`ROLE_ARN\` (a role that lets Cognito write to CloudWatch Logs),${poolId} then the job's \`JOB_ID\` and \`PRE_SIGNED_URL\`.`;
}

/** What to do when users or the job would fail. */
export function fixAdvice(outcome) {
  const fate =
    outcome.job === 'fails'
      ? 'Nobody would be imported until the errors above are fixed.'
      : `${counted(outcome.failed + outcome.skipped, 'user')} of ${count(outcome.users)} would not be imported.`;
  return `${fate} “Make it importable” writes the users it can fix into files Cognito imports, and the others into rejects.csv with why. Or correct the file where it was made, line by line from the findings.`;
}

export class NextSteps {
  /**
   * @param {object} parts
   * @param {(fileName: string, users: number, pool: object) => string[]} parts.importCommands the package's
   * @param {() => void} parts.onExportFindings the findings export's button
   */
  constructor({ importCommands, onExportFindings }) {
    this.importCommands = importCommands;
    $('next-copy').addEventListener('click', () => copyCommands($('next-commands'), $('next-copy-message')));
    // The panel is below the table: focus takes the reader there.
    $('next-go-fix').addEventListener('click', () => $('fix-heading').focus());
    $('next-export').addEventListener('click', onExportFindings);
  }

  show({ file, report }) {
    const kind = nextStepsKind(report.outcome);
    $('next-steps').hidden = kind === null;
    $('next-import').hidden = kind !== 'import';
    $('next-fix').hidden = kind !== 'fix';
    $('next-copy-message').hidden = true;
    if (kind === 'import') {
      $('next-import-hint').replaceChildren(...withCode(importHint(report.pool)));
      $('next-commands').textContent = this.importCommands(file.name, report.outcome.users, report.pool).join('\n');
    } else if (kind === 'fix') {
      $('next-fix-text').textContent = fixAdvice(report.outcome);
    }
  }

  /** While a file is read, the export waits (as the other exports do). */
  setBusy(busy) {
    $('next-export').disabled = busy;
  }
}
