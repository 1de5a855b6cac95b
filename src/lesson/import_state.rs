//! The state a lesson cut from a notebook needs from the lessons before it.
//!
//! A notebook runs top to bottom in one namespace; a pack's lessons run one at a
//! time. So each imported lesson gets a front-matter `setup`: the earlier code
//! cells that define (or change) a name the lesson reads, and, in turn, the cells
//! those need. The analysis is lexical and errs on the side of including a cell:
//! a cell too many costs a little time, a cell too few is a `NameError`.
//! Cells that only time things (`%%time`, `%timeit`) or that raised in the
//! notebook are left out: they demonstrate, they do not build state.
use std::collections::BTreeSet;

/// A notebook code cell as the import sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct CodeCell {
    pub source: String,
    /// The notebook recorded an error for this cell.
    pub raised: bool,
}

/// The `setup` of a lesson whose own cells are `lesson`, given every code cell
/// of the lessons before it, in notebook order. `None` when it needs nothing.
pub fn setup_for(earlier: &[CodeCell], lesson: &[CodeCell]) -> Option<String> {
    let mut needed: BTreeSet<String> = BTreeSet::new();
    for cell in lesson {
        needed.extend(used_names(&cell.source));
    }
    let mut chosen = vec![false; earlier.len()];
    // Walk backwards so that a chosen cell's own needs pull in the cells before it.
    for (i, cell) in earlier.iter().enumerate().rev() {
        if cell.raised || is_timing_cell(&cell.source) {
            continue;
        }
        if defined_names(&cell.source).iter().any(|n| needed.contains(n)) {
            chosen[i] = true;
            needed.extend(used_names(&cell.source));
        }
    }
    let parts: Vec<String> = earlier
        .iter()
        .zip(&chosen)
        .filter(|(_, c)| **c)
        .map(|(cell, _)| without_magics(&cell.source))
        .filter(|s| !s.trim().is_empty())
        .collect();
    (!parts.is_empty()).then(|| parts.join("\n"))
}

fn is_timing_cell(source: &str) -> bool {
    source.lines().any(|l| {
        let l = l.trim_start();
        l.starts_with("%%") || l.starts_with("%time")
    })
}

/// Line magics and shell escapes mean nothing to a setup run silently.
fn without_magics(source: &str) -> String {
    let mut out: String = source
        .lines()
        .filter(|l| !l.trim_start().starts_with(['%', '!']))
        .collect::<Vec<_>>()
        .join("\n");
    out.push('\n');
    out
}

/// Every identifier in the code outside comments (strings included: an
/// f-string's fields read names, and a word too many only adds a cell).
pub fn used_names(code: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for line in code.lines() {
        let line = line.split('#').next().unwrap_or("");
        names.extend(identifiers(line));
    }
    names
}

fn identifiers(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| w.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_'))
        .map(str::to_owned)
}

/// Names a cell binds or changes at its top level: assignments (also to an
/// element or attribute, which changes the object), augmented assignments,
/// `def`/`class`, imports, `for` targets and `with ... as`.
pub fn defined_names(code: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for line in code.lines() {
        if line.starts_with([' ', '\t']) || line.trim_start().starts_with('#') {
            continue;
        }
        let line = line.trim_end();
        let mut words = line.split_whitespace();
        match words.next() {
            Some("def") | Some("class") => names.extend(words.next().and_then(|w| identifiers(w).next())),
            Some("async") if words.next() == Some("def") => names.extend(words.next().and_then(|w| identifiers(w).next())),
            Some("import") => {
                for item in line["import".len()..].split(',') {
                    names.extend(bound_by_import(item, true));
                }
            }
            Some("from") => {
                if let Some((_, items)) = line.split_once(" import ") {
                    for item in items.trim_matches(|c| c == '(' || c == ')' || c == ' ').split(',') {
                        names.extend(bound_by_import(item, false));
                    }
                }
            }
            Some("for") => {
                if let Some((targets, _)) = line["for".len()..].split_once(" in ") {
                    names.extend(identifiers(targets));
                }
            }
            Some("with") => {
                for part in line.split(" as ").skip(1) {
                    names.extend(identifiers(part).next());
                }
            }
            _ => {
                if let Some(target) = assignment_target(line) {
                    for t in target.split(',') {
                        names.extend(identifiers(t).next());
                    }
                }
            }
        }
    }
    names
}

