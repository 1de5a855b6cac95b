//! Matrix products with PyTorch's rules and messages: `matmul` / `@` (dot for
//! 1-D·1-D, mv, mm, batched with broadcast batch dims), `mm`, `bmm`, `mv`,
//! `dot`, `outer`, `addmm` and `linear` (what nn.Linear runs).
pub mod kernel;

use super::elementwise::binary::not_implemented;
use super::elementwise::cast::cpp_name;
use crate::tensor::dtype::{DType, pretty_name};
use crate::tensor::error::{Result, runtime};
use crate::tensor::layout::broadcast_shapes;
use crate::tensor::scalar::Scalar;
use crate::tensor::tensor::Tensor;
use kernel::{Accumulate, batched};

fn refuse_bool(t: &Tensor, kernel: &str) -> Result<()> {
    if t.dtype() == DType::Bool {
        return not_implemented(kernel, DType::Bool);
    }
    Ok(())
}

/// A 2-D product `[M, K] @ [K, N]` through the batched kernel.
fn mm_raw(a: &Tensor, b: &Tensor, acc: Option<Accumulate>) -> Result<Tensor> {
    let (a3, b3) = (a.unsqueeze(0)?, b.unsqueeze(0)?);
    let out = batched(&a3, &b3, acc)?;
    out.squeeze(Some(&[0]))
}

fn mm_checks(a: &Tensor, b: &Tensor, op: &str) -> Result<()> {
    if a.ndim() != 2 {
        return runtime(format!("{op}: self must be a matrix, got {}-D tensor", a.ndim()));
    }
    if b.ndim() != 2 {
        return runtime(format!("{op}: mat2 must be a matrix, got {}-D tensor", b.ndim()));
    }
    if a.shape()[1] != b.shape()[0] {
        return runtime(format!(
            "{op}: mat1 and mat2 shapes cannot be multiplied ({}x{} and {}x{})",
            a.shape()[0],
            a.shape()[1],
            b.shape()[0],
            b.shape()[1]
        ));
    }
    if a.dtype() != b.dtype() {
        return runtime(format!(
            "expected m1 and m2 to have the same dtype, but got: {} != {}",
            cpp_name(a.dtype()),
            cpp_name(b.dtype())
        ));
    }
    refuse_bool(a, "addmm_impl_cpu_")
}

/// `torch.mm(a, b)`: two matrices.
pub fn mm(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    mm_checks(a, b, "mm")?;
    mm_raw(a, b, None)
}

/// `torch.mv(mat, vec)`.
pub fn mv(mat: &Tensor, vec: &Tensor) -> Result<Tensor> {
    if mat.ndim() != 2 || vec.ndim() != 1 {
        return runtime(format!("vector + matrix @ vector expected, got 1, {}, {}", mat.ndim(), vec.ndim()));
    }
    if mat.shape()[1] != vec.shape()[0] {
        return runtime(format!(
            "size mismatch, got input ({}), mat ({}x{}), vec ({})",
            mat.shape()[0],
            mat.shape()[0],
            mat.shape()[1],
            vec.shape()[0]
        ));
    }
    if mat.dtype() != vec.dtype() {
        let (m, v) = (pretty_name(mat.dtype()), pretty_name(vec.dtype()));
        return runtime(format!("addmv input tensors must have the same dtype, but got {v}, {m}, and {v}"));
    }
    refuse_bool(mat, "addmv_impl_cpu")?;
    mm_raw(mat, &vec.unsqueeze(1)?, None)?.squeeze(Some(&[1]))
}

/// `torch.dot(a, b)`: two 1-D tensors of one dtype and length; a 0-dim result.
pub fn dot(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    if a.ndim() != 1 || b.ndim() != 1 {
        return runtime(format!("1D tensors expected, but got {}D and {}D tensors", a.ndim(), b.ndim()));
    }
    if a.dtype() != b.dtype() {
        return runtime(format!(
            "dot : expected both vectors to have same dtype, but found {} and {}",
            pretty_name(a.dtype()),
            pretty_name(b.dtype())
        ));
    }
    let (n, k) = (a.shape()[0], b.shape()[0]);
    if n != k {
        return runtime(format!(
            "inconsistent tensor size, expected tensor [{n}] and src [{k}] to have the same number of elements, but got {n} and {k} elements respectively"
        ));
    }
    refuse_bool(a, "dot")?;
    mm_raw(&a.unsqueeze(0)?, &b.unsqueeze(1)?, None)?.reshape(&[])
}

