//! `np.matmul` / `@` (with NumPy's broadcasting of batch dims and 1-D promotion)
//! and `np.dot` for up to 2-D operands. Floats multiply with the `gemm` crate.
use rustpython_vm::{PyObject, PyObjectRef, PyResult, VirtualMachine};

use super::convert::OrPyErr;
use super::dtype::promote;
use super::scalar::wrap_result;
use super::ufunc::{BinOp, Operand, binary, operand};
use crate::tensor::buffer::BufferElement;
use crate::tensor::element::Element;
use crate::tensor::layout::broadcast_shapes;
use crate::tensor::{DType, Tensor};

const SIGNATURE: &str = "(n?,k),(k,m?)->(n?,m?)";

/// `m x k` times `k x n`, row-major slices, into `out` (`m x n`).
fn mm_f64(a: &[f64], b: &[f64], out: &mut [f64], m: usize, k: usize, n: usize) {
    gemm_into(a, b, out, m, k, n)
}
fn mm_f32(a: &[f32], b: &[f32], out: &mut [f32], m: usize, k: usize, n: usize) {
    gemm_into(a, b, out, m, k, n)
}

fn gemm_into<T: Element + 'static>(a: &[T], b: &[T], out: &mut [T], m: usize, k: usize, n: usize) {
    if m == 0 || n == 0 {
        return;
    }
    if k == 0 {
        out.iter_mut().for_each(|x| *x = T::zero());
        return;
    }
    let par = if m * n * k > 1 << 20 {
        gemm::Parallelism::Rayon(0)
    } else {
        gemm::Parallelism::None
    };
    // SAFETY: the slices hold m*k, k*n and m*n elements laid out row-major, as the
    // strides passed say; `out` is not read (read_dst = false).
    unsafe {
        gemm::gemm(
            m,
            n,
            k,
            out.as_mut_ptr(),
            1,
            n as isize,
            false,
            a.as_ptr(),
            1,
            k as isize,
            b.as_ptr(),
            1,
            n as isize,
            T::zero(),
            T::one(),
            false,
            false,
            false,
            par,
        );
    }
}

fn mm_i64(a: &[i64], b: &[i64], out: &mut [i64], m: usize, k: usize, n: usize) {
    for i in 0..m {
        for j in 0..n {
            let mut s = 0i64;
            for p in 0..k {
                s = s.wrapping_add(a[i * k + p].wrapping_mul(b[p * n + j]));
            }
            out[i * n + j] = s;
        }
    }
}

/// Batched matmul of `a` (.., m, k) and `b` (.., k, n), both at least 2-D.
fn batched(a: &Tensor, b: &Tensor, dtype: DType, vm: &VirtualMachine) -> PyResult<Tensor> {
    let (ra, rb) = (a.ndim(), b.ndim());
    let (m, k) = (a.shape()[ra - 2], a.shape()[ra - 1]);
    let (k2, n) = (b.shape()[rb - 2], b.shape()[rb - 1]);
    if k != k2 {
        return Err(vm.new_value_error(format!(
            "matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature {SIGNATURE} (size {k2} is different from {k})"
        )));
    }
    let batch = broadcast_shapes(&a.shape()[..ra - 2], &b.shape()[..rb - 2]).map_err(|_| {
        vm.new_value_error(format!(
            "operands could not be broadcast together with remapped shapes [original->remapped]: {}->{} {}->{}  and requested shape ({m},{n})",
            crate::tensor::print::python_tuple(a.shape()),
            crate::tensor::print::python_tuple(a.shape()),
            crate::tensor::print::python_tuple(b.shape()),
            crate::tensor::print::python_tuple(b.shape())
        ))
    })?;
    let nb: usize = batch.iter().product();
    let mut sa = batch.clone();
    sa.extend([m, k]);
    let mut sb = batch.clone();
    sb.extend([k, n]);
    let mut so = batch.clone();
    so.extend([m, n]);
    let compute = match dtype {
        DType::F64 => DType::F64,
        d if d.is_float() => DType::F32,
        _ => DType::I64,
    };
    let av = Tensor::from_buffer(
        a.broadcast_to(&sa)
            .or_py(vm)?
            .cast_values(compute)
            .or_py(vm)?,
        &sa,
    );
    let bv = Tensor::from_buffer(
        b.broadcast_to(&sb)
            .or_py(vm)?
            .cast_values(compute)
            .or_py(vm)?,
        &sb,
    );
    let total = nb * m * n;
    crate::tensor::memory::check_alloc(total * 8).or_py(vm)?;
    let buf = match compute {
        DType::F64 => {
            let (x, y) = (av.to_vec::<f64>(), bv.to_vec::<f64>());
            let mut out = vec![0.0f64; total];
            for i in 0..nb {
                mm_f64(
                    &x[i * m * k..(i + 1) * m * k],
                    &y[i * k * n..(i + 1) * k * n],
                    &mut out[i * m * n..(i + 1) * m * n],
                    m,
                    k,
                    n,
                );
            }
            f64::wrap(out)
        }
        DType::F32 => {
            let (x, y) = (av.to_vec::<f32>(), bv.to_vec::<f32>());
            let mut out = vec![0.0f32; total];
            for i in 0..nb {
                mm_f32(
                    &x[i * m * k..(i + 1) * m * k],
                    &y[i * k * n..(i + 1) * k * n],
                    &mut out[i * m * n..(i + 1) * m * n],
                    m,
                    k,
                    n,
                );
            }
            f32::wrap(out)
        }
        _ => {
            let (x, y) = (av.to_vec::<i64>(), bv.to_vec::<i64>());
            let mut out = vec![0i64; total];
            for i in 0..nb {
                mm_i64(
                    &x[i * m * k..(i + 1) * m * k],
                    &y[i * k * n..(i + 1) * k * n],
                    &mut out[i * m * n..(i + 1) * m * n],
                    m,
                    k,
                    n,
                );
            }
            i64::wrap(out)
        }
    };
    let t = Tensor::from_buffer(buf, &so);
    if dtype == compute {
        return Ok(t);
    }
    // bool matmul is "any(a and b)"; other narrow types round once.
    Ok(Tensor::from_buffer(t.cast_values(dtype).or_py(vm)?, &so))
}

