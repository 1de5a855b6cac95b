//! The few kernels the autograd engine itself needs, whatever ops exist:
//! reducing a broadcast gradient back to its input's shape, adding gradients
//! that meet at one node, and writing a gradient into part of a zero tensor
//! (the backward of every view that picks elements). Gradients are float, so
//! these compute in f64 and round once into the gradient's dtype.
use crate::tensor::buffer::{BufferElement, build_vec};
use crate::tensor::element::Element;
use crate::tensor::dtype::DType;
use crate::tensor::error::{Result, runtime};
use crate::tensor::layout::{Layout, numel, shape_str};
use crate::tensor::strided::scatter;
use crate::tensor::tensor::Tensor;

/// Whether `shape` broadcasts to `target` (PyTorch's `is_expandable_to`).
pub fn is_expandable_to(shape: &[usize], target: &[usize]) -> bool {
    if shape.len() > target.len() {
        return false;
    }
    let lead = target.len() - shape.len();
    shape.iter().enumerate().all(|(i, &d)| d == 1 || d == target[lead + i])
}

/// Sums `g` down to `shape` over the dims broadcasting added (`at::sum_to`).
pub fn sum_to(g: &Tensor, shape: &[usize]) -> Result<Tensor> {
    if g.shape() == shape {
        return Ok(g.clone());
    }
    if !is_expandable_to(shape, g.shape()) {
        return runtime(format!(
            "Function backward returned a gradient of shape {} that cannot be summed to {}",
            shape_str(g.shape()),
            shape_str(shape)
        ));
    }
    // ATen's sum_to: sum over the leading dims broadcasting added and the dims
    // that were 1, with the engine's (parallel, cascade-ordered) sum.
    let lead = g.ndim() - shape.len();
    let mut dims: Vec<i64> = (0..lead as i64).collect();
    for (i, &d) in shape.iter().enumerate() {
        if d == 1 && g.shape()[lead + i] != 1 {
            dims.push((lead + i) as i64);
        }
    }
    let summed = if dims.is_empty() { g.clone() } else { g.sum_dims(&dims, true, None)? };
    let sizes: Vec<i64> = shape.iter().map(|&d| d as i64).collect();
    summed.reshape(&sizes)
}

/// A contiguous tensor of `dtype` from f64 values.
pub fn from_f64(values: Vec<f64>, shape: &[usize], dtype: DType) -> Result<Tensor> {
    Tensor::from_vec(values, shape)?.to_dtype(dtype)
}

/// `a + b` for two gradients of one shape, in `a`'s dtype.
pub fn add(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    let b = if b.device() == a.device() { b.clone() } else { b.to_device(a.device())? };
    a.add(&b)?.to_dtype(a.dtype())
}

/// Writes `values` (same number of elements, any dtype) into the view `dst`.
pub fn write_into(dst: &Tensor, values: &Tensor) {
    crate::with_dtype!(dst.dtype(), T => {
        let vals: Vec<T> = values.to_vec::<T>();
        let layout = dst.layout().clone();
        dst.with_cpu_mut(|b| scatter(T::slice_mut(b).expect("dtype matches"), &layout, &vals));
    })
}

/// `dst += src` in place (a leaf's `.grad` accumulating, as PyTorch does it).
pub fn add_into(dst: &Tensor, src: &Tensor) -> Result<()> {
    let src = if src.device() == dst.device() { src.clone() } else { src.to_device(dst.device())? };
    if dst.shares_storage(&src) {
        // One storage read and written at once: compute the sum first.
        let sum = add(dst, &src)?;
        return dst.assign(&sum);
    }
    dst.add_(&src)
}

/// A zero tensor of `shape` and `dtype` with `grad` written into the part that
/// `pick` selects: the backward of select, slice, narrow, diagonal, ...
pub fn embed(
    grad: &Tensor,
    shape: &[usize],
    dtype: DType,
    pick: impl FnOnce(&Tensor) -> Result<Tensor>,
) -> Result<Tensor> {
    let base = Tensor::zeros(shape, dtype)?;
    let part = pick(&base)?;
    write_into(&part, grad);
    Ok(base)
}

