//! Random factories and in-place fills on PyTorch's CPU generator: `rand`, `randn`,
//! `randint`, `randperm`, `uniform_`, `normal_`, with the default generator that
//! `torch.manual_seed` seeds.
//!
//! The default generator is per thread: one interpreter runs on one thread, and
//! tests running interpreters side by side must not share draws.
use crate::backend::cpu::recycle;
use crate::tensor::buffer::CpuBuffer;
use crate::tensor::dtype::DType;
use crate::tensor::error::{Result, runtime};
use crate::tensor::layout::numel;
use crate::tensor::memory::check_alloc;
use crate::tensor::random::TorchGenerator;
use crate::tensor::tensor::Tensor;
use half::{bf16, f16};
use std::cell::RefCell;

thread_local! {
    static DEFAULT: RefCell<TorchGenerator> = RefCell::new(TorchGenerator::new_default());
}

/// Runs `f` with the default generator (`torch.default_generator`).
pub fn with_default_generator<R>(f: impl FnOnce(&mut TorchGenerator) -> R) -> R {
    DEFAULT.with(|g| f(&mut g.borrow_mut()))
}

/// `torch.manual_seed(seed)` (negative seeds as their two's complement).
pub fn manual_seed(seed: u64) {
    with_default_generator(|g| g.manual_seed(seed));
}

/// `torch.initial_seed()`.
pub fn initial_seed() -> u64 {
    with_default_generator(|g| g.initial_seed())
}

/// `torch.seed()`: a fresh non-deterministic seed, returned.
pub fn seed() -> u64 {
    with_default_generator(|g| g.seed())
}

/// Runs `f` with `generator` or, when None, the default generator.
fn with_gen<R>(
    generator: Option<&mut TorchGenerator>,
    f: impl FnOnce(&mut TorchGenerator) -> R,
) -> R {
    match generator {
        Some(g) => f(g),
        None => with_default_generator(f),
    }
}

fn float_dtype(dtype: Option<DType>, fname: &str) -> Result<DType> {
    let d = dtype.unwrap_or(DType::F32);
    if !d.is_float() {
        return runtime(format!(
            "\"{fname}\" not implemented for '{}'",
            crate::tensor::dtype::pretty_name(d)
        ));
    }
    Ok(d)
}

/// Uniform values in [from, to) for a contiguous block of `n` elements of `dtype`.
fn uniform_buffer(
    g: &mut TorchGenerator,
    dtype: DType,
    n: usize,
    from: f64,
    to: f64,
) -> Result<CpuBuffer> {
    check_alloc(n * dtype.size_bytes())?;
    Ok(match dtype {
        DType::F32 => {
            let mut v = recycle::filled::<f32>(n);
            g.fill_uniform_f32(&mut v, from, to);
            CpuBuffer::F32(v)
        }
        DType::F64 => {
            let mut v = recycle::filled::<f64>(n);
            g.fill_uniform_f64(&mut v, from, to);
            CpuBuffer::F64(v)
        }
        DType::F16 => {
            let mut bits = recycle::filled::<u16>(n);
            g.fill_uniform_f16_bits(&mut bits, from, to);
            CpuBuffer::F16(bits.into_iter().map(f16::from_bits).collect())
        }
        DType::BF16 => {
            let mut bits = recycle::filled::<u16>(n);
            g.fill_uniform_bf16_bits(&mut bits, from, to);
            CpuBuffer::BF16(bits.into_iter().map(bf16::from_bits).collect())
        }
        other => {
            return runtime(format!(
                "\"uniform_\" not implemented for '{}'",
                crate::tensor::dtype::pretty_name(other)
            ));
        }
    })
}

