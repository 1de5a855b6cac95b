//! Helpers for the elementwise unit tests: the fixtures of testdata/gen_cases.py
//! and a comparison of our result (repr or error) with the one PyTorch recorded.
use crate::tensor::dtype::{Category, DType};
use crate::tensor::error::{Result, TensorError};
use crate::tensor::print::{PrintOptions, TensorMeta, ValueKind, torch_repr};
use crate::tensor::scalar::Scalar;
use crate::tensor::tensor::Tensor;

const CASES: &str = include_str!("testdata/cases.txt");

/// PyTorch's recorded text for case `name`.
pub fn expected(name: &str) -> String {
    for line in CASES.lines() {
        if let Some((n, text)) = line.split_once('\t')
            && n == name
        {
            return text.replace("\\n", "\n").replace("\\\\", "\\");
        }
    }
    panic!("no recorded case {name}");
}

pub fn repr(t: &Tensor) -> String {
    let kind = match t.dtype().category() {
        Category::Bool => ValueKind::Bool,
        Category::Int => ValueKind::Int,
        Category::Float => ValueKind::Float,
    };
    let meta = TensorMeta { dtype: t.dtype().name(), ..Default::default() };
    torch_repr(t.shape(), kind, &|i| t.get_flat(i), &meta, &PrintOptions::default())
}

/// Our result as the recorder writes it.
pub fn show(r: Result<Tensor>) -> String {
    match r {
        Ok(t) => repr(&t),
        Err(e) => {
            let kind = match &e {
                TensorError::Runtime(_) => "RuntimeError",
                TensorError::Index(_) => "IndexError",
                TensorError::Type(_) => "TypeError",
                TensorError::Value(_) => "ValueError",
                TensorError::NotImplemented(_) => "NotImplementedError",
            };
            format!("ERR {kind}: {e}")
        }
    }
}

#[track_caller]
pub fn check(name: &str, r: Result<Tensor>) {
    assert_eq!(show(r), expected(name), "case {name}");
}

/// For in-place ops: the tensor after the op, or the error.
#[track_caller]
pub fn check_inplace(name: &str, t: &Tensor, r: Result<()>) {
    check(name, r.map(|_| t.clone()));
}

pub fn tensor(values: &[f64], shape: &[usize], dtype: DType) -> Tensor {
    let scalars: Vec<Scalar> = values.iter().map(|&v| Scalar::Float(v)).collect();
    Tensor::from_scalars(&scalars, shape, Some(dtype)).unwrap()
}
pub fn tf(values: &[f64]) -> Tensor {
    tensor(values, &[values.len()], DType::F32)
}
pub fn ti(values: &[i64]) -> Tensor {
    Tensor::from_vec(values.to_vec(), &[values.len()]).unwrap()
}
pub fn tb(values: &[bool]) -> Tensor {
    Tensor::from_vec(values.to_vec(), &[values.len()]).unwrap()
}
pub fn typed(values: &[i64], dtype: DType) -> Tensor {
    ti(values).to(dtype).unwrap()
}

// The fixtures of gen_cases.py.
pub fn x() -> Tensor {
    ti(&[1, 4, 7, 10])
}
pub fn a() -> Tensor {
    ti(&[7, -7, 8])
}
pub fn b() -> Tensor {
    ti(&[2, 2, 3])
}
pub fn f() -> Tensor {
    tf(&[-3.5, -1.0, 0.0, 2.25, 5.0])
}
pub fn g() -> Tensor {
    tf(&[2.0, -2.0, 0.5, 1.5, -4.0])
}
pub fn u8_() -> Tensor {
    typed(&[250, 3], DType::U8)
}
pub fn i8_() -> Tensor {
    typed(&[100, -128, 7], DType::I8)
}
pub fn bt() -> Tensor {
    tb(&[true, false, true])
}
pub fn h() -> Tensor {
    tensor(&[1.0 / 3.0, 2.5, 1000.1], &[3], DType::F16)
}
pub fn m() -> Tensor {
    tensor(&[0., 1., 2., 3., 4., 5.], &[2, 3], DType::F32)
}
pub fn col() -> Tensor {
    Tensor::from_vec(vec![1i64, 2, 3], &[3, 1]).unwrap()
}
pub fn row() -> Tensor {
    Tensor::from_vec(vec![10i64, 20, 30, 40], &[1, 4]).unwrap()
}
pub fn special() -> Tensor {
    tf(&[f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -0.0, 0.0, 1.5, -2.5, 0.5])
}
pub fn i(v: i64) -> Scalar {
    Scalar::Int(v)
}
pub fn fl(v: f64) -> Scalar {
    Scalar::Float(v)
}
