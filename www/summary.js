// The summary of a report: the verdict, the outcome in numbers, the
// findings counted by rule (most first), and the notes. Its outcome's
// numbers are buttons that set the report table's filters; a rule's name
// opens its explanation (rule-catalogue.js), which shows its findings.
import { $, count, counted, megabytes, ruleLink, severityBadge, withCode } from './shared.js';
import { statusOf } from './findings.js';
import { HEADER_RULES, headerBlock, headerComparison } from './header-block.js';

/** A failed job's verdict lists this many of the findings that fail it
 * (besides those of the header, shown as one block). */
export const JOB_FINDINGS_LISTED = 20;

/** The verdict's kind, as its class: 'fails', 'partial' or 'succeeds'. */
export function verdictKind({ job, failed, skipped }) {
  if (job === 'fails') return 'fails';
  return failed + skipped > 0 ? 'partial' : 'succeeds';
}

/** Cognito's last line of a job where too many users fail or are skipped. */
const TOO_MANY_FAILED = 'Too many users have failed or been skipped during the import.';

/** The verdict's first line, with the sentence Cognito would most likely
 * end a job that runs with. */
export function verdictHeading(outcome) {
  if (outcome.job === 'fails') return 'The import job would fail: nobody would be imported. Fix these first:';
  if (outcome.completion === TOO_MANY_FAILED) {
    return `The import job would run, but more than half of its users would fail or be skipped, and Cognito would most likely end it Failed (“${TOO_MANY_FAILED}”); the users it imports stay imported.`;
  }
  const ending = ` It would end “${outcome.completion}”`;
  if (outcome.failed + outcome.skipped > 0) return `The import job would run, but not every user would be imported.${ending}`;
  return outcome.users === 0 ? 'The import job would run, but the file has no users.' : `The import job would run, and every user would be imported.${ending}`;
}

/** The verdict in one sentence, for screen readers. */
export function verdictSentence({ outcome, countsByCode }) {
  const findings = Object.values(countsByCode).reduce((sum, number) => sum + number, 0);
  const verdict =
    outcome.job === 'fails'
      ? 'The import job would fail: nobody would be imported.'
      : `The import job would run: ${counted(outcome.imported, 'user')} imported, ${count(outcome.failed)} failed, ${count(outcome.skipped)} skipped${outcome.completion === TOO_MANY_FAILED ? ', and it would most likely end Failed' : ''}.`;
  return `${verdict} ${counted(findings, 'finding')}.`;
}

/** The line under the heading: the file, its size, and the time taken
 * (a small file's, which rounds to 0.0 s, as under 0.1 s). */
export function fileLine(fileName, report, seconds) {
  const shown = seconds.toFixed(1);
  const time = shown === '0.0' ? 'under 0.1 s' : `${shown} s`;
  return `${fileName}: ${megabytes(report.file.bytes)}, ${counted(report.file.lines, 'line')}, ${counted(report.outcome.users, 'user')}, read in ${time}.`;
}

/** The rules a report found, as [code, findings], most findings first;
 * ties in the rule table's order (`rules`). */
export function rulesByFindings(countsByCode, rules) {
  const place = new Map(rules.map((rule, index) => [rule.code, index]));
  return Object.entries(countsByCode).sort(([first, firstCount], [second, secondCount]) => secondCount - firstCount || place.get(first) - place.get(second));
}

/** The outcome's items: [label, number, line status its findings have ('' for none)]. */
export function outcomeItems(outcome) {
  return [
    [outcome.users === 1 ? 'user' : 'users', outcome.users, ''],
    ['would be imported', outcome.imported, 'imported'],
    ['would fail', outcome.failed, 'failed'],
    ['would be skipped (a username imported earlier, or already in the pool)', outcome.skipped, 'skipped'],
  ];
}

export class Summary {
  /**
   * @param {object} parts
   * @param {{code: string, severity: string, effect: string, summary: string}[]} parts.rules the rule table, in order
   * @param {string[]} parts.lineStatuses the package's
   * @param {(filters: {status: string}) => void} parts.onFilter shows the findings of a line status in the table
   */
  constructor({ rules, lineStatuses, onFilter }) {
    Object.assign(this, { rules, lineStatuses, onFilter });
    this.rulesByCode = new Map(rules.map((rule) => [rule.code, rule]));
  }

