//! The batched matrix product every matmul form ends in: `out[i] = a[i] @ b[i]`
//! over 3-D views of any strides (stride 0 for broadcast batches, transposes
//! read in place). float32/float64 run the `gemm` crate on rayon's threads;
//! float16/bfloat16 compute in float32 and round once; ints use a plain loop
//! with wrapping arithmetic (the same bits as PyTorch's int matmul).
use crate::tensor::buffer::BufferElement;
use crate::tensor::dtype::DType;
use crate::tensor::error::Result;
use crate::tensor::layout::Layout;
use crate::tensor::memory;
use crate::tensor::scalar::Scalar;
use crate::tensor::tensor::Tensor;
use gemm::Parallelism;
use rayon::prelude::*;

/// A product with an optional accumulator: `out = beta * init + alpha * (a @ b)`.
pub struct Accumulate<'a> {
    /// `[B, M, N]`, same dtype as `a` (any strides on the CPU; contiguous for CUDA).
    pub init: &'a Tensor,
    pub beta: Scalar,
    pub alpha: Scalar,
}

/// `a` is `[B, M, K]`, `b` is `[B, K, N]` (same dtype, not bool; checked by the
/// callers); the result is a new contiguous `[B, M, N]` tensor.
pub fn batched(a: &Tensor, b: &Tensor, acc: Option<Accumulate>) -> Result<Tensor> {
    let init = acc.as_ref().map(|acc| (acc.init, acc.beta, acc.alpha));
    if let Some(out) = crate::backend::cuda::ops::matmul::batched(a, b, init)? {
        return Ok(out);
    }
    let dtype = a.dtype();
    let (bsz, m, n) = (a.shape()[0], a.shape()[1], b.shape()[2]);
    let shape = [bsz, m, n];
    match dtype {
        DType::F16 | DType::BF16 => {
            let (a32, b32) = (a.to(DType::F32)?, b.to(DType::F32)?);
            let init32 = match &acc {
                Some(acc) => Some(acc.init.to(DType::F32)?),
                None => None,
            };
            let acc32 = acc.as_ref().zip(init32.as_ref()).map(|(acc, init)| Accumulate { init, beta: acc.beta, alpha: acc.alpha });
            batched(&a32, &b32, acc32)?.to(dtype)
        }
        DType::F32 => float::<f32>(a, b, acc, &shape),
        DType::F64 => float::<f64>(a, b, acc, &shape),
        _ => crate::with_dtype!(dtype, T => int::<T>(a, b, acc, &shape)),
    }
}

/// Runs `f` with the typed storage slices of `a` and `b` (one lock when shared).
fn with_slices<T: BufferElement, R>(a: &Tensor, b: &Tensor, f: impl FnOnce(&[T], &[T]) -> R) -> R {
    a.with_cpu(|ba| {
        let sa = T::slice(ba).expect("dtype checked");
        if a.shares_storage(b) { f(sa, sa) } else { b.with_cpu(|bb| f(sa, T::slice(bb).expect("dtype checked"))) }
    })
}

#[derive(Clone, Copy)]
struct SendPtr<T>(*mut T);
// SAFETY: each task writes a disjoint block of the output.
unsafe impl<T> Send for SendPtr<T> {}
unsafe impl<T> Sync for SendPtr<T> {}

