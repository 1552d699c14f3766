// A Cognito user import CSV checker as a JavaScript user would write one
// for the browser: Papa Parse streaming a dropped File in chunks, in a Web
// Worker so that the page stays responsive.
//
// The benchmark's baseline (`npm run bench:compare`): the core of the rules
// in ../../../shared/spec (the dialect, the header, usernames, the verified
// flags, email, phone number, birthdate, booleans, MFA), with this project's
// rule codes so that the findings can be compared
// (tests/node/baselines.test.mjs does, on the fixtures of those rules).
//
// Messages in: { file, pool } (pool: settings over DEFAULT_POOL). Out:
// { type: 'ready' } once loaded; for a file, { type: 'findings', findings }
// after each chunk, then { type: 'done', users }, or { type: 'error', message }.
importScripts('../../node_modules/papaparse/papaparse.min.js');

const DEFAULT_POOL = {
  header: [
    'cognito:username', 'name', 'given_name', 'family_name', 'middle_name', 'nickname', 'preferred_username',
    'profile', 'picture', 'website', 'email', 'email_verified', 'gender', 'birthdate', 'zoneinfo', 'locale',
    'phone_number', 'phone_number_verified', 'address', 'updated_at', 'cognito:mfa_enabled',
  ],
  // Columns allowed but not required: developer-only attributes are added here.
  optionalColumns: ['password_hash'],
  // Boolean attributes beyond these three (custom ones) are added here.
  booleans: ['email_verified', 'phone_number_verified', 'cognito:mfa_enabled'],
  mfa: 'OPTIONAL',
  autoVerified: ['email', 'phone_number'],
  caseSensitive: false,
};

// One @, a local part of at most 64 characters without white space, and a
// domain of two or more dot-separated labels of at most 63 letters (with
// their marks), digits and hyphens, of any script.
const EMAIL = /^[^@\s]+@[\p{L}\p{M}\p{Nd}-]+(?:\.[\p{L}\p{M}\p{Nd}-]+)+$/u;
const PHONE = /^\+[0-9]{1,15}$/;
const BIRTHDATE = /^([0-9]{2})\/([0-9]{2})\/([0-9]{4})$/;
const USERNAME = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u;

const characters = (value) => [...value].length;
const parseBool = (value) => ({ true: true, false: false })[value.toLowerCase()];
const validEmail = (value) =>
  EMAIL.test(value) &&
  (value.length <= 254 || characters(value) <= 254) &&
  characters(value.split('@')[0]) <= 64 &&
  value.split('@')[1].split('.').every((label) => characters(label) <= 63);
/** What other tools write for true: a *_verified value so is invalid, but not also "not verified". */
const MEANT_TRUE = new Set(['1', 'yes', 'y', 't', 'vrai', 'wahr']);
const verifiedTrue = (value) => parseBool(value) || MEANT_TRUE.has(value.toLowerCase());

