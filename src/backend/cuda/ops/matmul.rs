//! Matrix products through cuBLAS: `out[i] = alpha * a[i] @ b[i] + beta * init[i]`
//! for float32 (sgemm, default math: no TF32, as PyTorch's default), float64
//! (dgemm), float16/bfloat16 (gemmEx, float32 compute), strided-batched when there
//! is more than one matrix. Transposed views are read in place (cuBLAS's op T).
use super::{copy, empty, ordinal_of, view_ptr};
use crate::backend::cuda::context::context;
use crate::tensor::dtype::DType;
use crate::tensor::error::{Result, TensorError};
use crate::tensor::scalar::Scalar;
use crate::tensor::tensor::Tensor;
use cudarc::cublas::sys::{
    cublasComputeType_t, cublasGemmAlgo_t, cublasOperation_t as Op, cudaDataType_t,
};
use std::ffi::c_void;

/// How cuBLAS reads one `[rows, cols]` matrix of a row-major view: (transposed, ld).
/// None when the view is neither row- nor column-major (it is copied first).
fn gemm_layout(rows: usize, cols: usize, s_row: isize, s_col: isize) -> Option<(bool, i64)> {
    let (s0, s1) = (s_row as i64, s_col as i64);
    if (cols == 1 || s1 == 1) && (rows == 1 || s0 >= cols as i64) {
        return Some((
            false,
            if rows == 1 {
                cols.max(1) as i64
            } else {
                s0.max(1)
            },
        ));
    }
    if (rows == 1 || s0 == 1) && (cols == 1 || s1 >= rows as i64) {
        return Some((
            true,
            if cols == 1 {
                rows.max(1) as i64
            } else {
                s1.max(1)
            },
        ));
    }
    None
}

/// A `[B, R, C]` operand as (tensor, transposed, ld, batch stride).
fn operand3(t: &Tensor) -> Result<(Tensor, bool, i64, i64)> {
    let (r, c) = (t.size(1), t.size(2));
    let s = t.strides();
    if let Some((tr, ld)) = gemm_layout(r, c, s[1], s[2]) {
        let bs = if t.size(0) == 1 { 0 } else { s[0] as i64 };
        if bs >= 0 {
            return Ok((t.clone(), tr, ld, bs));
        }
    }
    let c3 = copy::contiguous(t)?;
    Ok((c3, false, c as i64, (r * c) as i64))
}

fn cublas_error(e: cudarc::cublas::result::CublasError) -> TensorError {
    TensorError::Runtime(format!("CUDA error: {:?} when calling cublas", e.0))
}

