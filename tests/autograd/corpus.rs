//! Replays tests/fixtures/grad_corpus.json (made by real PyTorch with
//! tests/fixtures/gen_grad_corpus.py): same float64 inputs, same gradient fed to
//! backward; every input's .grad must match PyTorch's to 1e-6 relative.
use serde_json::Value;
use tensorlings::tensor::autograd::functions as F;
use tensorlings::tensor::ops::elementwise::Operand;
use tensorlings::tensor::ops::index::TensorIndex;
use tensorlings::tensor::{DType, Result, Scalar, Tensor};

fn shape_of(v: &Value) -> Vec<usize> {
    v.as_array().unwrap().iter().map(|d| d.as_u64().unwrap() as usize).collect()
}

fn floats(v: &Value) -> Vec<f64> {
    v.as_array().unwrap().iter().map(|x| x.as_f64().unwrap()).collect()
}

/// An input as PyTorch had it: float64 leaves (transposed views when the case
/// says `strided`), int64 indices, bool masks.
fn input(spec: &Value) -> Tensor {
    let shape = shape_of(&spec["shape"]);
    let values = &spec["values"];
    match spec["dtype"].as_str().unwrap() {
        "int64" => Tensor::from_vec(values.as_array().unwrap().iter().map(|x| x.as_i64().unwrap()).collect(), &shape).unwrap(),
        "bool" => Tensor::from_vec(values.as_array().unwrap().iter().map(|x| x.as_i64().unwrap() != 0).collect(), &shape).unwrap(),
        _ => {
            let vals = floats(values);
            let t = if spec["strided"].as_bool().unwrap() {
                // Store the transpose contiguously and view it back transposed.
                let nd = shape.len();
                let (r, c) = (shape[nd - 2], shape[nd - 1]);
                let batch = vals.len() / (r * c);
                let mut stored = vec![0.0; vals.len()];
                for b in 0..batch {
                    for i in 0..r {
                        for j in 0..c {
                            stored[b * r * c + j * r + i] = vals[b * r * c + i * c + j];
                        }
                    }
                }
                let mut swapped = shape.clone();
                swapped.swap(nd - 1, nd - 2);
                let base = Tensor::from_vec(stored, &swapped).unwrap();
                let t = base.with_layout(base.layout().transpose(nd - 1, nd - 2));
                assert!(!t.is_contiguous());
                t
            } else {
                Tensor::from_vec(vals, &shape).unwrap()
            };
            if spec["requires_grad"].as_bool().unwrap() {
                t.set_requires_grad(true).unwrap();
            }
            t
        }
    }
}

fn dims(v: &Value) -> Vec<i64> {
    v.as_array().unwrap().iter().map(|d| d.as_i64().unwrap()).collect()
}

fn t(x: &Tensor) -> Operand<'_> {
    Operand::Tensor(x)
}

fn s(args: &Value, key: &str) -> f64 {
    args[key].as_f64().unwrap()
}

