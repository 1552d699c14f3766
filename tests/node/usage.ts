// Type-checked by types.test.mjs (tsc --noEmit): how the package is used,
// and, marked @ts-expect-error, what its types must refuse.
import {
  validate,
  rules,
  renderFinding,
  lineStatuses,
  Validator,
  ReportWriter,
  fix,
  fixes,
  fixCountries,
  importCommands,
  Fixer,
  readExistingUsers,
  validateMigration,
  Migration,
  startWorkers,
  type Workers,
  type Progress,
  type ExistingUsers,
  type MigrationSummary,
  type ExistingUsersError,
  type FixCode,
  type FixResult,
  type ListedRejectCode,
  type ListUsersSummary,
  type Manifest,
  type OutputChunk,
  type Batch,
  type LineStatus,
  type Finding,
  type Report,
  type RuleCode,
  type ValidateOptions,
  type PoolError,
} from 'cognito-csv-validator';

export async function check(file: File, stream: ReadableStream<Uint8Array>, signal: AbortSignal): Promise<number> {
  const seen: Finding[] = [];
  const options: ValidateOptions = {
    pool: '{"UserPool": {}}',
    header: { CSVHeader: ['cognito:username'] },
    mfa: 'Optional',
    autoVerified: ['email'],
    caseSensitive: false,
    passwordHashAlgorithm: 'BCRYPT',
    onProgress: ({ bytesRead, totalBytes, lines }) => console.log(bytesRead, totalBytes ?? '?', lines),
    onFindings: (batch) => void seen.push(...batch),
    signal,
  };
  const report: Report = await validate(file, options);
  // On every core: workers started for one file, or a pool started ahead.
  await validate(file, { workers: 4 });
  const pool: Workers = startWorkers();
  const started: number = await pool.ready;
  await validate(file, {
    workers: pool,
    onProgress: ({ bytesRead, lines, users }: Progress) => console.log(bytesRead, started, pool.size, lines ?? 'counted at the end', users?.toFixed(0)),
  });
  pool.close();
  console.log(startWorkers(2).closed);
  // @ts-expect-error: a count or a pool
  await validate(file, { workers: 'all' });
  // @ts-expect-error: lines are null while a file is read in parts
  await validate(file, { onProgress: ({ lines }) => lines.toFixed(0) });
  // @ts-expect-error: a migration's files are read in one pass each
  await validateMigration([file], { workers: 2 });
  await validateMigration([file], { onProgress: ({ lines, users }) => console.log(lines.toFixed(0), users.toFixed(0)) });
  await validate(stream);
  await validate(new Uint8Array(4), { chunkSize: 2 });
  const code: RuleCode = report.findings[0]?.code ?? 'email.invalid';
  const line: number | null = seen[0]?.line ?? null;
  const invalidEmails: number = report.countsByCode['email.invalid'] ?? 0;
  const job: 'succeeds' | 'fails' = report.outcome.job;
  console.log(code, line, invalidEmails, job, report.pool.header.length, report.file.headerLine);

  const suggested: string | null = seen[0]?.suggested ?? null;
  const kept: Batch[] = [];
  await validate(file, { onBatch: (columns) => void kept.push(columns) });
  const first = kept[0];
  const rendered: Finding = renderFinding(first.data.subarray(0, first.ends[0]));
  const status: LineStatus = lineStatuses()[first.statuses[0]];
  console.log(suggested, rendered.message, status, first.lineStatuses.counts[0]);

  const validator = new Validator({ caseSensitive: true });
  validator.push(new Uint8Array([0x61, 0x0a]));
  const batch: Finding[] = validator.takeFindings();
  const writer = new ReportWriter('cloudwatch', 'users.csv');
  const text: string = writer.start() + writer.write(validator) + writer.finish(validator).text;
  console.log(batch.length, text, validator.bytesRead, validator.lines, validator.users);
  const csv = new ReportWriter('csv', 'users.csv', false, { hideValues: true, only: Uint32Array.of(0, 2), byteOrderMark: true });
  const own: Finding = renderFinding(first.data.subarray(0, first.ends[0]), true);
  const commands: string[] = importCommands('users.csv', report.outcome.users, report.pool);
  console.log(csv.start(), own.message, commands.join('\n'));
  // @ts-expect-error: the places are numbers
  new ReportWriter('csv', 'users.csv', false, { only: ['1'] });
  const last: Batch = new Validator().finish(true).batch;
  console.log(last.codes.length, new ReportWriter('json', 'users.csv').start());
  for (const rule of rules()) console.log(rule.code, rule.severity, rule.effect, rule.help);
  try {
    new Validator({ pool: '{}' }).finish();
  } catch (error) {
    const poolError = error as PoolError;
    console.log(poolError.input, poolError.path);
  }

  // @ts-expect-error: not a rule code
  const wrong: RuleCode = 'email.bad';
  // @ts-expect-error: a finding's line is a number or null
  const text2: string = seen[0].line;
  // @ts-expect-error: no such option
  await validate(file, { poool: '{}' });
  // @ts-expect-error: MFA is OFF, ON or OPTIONAL
  await validate(file, { mfa: 'maybe' });
  // @ts-expect-error: XML is not a ReportWriter form
  new ReportWriter('xml', 'users.csv');
  // @ts-expect-error: a string is not a source
  await validate('a,b\n');
  // @ts-expect-error: onFindings and onBatch take different arguments
  await validate(file, { onBatch: (findings: Finding[]) => findings.length });
  console.log(wrong, text2);
  return report.outcome.imported;
}

