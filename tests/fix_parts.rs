//! `fix` of a file cut into parts (`fix --jobs`): every fixture, cut at
//! every line break and into three parts at any two, fed in chunks of any
//! size, writes the files one pass writes, byte for byte.

mod common;

use cognito_csv_validator::fix::FixOptions;
use common::*;
use std::path::PathBuf;

fn fix_fixtures() -> Vec<PathBuf> {
    let mut all = csv_files_under(&tests_dir().join("fix-fixtures"));
    all.extend(fixtures());
    all.sort();
    all
}

/// The files of `fixed` are those of `whole`, shown as text where not.
fn assert_same(fixed: &Fixed, whole: &Fixed, what: &str) {
    if fixed == whole {
        return;
    }
    let text = |fixed: &Fixed| {
        let mut out = format!("{:#?}\n", fixed.manifest);
        for (name, bytes) in &fixed.files {
            out.push_str(&format!(
                "==> {name} <==\n{}\n",
                String::from_utf8_lossy(bytes)
            ));
        }
        out
    };
    panic!(
        "{what}: in parts\n{}\none pass\n{}",
        text(fixed),
        text(whole)
    );
}

#[test]
fn every_fixture_cut_at_every_line_break_is_fixed_as_in_one_pass() {
    let (mut merged, mut one_pass) = (0, 0);
    for csv in fix_fixtures() {
        let (pool, options) = (pool_for(&csv), fix_options_for(&csv));
        let bytes = std::fs::read(&csv).unwrap();
        let whole = fix_whole(&pool, &options, &bytes);
        let starts = line_starts(&bytes);
        for (index, &cut) in starts.iter().enumerate() {
            for chunk in [1, 7, bytes.len()] {
                match fix_parts(&pool, &options, &bytes, &[0, cut], chunk) {
                    None => one_pass += 1,
                    Some(fixed) => {
                        merged += 1;
                        assert_same(
                            &fixed,
                            &whole,
                            &format!("{} cut at {cut}, in chunks of {chunk}", csv.display()),
                        );
                    }
                }
            }
            // Three parts: this break and one further on.
            if let Some(&later) = starts.get(index + 1 + index % 3) {
                let fixed = fix_parts(&pool, &options, &bytes, &[0, cut, later], 5);
                if let Some(fixed) = fixed {
                    assert_same(
                        &fixed,
                        &whole,
                        &format!("{} cut at {cut} and {later}", csv.display()),
                    );
                }
            }
        }
    }
    // Most cuts are merged: the comparison is not empty.
    assert!(
        merged > 10 * one_pass,
        "{merged} merged, {one_pass} in one pass"
    );
}

#[test]
fn a_username_taken_in_one_part_is_a_repeat_in_the_next_and_a_failed_line_frees_it() {
    let pool = cognito_csv_validator::Pool::default();
    let header = pool.header.join(",");
    let line = |name: &str, email: &str| format!("{name},,,,,,,,,,{email},true,,,,,,,,,false");
    let file = [
        header.clone(),
        line("ana", "ana@example.com"),
        line("bob", "not-an-email"),
        line("cy", "cy@example.com"),
        // A repeat of ana (skipped), bob's username after bob failed
        // (imported), and cy's email as another user's (fails).
        line("ana", "other@example.com"),
        line("bob", "bob@example.com"),
        line("dee", "cy@example.com"),
    ]
    .join("\n");
    let bytes = file.as_bytes();
    let whole = fix_whole(&pool, &FixOptions::default(), bytes);
    let starts = line_starts(bytes);
    let fixed = fix_parts(&pool, &FixOptions::default(), bytes, &[0, starts[3]], 4)
        .expect("cut after line 4");
    assert_same(&fixed, &whole, "cut after line 4");
    let manifest = whole.manifest("the file");
    assert_eq!(
        (manifest.imported, manifest.rejected),
        (4, 2),
        "{manifest:?}"
    );
    assert_eq!(
        manifest.parts[0].lines,
        [[2, 2], [4, 4], [6, 7]],
        "ana and bob of line 6 are imported"
    );
}

