// Types of the cognito-csv-validator package (browsers and Node alike).

/** A rule's stable code: the rule table's, as `rules()` gives it. */
export type RuleCode =
  // rule-codes:start (checked against rules() by scripts/finish-package.mjs)
  | 'file.empty'
  | 'file.bom'
  | 'file.not_utf8'
  | 'file.too_large'
  | 'file.too_many_users'
  | 'line.too_long'
  | 'header.unknown_column'
  | 'header.missing_column'
  | 'header.duplicate_column'
  | 'header.empty_column'
  | 'pool.no_auto_verified'
  | 'header.missing_password_hash'
  | 'row.field_count'
  | 'username.missing'
  | 'username.invalid_character'
  | 'username.too_long'
  | 'username.duplicate'
  | 'username.alias_format'
  | 'verified.none'
  | 'verified.required'
  | 'boolean.invalid'
  | 'email.required'
  | 'phone_number.required'
  | 'email.invalid'
  | 'phone_number.invalid'
  | 'mfa.missing'
  | 'mfa.conflict'
  | 'attribute.required'
  | 'birthdate.invalid'
  | 'updated_at.invalid'
  | 'number.invalid'
  | 'number.out_of_range'
  | 'value.too_long'
  | 'value.too_short'
  | 'alias.duplicate'
  | 'password_hash.malformed'
  | 'password_hash.out_of_bounds'
  | 'password_hash.algorithm_mismatch'
  | 'password_hash.no_algorithm'
  | 'value.quoted'
  | 'value.whitespace'
  | 'value.backslash'
  | 'value.placeholder'
  | 'line.blank'
  | 'header.whitespace'
  | 'updated_at.milliseconds'
  | 'password_hash.empty'
  | 'mfa.no_factor'
  | 'job.many_failed';
// rule-codes:end

/** `error` findings fail the job, a line, or skip a line; `warning`s change nothing. */
export type Severity = 'error' | 'warning';

/** What a finding of a rule does to the import. */
export type Effect = 'failsJob' | 'failsLine' | 'skipsLine' | 'none';

/** One rule of the table. */
export interface Rule {
  code: RuleCode;
  severity: Severity;
  effect: Effect;
  /** One sentence: when the rule reports. */
  summary: string;
  /** How to fix what it reports (Markdown inline code in backticks). */
  help: string;
}

/** One problem found, on a line of the file or in the pool. */
export interface Finding {
  /** The 1-based physical line (the header is line 1), or null for the pool or the whole file. */
  line: number | null;
  /** The header name of the column the finding is about, if any. */
  column: string | null;
  code: RuleCode;
  severity: Severity;
  /** What is wrong, where, and how to fix it. */
  message: string;
  /** The offending value (trimmed, shortened), when there is one to show; never a password hash. */
  value: string | null;
  /** The value (or column name) to write instead, when it is certain. */
  suggested: string | null;
}

/** A line's predicted status; `header` and `blank` lines are no users. */
export type LineStatus = 'header' | 'blank' | 'imported' | 'failed' | 'skipped';

/**
 * What a validator completed since it was last taken, in columns, for a
 * caller that keeps many findings and shows a few (a page's table):
 * findings without their words, which `renderFinding()` gives.
 */
export interface Batch {
  /** Each finding's line, -1 for none. */
  lines: Float64Array;
  /** Each finding's rule, as its place in `rules()`. */
  codes: Uint8Array;
  /** The status of each finding's line, as its place in `lineStatuses()`; 255 for none. */
  statuses: Uint8Array;
  /** Each finding's data, end to end: `data.subarray(ends[i - 1] ?? 0, ends[i])` is finding i's, for `renderFinding()`. */
  data: Uint8Array;
  ends: Uint32Array;
  /** The statuses of the lines completed, run-length encoded from line `first`. */
  lineStatuses: {
    first: number;
    /** Each run's status, as its place in `lineStatuses()`. */
    statuses: Uint8Array;
    /** Each run's number of lines. */
    counts: Float64Array;
  };
}

export type Mfa = 'OFF' | 'ON' | 'OPTIONAL';
export type Verifiable = 'email' | 'phone_number';
export type HashAlgorithm = 'BCRYPT' | 'SCRYPT' | 'ARGON2ID' | 'PBKDF2_SHA256';

/** One schema attribute of the pool, as a column of the file. */
export interface Attribute {
  name: string;
  dataType: 'String' | 'Number' | 'DateTime' | 'Boolean';
  required: boolean;
  developerOnly: boolean;
  minLength: number | null;
  maxLength: number | null;
  minValue: number | null;
  maxValue: number | null;
}

