//! The native command line's `fix`: the files it writes (the library's
//! outputs), its summary on standard error, its exit status, the folder it
//! writes to (refused when in use, unless --force; never the input's), its
//! parts, standard input, files it cannot read, --columns and bad option
//! values. The input is never modified.

use cognito_csv_validator::fix::{FixOptions, Fixer};
use cognito_csv_validator::Pool;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const BINARY: &str = env!("CARGO_BIN_EXE_cognito-csv-validator");

/// The default pool's header.
const HEADER: &str =
    "cognito:username,name,given_name,family_name,middle_name,nickname,preferred_username,\
profile,picture,website,email,email_verified,gender,birthdate,zoneinfo,locale,phone_number,\
phone_number_verified,address,updated_at,cognito:mfa_enabled";

/// A file whose every user imports, as it is.
fn clean_file(users: usize) -> String {
    let mut text = format!("{HEADER}\n");
    for index in 0..users {
        text.push_str(&format!(
            "user{index},,,,,,,,,,user{index}@example.com,true,,,,,,,,,false\n"
        ));
    }
    text
}

/// A file of a spreadsheet: fixes to make, and one line to reject.
const SPREADSHEET: &str = "\u{feff}Username;Email;Email_Verified;phone_number\r\n\
ana;ana@example.com;yes;+1 (206) 555-0100\r\n\
bob;not-an-email;1;\r\n\
;;;\r\n\
cy;cy@example.com;TRUE;+1 206 555 0101\r\n";

/// A folder of its own for a test, empty, removed when it drops.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let path = std::env::temp_dir().join(format!("ccv-cli-fix-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        Scratch(path)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }

    /// Writes `bytes` to `name` in the folder (making its parents).
    fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
        path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs the command line in `folder`; the input file (the argument after
/// `fix`, unless `-`) must come out as it went in.
fn run_in(folder: &Path, arguments: &[&str], stdin: Option<&[u8]>) -> Output {
    let input = (arguments.first() == Some(&"fix"))
        .then(|| arguments.get(1))
        .flatten()
        .filter(|input| !input.starts_with('-'))
        .map(|input| folder.join(input));
    let before = input.as_ref().and_then(|path| std::fs::read(path).ok());
    let mut child = Command::new(BINARY)
        .args(arguments)
        .current_dir(folder)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipe = child.stdin.take().unwrap();
    let _ = pipe.write_all(stdin.unwrap_or_default());
    drop(pipe);
    let output = child.wait_with_output().unwrap();
    if let Some(path) = input {
        assert_eq!(
            std::fs::read(&path).ok(),
            before,
            "{} was modified",
            path.display()
        );
    }
    output
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// The files of a folder, by name.
fn files(folder: &Path) -> BTreeMap<String, Vec<u8>> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return BTreeMap::new();
    };
    entries
        .map(|entry| {
            let entry = entry.unwrap();
            (
                entry.file_name().to_string_lossy().into_owned(),
                std::fs::read(entry.path()).unwrap(),
            )
        })
        .collect()
}

/// What the library makes of `bytes`: each file's bytes.
fn library(pool: Pool, options: FixOptions, bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut fixer = Fixer::new(pool, options).unwrap();
    fixer.push(bytes);
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut chunks = fixer.take();
    chunks.extend(fixer.finish().unwrap().chunks);
    for chunk in chunks {
        files
            .entry(chunk.output.file_name())
            .or_default()
            .extend(chunk.bytes);
    }
    files
}

/// Asserts a usage error: status 2, one line `cognito-csv-validator:
/// error: ...` holding `message`, nothing on standard output.
fn assert_usage_error(output: &Output, message: &str) {
    let text = stderr(output);
    assert_eq!(output.status.code(), Some(2), "{text}");
    assert!(
        text.starts_with("cognito-csv-validator: error: ") && text.contains(message),
        "{text:?} should say {message:?}"
    );
    assert!(output.stdout.is_empty());
}

