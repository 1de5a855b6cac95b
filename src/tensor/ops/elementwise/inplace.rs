//! In-place forms (`add_`, `mul_`, `copy_`, `fill_`, ...): they write into
//! `self`'s storage through its layout, so every view of it sees the change.
//! The result is computed first and written after, so a source that aliases
//! `self` is read completely before any write (and no read lock is held while
//! the write lock is taken).
use super::binary;
use super::operand::{Operand, result_type};
use crate::tensor::buffer::BufferElement;
use crate::tensor::dtype::{DType, check_can_cast};
use crate::tensor::element::Element;
use crate::tensor::error::{Result, runtime};
use crate::tensor::layout::{broadcast_shapes, shape_str};
use crate::tensor::scalar::Scalar;
use crate::tensor::strided;
use crate::tensor::tensor::Tensor;
use crate::with_buffer;

impl Tensor {
    /// PyTorch refuses to write through a view where two elements share one
    /// memory location (an expanded, stride-0 dim).
    pub fn check_no_internal_overlap(&self) -> Result<()> {
        let l = self.layout();
        if l.shape.iter().zip(&l.strides).any(|(&d, &s)| d > 1 && s == 0) {
            return runtime(
                "unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation.",
            );
        }
        Ok(())
    }

    /// Checks an in-place op whose result has `result` dtype and whose other
    /// operands have the given shapes: castable, same shape as `self`, no overlap.
    pub fn check_inplace(&self, result: DType, other_shapes: &[&[usize]]) -> Result<()> {
        let mut shape = self.shape().to_vec();
        for s in other_shapes {
            shape = broadcast_shapes(&shape, s)?;
        }
        if shape != self.shape() {
            return runtime(format!(
                "output with shape {} doesn't match the broadcast shape {}",
                shape_str(self.shape()),
                shape_str(&shape)
            ));
        }
        check_can_cast(result, self.dtype())?;
        self.check_no_internal_overlap()
    }

    /// Writes `values` (any dtype, broadcastable to `self`'s shape) into `self`,
    /// casting each value to `self`'s dtype. No checks beyond the shapes.
    pub fn assign(&self, values: &Tensor) -> Result<()> {
        let src = values.broadcast_to(self.shape())?;
        if self.device().is_cuda() {
            // Values from the host (or a 0-dim CPU tensor) go to the device first.
            let src = if src.device() == self.device() { src } else { values.to_device(self.device())?.broadcast_to(self.shape())? };
            return crate::backend::cuda::ops::copy::write_into(self, &src);
        }
        // A fresh contiguous buffer in self's dtype: reading ends before writing starts.
        let buf = if src.dtype() == self.dtype() { src.to_buffer() } else { src.cast_values(self.dtype())? };
        let layout = self.layout().clone();
        self.with_cpu_mut(|dst| {
            with_buffer!(dst, d => strided::scatter(d, &layout, BufferElement::slice(&buf).expect("same dtype")))
        });
        Ok(())
    }

    /// `copy_(src)`: broadcasts `src` into `self` and casts it to `self`'s dtype.
    pub fn copy_(&self, src: &Tensor) -> Result<()> {
        self.check_inplace(self.dtype(), &[src.shape()])?;
        self.assign(src)
    }

    /// `fill_(value)`: every element of the view gets `value` (cast to the dtype).
    /// Filling an expanded view is allowed (all writes agree).
    pub fn fill_(&self, value: Scalar) -> Result<()> {
        if self.device().is_cuda() {
            return crate::backend::cuda::ops::copy::fill(self, value);
        }
        let layout = self.layout().clone();
        self.with_cpu_mut(|dst| {
            with_buffer!(dst, d => {
                let v = scalar_as(value, d);
                if layout.is_contiguous() {
                    d[layout.offset..layout.offset + layout.numel()].fill(v);
                } else {
                    strided::for_each_offset(&layout, |o| d[o] = v);
                }
            })
        });
        Ok(())
    }

    /// `fill_(tensor)` with a 0-dim tensor value.
    pub fn fill_tensor_(&self, value: &Tensor) -> Result<()> {
        if value.ndim() != 0 {
            return runtime(format!(
                "fill_ only supports 0-dimension value tensor but got tensor with {} dimensions.",
                value.ndim()
            ));
        }
        self.fill_(value.get_flat(0))
    }

