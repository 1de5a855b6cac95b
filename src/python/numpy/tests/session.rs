//! The module inside the real sandboxed `Session` (registered at run time, as the
//! registry allows): numpy-only conformance cases, cell by cell, against the `.out`
//! files recorded with real NumPy + IPython display.
use crate::python::{Session, add_native_module};

fn session() -> Session {
    add_native_module("numpy", crate::python::numpy::module_def);
    Session::new().expect("interpreter builds")
}

/// Runs a percent-format case as `ref_run.py` shows it: stdout, display, error line.
fn run_case(source: &str) -> String {
    let mut s = session();
    let mut out = String::new();
    for (i, cell) in source.split("# %%").enumerate() {
        if cell.trim().is_empty() {
            continue;
        }
        let r = s.run_cell(cell, "<case>", 1);
        out.push_str(&r.stdout);
        if let Some(d) = &r.display {
            out.push_str(d);
        }
        if let Some(e) = &r.error {
            out.push_str(&e.line());
            out.push('\n');
        }
        assert!(r.stderr.is_empty() || i > 0, "stderr: {}", r.stderr);
    }
    out
}

fn case(name: &str) -> (String, String) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance/extra");
    let src = std::fs::read_to_string(dir.join(format!("{name}.py"))).expect("case source");
    let out = std::fs::read_to_string(dir.join(format!("{name}.out"))).expect("case output");
    // These cases only use NumPy after `import torch`, which is not part of this module.
    let src = src
        .lines()
        .filter(|l| l.trim() != "import torch")
        .collect::<Vec<_>>()
        .join("\n");
    (src, out)
}

#[test]
fn conformance_028_numpy_str_repr_in_a_session() {
    let (src, expected) = case("028_numpy_str_repr");
    assert_eq!(run_case(&src), expected);
}

#[test]
fn conformance_029_numpy_part_in_a_session() {
    // The first cell of extra/029 (the rest converts to torch).
    let (src, expected) = case("029_numpy_random_to_torch");
    let first = src
        .split("# %%")
        .filter(|c| !c.trim().is_empty())
        .next()
        .unwrap()
        .to_owned();
    let want: String = expected.lines().take(3).map(|l| format!("{l}\n")).collect();
    assert_eq!(run_case(&first), want);
}

#[test]
fn lesson_06_cells_run_in_a_session() {
    // The NumPy-only cells of lesson 06, with NumPy's recorded output.
    let out = run_case(
        "import numpy as np\n# %%\nnp.random.seed(0)\nar = np.random.randn(5)\nprint(ar)\nprint(type(ar))\n# %%\nnp.add(ar,1,out=ar)\nprint(ar)\n# %%\nar.dtype\n",
    );
    assert_eq!(
        out,
        "[1.76405235 0.40015721 0.97873798 2.2408932  1.86755799]\n<class 'numpy.ndarray'>\n\
         [2.76405235 1.40015721 1.97873798 3.2408932  2.86755799]\ndtype('float64')\n"
    );
}

#[test]
fn time_magic_cell_runs() {
    // The `%%time` comparison cell (its timings are not fixed output).
    let out = run_case(
        "import numpy as np\n# %%\n%%time\nfor i in range(2):\n\ta = np.random.randn(100,100)\n\tb = np.random.randn(100,100)\n\tc = a*b\n",
    );
    assert!(out.contains("Wall time"), "{out}");
}

#[test]
fn numpy_random_submodule_imports() {
    let out = run_case(
        "import numpy.random as npr\nfrom numpy.random import randn\nimport numpy as np\nnpr is np.random, randn is np.random.randn\n",
    );
    // Real NumPy prints (True, True).
    assert_eq!(out, "(True, True)\n");
}
