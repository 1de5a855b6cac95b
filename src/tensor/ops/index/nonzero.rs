//! Coordinates of non-zero elements, shared by masks and `nonzero`.
use crate::tensor::element::Element;
use crate::tensor::strided;
use crate::tensor::tensor::Tensor;
use crate::with_buffer;

/// For each dim, the coordinates of the non-zero elements in row-major order.
pub(crate) fn nonzero_coords(t: &Tensor) -> Vec<Vec<i64>> {
    let nd = t.ndim();
    let shape = t.shape().to_vec();
    let layout = t.layout();
    let flags: Vec<bool> = t.with_cpu(|b| with_buffer!(b, v => strided::gather_map(v, layout, |x| x.to_bool())));
    let mut out = vec![Vec::new(); nd];
    let mut idx = vec![0usize; nd];
    for f in flags {
        if f {
            for d in 0..nd {
                out[d].push(idx[d] as i64);
            }
        }
        for d in (0..nd).rev() {
            idx[d] += 1;
            if idx[d] < shape[d] {
                break;
            }
            idx[d] = 0;
        }
    }
    out
}
