//! Splitting a cell into "the statements" and "the last expression", the way
//! Jupyter decides what a cell displays.

use rustpython_vm::compiler::ast::Stmt;
use rustpython_vm::compiler::parser;

/// A cell's code cut for running: `body` runs as statements, then `expr` (if
/// any) is evaluated and displayed. Both keep the cell's line numbers: text
/// that moved out is replaced by blank space, so tracebacks point at the
/// learner's lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitCell {
    pub body: String,
    pub expr: Option<String>,
    /// True when the last expression ends with `;`: Jupyter then shows nothing.
    pub silenced: bool,
}

/// Splits `source`; a syntax error leaves it whole (compiling it reports the error).
pub fn split_last_expression(source: &str) -> SplitCell {
    let whole = SplitCell { body: source.to_owned(), expr: None, silenced: false };
    let Ok(parsed) = parser::parse_module(source) else { return whole };
    let Some(Stmt::Expr(last)) = parsed.syntax().body.last() else { return whole };
    let start = usize::from(last.range.start());
    let end = usize::from(last.range.end());
    let silenced = ends_with_semicolon(&source[end..]);
    // A lone `;` left behind would not parse; it goes with the expression.
    let blank_end = if silenced { end + source[end..].find(';').map_or(0, |i| i + 1) } else { end };
    let body = blank_out(source, start, blank_end);
    let line_of_start = source[..start].matches('\n').count();
    let expr = format!("{}{}", "\n".repeat(line_of_start), &source[start..end]);
    SplitCell { body, expr: Some(expr), silenced }
}

/// `source` with bytes `start..end` turned into spaces, newlines kept.
fn blank_out(source: &str, start: usize, end: usize) -> String {
    let mut out = String::with_capacity(source.len());
    out.push_str(&source[..start]);
    out.extend(source[start..end].chars().map(|c| if c == '\n' { '\n' } else { ' ' }));
    out.push_str(&source[end..]);
    out
}

/// IPython's rule: a `;` right after the last expression (comments aside)
/// keeps the cell from displaying it.
fn ends_with_semicolon(rest: &str) -> bool {
    let line = rest.split('\n').next().unwrap_or("");
    let code = line.split('#').next().unwrap_or("");
    code.trim_start().starts_with(';')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_expression_is_split_with_lines_kept() {
        let s = split_last_expression("x = 1\ny = 2\nx + y\n");
        assert_eq!(s.body, "x = 1\ny = 2\n     \n");
        assert_eq!(s.expr.as_deref(), Some("\n\nx + y"));
        assert!(!s.silenced);
    }

    #[test]
    fn statements_only_have_no_expression() {
        let s = split_last_expression("x = 1\nfor i in range(3):\n    x += i\n");
        assert_eq!(s.expr, None);
        assert_eq!(s.body, "x = 1\nfor i in range(3):\n    x += i\n");
    }

    #[test]
    fn constant_and_multiline_expressions() {
        assert_eq!(split_last_expression("42").expr.as_deref(), Some("42"));
        let s = split_last_expression("a = 1\n(a,\n 2)\n");
        assert_eq!(s.expr.as_deref(), Some("\n(a,\n 2)"));
        assert_eq!(s.body, "a = 1\n   \n   \n");
    }

    #[test]
    fn semicolon_silences() {
        assert!(split_last_expression("x = 1\nx;\n").silenced);
        assert!(split_last_expression("x = 1\nx ;  # quiet\n").silenced);
        assert!(!split_last_expression("x = 1\nx  # not; quiet\n").silenced);
    }

    #[test]
    fn syntax_errors_stay_whole() {
        let s = split_last_expression("x = (1,\n");
        assert_eq!(s.expr, None);
        assert_eq!(s.body, "x = (1,\n");
    }
}
