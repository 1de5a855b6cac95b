//! `matplotlib.pyplot` for learners: what it records, its errors in
//! matplotlib's words, Jupyter's text display of figures (`tensorlings run`),
//! PNGs saved by the host (`run --plots DIR`) and figures crossing the kernel
//! protocol. Expected values and texts come from real matplotlib 3.11 with
//! IPython (`scripts/jupyter_text_ref.py`), never from this code.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use tensorlings::figure::{Figure, SeriesKind};
use tensorlings::python::kernel_client::{KernelClient, KernelOptions};
use tensorlings::python::runner::INTERPRETER_STACK_BYTES;
use tensorlings::python::{CellResult, Session};

fn run_cells(cells: &'static [&'static str]) -> Vec<CellResult> {
    std::thread::Builder::new()
        .stack_size(INTERPRETER_STACK_BYTES)
        .spawn(move || {
            let mut s = Session::new().expect("session starts");
            cells.iter().map(|c| s.run_cell(c, "<test>", 1)).collect()
        })
        .unwrap()
        .join()
        .unwrap()
}

fn run_one(code: &'static str) -> CellResult {
    let cells: &'static [&'static str] = Box::leak(Box::new([code]));
    run_cells(cells).remove(0)
}

fn only_figure(r: &CellResult) -> &Figure {
    assert!(r.error.is_none(), "{:?}", r.error);
    assert_eq!(r.figures.len(), 1, "figures: {:?}", r.figures);
    &r.figures[0].figure
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-12 * a.abs().max(1.0)
}

#[test]
fn plot_records_values_styles_and_the_colour_cycle() {
    let r = run_one(
        "import matplotlib.pyplot as plt\nimport torch\n\
         plt.plot(torch.arange(3), torch.tensor([1., 4., 9.]), 'r--', label='squares')\n\
         plt.plot([3, 1, 2], marker='o')\nplt.plot([0, 1], [2, 2], color='C3', linestyle=':')\n\
         plt.title('t'); plt.xlabel('epoch'); plt.ylabel('loss'); plt.grid(True); plt.legend()\nplt.show()",
    );
    let fig = only_figure(&r);
    assert_eq!(fig.text(), "<Figure size 640x480 with 1 Axes>");
    let ax = &fig.axes[0];
    assert_eq!((ax.title.as_str(), ax.xlabel.as_str(), ax.ylabel.as_str()), ("t", "epoch", "loss"));
    assert!(ax.grid && ax.legend);
    let [a, b, c] = &ax.series[..] else { panic!("three lines: {:?}", ax.series) };
    assert_eq!((a.kind, a.x.clone(), a.y.clone()), (SeriesKind::Line, vec![0.0, 1.0, 2.0], vec![1.0, 4.0, 9.0]));
    // matplotlib.colors.to_hex: 'r' -> #ff0000, C0 (the first cycle colour, as
    // an explicit colour does not use the cycle) -> #1f77b4, C3 -> #d62728.
    assert_eq!((a.color.as_str(), a.linestyle.as_str(), a.legend_label()), ("#ff0000", "--", Some("squares")));
    assert_eq!((b.color.as_str(), b.marker.as_deref(), b.x.clone()), ("#1f77b4", Some("o"), vec![0.0, 1.0, 2.0]));
    assert_eq!(b.legend_label(), None, "an unlabelled line is _childN, kept out of the legend");
    assert_eq!((c.color.as_str(), c.linestyle.as_str()), ("#d62728", ":"));
}

#[test]
fn autoscaled_limits_match_matplotlib() {
    // Printed by real matplotlib 3.11: ax.get_xlim(), ax.get_ylim() after each call.
    let r = run_one(
        "import matplotlib.pyplot as plt\n\
         out = []\n\
         draws = (lambda ax: ax.plot([1, 2, 3]), lambda ax: ax.bar([1, 2, 3], [3, -1, 2]),\n\
         lambda ax: ax.hist([1, 2, 2, 3, 3, 3, 7]), lambda ax: ax.scatter([1, 2, 3], [4, 4, 4]),\n\
         lambda ax: ax.plot([5]))\n\
         for draw in draws:\n    fig, ax = plt.subplots(); draw(ax); out.append((ax.get_xlim(), ax.get_ylim()))\n\
         plt.close('all')\n\
         [tuple(float(v) for v in x + y) for x, y in out]",
    );
    assert!(r.error.is_none(), "{:?}", r.error);
    let expected = "[(-0.1, 2.1, 0.9, 3.1),\n \
                    (0.45999999999999996, 3.5400000000000005, -1.2, 3.2),\n \
                    (0.7, 7.299999999999999, 0.0, 3.15),\n \
                    (0.9, 3.1, 3.78, 4.220000000000001),\n \
                    (-0.05500000000000001, 0.05500000000000001, 4.725, 5.275)]\n";
    assert_eq!(r.display.as_deref(), Some(expected));
    assert!(r.figures.is_empty(), "closed figures are not shown");
}

