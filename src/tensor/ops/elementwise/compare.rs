//! Comparisons (eq, ne, lt, le, gt, ge -> bool tensors) with broadcasting and
//! promotion, and the whole-tensor checks `equal`, `isclose`, `allclose`.
use super::kernel::zip2;
use super::operand::{Operand, broadcast2, result_type, with_srcs2};
use crate::tensor::buffer::BufferElement;
use crate::tensor::dtype::pretty_name;
use crate::tensor::error::{Result, runtime};
use crate::tensor::tensor::Tensor;
use crate::with_dtype;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cmp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// `a <op> b` elementwise, compared in the promoted dtype.
pub fn compare(a: Operand, b: Operand, op: Cmp) -> Result<Tensor> {
    let shape = broadcast2(&a, &b)?;
    let dtype = result_type(&[a, b]);
    let name = match op {
        Cmp::Eq => "eq",
        Cmp::Ne => "ne",
        Cmp::Lt => "lt",
        Cmp::Le => "le",
        Cmp::Gt => "gt",
        Cmp::Ge => "ge",
    };
    if let Some(t) = crate::backend::cuda::ops::elementwise::compare(name, &a, &b, dtype, &shape)? {
        return Ok(t);
    }
    let v: Vec<bool> = with_dtype!(dtype, T => with_srcs2::<T, _>(&a, &b, false, |x, y| match op {
        Cmp::Eq => zip2(x, y, &shape, |p, q| p == q),
        Cmp::Ne => zip2(x, y, &shape, |p, q| p != q),
        Cmp::Lt => zip2(x, y, &shape, |p, q| p < q),
        Cmp::Le => zip2(x, y, &shape, |p, q| p <= q),
        Cmp::Gt => zip2(x, y, &shape, |p, q| p > q),
        Cmp::Ge => zip2(x, y, &shape, |p, q| p >= q),
    })?);
    Ok(Tensor::from_buffer(bool::wrap(v), &shape))
}

/// `torch.isclose(a, b, rtol, atol, equal_nan)`: `|a - b| <= atol + rtol * |b|`,
/// or equal (so equal infinities are close). Both must have the same dtype.
pub fn isclose(a: &Tensor, b: &Tensor, rtol: f64, atol: f64, equal_nan: bool) -> Result<Tensor> {
    if a.dtype() != b.dtype() {
        return runtime(format!("{} did not match {}", pretty_name(a.dtype()), pretty_name(b.dtype())));
    }
    let (oa, ob) = (Operand::Tensor(a), Operand::Tensor(b));
    let shape = broadcast2(&oa, &ob)?;
    // Compared in float64 (exact for every dtype but huge int64s).
    let v: Vec<bool> = with_srcs2::<f64, _>(&oa, &ob, false, |x, y| {
        zip2(x, y, &shape, |p, q| {
            if p == q {
                return true;
            }
            if p.is_nan() || q.is_nan() {
                return equal_nan && p.is_nan() && q.is_nan();
            }
            if !(p.is_finite() && q.is_finite()) {
                return false;
            }
            (p - q).abs() <= atol + rtol * q.abs()
        })
    })?;
    Ok(Tensor::from_buffer(bool::wrap(v), &shape))
}

