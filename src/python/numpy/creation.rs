//! Array factories (`array`, `zeros`, `ones`, `full`, `*_like`, `arange`,
//! `linspace`, `eye`, `concatenate`, `stack`) and a few whole-array helpers
//! (`round`, `isclose`, `where`, `clip`), with NumPy's dtype defaults.
use rustpython_vm::function::FuncArgs;
use rustpython_vm::{PyObject, PyObjectRef, PyResult, VirtualMachine};

use super::array::{PyNdArray, parse_shape};
use super::convert::{OrPyErr, array_from_py, as_tensor, py_scalar};
use super::dtype::{parse_dtype, promote};
use super::scalar::wrap_result;
use super::ufunc::{BinOp, Operand, binary, operand};
use super::unary::{UnOp, unary};
use crate::tensor::buffer::build_vec;
use crate::tensor::element::Element;
use crate::tensor::{DType, Scalar, Tensor};
use crate::with_dtype;

fn arg<'a>(
    args: &'a FuncArgs,
    name: &str,
    pos: usize,
    vm: &VirtualMachine,
) -> Option<&'a PyObjectRef> {
    args.kwargs
        .get(name)
        .or_else(|| args.args.get(pos))
        .filter(|v| !vm.is_none(v))
}

fn dtype_arg(args: &FuncArgs, pos: usize, vm: &VirtualMachine) -> PyResult<Option<DType>> {
    arg(args, "dtype", pos, vm)
        .map(|d| parse_dtype(d, vm))
        .transpose()
}

/// `np.array(obj, dtype=None)` (always a copy) / `np.asarray(obj, dtype=None)`.
pub fn array(args: FuncArgs, copy: bool, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
    let obj = arg(&args, "object", 0, vm)
        .or_else(|| arg(&args, "a", 0, vm))
        .ok_or_else(|| vm.new_type_error("array() missing required argument 'object' (pos 0)"))?;
    let dtype = dtype_arg(&args, 1, vm)?;
    let copy =
        copy && arg(&args, "copy", 2, vm).is_none_or(|c| c.clone().try_to_bool(vm).unwrap_or(true));
    let mut t = if copy {
        array_from_py(obj, dtype, vm)?
    } else {
        as_tensor(obj, dtype, vm)?
    };
    if let Some(n) = arg(&args, "ndmin", 99, vm) {
        let n: usize = n.try_index(vm)?.try_to_primitive(vm)?;
        while t.ndim() < n {
            t = t.unsqueeze(0).or_py(vm)?;
        }
    }
    Ok(PyNdArray::from_tensor(t, vm))
}

/// `np.zeros(shape, dtype=float)`, `np.ones`, `np.empty`, `np.full(shape, value, dtype=None)`.
pub fn filled(args: FuncArgs, value: Option<f64>, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
    let shape = arg(&args, "shape", 0, vm)
        .ok_or_else(|| vm.new_type_error("missing required argument 'shape' (pos 0)"))?;
    let shape = parse_shape(shape, vm)?;
    let (v, dtype) = match value {
        Some(v) => (
            Scalar::Float(v),
            dtype_arg(&args, 1, vm)?.unwrap_or(DType::F64),
        ),
        None => fill_value(&args, 1, dtype_arg(&args, 2, vm)?, vm)?,
    };
    Ok(PyNdArray::from_tensor(
        Tensor::full(&shape, v, dtype).or_py(vm)?,
        vm,
    ))
}

/// The fill value of `full`/`full_like` and the dtype it implies.
fn fill_value(
    args: &FuncArgs,
    pos: usize,
    dtype: Option<DType>,
    vm: &VirtualMachine,
) -> PyResult<(Scalar, DType)> {
    let v = arg(args, "fill_value", pos, vm)
        .ok_or_else(|| vm.new_type_error("missing required argument 'fill_value'"))?;
    let t = as_tensor(v, None, vm)?;
    if t.numel() != 1 {
        return Err(vm.new_not_implemented_error("an array fill_value is not supported here"));
    }
    Ok((t.get_flat(0), dtype.unwrap_or(t.dtype())))
}