  show({ file, report, findings, seconds }) {
    $('summary').hidden = false;
    $('skip-to-report').hidden = false;
    $('summary-file').textContent = fileLine(file.name, report, seconds);
    const fails = report.outcome.job === 'fails';
    this.showVerdict(report, findings);

    const statusCounts = findings.countByStatus();
    const outcome = $('outcome');
    outcome.replaceChildren();
    for (const [label, value, status] of outcomeItems(report.outcome)) {
      const item = document.createElement('li');
      const number = document.createElement('strong');
      number.textContent = count(value);
      item.append(number, ` ${label}`);
      const shown = status ? statusCounts[statusOf(this.lineStatuses, status)] : 0;
      if (shown > 0 && !fails) item.append(' ', filterButton(`show their ${counted(shown, 'finding')}`, () => this.onFilter({ status })));
      outcome.append(item);
    }

    const body = $('rule-counts').querySelector('tbody');
    body.replaceChildren();
    const counts = rulesByFindings(report.countsByCode, this.rules);
    $('rule-counts').hidden = counts.length === 0;
    $('rule-counts-hint').hidden = counts.length === 0;
    $('no-findings').hidden = counts.length > 0;
    for (const [code, number] of counts) {
      const rule = this.rulesByCode.get(code);
      const row = document.createElement('tr');
      // The row's one control: the rule's explanation, which shows its findings.
      const codeCell = document.createElement('td');
      codeCell.append(ruleLink(code));
      const severity = document.createElement('td');
      severity.append(severityBadge(rule.severity));
      const numberCell = document.createElement('td');
      numberCell.className = 'number';
      numberCell.textContent = count(number);
      const when = document.createElement('td');
      when.append(...withCode(rule.summary));
      row.append(codeCell, severity, numberCell, when);
      body.append(row);
    }

    $('notes').replaceChildren(...report.notes.map((note) => Object.assign(document.createElement('li'), { textContent: note })));
  }

  /** The verdict; a failed job's lists the findings that fail it, those
   * of the header as one block. */
  showVerdict({ outcome, pool, file }, findings) {
    const verdict = $('verdict');
    verdict.className = `verdict ${verdictKind(outcome)}`;
    const heading = document.createElement('p');
    heading.className = 'verdict-heading';
    heading.textContent = verdictHeading(outcome);
    const reasons = document.createElement('ul');
    const headerFindings = [];
    if (outcome.job === 'fails') {
      let jobFindings = 0;
      for (let index = 0; index < findings.length; index += 1) {
        const rule = this.rules[findings.codes[index]];
        if (rule.effect !== 'failsJob') continue;
        if (HEADER_RULES.has(rule.code)) {
          headerFindings.push(findings.get(index));
          continue;
        }
        jobFindings += 1;
        if (jobFindings > JOB_FINDINGS_LISTED) continue;
        const finding = findings.get(index);
        const item = document.createElement('li');
        item.append(ruleLink(finding.code), ' ', finding.line === null ? '' : `line ${count(finding.line)}: `, finding.message);
        reasons.append(item);
      }
      if (jobFindings > JOB_FINDINGS_LISTED) {
        const more = document.createElement('li');
        more.textContent = `and ${counted(jobFindings - JOB_FINDINGS_LISTED, 'more finding')} of this kind, in the table below.`;
        reasons.append(more);
      }
    }
    const block = headerFindings.length > 0 ? [headerBlock(headerComparison(file.header, pool.header, headerFindings), pool, file.headerLine)] : [];
    verdict.replaceChildren(heading, ...block, reasons);
  }

  hide() {
    $('summary').hidden = true;
    $('skip-to-report').hidden = true;
  }
}

function filterButton(text, onClick) {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'link-button';
  button.textContent = text;
  button.addEventListener('click', onClick);
  return button;
}
