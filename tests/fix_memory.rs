//! `fix`'s memory stays bounded whatever the input: it holds a line (or
//! the lines of a quoted value, up to 64 KB of them), the output of one
//! piece of input (`PUSH_BYTES`) until it is taken, and a hash of each username
//! imported; a part of a file fixed on several cores holds its span and
//! keys per user besides. This file holds a single test, so that nothing
//! else allocates while it measures.

use cognito_csv_validator::fix::parts::FixHead;
use cognito_csv_validator::fix::{FixOptions, Fixer, Manifest, PUSH_BYTES};
use cognito_csv_validator::Pool;

#[path = "../bench/heap.rs"]
mod heap;

#[global_allocator]
static ALLOCATOR: heap::Counting = heap::Counting;

const MIB: usize = 1 << 20;

/// The chunks are fed as the command line and the npm package feed them.
const CHUNK: usize = MIB;

const HEADER: &[u8] = b"cognito:username,email,email_verified\n";

/// What the heap may grow by whatever the input, users aside:
///
/// - the line being read, kept up to 64,000 bytes (`LINE_BYTES_KEPT`), and
///   its fields and their fixed values, as many bytes again twice over;
/// - the lines of a quoted value that runs over line breaks, up to 64,000
///   bytes of them, but each held as a line (56 bytes besides its bytes):
///   64,000 empty lines are 3.6 MB, 7.2 MB while the vector that holds
///   them doubles, and as much again while they move to the queue of
///   lines to read again;
/// - the output of one piece of input (`PUSH_BYTES`, 16 KB), until it is
///   taken: the import lines (as long as the input's) and the rejects (the
///   line as it was, quoted, and the reasons: a few hundred bytes a line),
///   some 5 MB at most for 16 KB of lines of a byte.
///
/// 16 MiB is above all of these together with room to spare; a heap that
/// grows with the input (a line, a reject or a change held past its
/// chunk) goes past it within the 100 MB of each case.
const BOUND: usize = 16 * MIB;

/// Pushes `chunk` in pieces of at most `PUSH_BYTES`, taking (and dropping)
/// the output after each, as the command lines and the package do.
fn push_in_pieces(fixer: &mut Fixer, chunk: &[u8]) {
    for piece in chunk.chunks(PUSH_BYTES) {
        fixer.push(piece);
        drop(fixer.take());
    }
}

/// Fixes `header` then `chunks`, taking (and dropping) the output's chunks
/// after every push as a caller does; gives the manifest and how far the
/// heap grew.
fn measure<'a>(header: &[u8], chunks: impl Iterator<Item = &'a [u8]>) -> (Manifest, usize) {
    let before = heap::start();
    let mut fixer = Fixer::new(Pool::default(), FixOptions::default()).unwrap();
    fixer.push(header);
    drop(fixer.take());
    for chunk in chunks {
        push_in_pieces(&mut fixer, chunk);
    }
    let fixed = fixer.finish().expect("the file has a header");
    let manifest = fixed.manifest.clone();
    drop(fixed);
    (manifest, heap::grown_since(before))
}

/// The bytes a hash map of `entries` usernames takes at its peak: a
/// username is held as its 8-byte hash with the 8-byte line that imports
/// it, in a hashbrown table of a power-of-two number of buckets (one
/// control byte each) at most 7/8 full; while it grows, the old table and
/// the new one (twice its buckets) are held together.
fn username_set_peak(entries: usize) -> usize {
    let buckets = (entries * 8 / 7 + 1).next_power_of_two();
    let table = |buckets: usize| buckets * (16 + 1) + 16;
    table(buckets) + table(buckets / 2)
}

/// A small generator (xorshift), so that random bytes need no memory.
fn fill_random(buffer: &mut [u8], state: &mut u64) {
    for chunk in buffer.chunks_mut(8) {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        chunk.copy_from_slice(&state.to_le_bytes()[..chunk.len()]);
    }
}