#[test]
fn hist_and_bar_record_bars() {
    let r = run_one(
        "import matplotlib.pyplot as plt\nimport numpy as np\n\
         fig, ax = plt.subplots()\nax.hist(np.array([1., 2, 2, 3, 3, 3]), bins=3)\nax.bar(['a', 'b'], [3, 1], color='green')\nplt.show()",
    );
    let ax = &only_figure(&r).axes[0];
    let hist = &ax.series[0];
    assert_eq!(hist.kind, SeriesKind::Hist);
    assert_eq!(hist.y, vec![1.0, 2.0, 3.0]);
    // numpy.histogram's edges 1, 1.66666667, 2.33333333, 3.
    let edges: Vec<f64> = hist.bars().map(|(l, _, _, _)| l).chain([3.0]).collect();
    assert!(edges.iter().zip([1.0, 5.0 / 3.0, 7.0 / 3.0, 3.0]).all(|(&a, b)| close(a, b)), "{edges:?}");
    assert_eq!(hist.color, "#1f77b4");
    let bar = &ax.series[1];
    assert_eq!((bar.kind, bar.color.as_str()), (SeriesKind::Bar, "#008000"));
    assert_eq!(bar.bars().collect::<Vec<_>>(), vec![(-0.4, 0.0, 0.8, 3.0), (0.6, 0.0, 0.8, 1.0)]);
    assert_eq!(ax.xticklabels, Some(vec![(0.0, "a".into()), (1.0, "b".into())]));
}

