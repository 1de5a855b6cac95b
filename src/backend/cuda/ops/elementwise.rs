//! Elementwise ops on the device: binary arithmetic with broadcasting and any
//! strides (a tensor and a tensor, or a tensor and a number), comparisons, and
//! unary math on float dtypes. Operands are cast to the result dtype first (as
//! the CPU engine computes in the promoted dtype).
use super::{base_ptr, common_device, copy, empty, tag, view_ptr};
use crate::backend::cuda::context::context;
use crate::backend::cuda::launch::{Args, Strided, blocks_for, is_row_major};
use crate::tensor::device::Device;
use crate::tensor::dtype::DType;
use crate::tensor::error::Result;
use crate::tensor::ops::elementwise::Operand;
use crate::tensor::ops::elementwise::kernel::broadcast_strides;
use crate::tensor::scalar::Scalar;
use crate::tensor::tensor::Tensor;

/// An operand made ready for a kernel: a tensor in the compute dtype, or a number.
enum Ready {
    Tensor(Tensor),
    Number(Scalar),
}

/// The device the op runs on, or None for a CPU op. A 0-dim CPU tensor with a
/// CUDA tensor is read as a number (PyTorch allows it).
fn device_of(a: &Operand, b: &Operand) -> Result<Option<usize>> {
    let ts: Vec<&Tensor> = [a.tensor(), b.tensor()].into_iter().flatten().collect();
    match common_device(ts)? {
        Device::Cuda(i) => Ok(Some(i)),
        Device::Cpu => Ok(None),
    }
}

fn ready(op: &Operand, dtype: DType, ordinal: usize) -> Result<Ready> {
    Ok(match op {
        Operand::Scalar(s) => Ready::Number(*s),
        Operand::Tensor(t) if t.device() == Device::Cpu => Ready::Number(t.get_flat(0)),
        Operand::Tensor(t) if t.dtype() != dtype => Ready::Tensor(copy::cast(t, dtype)?),
        Operand::Tensor(t) => {
            let _ = ordinal;
            Ready::Tensor((*t).clone())
        }
    })
}

/// A tensor read broadcast to `shape`.
fn broadcast_operand(t: &Tensor, shape: &[usize]) -> Result<(Tensor, Strided)> {
    let strides = broadcast_strides(t.layout(), shape);
    match Strided::of(shape, &strides, t.storage_offset()) {
        Some(s) => Ok((t.clone(), s)),
        None => {
            let c = copy::contiguous(&t.broadcast_to(shape)?)?;
            Ok((c, Strided::contiguous(0)))
        }
    }
}

fn number_parts(s: Scalar) -> (f64, i64) {
    (s.to_f64(), s.to_i64())
}

/// Runs a binary kernel family (`add`, `sub`, `mul`, `div`, `maximum`, `minimum`,
/// or a comparison `eq`... with `out_dtype` Bool) over `a` and `b` in `dtype`.
fn launch_binary(
    module: &'static str,
    op: &str,
    a: &Operand,
    b: &Operand,
    dtype: DType,
    out_dtype: DType,
    shape: &[usize],
) -> Result<Option<Tensor>> {
    let Some(ordinal) = device_of(a, b)? else {
        return Ok(None);
    };
    let ctx = context(ordinal)?;
    let (x, y) = (ready(a, dtype, ordinal)?, ready(b, dtype, ordinal)?);
    let n: usize = shape.iter().product();
    let (out, optr) = empty(ordinal, out_dtype, shape)?;
    if n == 0 {
        return Ok(Some(out));
    }
    let t = tag(dtype);
    match (x, y) {
        (Ready::Tensor(p), Ready::Tensor(q)) => {
            // binary.cu has four-wide kernels for the arithmetic ops only.
            if module == "binary"
                && matches!(op, "add" | "sub" | "mul" | "div")
                && dtype == DType::F32
                && n % 4 == 0
                && optr.is_multiple_of(16)
                && vec4_ok(&p, shape)
                && vec4_ok(&q, shape)
            {
                Args::new()
                    .push(view_ptr(&p))
                    .push(view_ptr(&q))
                    .push(optr)
                    .push((n / 4) as i64)
                    .launch(ctx, module, &format!("{op}_vec4_f32"), blocks_for(n / 4))?;
                return Ok(Some(out));
            }
            let (p, sp) = broadcast_operand(&p, shape)?;
            let (q, sq) = broadcast_operand(&q, shape)?;
            Args::new()
                .push(base_ptr(&p))
                .push(sp)
                .push(base_ptr(&q))
                .push(sq)
                .push(optr)
                .push(n as i64)
                .launch(ctx, module, &format!("{op}_{t}"), blocks_for(n))?;
        }
        (Ready::Tensor(p), Ready::Number(s)) | (Ready::Number(s), Ready::Tensor(p)) => {
            let reversed = matches!(a, Operand::Scalar(_))
                || a.tensor().is_some_and(|t| t.device() == Device::Cpu);
            let (p, sp) = broadcast_operand(&p, shape)?;
            let (sf, si) = number_parts(s);
            Args::new()
                .push(base_ptr(&p))
                .push(sp)
                .push(sf)
                .push(si)
                .push(reversed as i32)
                .push(optr)
                .push(n as i64)
                .launch(ctx, module, &format!("{op}_scalar_{t}"), blocks_for(n))?;
        }
        (Ready::Number(_), Ready::Number(_)) => return Ok(None),
    }
    Ok(Some(out))
}

