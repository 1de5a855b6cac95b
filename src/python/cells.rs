//! Cells of a script or notebook.
//!
//! A `.py` file is split on lines that start with `# %%` (the percent format),
//! exactly as `shared/tools/ref_run.py`'s `cells()` splits it: the marker line
//! is dropped, and a cell whose text is only whitespace is skipped. A file
//! without markers is one cell. A `.ipynb` notebook's code cells are its cells.

use std::path::Path;

/// One cell: its code and the 1-based line of the file where that code starts
/// (for tracebacks; notebooks count lines within the cell).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell {
    pub source: String,
    pub first_line: usize,
    /// For a notebook, the cell's 1-based position among all its cells (as
    /// Jupyter counts `In [n]`); tracebacks then name `FILE, cell n`.
    pub notebook_index: Option<usize>,
}

impl Cell {
    /// The file name tracebacks show for this cell of `path`.
    pub fn file_label(&self, path: &str) -> String {
        match self.notebook_index {
            Some(n) => format!("{path}, cell {n}"),
            None => path.to_owned(),
        }
    }
}

/// Splits percent-format source into cells.
pub fn percent_cells(src: &str) -> Vec<Cell> {
    let mut cells = Vec::new();
    let mut current = String::new();
    let mut start = 1;
    let mut line_no = 0;
    for line in split_keep_ends(src) {
        line_no += 1;
        if line.starts_with("# %%") {
            if !current.trim().is_empty() {
                cells.push(Cell { source: std::mem::take(&mut current), first_line: start, notebook_index: None });
            }
            current.clear();
            start = line_no + 1;
        } else {
            current.push_str(line);
        }
    }
    if !current.trim().is_empty() {
        cells.push(Cell { source: current, first_line: start, notebook_index: None });
    }
    cells
}

/// Lines with their line endings, as Python's `splitlines(keepends=True)`
/// for the endings source files use (`\n`, `\r\n`, `\r`).
fn split_keep_ends(src: &str) -> Vec<&str> {
    let bytes = src.as_bytes();
    let mut lines = Vec::new();
    let mut begin = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                lines.push(&src[begin..=i]);
                begin = i + 1;
            }
            b'\r' => {
                let end = if bytes.get(i + 1) == Some(&b'\n') { i + 1 } else { i };
                lines.push(&src[begin..=end]);
                i = end;
                begin = end + 1;
            }
            _ => {}
        }
        i += 1;
    }
    if begin < bytes.len() {
        lines.push(&src[begin..]);
    }
    lines
}

/// Why a notebook could not be read.
#[derive(Debug, thiserror::Error)]
pub enum NotebookError {
    #[error("not a Jupyter notebook (invalid JSON): {0}")]
    Json(#[from] serde_json::Error),
    #[error("not a Jupyter notebook: {0}")]
    Shape(&'static str),
}

/// The code cells of an `.ipynb` notebook (nbformat 4), in order; empty ones skipped.
pub fn notebook_cells(json: &str) -> Result<Vec<Cell>, NotebookError> {
    let doc: serde_json::Value = serde_json::from_str(json)?;
    let cells = doc.get("cells").and_then(|c| c.as_array()).ok_or(NotebookError::Shape("no \"cells\" list"))?;
    let mut out = Vec::new();
    for (index, cell) in cells.iter().enumerate() {
        if cell.get("cell_type").and_then(|t| t.as_str()) != Some("code") {
            continue;
        }
        // nbformat stores source as one string or a list of lines.
        let source = match cell.get("source") {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(serde_json::Value::Array(parts)) => parts.iter().filter_map(|p| p.as_str()).collect(),
            _ => return Err(NotebookError::Shape("a code cell without \"source\"")),
        };
        if !source.trim().is_empty() {
            out.push(Cell { source, first_line: 1, notebook_index: Some(index + 1) });
        }
    }
    Ok(out)
}

/// Reads the cells of a `.py` or `.ipynb` file.
pub fn read_cells(path: &Path) -> anyhow::Result<Vec<Cell>> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
    if path.extension().is_some_and(|e| e == "ipynb") {
        notebook_cells(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
    } else {
        Ok(percent_cells(&text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sources(cells: &[Cell]) -> Vec<&str> {
        cells.iter().map(|c| c.source.as_str()).collect()
    }

    #[test]
    fn file_without_markers_is_one_cell() {
        let c = percent_cells("x = 1\nprint(x)\n");
        assert_eq!(c, vec![Cell { source: "x = 1\nprint(x)\n".into(), first_line: 1, notebook_index: None }]);
    }

    #[test]
    fn markers_split_and_blank_cells_are_skipped() {
        let src = "# %%\nimport torch\n# %% [markdown]\n\n   \n# %%\nx\n";
        let c = percent_cells(src);
        assert_eq!(sources(&c), vec!["import torch\n", "x\n"]);
        assert_eq!(c[0].first_line, 2);
        assert_eq!(c[1].first_line, 7);
    }

    #[test]
    fn code_before_the_first_marker_is_a_cell() {
        let c = percent_cells("a = 1\n# %%\nb = 2");
        assert_eq!(sources(&c), vec!["a = 1\n", "b = 2"]);
        assert_eq!(c[1].first_line, 3);
    }

    #[test]
    fn indented_or_inner_markers_do_not_split() {
        let c = percent_cells("x = '# %%'\n  # %%\ny = 2\n");
        assert_eq!(c.len(), 1);
    }

    #[test]
    fn crlf_lines_are_kept_whole() {
        let c = percent_cells("# %%\r\na = 1\r\n# %%\r\nb\r\n");
        assert_eq!(sources(&c), vec!["a = 1\r\n", "b\r\n"]);
    }

    #[test]
    fn notebook_code_cells_in_order() {
        let nb = r##"{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
            {"cell_type": "markdown", "source": ["# Title"], "metadata": {}},
            {"cell_type": "code", "source": ["import torch\n", "x = 1"], "metadata": {}, "outputs": [], "execution_count": null},
            {"cell_type": "code", "source": "", "metadata": {}, "outputs": [], "execution_count": null},
            {"cell_type": "code", "source": "x + 1", "metadata": {}, "outputs": [], "execution_count": null}
        ]}"##;
        let c = notebook_cells(nb).unwrap();
        assert_eq!(sources(&c), vec!["import torch\nx = 1", "x + 1"]);
        assert_eq!(c[1].file_label("nb.ipynb"), "nb.ipynb, cell 4");
    }

    #[test]
    fn bad_notebooks_say_why() {
        assert!(matches!(notebook_cells("{"), Err(NotebookError::Json(_))));
        assert!(matches!(notebook_cells("{}"), Err(NotebookError::Shape(_))));
    }
}
