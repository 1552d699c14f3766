// The rule catalogue at the foot of the page: every rule, what it means for
// the import, and how to fix what it finds. Findings link to their rule's
// entry (#rule-CODE).
import { $, EFFECTS, severityBadge, withCode } from './shared.js';

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
  // The page was opened at a rule's address: show it now that it exists.
  if (location.hash.startsWith('#rule-')) document.getElementById(location.hash.slice(1))?.scrollIntoView();
}
