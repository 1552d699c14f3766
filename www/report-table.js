// The report table: the findings line by line, filtered by rule, severity
// and line status over the findings' columns, drawn a screenful at a time
// (table.js); the selected finding's details, whole, beside the table on a
// wide screen and under it on a narrow one; "go to line"; and the switch
// that hides the file's values. A finding's words are rendered only for the
// rows in view and the details.
import { VirtualTable } from './table.js';
import { $, count, counted, EFFECTS, ruleLink, severityDot, visible, withCode } from './shared.js';
import { statusName, statusOf } from './findings.js';

/** A finding's line status in the table's words. */
export const STATUS_WORDS = {
  failed: 'fails',
  skipped: 'skipped',
  imported: 'imported',
  header: 'header',
  blank: 'blank line',
  file: 'file',
};

/** For each rule, by its place in the rule table: whether its findings
 * pass the rule and severity filters ('' lets every one pass). */
export function rulePasses(rules, { rule, severity }) {
  return rules.map(({ code, severity: level }) => (!rule || code === rule) && (!severity || level === severity));
}

/** The places of the findings that pass the filters: their rule passes
 * (`passes`, from rulePasses), and their status is `status` (-1 for any). */
export function filterFindings({ codes, statuses, length }, passes, status) {
  const filtered = new Uint32Array(length);
  let size = 0;
  for (let index = 0; index < length; index += 1) {
    if (!passes[codes[index]]) continue;
    if (status >= 0 && statuses[index] !== status) continue;
    filtered[size++] = index;
  }
  return filtered.subarray(0, size);
}

/** The text over the table: how many findings it shows of how many. */
export function rowCountText(shown, total) {
  return shown === total ? `${counted(total, 'finding')}.` : `${count(shown)} of ${counted(total, 'finding')} match the filters.`;
}

/** Where in `filtered` the first finding on `line` or after it is, -1 for
 * none (`lines`: each finding's line, -1 for none). */
export function findLine(lines, filtered, line) {
  for (let index = 0; index < filtered.length; index += 1) {
    if (lines[filtered[index]] >= line) return index;
  }
  return -1;
}

/** What "go to line" says: `found` is the line of the finding it went to
 * (null for none); `filtering` tells whether filters hide findings. */
export function jumpMessage(line, found, filtering) {
  const matching = filtering ? ' that matches the filters' : '';
  if (found === null) return `No finding on line ${count(line)} or after it${matching}.`;
  if (found === line) return `Line ${count(line)}.`;
  return `Line ${count(line)} has no finding${matching}: the next one is on line ${count(found)}.`;
}

/** The message shown, or with values hidden the rule's summary: a message
 * quotes the offending value, and its fix may spell it again ("write it as
 * …"). Header and file messages only name columns, and stay. */
export function shownMessage(finding, status, hideValues, rule) {
  if (!hideValues || status === 'header' || status === 'file') return finding.message;
  return rule.summary.replaceAll('`', '');
}

/** Where the finding is, as the details say it. */
export function whereText(finding, status) {
  return [
    finding.line === null ? 'The whole file or the pool' : `Line ${count(finding.line)}`,
    finding.column ? `column ${finding.column}` : null,
    `line status: ${STATUS_WORDS[status]}`,
  ]
    .filter(Boolean)
    .join(' · ');
}

export class ReportTable {
  /**
   * @param {object} parts
   * @param {{code: string, severity: string, effect: string, summary: string, help: string}[]} parts.rules the rule table, in order
   * @param {string[]} parts.lineStatuses the package's
   */
  constructor({ rules, lineStatuses }) {
    this.rules = rules;
    this.rulesByCode = new Map(rules.map((rule) => [rule.code, rule]));
    this.lineStatuses = lineStatuses;
    this.result = null; // {report, findings} shown
    this.filtered = new Uint32Array(0); // places of the findings shown, in order
    this.table = new VirtualTable({
      grid: $('grid'),
      viewport: $('viewport'),
      canvas: $('canvas'),
      rows: $('rows'),
      fillRow: (row, index) => this.fillRow(row, index),
      onActivate: (index) => {
        this.showDetails(index);
        this.keepDetailsInView();
      },
    });
    for (const id of ['filter-rule', 'filter-severity', 'filter-status']) $(id).addEventListener('change', () => this.applyFilters());
    $('hide-values').addEventListener('change', () => {
      this.table.refresh();
      if (this.table.active >= 0) this.showDetails(this.table.active);
    });
    $('jump').addEventListener('submit', (event) => {
      event.preventDefault();
      this.jumpToLine(Number($('jump-line').value));
    });
  }

  show(result) {
    this.result = result;
    this.fillRuleFilter();
    $('report').hidden = result.findings.length === 0;
    this.applyFilters();
  }

