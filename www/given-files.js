// Files given by a drop or the file button, sorted out: the CSV files to
// validate (several are one migration, by name), the pool's JSON files for
// their boxes, the pool's users (list-users output) for theirs, and a note
// for each file that is not used. A JSON file is told by its first bytes: a pool or header file is
// then read whole (it is small), a list-users file never here (it can be
// hundreds of megabytes: the worker streams it). A CSV file's first bytes
// are read too; the worker reads the CSV.
import { readJsonFile } from './pool-input.js';
import { byName } from './migration.js';

/** Files that are surely not CSV, by their first bytes. */
const NOT_CSV = [
  { magic: [0x50, 0x4b, 0x03, 0x04], what: 'an Excel workbook or a ZIP archive' },
  { magic: [0xd0, 0xcf, 0x11, 0xe0], what: 'an old Excel (.xls) workbook' },
  { magic: [0x1f, 0x8b], what: 'a gzip archive' },
  { magic: [0x25, 0x50, 0x44, 0x46], what: 'a PDF document' },
  { magic: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { magic: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
];

/** Why a file that starts with `head` (its first bytes) is surely not a CSV file, or null. */
export function notCsvReason(name, head) {
  const match = NOT_CSV.find(({ magic }) => magic.every((byte, index) => head[index] === byte));
  if (!match) return null;
  // Excel's “CSV UTF-8” adds a byte order mark, which fails the job: say so.
  return `${name} is ${match.what}, not a CSV file. Save it as “CSV UTF-8 (comma delimited)” and drop that file: the report then says how to take out the byte order mark Excel adds.`;
}

/** `{csvs, pools, users, notes}` of the files given: the CSV files to
 * validate, in the order their jobs run (by name), `[box, text]` of each
 * pool file, the list-users file (or null), and what to tell of the rest. */
export async function sortGivenFiles(files) {
  const notes = [];
  const csvs = [];
  const pools = [];
  const users = [];
  for (const file of files) {
    if (!/\.json$/i.test(file.name)) {
      csvs.push(file);
      continue;
    }
    const [kind, text] = await readJsonFile(file);
    if (kind === 'csv') {
      notes.push(`${file.name} is not JSON but looks like a CSV file, so it is validated as one.`);
      csvs.push(file);
    } else if (kind === 'users') users.push(file);
    else if (kind) pools.push([kind, text]);
    else notes.push(`${file.name} is not the output of describe-user-pool, get-csv-header or list-users, so it was not used.`);
  }
  if (users.length > 1) {
    notes.push(`Only one list-users output is used: ${users[0].name} is, ${users.slice(1).map((file) => file.name).join(', ')} ${users.length > 2 ? 'are' : 'is'} not.`);
  }
  const taken = [];
  for (const csv of byName(csvs)) {
    const refusal = notCsvReason(csv.name, new Uint8Array(await csv.slice(0, 8).arrayBuffer()));
    if (refusal) notes.push(refusal);
    else taken.push(csv);
  }
  return { csvs: taken, pools, users: users[0] ?? null, notes };
}