/// `f` applied elementwise to `inputs` broadcast to `shape`, computed in f64
/// and stored as `dtype`: the pointwise part of most backward formulas, which
/// then read as the math does (`|[g, x]| 2.0 * g * x`).
pub fn pointwise<const N: usize>(
    inputs: [&Tensor; N],
    shape: &[usize],
    dtype: DType,
    f: impl Fn([f64; N]) -> f64 + Sync,
) -> Result<Tensor> {
    // A one-element input (the gradient of a full reduction, expanded) is a
    // constant: no need to walk its broadcast view element by element.
    let mut cols: Vec<Vec<f64>> = Vec::with_capacity(N);
    let mut consts: Vec<Option<f64>> = Vec::with_capacity(N);
    for t in inputs {
        if t.numel() == 1 || t.layout().strides.iter().all(|&s| s == 0) {
            // Its single value, read through a 0-dim view at the same offset.
            let one = t.with_layout(Layout { shape: vec![], strides: vec![], offset: t.layout().offset });
            consts.push(Some(one.to_vec::<f64>()[0]));
            cols.push(Vec::new());
        } else {
            consts.push(None);
            cols.push(t.broadcast_to(shape)?.to_vec::<f64>());
        }
    }
    let n = numel(shape);
    let buf = crate::with_dtype!(dtype, T => T::wrap(build_vec(n, |i| {
        let args: [f64; N] = std::array::from_fn(|k| consts[k].unwrap_or_else(|| cols[k][i]));
        T::from_f64(f(args))
    })?));
    Ok(Tensor::from_buffer(buf, shape))
}

/// `pointwise` over the shape and dtype of the first input (the gradient).
pub fn map_grad<const N: usize>(inputs: [&Tensor; N], f: impl Fn([f64; N]) -> f64 + Sync) -> Result<Tensor> {
    let shape = broadcast_all(&inputs)?;
    pointwise(inputs, &shape, inputs[0].dtype(), f)
}

fn broadcast_all(inputs: &[&Tensor]) -> Result<Vec<usize>> {
    let mut shape: Vec<usize> = vec![];
    for t in inputs {
        shape = crate::tensor::layout::broadcast_shapes(&shape, t.shape())?;
    }
    Ok(shape)
}

/// The input's shape with the reduced dims set to 1 (`keepdim=True`'s shape);
/// no dims means all.
pub fn keep_shape(shape: &[usize], dims: &[i64]) -> Result<Vec<usize>> {
    let mut out = shape.to_vec();
    if dims.is_empty() || shape.is_empty() {
        return Ok(vec![1; shape.len()]);
    }
    for &d in dims {
        out[crate::tensor::layout::wrap_dim(d, shape.len())?] = 1;
    }
    Ok(out)
}

/// A reduction's gradient (shaped like its output, with or without the
/// reduced dims) viewed with the reduced dims kept as size 1, so it broadcasts
/// against the input.
pub fn unreduce(g: &Tensor, keep: &[usize]) -> Result<Tensor> {
    let sizes: Vec<i64> = keep.iter().map(|&d| d as i64).collect();
    g.reshape(&sizes)
}

/// `(outer, len, inner)`: a row-major tensor of `shape` seen as `outer` blocks
/// of `len` steps along `dim`, each step `inner` values apart.
pub fn lanes(shape: &[usize], dim: usize) -> (usize, usize, usize) {
    let outer = shape[..dim].iter().product();
    let inner = shape[dim + 1..].iter().product();
    (outer, shape[dim], inner)
}

/// A tensor of ones shaped like `t` (the implicit gradient of a scalar).
pub fn ones_like(t: &Tensor) -> Result<Tensor> {
    crate::backend::cuda::fallback::on_device(t.device(), || Tensor::ones(t.shape(), t.dtype()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sum_to_reduces_leading_and_unit_dims() {
        // torch.ones(2, 3, 4).sum_to_size(3, 1) -> every entry 8
        let g = Tensor::ones(&[2, 3, 4], DType::F32).unwrap();
        let s = sum_to(&g, &[3, 1]).unwrap();
        assert_eq!(s.shape(), &[3, 1]);
        assert_eq!(s.to_vec::<f32>(), vec![8.0; 3]);
        let g = Tensor::from_vec((0..6).map(|x| x as f64).collect::<Vec<_>>(), &[2, 3]).unwrap();
        assert_eq!(sum_to(&g, &[3]).unwrap().to_vec::<f64>(), vec![3.0, 5.0, 7.0]);
        assert_eq!(sum_to(&g, &[2, 1]).unwrap().to_vec::<f64>(), vec![3.0, 12.0]);
        assert_eq!(sum_to(&g, &[]).unwrap().to_vec::<f64>(), vec![15.0]);
        assert!(sum_to(&g, &[2]).is_err());
    }

    #[test]
    fn add_into_writes_in_place() {
        let a = Tensor::from_vec(vec![1.0f32, 2.0], &[2]).unwrap();
        let alias = a.clone();
        add_into(&a, &Tensor::from_vec(vec![0.5f64, 0.25], &[2]).unwrap()).unwrap();
        assert_eq!(alias.to_vec::<f32>(), vec![1.5, 2.25]);
    }
}