/// The op of a case, through the differentiable functions.
fn run(op: &str, x: &[Tensor], a: &Value) -> Result<Tensor> {
    let f = |k: &str| Scalar::Float(s(a, k));
    let one = Scalar::Int(1);
    Ok(match op {
        "add" => F::add(t(&x[0]), t(&x[1]), a.get("alpha").and_then(Value::as_f64).map_or(one, Scalar::Float))?,
        "add_scalar" => F::add(t(&x[0]), Operand::Scalar(f("scalar")), one)?,
        "sub" => F::sub(t(&x[0]), t(&x[1]), one)?,
        "rsub_scalar" => F::sub(Operand::Scalar(f("scalar")), t(&x[0]), one)?,
        "mul" => F::mul(t(&x[0]), t(&x[1]))?,
        "mul_scalar" => F::mul(t(&x[0]), Operand::Scalar(f("scalar")))?,
        "mul_same" => F::mul(t(&x[0]), t(&x[0]))?,
        "div" => F::div(t(&x[0]), t(&x[1]), None)?,
        "rdiv_scalar" => F::div(Operand::Scalar(f("scalar")), t(&x[0]), None)?,
        "pow_scalar" => F::pow(t(&x[0]), Operand::Scalar(f("scalar")))?,
        "pow" => F::pow(t(&x[0]), t(&x[1]))?,
        "rpow_scalar" => F::pow(Operand::Scalar(f("scalar")), t(&x[0]))?,
        "neg" => F::neg(&x[0])?,
        "exp" => F::exp(&x[0])?,
        "tanh" => F::tanh(&x[0])?,
        "sigmoid" => F::sigmoid(&x[0])?,
        "relu" => F::relu(&x[0])?,
        "abs" => F::abs(&x[0])?,
        "sin" => F::sin(&x[0])?,
        "cos" => F::cos(&x[0])?,
        "square" => F::square(&x[0])?,
        "exp2" => F::exp2(&x[0])?,
        "expm1" => F::expm1(&x[0])?,
        "atan" => F::atan(&x[0])?,
        "erf" => F::erf(&x[0])?,
        "sinh" => F::sinh(&x[0])?,
        "cosh" => F::cosh(&x[0])?,
        "log" => F::log(&x[0])?,
        "sqrt" => F::sqrt(&x[0])?,
        "rsqrt" => F::rsqrt(&x[0])?,
        "log2" => F::log2(&x[0])?,
        "log10" => F::log10(&x[0])?,
        "log1p" => F::log1p(&x[0])?,
        "reciprocal" => F::reciprocal(&x[0])?,
        "asin" => F::asin(&x[0])?,
        "acos" => F::acos(&x[0])?,
        "tan" => F::tan(&x[0])?,
        "leaky_relu" => F::leaky_relu(&x[0], s(a, "slope"))?,
        "gelu" => F::gelu(&x[0])?,
        "silu" => F::silu(&x[0])?,
        "softplus" => F::softplus(&x[0], s(a, "beta"), s(a, "threshold"))?,
        "clamp" => F::clamp(
            &x[0],
            a.get("min").and_then(Value::as_f64).map(|v| Operand::Scalar(Scalar::Float(v))),
            a.get("max").and_then(Value::as_f64).map(|v| Operand::Scalar(Scalar::Float(v))),
        )?,
        "where" => {
            let cond = x[0].detach().gt(Scalar::Float(0.0))?;
            F::where_(&cond, t(&x[0]), t(&x[1]))?
        }
        "maximum" => F::maximum(&x[0], &x[1])?,
        "minimum" => F::minimum(&x[0], &x[1])?,
        "mm" => F::mm(&x[0], &x[1])?,
        "matmul" => F::matmul(&x[0], &x[1])?,
        "bmm" => F::bmm(&x[0], &x[1])?,
        "addmm" => F::addmm(
            &x[0],
            &x[1],
            &x[2],
            a.get("beta").and_then(Value::as_f64).map_or(one, Scalar::Float),
            a.get("alpha").and_then(Value::as_f64).map_or(one, Scalar::Float),
        )?,
        "sum" => F::sum(&x[0], None)?,
        "sum_dims" => F::sum_dims(&x[0], &dims(&a["dims"]), a["keepdim"].as_bool().unwrap(), None)?,
        "mean" => F::mean(&x[0], None)?,
        "mean_dims" => F::mean_dims(&x[0], &dims(&a["dims"]), a["keepdim"].as_bool().unwrap(), None)?,
        "max" => F::max(&x[0])?,
        "min" => F::min(&x[0])?,
        "max_dim" => F::max_dim(&x[0], a["dim"].as_i64().unwrap(), a["keepdim"].as_bool().unwrap())?.0,
        "min_dim" => F::min_dim(&x[0], a["dim"].as_i64().unwrap(), a["keepdim"].as_bool().unwrap())?.0,
        "amax" => F::amax(&x[0], &dims(&a["dims"]), a["keepdim"].as_bool().unwrap())?,
        "prod" => F::prod(&x[0], None)?,
        "prod_dim" => F::prod_dim(&x[0], a["dim"].as_i64().unwrap(), a["keepdim"].as_bool().unwrap(), None)?,
        "var" | "std" => {
            let d = a["dims"].as_array().map(|_| dims(&a["dims"]));
            let (c, k) = (s(a, "correction"), a["keepdim"].as_bool().unwrap());
            if op == "var" { F::var(&x[0], d.as_deref(), c, k)? } else { F::std(&x[0], d.as_deref(), c, k)? }
        }
        "logsumexp" => F::logsumexp(&x[0], &dims(&a["dims"]), a["keepdim"].as_bool().unwrap())?,
        "cumsum" => F::cumsum(&x[0], a["dim"].as_i64().unwrap(), None)?,
        "softmax" => F::softmax(&x[0], a["dim"].as_i64().unwrap(), None)?,
        "log_softmax" => F::log_softmax(&x[0], a["dim"].as_i64().unwrap(), None)?,
        "view" => F::view(&x[0], &dims(&a["shape"]))?,
        "reshape" => F::reshape(&x[0], &dims(&a["shape"]))?,
        "permute" => F::permute(&x[0], &dims(&a["dims"]))?,
        "transpose" => F::transpose(&x[0], a["d0"].as_i64().unwrap(), a["d1"].as_i64().unwrap())?,
        "t" => F::t(&x[0])?,
        "expand" => F::expand(&x[0], &dims(&a["shape"]))?,
        "select" => F::select(&x[0], a["dim"].as_i64().unwrap(), a["index"].as_i64().unwrap())?,
        "slice" => F::slice(&x[0], a["dim"].as_i64().unwrap(), a["start"].as_i64(), a["stop"].as_i64(), a["step"].as_i64().unwrap())?,
        "narrow" => F::narrow(&x[0], a["dim"].as_i64().unwrap(), a["start"].as_i64().unwrap(), a["length"].as_i64().unwrap())?,
        "unsqueeze" => F::unsqueeze(&x[0], a["dim"].as_i64().unwrap())?,
        "squeeze" => F::squeeze(&x[0], Some(&dims(&a["dims"])))?,
        "diagonal" => F::diagonal(&x[0], a["offset"].as_i64().unwrap(), 0, 1)?,
        "index" => F::index(&x[0], &[TensorIndex::Tensor(x[1].clone())])?,
        "index_dim1" => F::index(&x[0], &[TensorIndex::Slice(None, None, 1), TensorIndex::Tensor(x[1].clone())])?,
        "index_mask" => F::index(&x[0], &[TensorIndex::Tensor(x[1].clone())])?,
        "index_put_acc" => F::index_put(&F::clone(&x[0])?, &[TensorIndex::Tensor(x[1].clone())], &x[2], true)?,
        "cat" => F::cat(&[x[0].clone(), x[1].clone()], a["dim"].as_i64().unwrap())?,
        "stack" => F::stack(&[x[0].clone(), x[1].clone()], a["dim"].as_i64().unwrap())?,
        "mlp" => {
            let h = F::relu(&F::add(t(&F::matmul(&x[0], &F::t(&x[1])?)?), t(&x[2]), one)?)?;
            let logits = F::add(t(&F::matmul(&h, &F::t(&x[3])?)?), t(&x[4]), one)?;
            F::mean(&F::select(&F::log_softmax(&logits, 1, None)?, 1, 0)?, None)?
        }
        other => panic!("corpus op {other} has no runner"),
    })
}