/** The settings a file is checked against. */
export interface Pool {
  source: 'default' | 'describe-user-pool' | 'get-csv-header' | 'describe-user-pool+get-csv-header';
  userPoolId: string | null;
  name: string | null;
  /** The expected header, in get-csv-header's order. */
  header: string[];
  attributes: Attribute[];
  mfa: Mfa;
  autoVerifiedAttributes: Verifiable[];
  aliasAttributes: Array<'email' | 'phone_number' | 'preferred_username'>;
  usernameAttributes: Verifiable[];
  caseSensitive: boolean;
  passwordHashAlgorithm: HashAlgorithm | null;
  /** The settings given as overrides, by option name. */
  overrides: Array<'mfa' | 'autoVerified' | 'caseSensitive' | 'passwordHashAlgorithm'>;
}

/** The result of validating one file: the content of the command line's `--format json`. */
export interface Report {
  pool: Pool;
  file: {
    bytes: number;
    /** Physical lines, header and blank lines included. */
    lines: number;
    /** The line the header was read from, or null when the file has none. */
    headerLine: number | null;
    /** The header's column names as read (trimmed, without their quotes), in
     * the file's order: the line as one name when another character than
     * the comma separates it; null when the file has no header, or one that
     * is no names (JSON, not text, too long). */
    header: string[] | null;
  };
  outcome: {
    job: 'succeeds' | 'fails';
    /** Data lines that are not blank. */
    users: number;
    imported: number;
    failed: number;
    skipped: number;
  };
  /** Findings counted by code (all of them, taken or not). */
  countsByCode: Partial<Record<RuleCode, number>>;
  /** The findings not taken already (`takeFindings()`, `onFindings`), in order. */
  findings: Finding[];
  /** What the prediction cannot know. */
  notes: string[];
}

/** The pool, and settings on top of it; all optional (the default pool is the AWS template's). */
export interface ValidatorOptions {
  /** Output of `aws cognito-idp describe-user-pool`: its JSON text or the parsed object. */
  pool?: string | object | null;
  /** Output of `aws cognito-idp get-csv-header`: its JSON text or the parsed object. */
  header?: string | object | null;
  /** The pool's MFA configuration (any case). */
  mfa?: Mfa | Lowercase<Mfa> | Capitalize<Lowercase<Mfa>>;
  /** The auto-verified attributes (`[]` for none). */
  autoVerified?: Verifiable[];
  /** Whether usernames are case-sensitive. */
  caseSensitive?: boolean;
  /** The import job's password hashing algorithm (any case). */
  passwordHashAlgorithm?: HashAlgorithm | Lowercase<HashAlgorithm>;
}

/** How far `validate()` has got. */
export interface Progress {
  /** Bytes read (of a file read in parts: of all its parts). */
  bytesRead: number;
  /** The source's size when known (a Blob, bytes), else null. */
  totalBytes: number | null;
  /** Lines completed; null while a file is read in parts (its workers count bytes), given once its parts are merged. */
  lines: number | null;
  /** Users (non-blank data lines) completed; null while a file is read in parts, as `lines`. */
  users: number | null;
}

/**
 * Workers that validate the parts of large files, started ahead of the
 * files (`startWorkers()`), for `validate(file, { workers })`: a file then
 * waits for no worker to start. Many validations may share them.
 */
export interface Workers {
  /** The workers asked for. */
  readonly size: number;
  /** Resolves to how many of them started: where workers cannot start (no `Worker`, a Content-Security-Policy that refuses them), 0, and files are read in one pass. Never rejects. */
  readonly ready: Promise<number>;
  /** Whether `close()` was called. */
  readonly closed: boolean;
  /** Ends the workers; a validation under way on them rejects. In Node, workers with nothing to do never keep the process alive, closed or not. */
  close(): void;
}

/**
 * Starts `count` workers (default: one per core, `navigator.hardwareConcurrency`
 * or `os.availableParallelism()`) for `validate()`'s `workers` option.
 * Throws a `TypeError` for a count that is no positive integer.
 */
export function startWorkers(count?: number): Workers;