/// Normal values for a contiguous block (`scalar` forces the per-element path that
/// PyTorch takes for non-contiguous tensors).
fn normal_buffer(
    g: &mut TorchGenerator,
    dtype: DType,
    n: usize,
    mean: f64,
    std: f64,
    scalar: bool,
) -> Result<CpuBuffer> {
    check_alloc(n * dtype.size_bytes())?;
    Ok(match dtype {
        DType::F32 => {
            let mut v = recycle::filled::<f32>(n);
            if scalar {
                g.fill_normal_scalar_f32(&mut v, mean, std)
            } else {
                g.fill_normal_f32(&mut v, mean, std)
            }
            CpuBuffer::F32(v)
        }
        DType::F64 => {
            let mut v = recycle::filled::<f64>(n);
            if scalar {
                g.fill_normal_scalar_f64(&mut v, mean, std)
            } else {
                g.fill_normal_f64(&mut v, mean, std)
            }
            CpuBuffer::F64(v)
        }
        DType::F16 => {
            let mut bits = recycle::filled::<u16>(n);
            if scalar {
                g.fill_normal_scalar_f16_bits(&mut bits, mean, std)
            } else {
                g.fill_normal_f16_bits(&mut bits, mean, std)
            }
            CpuBuffer::F16(bits.into_iter().map(f16::from_bits).collect())
        }
        DType::BF16 => {
            let mut bits = recycle::filled::<u16>(n);
            if scalar {
                g.fill_normal_scalar_bf16_bits(&mut bits, mean, std)
            } else {
                g.fill_normal_bf16_bits(&mut bits, mean, std)
            }
            CpuBuffer::BF16(bits.into_iter().map(bf16::from_bits).collect())
        }
        other => {
            return runtime(format!(
                "\"normal_kernel_cpu\" not implemented for '{}'",
                crate::tensor::dtype::pretty_name(other)
            ));
        }
    })
}

/// Integers `low + (draw mod (high - low))`, cast to `dtype`.
fn int_buffer(
    g: &mut TorchGenerator,
    dtype: DType,
    n: usize,
    low: i64,
    high: i64,
) -> Result<CpuBuffer> {
    check_alloc(n * 8)?;
    let mut v = recycle::filled::<i64>(n);
    g.fill_random_int(&mut v, low, high);
    let t = Tensor::from_buffer(CpuBuffer::I64(v), &[n]);
    if dtype == DType::I64 {
        Ok(t.to_buffer())
    } else {
        t.cast_values(dtype)
    }
}

impl Tensor {
    /// `torch.rand(*size, dtype=None, generator=None)`.
    pub fn rand(
        shape: &[usize],
        dtype: Option<DType>,
        generator: Option<&mut TorchGenerator>,
    ) -> Result<Tensor> {
        let dtype = float_dtype(dtype, "check_uniform_bounds")?;
        let buf = with_gen(generator, |g| {
            uniform_buffer(g, dtype, numel(shape), 0.0, 1.0)
        })?;
        Ok(Tensor::from_buffer(buf, shape))
    }

    /// `torch.randn(*size, dtype=None, generator=None)`.
    pub fn randn(
        shape: &[usize],
        dtype: Option<DType>,
        generator: Option<&mut TorchGenerator>,
    ) -> Result<Tensor> {
        let dtype = float_dtype(dtype, "normal_kernel_cpu")?;
        let buf = with_gen(generator, |g| {
            normal_buffer(g, dtype, numel(shape), 0.0, 1.0, false)
        })?;
        Ok(Tensor::from_buffer(buf, shape))
    }

    /// `torch.randint(low, high, size, dtype=int64)`.
    pub fn randint(
        low: i64,
        high: i64,
        shape: &[usize],
        dtype: Option<DType>,
        generator: Option<&mut TorchGenerator>,
    ) -> Result<Tensor> {
        if low >= high {
            return runtime(format!(
                "random_ expects 'from' to be less than 'to', but got from={low} >= to={high}"
            ));
        }
        let dtype = dtype.unwrap_or(DType::I64);
        let buf = with_gen(generator, |g| int_buffer(g, dtype, numel(shape), low, high))?;
        Ok(Tensor::from_buffer(buf, shape))
    }

