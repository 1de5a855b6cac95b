//! Functions that run along one axis: `sort`, `argsort`, `cumsum`, and `unique`
//! (NaN sorts last, as in NumPy; sorts are stable).
use std::cmp::Ordering;

use rustpython_vm::function::FuncArgs;
use rustpython_vm::{PyObjectRef, PyResult, VirtualMachine};

use super::array::PyNdArray;
use super::convert::{OrPyErr, as_tensor};
use crate::tensor::{DType, Scalar, Tensor};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum AlongAxis {
    Sort,
    ArgSort,
    CumSum,
}

fn nan_last(a: f64, b: f64) -> Ordering {
    match (a.is_nan(), b.is_nan()) {
        (true, true) => Ordering::Equal,
        (true, false) => Ordering::Greater,
        (false, true) => Ordering::Less,
        _ => a.partial_cmp(&b).unwrap_or(Ordering::Equal),
    }
}

/// Applies `f` to every 1-D lane of `t` along `axis`, giving lanes of the same length.
fn lanes(
    t: &Tensor,
    axis: usize,
    out_dtype: DType,
    f: impl Fn(&[Scalar]) -> Vec<Scalar>,
    vm: &VirtualMachine,
) -> PyResult<Tensor> {
    let nd = t.ndim();
    // Bring the axis last, work on contiguous rows, then put it back.
    let mut perm: Vec<i64> = (0..nd as i64).filter(|&d| d != axis as i64).collect();
    perm.push(axis as i64);
    let moved = t.permute(&perm).or_py(vm)?;
    let len = t.shape()[axis];
    let vals: Vec<Scalar> = (0..moved.numel()).map(|i| moved.get_flat(i)).collect();
    let mut out = Vec::with_capacity(vals.len());
    if len > 0 {
        for lane in vals.chunks(len) {
            out.extend(f(lane));
        }
    }
    let r = Tensor::from_scalars(&out, moved.shape(), Some(out_dtype)).or_py(vm)?;
    let mut inverse = vec![0i64; nd];
    for (i, &p) in perm.iter().enumerate() {
        inverse[p as usize] = i as i64;
    }
    let back = r.permute(&inverse).or_py(vm)?;
    Ok(back.contiguous())
}

fn order(lane: &[Scalar]) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..lane.len()).collect();
    idx.sort_by(|&i, &j| match (lane[i], lane[j]) {
        (Scalar::Float(a), Scalar::Float(b)) => nan_last(a, b),
        (a, b) => a.to_i64().cmp(&b.to_i64()),
    });
    idx
}

/// `np.sort/argsort/cumsum(a, axis)`: `axis=None` works on the flattened array.
pub fn along_axis(kind: AlongAxis, args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
    let a = args
        .args
        .first()
        .or_else(|| args.kwargs.get("a"))
        .ok_or_else(|| vm.new_type_error("missing the array argument"))?;
    let t = as_tensor(a, None, vm)?;
    let default_axis = if kind == AlongAxis::CumSum {
        None
    } else {
        Some(-1)
    };
    let axis = match args.kwargs.get("axis").or_else(|| args.args.get(1)) {
        Some(a) if vm.is_none(a) => None,
        Some(a) => Some(a.try_index(vm)?.try_to_primitive::<i64>(vm)?),
        None => default_axis,
    };
    let (t, axis) = match axis {
        None => (t.reshape(&[-1]).or_py(vm)?, 0usize),
        Some(ax) => {
            let nd = t.ndim().max(1) as i64;
            if ax < -nd || ax >= nd {
                return Err(super::reduce::axis_error(
                    format!(
                        "axis {ax} is out of bounds for array of dimension {}",
                        t.ndim()
                    ),
                    vm,
                ));
            }
            let t = if t.ndim() == 0 {
                t.reshape(&[1]).or_py(vm)?
            } else {
                t
            };
            (t, if ax < 0 { ax + nd } else { ax } as usize)
        }
    };
    let d = t.dtype();
    let r = match kind {
        AlongAxis::Sort => lanes(
            &t,
            axis,
            d,
            |l| order(l).into_iter().map(|i| l[i]).collect(),
            vm,
        )?,
        AlongAxis::ArgSort => lanes(
            &t,
            axis,
            DType::I64,
            |l| {
                order(l)
                    .into_iter()
                    .map(|i| Scalar::Int(i as i64))
                    .collect()
            },
            vm,
        )?,
        AlongAxis::CumSum => {
            // Like sum: small ints and bools accumulate in int64.
            let out = if d.is_float() { d } else { DType::I64 };
            let t = if out == d {
                t
            } else {
                t.to_dtype(out).or_py(vm)?
            };
            let f32_acc = matches!(out, DType::F32 | DType::F16 | DType::BF16);
            lanes(
                &t,
                axis,
                out,
                |l| {
                    let mut acc_f = 0.0f64;
                    let mut acc_i = 0i64;
                    l.iter()
                        .map(|v| match v {
                            Scalar::Float(x) => {
                                acc_f = if f32_acc {
                                    (acc_f as f32 + *x as f32) as f64
                                } else {
                                    acc_f + x
                                };
                                Scalar::Float(acc_f)
                            }
                            v => {
                                acc_i = acc_i.wrapping_add(v.to_i64());
                                Scalar::Int(acc_i)
                            }
                        })
                        .collect()
                },
                vm,
            )?
        }
    };
    Ok(PyNdArray::from_tensor(r, vm))
}

/// `np.unique(a)`: the sorted distinct values, flattened.
pub fn unique(a: &PyObjectRef, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
    let t = as_tensor(a, None, vm)?;
    let vals: Vec<Scalar> = (0..t.numel()).map(|i| t.get_flat(i)).collect();
    let mut out: Vec<Scalar> = order(&vals).into_iter().map(|i| vals[i]).collect();
    out.dedup_by(|x, y| match (*x, *y) {
        (Scalar::Float(a), Scalar::Float(b)) => a == b || (a.is_nan() && b.is_nan()),
        (a, b) => a.to_i64() == b.to_i64(),
    });
    let n = out.len();
    Ok(PyNdArray::from_tensor(
        Tensor::from_scalars(&out, &[n], Some(t.dtype())).or_py(vm)?,
        vm,
    ))
}