/// The 16-byte path: the operand covers the output exactly, row-major and aligned.
fn vec4_ok(t: &Tensor, shape: &[usize]) -> bool {
    t.shape() == shape && is_row_major(t.shape(), t.strides()) && view_ptr(t).is_multiple_of(16)
}

/// `a op b` for op in add/sub/mul/div/maximum/minimum, result in `dtype`.
pub fn binary(
    op: &str,
    a: &Operand,
    b: &Operand,
    dtype: DType,
    shape: &[usize],
) -> Result<Option<Tensor>> {
    let supported = match op {
        "div" => dtype.is_float(),
        _ => dtype != DType::Bool,
    };
    if !supported {
        device_of(a, b)?;
        return Ok(None);
    }
    launch_binary("binary", op, a, b, dtype, dtype, shape)
}

/// `a cmp b` (eq/ne/lt/le/gt/ge) compared in `dtype`, bool out.
pub fn compare(
    op: &str,
    a: &Operand,
    b: &Operand,
    dtype: DType,
    shape: &[usize],
) -> Result<Option<Tensor>> {
    if dtype == DType::Bool && !matches!(op, "eq" | "ne") {
        return Ok(None);
    }
    launch_binary("compare", op, a, b, dtype, DType::Bool, shape)
}

/// Kernel names of the unary float functions in `kernels/unary.cu`.
pub const UNARY_KERNELS: &[&str] = &[
    "exp",
    "log",
    "sqrt",
    "rsqrt",
    "sin",
    "cos",
    "tanh",
    "sigmoid",
    "relu",
    "neg",
    "abs",
    "square",
    "reciprocal",
    "floor",
    "ceil",
    "round",
    "trunc",
    "log2",
    "log1p",
    "expm1",
    "erf",
];

/// A unary float function of a CUDA tensor into `dtype` (the tensor is cast first).
pub fn unary(name: &str, t: &Tensor, dtype: DType) -> Result<Option<Tensor>> {
    let Some(ordinal) = super::ordinal_of(t) else {
        return Ok(None);
    };
    let int_kernel =
        matches!(name, "neg" | "abs" | "relu") && !dtype.is_float() && dtype != DType::Bool;
    if !(dtype.is_float() && UNARY_KERNELS.contains(&name) || int_kernel) {
        return Ok(None);
    }
    let ctx = context(ordinal)?;
    let src = if t.dtype() != dtype {
        copy::cast(t, dtype)?
    } else {
        t.clone()
    };
    let (src, s) = super::operand(&src)?;
    let n = t.numel();
    let (out, optr) = empty(ordinal, dtype, t.shape())?;
    if n > 0 {
        Args::new()
            .push(base_ptr(&src))
            .push(s)
            .push(optr)
            .push(n as i64)
            .launch(
                ctx,
                "unary",
                &format!("{name}_{}", tag(dtype)),
                blocks_for(n),
            )?;
    }
    Ok(Some(out))
}

/// The CUDA kernel of an engine op type (`MulOp` -> "mul", `Exp` -> "exp"), by the
/// type's name: the engine's ops are zero-sized types, so this maps them without
/// touching each one. None: no kernel (the host round trip runs it).
pub fn native_name<K>() -> Option<&'static str> {
    let full = std::any::type_name::<K>();
    let short = full.rsplit("::").next().unwrap_or(full);
    Some(match short {
        "AddOp" => "add",
        "SubOp" => "sub",
        "MulOp" => "mul",
        "DivOp" => "div",
        "MaximumOp" => "maximum",
        "MinimumOp" => "minimum",
        "Exp" => "exp",
        "Log" => "log",
        "Sqrt" => "sqrt",
        "Rsqrt" => "rsqrt",
        "Sin" => "sin",
        "Cos" => "cos",
        "Tanh" => "tanh",
        "Sigmoid" => "sigmoid",
        "Relu" => "relu",
        "Neg" => "neg",
        "Abs" => "abs",
        "Reciprocal" => "reciprocal",
        "Floor" => "floor",
        "Ceil" => "ceil",
        "Trunc" => "trunc",
        "RoundEven" => "round",
        "Log2" => "log2",
        "Log1p" => "log1p",
        "Expm1" => "expm1",
        "Erf" => "erf",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engine_op_types_map_to_kernels() {
        struct MulOp;
        struct Exp;
        struct Atan2Op;
        assert_eq!(native_name::<MulOp>(), Some("mul"));
        assert_eq!(native_name::<Exp>(), Some("exp"));
        assert_eq!(native_name::<Atan2Op>(), None);
        for k in UNARY_KERNELS {
            assert!(
                crate::backend::cuda::kernels::SOURCES
                    .iter()
                    .any(|(n, src)| *n == "unary"
                        && src.contains(&format!("U_{}", k.to_uppercase()))
                        || *k == "reciprocal"
                        || *k == "round"),
                "{k}"
            );
        }
    }
}