/// `np.zeros_like(a, dtype=None)` and friends.
pub fn like(args: FuncArgs, value: Option<f64>, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
    let a = arg(&args, "a", 0, vm)
        .ok_or_else(|| vm.new_type_error("missing required argument 'a' (pos 0)"))?;
    let t = as_tensor(a, None, vm)?;
    let (v, dtype) = match value {
        Some(v) => (
            Scalar::Float(v),
            dtype_arg(&args, 1, vm)?.unwrap_or(t.dtype()),
        ),
        None => {
            let d = dtype_arg(&args, 2, vm)?.unwrap_or(t.dtype());
            (fill_value(&args, 1, Some(d), vm)?.0, d)
        }
    };
    Ok(PyNdArray::from_tensor(
        Tensor::full(t.shape(), v, dtype).or_py(vm)?,
        vm,
    ))
}

/// `np.arange([start,] stop[, step], dtype=None)`: NumPy fills `start + i * delta`
/// with `delta = (start + step) - start`, and ints stay int64.
pub fn arange(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
    let mut nums = Vec::new();
    for a in args.args.iter().take(3) {
        let zero_d = a
            .downcast_ref::<PyNdArray>()
            .filter(|x| x.tensor.numel() == 1)
            .map(|x| x.tensor.get_flat(0));
        let s = py_scalar(a, vm)?.or(zero_d).ok_or_else(|| {
            vm.new_type_error(format!(
                "unsupported type for arange: '{}'",
                a.class().name()
            ))
        })?;
        nums.push(s);
    }
    for k in ["start", "stop", "step"] {
        if let Some(v) = args.kwargs.get(k) {
            let s = py_scalar(v, vm)?
                .ok_or_else(|| vm.new_type_error("arange() arguments must be numbers"))?;
            match k {
                "start" if nums.is_empty() => nums.push(s),
                "stop" => nums.push(s),
                "step" => {
                    while nums.len() < 2 {
                        nums.insert(0, Scalar::Int(0));
                    }
                    nums.push(s)
                }
                _ => nums.insert(0, s),
            }
        }
    }
    let dtype = arg(&args, "dtype", 3, vm)
        .filter(|_| args.kwargs.contains_key("dtype") || args.args.len() > 3);
    let dtype = dtype.map(|d| parse_dtype(d, vm)).transpose()?;
    let (start, stop, step) = match nums.as_slice() {
        [stop] => (Scalar::Int(0), *stop, Scalar::Int(1)),
        [start, stop] => (*start, *stop, Scalar::Int(1)),
        [start, stop, step] => (*start, *stop, *step),
        _ => return Err(vm.new_type_error("arange() requires stop to be specified.")),
    };
    let any_float = [start, stop, step]
        .iter()
        .any(|s| matches!(s, Scalar::Float(_)));
    let d = dtype.unwrap_or(if any_float { DType::F64 } else { DType::I64 });
    if step.to_f64() == 0.0 {
        return Err(vm.new_exception_msg(
            vm.ctx.exceptions.zero_division_error.to_owned(),
            "division by zero".into(),
        ));
    }
    let len = ((stop.to_f64() - start.to_f64()) / step.to_f64()).ceil();
    let len = if len.is_nan() || len < 0.0 {
        0
    } else {
        len as usize
    };
    let t = if !any_float && !d.is_float() {
        let (s, st) = (start.to_i64(), step.to_i64());
        let v = build_vec(len, |i| s.wrapping_add(st.wrapping_mul(i as i64))).or_py(vm)?;
        Tensor::from_vec(v, &[len])
            .or_py(vm)?
            .to_dtype(d)
            .or_py(vm)?
    } else {
        with_dtype!(d, T => {
            // NumPy computes the first two values in the output type, then fills.
            let first = T::from_f64(start.to_f64());
            let second = T::from_f64(start.to_f64() + step.to_f64());
            let (f0, delta) = (first.to_f64(), second.to_f64() - first.to_f64());
            let v = build_vec(len, |i| if i == 0 { first } else { T::from_f64(f0 + i as f64 * delta) }).or_py(vm)?;
            Tensor::from_vec(v, &[len]).or_py(vm)?
        })
    };
    Ok(PyNdArray::from_tensor(t, vm))
}

