// The rules: the catalogue at the foot of the page, folded until asked for
// (every rule, what it means for the import, and how to fix what it finds),
// and a rule's explanation in place, in a dialog, from any link to it. A
// rule's address (#rule-CODE) opens the page at its catalogue entry.
import { $, counted, EFFECTS, severityBadge, withCode } from './shared.js';

/** Fills the catalogue with the rule table, and shows the rule the address names. */
export function showRuleCatalogue(rules) {
  const list = $('rule-list');
  list.replaceChildren();
  for (const rule of rules) {
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
  // The page was opened at a rule's address, or the address was changed to
  // one: unfold the catalogue and show the rule, now that it exists.
  showAddressedRule();
  window.addEventListener('hashchange', showAddressedRule);
}

function showAddressedRule() {
  if (!location.hash.startsWith('#rule-')) return;
  const entry = document.getElementById(location.hash.slice(1));
  if (!entry) return;
  $('rule-catalogue').open = true;
  entry.scrollIntoView();
}

/** A rule's explanation in place: every link to a rule (`#rule-CODE`, made
 * by `ruleLink`) opens it in a dialog over the page, which stays where it
 * was; closing it puts the focus back where it was. */
export class RuleDialog {
  /**
   * @param {object} parts
   * @param {{code: string, severity: string, effect: string, summary: string, help: string}[]} parts.rules the rule table
   * @param {(code: string) => number} parts.findingsOf how many findings of the rule the report shown has
   * @param {(code: string) => void} parts.onShowFindings shows them in the table
   */
  constructor({ rules, findingsOf, onShowFindings }) {
    Object.assign(this, { findingsOf, onShowFindings });
    this.rulesByCode = new Map(rules.map((rule) => [rule.code, rule]));
    this.dialog = $('rule-dialog');
    this.code = null; // the rule shown
    this.returnTo = null; // what has the focus back on close
    document.addEventListener('click', (event) => this.onClick(event));
    $('rule-dialog-close').addEventListener('click', () => this.dialog.close());
    $('rule-dialog-findings').addEventListener('click', () => {
      const code = this.code;
      this.returnTo = null; // the table takes the focus
      this.dialog.close();
      this.onShowFindings(code);
    });
    this.dialog.addEventListener('close', () => {
      if (this.returnTo?.isConnected) this.returnTo.focus({ preventScroll: true });
      this.returnTo = null;
    });
    // A click on the backdrop, outside the dialog's box, closes it too.
    this.dialog.addEventListener('click', (event) => {
      if (event.target === this.dialog && !insideBox(this.dialog, event)) this.dialog.close();
    });
  }

  onClick(event) {
    const link = event.target.closest?.('a[href^="#rule-"]');
    // A click with a modifier opens the rule's address in a new tab or window.
    if (!link || event.defaultPrevented || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    const code = link.getAttribute('href').slice('#rule-'.length);
    if (!this.rulesByCode.has(code)) return;
    event.preventDefault();
    // A table row's link is drawn again by the click that selects the row,
    // so the focus goes back to the table, which the row belongs to.
    const grid = event.composedPath().find((node) => node instanceof Element && node.getAttribute('role') === 'grid');
    this.open(code, grid ?? link);
  }

  /** Shows `code`'s explanation; on close, the focus goes to `returnTo`. */
  open(code, returnTo) {
    const rule = this.rulesByCode.get(code);
    this.code = code;
    this.returnTo = returnTo;
    const heading = $('rule-dialog-heading');
    heading.replaceChildren(Object.assign(document.createElement('code'), { textContent: code }));
    const effect = document.createElement('p');
    effect.append(severityBadge(rule.severity), ` ${capitalised(EFFECTS[rule.effect])}.`);
    const when = document.createElement('p');
    when.append(...withCode(rule.summary));
    const fixHeading = Object.assign(document.createElement('h3'), { textContent: 'How to fix' });
    const fix = document.createElement('p');
    fix.append(...withCode(rule.help));
    $('rule-dialog-body').replaceChildren(effect, when, fixHeading, fix);
    const findings = this.findingsOf(code);
    const button = $('rule-dialog-findings');
    button.hidden = findings === 0;
    button.textContent = `Show its ${counted(findings, 'finding')} in the table`;
    this.dialog.showModal();
  }
}

const capitalised = (text) => text[0].toUpperCase() + text.slice(1);

function insideBox(element, { clientX, clientY }) {
  const box = element.getBoundingClientRect();
  return clientX >= box.left && clientX <= box.right && clientY >= box.top && clientY <= box.bottom;
}