/// Node names that differ from PyTorch's on purpose: PyTorch builds these
/// matmuls from several nodes (a view over a bmm); ours is one node.
const COMPOSITE: &[&str] = &["matmul_1d_2d", "matmul_2d_3d", "matmul_3d_2d", "matmul_batched", "matmul_broadcast", "matmul_1d_3d", "matmul_3d_1d"];

#[test]
fn gradients_match_pytorch() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/grad_corpus.json")).unwrap();
    let corpus: Value = serde_json::from_str(&text).unwrap();
    let mut failures = vec![];
    let cases = corpus["cases"].as_array().unwrap();
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let inputs: Vec<Tensor> = case["inputs"].as_array().unwrap().iter().map(input).collect();
        let y = match run(case["op"].as_str().unwrap(), &inputs, &case["args"]) {
            Ok(y) => y,
            Err(e) => {
                failures.push(format!("{name}: forward failed: {e}"));
                continue;
            }
        };
        let node = y.grad_fn().map(|n| n.name).unwrap_or("None");
        if !COMPOSITE.contains(&name) && node != case["node"].as_str().unwrap() {
            failures.push(format!("{name}: node {node}, PyTorch {}", case["node"]));
        }
        let g = Tensor::from_vec(floats(&case["grad_output"]), y.shape()).unwrap();
        if let Err(e) = y.backward(Some(g), false) {
            failures.push(format!("{name}: backward failed: {e}"));
            continue;
        }
        for (k, (x, want)) in inputs.iter().zip(case["grads"].as_array().unwrap()).enumerate() {
            if want.is_null() {
                continue;
            }
            let Some(got) = x.grad() else {
                failures.push(format!("{name}: input {k} got no grad"));
                continue;
            };
            assert_eq!(got.dtype(), DType::F64);
            let (got, want) = (got.to_vec::<f64>(), floats(want));
            let bad = got.iter().zip(&want).position(|(g, w)| (g - w).abs() > 1e-6 * w.abs().max(1e-6));
            if got.len() != want.len() || bad.is_some() {
                failures.push(format!("{name}: input {k} grad {got:?}, PyTorch {want:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "{} of {} cases failed:\n{}", failures.len(), cases.len(), failures.join("\n"));
}