/// `np.linspace(start, stop, num=50, endpoint=True, dtype=None)`: `i * step + start`,
/// the last value set to `stop` exactly.
pub fn linspace(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
    let f = |name: &str, pos: usize| -> PyResult<Option<f64>> {
        arg(&args, name, pos, vm)
            .map(|v| Ok(v.try_float(vm)?.to_f64()))
            .transpose()
    };
    let start = f("start", 0)?
        .ok_or_else(|| vm.new_type_error("linspace() missing required argument 'start'"))?;
    let stop = f("stop", 1)?
        .ok_or_else(|| vm.new_type_error("linspace() missing required argument 'stop'"))?;
    let num: i64 = match arg(&args, "num", 2, vm) {
        Some(n) => n.try_index(vm)?.try_to_primitive(vm)?,
        None => 50,
    };
    if num < 0 {
        return Err(vm.new_value_error(format!("Number of samples, {num}, must be non-negative.")));
    }
    let num = num as usize;
    let endpoint = match arg(&args, "endpoint", 3, vm) {
        Some(e) => e.clone().try_to_bool(vm)?,
        None => true,
    };
    let dtype = dtype_arg(&args, 5, vm)?.unwrap_or(DType::F64);
    let div = if endpoint { num.saturating_sub(1) } else { num };
    let delta = stop - start;
    let step = delta / div as f64;
    let v: Vec<f64> = (0..num)
        .map(|i| {
            if endpoint && num > 1 && i == num - 1 {
                stop
            } else if div > 0 && step == 0.0 {
                (i as f64 / div as f64) * delta + start
            } else if div > 0 {
                i as f64 * step + start
            } else {
                i as f64 * delta + start
            }
        })
        .collect();
    let t = Tensor::from_vec(v, &[num]).or_py(vm)?;
    let t = if dtype == DType::F64 {
        t
    } else {
        t.to_dtype(dtype).or_py(vm)?
    };
    Ok(PyNdArray::from_tensor(t, vm))
}

/// `np.eye(N, M=None, k=0, dtype=float)`.
pub fn eye(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
    let int = |name: &str, pos: usize| -> PyResult<Option<i64>> {
        arg(&args, name, pos, vm)
            .map(|v| v.try_index(vm)?.try_to_primitive(vm))
            .transpose()
    };
    let n = int("N", 0)?
        .ok_or_else(|| vm.new_type_error("eye() missing required argument 'N' (pos 0)"))?
        .max(0) as usize;
    let m = int("M", 1)?.map_or(n, |m| m.max(0) as usize);
    let k = int("k", 2)?.unwrap_or(0);
    let dtype = dtype_arg(&args, 3, vm)?.unwrap_or(DType::F64);
    let vals: Vec<Scalar> = (0..n * m)
        .map(|i| Scalar::Int(((i % m) as i64 - (i / m) as i64 == k) as i64))
        .collect();
    Ok(PyNdArray::from_tensor(
        Tensor::from_scalars(&vals, &[n, m], Some(dtype)).or_py(vm)?,
        vm,
    ))
}

/// `np.concatenate(arrays, axis=0)` / `np.stack(arrays, axis=0)`.
pub fn concatenate(args: FuncArgs, stack: bool, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
    let seq = arg(&args, "arrays", 0, vm)
        .ok_or_else(|| vm.new_type_error("missing required argument 'arrays' (pos 0)"))?;
    let items: Vec<PyObjectRef> = seq.try_to_value(vm)?;
    if items.is_empty() {
        return Err(vm.new_value_error(if stack {
            "need at least one array to stack"
        } else {
            "need at least one array to concatenate"
        }));
    }
    let mut ts: Vec<Tensor> = items
        .iter()
        .map(|o| as_tensor(o, None, vm))
        .collect::<PyResult<_>>()?;
    let axis: i64 = match arg(&args, "axis", 1, vm) {
        Some(a) => a.try_index(vm)?.try_to_primitive(vm)?,
        None => 0,
    };
    if stack {
        let shape = ts[0].shape().to_vec();
        if ts.iter().any(|t| t.shape() != shape.as_slice()) {
            return Err(vm.new_value_error("all input arrays must have the same shape"));
        }
        let nd = shape.len() as i64 + 1;
        if axis < -nd || axis >= nd {
            return Err(super::reduce::axis_error(
                format!("axis {axis} is out of bounds for array of dimension {nd}"),
                vm,
            ));
        }
        let ax = if axis < 0 { axis + nd } else { axis };
        ts = ts
            .iter()
            .map(|t| t.unsqueeze(ax))
            .collect::<crate::tensor::Result<_>>()
            .or_py(vm)?;
    }
    let nd = ts[0].ndim() as i64;
    if nd == 0 {
        return Err(vm.new_value_error("zero-dimensional arrays cannot be concatenated"));
    }
    if axis < -nd || axis >= nd {
        return Err(super::reduce::axis_error(
            format!("axis {axis} is out of bounds for array of dimension {nd}"),
            vm,
        ));
    }
    let ax = if axis < 0 { axis + nd } else { axis } as usize;
    let dtype = ts
        .iter()
        .skip(1)
        .fold(ts[0].dtype(), |d, t| promote(d, t.dtype()));
    let mut shape = ts[0].shape().to_vec();
    for (i, t) in ts.iter().enumerate().skip(1) {
        if t.ndim() != ts[0].ndim() {
            return Err(vm.new_value_error(format!(
                "all the input arrays must have same number of dimensions, but the array at index 0 has {} dimension(s) and the array at index {i} has {} dimension(s)",
                ts[0].ndim(),
                t.ndim()
            )));
        }
        for (d, (&have, &got)) in shape.iter().zip(t.shape()).enumerate() {
            if d != ax && got != have {
                return Err(vm.new_value_error(format!(
                    "all the input array dimensions except for the concatenation axis must match exactly, but along dimension {d}, the array at index 0 has size {have} and the array at index {i} has size {got}"
                )));
            }
        }
        shape[ax] += t.shape()[ax];
    }
    let out = Tensor::zeros(&shape, dtype).or_py(vm)?;
    let mut at = 0;
    for t in &ts {
        let len = t.shape()[ax];
        let dst = out.narrow(ax as i64, at as i64, len as i64).or_py(vm)?;
        super::index::write_values(&dst, &t.cast_values(dtype).or_py(vm)?);
        at += len;
    }
    Ok(PyNdArray::from_tensor(out, vm))
}

