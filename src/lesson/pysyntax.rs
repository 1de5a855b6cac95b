//! Python syntax checks of pack code (starters, solutions, check expressions)
//! with RustPython's compiler, mapped back to lines of the TOML file.

use rustpython_vm::compiler::{CompileOpts, Mode, compile};

/// Whether the code is a module (statements) or a single expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PyMode {
    Statements,
    Expression,
}

/// A syntax error: 1-based line inside the code, and the compiler's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PySyntaxError {
    pub line: usize,
    pub message: String,
}

/// `None` when `code` compiles. Lines starting with an IPython magic (`%`, `!`)
/// are blanked first: lessons may use them and the runner handles them itself.
pub fn syntax_error(code: &str, mode: PyMode) -> Option<PySyntaxError> {
    let code = blank_magics(code);
    let mode = match mode {
        PyMode::Statements => Mode::Exec,
        PyMode::Expression => Mode::Eval,
    };
    // The compiler is third-party code fed with arbitrary text: a panic in it must
    // become a report, never abort loading a pack.
    let result = std::panic::catch_unwind(|| {
        compile(&code, mode, "<pack>", CompileOpts::default())
            .map(|_| ())
            .map_err(|e| {
                let (line, _col) = e.python_location();
                PySyntaxError {
                    line: line.max(1),
                    message: e.to_string(),
                }
            })
    });
    match result {
        Ok(Ok(())) => None,
        Ok(Err(e)) => Some(e),
        Err(_) => Some(PySyntaxError {
            line: 1,
            message: "the Python compiler crashed on this code".into(),
        }),
    }
}

fn blank_magics(code: &str) -> String {
    code.lines()
        .map(|l| {
            let t = l.trim_start();
            if t.starts_with('%') || t.starts_with('!') {
                ""
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_code_passes() {
        assert_eq!(syntax_error("x = 1\nprint(x)\n", PyMode::Statements), None);
        assert_eq!(syntax_error("x.sum() == 3", PyMode::Expression), None);
        assert_eq!(syntax_error("%%time\nx = 1\n", PyMode::Statements), None);
    }

    #[test]
    fn error_reports_its_line() {
        let e = syntax_error("x = 1\ny = (2 +\nif x\n", PyMode::Statements).unwrap();
        assert!(e.line >= 2, "{e:?}");
        let e = syntax_error("a = 1\nfor i in range(3)\n    pass\n", PyMode::Statements).unwrap();
        assert_eq!(e.line, 2, "{e:?}");
        assert!(syntax_error("x = 1", PyMode::Expression).is_some());
    }
}
