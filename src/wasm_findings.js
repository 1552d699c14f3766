// Builds the findings objects of a batch that src/wasm.rs packed into a few
// arrays and one string: building each object field by field across the
// WebAssembly boundary costs several times more (a report of a million
// findings is common). wasm-bindgen ships this file with the glue.

/** Lengths equal to this mark a missing (null) text. */
const NONE = 0xffffffff;

/**
 * @param {Float64Array} lines the finding's line, or -1 for none
 * @param {Uint8Array} codes the index of the finding's rule in `rules`
 * @param {string} texts the column, message, value and suggestion of every finding, end to end
 * @param {Uint32Array} lengths the length of each of those texts (UTF-16 units), NONE for null
 * @param {{code: string, severity: string}[]} rules the rule table
 */
export function unpackFindings(lines, codes, texts, lengths, rules) {
  const findings = new Array(codes.length);
  let offset = 0;
  let field = 0;
  const next = () => {
    const length = lengths[field++];
    if (length === NONE) return null;
    const text = texts.slice(offset, offset + length);
    offset += length;
    return text;
  };
  for (let index = 0; index < codes.length; index += 1) {
    const rule = rules[codes[index]];
    const line = lines[index];
    // The properties in the JSON report's order; next() reads them in turn.
    findings[index] = {
      line: line < 0 ? null : line,
      column: next(),
      code: rule.code,
      severity: rule.severity,
      message: next(),
      value: next(),
      suggested: next(),
    };
  }
  return findings;
}