#[test]
fn errors_keep_matplotlib_and_pytorch_words() {
    // Each message as real matplotlib 3.11 with PyTorch raises it.
    let cases: [(&'static str, &str, &str); 6] = [
        ("plt.plot([1, 2, 3], [1, 2, 3, 4])", "ValueError", "x and y must have same first dimension, but have shapes (3,) and (4,)"),
        ("plt.plot(torch.ones(3, requires_grad=True))", "RuntimeError",
         "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead."),
        ("plt.plot([1, 2], [1, 2], 'q')", "ValueError", "'q' is not a valid format string (unrecognized character 'q')"),
        ("plt.scatter([1, 2], [1, 2, 3])", "ValueError", "x and y must be the same size"),
        ("plt.bar([1, 2], [1, 2, 3])", "ValueError",
         "shape mismatch: objects cannot be broadcast to a single shape.  Mismatch is between 'x' with shape (2,) and 'height' with shape (3,)."),
        ("plt.hist(torch.ones(2, requires_grad=True) * 2)", "RuntimeError",
         "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead."),
    ];
    for (code, type_name, message) in cases {
        let full: &'static str = Box::leak(format!("import matplotlib.pyplot as plt\nimport torch\n{code}").into_boxed_str());
        let r = run_one(full);
        let e = r.error.unwrap_or_else(|| panic!("{code} did not raise"));
        assert_eq!((e.type_name.as_str(), e.message.as_str()), (type_name, message), "{code}");
    }
}

#[test]
fn figures_show_at_plt_show_at_cell_end_and_as_a_result() {
    let r = run_cells(&[
        "import matplotlib.pyplot as plt\nprint('a')\nplt.plot([1, 2])\nplt.show()\nprint('b')\nplt.plot([3])",
        "fig, ax = plt.subplots()\nfig",
        "x = 1",
    ]);
    let first = &r[0];
    assert_eq!(first.stdout, "a\nb\n");
    let at: Vec<(usize, bool)> = first.figures.iter().map(|f| (f.stdout_offset, f.after_display)).collect();
    assert_eq!(at, vec![(2, false), (4, true)], "shown after 'a', then at the cell's end");
    // A figure as the result is drawn instead of printed, and the inline
    // backend shows it again at the cell's end (Jupyter shows it twice too).
    assert_eq!(r[1].display, None);
    assert_eq!(r[1].figures.iter().map(|f| f.after_display).collect::<Vec<_>>(), vec![false, true]);
    assert!(r[2].figures.is_empty(), "no figure made, none shown");
}

#[test]
fn savefig_writes_no_file() {
    let r = run_one("import matplotlib.pyplot as plt\nplt.plot([1])\nplt.savefig('/tmp/tensorlings-should-not-exist.png')");
    assert_eq!(r.error.expect("savefig refuses").type_name, "PermissionError");
    assert!(!Path::new("/tmp/tensorlings-should-not-exist.png").exists());
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/plots").join(name)
}

/// Object addresses vary from run to run in Jupyter; ours are a stable 0x7f0000000000 + 0x100·n.
fn without_addresses(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find(" at 0x") {
        out.push_str(&rest[..i + 6]);
        rest = rest[i + 6..].trim_start_matches(|c: char| c.is_ascii_hexdigit());
        out.push_str("ADDR");
    }
    out + rest
}

#[test]
fn run_prints_figures_as_jupyters_text_display() {
    let out = Command::new(env!("CARGO_BIN_EXE_tensorlings"))
        .args(["run", "--allow-errors"])
        .arg(fixture("show_order.py"))
        .output()
        .unwrap();
    let expected = std::fs::read_to_string(fixture("show_order.out")).unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(without_addresses(&stdout), without_addresses(&expected), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("[<matplotlib.lines.Line2D at 0x7f0000000100>]"), "the first artist's stable address");
}

/// (width, height, RGB pixels) of a PNG file.
fn decode(path: &Path) -> (u32, u32, Vec<[u8; 3]>) {
    let decoder = png::Decoder::new(std::fs::File::open(path).unwrap());
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    let pixels = buf[..info.buffer_size()].chunks(channels).map(|p| [p[0], p[1], p[2]]).collect();
    (info.width, info.height, pixels)
}

#[test]
fn run_plots_saves_each_shown_figure_as_a_png() {
    let dir = std::env::temp_dir().join(format!("tensorlings-plots-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let script = dir.join("curves.py");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        &script,
        "import matplotlib.pyplot as plt\nplt.plot([0, 1, 2, 3], [1, 3, 2, 4], label='loss')\nplt.title('Loss')\nplt.legend()\nplt.show()\n\
         # %%\nplt.figure(figsize=(4, 3))\n_ = plt.hist([1, 2, 2, 3, 3, 3], bins=3, color='tab:orange')\n",
    )
    .unwrap();
    let plots = dir.join("figures");
    let out = Command::new(env!("CARGO_BIN_EXE_tensorlings")).arg("run").arg("--plots").arg(&plots).arg(&script).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "<Figure size 640x480 with 1 Axes>\n<Figure size 400x300 with 1 Axes>\n");

    let (w, h, pixels) = decode(&plots.join("curves-1.png"));
    assert_eq!((w, h), (640, 480));
    let near = |p: &[u8; 3], c: [u8; 3]| p.iter().zip(c).all(|(&a, b)| a.abs_diff(b) <= 8);
    let blue = pixels.iter().filter(|p| near(p, [0x1f, 0x77, 0xb4])).count();
    assert!(blue > 200, "the line in C0 (#1f77b4): {blue} pixels");
    assert!(pixels.iter().any(|p| *p == [0, 0, 0]), "black text and frame");

    let (w, h, pixels) = decode(&plots.join("curves-2.png"));
    assert_eq!((w, h), (400, 300));
    let orange = pixels.iter().filter(|p| **p == [0xff, 0x7f, 0x0e]).count();
    assert!(orange > 5000, "the histogram's bars in tab:orange: {orange} pixels");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn figures_cross_the_kernel_protocol() {
    let options = KernelOptions {
        program: Some(PathBuf::from(env!("CARGO_BIN_EXE_tensorlings"))),
        timeout: Duration::from_secs(20),
        ..KernelOptions::default()
    };
    let mut k = KernelClient::spawn(options).expect("kernel starts");
    let r = k.execute("import matplotlib.pyplot as plt\nprint('x')\nplt.plot([1.0, float('nan'), 3.0])", None).unwrap();
    assert_eq!(r.stdout, "x\n");
    let fig = only_figure(&r);
    assert_eq!(r.figures[0].stdout_offset, 2);
    let y = &fig.axes[0].series[0].y;
    assert_eq!((y[0], y[2]), (1.0, 3.0));
    assert!(y[1].is_nan(), "NaN, a gap in the line, survives the JSON");
    k.shutdown();
}

#[test]
fn the_inline_magic_is_accepted_and_says_nothing() {
    // `%matplotlib inline` prints nothing in Jupyter; figures then show inline.
    let r = run_one("%matplotlib inline\nimport matplotlib\nimport matplotlib.pyplot as plt\nplt.plot([1, 2])\nmatplotlib.__name__");
    assert!(r.error.is_none(), "{:?}", r.error);
    assert_eq!((r.stdout.as_str(), r.display.as_deref()), ("", Some("'matplotlib'\n")));
    assert_eq!(r.figures.len(), 1);
    let r = run_one("%matplotlib qt");
    assert_eq!(r.error.expect("other backends refused").type_name, "UsageError");
}

#[test]
fn a_cell_shows_at_most_fifty_figures() {
    let r = run_one("import matplotlib.pyplot as plt\nfor i in range(60):\n    plt.plot([i])\n    plt.show()");
    assert!(r.error.is_none(), "{:?}", r.error);
    assert_eq!(r.figures.len(), tensorlings::python::figures::MAX_FIGURES_PER_CELL);
    assert!(r.figures_dropped);
}