export interface ValidateOptions extends ValidatorOptions {
  /** Called after each chunk (of a file read in parts: as its workers tell, and once its parts are merged). */
  onProgress?: (progress: Progress) => void;
  /** Called with each batch of findings, in order (of a file read in parts: all of them, once merged); the report's `findings` is then empty. Awaited when it returns a promise. */
  onFindings?: (findings: Finding[]) => void | Promise<void>;
  /** In place of `onFindings`: called with each batch in columns, line statuses included (see `Batch`). Awaited when it returns a promise. */
  onBatch?: (batch: Batch) => void | Promise<void>;
  /** Stops the validation: `validate()` rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Bytes read at a time from a Blob or bytes (default 1 MiB). */
  chunkSize?: number;
  /**
   * The users already in the target pool: the output of `aws cognito-idp
   * list-users --user-pool-id ID --output json` (any size, streamed), or
   * what `readExistingUsers()` read from it (to check many files against
   * them). A line whose username one of them has is `skipped`; one whose
   * alias one of them has `failed`; the report's note about unknown users goes.
   */
  existing?: Source | ExistingUsers;
  /**
   * A Blob (a `File`, or `await fs.openAsBlob(path)` in Node) of 8 MiB or
   * more is cut into parts at line breaks, each validated by a worker of
   * its own, and the parts merged into the report of one pass: at most this
   * many workers (default: one per core), started for this file and ended
   * after it, or those of `startWorkers()`. `1` reads in one pass. Other
   * sources, and a file whose header does not end in its first MiB, are
   * read in one pass, and so is a file when no worker can start.
   */
  workers?: number | Workers;
}

/** What `validate()` reads. */
export type Source =
  | Blob
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array>
  | Iterable<Uint8Array>
  | Uint8Array
  | ArrayBuffer;

/** Validates a whole file, read in chunks, and resolves to the report. */
export function validate(source: Source, options?: ValidateOptions): Promise<Report>;

/** The target pool's users, read by `readExistingUsers()`: hashes of their usernames and aliases, compared as that pool compares them. */
export interface ExistingUsers {
  /** How many users the pool has. */
  readonly users: number;
  /** Frees the module's memory for them at once (garbage collection does it otherwise). */
  free(): void;
}

/** The error `readExistingUsers()` (and `validate()` with `existing`) rejects with when the source is no `list-users` output. */
export interface ExistingUsersError extends Error {
  name: 'ExistingUsersError';
  /** Where in the source: its line (from 1) and the byte in that line. */
  line: number;
  column: number;
}

/**
 * Reads the output of `aws cognito-idp list-users` (`{"Users": [...]}`, or
 * the array alone) for a pool of these options, which say how it compares
 * usernames. Rejects with an `ExistingUsersError` when it is anything else.
 */
export function readExistingUsers(source: Source, options?: ValidatorOptions & { signal?: AbortSignal }): Promise<ExistingUsers>;

/** How far `validateMigration()` has got: in which file, and in it. */
export interface MigrationProgress extends Progress {
  /** The file read, as its index in `files` (from 0). */
  file: number;
  /** A migration's files are read in one pass each: lines and users are counted as they come. */
  lines: number;
  users: number;
}

export interface ValidateMigrationOptions extends Omit<ValidateOptions, 'onProgress' | 'onFindings' | 'onBatch' | 'workers'> {
  /** Called after each chunk of each file. */
  onProgress?: (progress: MigrationProgress) => void;
  /** Called with each batch of findings of each file, in order, with the file's index in `files`; each report's `findings` is then empty. */
  onFindings?: (findings: Finding[], file: number) => void | Promise<void>;
  /** In place of `onFindings`: each batch in columns (see `Batch`), with the file's index in `files`. */
  onBatch?: (batch: Batch, file: number) => void | Promise<void>;
}

/** A migration's files summed up. Files are numbered from 1 here, as the findings' messages number them ("line 2 of file 1"). */
export interface MigrationSummary {
  /** Files checked. */
  files: number;
  /** Each file's outcome, in order (as its report's `outcome`). */
  outcomes: Report['outcome'][];
  /** Users in them (data lines that are not blank). */
  users: number;
  /** Users the jobs would import. */
  imported: number;
  /** Users that would fail, all those of a failing job included. */
  failed: number;
  skipped: number;
  /** The files (from 1) whose job would fail: none of their users is imported, and the later files do not find them in the pool. */
  failingJobs: number[];
  /** The files (from 1) over Cognito's limits (100 MB, 500,000 users), each with how many import files of Cognito's size `fix` would make of it. */
  overLimits: { file: number; parts: number }[];
}

/** What `validateMigration()` resolves to. */
export interface MigrationResult {
  /** Each file's report, in the order given. */
  files: Report[];
  summary: MigrationSummary;
}

