//! Activations: relu, leaky_relu, gelu (exact erf form), silu, softplus. Each
//! follows ATen's CPU formula so float32 values match PyTorch's.
use super::num::{Float, Int, UnOp};
use super::unary::{float_only, unary_op};
use crate::tensor::error::Result;
use crate::tensor::tensor::Tensor;

#[derive(Clone, Copy)]
struct Relu;
impl UnOp for Relu {
    fn float<F: Float>(self, x: F) -> F {
        // NaN stays NaN (clamp_min semantics).
        if x < F::ZERO { F::ZERO } else { x }
    }
    fn int<I: Int>(self, x: I) -> I {
        if x.is_negative() { I::ZERO } else { x }
    }
    fn bool(self, x: bool) -> bool {
        x
    }
}

#[derive(Clone, Copy)]
struct LeakyRelu(f64);
impl UnOp for LeakyRelu {
    fn float<F: Float>(self, x: F) -> F {
        if x > F::ZERO { x } else { x * F::of(self.0) }
    }
    fn int<I: Int>(self, x: I) -> I {
        x
    }
    fn bool(self, x: bool) -> bool {
        x
    }
}

super::unary::float_fn!(Gelu, |x| x * F::HALF * (F::ONE + (x * F::of(std::f64::consts::FRAC_1_SQRT_2)).erf()));
super::unary::float_fn!(Silu, |x| x / (F::ONE + (-x).exp()));

#[derive(Clone, Copy)]
struct Softplus {
    beta: f64,
    threshold: f64,
}
impl UnOp for Softplus {
    fn float<F: Float>(self, x: F) -> F {
        let b = F::of(self.beta);
        if x * b > F::of(self.threshold) { x } else { (x * b).exp().ln_1p() / b }
    }
    fn int<I: Int>(self, x: I) -> I {
        x
    }
    fn bool(self, x: bool) -> bool {
        x
    }
}

impl Tensor {
    /// `torch.relu`: keeps the dtype (ints too).
    pub fn relu(&self) -> Result<Tensor> {
        unary_op(self, self.dtype(), Relu)
    }

    /// `F.leaky_relu(x, negative_slope)` (PyTorch's default slope is 0.01).
    pub fn leaky_relu(&self, negative_slope: f64) -> Result<Tensor> {
        float_only(self, "leaky_relu_cpu", LeakyRelu(negative_slope))
    }

    /// `F.gelu(x)` (approximate='none'): `x * 0.5 * (1 + erf(x / sqrt(2)))`.
    pub fn gelu(&self) -> Result<Tensor> {
        float_only(self, "GeluKernelImpl", Gelu)
    }

    /// `F.silu(x)`: `x * sigmoid(x)`.
    pub fn silu(&self) -> Result<Tensor> {
        float_only(self, "silu_cpu", Silu)
    }

    /// `F.softplus(x, beta, threshold)` (defaults 1 and 20): linear above the threshold.
    pub fn softplus(&self, beta: f64, threshold: f64) -> Result<Tensor> {
        float_only(self, "softplus_cpu", Softplus { beta, threshold })
    }
}