    /// `zero_()`.
    pub fn zero_(&self) -> Result<()> {
        self.fill_(Scalar::Int(0))
    }

    /// Shared tail of the binary in-place ops: check, compute out of place, write.
    fn binary_inplace(&self, other: Operand, compute: impl FnOnce(Operand, Operand) -> Result<Tensor>) -> Result<()> {
        let dtype = result_type(&[Operand::Tensor(self), other]);
        self.check_inplace(dtype, &[other.shape()])?;
        let result = compute(Operand::Tensor(self), other)?;
        check_can_cast(result.dtype(), self.dtype())?;
        self.assign(&result)
    }

    pub fn add_<'a>(&'a self, other: impl Into<Operand<'a>>) -> Result<()> {
        self.binary_inplace(other.into(), |a, b| binary::add(a, b, Scalar::Int(1)))
    }
    pub fn add_alpha_<'a>(&'a self, other: impl Into<Operand<'a>>, alpha: Scalar) -> Result<()> {
        self.binary_inplace(other.into(), |a, b| binary::add(a, b, alpha))
    }
    pub fn sub_<'a>(&'a self, other: impl Into<Operand<'a>>) -> Result<()> {
        self.binary_inplace(other.into(), |a, b| binary::sub(a, b, Scalar::Int(1)))
    }
    pub fn sub_alpha_<'a>(&'a self, other: impl Into<Operand<'a>>, alpha: Scalar) -> Result<()> {
        self.binary_inplace(other.into(), |a, b| binary::sub(a, b, alpha))
    }
    pub fn mul_<'a>(&'a self, other: impl Into<Operand<'a>>) -> Result<()> {
        self.binary_inplace(other.into(), binary::mul)
    }
    /// `div_`: true division, so an int `self` is refused (the result is float).
    pub fn div_<'a>(&'a self, other: impl Into<Operand<'a>>) -> Result<()> {
        let other = other.into();
        let dtype = result_type(&[Operand::Tensor(self), other]);
        let dtype = if dtype.is_float() { dtype } else { crate::tensor::dtype::DEFAULT_FLOAT };
        self.check_inplace(dtype, &[other.shape()])?;
        self.binary_inplace(other, |a, b| binary::div(a, b, None))
    }
    pub fn div_mode_<'a>(&'a self, other: impl Into<Operand<'a>>, rounding_mode: Option<&str>) -> Result<()> {
        if rounding_mode.is_none() {
            return self.div_(other);
        }
        self.binary_inplace(other.into(), |a, b| binary::div(a, b, rounding_mode))
    }
    pub fn floor_divide_<'a>(&'a self, other: impl Into<Operand<'a>>) -> Result<()> {
        self.binary_inplace(other.into(), binary::floor_divide)
    }
    pub fn remainder_<'a>(&'a self, other: impl Into<Operand<'a>>) -> Result<()> {
        self.binary_inplace(other.into(), binary::remainder)
    }
    pub fn pow_<'a>(&'a self, exponent: impl Into<Operand<'a>>) -> Result<()> {
        self.binary_inplace(exponent.into(), binary::pow)
    }
}

