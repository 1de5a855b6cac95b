//! A cheap look at source text before it reaches the compiler.
//!
//! RustPython's parser and compiler recurse on the native stack once per
//! level of expression nesting, so `1+1+...+1` with 100 000 terms or a long
//! chain of unary minuses overflows the stack and aborts the process. CPython
//! refuses such code ("too many nested parentheses" past 200 brackets,
//! "RecursionError: maximum recursion depth exceeded during compilation" for
//! a few thousand chained operators); this guard refuses it the same way
//! before compiling.
//!
//! It counts, outside strings and comments, how long a chain of operators,
//! keywords and brackets one expression builds without a separating comma,
//! semicolon or new statement: an upper bound on the expression's depth.

/// Most brackets open at once (CPython's tokenizer limit).
pub const MAX_BRACKET_DEPTH: usize = 200;
/// Longest operator chain in one expression.
pub const MAX_CHAIN: usize = 3000;

/// Why source was refused: the Python exception to raise.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// `SyntaxError: too many nested parentheses` (with its 1-based line).
    TooManyBrackets { line: usize },
    /// `RecursionError: maximum recursion depth exceeded during compilation`.
    TooDeep,
}

const KEYWORDS: &[&str] = &["if", "else", "not", "and", "or", "lambda", "await", "in", "is"];

/// Checks `src`; `Ok` when the compiler can take it safely.
pub fn check(src: &str) -> Result<(), Refusal> {
    let bytes = src.as_bytes();
    let mut i = 0;
    let mut line = 1;
    let mut bases: Vec<usize> = Vec::new();
    let mut chain = 0usize;
    while i < bytes.len() {
        let c = bytes[i];
        match c {
            b'\n' => {
                line += 1;
                if bases.is_empty() {
                    chain = 0;
                }
            }
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'\'' | b'"' => {
                i = skip_string(bytes, i, &mut line);
                continue;
            }
            b'(' | b'[' | b'{' => {
                if bases.len() >= MAX_BRACKET_DEPTH {
                    return Err(Refusal::TooManyBrackets { line });
                }
                bases.push(chain);
                chain += 1;
            }
            b')' | b']' | b'}' => {
                chain = bases.pop().unwrap_or(0) + 1;
            }
            b',' => chain = bases.last().map_or(0, |b| b + 1),
            b';' if bases.is_empty() => chain = 0,
            b'+' | b'-' | b'*' | b'/' | b'%' | b'@' | b'&' | b'|' | b'^' | b'~' | b'<' | b'>' | b'=' | b'!' | b'.' | b':' => {
                chain += 1;
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let start = i;
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
                let word = &src[start..i];
                // A string prefix (r'', f"", b'') is part of the string that follows.
                if i < bytes.len() && (bytes[i] == b'\'' || bytes[i] == b'"') && word.len() <= 2 {
                    continue;
                }
                if KEYWORDS.contains(&word) {
                    chain += 1;
                }
                if chain > MAX_CHAIN {
                    return Err(Refusal::TooDeep);
                }
                continue;
            }
            _ => {}
        }
        if chain > MAX_CHAIN {
            return Err(Refusal::TooDeep);
        }
        i += 1;
    }
    Ok(())
}

/// Index just past the string literal starting at `start` (a quote).
fn skip_string(bytes: &[u8], start: usize, line: &mut usize) -> usize {
    let quote = bytes[start];
    let triple = bytes.len() >= start + 3 && bytes[start + 1] == quote && bytes[start + 2] == quote;
    let mut i = start + if triple { 3 } else { 1 };
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'\n' => {
                *line += 1;
                if !triple {
                    return i;
                }
            }
            q if q == quote => {
                if !triple {
                    return i + 1;
                }
                if bytes.len() >= i + 3 && bytes[i + 1] == quote && bytes[i + 2] == quote {
                    return i + 3;
                }
            }
            _ => {}
        }
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_code_passes() {
        let code = "import torch\nx = torch.tensor([[1, 2], [3, 4]])\nprint(f\"{x.sum():.2f}\", x[0, 1] + -x[1, 0])\n\
                    data = [" .to_owned() + &"-1, ".repeat(20_000) + "]\ns = '(((((' # ((((\n";
        assert_eq!(check(&code), Ok(()));
    }

    #[test]
    fn deep_brackets_are_a_syntax_error_like_cpython() {
        let ok = format!("x = {}{}", "[".repeat(200), "]".repeat(200));
        assert_eq!(check(&ok), Ok(()));
        let deep = format!("\nx = {}{}", "[".repeat(201), "]".repeat(201));
        assert_eq!(check(&deep), Err(Refusal::TooManyBrackets { line: 2 }));
    }

    #[test]
    fn long_operator_chains_are_too_deep() {
        assert_eq!(check(&format!("x = {}", vec!["1"; 100_000].join("+"))), Err(Refusal::TooDeep));
        assert_eq!(check(&format!("x = {}1", "-".repeat(100_000))), Err(Refusal::TooDeep));
        assert_eq!(check(&format!("x = {}2", "1 if 1 else ".repeat(5000))), Err(Refusal::TooDeep));
        assert_eq!(check(&format!("x = a{}", ".b".repeat(5000))), Err(Refusal::TooDeep));
        assert_eq!(check(&format!("x = {}", vec!["1"; 1000].join("+"))), Ok(()));
    }

    #[test]
    fn strings_and_comments_do_not_count() {
        let s = format!("x = '{}'\n# {}\ny = \"\"\"{}\n\"\"\"\n", "+".repeat(10_000), "(".repeat(500), "[".repeat(500));
        assert_eq!(check(&s), Ok(()));
    }
}