/// `np.matmul(a, b)` on tensors.
pub fn matmul_tensors(a: &Tensor, b: &Tensor, vm: &VirtualMachine) -> PyResult<Tensor> {
    for (i, t) in [a, b].iter().enumerate() {
        if t.ndim() == 0 {
            return Err(vm.new_value_error(format!(
                "matmul: Input operand {i} does not have enough dimensions (has 0, gufunc core with signature {SIGNATURE} requires 1)"
            )));
        }
    }
    let dtype = promote(a.dtype(), b.dtype());
    let a2 = if a.ndim() == 1 {
        a.unsqueeze(0).or_py(vm)?
    } else {
        a.clone()
    };
    let b2 = if b.ndim() == 1 {
        b.unsqueeze(1).or_py(vm)?
    } else {
        b.clone()
    };
    let mut r = batched(&a2, &b2, dtype, vm)?;
    if b.ndim() == 1 {
        r = r.squeeze(Some(&[-1])).or_py(vm)?;
    }
    if a.ndim() == 1 {
        r = r
            .squeeze(Some(&[if b.ndim() == 1 { -1 } else { -2 }]))
            .or_py(vm)?;
    }
    Ok(r)
}

/// The `@` operator and `np.matmul` on operands.
pub fn matmul_operands(a: &Operand, b: &Operand, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
    let (x, y) = (strong(a), strong(b));
    Ok(wrap_result(matmul_tensors(&x, &y, vm)?, vm))
}

fn strong(o: &Operand) -> Tensor {
    match o {
        Operand::Arr(t) => t.clone(),
        Operand::Weak(s) => {
            let d = match s {
                crate::tensor::Scalar::Bool(_) => DType::Bool,
                crate::tensor::Scalar::Int(_) => DType::I64,
                crate::tensor::Scalar::Float(_) => DType::F64,
            };
            Tensor::scalar(*s, d)
        }
    }
}

/// `np.dot(a, b)` / `a.dot(b)` for scalars, vectors and matrices.
pub fn dot(a: &Tensor, other: &PyObject, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
    dot_operands(&Operand::Arr(a.clone()), &operand(other, vm)?, vm)
}

pub fn dot_operands(a: &Operand, b: &Operand, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
    let (x, y) = (strong(a), strong(b));
    if x.ndim() == 0 || y.ndim() == 0 {
        return Ok(wrap_result(binary(BinOp::Mul, a, b, vm)?, vm));
    }
    if x.ndim() > 2 || y.ndim() > 2 {
        return Err(vm.new_not_implemented_error(
            "np.dot of arrays with more than 2 dimensions is not supported here; use np.matmul",
        ));
    }
    let kx = x.shape()[x.ndim() - 1];
    // b's first dim is the one that must match (vectors and matrices alike).
    let (ky, ydim) = (y.shape()[0], 0);
    if kx != ky {
        return Err(vm.new_value_error(format!(
            "shapes {} and {} not aligned: {} (dim {}) != {} (dim {})",
            crate::tensor::print::python_tuple(x.shape()).replace(", ", ","),
            crate::tensor::print::python_tuple(y.shape()).replace(", ", ","),
            kx,
            x.ndim() - 1,
            ky,
            ydim
        )));
    }
    Ok(wrap_result(matmul_tensors(&x, &y, vm)?, vm))
}
