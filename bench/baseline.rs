//! The baseline the engine is measured against: a bare csv-core record
//! count of the same file. The programs that use it declare `mod baseline;`.

use crate::read::stream;
use csv_core::{ReadRecordResult, ReaderBuilder, Terminator};
use std::time::Duration;

/// Splits the file into records with csv-core and counts them: the ceiling
/// for any csv-core based engine.
pub fn bare_count(path: &str, buffer: &mut [u8]) -> Duration {
    let mut reader = ReaderBuilder::new()
        .quoting(false)
        .terminator(Terminator::CRLF)
        .build();
    let mut output = vec![0; 64 * 1024];
    let mut ends = vec![0; 16 * 1024];
    let mut records = 0;
    let elapsed = stream(path, buffer, |mut input| {
        while !input.is_empty() {
            let (result, read, _, _) = reader.read_record(input, &mut output, &mut ends);
            input = &input[read..];
            records += u64::from(result == ReadRecordResult::Record);
        }
    });
    std::hint::black_box(records);
    elapsed
}
