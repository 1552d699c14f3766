//! The README's rule catalogue is generated from the rule table, and must
//! not drift from it. `UPDATE_README=1 cargo test --test readme` rewrites it.

use cognito_csv_validator::rules::catalogue_markdown;

const START: &str = "<!-- rules:start (generated from src/rules.rs: UPDATE_README=1 cargo test --test readme) -->\n";
const END: &str = "<!-- rules:end -->";

/// One test, as each part rewrites the README with `UPDATE_README=1`.
#[test]
fn the_readme_says_what_the_code_does() {
    readme_catalogue_matches_the_rule_table();
    readme_example_runs_are_what_the_command_line_prints();
}

fn readme_catalogue_matches_the_rule_table() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let start = readme
        .find(START)
        .expect("the README has the rules:start marker")
        + START.len();
    let end = readme[start..]
        .find(END)
        .expect("the README has the rules:end marker")
        + start;
    let generated = catalogue_markdown();
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
            "the README's rule catalogue differs from src/rules.rs: run UPDATE_README=1 cargo test --test readme"
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
        let arguments: Vec<&str> = command
            .strip_prefix("$ cognito-csv-validator ")
            .expect("an example starts with `$ cognito-csv-validator ...`")
            .split_whitespace()
            .collect();
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_cognito-csv-validator"))
            .args(&arguments)
            .current_dir(root)
            .output()
            .unwrap();
        let printed = String::from_utf8(output.stdout).unwrap();
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