#[test]
fn lines_read_as_rfc_4180_or_alone_are_fixed_again_as_they_were_read() {
    let pool = cognito_csv_validator::Pool::default();
    // Separated by `;`, values in quotes, one over a line break; repeats
    // of usernames written in quotes, and one after a quote that never
    // closes (its line is read alone, as Cognito reads it).
    let file = "Username;Email;email_verified;Name\n\
                ana;ana@example.com;1;\"Ana\nGarcia\"\n\
                bob;bob@example.com;1;\"Bob \"\"B\"\" Smith\"\n\
                \"ana\";x@example.com;1;Ana again\n\
                \"bob\";bob2@example.com;1;\"Bob\nagain\"\n\
                cy;cy@example.com;1;\"open quote\n\
                dee;dee@example.com;1;Dee\n\
                cy;cy2@example.com;1;C\n";
    let bytes = file.as_bytes();
    let whole = fix_whole(&pool, &FixOptions::default(), bytes);
    let manifest = whole.manifest("the file");
    assert_eq!(manifest.rejected_by_code[0].code, "username.duplicate");
    assert_eq!(manifest.rejected_by_code[0].count, 3, "{manifest:?}");
    let mut merged = 0;
    for cut in line_starts(bytes) {
        for chunk in [1, 4, bytes.len()] {
            if let Some(fixed) = fix_parts(&pool, &FixOptions::default(), bytes, &[0, cut], chunk) {
                merged += 1;
                assert_same(&fixed, &whole, &format!("cut at {cut}, chunks of {chunk}"));
            }
        }
    }
    // Cuts inside a quoted value are fixed in one pass; the others merge.
    assert!(merged >= 3 * 4, "{merged} merged");
}

#[test]
fn a_line_that_fails_only_for_a_repeat_in_its_part_may_take_its_username_in_the_file() {
    use cognito_csv_validator::pool::Alias;
    let pool = cognito_csv_validator::Pool {
        alias_attributes: vec![Alias::Email],
        ..cognito_csv_validator::Pool::default()
    };
    let header = pool.header.join(",");
    let line = |name: &str, email: &str| format!("{name},,,,,,,,,,{email},true,,,,,,,,,false");
    // In one pass: zed's repeat is skipped and takes nothing, so yan's
    // email is free and yan imports; the failing line after it then
    // repeats yan's username too. In its part, yan failed for the email
    // zed's repeat took: only the file as a whole says yan takes its
    // username.
    let file = [
        header,
        line("zed", "z@example.com"),
        line("zed", "e@example.com"),
        line("yan", "e@example.com"),
        line("yan", "not-an-email"),
    ]
    .join("\n");
    let bytes = file.as_bytes();
    let whole = fix_whole(&pool, &FixOptions::default(), bytes);
    let rejects = String::from_utf8_lossy(whole.file(cognito_csv_validator::fix::Output::Rejects))
        .into_owned();
    assert!(
        rejects
            .lines()
            .any(|row| row.starts_with("5,username.duplicate email.invalid,")),
        "{rejects}"
    );
    let starts = line_starts(bytes);
    let fixed =
        fix_parts(&pool, &FixOptions::default(), bytes, &[0, starts[1]], 9).expect("cut after zed");
    assert_same(&fixed, &whole, "cut after line 2");
}

#[test]
fn a_damaged_log_is_refused_with_what_to_do() {
    use cognito_csv_validator::fix::parts::{FixHead, FixMerge};
    let pool = cognito_csv_validator::Pool::default();
    let file = format!("{}\n", pool.header.join(","));
    let head = FixHead::read(&pool, &FixOptions::default(), file.as_bytes()).unwrap();
    let mut part = head.first_part();
    part.push(file.as_bytes());
    // Its log (taken, and its end's) is left out: damaged bytes come instead.
    part.take();
    let mut end = part.end(true).unwrap();
    end.log.clear();
    let mut merge = FixMerge::new(&head);
    merge.part(end).unwrap();
    // An event of 1 byte whose tag is none.
    let error = merge.push(&[1, 0, 0, 0, 99]).unwrap_err();
    assert!(
        error.0.contains("garbled") && error.0.ends_with("fix it again, or with --jobs 1"),
        "{}",
        error.0
    );
}