/// `a` `[B, M, K]` @ `b` `[B, K, N]` (same float dtype, same device) into a new
/// contiguous `[B, M, N]`; with `init` (contiguous `[B, M, N]`): alpha*ab + beta*init.
pub fn batched(
    a: &Tensor,
    b: &Tensor,
    init: Option<(&Tensor, Scalar, Scalar)>,
) -> Result<Option<Tensor>> {
    let Some(ordinal) = ordinal_of(a) else {
        return Ok(None);
    };
    if !a.dtype().is_float() {
        return Ok(None);
    }
    super::common_device([a, b])?;
    let ctx = context(ordinal)?;
    let handle = ctx.cublas()?;
    let dtype = a.dtype();
    let (bsz, m, k, n) = (a.size(0), a.size(1), a.size(2), b.size(2));
    let (out, optr) = match init {
        Some((t, _, _)) => {
            let c = copy::cast(t, dtype)?;
            let p = view_ptr(&c);
            (c, p)
        }
        None => empty(ordinal, dtype, &[bsz, m, n])?,
    };
    if bsz * m * n == 0 {
        return Ok(Some(out));
    }
    if k == 0 {
        // An empty sum: zeros (scaled init).
        match init {
            Some((_, beta, _)) => {
                return Ok(Some(
                    crate::backend::cuda::ops::elementwise::binary(
                        "mul",
                        &(&out).into(),
                        &beta.into(),
                        dtype,
                        out.shape(),
                    )?
                    .unwrap_or(out),
                ));
            }
            None => {
                copy::fill(&out, Scalar::Int(0))?;
                return Ok(Some(out));
            }
        }
    }
    let (alpha, beta) = match init {
        Some((_, beta, alpha)) => (alpha.to_f64(), beta.to_f64()),
        None => (1.0, 0.0),
    };
    let (pa, ta, lda, sa) = operand3(a)?;
    let (pb, tb, ldb, sb) = operand3(b)?;
    let op = |t: bool| if t { Op::CUBLAS_OP_T } else { Op::CUBLAS_OP_N };
    // Row-major C = A B is column-major C^T = B^T A^T: B goes first.
    let (mm, nn, kk) = (n as i32, m as i32, k as i32);
    let (ap, bp) = (view_ptr(&pa), view_ptr(&pb));
    let (ldc, sc) = (n as i64, (m * n) as i64);
    use cudarc::cublas::sys as cb;
    let status = unsafe {
        match dtype {
            DType::F32 => {
                let (al, be) = (alpha as f32, beta as f32);
                if bsz == 1 {
                    cb::cublasSgemm_v2(
                        handle,
                        op(tb),
                        op(ta),
                        mm,
                        nn,
                        kk,
                        &al,
                        bp as *const f32,
                        ldb as i32,
                        ap as *const f32,
                        lda as i32,
                        &be,
                        optr as *mut f32,
                        ldc as i32,
                    )
                } else {
                    cb::cublasSgemmStridedBatched(
                        handle,
                        op(tb),
                        op(ta),
                        mm,
                        nn,
                        kk,
                        &al,
                        bp as *const f32,
                        ldb as i32,
                        sb,
                        ap as *const f32,
                        lda as i32,
                        sa,
                        &be,
                        optr as *mut f32,
                        ldc as i32,
                        sc,
                        bsz as i32,
                    )
                }
            }
            DType::F64 => {
                if bsz == 1 {
                    cb::cublasDgemm_v2(
                        handle,
                        op(tb),
                        op(ta),
                        mm,
                        nn,
                        kk,
                        &alpha,
                        bp as *const f64,
                        ldb as i32,
                        ap as *const f64,
                        lda as i32,
                        &beta,
                        optr as *mut f64,
                        ldc as i32,
                    )
                } else {
                    cb::cublasDgemmStridedBatched(
                        handle,
                        op(tb),
                        op(ta),
                        mm,
                        nn,
                        kk,
                        &alpha,
                        bp as *const f64,
                        ldb as i32,
                        sb,
                        ap as *const f64,
                        lda as i32,
                        sa,
                        &beta,
                        optr as *mut f64,
                        ldc as i32,
                        sc,
                        bsz as i32,
                    )
                }
            }
            _ => {
                let ty = if dtype == DType::F16 {
                    cudaDataType_t::CUDA_R_16F
                } else {
                    cudaDataType_t::CUDA_R_16BF
                };
                let (al, be) = (alpha as f32, beta as f32);
                let (alp, bep) = (
                    &al as *const f32 as *const c_void,
                    &be as *const f32 as *const c_void,
                );
                cb::cublasGemmStridedBatchedEx(
                    handle,
                    op(tb),
                    op(ta),
                    mm,
                    nn,
                    kk,
                    alp,
                    bp as *const c_void,
                    ty,
                    ldb as i32,
                    sb,
                    ap as *const c_void,
                    ty,
                    lda as i32,
                    sa,
                    bep,
                    optr as *mut c_void,
                    ty,
                    ldc as i32,
                    sc,
                    bsz as i32,
                    cublasComputeType_t::CUBLAS_COMPUTE_32F,
                    cublasGemmAlgo_t::CUBLAS_GEMM_DFALT,
                )
            }
        }
    };
    status.result().map_err(cublas_error)?;
    // Keep the operands alive until the queued product has read them (frees are
    // stream-ordered, so dropping them after the launch is enough).
    drop((pa, pb));
    Ok(Some(out))
}

#[cfg(test)]
mod tests {
    use super::gemm_layout;

    #[test]
    fn row_major_and_transposed_views_are_read_in_place() {
        assert_eq!(gemm_layout(3, 4, 4, 1), Some((false, 4)), "row-major");
        assert_eq!(
            gemm_layout(3, 4, 1, 3),
            Some((true, 3)),
            "a transpose (w.T in Linear)"
        );
        assert_eq!(
            gemm_layout(3, 4, 8, 1),
            Some((false, 8)),
            "a column slice keeps its row pitch"
        );
        assert_eq!(gemm_layout(3, 4, 2, 2), None, "neither: copied first");
        assert_eq!(
            gemm_layout(1, 4, 0, 1),
            Some((false, 4)),
            "one row (broadcast)"
        );
    }
}