/// `np.round(a, decimals=0)`: `rint(a * 10**d) / 10**d`, as NumPy does it.
pub fn round(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
    let a = operand(
        arg(&args, "a", 0, vm)
            .ok_or_else(|| vm.new_type_error("round() missing required argument 'a'"))?,
        vm,
    )?;
    let decimals: i64 = match arg(&args, "decimals", 1, vm) {
        Some(d) => d.try_index(vm)?.try_to_primitive(vm)?,
        None => 0,
    };
    let t = match &a {
        Operand::Arr(t) => t.clone(),
        Operand::Weak(_) => {
            return Err(vm.new_type_error("round() of a Python number: use the builtin round()"));
        }
    };
    if !t.dtype().is_float() {
        return Ok(wrap_result(t.copy_data().or_py(vm)?, vm));
    }
    if decimals == 0 {
        return Ok(wrap_result(unary(UnOp::Round, &a, vm)?, vm));
    }
    let f = 10f64.powi(decimals.unsigned_abs() as i32);
    let (scale, unscale) = if decimals > 0 {
        (BinOp::Mul, BinOp::Div)
    } else {
        (BinOp::Div, BinOp::Mul)
    };
    let y = binary(scale, &a, &Operand::Weak(Scalar::Float(f)), vm)?;
    let y = unary(UnOp::Round, &Operand::Arr(y), vm)?;
    Ok(wrap_result(
        binary(
            unscale,
            &Operand::Arr(y),
            &Operand::Weak(Scalar::Float(f)),
            vm,
        )?,
        vm,
    ))
}

/// `np.isclose(a, b, rtol=1e-05, atol=1e-08)`: `|a - b| <= atol + rtol * |b|`.
pub fn isclose_tensor(args: FuncArgs, vm: &VirtualMachine) -> PyResult<Tensor> {
    let get = |name: &str, pos: usize| arg(&args, name, pos, vm);
    let a = as_tensor(
        get("a", 0).ok_or_else(|| vm.new_type_error("missing argument 'a'"))?,
        None,
        vm,
    )?;
    let b = as_tensor(
        get("b", 1).ok_or_else(|| vm.new_type_error("missing argument 'b'"))?,
        None,
        vm,
    )?;
    let num = |name: &str, pos: usize, d: f64| -> PyResult<f64> {
        get(name, pos).map_or(Ok(d), |v| Ok(v.try_float(vm)?.to_f64()))
    };
    let (rtol, atol) = (num("rtol", 2, 1e-5)?, num("atol", 3, 1e-8)?);
    let shape = crate::tensor::layout::broadcast_shapes(a.shape(), b.shape()).map_err(|_| {
        vm.new_value_error(format!(
            "operands could not be broadcast together with shapes {} {} ",
            crate::tensor::print::python_tuple(a.shape()),
            crate::tensor::print::python_tuple(b.shape())
        ))
    })?;
    let x = a.broadcast_to(&shape).or_py(vm)?.to_vec::<f64>();
    let y = b.broadcast_to(&shape).or_py(vm)?.to_vec::<f64>();
    let v: Vec<bool> = x
        .iter()
        .zip(&y)
        .map(|(&p, &q)| p == q || (p - q).abs() <= atol + rtol * q.abs())
        .collect();
    Tensor::from_vec(v, &shape).or_py(vm)
}

