//! Differentiable one-input math. Each line names the op, PyTorch's node, what
//! the formula reads (the input `x` or the output `y`) and dL/dx from the
//! incoming gradient `g`.
use crate::tensor::autograd::grad_math::map_grad;
use crate::tensor::autograd::node::SavedTensor;
use crate::tensor::autograd::record::record;
use crate::tensor::dtype::DType;
use crate::tensor::error::Result;
use crate::tensor::ops::elementwise::num::Float;
use crate::tensor::scalar::Scalar;
use crate::tensor::tensor::Tensor;
use std::f64::consts::{LN_2, LN_10, PI};

/// Records a one-input op whose formula reads its input.
pub(crate) fn with_input(
    name: &'static str,
    x: &Tensor,
    out: Tensor,
    f: impl Fn(f64, f64) -> f64 + Send + Sync + Copy + 'static,
) -> Tensor {
    record(name, &[x], out, vec![SavedTensor::input(x)], move |ctx| {
        Ok(vec![Some(map_grad([ctx.grad, &ctx.saved[0]], |[g, x]| f(g, x))?)])
    })
}

/// Records a one-input op whose formula reads its output.
pub(crate) fn with_output(
    name: &'static str,
    x: &Tensor,
    out: Tensor,
    f: impl Fn(f64, f64) -> f64 + Send + Sync + Copy + 'static,
) -> Tensor {
    let saved = vec![SavedTensor::output(&out, name)];
    record(name, &[x], out, saved, move |ctx| Ok(vec![Some(map_grad([ctx.grad, &ctx.saved[0]], |[g, y]| f(g, y))?)]))
}

/// Records a one-input op whose backward is ATen's formula over the engine's
/// ops (so float32 rounds where PyTorch's does); `v` is the saved input, or
/// the output when `reads_output`.
fn with_formula(
    name: &'static str,
    x: &Tensor,
    out: Tensor,
    reads_output: bool,
    f: fn(&Tensor, &Tensor) -> Result<Tensor>,
) -> Tensor {
    let saved = if reads_output { vec![SavedTensor::output(&out, name)] } else { vec![SavedTensor::input(x)] };
    record(name, &[x], out, saved, move |ctx| Ok(vec![Some(f(ctx.grad, &ctx.saved[0])?)]))
}

/// ATen's fused backward kernels (`tanh_backward`, `sigmoid_backward`) compute
/// float16/bfloat16 in float32 and round once: the f64 path does the same.
fn is_half(t: &Tensor) -> bool {
    matches!(t.dtype(), DType::F16 | DType::BF16)
}

macro_rules! formula_ops {
    ($($method:ident, $node:literal, $reads_output:literal, |$g:ident, $v:ident| $formula:expr;)*) => {
        $(
            pub fn $method(t: &Tensor) -> Result<Tensor> {
                let out = t.$method()?;
                Ok(with_formula($node, t, out, $reads_output, |$g, $v| $formula))
            }
        )*
    };
}

// derivatives.yaml / FunctionsManual.cpp, term for term.
formula_ops! {
    exp, "ExpBackward0", true, |g, y| g.mul(y);
    log, "LogBackward0", false, |g, x| g.div(x);
    sqrt, "SqrtBackward0", true, |g, y| g.div(&y.mul(Scalar::Int(2))?);
    sin, "SinBackward0", false, |g, x| g.mul(&x.cos()?);
    cos, "CosBackward0", false, |g, x| g.mul(&x.sin()?.neg()?);
    reciprocal, "ReciprocalBackward0", true, |g, y| g.neg()?.mul(&y.mul(y)?);
    // tanh_backward: g * (1 - y * y), the parenthesis fused.
    tanh, "TanhBackward0", true, |g, y| g.tanh_backward(y);
    // sigmoid_backward: g * (1 - y) * y.
    sigmoid, "SigmoidBackward0", true, |g, y| if is_half(g) {
        map_grad([g, y], |[g, y]| g * (1.0 - y) * y)
    } else {
        g.mul(&y.neg()?.add(Scalar::Int(1))?)?.mul(y)
    };
}

