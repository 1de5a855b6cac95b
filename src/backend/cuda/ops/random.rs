//! Random tensors on the device from a counter-based generator (Philox-4x32-10):
//! a draw of n values uses counters offset..offset+ceil(n/k), and the host state is
//! only (seed, offset), so seeding reproduces runs and no state lives on the GPU.
//! `torch.manual_seed` and `torch.cuda.manual_seed` set it; the values differ from
//! the CPU generator's, as they do in PyTorch.
use super::{copy, empty, tag};
use crate::backend::cuda::context::context;
use crate::backend::cuda::launch::{Args, blocks_for};
use crate::tensor::dtype::DType;
use crate::tensor::error::Result;
use crate::tensor::tensor::Tensor;
use std::sync::Mutex;

/// PyTorch's default seed for a CUDA generator that was never seeded.
pub const DEFAULT_SEED: u64 = 67280421310721;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PhiloxState {
    pub seed: u64,
    pub offset: u64,
}

static STATE: Mutex<PhiloxState> = Mutex::new(PhiloxState {
    seed: DEFAULT_SEED,
    offset: 0,
});

/// `torch.cuda.manual_seed(seed)` (all devices share one state here).
pub fn manual_seed(seed: u64) {
    *STATE.lock().unwrap_or_else(|e| e.into_inner()) = PhiloxState { seed, offset: 0 };
}

pub fn initial_seed() -> u64 {
    STATE.lock().unwrap_or_else(|e| e.into_inner()).seed
}

/// Reserves `counters` counters and returns (seed, first offset).
pub fn reserve(counters: u64) -> PhiloxState {
    let mut s = STATE.lock().unwrap_or_else(|e| e.into_inner());
    let now = *s;
    // Round up to a multiple of 4, as PyTorch's offsets advance in steps of 4.
    s.offset += counters.div_ceil(4) * 4;
    now
}

/// How a draw fills values.
#[derive(Clone, Copy, Debug)]
pub enum Draw {
    /// Uniform in [lo, hi).
    Uniform(f64, f64),
    /// Normal with (mean, std).
    Normal(f64, f64),
    /// Integers in [low, high).
    Int(i64, i64),
}

/// A new tensor of `shape` and `dtype` on `cuda:ordinal` filled by `draw`.
pub fn random(ordinal: usize, shape: &[usize], dtype: DType, draw: Draw) -> Result<Tensor> {
    let n: usize = shape.iter().product();
    let ctx = context(ordinal)?;
    let (kernel_dtype, per_counter) = match draw {
        Draw::Int(..) => (DType::I64, 2),
        _ if dtype == DType::F64 => (DType::F64, 2),
        _ => (DType::F32, 4),
    };
    let (raw, ptr) = empty(ordinal, kernel_dtype, shape)?;
    if n > 0 {
        let st = reserve(n.div_ceil(per_counter) as u64);
        let base = Args::new()
            .push(ptr)
            .push(n as i64)
            .push(st.seed)
            .push(st.offset);
        let (name, args) = match draw {
            Draw::Uniform(lo, hi) if kernel_dtype == DType::F64 => {
                ("uniform_f64", base.push(lo).push(hi))
            }
            Draw::Normal(m, s) if kernel_dtype == DType::F64 => {
                ("normal_f64", base.push(m).push(s))
            }
            Draw::Uniform(lo, hi) => ("uniform_f32", base.push(lo as f32).push(hi as f32)),
            Draw::Normal(m, s) => ("normal_f32", base.push(m as f32).push(s as f32)),
            Draw::Int(lo, hi) => ("randint_i64", base.push(lo).push((hi - lo).max(1) as u64)),
        };
        args.launch(ctx, "random", name, blocks_for(n.div_ceil(per_counter)))?;
    }
    if dtype == kernel_dtype {
        Ok(raw)
    } else {
        copy::cast(&raw, dtype)
    }
}

/// The dtype tag (for messages and tests).
pub fn kernel_for(dtype: DType) -> &'static str {
    tag(dtype)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeding_resets_the_counter_and_draws_advance_it_in_fours() {
        manual_seed(7);
        assert_eq!(reserve(3), PhiloxState { seed: 7, offset: 0 });
        assert_eq!(reserve(5), PhiloxState { seed: 7, offset: 4 });
        assert_eq!(reserve(1).offset, 12);
        manual_seed(7);
        assert_eq!(reserve(1).offset, 0);
        assert_eq!(initial_seed(), 7);
    }
}
