//! Findings in columns: each finding's line, code and line status, and its
//! bytes (postcard), one after the other. It is the form a batch of
//! findings takes to JavaScript; a part of a file read on another worker
//! puts the findings the merge leaves alone in it there, so that the merge
//! moves bytes rather than decoding and encoding each finding again.

use crate::engine::flat;
use crate::finding::{Finding, LineStatus, LineStatuses, StatusCursor};
use crate::rules::{Code, RULES};
use serde::{Deserialize, Serialize};

/// The status column's value for a finding with no line.
const NO_STATUS: u8 = 255;

/// Findings in columns, in order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Columns {
    /// Each finding's line (`None`: about the pool or the file).
    #[serde(with = "flat")]
    pub lines: Vec<Option<u64>>,
    /// Each finding's code, by its place in [`RULES`].
    #[serde(with = "flat::bytes")]
    pub codes: Vec<u8>,
    /// Each finding's line's status (a [`LineStatus`] as a number), 255
    /// for none.
    #[serde(with = "flat::bytes")]
    pub statuses: Vec<u8>,
    /// The findings' bytes, one after the other.
    #[serde(with = "flat::bytes")]
    pub data: Vec<u8>,
    /// Where each finding's bytes end in `data`.
    #[serde(with = "flat")]
    pub ends: Vec<u32>,
}

impl Columns {
    /// `findings` in columns, with their lines' statuses from `statuses`
    /// (which must hold every line of theirs, in order).
    pub fn of(findings: &[Finding], statuses: &LineStatuses) -> Columns {
        let mut columns = Columns::with_capacity(findings.len());
        let mut cursor = statuses.cursor();
        for finding in findings {
            columns.push(finding, status_of(finding, &mut cursor));
        }
        columns
    }

    fn with_capacity(findings: usize) -> Columns {
        Columns {
            lines: Vec::with_capacity(findings),
            codes: Vec::with_capacity(findings),
            statuses: Vec::with_capacity(findings),
            // About 30 bytes a finding.
            data: Vec::with_capacity(findings * 32),
            ends: Vec::with_capacity(findings),
        }
    }

    /// Adds `finding`, whose line has `status`.
    pub fn push(&mut self, finding: &Finding, status: Option<LineStatus>) {
        self.lines.push(finding.line);
        self.codes.push(finding.code as u8);
        self.statuses
            .push(status.map_or(NO_STATUS, |status| status as u8));
        let data = std::mem::take(&mut self.data);
        self.data = postcard::to_extend(finding, data).expect("findings encode");
        self.ends.push(self.data.len() as u32);
    }

    /// Findings.
    pub fn len(&self) -> usize {
        self.codes.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// Each finding's code.
    pub fn codes(&self) -> impl Iterator<Item = Code> + '_ {
        self.codes.iter().map(|&code| RULES[code as usize].code)
    }

    fn start(&self, index: usize) -> usize {
        index
            .checked_sub(1)
            .map_or(0, |before| self.ends[before] as usize)
    }

    /// Adds finding `index` of `other`, as it is.
    fn copy(&mut self, other: &Columns, index: usize) {
        self.lines.push(other.lines[index]);
        self.codes.push(other.codes[index]);
        self.statuses.push(other.statuses[index]);
        self.data
            .extend_from_slice(&other.data[other.start(index)..other.ends[index] as usize]);
        self.ends.push(self.data.len() as u32);
    }

    /// Whether these columns hold together (bytes from elsewhere must,
    /// before they are read): as many of each, codes that are rules,
    /// statuses that are statuses, ends in order within the data. (Each
    /// finding's bytes are read when it is shown, which tells bytes that
    /// are no finding.)
    pub fn holds_together(&self) -> bool {
        let count = self.codes.len();
        [self.lines.len(), self.statuses.len(), self.ends.len()]
            .iter()
            .all(|&length| length == count)
            && self.codes.iter().all(|&code| (code as usize) < RULES.len())
            && self
                .statuses
                .iter()
                .all(|&status| status == NO_STATUS || (status as usize) < LineStatus::ALL.len())
            && self.ends.windows(2).all(|pair| pair[0] <= pair[1])
            && self.ends.last().map_or(0, |&end| end as usize) == self.data.len()
    }
}

