// A store-only ZIP writer (no compression) that copies nothing: each
// entry's CRC-32 is computed by whoever makes its bytes, chunk by chunk as
// they come (crc32), and the archive is a Blob of [local header, the
// entry's Blob, …, central directory], so the browser joins the files'
// own Blobs by reference. No ZIP64: an archive is at most 4 GiB.

/** The largest archive a ZIP without ZIP64 can describe, in bytes: its
 * offsets and sizes are 32-bit. */
export const ZIP_LIMIT = 0xffff_ffff;

const LOCAL_HEADER = 30;
const CENTRAL_HEADER = 46;
const END_RECORD = 22;
/** General purpose flag 11: the names are UTF-8. */
const UTF8_NAMES = 0x0800;
/** "Version needed to extract" 2.0, which any unzip reads. */
const VERSION = 20;

/** CRC-32 tables for 8 bytes at a time ("slicing by 8"): table k gives
 * the CRC of a byte followed by k zero bytes. A byte at a time, the CRC
 * of a 100 MB fix's outputs took 0.64 s of the page's worker. */
const CRC_TABLES = (() => {
  const tables = Array.from({ length: 8 }, () => new Uint32Array(256));
  for (let byte = 0; byte < 256; byte += 1) {
    let crc = byte;
    for (let bit = 0; bit < 8; bit += 1) crc = crc & 1 ? 0xedb8_8320 ^ (crc >>> 1) : crc >>> 1;
    tables[0][byte] = crc >>> 0;
  }
  for (let byte = 0; byte < 256; byte += 1) {
    for (let k = 1; k < 8; k += 1) {
      const before = tables[k - 1][byte];
      tables[k][byte] = (tables[0][before & 0xff] ^ (before >>> 8)) >>> 0;
    }
  }
  return tables;
})();

/** The CRC-32 of `bytes` following `previous` (the CRC of the bytes before
 * them, 0 for none): crc32(b, crc32(a)) is the CRC of a then b. */
export function crc32(bytes, previous = 0) {
  const [t0, t1, t2, t3, t4, t5, t6, t7] = CRC_TABLES;
  let crc = ~previous;
  let index = 0;
  for (const end = bytes.length - 8; index <= end; index += 8) {
    const low = crc ^ (bytes[index] | (bytes[index + 1] << 8) | (bytes[index + 2] << 16) | (bytes[index + 3] << 24));
    crc =
      t7[low & 0xff] ^
      t6[(low >>> 8) & 0xff] ^
      t5[(low >>> 16) & 0xff] ^
      t4[low >>> 24] ^
      t3[bytes[index + 4]] ^
      t2[bytes[index + 5]] ^
      t1[bytes[index + 6]] ^
      t0[bytes[index + 7]];
  }
  for (; index < bytes.length; index += 1) crc = t0[(crc ^ bytes[index]) & 0xff] ^ (crc >>> 8);
  return ~crc >>> 0;
}

/** The size of the archive of `entries` ({name, size}), in bytes. */
export function zipSize(entries) {
  let size = END_RECORD;
  for (const { name, size: bytes } of entries) size += LOCAL_HEADER + CENTRAL_HEADER + 2 * utf8(name).length + bytes;
  return size;
}

/**
 * The archive of `entries` ({name, blob, crc}, in order), stored as they
 * are, dated `date`. Throws a RangeError past ZIP_LIMIT.
 */
export function zipBlob(entries, date = new Date()) {
  const total = zipSize(entries.map(({ name, blob }) => ({ name, size: blob.size })));
  if (total > ZIP_LIMIT) throw new RangeError(`the files take ${total} bytes, more than a ZIP file holds (4 GiB)`);
  const { time, day } = dosDate(date);
  const parts = [];
  const central = [];
  let offset = 0;
  for (const { name, blob, crc } of entries) {
    const nameBytes = utf8(name);
    const local = new DataView(new ArrayBuffer(LOCAL_HEADER));
    local.setUint32(0, 0x0403_4b50, true);
    writeCommon(local, 4, { time, day, crc, size: blob.size, nameLength: nameBytes.length });
    parts.push(local, nameBytes, blob);

    const entry = new DataView(new ArrayBuffer(CENTRAL_HEADER));
    entry.setUint32(0, 0x0201_4b50, true);
    entry.setUint16(4, VERSION, true); // made by: MS-DOS attributes, version 2.0
    writeCommon(entry, 6, { time, day, crc, size: blob.size, nameLength: nameBytes.length });
    // Comment length, disk, internal and external attributes: 0.
    entry.setUint32(42, offset, true);
    central.push(entry, nameBytes);
    offset += LOCAL_HEADER + nameBytes.length + blob.size;
  }
  const centralSize = central.reduce((sum, part) => sum + part.byteLength, 0);
  const end = new DataView(new ArrayBuffer(END_RECORD));
  end.setUint32(0, 0x0605_4b50, true);
  end.setUint16(8, entries.length, true);
  end.setUint16(10, entries.length, true);
  end.setUint32(12, centralSize, true);
  end.setUint32(16, offset, true);
  return new Blob([...parts, ...central, end], { type: 'application/zip' });
}

/** The fields the local and central headers share, from `at`: version
 * needed, flags, method, time, date, CRC, both sizes, name and extra length. */
function writeCommon(view, at, { time, day, crc, size, nameLength }) {
  view.setUint16(at, VERSION, true);
  view.setUint16(at + 2, UTF8_NAMES, true);
  view.setUint16(at + 4, 0, true); // stored
  view.setUint16(at + 6, time, true);
  view.setUint16(at + 8, day, true);
  view.setUint32(at + 10, crc, true);
  view.setUint32(at + 14, size, true); // compressed: stored, the same
  view.setUint32(at + 18, size, true);
  view.setUint16(at + 22, nameLength, true);
  view.setUint16(at + 24, 0, true);
}

/** A date as MS-DOS writes it, in local time, to 2 seconds (from 1980). */
function dosDate(date) {
  const year = Math.max(1980, date.getFullYear());
  return {
    time: (date.getHours() << 11) | (date.getMinutes() << 5) | (date.getSeconds() >> 1),
    day: ((year - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
  };
}

const utf8 = (text) => new TextEncoder().encode(text);