/// `torch.bmm(a, b)`: `[B, M, K] @ [B, K, N]`, no broadcasting.
pub fn bmm(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    if a.ndim() != 3 {
        return runtime("batch1 must be a 3D tensor");
    }
    if b.ndim() != 3 {
        return runtime("batch2 must be a 3D tensor");
    }
    let (sa, sb) = (a.shape(), b.shape());
    if sb[0] != sa[0] || sb[1] != sa[2] {
        return runtime(format!(
            "Expected size for first two dimensions of batch2 tensor to be: [{}, {}] but got: [{}, {}].",
            sa[0], sa[2], sb[0], sb[1]
        ));
    }
    if a.dtype() != b.dtype() {
        return runtime(format!(
            "expected scalar type {} but found {}",
            pretty_name(a.dtype()),
            pretty_name(b.dtype())
        ));
    }
    refuse_bool(a, "bmm")?;
    batched(a, b, None)
}

/// `torch.matmul(a, b)` / `a @ b`, following ATen's dispatch on the dims.
pub fn matmul(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    let (d1, d2) = (a.ndim(), b.ndim());
    if d1 == 0 || d2 == 0 {
        return runtime(format!("both arguments to matmul need to be at least 1D, but they are {d1}D and {d2}D"));
    }
    match (d1, d2) {
        (1, 1) => dot(a, b),
        (2, 1) => mv(a, b),
        (1, 2) => mm(&a.unsqueeze(0)?, b)?.squeeze(Some(&[0])),
        (2, 2) => mm(a, b),
        (_, 1) | (_, 2) => {
            // Fold the batch dims of `a` into its rows: one big mm (or mv).
            let sa = a.shape();
            let k = sa[d1 - 1];
            let rows: usize = sa[..d1 - 1].iter().product();
            let folded = a.reshape(&[rows as i64, k as i64])?;
            let mut out_shape: Vec<i64> = sa[..d1 - 1].iter().map(|&d| d as i64).collect();
            let out = if d2 == 1 {
                mv(&folded, b)?
            } else {
                out_shape.push(b.shape()[1] as i64);
                mm(&folded, b)?
            };
            out.reshape(&out_shape)
        }
        _ => batched_matmul(a, b),
    }
}

/// The general case: broadcast the batch dims, then one bmm.
fn batched_matmul(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    let (d1, d2) = (a.ndim(), b.ndim());
    let (sa, sb) = (a.shape(), b.shape());
    let n = if d1 > 1 { sa[d1 - 2] } else { 1 };
    let m1 = sa[d1 - 1];
    let batch1 = &sa[..d1.saturating_sub(2)];
    let m2 = if d2 > 1 { sb[d2 - 2] } else { sb[0] };
    let p = if d2 > 1 { sb[d2 - 1] } else { 1 };
    let batch2 = &sb[..d2.saturating_sub(2)];
    let batch = broadcast_shapes(batch1, batch2)?;
    let bsz: usize = batch.iter().product();
    let a2 = if d1 == 1 { a.unsqueeze(0)? } else { a.clone() };
    let b2 = if d2 == 1 { b.unsqueeze(1)? } else { b.clone() };
    let mut ea = batch.clone();
    ea.extend([n, m1]);
    let mut eb = batch.clone();
    eb.extend([m2, p]);
    let a3 = a2.broadcast_to(&ea)?.reshape(&[bsz as i64, n as i64, m1 as i64])?;
    let b3 = b2.broadcast_to(&eb)?.reshape(&[bsz as i64, m2 as i64, p as i64])?;
    let out = bmm(&a3, &b3)?;
    let mut out_shape: Vec<i64> = batch.iter().map(|&d| d as i64).collect();
    if d1 > 1 {
        out_shape.push(n as i64);
    }
    if d2 > 1 {
        out_shape.push(p as i64);
    }
    out.reshape(&out_shape)
}

/// `torch.outer(a, b)`: `a[:, None] * b[None, :]` (so dtypes promote).
pub fn outer(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    if a.ndim() != 1 {
        return runtime(format!("outer: Expected 1-D argument self, but got {}-D", a.ndim()));
    }
    if b.ndim() != 1 {
        return runtime(format!("outer: Expected 1-D argument vec2, but got {}-D", b.ndim()));
    }
    a.unsqueeze(1)?.mul(&b.unsqueeze(0)?)
}