export async function fixing(file: File, stream: ReadableStream<Uint8Array>, signal: AbortSignal): Promise<number> {
  const chunks: OutputChunk[] = [];
  const result: FixResult = await fix(file, {
    pool: '{"UserPool": {}}',
    mfa: 'OFF',
    maxUsers: 100_000,
    maxBytes: 10_000_000,
    dateOrder: 'dmy',
    defaultCountry: 'GB',
    assumeVerified: ['email'],
    keepUnknownColumns: false,
    columns: ['cognito:username', 'email', ''],
    keepUnconfirmed: true,
    keepDisabled: false,
    onChunk: (chunk) => void chunks.push(chunk),
    onProgress: ({ bytesRead, totalBytes }) => console.log(bytesRead, totalBytes ?? '?'),
    signal,
    chunkSize: 65_536,
  });
  const manifest: Manifest | null = result.manifest;
  const error: string | null = result.error;
  const part: number | null = chunks[0]?.part ?? null;
  const output: 'part' | 'rejects' | 'changes' | 'subs' | 'manifest' = chunks[0]?.output ?? 'part';
  const listed: ListUsersSummary | undefined = manifest?.listUsers;
  const rejected: RuleCode | ListedRejectCode | undefined = manifest?.rejectedByCode[0]?.code;
  console.log(listed?.subs, listed?.unconfirmed, listed?.disabled, listed?.externalProvider, listed?.unknownAttributes[0]?.users, rejected);
  await fix(stream, { open: (name: string) => new WritableStream<Uint8Array>({ write: (bytes) => console.log(name, bytes.length) }) });
  await fix(new Uint8Array(4), { open: async () => ({ write: (bytes: Uint8Array) => bytes.length }) });
  const code: FixCode = manifest?.fixes[0]?.code ?? 'value.whitespace';
  console.log(error, part, output, code, manifest?.parts[0]?.lines[0], manifest?.nextSteps.join('\n'), result.samples[0]?.before);
  for (const each of fixes()) console.log(each.code, each.summary);
  console.log(fixCountries().includes('GB'));
  const fixer = new Fixer({ mfa: 'ON' }, { maxUsers: 2 });
  fixer.push(new Uint8Array([0x61, 0x0a]));
  const taken: OutputChunk[] = fixer.take();
  const stopped: string | null = fixer.stopped;
  const end = fixer.finish();
  console.log(taken.length, stopped, end.chunks.length, end.manifest?.imported, fixer.bytesRead);
  fixer.free();

  // @ts-expect-error: fix() writes to onChunk or open: one of them is needed
  await fix(file, { maxUsers: 2 });
  // @ts-expect-error: not both
  await fix(file, { onChunk: () => {}, open: () => new WritableStream() });
  // @ts-expect-error: dates are read mdy or dmy
  await fix(file, { onChunk: () => {}, dateOrder: 'ymd' });
  // @ts-expect-error: not a fix code
  const wrongCode: FixCode = 'value.bad';
  console.log(wrongCode);
  return manifest?.imported ?? 0;
}

export async function againstExistingUsers(file: File, users: Blob, signal: AbortSignal): Promise<number> {
  const existing: ExistingUsers = await readExistingUsers(users, { pool: '{"UserPool": {}}', signal });
  const report = await validate(file, { existing, caseSensitive: false });
  await validate(file, { existing: users.stream() });
  const validator = Validator.withExisting({ mfa: 'OFF' }, existing);
  validator.push(new Uint8Array([0x61, 0x0a]));
  try {
    await readExistingUsers(users);
  } catch (error) {
    const { line, column } = error as ExistingUsersError;
    console.log(line, column);
  }
  // @ts-expect-error: the users are bytes or what readExistingUsers() read, not text
  await validate(file, { existing: '{"Users": []}' });
  console.log(existing.users);
  existing.free();
  return report.outcome.skipped;
}

export async function asOneMigration(first: File, second: Blob, users: ExistingUsers): Promise<MigrationSummary> {
  const { files, summary } = await validateMigration([first, second], {
    pool: '{"UserPool": {}}',
    existing: users,
    onProgress: ({ file, bytesRead }) => console.log(file, bytesRead),
    onBatch: (batch: Batch, file: number) => console.log(batch.codes.length, file),
  });
  console.log(files[0].outcome.skipped, summary.failingJobs, summary.overLimits[0]?.parts);
  const migration = Migration.withExisting({}, users);
  const validator = migration.nextFile();
  validator.push(new Uint8Array([0x61, 0x0a]));
  const report: Report = migration.finishFile(validator);
  const { batch } = migration.finishFile(migration.nextFile(), true);
  console.log(report.outcome.imported, batch.codes, new Migration().summary.files);
  migration.free();
  // @ts-expect-error: the files are sources, each a file of its own
  await validateMigration(first);
  // @ts-expect-error: a migration's progress is told with the file's index
  await validateMigration([first], { onProgress: (progress: { file: string }) => progress });
  return summary;
}