macro_rules! unary_ops {
    ($($method:ident, $node:literal, $reads:ident, |$g:ident, $v:ident| $formula:expr;)*) => {
        $(
            pub fn $method(t: &Tensor) -> Result<Tensor> {
                let out = t.$method()?;
                Ok($reads($node, t, out, |$g, $v| $formula))
            }
        )*
    };
}

fn sigmoid_of(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

unary_ops! {
    exp2, "Exp2Backward0", with_output, |g, y| g * y * LN_2;
    expm1, "Expm1Backward0", with_output, |g, y| g * (y + 1.0);
    log2, "Log2Backward0", with_input, |g, x| g / (x * LN_2);
    log10, "Log10Backward0", with_input, |g, x| g / (x * LN_10);
    log1p, "Log1PBackward0", with_input, |g, x| g / (1.0 + x);
    rsqrt, "RsqrtBackward0", with_output, |g, y| -0.5 * g * y * y * y;
    tan, "TanBackward0", with_output, |g, y| g * (1.0 + y * y);
    asin, "AsinBackward0", with_input, |g, x| g / (1.0 - x * x).sqrt();
    acos, "AcosBackward0", with_input, |g, x| -g / (1.0 - x * x).sqrt();
    atan, "AtanBackward0", with_input, |g, x| g / (1.0 + x * x);
    sinh, "SinhBackward0", with_input, |g, x| g * x.cosh();
    cosh, "CoshBackward0", with_input, |g, x| g * x.sinh();
    erf, "ErfBackward0", with_input, |g, x| g * 2.0 / PI.sqrt() * (-x * x).exp();
    abs, "AbsBackward0", with_input, |g, x| if x > 0.0 { g } else if x < 0.0 { -g } else { 0.0 };
    square, "PowBackward0", with_input, |g, x| 2.0 * g * x;
    silu, "SiluBackward0", with_input, |g, x| { let s = sigmoid_of(x); g * s * (1.0 + x * (1.0 - s)) };
    gelu, "GeluBackward0", with_input, |g, x| {
        let cdf = 0.5 * (1.0 + Float::erf(x / std::f64::consts::SQRT_2));
        let pdf = (-0.5 * x * x).exp() / (2.0 * PI).sqrt();
        g * (cdf + x * pdf)
    };
    sign, "SignBackward0", with_input, |_g, _x| 0.0;
    floor, "FloorBackward0", with_input, |_g, _x| 0.0;
    ceil, "CeilBackward0", with_input, |_g, _x| 0.0;
    round, "RoundBackward0", with_input, |_g, _x| 0.0;
    trunc, "TruncBackward0", with_input, |_g, _x| 0.0;
    frac, "FracBackward0", with_input, |g, _x| g;
}

/// `relu`: the gradient passes where the output is positive (ATen's
/// `threshold_backward`: zero where `y <= 0`), computed with the engine's kernels.
pub fn relu(t: &Tensor) -> Result<Tensor> {
    let out = t.relu()?;
    let saved = vec![SavedTensor::output(&out, "ReluBackward0")];
    Ok(record("ReluBackward0", &[t], out, saved, |ctx| {
        Ok(vec![Some(ctx.grad.threshold_backward(&ctx.saved[0], 0.0)?)])
    }))
}

pub fn leaky_relu(t: &Tensor, slope: f64) -> Result<Tensor> {
    let out = t.leaky_relu(slope)?;
    Ok(with_input("LeakyReluBackward0", t, out, move |g, x| if x > 0.0 { g } else { g * slope }))
}

pub fn softplus(t: &Tensor, beta: f64, threshold: f64) -> Result<Tensor> {
    let out = t.softplus(beta, threshold)?;
    Ok(with_input("SoftplusBackward0", t, out, move |g, x| {
        if x * beta > threshold { g } else { g * sigmoid_of(beta * x) }
    }))
}