/**
 * Validates files as one migration: the import jobs of `files`, run in this
 * order into one pool. A user an earlier file's job imports is in the pool
 * for the later files: a later line with that username is `skipped`, one
 * with that alias `failed`; a job that fails imports nobody. Each file gets
 * its report, and one summary covers them all. The files are read one
 * after the other, each in chunks.
 */
export function validateMigration(files: Source[], options?: ValidateMigrationOptions): Promise<MigrationResult>;

/** Files checked as one migration, each pushed through the validator `nextFile()` gives (what `validateMigration()` uses). */
export class Migration {
  constructor(options?: ValidatorOptions);
  /** A migration into a pool that has these users (read with the same pool options). */
  static withExisting(options: ValidatorOptions, existing: ExistingUsers): Migration;
  /** A validator for the next file: push the file into it, then end it with `finishFile()` (not `finish()`). */
  nextFile(): Validator;
  /** Ends the file of the last validator `nextFile()` gave and returns its report; the users its job imports are in the pool for the files after it. */
  finishFile(validator: Validator): Report;
  /** The same, with what was not taken already as the report's `batch` (and no `findings`). */
  finishFile(validator: Validator, batch: true): Report & { batch: Batch };
  /** The files ended so far, summed up. */
  readonly summary: MigrationSummary;
  /** Frees the module's memory for the migration at once (garbage collection does it otherwise). */
  free(): void;
}

/** The rule table. */
export function rules(): Rule[];

/**
 * One finding of a batch, from its bytes (`batch.data.subarray(...)`), with its message. With `ownWords`, the
 * message is in this package's words where the reports give Cognito's log sentence (`verified.none`): for a
 * page that shows findings to people.
 */
export function renderFinding(data: Uint8Array, ownWords?: boolean): Finding;

/** The line statuses, in the order batches number them. */
export function lineStatuses(): LineStatus[];

/** The error `new Validator()` throws for a pool it can't use. */
export interface PoolError extends Error {
  name: 'PoolError';
  /** Which option is wrong. */
  input: 'pool' | 'header';
  /** The JSON path of the offending value (`UserPool.SchemaAttributes[3].Name`), '' for the whole document. */
  path: string;
}

/** Validates one file pushed in chunks. Throws only for misuse: bad options (a `PoolError` for the pool), or use after `finish()`. */
export class Validator {
  constructor(options?: ValidatorOptions);
  /** A validator for a file imported into a pool that has these users (read with the same pool options). */
  static withExisting(options: ValidatorOptions, existing: ExistingUsers): Validator;
  /** Validates the next bytes of the file. */
  push(chunk: Uint8Array): void;
  /** Takes the findings found so far and not yet taken, in order. */
  takeFindings(): Finding[];
  /** Takes the findings and line statuses so far and not yet taken, in columns. */
  takeBatch(): Batch;
  readonly bytesRead: number;
  readonly lines: number;
  readonly users: number;
  /** The pool the file is checked against (null once finished; the counters keep their last values). */
  readonly pool: Pool | null;
  /** Ends the file and returns the report; its `findings` are those not taken already. */
  finish(): Report;
  /** Ends the file and returns the report, with what was not taken already as its `batch` (and no `findings`). */
  finish(batch: true): Report & { batch: Batch };
  /** Frees the module's memory for this validator at once (garbage collection does it otherwise); the validator can't be used after. */
  free(): void;
}

/** What the CSV form leaves out or adds, beyond the command line's (which takes none of these). */
export interface CsvOptions {
  /** No value of the file: the value column empty, and on a user or blank line the rule's summary for the message, which quotes values. */
  hideValues?: boolean;
  /** Only the findings at these places among the file's findings (0 is the first), in increasing order: the rows a filter shows. */
  only?: Uint32Array | number[];
  /** Start with a UTF-8 byte order mark, for spreadsheets (Excel reads UTF-8 only with it); never for a file Cognito imports. */
  byteOrderMark?: boolean;
}

/** Writes the command line's forms (text, JSON, CSV, the CloudWatch log) as findings come. */
export class ReportWriter {
  /**
   * A failed job's CloudWatch log holds only the job's errors, and whether it
   * fails is known at the end: so the log holds its per-line entries until
   * `finish()`, unless `holdLog` is false (for a caller that read the file
   * once already and knows the job succeeds).
   */
  constructor(format: 'text' | 'json' | 'csv' | 'cloudwatch', fileName: string, holdLog?: boolean, csvOptions?: CsvOptions);
  /** What goes before the first finding. */
  start(): string;
  /** Takes the validator's findings so far and returns their text. */
  write(validator: Validator): string;
  /** Finishes the validator: the end of the output, and the report (its findings written, so empty). */
  finish(validator: Validator): { text: string; report: Report };
  /** Finishes the validator of a migration's file through the migration, as `migration.finishFile(validator)` does; returns what `finish()` returns. */
  finishFile(migration: Migration, validator: Validator): { text: string; report: Report };
  free(): void;
}

