//! Gradient checking: the gradients backward gives against central finite
//! differences, in float64. For an output `y = f(x)` and a random `v` shaped
//! like `y`, backward with gradient `v` gives d<y, v>/dx, which differences of
//! <f(x ± eps), v> approximate.
use super::no_grad;
use crate::tensor::dtype::DType;
use crate::tensor::error::Result;
use crate::tensor::layout::{Layout, numel};
use crate::tensor::tensor::Tensor;

/// A small deterministic generator for test values (xorshift64*).
pub struct TestRng(u64);

impl TestRng {
    pub fn new(seed: u64) -> TestRng {
        TestRng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    /// Uniform in [-1, 1).
    pub fn next_f64(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        let x = self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11;
        (x as f64 / (1u64 << 53) as f64) * 2.0 - 1.0
    }
    pub fn values(&mut self, n: usize) -> Vec<f64> {
        (0..n).map(|_| self.next_f64()).collect()
    }
    /// A float64 leaf of `shape` that requires grad.
    pub fn leaf(&mut self, shape: &[usize]) -> Tensor {
        let t = Tensor::from_vec(self.values(numel(shape)), shape).expect("sizes match");
        t.set_requires_grad(true).expect("float");
        t
    }
    /// A float64 leaf of `shape` whose strides are not contiguous: the
    /// transpose of a contiguous block (needs 2+ dims).
    pub fn strided_leaf(&mut self, shape: &[usize]) -> Tensor {
        let nd = shape.len();
        assert!(nd >= 2, "a strided leaf needs two dims");
        let mut swapped = shape.to_vec();
        swapped.swap(nd - 1, nd - 2);
        let base = Tensor::from_vec(self.values(numel(shape)), &swapped).expect("sizes match");
        let t = base.with_layout(base.layout().transpose(nd - 1, nd - 2));
        t.set_requires_grad(true).expect("float");
        t
    }
}

/// Sum over all elements of `y * v` in f64.
fn dot(y: &Tensor, v: &[f64]) -> f64 {
    y.to_vec::<f64>().iter().zip(v).map(|(a, b)| a * b).sum()
}

fn set_flat(t: &Tensor, layout: &Layout, flat: usize, value: f64) {
    let off = layout.offset_of_flat(flat);
    t.with_cpu_mut(|b| match b {
        crate::tensor::buffer::CpuBuffer::F64(v) => v[off] = value,
        _ => panic!("gradcheck inputs must be float64"),
    });
}

/// Checks `f` at `inputs` (float64 leaves that require grad). Returns a
/// description of the first mismatch, if any.
pub fn gradcheck(f: impl Fn(&[Tensor]) -> Result<Tensor>, inputs: &[Tensor], seed: u64) -> std::result::Result<(), String> {
    let (eps, atol, rtol) = (1e-6, 1e-5, 1e-4);
    let y = f(inputs).map_err(|e| format!("forward failed: {e}"))?;
    let mut rng = TestRng::new(seed);
    let v = rng.values(y.numel());
    for x in inputs {
        assert_eq!(x.dtype(), DType::F64, "gradcheck works in float64");
        x.set_grad(None).map_err(|e| e.to_string())?;
    }
    let v_tensor = Tensor::from_vec(v.clone(), y.shape()).map_err(|e| e.to_string())?;
    if y.requires_grad() {
        y.backward(Some(v_tensor), false).map_err(|e| format!("backward failed: {e}"))?;
    }
    let _guard = no_grad();
    for (k, x) in inputs.iter().enumerate() {
        let analytic = x.grad().map(|g| g.to_vec::<f64>()).unwrap_or_else(|| vec![0.0; x.numel()]);
        if analytic.len() != x.numel() {
            return Err(format!("input {k}: grad has {} elements, input {}", analytic.len(), x.numel()));
        }
        let layout = x.layout().clone();
        let values = x.to_vec::<f64>();
        for j in 0..x.numel() {
            set_flat(x, &layout, j, values[j] + eps);
            let plus = dot(&f(inputs).map_err(|e| e.to_string())?, &v);
            set_flat(x, &layout, j, values[j] - eps);
            let minus = dot(&f(inputs).map_err(|e| e.to_string())?, &v);
            set_flat(x, &layout, j, values[j]);
            let numeric = (plus - minus) / (2.0 * eps);
            if (analytic[j] - numeric).abs() > atol + rtol * numeric.abs() {
                return Err(format!("input {k}, element {j}: analytic {} vs numeric {numeric}", analytic[j]));
            }
        }
    }
    Ok(())
}
