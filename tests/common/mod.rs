//! Shared by the integration tests: fixtures, their options, and running
//! the validator over them in any chunking.

#![allow(dead_code)] // Each test file uses its own part of this module.

use cognito_csv_validator::output::json::{FindingJson, ReportJson};
use cognito_csv_validator::pool::{
    parse_describe_user_pool, parse_get_csv_header, HashAlgorithm, Mfa, Verifiable,
};
use cognito_csv_validator::{Overrides, Pool, PoolSources, Report, Validator};
use std::path::{Path, PathBuf};

pub fn tests_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")
}

/// Every fixture CSV under `tests/fixtures`, sorted.
pub fn fixtures() -> Vec<PathBuf> {
    csv_files_under(&tests_dir().join("fixtures"))
}

/// Every CSV file under `folder`, sorted.
pub fn csv_files_under(folder: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut folders = vec![folder.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|extension| extension == "csv") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// Every `list-users` output under `folder` (a `*.json` that is no
/// fixture's `*.options.json`), sorted.
pub fn list_users_files_under(folder: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut folders = vec![folder.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_str().unwrap();
            if path.is_dir() {
                folders.push(path);
            } else if name.ends_with(".json") && !name.ends_with(".options.json") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// `x.csv` → `x.<suffix>` (or `x.json` →).
pub fn sibling(csv: &Path, suffix: &str) -> PathBuf {
    let stem = csv.file_stem().unwrap().to_str().unwrap();
    csv.with_file_name(format!("{stem}.{suffix}"))
}

/// The pool for a fixture, from its `x.options.json` when there is one:
/// `{"pool": "path", "header": "path", "mfa": "on", "autoVerified": ["email"],
///   "caseSensitive": true, "passwordHashAlgorithm": "BCRYPT"}`, paths
/// relative to the options file.
pub fn pool_for(csv: &Path) -> Pool {
    let options_path = sibling(csv, "options.json");
    let Ok(text) = std::fs::read_to_string(&options_path) else {
        return Pool::default();
    };
    let options: serde_json::Value = serde_json::from_str(&text).unwrap();
    let folder = options_path.parent().unwrap();
    let read = |key: &str| {
        options[key]
            .as_str()
            .map(|path| std::fs::read_to_string(folder.join(path)).unwrap())
    };
    let sources = PoolSources {
        describe_user_pool: read("pool").map(|text| parse_describe_user_pool(&text).unwrap()),
        get_csv_header: read("header").map(|text| parse_get_csv_header(&text).unwrap()),
    };
    let overrides = Overrides {
        mfa: options["mfa"]
            .as_str()
            .map(|text| Mfa::parse(text).unwrap()),
        auto_verified: options["autoVerified"].as_array().map(|names| {
            names
                .iter()
                .map(|name| Verifiable::parse(name.as_str().unwrap()).unwrap())
                .collect()
        }),
        case_sensitive: options["caseSensitive"].as_bool(),
        password_hash_algorithm: options["passwordHashAlgorithm"]
            .as_str()
            .map(|text| HashAlgorithm::parse(text).unwrap()),
    };
    for key in options.as_object().unwrap().keys() {
        assert!(
            [
                "pool",
                "header",
                "mfa",
                "autoVerified",
                "caseSensitive",
                "passwordHashAlgorithm",
                "fix"
            ]
            .contains(&key.as_str()),
            "{}: unknown option {key}",
            options_path.display()
        );
    }
    Pool::from_sources(sources, &overrides).unwrap()
}

/// The `fix` options of a fixture: `"fix": {...}` in its options file, as
/// the package takes them (`{"dateOrder": "dmy", "maxUsers": 2}`).
pub fn fix_options_for(csv: &Path) -> cognito_csv_validator::fix::FixOptions {
    let Ok(text) = std::fs::read_to_string(sibling(csv, "options.json")) else {
        return Default::default();
    };
    let options: serde_json::Value = serde_json::from_str(&text).unwrap();
    match options.get("fix") {
        Some(fix) => serde_json::from_value(fix.clone()).unwrap(),
        None => Default::default(),
    }
}

/// Validates `bytes` fed in the chunks that `cuts` (sorted offsets) make,
/// taking findings and statuses after every chunk, and returns the report
/// with all of them.
pub fn validate_cut(pool: &Pool, bytes: &[u8], cuts: &[usize]) -> Report {
    validate_cut_with(Validator::new(pool.clone()), bytes, cuts)
}

/// [`validate_cut`] with a validator made by the caller.
pub fn validate_cut_with(mut validator: Validator, bytes: &[u8], cuts: &[usize]) -> Report {
    let mut taken = validator.take();
    let mut from = 0;
    for &cut in cuts.iter().chain(std::iter::once(&bytes.len())) {
        validator.push(&bytes[from..cut]);
        let batch = validator.take();
        taken.findings.extend(batch.findings);
        taken.statuses.append(batch.statuses);
        from = cut;
    }
    let mut report = validator.finish();
    taken.findings.append(&mut report.findings);
    taken.statuses.append(report.statuses);
    report.findings = taken.findings;
    report.statuses = taken.statuses;
    report
}

pub fn validate(pool: &Pool, bytes: &[u8]) -> Report {
    validate_cut(pool, bytes, &[])
}

/// The JSON report, as the command line writes it.
pub fn to_json(report: &Report) -> serde_json::Value {
    let mut json = serde_json::to_value(ReportJson::of(report)).unwrap();
    let findings: Vec<FindingJson> = report.findings.iter().map(FindingJson).collect();
    json["findings"] = serde_json::to_value(findings).unwrap();
    json
}

/// The JSON report as golden files hold it: without the pool, which each
/// fixture's options give.
pub fn to_golden(report: &Report) -> serde_json::Value {
    let mut json = to_json(report);
    json.as_object_mut().unwrap().remove("pool");
    json
}

/// What `fix` made of an input: each file's bytes, and the manifest (or why
/// it stopped).
#[derive(Debug, PartialEq, Eq)]
pub struct Fixed {
    pub files: std::collections::BTreeMap<String, Vec<u8>>,
    pub manifest: Result<cognito_csv_validator::fix::Manifest, String>,
}

impl Fixed {
    /// The import files, in order.
    pub fn parts(&self) -> Vec<&Vec<u8>> {
        self.files
            .iter()
            .filter(|(name, _)| name.starts_with("users-"))
            .map(|(_, bytes)| bytes)
            .collect()
    }

    /// An output's bytes (none when it was not written).
    pub fn file(&self, output: cognito_csv_validator::fix::Output) -> &[u8] {
        self.files
            .get(&output.file_name())
            .map_or(&[][..], Vec::as_slice)
    }

    /// The manifest, `what` naming the input when fix stopped.
    pub fn manifest(&self, what: &str) -> &cognito_csv_validator::fix::Manifest {
        self.manifest
            .as_ref()
            .unwrap_or_else(|error| panic!("{what}: fix stopped: {error}"))
    }

    /// Rows of a CSV output, its header excluded.
    pub fn rows(&self, output: cognito_csv_validator::fix::Output) -> usize {
        String::from_utf8_lossy(self.file(output)).lines().count() - 1
    }
}

/// Appends each chunk of `fix`'s output to its file's bytes.
fn keep_chunks(
    files: &mut std::collections::BTreeMap<String, Vec<u8>>,
    chunks: Vec<cognito_csv_validator::fix::Chunk>,
) {
    for chunk in chunks {
        files
            .entry(chunk.output.file_name())
            .or_default()
            .extend(chunk.bytes);
    }
}

/// Fixes `bytes` fed in the chunks that `cuts` (sorted offsets) make,
/// taking the output after every chunk.
pub fn fix_cut(
    pool: &Pool,
    options: &cognito_csv_validator::fix::FixOptions,
    bytes: &[u8],
    cuts: &[usize],
) -> Fixed {
    let mut fixer = cognito_csv_validator::fix::Fixer::new(pool.clone(), options.clone())
        .expect("the options are good");
    let mut files = std::collections::BTreeMap::<String, Vec<u8>>::new();
    let mut keep = |chunks| keep_chunks(&mut files, chunks);
    let mut from = 0;
    for &cut in cuts.iter().chain(std::iter::once(&bytes.len())) {
        fixer.push(&bytes[from..cut]);
        keep(fixer.take());
        from = cut;
    }
    let manifest = match fixer.finish() {
        Ok(fixed) => {
            keep(fixed.chunks);
            Ok(fixed.manifest)
        }
        Err(error) => Err(error.0),
    };
    Fixed { files, manifest }
}

/// Fixes `bytes` pushed whole.
pub fn fix_whole(
    pool: &Pool,
    options: &cognito_csv_validator::fix::FixOptions,
    bytes: &[u8],
) -> Fixed {
    fix_cut(pool, options, bytes, &[])
}

/// Validates `bytes` cut into parts at the nominal offsets `starts` (the
/// first 0, in order), each part fed in chunks of `chunk` bytes and sent
/// through its byte form, then merged; `None` when the file cannot be cut
/// (its header does not end in its first megabyte, or it is no text).
/// The parts are merged three ways, and the reports must agree: whole; as
/// `--jobs` merges them, keeping only their contested lines (see
/// [`Part::keeping`](cognito_csv_validator::engine::parts::Part::keeping));
/// and as the page's workers send them, their other findings in columns
/// ([`Part::sending`](cognito_csv_validator::engine::parts::Part::sending)).
pub fn validate_parts(pool: &Pool, bytes: &[u8], starts: &[u64], chunk: usize) -> Option<Report> {
    validate_parts_with(pool, None, bytes, starts, chunk)
}

/// [`validate_parts`] of a file imported into a pool that has `existing`
/// users, when given.
pub fn validate_parts_with(
    pool: &Pool,
    existing: Option<std::sync::Arc<cognito_csv_validator::existing::ExistingUsers>>,
    bytes: &[u8],
    starts: &[u64],
    chunk: usize,
) -> Option<Report> {
    use cognito_csv_validator::engine::columns::Columns;
    use cognito_csv_validator::engine::parts::{
        contested_keys, merge, merge_in_columns, Head, Part, PartValidator,
    };
    let head = Head::read(pool, &bytes[..bytes.len().min(1 << 20)])?;
    let parts: Vec<Part> = starts
        .iter()
        .enumerate()
        .map(|(index, &start)| {
            let end = starts.get(index + 1).copied();
            let mut part = PartValidator::new(pool.clone(), &head, start, end);
            let from = (head.read_from(start) as usize).min(bytes.len());
            for piece in bytes[from..].chunks(chunk.max(1)) {
                if !part.push(piece) {
                    break;
                }
            }
            part.finish()
        })
        .collect();
    let sent = |part: Part| Part::from_bytes(&part.to_bytes()).expect("a part's bytes");
    let whole = merge(
        pool.clone(),
        &head,
        parts.iter().cloned().map(sent).collect(),
        existing.clone(),
    );
    {
        let keys: Vec<Vec<u64>> = parts.iter().map(Part::keys).collect();
        let lists: Vec<&[u64]> = keys.iter().map(Vec::as_slice).collect();
        let contested = contested_keys(&lists, existing.as_deref());
        let kept = parts
            .iter()
            .zip(&contested)
            .map(|(part, contested)| sent(part.clone().keeping(contested)))
            .collect();
        let slim = merge(pool.clone(), &head, kept, existing.clone());
        assert_eq!(
            whole, slim,
            "parts keeping their contested lines, cut at {starts:?}"
        );
        // And their other findings in columns, as the page's workers send them.
        let mut offset = 0;
        let sending = parts
            .into_iter()
            .zip(&contested)
            .map(|(part, contested)| {
                let lines = part.lines();
                let part = sent(part.sending(contested, offset));
                offset += lines;
                part
            })
            .collect();
        let (mut report, columns) = merge_in_columns(pool.clone(), &head, sending, existing)
            .expect("parts sent for their places");
        assert_eq!(
            columns,
            Columns::of(&whole.findings, &whole.statuses),
            "findings in columns, cut at {starts:?}"
        );
        report.findings = whole.findings.clone();
        assert_eq!(
            whole, report,
            "parts sending findings in columns, cut at {starts:?}"
        );
    }
    Some(whole)
}

/// The offsets just after each `\n` of `bytes`: where a file may be cut.
pub fn line_starts(bytes: &[u8]) -> Vec<u64> {
    memchr::memchr_iter(b'\n', bytes)
        .map(|at| at as u64 + 1)
        .collect()
}

/// Fixes `bytes` cut into parts at the nominal offsets `starts` (the first
/// 0, in order), as `fix --jobs` does: each part's line breaks counted,
/// each part fed in chunks of `chunk` bytes, its log taken after each,
/// the keys compared, the contested lines read again, the logs merged in
/// chunks of `chunk` bytes. `None` when the file is fixed in one pass
/// instead (no header in its first megabyte, `list-users` output, a quoted
/// value across a cut).
pub fn fix_parts(
    pool: &Pool,
    options: &cognito_csv_validator::fix::FixOptions,
    bytes: &[u8],
    starts: &[u64],
    chunk: usize,
) -> Option<Fixed> {
    use cognito_csv_validator::fix::parts::{
        contested_keys, line_start_after, BreakCount, FixHead, FixMerge, FixPartEnd,
    };
    let head = FixHead::read(pool, options, &bytes[..bytes.len().min(1 << 20)])?;
    // Where each part starts: at a line's first byte past the header.
    let mut exact = vec![0];
    for &start in &starts[1..] {
        let from = head.seek_from(start) as usize;
        let Some(after) = bytes.get(from..).and_then(line_start_after) else {
            continue;
        };
        let at = from + after;
        if at < bytes.len() && at > *exact.last().unwrap() {
            exact.push(at);
        }
    }
    let ranges: Vec<(usize, usize)> = exact
        .iter()
        .zip(exact.iter().skip(1).chain(std::iter::once(&bytes.len())))
        .map(|(&start, &end)| (start, end))
        .collect();
    let mut lines_before = 0;
    let mut logs = Vec::new();
    let mut ends: Vec<FixPartEnd> = Vec::new();
    for (index, &(start, end)) in ranges.iter().enumerate() {
        let mut part = if index == 0 {
            head.first_part()
        } else {
            head.part(lines_before, start as u64)
        };
        let mut log = Vec::new();
        for piece in bytes[start..end].chunks(chunk.max(1)) {
            part.push(piece);
            log.extend(part.take());
        }
        let part_end = part.end(index + 1 == ranges.len()).ok()?;
        let mut count = BreakCount::default();
        for piece in bytes[start..end].chunks(chunk.max(1)) {
            count.push(piece);
        }
        lines_before += count.breaks;
        log.extend(&part_end.log);
        logs.push(log);
        ends.push(part_end);
    }
    let keys: Vec<_> = ends.iter().map(FixPartEnd::keys).collect();
    let contested = contested_keys(&keys);
    drop(keys);
    for (end, contested) in ends.iter_mut().zip(contested) {
        let again = end
            .keeping(&contested)
            .iter()
            .map(|span| bytes[span.start as usize..span.end as usize].to_vec())
            .collect();
        end.read_again(again).expect("as many as asked for");
    }
    let mut merge = FixMerge::new(&head);
    let mut files = std::collections::BTreeMap::<String, Vec<u8>>::new();
    let mut keep = |chunks| keep_chunks(&mut files, chunks);
    for (mut end, log) in ends.into_iter().zip(logs) {
        end.log.clear();
        merge.part(end).expect("a part begins");
        for piece in log.chunks(chunk.max(1)) {
            merge.push(piece).expect("the log merges");
            keep(merge.take());
        }
    }
    let manifest = match merge.finish(bytes.len() as u64) {
        Ok(fixed) => {
            keep(fixed.chunks);
            Ok(fixed.manifest)
        }
        Err(error) => Err(error.0),
    };
    Some(Fixed { files, manifest })
}
