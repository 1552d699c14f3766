// Files made to be cut into parts (validate() on every core), for the
// tests of parts.test.mjs, browser-parts.test.mjs and page-parts.test.mjs.
// Plain JavaScript with no imports: the browser tests load it in a page.

/** A small seeded generator (mulberry32). */
export function seeded(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** Where validate() cuts a file of `length` bytes into `count` parts (the
 * engine's partStarts: equal parts, each at least 4 MiB). */
export function cutsOf(length, count) {
  const parts = Math.max(1, Math.min(count, Math.floor(length / (4 << 20))));
  return Array.from({ length: parts }, (_, part) => Math.floor(length / parts) * part).slice(1);
}

/**
 * A CSV of users under `header` (column names), exactly `bytes` long, as
 * bytes. Usernames are drawn from `names` values, emails and preferred
 * usernames from 4 times as many (in any case): they repeat across the
 * file, and so across the cuts; and a share `repeats` of the lines repeats
 * an earlier line. A share `mistakes` of the lines has a mistake (a bad email, a bad
 * boolean, no username, a field too many, CRLF, blank lines), so that a
 * line that fails frees its username for a later one. At each place where
 * `validate()` cuts the file into 2, 3 or 4 parts, the file has one of:
 * a line that starts at the cut, a line break at the cut, a CRLF split by
 * it, a run of blank lines over it, an earlier line repeated across it.
 * The last line has no line break.
 */
export function usersFile({ header, bytes, seed = 1, mistakes = 0.1, names = 100_000, repeats = 0.03, unicode = true }) {
  const random = seeded(seed);
  const pick = (values) => values[Math.floor(random() * values.length)];
  const encoder = new TextEncoder();
  const chunks = [];
  const lines = []; // earlier user lines, to repeat
  let length = 0;
  const add = (text) => {
    const encoded = encoder.encode(text);
    chunks.push(encoded);
    length += encoded.length;
    return encoded.length;
  };
  const cuts = [...new Set([2, 3, 4].flatMap((count) => cutsOf(bytes, count)))].sort((a, b) => a - b);
  const casing = (text) => (random() < 0.1 ? text.toUpperCase() : text);
  const given = unicode ? ['Ana', 'Bruno', 'Zoë', 'Jörg', '小明', 'Chloé', 'Ðorđe'] : ['Ana', 'Bruno', 'Zoe', 'Jorg', 'Carla'];

  /** A user line's fields (a mistake in it, maybe), with `name` as its name. */
  function fields(name) {
    const user = Math.floor(random() * names);
    const wrong = random() < mistakes ? Math.floor(random() * 5) : -1;
    return header.map((column) => {
      switch (column) {
        case 'cognito:username':
          return wrong === 0 ? '' : casing(`user${user}`);
        case 'email':
          return wrong === 1 ? `user${user}.example.com` : casing(`mail${Math.floor(random() * names * 4)}@example.com`);
        case 'email_verified':
          return wrong === 2 ? 'yes' : pick(['true', 'TRUE', 'True']);
        case 'preferred_username':
          return random() < 0.2 ? casing(`nick${Math.floor(random() * names * 4)}`) : '';
        case 'phone_number_verified':
        case 'cognito:mfa_enabled':
          return 'false';
        case 'given_name':
          return wrong === 4 ? ` ${pick(given)}` : pick(given);
        case 'name':
          return name;
        case 'updated_at':
          return random() < 0.5 ? String(1_600_000_000 + Math.floor(random() * 1e8)) : '';
        default:
          return '';
      }
    }).concat(wrong === 3 ? ['extra'] : []);
  }

  function userLine(name = pick(given)) {
    const text = fields(name).join(',');
    lines.push(text);
    return text;
  }

  /** A user line ending (its `terminator` included) exactly at `end`,
   * its name made as long as that takes. */
  function lineEndingAt(end, terminator = '\n') {
    const values = fields('');
    const pad = end - length - encoder.encode(values.join(',') + terminator).length;
    if (pad < 0) throw new Error(`usersFile: no room for a line before ${end}`);
    values[header.indexOf('name')] = 'x'.repeat(pad);
    add(values.join(',') + terminator);
  }

  add(`${header.join(',')}\n`);
  let construct = 0;
  while (length < bytes - 1200) {
    const cut = cuts.find((offset) => offset > length);
    if (cut !== undefined && cut - length < 1200) {
      // The line to come would get near a cut: put one of the cases on it.
      switch (construct++ % 5) {
        case 0: // a line starts at the cut, repeating an earlier one
          lineEndingAt(cut);
          add(`${pick(lines)}\n`);
          break;
        case 1: // the line break is at the cut
          lineEndingAt(cut + 1);
          break;
        case 2: // a CRLF split by the cut
          lineEndingAt(cut + 1, '\r\n');
          break;
        case 3: // blank lines over the cut
          lineEndingAt(cut - 2);
          add('\n\n\r\n\n');
          break;
        default: // an earlier line, repeated across the cut
          lineEndingAt(cut - 20);
          add(`${pick(lines.filter((line) => line.length > 40))}\n`);
      }
      continue;
    }
    const roll = random();
    if (roll < mistakes * 0.1) add('\n\n');
    else if (roll < mistakes * 0.2) add(`${userLine()}\r\n`);
    else if (roll < mistakes * 0.2 + repeats) add(`${pick(lines.length > 0 ? lines : [userLine()])}\n`);
    else add(`${userLine()}\n`);
  }
  lineEndingAt(bytes, '');
  const file = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    file.set(chunk, at);
    at += chunk.length;
  }
  if (file.length !== bytes) throw new Error(`usersFile: ${file.length} bytes, not ${bytes}`);
  return file;
}