#[test]
fn fix_writes_the_library_s_files_and_sums_up_on_standard_error() {
    let scratch = Scratch::new("writes");
    scratch.write("users.csv", SPREADSHEET);
    let output = run_in(&scratch.0, &["fix", "users.csv", "--out", "out"], None);
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "a line is rejected: {text}");
    assert!(output.stdout.is_empty());
    let written = files(&scratch.path("out"));
    assert_eq!(
        written.keys().collect::<Vec<_>>(),
        ["changes.csv", "manifest.json", "rejects.csv", "users-1.csv"]
    );
    assert_eq!(
        written,
        library(
            Pool::default(),
            FixOptions::default(),
            SPREADSHEET.as_bytes()
        )
    );
    let manifest: serde_json::Value = serde_json::from_slice(&written["manifest.json"]).unwrap();
    assert_eq!(
        (&manifest["imported"], &manifest["rejected"]),
        (&2.into(), &1.into())
    );
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("users.csv: 3 users; 2 in 1 import file (users-1.csv) and 1 in rejects.csv, in out.")
    );
    let changes = lines.next().unwrap();
    assert!(
        changes.starts_with("Changes (changes.csv): ")
            && changes.contains("file.bom")
            && changes.contains("file.separator")
            && changes.contains("boolean.invalid")
            && changes.contains("phone_number.invalid"),
        "{changes}"
    );
    assert!(
        text.contains(
            "\nNext, for each import file in turn (one import job per account at a time):\n"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "  aws cognito-idp create-user-import-job --user-pool-id POOL_ID --job-name users-1 "
        ),
        "{text}"
    );
}

#[test]
fn exit_status_is_0_when_everything_imports_and_1_for_a_reject_or_a_blocker() {
    let scratch = Scratch::new("status");
    let clean = clean_file(2);
    scratch.write("clean.csv", &clean);
    let output = run_in(&scratch.0, &["fix", "clean.csv", "--out", "out"], None);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        std::fs::read_to_string(scratch.path("out/users-1.csv")).unwrap(),
        clean,
        "a file with no finding comes out the same"
    );
    assert_eq!(
        stderr(&output).lines().next(),
        Some("clean.csv: 2 users; 2 in 1 import file (users-1.csv) and 0 in rejects.csv, in out.")
    );

    // A pool that verifies no address: every job fails, whatever fix does.
    let output = run_in(
        &scratch.0,
        &["fix", "clean.csv", "--out", "blocked", "--auto-verified="],
        None,
    );
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(text.contains("\nStill stops the job: "), "{text}");
    assert!(scratch.path("blocked/users-1.csv").exists());

    let output = run_in(&scratch.0, &["fix", "clean.csv"], None);
    assert_usage_error(&output, "fix needs --out DIR");
    let output = run_in(
        &scratch.0,
        &["fix", "clean.csv", "--out", "x", "--no-such-flag"],
        None,
    );
    assert_usage_error(&output, "--no-such-flag");
    assert!(!scratch.path("x").exists());
}