impl Tensor {
    pub fn eq<'a>(&'a self, other: impl Into<Operand<'a>>) -> Result<Tensor> {
        compare(self.into(), other.into(), Cmp::Eq)
    }
    pub fn ne<'a>(&'a self, other: impl Into<Operand<'a>>) -> Result<Tensor> {
        compare(self.into(), other.into(), Cmp::Ne)
    }
    pub fn lt<'a>(&'a self, other: impl Into<Operand<'a>>) -> Result<Tensor> {
        compare(self.into(), other.into(), Cmp::Lt)
    }
    pub fn le<'a>(&'a self, other: impl Into<Operand<'a>>) -> Result<Tensor> {
        compare(self.into(), other.into(), Cmp::Le)
    }
    pub fn gt<'a>(&'a self, other: impl Into<Operand<'a>>) -> Result<Tensor> {
        compare(self.into(), other.into(), Cmp::Gt)
    }
    pub fn ge<'a>(&'a self, other: impl Into<Operand<'a>>) -> Result<Tensor> {
        compare(self.into(), other.into(), Cmp::Ge)
    }

    /// `torch.equal(a, b)`: same shape and equal values (after promotion).
    pub fn equal(&self, other: &Tensor) -> Result<bool> {
        if self.shape() != other.shape() {
            return Ok(false);
        }
        let eq = self.eq(other)?;
        Ok(eq.with_cpu(|b| BufferElement::slice(b).map(|v: &[bool]| v.iter().all(|&x| x)).unwrap_or(false)))
    }

    pub fn isclose(&self, other: &Tensor, rtol: f64, atol: f64, equal_nan: bool) -> Result<Tensor> {
        isclose(self, other, rtol, atol, equal_nan)
    }

    /// `torch.allclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False)`.
    pub fn allclose(&self, other: &Tensor, rtol: f64, atol: f64, equal_nan: bool) -> Result<bool> {
        let c = isclose(self, other, rtol, atol, equal_nan)?;
        Ok(c.with_cpu(|b| BufferElement::slice(b).map(|v: &[bool]| v.iter().all(|&x| x)).unwrap_or(false)))
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;

    #[test]
    fn comparisons_match_torch() {
        let (p, q) = (ti(&[1, 5, 3, 7]), ti(&[2, 5, 1, 8]));
        check("eq", p.eq(&q));
        check("ne", p.ne(&q));
        check("lt", p.lt(&q));
        check("le", p.le(&q));
        check("gt", p.gt(&q));
        check("ge", p.ge(&q));
        check("eq_int_float_scalar", ti(&[1, 2]).eq(1.5));
        check("lt_broadcast", col().lt(&ti(&[1, 2, 3])));
        check("gt_nan", special().gt(0i64));
    }

    #[test]
    fn closeness() {
        let nan = f64::NAN;
        let inf = f64::INFINITY;
        check("isclose", tf(&[1., 2., nan, inf]).isclose(&tf(&[1., 2.00001, nan, inf]), 1e-5, 1e-8, false));
        check("isclose_equal_nan", tf(&[nan]).isclose(&tf(&[nan]), 1e-5, 1e-8, true));
        check("isclose_int", ti(&[1, 2]).isclose(&ti(&[1, 3]), 1e-5, 1e-8, false));
        check("isclose_dtype_err", ti(&[1, 2]).isclose(&tf(&[1., 2.]), 1e-5, 1e-8, false));
        let r = tf(&[1., 2.]).allclose(&tf(&[1., 2., 3.]), 1e-5, 1e-8, false);
        assert_eq!(r.map(|_| ()).unwrap_err().to_string(), expected("allclose_err").trim_start_matches("ERR RuntimeError: "));
        // torch.allclose(torch.tensor([1., 2.]), torch.tensor([1., 2.000001])) -> True
        assert!(tf(&[1., 2.]).allclose(&tf(&[1., 2.000001]), 1e-5, 1e-8, false).unwrap());
        assert!(!tf(&[1., 2.]).allclose(&tf(&[1., 2.1]), 1e-5, 1e-8, false).unwrap());
    }

    #[test]
    fn equal_needs_same_shape_and_values() {
        // torch.equal(torch.tensor([1,2]), torch.tensor([1.,2.])) -> True
        assert!(ti(&[1, 2]).equal(&tf(&[1., 2.])).unwrap());
        // torch.equal(torch.tensor([1.,2.]), torch.tensor([1.,2.,3])) -> False
        assert!(!tf(&[1., 2.]).equal(&tf(&[1., 2., 3.])).unwrap());
        assert!(!tf(&[1., 2.]).equal(&tf(&[1., 3.])).unwrap());
    }
}
