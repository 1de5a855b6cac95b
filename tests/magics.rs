//! IPython's magic output formats and the `random` module, compared with
//! values printed by real IPython 9 / CPython 3.11 (in /work/venv).

use tensorlings::python::runner::INTERPRETER_STACK_BYTES;
use tensorlings::python::Session;

fn display_of(code: &'static str) -> String {
    std::thread::Builder::new()
        .stack_size(INTERPRETER_STACK_BYTES)
        .spawn(move || {
            let mut s = Session::new().unwrap();
            let r = s.run_cell(code, "<test>", 1);
            assert_eq!(r.error.as_ref().map(|e| e.traceback.clone()), None);
            r.stdout + &r.display.unwrap_or_default()
        })
        .unwrap()
        .join()
        .unwrap()
}

#[test]
fn durations_are_formatted_like_ipython() {
    let out = display_of(
        "import _tl_magics\n\
         [_tl_magics.format_time(v) for v in [0.0, 3e-9, 1.234e-7, 5.16e-6, 4.01e-5, 0.0172, 0.5, 1.0, 5.19, 59.99, 65.3, 71.0, 3725.5, 90061.2]]",
    );
    // IPython.core.magics.execution._format_time on the same values.
    assert_eq!(
        out,
        "['0 ns',\n '3 ns',\n '123 ns',\n '5.16 \u{3bc}s',\n '40.1 \u{3bc}s',\n '17.2 ms',\n '500 ms',\n '1 s',\n \
         '5.19 s',\n '60 s',\n '1min 5s',\n '1min 11s',\n '1h 2min 5s',\n '1d 1h 1min 1s']\n"
    );
}

#[test]
fn timeit_summary_is_formatted_like_ipython() {
    let out = display_of(
        "import _tl_magics\n\
         print(_tl_magics.TimeitResult(100000, 7, [0.516, 0.52, 0.51, 0.515, 0.53, 0.512, 0.518], 3))\n\
         print(_tl_magics.TimeitResult(1, 1, [2.0], 3))",
    );
    // str(IPython.core.magics.execution.TimeitResult(...)) with the same runs.
    assert_eq!(
        out,
        "5.17 \u{3bc}s \u{b1} 60.6 ns per loop (mean \u{b1} std. dev. of 7 runs, 100,000 loops each)\n\
         2 s \u{b1} 0 ns per loop (mean \u{b1} std. dev. of 1 run, 1 loop each)\n"
    );
}

#[test]
fn seeded_random_matches_cpython() {
    let out = display_of(
        "import random\nrandom.seed(7)\n\
         print(random.choice('abcdef'), random.sample(range(100), 5), random.uniform(1, 2), random.gauss(), random.choices([1, 2, 3], [1, 2, 3], k=4))\n\
         l = list(range(10))\nrandom.shuffle(l)\nprint(l, random.randrange(0, 100, 7), random.normalvariate())",
    );
    // CPython 3.11, same calls.
    assert_eq!(
        out,
        "c [19, 50, 83, 6, 9] 1.8212742919913083 1.097646062768027 [3, 2, 1, 2]\n\
         [9, 5, 2, 8, 7, 4, 0, 6, 1, 3] 63 0.15440555129021893\n"
    );
}