#[test]
fn a_folder_in_use_is_refused_without_force_and_with_it_only_an_earlier_fix_s_files_go() {
    let scratch = Scratch::new("force");
    scratch.write("users.csv", clean_file(1));
    let earlier = [
        "users-1.csv",
        "users-7.csv",
        "rejects.csv",
        "changes.csv",
        "subs.csv",
        "manifest.json",
    ];
    let theirs = ["notes.txt", "users.csv", "users-1.csv.bak", "users-x.csv"];
    for name in earlier.iter().chain(&theirs) {
        scratch.write(&format!("out/{name}"), format!("{name} before"));
    }
    let before = files(&scratch.path("out"));
    let output = run_in(&scratch.0, &["fix", "users.csv", "--out", "out"], None);
    assert_usage_error(
        &output,
        "out is not empty (10 entries): give an empty or new folder, or --force to replace the files of an earlier fix in it",
    );
    assert_eq!(files(&scratch.path("out")), before, "nothing is touched");

    let output = run_in(
        &scratch.0,
        &["fix", "users.csv", "--out", "out", "--force"],
        None,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let after = files(&scratch.path("out"));
    assert!(
        !after.contains_key("users-7.csv"),
        "an earlier part is removed"
    );
    assert!(
        !after.contains_key("subs.csv"),
        "the subs of an earlier fix of list-users output are removed"
    );
    for name in theirs {
        assert_eq!(
            after[name],
            format!("{name} before").into_bytes(),
            "{name} is kept"
        );
    }
    for name in ["users-1.csv", "rejects.csv", "changes.csv", "manifest.json"] {
        assert_ne!(after[name], format!("{name} before").into_bytes(), "{name}");
    }
    assert_eq!(after["users-1.csv"], clean_file(1).into_bytes());
}

#[test]
fn the_input_is_never_in_the_folder_under_a_name_fix_writes() {
    let scratch = Scratch::new("input-in-folder");
    let clean = clean_file(1);
    for name in ["users-1.csv", "rejects.csv", "changes.csv"] {
        scratch.write(&format!("out/{name}"), &clean);
        for force in [false, true] {
            let input = format!("out/{name}");
            let mut arguments = vec!["fix", input.as_str(), "--out", "out"];
            if force {
                arguments.push("--force");
            }
            let output = run_in(&scratch.0, &arguments, None);
            assert_usage_error(
                &output,
                &format!("the input {name} is in out, where fix writes a file of that name: give another folder"),
            );
            assert_eq!(files(&scratch.path("out")).len(), 1, "{name}");
        }
        std::fs::remove_file(scratch.path(&format!("out/{name}"))).unwrap();
    }
    // Through another path to the same folder.
    scratch.write("out/users-2.csv", &clean);
    let output = run_in(
        &scratch.0,
        &[
            "fix",
            "out/users-2.csv",
            "--out",
            "./out/../out/",
            "--force",
        ],
        None,
    );
    assert_usage_error(&output, "the input users-2.csv is in ./out/../out/");
    // Another name in the folder: with --force, fix writes beside it.
    std::fs::rename(
        scratch.path("out/users-2.csv"),
        scratch.path("out/mine.csv"),
    )
    .unwrap();
    let output = run_in(
        &scratch.0,
        &["fix", "out/mine.csv", "--out", "out", "--force"],
        None,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        std::fs::read_to_string(scratch.path("out/mine.csv")).unwrap(),
        clean
    );
}

#[test]
fn out_must_be_a_folder() {
    let scratch = Scratch::new("out-file");
    scratch.write("users.csv", clean_file(1));
    scratch.write("out.txt", "mine");
    let output = run_in(&scratch.0, &["fix", "users.csv", "--out", "out.txt"], None);
    assert_usage_error(
        &output,
        "--out out.txt is a file: give a folder (it is made if missing)",
    );
    assert_eq!(
        std::fs::read_to_string(scratch.path("out.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn parts_are_cut_at_max_users_and_a_missing_folder_is_made() {
    let scratch = Scratch::new("parts");
    scratch.write("users.csv", clean_file(5));
    let output = run_in(
        &scratch.0,
        &["fix", "users.csv", "--out", "a/b/out", "--max-users", "2"],
        None,
    );
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{text}");
    let written = files(&scratch.path("a/b/out"));
    for (name, users) in [("users-1.csv", 2), ("users-2.csv", 2), ("users-3.csv", 1)] {
        let part = String::from_utf8(written[name].clone()).unwrap();
        assert_eq!(part.lines().count(), users + 1, "{name}");
        assert!(part.starts_with(HEADER), "{name}");
    }
    assert!(!written.contains_key("users-4.csv"));
    assert!(
        text.starts_with("users.csv: 5 users; 5 in 3 import files (users-1.csv, users-2.csv, users-3.csv) and 0 in rejects.csv, in a/b/out."),
        "{text}"
    );
    let options = FixOptions {
        max_users: 2,
        ..FixOptions::default()
    };
    assert_eq!(
        written,
        library(Pool::default(), options, clean_file(5).as_bytes())
    );
}

#[test]
fn standard_input_is_fixed_as_a_file_is() {
    let scratch = Scratch::new("stdin");
    scratch.write("users.csv", SPREADSHEET);
    let from_file = run_in(&scratch.0, &["fix", "users.csv", "--out", "file"], None);
    let from_stdin = run_in(
        &scratch.0,
        &["fix", "-", "--out", "stdin"],
        Some(SPREADSHEET.as_bytes()),
    );
    assert_eq!(from_stdin.status.code(), from_file.status.code());
    assert_eq!(files(&scratch.path("stdin")), files(&scratch.path("file")));
    assert_eq!(
        stderr(&from_stdin),
        stderr(&from_file)
            .replacen("users.csv:", "<stdin>:", 1)
            .replace(" in file.", " in stdin.")
    );
}

#[test]
fn a_file_fix_cannot_read_exits_2_with_what_to_do_and_writes_no_part() {
    let scratch = Scratch::new("unreadable");
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            clean_file(1)
                .encode_utf16()
                .flat_map(|unit| unit.to_le_bytes()),
        )
        .collect();
    let cases: [(&str, Vec<u8>, &str); 5] = [
        ("utf16.csv", utf16, "the file is UTF-16 text"),
        (
            "no-header.csv",
            b"ana,ana@example.com,true\nbob,bob@example.com,true\n".to_vec(),
            "line 1 is not a header: none of its names is a column of the pool (default pool); put the header line first, or name the columns with --columns",
        ),
        ("empty.csv", Vec::new(), "the file is empty"),
        ("blank.csv", b"\n\r\n  \n".to_vec(), "the file has no header line"),
        (
            "json.csv",
            b"[{\"username\": \"ana\"}]\n".to_vec(),
            "the file was read as list-users output (JSON, as its first character is { or [): line 1, column 20: user 1 has no \"Username\"",
        ),
    ];
    for (name, bytes, message) in cases {
        scratch.write(name, &bytes);
        let out = format!("out-{name}");
        let output = run_in(&scratch.0, &["fix", name, "--out", &out], None);
        assert_usage_error(&output, &format!("cannot fix {name}: {message}"));
        assert_eq!(stderr(&output).lines().count(), 1, "{name}");
        let written = files(&scratch.path(&out));
        assert!(written.is_empty(), "{name}: wrote {:?}", written.keys());
    }
}

#[test]
fn columns_name_the_columns_of_a_file_without_a_header() {
    let scratch = Scratch::new("columns");
    scratch.write(
        "no-header.csv",
        "ana,ana@example.com,true,x\nbob,bob@example.com,true,y\n",
    );
    let output = run_in(
        &scratch.0,
        &[
            "fix",
            "no-header.csv",
            "--out",
            "out",
            "--columns",
            "cognito:username,email,email_verified,",
        ],
        None,
    );
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{text}");
    let part = std::fs::read_to_string(scratch.path("out/users-1.csv")).unwrap();
    assert!(
        part.starts_with("cognito:username,email,email_verified,"),
        "{part}"
    );
    assert!(part.contains("\nana,ana@example.com,true,"), "{part}");
    assert!(part.contains("\nbob,bob@example.com,true,"), "{part}");
    assert!(!part.contains(",x") && !part.contains(",y"), "{part}");
    assert_eq!(part.lines().count(), 3);

    // --columns for a file that has a header: refused.
    scratch.write("header.csv", clean_file(1));
    let output = run_in(
        &scratch.0,
        &[
            "fix",
            "header.csv",
            "--out",
            "out2",
            "--columns",
            "cognito:username",
        ],
        None,
    );
    assert_usage_error(&output, "--columns is for a file without one");
}

#[test]
fn bad_option_values_exit_2_with_a_message_and_write_nothing() {
    let scratch = Scratch::new("bad-values");
    scratch.write("users.csv", clean_file(1));
    let cases: [(&[&str], &str); 8] = [
        (
            &["--max-users", "0"],
            "max users is 0: it must be 1 to 500000 (Cognito's limit)",
        ),
        (&["--max-users", "500001"], "max users is 500001"),
        (&["--max-users", "lots"], "--max-users takes a whole number, not \"lots\""),
        (
            &["--max-bytes", "5"],
            "max bytes is 5: it must be 100000 to 100000000 (Cognito's limit), so that the longest line fits",
        ),
        (&["--date-order", "ymd"], "--date-order takes mdy or dmy, not \"ymd\""),
        (
            &["--default-country", "XX"],
            "--default-country takes a country whose numbers fix knows (",
        ),
        (&["--assume-verified", "phone"], "phone"),
        (&["--format", "json"], "fix takes no --format"),
    ];
    for (flags, message) in cases {
        let mut arguments = vec!["fix", "users.csv", "--out", "out"];
        arguments.extend_from_slice(flags);
        let output = run_in(&scratch.0, &arguments, None);
        assert_usage_error(&output, message);
        assert!(!scratch.path("out").exists(), "{flags:?} made the folder");
    }
}

/// A pool's users, as `aws cognito-idp list-users` writes them.
fn list_users_fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fix-fixtures/list-users")
        .join(name);
    std::fs::read(path).unwrap()
}

#[test]
fn fix_reads_list_users_output_from_a_file_or_standard_input() {
    let scratch = Scratch::new("list-users");
    let listed = list_users_fixture("to-default-pool.json");
    scratch.write("users.json", &listed);
    let library_files = library(Pool::default(), FixOptions::default(), &listed);
    assert_eq!(
        library_files.keys().collect::<Vec<_>>(),
        [
            "changes.csv",
            "manifest.json",
            "rejects.csv",
            "subs.csv",
            "users-1.csv"
        ]
    );
    for (input, stdin, out) in [
        ("users.json", None, "out"),
        ("-", Some(&listed[..]), "piped"),
    ] {
        let output = run_in(&scratch.0, &["fix", input, "--out", out], stdin);
        let text = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "users are rejected: {text}");
        assert_eq!(files(&scratch.path(out)), library_files, "{input}");
        let mut lines = text.lines();
        let name = if input == "-" { "<stdin>" } else { input };
        assert_eq!(
            lines.next(),
            Some(format!("{name}: 6 users; 2 in 1 import file (users-1.csv) and 4 in rejects.csv, in {out}.").as_str()),
            "{text}"
        );
        assert_eq!(
            lines.next(),
            Some("Read as list-users output: 1 UNCONFIRMED, 1 disabled, 1 of an identity provider; attributes the pool does not have, left out: custom:tier (1 user). Where each user's sub went: subs.csv."),
            "{text}"
        );
        assert!(text.contains("Rejected (rejects.csv): 1 user.unconfirmed, 1 user.disabled, 1 verified.none, 1 user.external_provider, 1 username.duplicate."), "{text}");
        assert!(text.contains("  aws cognito-idp admin-get-user --user-pool-id POOL_ID --username COGNITO_USERNAME"), "{text}");
    }
}

#[test]
fn keep_unconfirmed_and_keep_disabled_import_those_users() {
    let scratch = Scratch::new("list-users-keep");
    scratch.write(
        "users.json",
        list_users_fixture("keep-unconfirmed-and-disabled.json"),
    );
    let output = run_in(
        &scratch.0,
        &["fix", "users.json", "--out", "rejected"],
        None,
    );
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(
        text.starts_with("users.json: 4 users; 1 in 1 import file (users-1.csv) and 3 in rejects.csv, in rejected.\nRead as list-users output: 2 UNCONFIRMED, 2 disabled, 0 of an identity provider."),
        "{text}"
    );
    let output = run_in(
        &scratch.0,
        &[
            "fix",
            "users.json",
            "--out",
            "out",
            "--keep-unconfirmed",
            "--keep-disabled",
        ],
        None,
    );
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert!(
        text.starts_with(
            "users.json: 4 users; 4 in 1 import file (users-1.csv) and 0 in rejects.csv, in out."
        ),
        "{text}"
    );
    assert!(text.contains("  # 2 users disabled in the pool listed, imported enabled (subs.csv notes them): after the import, for each\n  aws cognito-idp admin-disable-user --user-pool-id POOL_ID --username COGNITO_USERNAME\n"), "{text}");
    let subs = std::fs::read_to_string(scratch.path("out/subs.csv")).unwrap();
    assert!(
        subs.contains("\r\n5e2f7a90-1b3c-4d6e-8f90-a1b2c3d4e5f6,jörg,users-1.csv,3,jörg,\"disabled in the pool listed"),
        "{subs}"
    );
    let help = run_in(&scratch.0, &["fix", "--help"], None);
    let help = String::from_utf8(help.stdout).unwrap();
    assert!(
        help.contains("  --keep-unconfirmed     list-users input: import users UNCONFIRMED"),
        "{help}"
    );
    let output = run_in(&scratch.0, &["users.json", "--keep-disabled"], None);
    assert_usage_error(&output, "--keep-disabled is an option of fix");
}