/** A fix's stable code: the fix table's, as `fixes()` gives it. */
export type FixCode =
  // fix-codes:start (checked against fixes() by scripts/finish-package.mjs)
  | 'file.bom'
  | 'file.type_line'
  | 'file.separator'
  | 'file.quoting'
  | 'value.line_break'
  | 'line.blank'
  | 'line.empty_row'
  | 'line.repeated_header'
  | 'header.rename'
  | 'header.missing_column'
  | 'header.unknown_column'
  | 'header.duplicate_column'
  | 'header.empty_column'
  | 'value.whitespace'
  | 'value.quoted'
  | 'value.placeholder'
  | 'boolean.invalid'
  | 'birthdate.invalid'
  | 'phone_number.invalid'
  | 'updated_at.invalid'
  | 'updated_at.milliseconds'
  | 'mfa.missing'
  | 'mfa.conflict'
  | 'verified.assumed';
// fix-codes:end

/** One fix of the table. */
export interface Fix {
  code: FixCode;
  /** One sentence: what the fix does. */
  summary: string;
}

/** What `fix` may do beyond what is certain from the file alone (all optional). */
export interface FixerOptions {
  /** Users in one import file: 1 to 500,000 (the default, Cognito's limit). */
  maxUsers?: number;
  /** Bytes in one import file: 100,000 to 100,000,000 (the default, Cognito's limit). */
  maxBytes?: number;
  /** How dates written `1/2/1990` (`/`, `.` or `-`) are read; without it they go to the rejects. */
  dateOrder?: 'mdy' | 'dmy';
  /** The country of phone numbers written without one (an ISO code `fixCountries()` lists). */
  defaultCountry?: string;
  /** Addresses known to be verified: their `*_verified` is set to true where the address is present. */
  assumeVerified?: Verifiable[];
  /** Columns the pool does not have are kept (the job then fails until the pool has them), not left out. */
  keepUnknownColumns?: boolean;
  /** The columns of a file with no header line (Firebase's export), in order. */
  columns?: string[];
  /** `list-users` input: users UNCONFIRMED in the pool listed are imported, not rejected. */
  keepUnconfirmed?: boolean;
  /** `list-users` input: disabled users are imported (enabled, as an import makes every user), not rejected. */
  keepDisabled?: boolean;
}

/** Why a user of `list-users` input goes to the rejects where no rule says why. */
export type ListedRejectCode =
  // listed-rejects:start (checked against the engine by tests/fix.rs)
  | 'user.external_provider'
  | 'user.no_username_attribute'
  | 'user.unconfirmed'
  | 'user.disabled';
// listed-rejects:end

/** What `list-users` input held that a CSV does not (`manifest.listUsers`). */
export interface ListUsersSummary {
  /** The file that maps each user's `sub` in the pool listed to where the user went: `subs.csv`. */
  subs: string;
  /** Users whose `UserStatus` is `UNCONFIRMED`. */
  unconfirmed: number;
  /** Users not `Enabled`. */
  disabled: number;
  /** Users of an identity provider (`EXTERNAL_PROVIDER`). */
  externalProvider: number;
  /** The attributes the target pool does not have, with the users listed with each: left out, or kept with `keepUnknownColumns`. */
  unknownAttributes: { name: string; users: number }[];
}

/** Which file a chunk of `fix()`'s output belongs to. */
export interface OutputChunk {
  /** `users-1.csv`…, `rejects.csv`, `changes.csv`, `subs.csv` (of `list-users` input) or `manifest.json`. */
  file: string;
  output: 'part' | 'rejects' | 'changes' | 'subs' | 'manifest';
  /** The import file's number (from 1), null for the others. */
  part: number | null;
  /** The next bytes of the file. */
  bytes: Uint8Array;
}

/** An import file made by `fix`. */
export interface PartSummary {
  file: string;
  users: number;
  bytes: number;
  /** The input's lines it holds, as `[first, last]` runs. */
  lines: [number, number][];
}

