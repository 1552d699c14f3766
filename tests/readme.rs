//! The README's rule catalogue and the list of fixes (in docs/fix.md) are
//! generated from their tables, and the README's example runs are what the
//! command line prints: none may drift. `UPDATE_README=1 cargo test --test
//! readme` rewrites them.

use cognito_csv_validator::fix::FIXES;
use cognito_csv_validator::rules::catalogue_markdown;

const START: &str = "<!-- rules:start (generated from src/rules.rs: UPDATE_README=1 cargo test --test readme) -->\n";
const END: &str = "<!-- rules:end -->";

const FIXES_START: &str =
    "<!-- fixes:start (generated from src/fix/table.rs: UPDATE_README=1 cargo test --test readme) -->\n";
const FIXES_END: &str = "<!-- fixes:end -->";

/// One test, as each part rewrites the README with `UPDATE_README=1`.
#[test]
fn the_readme_says_what_the_code_does() {
    part_is_generated("README.md", START, END, &catalogue_markdown());
    part_is_generated("docs/fix.md", FIXES_START, FIXES_END, &fixes_markdown());
    readme_example_runs_are_what_the_command_line_prints();
}

/// The fix table as docs/fix.md lists it.
fn fixes_markdown() -> String {
    let mut out = String::from("| fix | what it does |\n|---|---|\n");
    for fix in FIXES {
        // A `|` in a summary would end its cell.
        let summary = fix.summary.replace('|', "\\|");
        out.push_str(&format!("| `{}` | {summary} |\n", fix.code.as_str()));
    }
    out
}

/// The text of `file` between `start_marker` and `end_marker` is `generated`.
fn part_is_generated(file: &str, start_marker: &str, end_marker: &str, generated: &str) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
    let readme = std::fs::read_to_string(&path).unwrap();
    let start = readme
        .find(start_marker)
        .unwrap_or_else(|| panic!("{file} has the marker {start_marker}"))
        + start_marker.len();
    let end = readme[start..]
        .find(end_marker)
        .unwrap_or_else(|| panic!("{file} has the marker {end_marker}"))
        + start;
    if std::env::var_os("UPDATE_README").is_some() {
        std::fs::write(
            &path,
            format!("{}{generated}{}", &readme[..start], &readme[end..]),
        )
        .unwrap();
    } else {
        assert_eq!(
            &readme[start..end],
            generated,
            "{file}'s text after {start_marker:?} differs from its table: run UPDATE_README=1 cargo test --test readme"
        );
    }
}

const EXAMPLE_START: &str = "<!-- example:start (checked by tests/readme.rs) -->\n```text\n";
const EXAMPLE_END: &str = "```\n<!-- example:end -->";

/// The README's example runs show what the command line really prints
/// (`UPDATE_README=1` rewrites them).
fn readme_example_runs_are_what_the_command_line_prints() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let update = std::env::var_os("UPDATE_README").is_some();
    let mut rewritten = String::new();
    let mut rest = readme.as_str();
    let mut checked = 0;
    while let Some(found) = rest.find(EXAMPLE_START) {
        let start = found + EXAMPLE_START.len();
        let end = rest[start..]
            .find(EXAMPLE_END)
            .expect("every example:start has its example:end")
            + start;
        let example = &rest[start..end];
        rewritten.push_str(&rest[..start]);
        rest = &rest[end..];
        let (command, shown) = example.split_once('\n').unwrap();
        let mut arguments: Vec<String> = command
            .strip_prefix("$ cognito-csv-validator ")
            .expect("an example starts with `$ cognito-csv-validator ...`")
            .split_whitespace()
            .map(String::from)
            .collect();
        // `fix --out DIR` writes into a temporary folder, not the working
        // tree; what it prints names DIR.
        let out = arguments
            .iter()
            .position(|word| word == "--out")
            .map(|at| at + 1);
        let temporary = std::env::temp_dir().join(format!("readme-fix-{}", std::process::id()));
        let shown_folder = out.map(|at| {
            let _ = std::fs::remove_dir_all(&temporary);
            std::mem::replace(&mut arguments[at], temporary.display().to_string())
        });
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_cognito-csv-validator"))
            .args(&arguments)
            .current_dir(root)
            .output()
            .unwrap();
        // Standard output, then standard error (where fix sums up).
        let mut printed = String::from_utf8(output.stdout).unwrap();
        printed.push_str(&String::from_utf8(output.stderr).unwrap());
        if let Some(folder) = shown_folder {
            printed = printed.replace(&temporary.display().to_string(), &folder);
            std::fs::remove_dir_all(&temporary).unwrap();
        }
        let status = format!("$ echo $?\n{}\n", output.status.code().unwrap());
        rewritten.push_str(&format!("{command}\n{printed}{status}"));
        if !update {
            assert_eq!(
                shown,
                format!("{printed}{status}"),
                "update the README's example run of `{command}` (UPDATE_README=1 cargo test --test readme)"
            );
        }
        checked += 1;
    }
    if update {
        rewritten.push_str(rest);
        std::fs::write(root.join("README.md"), rewritten).unwrap();
    }
    assert!(
        checked >= 2,
        "the README shows at least two example runs, found {checked}"
    );
}
