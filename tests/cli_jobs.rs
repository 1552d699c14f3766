//! `--jobs`: the native command line reads a file in parts at once, and
//! writes what one pass writes, in every form; `fix` writes the files one
//! pass writes.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use cognito_csv_validator::cli::{Run, Step, HEAD_BYTES};
use cognito_csv_validator::Pool;
use common::*;
use std::path::PathBuf;
use std::process::{Command, Output};

const BINARY: &str = env!("CARGO_BIN_EXE_cognito-csv-validator");

/// A file of about 9 MB, large enough to be cut in two: users whose
/// usernames and emails repeat from one end of it to the other, lines
/// that fail, blank lines and `\r\r\n` terminators here and there.
fn large_file(test: &str) -> PathBuf {
    let folder = std::env::temp_dir().join(format!("cli-jobs-{test}-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    let path = folder.join("users.csv");
    let mut file = Pool::default().header.join(",");
    file.push('\n');
    let mut user = 0u64;
    while file.len() < 9_000_000 {
        user += 1;
        // Every 997th user takes the username, and every 1009th the email,
        // of a user ~40,000 lines before or after it.
        let name = if user % 997 == 0 {
            user.abs_diff(40_000)
        } else {
            user
        };
        let email = if user % 1009 == 0 {
            (user + 40_000) % 90_000
        } else {
            user
        };
        let verified = if user % 13 == 0 { "maybe" } else { "true" };
        file.push_str(&format!(
            "user{name},Ana García,Ana,García,,,,https://example.com/p/{user}xxxxxxxxxxxxxxxxxx,,,user.{email}@example.com,{verified},,,,,+1206555{:04},false,,1700000000,false\n",
            user % 10_000
        ));
        if user % 5_000 == 0 {
            file.push_str("\n\n");
        }
        if user % 7_001 == 0 {
            file.push_str("\r\r\n");
        }
    }
    // Users of tests/existing's pool, once each, at the file's end: only
    // the pool's users, when given, make these lines repeats.
    for name in ["ana.garcia", "JÖRG", "小明"] {
        file.push_str(&format!(
            "{name},Ana García,Ana,García,,,,,,,{name}@example.com,true,,,,,+12065550100,false,,1700000000,false\n"
        ));
    }
    std::fs::write(&path, file).unwrap();
    path
}

fn run(arguments: &[&str]) -> Output {
    Command::new(BINARY)
        .args(arguments)
        .current_dir(tests_dir())
        .output()
        .unwrap()
}

#[test]
fn a_file_read_in_parts_gives_what_one_pass_gives_in_every_form() {
    let path = large_file("forms");
    let file = path.to_str().unwrap();
    for format in ["text", "json", "csv", "cloudwatch"] {
        let one_pass = run(&[file, "--format", format, "--jobs", "1"]);
        assert!(one_pass.stderr.is_empty(), "{one_pass:?}");
        for jobs in ["2", "3"] {
            let in_parts = run(&[file, "--format", format, "--jobs", jobs]);
            assert_eq!(in_parts.status, one_pass.status, "{format}, --jobs {jobs}");
            assert!(
                in_parts.stdout == one_pass.stdout,
                "{format}, --jobs {jobs}: the output differs from one pass's"
            );
        }
    }
    // With the pool's users, some of whom the file's last lines repeat.
    let existing = "existing/list-users.json";
    let one_pass = run(&[
        file,
        "--existing",
        existing,
        "--format",
        "json",
        "--jobs",
        "1",
    ]);
    assert!(one_pass.stderr.is_empty(), "{one_pass:?}");
    let in_parts = run(&[
        file,
        "--existing",
        existing,
        "--format",
        "json",
        "--jobs",
        "2",
    ]);
    let repeats = |output: &Output| {
        String::from_utf8_lossy(&output.stdout)
            .matches("\"username.duplicate\"")
            .count()
    };
    let without = run(&[file, "--format", "json", "--jobs", "1"]);
    assert_eq!(
        repeats(&one_pass),
        repeats(&without) + 3,
        "the file's last lines repeat the pool's users"
    );
    assert!(
        in_parts.stdout == one_pass.stdout,
        "--existing: the output differs"
    );
    std::fs::remove_dir_all(path.parent().unwrap()).unwrap();
}

#[test]
fn the_run_cuts_a_large_file_and_reads_a_small_one_in_one_pass() {
    let path = large_file("cuts");
    let file = path.to_str().unwrap().to_owned();
    let bytes = std::fs::read(&path).unwrap();
    let head = &bytes[..HEAD_BYTES];
    let (mut run, step) = Run::start(vec![file.clone(), "--jobs".into(), "2".into()]);
    assert_eq!(
        step,
        Step::ReadInParts {
            path: file.clone(),
            jobs: Some(2)
        }
    );
    assert_eq!(run.cut_input(head, bytes.len() as u64, 2).len(), 2);
    // A small file: no parts, read in one pass.
    let (mut run, _) = Run::start(vec![file.clone()]);
    assert!(run.cut_input(head, 4 << 20, 2).is_empty());
    // Standard input, several files and --jobs 1 are read in one pass.
    for words in [
        vec!["-"],
        vec![&file[..], &file[..]],
        vec![&file[..], "-j", "1"],
    ] {
        let (_, step) = Run::start(words.iter().map(|&word| word.to_owned()).collect());
        assert!(
            matches!(step, Step::ReadInput { .. }),
            "{words:?}: {step:?}"
        );
    }
    std::fs::remove_dir_all(path.parent().unwrap()).unwrap();
}

#[test]
fn jobs_takes_a_number_of_parts() {
    for value in ["0", "two", "-1"] {
        let output = run(&["aws-template-example.csv", "--jobs", value]);
        assert_eq!(output.status.code(), Some(2));
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(
            stderr.contains(&format!(
                "--jobs takes a number of parts, 1 or more, not \"{value}\""
            )),
            "{stderr}"
        );
    }
}

/// The files `fix` wrote in `folder`, by name.
fn files_in(folder: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(folder)
        .unwrap()
        .map(|entry| {
            let entry = entry.unwrap();
            let name = entry.file_name().to_string_lossy().into_owned();
            (name, std::fs::read(entry.path()).unwrap())
        })
        .collect()
}

/// What `fix` did: its files, standard error and status.
type FixRun = (
    std::collections::BTreeMap<String, Vec<u8>>,
    String,
    Option<i32>,
);

/// `fix FILE --out OUT --jobs JOBS` (the folder's name taken out of
/// standard error).
fn fix_with_jobs(file: &str, out: &std::path::Path, jobs: &str) -> FixRun {
    let output = run(&["fix", file, "--out", out.to_str().unwrap(), "--jobs", jobs]);
    let stderr = String::from_utf8_lossy(&output.stderr).replace(out.to_str().unwrap(), "OUT");
    (files_in(out), stderr, output.status.code())
}

#[test]
fn a_file_fixed_in_parts_gives_the_files_of_one_pass() {
    let path = large_file("fix");
    let file = path.to_str().unwrap();
    let folder = path.parent().unwrap();
    let one_pass = fix_with_jobs(file, &folder.join("one"), "1");
    assert!(one_pass.1.contains("username.duplicate"), "{}", one_pass.1);
    let bytes = std::fs::read(&path).unwrap();
    for jobs in ["2", "3"] {
        let in_parts = fix_with_jobs(file, &folder.join(jobs), jobs);
        assert!(
            in_parts == one_pass,
            "--jobs {jobs}: other files than one pass's"
        );
    }
    // A quoted value over line breaks where the file is cut: fixed in one
    // pass instead, with the same files.
    let middle = bytes.len() / 2;
    let at = middle
        + bytes[middle..]
            .iter()
            .position(|&byte| byte == b'\n')
            .unwrap()
        + 1;
    let mut quoted =
        b"quoted,Ana,Ana,Garc\xC3\xADa,,,,,,,quoted@example.com,true,,,,,,false,\"".to_vec();
    for line in 0..100 {
        quoted.extend(format!("floor {line}\n").as_bytes());
    }
    quoted.extend(b"\",1700000000,false\n");
    let spliced = [&bytes[..at], &quoted[..], &bytes[at..]].concat();
    let spliced_path = folder.join("quoted.csv");
    std::fs::write(&spliced_path, &spliced).unwrap();
    let spliced_file = spliced_path.to_str().unwrap();
    let one_pass = fix_with_jobs(spliced_file, &folder.join("quoted-one"), "1");
    assert!(one_pass.1.contains("value.line_break"), "{}", one_pass.1);
    let in_parts = fix_with_jobs(spliced_file, &folder.join("quoted-2"), "2");
    assert!(
        in_parts == one_pass,
        "a quoted value across the cut: other files"
    );
    std::fs::remove_dir_all(folder).unwrap();
}

#[test]
fn a_temporary_folder_that_cannot_be_written_is_named_with_the_way_out() {
    let path = large_file("temporary");
    let folder = path.parent().unwrap();
    let output = Command::new(BINARY)
        .args(["fix", path.to_str().unwrap(), "--out"])
        .arg(folder.join("out"))
        .args(["--jobs", "2"])
        .env("TMPDIR", folder.join("missing"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("cannot write a temporary file in ")
            && stderr.contains("missing, where fix logs each part")
            && stderr.contains("set TMPDIR to a folder it can write")
            && stderr.contains("or give --jobs 1"),
        "{stderr}"
    );
    std::fs::remove_dir_all(folder).unwrap();
}
