// What the page's modules share: numbers and sizes in words, text from the
// file made safe to show, and the small elements that name a rule. Pure,
// but for the element builders, which touch `document` only when called.

const numberFormat = new Intl.NumberFormat('en-US');

/** A count as the page writes it: "12,345". */
export const count = (n) => numberFormat.format(n);

/** `n` and a noun, singular or plural ("1 user", "2 users"). */
export const counted = (n, noun, plural = `${noun}s`) => `${count(n)} ${n === 1 ? noun : plural}`;

/** A file's size: "12 kB" under a megabyte, "1.5 MB" from there. */
export function megabytes(bytes) {
  if (bytes < 1e6) return `${count(Math.ceil(bytes / 1e3))} kB`;
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/** Control characters made visible as the engine's messages write them
 * (`\u{1b}`): in a value they would otherwise vanish or garble the row. */
export function visible(text) {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (character) => `\\u{${character.charCodeAt(0).toString(16)}}`);
}

/** What each rule's effect does, in words. */
export const EFFECTS = {
  failsJob: 'fails the whole job',
  failsLine: 'fails the line',
  skipsLine: 'skips the line',
  none: 'changes nothing (a warning)',
};

export const $ = (id) => document.getElementById(id);

/** A help text's `code` spans as <code> elements; the rest as text. */
export function withCode(text) {
  return text.split('`').map((part, index) => (index % 2 === 1 ? Object.assign(document.createElement('code'), { textContent: part }) : part));
}

export function severityBadge(severity) {
  const badge = document.createElement('span');
  badge.className = `badge ${severity}`;
  badge.textContent = severity;
  return badge;
}

export function severityDot(severity) {
  const dot = document.createElement('span');
  dot.className = `dot ${severity}`;
  dot.setAttribute('aria-label', severity);
  dot.setAttribute('role', 'img');
  return dot;
}

/** A link to a rule: it opens the rule's explanation in place
 * (rule-catalogue.js); its address is the rule's catalogue entry. */
export function ruleLink(code) {
  const link = document.createElement('a');
  link.href = `#rule-${code}`;
  link.textContent = code;
  return link;
}

/** A message element (#file-message, #export-message) set to `text`, hidden when empty. */
export function setMessage(element, text, kind = 'info') {
  element.hidden = !text;
  element.textContent = text;
  element.className = `message ${kind}`;
}

/** Copies the commands in `source` (an element) to the clipboard and says
 * so in `message`; where the browser refuses, selects them for Ctrl+C. */
export async function copyCommands(source, message) {
  message.hidden = false;
  try {
    await navigator.clipboard.writeText(source.textContent);
    message.textContent = 'Copied.';
  } catch {
    getSelection().selectAllChildren(source);
    message.textContent = 'The browser did not let the page copy: the commands are selected, copy them with Ctrl+C (⌘C).';
  }
}