/** What `fix` did, and what to do next (`manifest.json`). */
export interface Manifest {
  input: { bytes: number; lines: number; users: number };
  /** The import files' header. */
  header: string[];
  /** The import files, in the order to import them (one job per account at a time). */
  parts: PartSummary[];
  /** Users in the import files. */
  imported: number;
  /** Users in the rejects. */
  rejected: number;
  /** The rules the rejected lines break (or why a listed user is not imported): lines per code, most first (a line may break several). */
  rejectedByCode: { code: RuleCode | ListedRejectCode; count: number }[];
  /** Rows of the changes. */
  changes: number;
  /** Each fix made, with its count. */
  fixes: { code: FixCode; count: number }[];
  /** What still fails every job of these files, which `fix` cannot change (a pool setting, columns kept). */
  blockers: string[];
  /** The commands that import the files (AWS CLI and `curl`), `#` comments among them. */
  nextSteps: string[];
  /** The options the files were made with. */
  options: Required<Omit<FixerOptions, 'dateOrder' | 'defaultCountry' | 'columns'>> &
    Pick<FixerOptions, 'dateOrder' | 'defaultCountry' | 'columns'>;
  /** Of `list-users` input (`aws cognito-idp list-users` JSON) only. */
  listUsers?: ListUsersSummary;
}

/** One of the first changes of a fix, as an example. */
export interface FixSample {
  fix: FixCode;
  /** The input's line, or lines (`3-4`). */
  lines: string;
  /** The column, '' for a change of a whole line. */
  column: string;
  before: string;
  after: string;
}

/** What `fix()` resolves to: the manifest, or (manifest null) why the file can't be fixed. */
export interface FixResult {
  manifest: Manifest | null;
  /** The first few changes of each fix made. */
  samples: FixSample[];
  /** Why the file can't be fixed (a file with no header, not text...), with what to do. */
  error: string | null;
}

/** A stream `fix()` writes one file to. */
export type FixSink =
  | WritableStream<Uint8Array>
  | { write(bytes: Uint8Array): unknown; end(callback?: () => void): unknown; once(event: string, listener: (...args: any[]) => void): unknown }
  | { write(bytes: Uint8Array): unknown; close?(): unknown; abort?(reason?: unknown): unknown };

/** Where `fix()` writes: each chunk to `onChunk`, or each file to a stream `open` gives. */
export type FixOutput =
  | {
      /** Called with each chunk of each file, in order; awaited when it returns a promise. */
      onChunk: (chunk: OutputChunk) => void | Promise<void>;
      open?: never;
    }
  | {
      /** A stream for each file, asked for at its first bytes, closed at the end. */
      open: (file: string) => FixSink | Promise<FixSink>;
      onChunk?: never;
    };

export type FixOptions = ValidatorOptions &
  FixerOptions &
  FixOutput & {
    onProgress?: (progress: { bytesRead: number; totalBytes: number | null }) => void;
    /** Stops the fix: `fix()` rejects with the signal's reason. */
    signal?: AbortSignal;
    /** Bytes read at a time from a Blob or bytes (default 1 MiB). */
    chunkSize?: number;
  };

/** Fixes a whole file into files Cognito imports, streamed to `onChunk` or `open`: a CSV, or the JSON of `aws cognito-idp list-users` (read so when it starts with `{` or `[`). Throws for bad options. */
export function fix(source: Source, options: FixOptions): Promise<FixResult>;

/** The fix table. */
export function fixes(): Fix[];

/** The countries `defaultCountry` takes (ISO codes). */
export function fixCountries(): string[];

/**
 * The commands that import the file `fileName` of `users` users with one import job (AWS CLI and `curl`, `#`
 * comments among them), as a fix's `nextSteps` give them for its files: into a report's `pool` (`POOL_ID`
 * when it has no id).
 */
export function importCommands(fileName: string, users: number, pool: Pick<Pool, 'userPoolId' | 'passwordHashAlgorithm'>): string[];

/** Fixes one file pushed in chunks (what `fix()` uses). */
export class Fixer {
  constructor(poolOptions?: ValidatorOptions, fixOptions?: FixerOptions);
  /** Reads the next bytes of the file. */
  push(chunk: Uint8Array): void;
  /** Takes the output's chunks completed so far. */
  take(): OutputChunk[];
  /** Why the file can't be fixed, once known (the rest need not be pushed); null while it can. */
  readonly stopped: string | null;
  readonly bytesRead: number;
  /** Ends the file: the last chunks (`manifest.json`'s last) and the result. */
  finish(): FixResult & { chunks: OutputChunk[] };
  free(): void;
}