    /// `torch.randperm(n, dtype=int64)`.
    pub fn randperm(
        n: usize,
        dtype: Option<DType>,
        generator: Option<&mut TorchGenerator>,
    ) -> Result<Tensor> {
        check_alloc(n * 8)?;
        let v = with_gen(generator, |g| g.randperm(n));
        let t = Tensor::from_buffer(CpuBuffer::I64(v), &[n]);
        t.to_dtype(dtype.unwrap_or(DType::I64))
    }

    /// `uniform_(from, to)` in place. A non-contiguous tensor gets the values in row-major order.
    pub fn uniform_(
        &self,
        from: f64,
        to: f64,
        generator: Option<&mut TorchGenerator>,
    ) -> Result<()> {
        if from > to {
            return runtime(format!(
                "uniform_ expects to return a [from, to) range, but found from={from} > to={to}"
            ));
        }
        let buf = with_gen(generator, |g| {
            uniform_buffer(g, self.dtype(), self.numel(), from, to)
        })?;
        self.write_values(buf)
    }

    /// `normal_(mean, std)` in place (non-contiguous tensors take the scalar path, as in PyTorch).
    pub fn normal_(
        &self,
        mean: f64,
        std: f64,
        generator: Option<&mut TorchGenerator>,
    ) -> Result<()> {
        if std < 0.0 {
            return runtime(format!("normal expects std >= 0.0, but found std {std}"));
        }
        let scalar = !self.is_contiguous();
        let buf = with_gen(generator, |g| {
            normal_buffer(g, self.dtype(), self.numel(), mean, std, scalar)
        })?;
        self.write_values(buf)
    }

    /// `random_(low, high)` in place.
    pub fn random_(
        &self,
        low: i64,
        high: i64,
        generator: Option<&mut TorchGenerator>,
    ) -> Result<()> {
        if low >= high {
            return runtime(format!(
                "random_ expects 'from' to be less than 'to', but got from={low} >= to={high}"
            ));
        }
        let buf = with_gen(generator, |g| {
            int_buffer(g, self.dtype(), self.numel(), low, high)
        })?;
        self.write_values(buf)
    }

    /// Writes row-major values of this tensor's dtype through its view.
    fn write_values(&self, values: CpuBuffer) -> Result<()> {
        use crate::tensor::buffer::BufferElement;
        let layout = self.layout().clone();
        self.with_cpu_mut(|buf| {
            crate::with_buffer!(buf, v => {
                let src = BufferElement::slice(&values).expect("values are built in the tensor's dtype");
                crate::tensor::strided::scatter(v, &layout, src)
            })
        });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeded_rand_matches_torch() {
        // torch.manual_seed(42); torch.rand(3, 2) -> 0.8823, 0.9150, 0.3829, 0.9593, 0.3904, 0.6009
        manual_seed(42);
        let t = Tensor::rand(&[3, 2], None, None).unwrap();
        let v = t.to_vec::<f32>();
        let expect = [0.8823, 0.9150, 0.3829, 0.9593, 0.3904, 0.6009];
        for (a, b) in v.iter().zip(expect) {
            assert!((a - b).abs() < 1e-4, "{v:?}");
        }
    }

    #[test]
    fn seeded_randn_and_randint_match_torch() {
        // torch.manual_seed(0); torch.randn(5) -> [1.5410, -0.2934, -2.1788, 0.5684, -1.0845]
        manual_seed(0);
        let v = Tensor::randn(&[5], None, None).unwrap().to_vec::<f32>();
        for (a, b) in v.iter().zip([1.5410, -0.2934, -2.1788, 0.5684, -1.0845]) {
            assert!((a - b).abs() < 1e-4, "{v:?}");
        }
        // torch.manual_seed(0); torch.randint(0, 10, (5,)) -> [4, 9, 3, 0, 3]
        manual_seed(0);
        let v = Tensor::randint(0, 10, &[5], None, None)
            .unwrap()
            .to_vec::<i64>();
        assert_eq!(v, vec![4, 9, 3, 0, 3]);
    }
}