/// `np.where(cond, x, y)`.
pub fn where_(
    cond: &PyObject,
    x: &PyObject,
    y: &PyObject,
    vm: &VirtualMachine,
) -> PyResult<PyObjectRef> {
    let c = as_tensor(cond, None, vm)?;
    let (a, b) = (operand(x, vm)?, operand(y, vm)?);
    // The result dtype is what x + y would promote to.
    let probe = binary(BinOp::Maximum, &a, &b, vm)?;
    let d = probe.dtype();
    let shape = crate::tensor::layout::broadcast_shapes(c.shape(), probe.shape()).or_py(vm)?;
    let full = |o: &Operand| -> PyResult<Vec<Scalar>> {
        let t = match o {
            Operand::Arr(t) => t.clone(),
            Operand::Weak(s) => Tensor::scalar(*s, d),
        };
        let t = t.broadcast_to(&shape).or_py(vm)?;
        Ok((0..t.numel()).map(|i| t.get_flat(i)).collect())
    };
    let (xv, yv) = (full(&a)?, full(&b)?);
    let cv = c.broadcast_to(&shape).or_py(vm)?.to_vec::<bool>();
    let vals: Vec<Scalar> = cv
        .iter()
        .enumerate()
        .map(|(i, &k)| if k { xv[i] } else { yv[i] })
        .collect();
    Ok(wrap_result(
        Tensor::from_scalars(&vals, &shape, Some(d)).or_py(vm)?,
        vm,
    ))
}

/// `np.clip(a, a_min, a_max)`.
pub fn clip(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
    let a = operand(
        arg(&args, "a", 0, vm).ok_or_else(|| vm.new_type_error("clip() missing argument 'a'"))?,
        vm,
    )?;
    let mut r = match &a {
        Operand::Arr(t) => t.clone(),
        Operand::Weak(_) => return Err(vm.new_type_error("clip() needs an array")),
    };
    if let Some(lo) = arg(&args, "a_min", 1, vm) {
        r = binary(BinOp::Maximum, &Operand::Arr(r), &operand(lo, vm)?, vm)?;
    }
    if let Some(hi) = arg(&args, "a_max", 2, vm) {
        r = binary(BinOp::Minimum, &Operand::Arr(r), &operand(hi, vm)?, vm)?;
    }
    Ok(wrap_result(r, vm))
}

/// `np.vstack` (`min_dims` 2: rows) and `np.hstack` (`min_dims` 1: along axis 1,
/// or 0 for vectors).
pub fn stack_at_least(
    tup: &PyObject,
    min_dims: usize,
    vm: &VirtualMachine,
) -> PyResult<PyObjectRef> {
    let items: Vec<PyObjectRef> = tup.try_to_value(vm)?;
    let mut arrays = Vec::with_capacity(items.len());
    for o in &items {
        let mut t = as_tensor(o, None, vm)?;
        while t.ndim() < min_dims {
            t = t.unsqueeze(0).or_py(vm)?;
        }
        arrays.push(PyNdArray::from_tensor(t, vm));
    }
    let axis = if min_dims == 1
        && arrays
            .first()
            .and_then(|a| a.downcast_ref::<PyNdArray>())
            .is_some_and(|a| a.tensor.ndim() > 1)
    {
        1
    } else {
        0
    };
    let args = FuncArgs::new(
        vec![vm.ctx.new_list(arrays).into(), vm.ctx.new_int(axis).into()],
        rustpython_vm::function::KwArgs::default(),
    );
    concatenate(args, false, vm)
}

/// `np.isnan`/`isinf`/`isfinite`: a bool array (ints and bools are always finite).
pub fn float_test(a: &PyObject, f: fn(f64) -> bool, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
    let t = as_tensor(a, None, vm)?;
    let v: Vec<bool> = t.to_vec::<f64>().into_iter().map(f).collect();
    Ok(wrap_result(Tensor::from_vec(v, t.shape()).or_py(vm)?, vm))
}
