//! `uses` / `forbids` checks: what a piece of code calls and which syntax it
//! uses, read from RustPython's parser (ruff's AST) in the parent — the code
//! is never run for these.
//!
//! A name is found when the code contains:
//! - a call or attribute: `torch.matmul(a, b)` gives `torch.matmul` and
//!   `matmul` (and `torch`); `x.mul_(2)` gives `mul_`; `x.T` gives `T`;
//! - a called plain name: `sum(xs)` gives `sum`;
//! - an imported name: `from torch.nn import MSELoss as L` gives `MSELoss`;
//! - syntax words: `for` (loops and comprehensions), `while`, `lambda`,
//!   `comprehension`, `def`, `class`, `with`, `try`, `import`, `yield`.
//!
//! A dotted name matches a dotted chain that ends with it (`nn.Linear`
//! matches `torch.nn.Linear`).

use std::collections::BTreeSet;

use rustpython_vm::compiler::ast::visitor::{self, Visitor};
use rustpython_vm::compiler::ast::{Comprehension, Expr, Stmt};
use rustpython_vm::compiler::parser::parse_module;

/// Everything the code uses, as names.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Usage {
    pub names: BTreeSet<String>,
}

impl Usage {
    /// Whether `name` appears (see the module docs).
    pub fn contains(&self, name: &str) -> bool {
        let name = name.trim();
        if self.names.contains(name) {
            return true;
        }
        name.contains('.') && self.names.iter().any(|n| n.ends_with(&format!(".{name}")))
    }
}

/// Parses `code` (IPython magic lines blanked); `Err` is the parser's message.
pub fn usage(code: &str) -> Result<Usage, String> {
    // Deep nesting would overflow the parser's stack in this process: refuse it first.
    if super::super::python::parse_guard::check(code).is_err() {
        return Err("the code is nested too deeply to read".into());
    }
    let code = blank_magics(code);
    let parsed = parse_module(&code).map_err(|e| e.to_string())?;
    let mut v = Collector::default();
    v.visit_body(&parsed.syntax().body);
    Ok(Usage { names: v.names })
}

fn blank_magics(code: &str) -> String {
    code.lines()
        .map(|l| {
            let t = l.trim_start();
            if t.starts_with('%') || t.starts_with('!') { "" } else { l }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[derive(Default)]
struct Collector {
    names: BTreeSet<String>,
}

/// `a.b.c` as text, when the chain is made only of names and attributes.
fn dotted(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Name(n) => Some(n.id.as_str().to_owned()),
        Expr::Attribute(a) => dotted(&a.value).map(|base| format!("{base}.{}", a.attr.as_str())),
        _ => None,
    }
}

impl<'a> Visitor<'a> for Collector {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        let word = match stmt {
            Stmt::For(_) => Some("for"),
            Stmt::While(_) => Some("while"),
            Stmt::FunctionDef(_) => Some("def"),
            Stmt::ClassDef(_) => Some("class"),
            Stmt::With(_) => Some("with"),
            Stmt::Try(_) => Some("try"),
            Stmt::Import(_) | Stmt::ImportFrom(_) => Some("import"),
            _ => None,
        };
        if let Some(w) = word {
            self.names.insert(w.into());
        }
        if let Stmt::ImportFrom(i) = stmt {
            for alias in &i.names {
                self.names.insert(alias.name.as_str().to_owned());
            }
        }
        visitor::walk_stmt(self, stmt);
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        match expr {
            Expr::Call(call) => {
                if let Expr::Name(n) = call.func.as_ref() {
                    self.names.insert(n.id.as_str().to_owned());
                }
            }
            Expr::Attribute(a) => {
                self.names.insert(a.attr.as_str().to_owned());
                if let Some(chain) = dotted(expr) {
                    self.names.insert(chain);
                }
            }
            Expr::Lambda(_) => {
                self.names.insert("lambda".into());
            }
            Expr::ListComp(_) | Expr::SetComp(_) | Expr::DictComp(_) | Expr::Generator(_) => {
                self.names.insert("comprehension".into());
            }
            Expr::Yield(_) | Expr::YieldFrom(_) => {
                self.names.insert("yield".into());
            }
            _ => {}
        }
        visitor::walk_expr(self, expr);
    }

    fn visit_comprehension(&mut self, comprehension: &'a Comprehension) {
        // `[f(x) for x in xs]` is a Python loop too.
        self.names.insert("for".into());
        visitor::walk_comprehension(self, comprehension);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_attributes_and_loops_are_found() {
        let u = usage("import torch\nfrom torch.nn import MSELoss as L\ny = torch.matmul(a, b).T\nz = [v.mul_(2) for v in xs]\n").unwrap();
        for name in ["torch.matmul", "matmul", "T", "mul_", "for", "comprehension", "MSELoss", "import"] {
            assert!(u.contains(name), "{name} in {:?}", u.names);
        }
        assert!(!u.contains("while"));
        assert!(!u.contains("sum"));
        let u = usage("x = torch.nn.Linear(2, 3)\nwhile n: n -= 1\ns = sum(xs)\n").unwrap();
        assert!(u.contains("nn.Linear") && u.contains("Linear") && u.contains("while") && u.contains("sum"));
        assert!(!u.contains("for"));
    }

    #[test]
    fn magics_are_ignored_and_syntax_errors_reported() {
        assert!(usage("%%time\nx = f(1)\n").unwrap().contains("f"));
        assert!(usage("def f(:\n").is_err());
        assert!(usage(&format!("x = {}1{}", "(".repeat(500), ")".repeat(500))).is_err());
    }
}