/// Puts findings in file order from two sources: `merged`, the findings a
/// merge made or judged again (its first `leading` about the pool, the
/// rest in file order, those about the file last), and `passed`, the
/// findings of the parts' other lines, in columns, each in file order, in
/// the parts' order. No line has findings from both (a line's findings
/// are judged in one place), so their lines alone say the order.
pub fn interleave(
    merged: &[Finding],
    leading: usize,
    statuses: &LineStatuses,
    passed: &[Columns],
) -> Columns {
    let count = merged.len() + passed.iter().map(Columns::len).sum::<usize>();
    let mut out = Columns::with_capacity(count);
    let mut cursor = statuses.cursor();
    let (pool, rest) = merged.split_at(leading.min(merged.len()));
    for finding in pool {
        out.push(finding, status_of(finding, &mut cursor));
    }
    let mut rest = rest.iter().peekable();
    for columns in passed {
        for index in 0..columns.len() {
            let line = columns.lines[index];
            while let Some(finding) = rest.next_if(
                |finding| matches!((finding.line, line), (Some(before), Some(at)) if before < at),
            ) {
                out.push(finding, status_of(finding, &mut cursor));
            }
            out.copy(columns, index);
        }
    }
    for finding in rest {
        out.push(finding, status_of(finding, &mut cursor));
    }
    out
}

/// The status of `finding`'s line, from `cursor` (asked in line order).
fn status_of(finding: &Finding, cursor: &mut StatusCursor) -> Option<LineStatus> {
    finding.line.and_then(|line| cursor.status(line))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Detail;

    fn finding(code: Code, line: Option<u64>) -> Finding {
        Finding::new(code, line).with(Detail::Blank {
            above_header: false,
            lines: 1,
        })
    }

    #[test]
    fn interleaving_puts_each_finding_in_file_order() {
        let mut statuses = LineStatuses::starting_at(1);
        statuses.push(LineStatus::Header, 1);
        statuses.push(LineStatus::Failed, 9);
        let pool = finding(Code::FileEmpty, None);
        let file = finding(Code::FileTooLarge, None);
        let at = |line| finding(Code::LineBlank, Some(line));
        let whole = [
            pool.clone(),
            at(2),
            at(3),
            at(3),
            at(5),
            at(7),
            at(9),
            file.clone(),
        ];
        let merged = [pool, at(3), at(3), at(7), file];
        let passed = [
            Columns::of(&[at(2)], &statuses),
            Columns::default(),
            Columns::of(&[at(5), at(9)], &statuses),
        ];
        assert_eq!(
            interleave(&merged, 1, &statuses, &passed),
            Columns::of(&whole, &statuses)
        );
    }

    #[test]
    fn columns_that_do_not_hold_together_are_told() {
        let statuses = LineStatuses::starting_at(1);
        let columns = Columns::of(&[finding(Code::LineBlank, Some(4))], &statuses);
        assert!(columns.holds_together());
        let mut bytes = postcard::to_allocvec(&columns).unwrap();
        for at in 0..bytes.len() {
            for change in [1, 0x80, 0xFF] {
                bytes[at] ^= change;
                if let Ok(changed) = postcard::from_bytes::<Columns>(&bytes) {
                    if changed.holds_together() {
                        // What holds together is copied without a panic.
                        interleave(&[], 0, &statuses, &[changed]);
                    }
                }
                bytes[at] ^= change;
            }
        }
        let mut cut_short = columns.clone();
        cut_short.data.pop();
        assert!(!cut_short.holds_together());
        let mut wrong_code = columns;
        wrong_code.codes[0] = RULES.len() as u8;
        assert!(!wrong_code.holds_together());
    }
}