/// A user as `aws cognito-idp list-users` writes it (some 800 bytes).
fn listed_user(index: usize) -> String {
    let attribute = |name: &str, value: &str| {
        format!("                {{\n                    \"Name\": \"{name}\",\n                    \"Value\": \"{value}\"\n                }}")
    };
    let attributes = [
        attribute("sub", &format!("00000000-0000-4000-8000-{index:012}")),
        attribute("email", &format!("user{index}@example.com")),
        attribute("email_verified", "true"),
        attribute("name", &format!("User N\\u00famero {index}")),
        attribute("custom:tier", "gold"),
    ];
    format!(
        "        {{\n            \"Username\": \"user{index}\",\n            \"Attributes\": [\n{}\n            ],\n            \"UserCreateDate\": \"2024-03-01T09:12:44.112000+00:00\",\n            \"UserLastModifiedDate\": \"2025-06-12T17:01:09.500000+00:00\",\n            \"Enabled\": true,\n            \"UserStatus\": \"CONFIRMED\"\n        }}",
        attributes.join(",\n")
    )
}

/// One test, its cases in turn: 100 MB of line breaks, one 100 MB line, an
/// unclosed quote followed by 100 MB of lines, 100 MB of random bytes after
/// a header, a million users with distinct usernames, and `list-users`
/// output of 200,000 users.
#[test]
fn fix_holds_a_line_and_a_chunk_s_output_at_most_and_a_hash_per_user() {
    let hundred = |chunk: &'static [u8]| std::iter::repeat_n(chunk, 100);
    let breaks: &'static [u8] = vec![b'\n'; CHUNK].leak();
    let letters: &'static [u8] = vec![b'x'; CHUNK].leak();

    // 100 MB of line breaks: one change for the run of blank lines.
    let (manifest, grown) = measure(HEADER, hundred(breaks));
    eprintln!("100 MB of line breaks: {grown} bytes");
    assert_eq!(manifest.input.lines, 1 + 100 * CHUNK as u64);
    assert_eq!(manifest.input.users, 0);
    assert_eq!(
        manifest.changes, 19,
        "18 columns added and one run of blank lines"
    );
    assert!(
        grown < BOUND,
        "100 MB of line breaks grew the heap by {grown} bytes"
    );

    // One line of 100 MB: a reject, without its bytes.
    let (manifest, grown) = measure(HEADER, hundred(letters).chain([&b"\n"[..]]));
    eprintln!("a 100 MB line: {grown} bytes");
    assert_eq!((manifest.input.users, manifest.rejected), (1, 1));
    assert!(
        grown < BOUND,
        "a 100 MB line grew the heap by {grown} bytes"
    );

    // A quote that never closes, then 100 MB of lines: the lines it seemed
    // to run over are read again, each alone.
    let (manifest, grown) = measure(
        HEADER,
        [&b"\"ana, who, opens a quote,true\n"[..]]
            .into_iter()
            .chain(hundred(breaks)),
    );
    eprintln!("an unclosed quote and 100 MB of line breaks: {grown} bytes");
    assert_eq!(manifest.input.lines, 2 + 100 * CHUNK as u64);
    assert_eq!(manifest.input.users, 1);
    assert!(
        grown < BOUND,
        "an unclosed quote and 100 MB of line breaks grew the heap by {grown} bytes"
    );

    // 100 MB of random bytes after the header, made as they are fed.
    let random: &'static mut [u8] = vec![0; CHUNK].leak();
    let before = heap::start();
    let mut fixer = Fixer::new(Pool::default(), FixOptions::default()).unwrap();
    fixer.push(HEADER);
    let mut state = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..100 {
        fill_random(random, &mut state);
        push_in_pieces(&mut fixer, random);
    }
    let fixed = fixer.finish().unwrap();
    let (users, rejected, imported) = (
        fixed.manifest.input.users,
        fixed.manifest.rejected,
        fixed.manifest.imported,
    );
    drop(fixed);
    let grown = heap::grown_since(before);
    eprintln!("100 MB of random bytes: {grown} bytes");
    assert!(users > 100_000, "{users} users");
    assert_eq!(users, rejected + imported);
    assert!(
        grown < BOUND,
        "100 MB of random bytes grew the heap by {grown} bytes"
    );

    // A million users with distinct usernames, imported: the heap grows by
    // the username set, and by nothing else that grows.
    const USERS: usize = 1_000_000;
    let mut lines: Vec<&'static [u8]> = Vec::new();
    let mut block = Vec::with_capacity(CHUNK + 100);
    for index in 0..USERS {
        block.extend_from_slice(format!("user{index},user{index}@example.com,true\n").as_bytes());
        if block.len() >= CHUNK || index + 1 == USERS {
            lines.push(std::mem::take(&mut block).leak());
            block.reserve(CHUNK + 100);
        }
    }
    let (manifest, grown) = measure(HEADER, lines.iter().copied());
    let bound = username_set_peak(USERS) + BOUND;
    eprintln!("{USERS} users: {grown} bytes (bound {bound})");
    assert_eq!(manifest.imported, USERS as u64);
    assert_eq!(manifest.parts.len(), 2, "500,000 users a part");
    assert!(
        grown < bound,
        "{USERS} users grew the heap by {grown} bytes, more than the username set ({} bytes) and {BOUND}",
        username_set_peak(USERS)
    );

    // list-users output of 200,000 users (160 MB), read a user at a time,
    // each written to an import file and to subs.csv: the heap grows by
    // the username set, and by nothing else that grows.
    const LISTED: usize = 200_000;
    let mut blocks: Vec<&'static [u8]> = Vec::new();
    let mut block = b"{\n    \"Users\": [\n".to_vec();
    for index in 0..LISTED {
        if index > 0 {
            block.extend_from_slice(b",\n");
        }
        block.extend_from_slice(listed_user(index).as_bytes());
        if index + 1 == LISTED {
            block.extend_from_slice(b"\n    ]\n}\n");
        }
        if block.len() >= CHUNK || index + 1 == LISTED {
            blocks.push(std::mem::take(&mut block).leak());
        }
    }
    let input: u64 = blocks.iter().map(|block| block.len() as u64).sum();
    let (manifest, grown) = measure(b"", blocks.iter().copied());
    let bound = username_set_peak(LISTED) + BOUND;
    eprintln!("list-users output of {LISTED} users ({input} bytes): {grown} bytes (bound {bound})");
    assert!(input > 150_000_000, "{input} bytes");
    assert_eq!(manifest.imported, LISTED as u64);
    assert_eq!(
        manifest
            .list_users
            .map(|listed| listed.unknown_attributes[0].users),
        Some(LISTED as u64)
    );
    assert!(
        grown < bound,
        "list-users output of {LISTED} users grew the heap by {grown} bytes, more than the username set ({} bytes) and {BOUND}",
        username_set_peak(LISTED)
    );

    // 4 MiB of short lines that each go to the rejects: the output of a
    // piece is held until it is taken, and here it is 100 times the piece
    // (a reject row of some 260 bytes for each line of 2 bytes). Pushed a
    // MiB at a time, the heap grew by 157 MB.
    let short: &'static [u8] = b"a\n".repeat(CHUNK / 2).leak();
    let (manifest, grown) = measure(HEADER, std::iter::repeat_n(short, 4));
    eprintln!("4 MiB of short rejected lines: {grown} bytes");
    assert_eq!(manifest.rejected, 2 * CHUNK as u64);
    assert!(
        grown < BOUND,
        "4 MiB of lines of 2 bytes, each rejected, grew the heap by {grown} bytes"
    );

    // A part of a file fixed on several cores (`fix --jobs`), of 100 MB of
    // users of 2,000 characters each, its log taken after every piece as
    // the command line takes it (to a temporary file): the heap grows by
    // what the part keeps of each user line judged (its span, 32 bytes,
    // and its keys, 24 bytes each), and by nothing that grows with the
    // bytes.
    let head = FixHead::read(&Pool::default(), &FixOptions::default(), HEADER).unwrap();
    let padding = "x".repeat(2_000);
    let wide: &'static [u8] = (0..CHUNK / 2_040)
        .flat_map(|index| format!("u{index}{padding},u{index}@example.com,true\n").into_bytes())
        .collect::<Vec<u8>>()
        .leak();
    let before = heap::start();
    let mut part = head.part(1, HEADER.len() as u64);
    let mut log_bytes = 0;
    for _ in 0..100 {
        for piece in wide.chunks(PUSH_BYTES) {
            part.push(piece);
            log_bytes += part.take().len();
        }
    }
    let end = part.end(true).unwrap();
    let users = end.users as usize;
    let grown = heap::grown_since(before);
    drop(end);
    let bound = users * (32 + 24) * 2 + username_set_peak(users) + BOUND;
    eprintln!("a part of {users} users of 2,000 characters: {grown} bytes (bound {bound}), {log_bytes} bytes logged");
    assert!(log_bytes > 100_000_000, "{log_bytes} bytes logged");
    assert!(
        grown < bound,
        "a part of {users} users of 2,000 characters grew the heap by {grown} bytes"
    );
}