/// `import a.b as c` binds `c`; `import a.b` binds `a`; `from m import x as y` binds `y`.
fn bound_by_import(item: &str, dotted: bool) -> Option<String> {
    let item = item.trim();
    let name = match item.split_once(" as ") {
        Some((_, alias)) => alias.trim(),
        None if dotted => item.split('.').next().unwrap_or(item),
        None => item,
    };
    identifiers(name).next()
}

/// The left side of a top-level `=` / `op=` assignment, if the line is one.
fn assignment_target(line: &str) -> Option<&str> {
    let bytes = line.as_bytes();
    let mut depth = 0i32;
    let mut quote: Option<u8> = None;
    for (i, &b) in bytes.iter().enumerate() {
        if let Some(q) = quote {
            if b == q {
                quote = None;
            }
            continue;
        }
        match b {
            b'\'' | b'"' => quote = Some(b),
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => depth -= 1,
            b'=' if depth == 0 => {
                let prev = if i > 0 { bytes[i - 1] } else { b' ' };
                let next = bytes.get(i + 1).copied().unwrap_or(b' ');
                if next == b'=' || matches!(prev, b'=' | b'!' | b'<' | b'>') && !is_aug(line, i) {
                    return None; // a comparison, not an assignment
                }
                let lhs = &line[..i];
                let lhs = lhs.trim_end_matches(|c: char| "+-*/%@&|^<>".contains(c)).trim_end();
                // A keyword argument at depth 0 cannot happen; an annotation can.
                return Some(lhs.split(':').next().unwrap_or(lhs));
            }
            _ => {}
        }
    }
    None
}

/// `<<=` and `>>=` are assignments although `<=`/`>=` are comparisons.
fn is_aug(line: &str, eq: usize) -> bool {
    line[..eq].ends_with("<<") || line[..eq].ends_with(">>")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(s: &str) -> CodeCell {
        CodeCell { source: s.into(), raised: false }
    }

    fn set(names: &[&str]) -> BTreeSet<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn finds_what_a_cell_binds() {
        let code = "import torch\nimport numpy as np\nfrom torch import nn, optim as o\nx = torch.ones(2)\n\
                    a, b = 1, 2\ny[0] += 3\nz.data = 1\nif x == 1:\n    w = 2\ndef f(q=1):\n    pass\n\
                    for i, j in pairs:\n    pass\nwith ctx() as c:\n    pass\nx == y\nk: int = 3\nm <<= 1\nn <= 2";
        assert_eq!(
            defined_names(code),
            set(&["torch", "np", "nn", "o", "x", "a", "b", "y", "z", "f", "i", "j", "c", "k", "m"])
        );
    }

    #[test]
    fn setup_takes_the_cells_a_lesson_needs_and_what_they_need() {
        let earlier = vec![
            cell("import torch"),
            cell("import numpy as np\nunused = np.zeros(3)"),
            cell("base = torch.arange(6)"),
            cell("%%time\nslow = base * 2"),
            CodeCell { source: "broken = torch.ones(2) @ torch.ones(3)".into(), raised: true },
            cell("x = base.reshape(2, 3)\n%matplotlib inline"),
        ];
        let lesson = vec![cell("print(x.T)  # uses x")];
        assert_eq!(
            setup_for(&earlier, &lesson).as_deref(),
            Some("import torch\n\nbase = torch.arange(6)\n\nx = base.reshape(2, 3)\n")
        );
        assert_eq!(setup_for(&earlier, &[cell("print(1)")]), None);
    }
}