  hide() {
    this.result = null;
    this.filtered = new Uint32Array(0);
    this.table.setCount(0);
    this.showDetails(-1);
    $('report').hidden = true;
  }

  fillRuleFilter() {
    const select = $('filter-rule');
    const chosen = select.value;
    const { countsByCode } = this.result.report;
    select.replaceChildren(new Option('all rules', ''));
    for (const [code, number] of Object.entries(countsByCode)) select.append(new Option(`${code} (${count(number)})`, code));
    select.value = countsByCode[chosen] ? chosen : '';
  }

  /** Shows the findings of one rule or status (from the summary), from the top. */
  setFilters({ rule = '', severity = '', status = '' }) {
    $('filter-rule').value = rule;
    $('filter-severity').value = severity;
    $('filter-status').value = status;
    this.applyFilters();
    $('report').scrollIntoView({ block: 'start' });
    $('grid').focus({ preventScroll: true });
  }

  applyFilters() {
    if (!this.result) return;
    const { findings } = this.result;
    const passes = rulePasses(this.rules, { rule: $('filter-rule').value, severity: $('filter-severity').value });
    const status = $('filter-status').value;
    this.filtered = filterFindings(findings, passes, status ? statusOf(this.lineStatuses, status) : -1);
    $('row-count').textContent = rowCountText(this.filtered.length, findings.length);
    $('jump-message').hidden = true;
    this.table.setCount(this.filtered.length);
    this.showDetails(-1);
  }

  /** Row `index` of the table: the finding and its line status. */
  rowAt(index) {
    const { findings } = this.result;
    const place = this.filtered[index];
    return { finding: findings.get(place), status: statusName(this.lineStatuses, findings.statuses[place]) };
  }

  fillRow(row, index) {
    const { finding, status } = this.rowAt(index);
    const [line, statusCell, column, code, message, value] = row.children;
    line.textContent = finding.line === null ? '—' : count(finding.line);
    statusCell.textContent = STATUS_WORDS[status];
    statusCell.className = `status ${status}`;
    column.textContent = finding.column ?? '';
    const link = ruleLink(finding.code);
    link.tabIndex = -1; // The grid is one Tab stop; its rows' links are for the mouse.
    code.replaceChildren(severityDot(finding.severity), link);
    message.textContent = shownMessage(finding, status, hidingValues(), this.rulesByCode.get(finding.code));
    setValue(value, finding.value);
  }

  showDetails(index) {
    const body = $('details-body');
    if (index < 0 || !this.result) {
      body.replaceChildren(Object.assign(document.createElement('p'), { textContent: 'Select a finding in the table to read it whole, with how to fix it.' }));
      return;
    }
    const { finding, status } = this.rowAt(index);
    const rule = this.rulesByCode.get(finding.code);
    const where = document.createElement('p');
    where.className = 'details-where';
    where.textContent = whereText(finding, status);
    const message = document.createElement('p');
    message.className = 'details-message';
    message.textContent = shownMessage(finding, status, hidingValues(), rule);
    const list = document.createElement('dl');
    // The fix first, by the message: a long value would push it out of view.
    addTerm(list, 'How to fix', (dd) => dd.append(...withCode(rule.help)));
    if (finding.value !== null) addTerm(list, 'Value', (dd) => setValue(dd, finding.value));
    addTerm(list, 'Rule', (dd) => dd.append(ruleLink(finding.code), ` — ${rule.severity}, ${EFFECTS[rule.effect]}. `, ...withCode(rule.summary)));
    body.replaceChildren(where, message, list);
  }

  /** Beside the table (a wide window), the details are brought into the
   * window with the row they explain when part of them is out of it. Under
   * the table (a narrow one), the page stays where the reader put it. */
  keepDetailsInView() {
    const details = $('details');
    const box = details.getBoundingClientRect();
    const beside = box.top < $('grid').getBoundingClientRect().bottom;
    if (beside && (box.top < 0 || box.bottom > window.innerHeight)) details.scrollIntoView({ block: 'nearest' });
  }

  jumpToLine(line) {
    if (!this.result || !Number.isInteger(line) || line < 1) return;
    const { findings } = this.result;
    const target = findLine(findings.lines, this.filtered, line);
    const message = $('jump-message');
    message.hidden = false;
    message.textContent = jumpMessage(line, target < 0 ? null : findings.line(this.filtered[target]), this.filtered.length < findings.length);
    if (target >= 0) this.table.activate(target, { focus: true });
  }
}

const hidingValues = () => $('hide-values').checked;

function setValue(element, value) {
  const hidden = hidingValues() && value !== null;
  element.classList.toggle('hidden-value', hidden);
  element.textContent = hidden ? 'hidden' : visible(value ?? '');
}

function addTerm(list, term, fill) {
  const dt = document.createElement('dt');
  dt.textContent = term;
  const dd = document.createElement('dd');
  fill(dd);
  list.append(dt, dd);
}