function validBirthdate(value) {
  const match = BIRTHDATE.exec(value);
  if (!match) return false;
  const [month, day, year] = match.slice(1).map(Number);
  if (year === 0) return false; // there was no year 0
  // setUTCFullYear, not Date.UTC, which reads years 0-99 as 1900-1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Joins the fields a split on commas cut at a `\,` escape, which Cognito reads as a comma. */
function unescape(fields) {
  const joined = [fields[0]];
  for (const field of fields.slice(1)) {
    const last = joined.length - 1;
    if (joined[last].endsWith('\\')) joined[last] = `${joined[last].slice(0, -1)},${field}`;
    else joined.push(field);
  }
  return joined;
}

class Checker {
  constructor(pool) {
    this.pool = pool;
    this.header = null;
    this.first = null;
    this.seenUsernames = new Map();
    this.users = 0;
    this.findings = [];
    this.errors = 0; // findings of severity error, to tell a failed line
  }

  add(line, column, code, message, severity = 'error') {
    if (severity === 'error') this.errors += 1;
    this.findings.push({ line, column, code, severity, message });
  }

  checkHeader(line, fields) {
    const names = fields.map((field) => field.trim());
    names.forEach((name, index) => {
      const position = index + 1;
      if (!name) this.add(line, null, 'header.empty_column', `header column ${position} has no name`);
      else if (names.indexOf(name) < index) this.add(line, name, 'header.duplicate_column', `header column ${position} "${name}" repeats an earlier one`);
      else if (!this.pool.header.includes(name) && !this.pool.optionalColumns.includes(name)) this.add(line, name, 'header.unknown_column', `header column ${position} "${name}" is not in the pool`);
    });
    for (const name of this.pool.header) {
      if (!names.includes(name)) this.add(line, name, 'header.missing_column', `the header has no column "${name}"`);
    }
    this.header = names;
    // The first column of each name is the one checks across columns read.
    this.first = new Map();
    names.forEach((name, index) => this.first.has(name) || this.first.set(name, index));
  }

  checkUser(line, fields) {
    this.users += 1;
    if (fields.length !== this.header.length) {
      this.add(line, null, 'row.field_count', `line ${line} has ${fields.length} fields but the header has ${this.header.length}`);
      return;
    }
    const errorsBefore = this.errors;
    const values = fields.map((field) => field.trim());
    const { booleans } = this.pool;
    this.header.forEach((name, index) => {
      const value = values[index];
      if (name === 'cognito:username') this.checkUsername(line, value);
      else if (!value) return;
      else if (name === 'email' && !validEmail(value)) this.add(line, name, 'email.invalid', `email "${value}" is not a valid address`);
      else if (name === 'phone_number' && !PHONE.test(value)) this.add(line, name, 'phone_number.invalid', `phone_number "${value}" is not + and 1 to 15 digits`);
      else if (name === 'birthdate' && !validBirthdate(value)) this.add(line, name, 'birthdate.invalid', `birthdate "${value}" is not a real mm/dd/yyyy date`);
      else if (booleans.includes(name) && parseBool(value) === undefined) this.add(line, name, 'boolean.invalid', `${name} is "${value}": write true or false`);
    });

    const first = (name) => (this.first.has(name) ? values[this.first.get(name)] : '');
    const email = first('email');
    const phone = first('phone_number');
    const emailVerified = verifiedTrue(first('email_verified'));
    const phoneVerified = verifiedTrue(first('phone_number_verified'));
    if (emailVerified && !email) this.add(line, 'email', 'email.required', 'email_verified is true but email is empty');
    if (phoneVerified && !phone) this.add(line, 'phone_number', 'phone_number.required', 'phone_number_verified is true but phone_number is empty');
    const auto = this.pool.autoVerified;
    if (auto.includes('email') && auto.includes('phone_number')) {
      if (!emailVerified && !phoneVerified) {
        this.add(line, null, 'verified.none', 'The User Record does not set any of the auto verified attributes to true. (Example: email_verified to true).');
      }
    } else if (auto.length > 0) {
      const [attribute] = auto;
      const verified = attribute === 'email' ? emailVerified : phoneVerified;
      if (!verified) this.add(line, `${attribute}_verified`, 'verified.required', `${attribute}_verified must be true: the pool auto-verifies ${attribute}`);
    }
    const mfa = parseBool(first('cognito:mfa_enabled'));
    if ((mfa === true && this.pool.mfa === 'OFF') || (mfa === false && this.pool.mfa === 'ON')) {
      this.add(line, 'cognito:mfa_enabled', 'mfa.conflict', `cognito:mfa_enabled contradicts the pool's MFA (${this.pool.mfa})`);
    }
    if (mfa && !email && !phone) {
      this.add(line, 'cognito:mfa_enabled', 'mfa.no_factor', 'cognito:mfa_enabled is true but the user has neither phone_number nor email', 'warning');
    }

    const username = first('cognito:username');
    if (username) {
      const key = this.pool.caseSensitive ? username : username.toLowerCase();
      if (this.seenUsernames.has(key)) {
        this.add(line, 'cognito:username', 'username.duplicate', `cognito:username "${username}" repeats line ${this.seenUsernames.get(key)}: Cognito skips it`);
      } else if (this.errors === errorsBefore) {
        // A user that would be imported takes the username.
        this.seenUsernames.set(key, line);
      }
    }
  }

  checkUsername(line, value) {
    if (!value) {
      this.add(line, 'cognito:username', 'username.missing', 'cognito:username is empty');
      return;
    }
    if (!USERNAME.test(value)) this.add(line, 'cognito:username', 'username.invalid_character', `cognito:username "${value}" has a character usernames may not contain`);
    if (value.length > 128 && characters(value) > 128) this.add(line, 'cognito:username', 'username.too_long', `cognito:username "${value}" is longer than 128 characters`);
  }

  checkRow(line, fields) {
    if (fields.length === 1 && !fields[0].trim()) {
      // Blank lines in a row are one finding, at the first.
      if (this.lastBlank !== line - 1) this.add(line, null, 'line.blank', `line ${line} is blank`, 'warning');
      this.lastBlank = line;
      return;
    }
    if (fields.some((field) => field.endsWith('\\'))) fields = unescape(fields);
    if (this.header === null) this.checkHeader(line, fields);
    else this.checkUser(line, fields);
  }

  takeFindings() {
    const { findings } = this;
    this.findings = [];
    return findings;
  }
}

self.onmessage = ({ data: { file, pool } }) => {
  const checker = new Checker({ ...DEFAULT_POOL, ...pool });
  let line = 0;
  // A file that ends with a line break gives one last, empty row, which is
  // not a line: an empty row is checked once the next one shows it is not
  // the last.
  let emptyRowLine = 0;
  Papa.parse(file, {
    delimiter: ',',
    // Cognito has no quoting: split on every comma and line break.
    fastMode: true,
    skipEmptyLines: false,
    chunk({ data }) {
      for (const fields of data) {
        line += 1;
        if (emptyRowLine) checker.checkRow(emptyRowLine, ['']);
        emptyRowLine = fields.length === 1 && fields[0] === '' ? line : 0;
        if (!emptyRowLine) checker.checkRow(line, fields);
      }
      self.postMessage({ type: 'findings', findings: checker.takeFindings() });
    },
    complete() {
      self.postMessage({ type: 'done', users: checker.users });
    },
    error(error) {
      self.postMessage({ type: 'error', message: String(error?.message ?? error) });
    },
  });
};
self.postMessage({ type: 'ready' });
