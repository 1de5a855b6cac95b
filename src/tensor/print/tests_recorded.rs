//! Replays testdata/recorded.txt: random tensors and arrays (all dtypes, 0-d to 4-d, empty,
//! summarised, NaN/inf, grad suffixes, non-default print options) printed by the real
//! PyTorch 2.15 / NumPy 2.4 (generator: testdata/gen_recorded.py). Summarised cases only
//! record the elements on screen; reading any other element fails the case.

use super::*;
use std::collections::HashMap;

const RECORDED: &str = include_str!("testdata/recorded.txt");

struct Case {
    tag: String,
    shape: Vec<usize>,
    dtype: String,
    kind: ValueKind,
    meta: HashMap<String, String>,
    values: HashMap<usize, Scalar>,
    expect: String,
}

fn parse_value(kind: ValueKind, s: &str) -> Scalar {
    match kind {
        ValueKind::Float => Scalar::Float(f64::from_bits(
            u64::from_str_radix(s, 16).expect("hex float"),
        )),
        ValueKind::Int => Scalar::Int(s.parse().expect("int")),
        ValueKind::Bool => Scalar::Bool(s == "1"),
    }
}

/// The committed fixture, or a bigger one named by `PRINT_RECORDED` (ad-hoc stress runs).
fn parse_cases() -> Vec<Case> {
    let text = match std::env::var("PRINT_RECORDED") {
        Ok(path) => std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}")),
        Err(_) => RECORDED.to_string(),
    };
    let mut lines = text.lines();
    let mut cases = Vec::new();
    while let Some(head) = lines.next() {
        let tag = head.strip_prefix("case ").expect("case line").to_string();
        let shape: Vec<usize> = lines.next().unwrap()["shape".len()..]
            .split_whitespace()
            .map(|d| d.parse().unwrap())
            .collect();
        let dt: Vec<&str> = lines.next().unwrap().split_whitespace().collect();
        let kind = match dt[2] {
            "float" => ValueKind::Float,
            "int" => ValueKind::Int,
            _ => ValueKind::Bool,
        };
        let meta = lines.next().unwrap()["meta".len()..]
            .split_whitespace()
            .filter_map(|kv| {
                kv.split_once('=')
                    .map(|(k, v)| (k.to_string(), v.to_string()))
            })
            .collect();
        let vline = lines.next().unwrap();
        let mut values = HashMap::new();
        if let Some(rest) = vline.strip_prefix("sparse") {
            for item in rest.split_whitespace() {
                let (i, v) = item.split_once(':').unwrap();
                values.insert(i.parse().unwrap(), parse_value(kind, v));
            }
        } else {
            for (i, v) in vline["values".len()..].split_whitespace().enumerate() {
                values.insert(i, parse_value(kind, v));
            }
        }
        let n: usize = lines
            .next()
            .unwrap()
            .strip_prefix("expect ")
            .unwrap()
            .parse()
            .unwrap();
        let expect = (0..n)
            .map(|_| lines.next().unwrap())
            .collect::<Vec<_>>()
            .join("\n");
        cases.push(Case {
            tag,
            shape,
            dtype: dt[1].to_string(),
            kind,
            meta,
            values,
            expect,
        });
    }
    cases
}

fn render(case: &Case) -> String {
    let get = |i: usize| {
        *case
            .values
            .get(&i)
            .unwrap_or_else(|| panic!("read element {i}, which is not on screen"))
    };
    match case.tag.as_str() {
        "numpy_str" => numpy_str(&case.shape, case.kind, &case.dtype, &get),
        "numpy_repr" => numpy_repr(&case.shape, case.kind, &case.dtype, &get),
        "pyrepr" => (0..case.shape[0])
            .map(|i| python_float_repr(get(i).as_f64()))
            .collect::<Vec<_>>()
            .join("\n"),
        _ => {
            let m = &case.meta;
            let num = |k: &str| m[k].parse::<usize>().unwrap();
            let opts = PrintOptions {
                precision: num("precision"),
                threshold: num("threshold"),
                edgeitems: num("edgeitems"),
                linewidth: num("linewidth"),
                sci_mode: match m["sci"].as_str() {
                    "True" => Some(true),
                    "False" => Some(false),
                    _ => None,
                },
            };
            let grad = m["grad"].as_str();
            let meta = TensorMeta {
                dtype: &case.dtype,
                device: None,
                requires_grad: grad != "-",
                grad_fn: if grad == "-" || grad == "requires_grad" {
                    None
                } else {
                    Some(grad)
                },
            };
            torch_repr(&case.shape, case.kind, &get, &meta, &opts)
        }
    }
}

fn run(tags: &[&str]) {
    let cases: Vec<Case> = parse_cases()
        .into_iter()
        .filter(|c| tags.contains(&c.tag.as_str()))
        .collect();
    assert!(!cases.is_empty(), "recorded cases missing");
    let mut failures = Vec::new();
    for (k, case) in cases.iter().enumerate() {
        let got = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| render(case)));
        match got {
            Ok(text) if text == case.expect => {}
            Ok(text) => failures.push(format!(
                "#{k} {} shape {:?} {}:\n--- expected\n{}\n--- got\n{}",
                case.tag, case.shape, case.dtype, case.expect, text
            )),
            Err(_) => failures.push(format!(
                "#{k} {} shape {:?} {}: panicked",
                case.tag, case.shape, case.dtype
            )),
        }
    }
    let shown: Vec<&String> = failures.iter().take(5).collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases differ; first ones:\n{}",
        failures.len(),
        cases.len(),
        shown
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n\n")
    );
}

#[test]
fn recorded_torch_cases() {
    run(&["torch"]);
}

#[test]
fn recorded_numpy_cases() {
    run(&["numpy_str", "numpy_repr"]);
}

#[test]
fn recorded_python_float_repr() {
    run(&["pyrepr"]);
}