/// `torch.addmm(bias, m1, m2, beta=1, alpha=1)`: `beta * bias + alpha * (m1 @ m2)`,
/// the bias broadcast to `[M, N]`.
pub fn addmm(bias: &Tensor, m1: &Tensor, m2: &Tensor, beta: Scalar, alpha: Scalar) -> Result<Tensor> {
    mm_checks(m1, m2, "addmm")?;
    if bias.dtype() != m2.dtype() {
        return runtime(format!(
            "self and mat2 must have the same dtype, but got {} and {}",
            pretty_name(bias.dtype()),
            pretty_name(m2.dtype())
        ));
    }
    let shape = [m1.shape()[0], m2.shape()[1]];
    let init = bias.broadcast_to(&shape)?;
    // The CPU kernel copies a broadcast view straight into its output (one copy,
    // not two); the cuBLAS path takes a contiguous one.
    let init = if init.device().is_cuda() { init.contiguous() } else { init };
    let init = init.unsqueeze(0)?;
    mm_raw(m1, m2, Some(Accumulate { init: &init, beta, alpha }))
}

/// `F.linear(x, weight, bias)`: `x @ weight.T + bias`, through addmm for
/// matrices (and for larger inputs folded into one).
pub fn linear(x: &Tensor, weight: &Tensor, bias: Option<&Tensor>) -> Result<Tensor> {
    let wt = weight.t()?;
    match bias {
        Some(b) if x.ndim() >= 2 => {
            if x.ndim() == 2 {
                return addmm(b, x, &wt, Scalar::Int(1), Scalar::Int(1));
            }
            let sx = x.shape();
            let k = sx[sx.len() - 1];
            let rows: usize = sx[..sx.len() - 1].iter().product();
            let out = addmm(b, &x.reshape(&[rows as i64, k as i64])?, &wt, Scalar::Int(1), Scalar::Int(1))?;
            let mut shape: Vec<i64> = sx[..sx.len() - 1].iter().map(|&d| d as i64).collect();
            shape.push(out.shape()[1] as i64);
            out.reshape(&shape)
        }
        Some(b) => matmul(x, &wt)?.add(b),
        None => matmul(x, &wt),
    }
}