/// A Python number stored into a buffer of element type `T` (C++ cast semantics).
fn scalar_as<T: Element>(value: Scalar, _like: &[T]) -> T {
    match value {
        Scalar::Bool(b) => T::from_bool(b),
        Scalar::Int(i) => T::from_i64(i),
        Scalar::Float(f) => T::from_f64(f),
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use crate::tensor::dtype::DType;
    use crate::tensor::scalar::Scalar;
    use crate::tensor::tensor::Tensor;

    #[test]
    fn chained_inplace_arithmetic() {
        let t = tf(&[1., 2., 3.]);
        let r = t.add_(1i64).and_then(|_| t.mul_(2i64)).and_then(|_| t.sub_(0.5)).and_then(|_| t.div_(2i64));
        check_inplace("iadd_chain", &t, r);
    }

    #[test]
    fn inplace_errors() {
        let z = Tensor::zeros(&[3], DType::F32).unwrap();
        check_inplace("iadd_broadcast_err", &z, z.add_(&Tensor::ones(&[2, 3], DType::F32).unwrap()));
        let e = Tensor::ones(&[3], DType::F32).unwrap().expand(&[2, 3]).unwrap();
        check_inplace("iadd_expanded_err", &e, e.add_(1i64));
        let l = Tensor::zeros(&[3], DType::I64).unwrap();
        check_inplace("iadd_cast_err", &l, l.add_(1.5));
        check_inplace("idiv_int_err", &l, l.div_(2i64));
        let bz = Tensor::zeros(&[3], DType::Bool).unwrap();
        check_inplace("ibool_add_err", &bz, bz.add_(1i64));
        let t = ti(&[2, 3]);
        check_inplace("imul_int_zerodim_float", &t, t.mul_(&Tensor::scalar(Scalar::Float(2.5), DType::F32)));
    }

    #[test]
    fn inplace_casts_within_category() {
        let t = tf(&[1., 2.]);
        check_inplace("iadd_f32_f64", &t, t.add_(&tensor(&[0.1, 0.2], &[2], DType::F64)));
        let t = ti(&[1, 2]);
        check_inplace("iadd_int_int32", &t, t.add_(&typed(&[5, 6], DType::I32)));
        let t = tf(&[2., 3.]);
        check_inplace("ipow_tensor", &t, t.pow_(&tf(&[2.])));
    }

    #[test]
    fn copy_and_fill() {
        let t = Tensor::zeros(&[2, 3], DType::F32).unwrap();
        check_inplace("copy_broadcast", &t, t.copy_(&ti(&[1, 2, 3])));
        let t = Tensor::zeros(&[2], DType::I64).unwrap();
        check_inplace("copy_cast", &t, t.copy_(&tf(&[1.7, -1.7])));
        let t = Tensor::zeros(&[3], DType::F32).unwrap();
        check_inplace("copy_mismatch", &t, t.copy_(&Tensor::ones(&[4], DType::F32).unwrap()));
        let e = Tensor::ones(&[3], DType::F32).unwrap().expand(&[2, 3]).unwrap();
        check_inplace("copy_expanded_err", &e, e.copy_(&Tensor::ones(&[2, 3], DType::F32).unwrap()));
        let t = Tensor::zeros(&[2], DType::I64).unwrap();
        check_inplace("fill_int_float", &t, t.fill_(Scalar::Float(2.7)));
        check_inplace("fill_expanded", &e, e.fill_(Scalar::Int(4)));
        let t = Tensor::zeros(&[2], DType::F32).unwrap();
        check_inplace("fill_tensor_err", &t, t.fill_tensor_(&tf(&[1., 2.])));
    }

    #[test]
    fn writes_through_views_are_seen_by_the_base() {
        let base = tf(&[0., 1., 2., 3., 4., 5.]).view(&[2, 3]).unwrap();
        let col = base.select(1, 1).unwrap(); // [1, 4], stride 3
        col.mul_(10i64).unwrap();
        assert_eq!(base.to_vec::<f32>(), vec![0., 10., 2., 3., 40., 5.]);
        let tr = base.t().unwrap();
        tr.add_(&tf(&[1., 2.])).unwrap(); // row of the transpose = column of base
        assert_eq!(base.to_vec::<f32>(), vec![1., 11., 3., 5., 42., 7.]);
    }

    #[test]
    fn aliasing_source_is_read_before_writing() {
        // x += x.flip-like view: the reversed view aliases x; PyTorch reads it whole first
        // for non-overlapping-in-order cases like this one (x.t() on a square matrix).
        let sq = tf(&[1., 2., 3., 4.]).view(&[2, 2]).unwrap();
        let t = sq.t().unwrap();
        sq.add_(&t).unwrap();
        // torch: x = tensor([[1.,2.],[3.,4.]]); x += x.t() -> [[2., 5.], [5., 8.]]
        assert_eq!(sq.to_vec::<f32>(), vec![2., 5., 5., 8.]);
        sq.zero_().unwrap();
        assert_eq!(sq.to_vec::<f32>(), vec![0.; 4]);
    }
}