fn float<T: BufferElement + 'static>(a: &Tensor, b: &Tensor, acc: Option<Accumulate>, shape: &[usize; 3]) -> Result<Tensor> {
    let [bsz, m, n] = *shape;
    let k = a.shape()[2];
    let len = bsz * m * n;
    memory::check_alloc(len * std::mem::size_of::<T>())?;
    let (read_dst, beta, alpha) = match &acc {
        Some(acc) => (true, T::from_f64(acc.beta.to_f64()), T::from_f64(acc.alpha.to_f64())),
        None => (false, T::zero(), T::one()),
    };
    let mut out: Vec<T> = match &acc {
        Some(acc) => acc.init.to_vec::<T>(),
        None if k == 0 => vec![T::zero(); len],
        // gemm writes every element when it does not read dst.
        None => crate::backend::cpu::recycle::with_capacity(len),
    };
    if len > 0 && k > 0 {
        let (al, bl) = (a.layout(), b.layout());
        let dst = SendPtr(out.as_mut_ptr());
        with_slices::<T, _>(a, b, |sa, sb| {
            let (pa, pb) = (SendPtr(sa.as_ptr() as *mut T), SendPtr(sb.as_ptr() as *mut T));
            let one = |i: usize, par: Parallelism| {
                let (dst, pa, pb) = (dst, pa, pb);
                // SAFETY: the layouts address elements inside their storages (views
                // are always in bounds), and block `i` of dst is M*N elements of `out`.
                unsafe {
                    gemm::gemm(
                        m,
                        n,
                        k,
                        dst.0.add(i * m * n),
                        1,
                        n as isize,
                        read_dst,
                        pa.0.offset(al.offset as isize + i as isize * al.strides[0]),
                        al.strides[2],
                        al.strides[1],
                        pb.0.offset(bl.offset as isize + i as isize * bl.strides[0]),
                        bl.strides[2],
                        bl.strides[1],
                        beta,
                        alpha,
                        false,
                        false,
                        false,
                        par,
                    )
                }
            };
            // Many small products: one per thread. Few large ones: gemm's own threads.
            if bsz > 1 && m * n * k < 64 * 64 * 64 {
                (0..bsz).into_par_iter().for_each(|i| one(i, Parallelism::None));
            } else {
                for i in 0..bsz {
                    one(i, Parallelism::Rayon(0));
                }
            }
        });
    } else if read_dst && k == 0 {
        for v in out.iter_mut() {
            *v = T::from_f64(v.to_f64() * acc.as_ref().map_or(0.0, |acc| acc.beta.to_f64()));
        }
    }
    // SAFETY: gemm wrote all `len` elements (or `out` was already full).
    unsafe { out.set_len(len) };
    Ok(Tensor::from_buffer(T::wrap(out), shape))
}

fn int<T: BufferElement>(a: &Tensor, b: &Tensor, acc: Option<Accumulate>, shape: &[usize; 3]) -> Result<Tensor> {
    let [bsz, m, n] = *shape;
    let k = a.shape()[2];
    let len = bsz * m * n;
    memory::check_alloc(len * std::mem::size_of::<T>())?;
    let (al, bl): (&Layout, &Layout) = (a.layout(), b.layout());
    let init: Option<Vec<T>> = acc.as_ref().map(|acc| acc.init.to_vec::<T>());
    let (beta, alpha) = acc.as_ref().map_or((0, 1), |acc| (acc.beta.to_i64(), acc.alpha.to_i64()));
    let out = with_slices::<T, _>(a, b, |sa, sb| {
        let mut out = vec![T::zero(); len];
        out.par_chunks_mut(n.max(1)).enumerate().for_each(|(row, o)| {
            let (i, r) = (row / m.max(1), row % m.max(1));
            let mut sum = vec![0i64; n];
            let abase = al.offset as isize + i as isize * al.strides[0] + r as isize * al.strides[1];
            let bbase = bl.offset as isize + i as isize * bl.strides[0];
            for p in 0..k {
                let av = sa[(abase + p as isize * al.strides[2]) as usize].to_i64();
                if av == 0 {
                    continue;
                }
                let brow = bbase + p as isize * bl.strides[1];
                for (j, s) in sum.iter_mut().enumerate() {
                    let bv = sb[(brow + j as isize * bl.strides[2]) as usize].to_i64();
                    *s = s.wrapping_add(av.wrapping_mul(bv));
                }
            }
            for (j, slot) in o.iter_mut().enumerate() {
                let mut v = alpha.wrapping_mul(sum[j]);
                if let Some(init) = &init {
                    v = v.wrapping_add(beta.wrapping_mul(init[row * n + j].to_i64()));
                }
                *slot = T::from_i64(v);
            }
        });
        out
    });
    Ok(Tensor::from_buffer(T::wrap(out), shape))
}