impl Tensor {
    pub fn matmul(&self, other: &Tensor) -> Result<Tensor> {
        matmul(self, other)
    }
    pub fn mm(&self, other: &Tensor) -> Result<Tensor> {
        mm(self, other)
    }
    pub fn bmm(&self, other: &Tensor) -> Result<Tensor> {
        bmm(self, other)
    }
    pub fn mv(&self, vec: &Tensor) -> Result<Tensor> {
        mv(self, vec)
    }
    pub fn dot(&self, other: &Tensor) -> Result<Tensor> {
        dot(self, other)
    }
    pub fn outer(&self, other: &Tensor) -> Result<Tensor> {
        outer(self, other)
    }
    /// `bias.addmm(m1, m2, beta=..., alpha=...)`.
    pub fn addmm(&self, m1: &Tensor, m2: &Tensor, beta: Scalar, alpha: Scalar) -> Result<Tensor> {
        addmm(self, m1, m2, beta, alpha)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tensor::ops::elementwise::test_util::*;

    fn ar(n: i64, shape: &[i64]) -> Tensor {
        Tensor::arange(Scalar::Int(0), Scalar::Int(n), Scalar::Int(1), Some(DType::F32)).unwrap().reshape(shape).unwrap()
    }
    fn ari(n: i64, shape: &[i64]) -> Tensor {
        Tensor::arange(Scalar::Int(0), Scalar::Int(n), Scalar::Int(1), None).unwrap().reshape(shape).unwrap()
    }
    fn ones(shape: &[usize]) -> Tensor {
        Tensor::ones(shape, DType::F32).unwrap()
    }
    fn mat(rows: &[&[f64]]) -> Tensor {
        let v: Vec<f64> = rows.iter().flat_map(|r| r.iter().copied()).collect();
        tensor(&v, &[rows.len(), rows[0].len()], DType::F32)
    }

    #[test]
    fn matmul_forms_match_torch() {
        check("mm_2x3_3x2", ar(6, &[2, 3]).matmul(&ar(6, &[3, 2])));
        check("mm_3x2_2x3", ar(6, &[3, 2]).matmul(&ar(6, &[2, 3])));
        check("dot_vectors", tf(&[1., 2., 3.]).matmul(&tf(&[4., 5., 6.])));
        let m = mat(&[&[1., 0., 1.], &[0., 2., 0.]]);
        check("mv", m.matmul(&tf(&[1., 2., 3.])));
        check("vec_mat", tf(&[1., 2.]).matmul(&ar(6, &[2, 3])));
        check("mm_transposed", m.mm(&m.t_all().unwrap()));
        check("batched_broadcast_rhs", ar(12, &[2, 2, 3]).matmul(&ones(&[3, 2])));
        check("batched_both", ar(12, &[2, 2, 3]).matmul(&ar(12, &[2, 3, 2])));
        check("batched_broadcast_batch", ar(12, &[2, 1, 2, 3]).matmul(&ar(18, &[3, 3, 2])));
        check("vec_batched", tf(&[1., -1.]).matmul(&ar(12, &[2, 2, 3])));
        check("batched_vec", ar(12, &[2, 2, 3]).matmul(&tf(&[1., 0., -1.])));
        check("mm_empty", ones(&[2, 0]).matmul(&ones(&[0, 2])));
        check("mm_empty_rows", ones(&[0, 3]).matmul(&ones(&[3, 2])));
    }

    #[test]
    fn dtypes() {
        check("mm_int", ari(6, &[2, 3]).matmul(&ari(6, &[3, 2])));
        let i8ones = Tensor::ones(&[2, 2], DType::I8).unwrap();
        let hundred = Tensor::full(&[2, 2], Scalar::Int(100), DType::I8).unwrap();
        check("mm_int8_wraps", i8ones.matmul(&hundred));
        let a = tensor(&[0.1, 0.2, 0.3], &[1, 3], DType::F16);
        check("mm_f16", a.matmul(&tensor(&[1., 2., 3.], &[3, 1], DType::F16)));
        let a = tensor(&[0.1, 0.2], &[1, 2], DType::F64);
        check("mm_f64", a.matmul(&tensor(&[0.3, 0.4], &[2, 1], DType::F64)));
        check("dot_int", ti(&[1, 2]).dot(&ti(&[3, 4])));
        check("outer_promote", ti(&[1, 2]).outer(&tf(&[1.5, 2.])));
    }

    #[test]
    fn addmm_and_linear() {
        let one = Scalar::Int(1);
        check("addmm", addmm(&tf(&[1., 2., 3.]), &ones(&[2, 3]), &ar(9, &[3, 3]), one, one));
        check("addmm_beta_alpha", addmm(&ones(&[3]), &ones(&[2, 3]), &ones(&[3, 3]), Scalar::Float(0.5), Scalar::Int(2)));
        let x = mat(&[&[1., 2., 3.], &[0.5, -1., 0.]]);
        let w = mat(&[&[0.5, -1., 2.], &[1., 1., 1.]]);
        let b = tf(&[0.25, -0.5]);
        check("linear_manual", linear(&x, &w, Some(&b)));
        check("linear_3d", linear(&ar(12, &[2, 2, 3]), &w, Some(&b)));
        check("linear_1d", linear(&tf(&[1., 2., 3.]), &w, Some(&b)));
        check("linear_no_bias", linear(&mat(&[&[1., 2., 3.]]), &w, None));
    }

    #[test]
    fn errors_match_torch() {
        check("err_mm_shapes", ones(&[3, 2]).matmul(&ones(&[3, 2])));
        check("err_mm_vec", ones(&[3, 2]).mm(&ones(&[3])));
        check("err_mm_self", ones(&[3]).mm(&ones(&[3, 3])));
        check("err_dot_size", ones(&[3]).matmul(&ones(&[4])));
        check("err_dot_dtype", tf(&[1., 2.]).matmul(&ti(&[1, 2])));
        check("err_dot_dims", ones(&[2, 3]).dot(&ones(&[3])));
        check("err_dot_bool", tb(&[true]).dot(&tb(&[true])));
        check("err_mv_size", ones(&[3, 2]).matmul(&ones(&[4])));
        check("err_mv_dims", ones(&[3]).mv(&ones(&[3])));
        check("err_mv_dtype", ones(&[2, 2]).matmul(&Tensor::ones(&[2], DType::I64).unwrap()));
        check("err_vec_mat", ones(&[4]).matmul(&ones(&[3, 2])));
        check("err_zero_dim", Tensor::scalar(Scalar::Float(2.), DType::F32).matmul(&ones(&[2, 2])));
        check("err_zero_dim_rhs", ones(&[2]).matmul(&Tensor::scalar(Scalar::Float(1.), DType::F32)));
        check("err_bmm_batch2", ones(&[2, 3, 4]).bmm(&ones(&[3, 4, 5])));
        check("err_bmm_inner", ones(&[2, 3, 4]).bmm(&ones(&[2, 5, 5])));
        check("err_bmm_dims1", ones(&[3, 4]).bmm(&ones(&[2, 5, 5])));
        check("err_bmm_dims2", ones(&[2, 3, 4]).bmm(&ones(&[5, 5])));
        check("err_bmm_dtype", ones(&[2, 3, 4]).bmm(&Tensor::ones(&[2, 4, 5], DType::F64).unwrap()));
        check("err_batch_broadcast", ones(&[2, 3, 4]).matmul(&ones(&[3, 4, 5])));
        check("err_batched_vec", ones(&[2, 3, 4]).matmul(&ones(&[5])));
        check("err_vec_batched", ones(&[5]).matmul(&ones(&[2, 4, 3])));
        check("err_mat_batched", ones(&[2, 3]).matmul(&ones(&[2, 5, 5])));
        check("err_fold_mm", ones(&[2, 3, 4]).matmul(&ones(&[5, 2])));
        check("err_mm_dtype", ones(&[2, 2]).mm(&Tensor::ones(&[2, 2], DType::I64).unwrap()));
        let bones = Tensor::ones(&[2, 2], DType::Bool).unwrap();
        check("err_mm_bool", bones.matmul(&bones));
        check("err_outer_dims", ones(&[2]).outer(&ones(&[3, 1])));
        let one = Scalar::Int(1);
        check("err_addmm_shapes", addmm(&ones(&[4]), &ones(&[2, 3]), &ones(&[2, 4]), one, one));
        check("err_addmm_bias", addmm(&ones(&[2]), &ones(&[2, 3]), &ones(&[3, 3]), one, one));
        let b64 = Tensor::ones(&[3], DType::F64).unwrap();
        check("err_addmm_dtype", addmm(&b64, &ones(&[2, 3]), &ones(&[3, 3]), one, one));
        check("err_linear_3d", linear(&ones(&[5, 2, 3]), &ones(&[4, 2]), Some(&ones(&[4]))));
        check("err_linear_bias", linear(&ones(&[2, 3]), &ones(&[4, 3]), Some(&ones(&[3]))));
    }

    /// Larger products (several gemm blocks, threads, strided inputs) against a
    /// plain f64 triple loop.
    #[test]
    fn large_and_strided_products_agree_with_naive() {
        let (m, k, n) = (67, 130, 45);
        let a = Tensor::from_vec((0..m * k).map(|i| ((i * 7 % 13) as f32 - 6.0) / 4.0).collect(), &[m, k]).unwrap();
        let bt = Tensor::from_vec((0..n * k).map(|i| ((i * 5 % 11) as f32 - 5.0) / 8.0).collect(), &[n, k]).unwrap();
        let b = bt.t().unwrap(); // [k, n], transposed view
        let got = a.matmul(&b).unwrap().to_vec::<f32>();
        let (av, bv) = (a.to_vec::<f32>(), b.contiguous().to_vec::<f32>());
        for i in 0..m {
            for j in 0..n {
                let want: f64 = (0..k).map(|p| av[i * k + p] as f64 * bv[p * n + j] as f64).sum();
                assert!((got[i * n + j] as f64 - want).abs() < 1e-3, "({i},{j}) {} vs {want}", got[i * n + j]);
            }
        }
        // int64 with the same values scaled to ints
        let ai = a.mul(4i64).unwrap().long().unwrap();
        let bi = b.mul(8i64).unwrap().long().unwrap();
        let gi = ai.matmul(&bi).unwrap().to_vec::<i64>();
        for (g, w) in gi.iter().zip(&got) {
            assert_eq!(*g as f64, (*w as f64 * 32.0).round());
        }
    }
}
