//! Activations: relu, leaky_relu, gelu (exact erf form), silu, softplus. Each
//! follows ATen's CPU formula so float32 values match PyTorch's.
use super::kernel::zip2;
use super::num::{Calc, Float, Int, Num, UnOp};
use super::operand::{Operand, with_srcs2};
use super::unary::{float_only, unary_op};
use crate::tensor::buffer::BufferElement;
use crate::tensor::error::Result;
use crate::tensor::scalar::Scalar;
use crate::tensor::tensor::Tensor;
use crate::with_dtype;

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

super::unary::float_fn!(Gelu, |x| x * F::HALF * (F::ONE + (x * F::of(std::f64::consts::FRAC_1_SQRT_2)).erf_vec()));
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

    /// ATen's `tanh_backward(grad, output)` on `self` as the gradient:
    /// `grad * (1 - y * y)`, with `1 - y * y` fused into one rounding as
    /// PyTorch's compiled kernel has it (an FMA), in the compute type.
    pub fn tanh_backward(&self, output: &Tensor) -> Result<Tensor> {
        let dtype = self.dtype();
        if self.device().is_cuda() || output.device().is_cuda() || output.dtype() != dtype || !dtype.is_float() || self.shape() != output.shape() {
            return self.mul(&output.mul(output)?.neg()?.add(Scalar::Int(1))?);
        }
        let shape = self.shape().to_vec();
        if dtype == crate::tensor::dtype::DType::F32 && self.is_contiguous() && output.is_contiguous() && !self.shares_storage(output) {
            // The float32 loop vectorises: y*y is exact in f64, and 1 - y*y rounded
            // to float32 is the FMA's value.
            let n = self.numel();
            let (go, yo) = (self.layout().offset, output.layout().offset);
            let v = self.with_cpu(|gb| {
                output.with_cpu(|yb| {
                    let g = &f32::slice(gb).expect("float32")[go..go + n];
                    let y = &f32::slice(yb).expect("float32")[yo..yo + n];
                    super::kernel::new_vec(n, |s, out| {
                        let e = s + out.len();
                        for ((o, &g), &y) in out.iter_mut().zip(&g[s..e]).zip(&y[s..e]) {
                            let y = y as f64;
                            o.write(g * (1.0 - y * y) as f32);
                        }
                    })
                })
            })?;
            return Ok(Tensor::from_buffer(f32::wrap(v), &shape));
        }
        let wide = dtype == crate::tensor::dtype::DType::F64;
        let buf = with_dtype!(dtype, T => T::wrap(with_srcs2::<T, _>(&Operand::Tensor(self), &Operand::Tensor(output), false, |g, y| {
            zip2::<T, T, _>(g, y, &shape, move |g, y| {
                let (g, y) = (g.to_scalar().to_f64(), y.to_scalar().to_f64());
                // For float32 (and the half types, computed in float32) y*y is exact
                // in f64, so 1 - y*y rounded to float32 is the FMA's result.
                let t = if wide { (-y).mul_add(y, 1.0) } else { 1.0 - y * y };
                let t = <T as Num>::C::from_scalar(Scalar::Float(t)).to_scalar().to_f64();
                T::store(<T as Num>::C::from_scalar(Scalar::Float(g * t)))
            })
        })?));
        Ok(Tensor::from_buffer(buf, &shape))
    }

    /// ATen's `threshold_backward(grad, input, threshold)` on `self` as the
    /// gradient: `0` where `input <= threshold`, else the gradient (ReLU's
    /// backward with the output as `input`). One pass, no mask tensor.
    pub fn threshold_backward(&self, input: &Tensor, threshold: f64) -> Result<Tensor> {
        let dtype = self.dtype();
        if self.device().is_cuda() || input.device().is_cuda() || input.dtype() != dtype || self.shape() != input.shape() {
            return self.masked_fill(&input.le(threshold)?, Scalar::Int(0));
        }
        let shape = self.shape().to_vec();
        let buf = with_dtype!(dtype, T => T::wrap(with_srcs2::<T, _>(&Operand::Tensor(self), &Operand::Tensor(input), false, |g, x| {
            let th = <T as Num>::C::from_scalar(Scalar::Float(threshold));
            let zero = <T as Num>::C::from_scalar(Scalar::Int(0));
            // A `move` closure keeps both in registers so this is a select,
            // not a branch (which mispredicts on half of a ReLU's inputs).
            zip2::<T, T, _>(g, x, &shape, move |g, x| T::store(if x <= th { zero } else { g }))
        })?));
        Ok(Tensor::from_buffer(buf, &shape))
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;

    #[test]
    fn activations_match_torch() {
        check("relu", tf(&[-2.0, -0.5, 0.0, 0.5, 2.0]).relu());
        check("relu_int", ti(&[5, -7]).relu());
        check("relu_nan", tf(&[f64::NAN, -1.]).relu());
        check("leaky_relu", f().leaky_relu(0.01));
        check("leaky_relu_slope", f().leaky_relu(0.2));
        check("leaky_relu_int", x().leaky_relu(0.01));
        check("gelu", f().gelu());
        check("gelu_int", x().gelu());
        check("silu", f().silu());
        check("softplus", tf(&[-30., -1., 0., 1., 15., 25.]).softplus(1.0, 20.0));
        check("softplus_beta", tf(&[-3., 0., 1., 5., 12.]).softplus(2.0, 10.0));
    }

    #[test]
    fn threshold_backward_passes_the_gradient_above_the_threshold() {
        let g = tf(&[1.0, 2.0, 3.0, 4.0, 5.0]);
        let y = tf(&[-1.0, 0.0, 0.5, f64::NAN, 2.0]);
        // torch.ops.aten.threshold_backward(g, y, 0.0) -> [0., 0., 3., 4., 5.] (NaN passes).
        assert_eq!(g.threshold_backward(&y, 0.0).unwrap().to_vec::<f32>(), vec![0.0, 0.0, 3.0, 4.0, 5.0]);
        assert_eq!(g.threshold_backward(&y, 1.0).unwrap().to_vec::<f32>(), vec![0.0, 0.0, 0.0, 4.0, 5.0]);
        // A transposed gradient takes the strided walk (values from the same torch call).
        let g2 = tf(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]).reshape(&[3, 2]).unwrap().t().unwrap();
        let y2 = tf(&[1.0, -1.0, 1.0, -1.0, 1.0, -1.0]).reshape(&[2, 3]).unwrap();
        assert_eq!(g2.threshold_backward(&y2, 0.0).unwrap().to_vec::<f32>(), vec![1.0, 0.0, 5.0, 0.0, 4.0, 0.0]);
    }
}
