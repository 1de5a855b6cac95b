//! `tril` and `triu`: the lower/upper triangle of the last two dims, zeros elsewhere.
use crate::tensor::buffer::{BufferElement, build_vec};
use crate::tensor::element::Element;
use crate::tensor::error::{Result, runtime};
use crate::tensor::tensor::Tensor;
use crate::with_buffer;

fn triangle(t: &Tensor, diagonal: i64, lower: bool) -> Result<Tensor> {
    if t.ndim() < 2 {
        return runtime(format!(
            "{}: input tensor must have at least 2 dimensions",
            if lower { "tril" } else { "triu" }
        ));
    }
    let nd = t.ndim();
    let (rows, cols) = (t.shape()[nd - 2], t.shape()[nd - 1]);
    let src = t.contiguous();
    let n = src.numel();
    let buf = src.with_cpu(|b| -> Result<_> {
        Ok(with_buffer!(b, v => {
            let v = &v[src.storage_offset()..src.storage_offset() + n];
            BufferElement::wrap(build_vec(n, |i| {
                let (r, c) = ((i / cols) % rows, i % cols);
                let keep = if lower { c as i64 - r as i64 <= diagonal } else { c as i64 - r as i64 >= diagonal };
                if keep { v[i] } else { Element::zero() }
            })?)
        }))
    })?;
    Ok(Tensor::from_buffer(buf, t.shape()))
}

impl Tensor {
    /// `tril(diagonal=0)`: keeps elements with `col - row <= diagonal`.
    pub fn tril(&self, diagonal: i64) -> Result<Tensor> {
        triangle(self, diagonal, true)
    }

    /// `triu(diagonal=0)`: keeps elements with `col - row >= diagonal`.
    pub fn triu(&self, diagonal: i64) -> Result<Tensor> {
        triangle(self, diagonal, false)
    }
}

#[cfg(test)]
mod tests {
    use crate::tensor::scalar::Scalar;
    use crate::tensor::tensor::Tensor;

    #[test]
    fn tril_triu_match_torch() {
        let x = Tensor::arange(Scalar::Int(0), Scalar::Int(9), Scalar::Int(1), None)
            .unwrap()
            .reshape(&[3, 3])
            .unwrap();
        assert_eq!(x.tril(0).unwrap().to_vec::<i64>(), vec![0, 0, 0, 3, 4, 0, 6, 7, 8]);
        assert_eq!(x.triu(1).unwrap().to_vec::<i64>(), vec![0, 1, 2, 0, 0, 5, 0, 0, 0]);
        assert_eq!(x.tril(-1).unwrap().to_vec::<i64>(), vec![0, 0, 0, 3, 0, 0, 6, 7, 0]);
        assert_eq!(
            x.t().unwrap().tril(0).unwrap().to_vec::<i64>(),
            vec![0, 0, 0, 1, 4, 0, 2, 5, 8]
        );
        let v = Tensor::arange(Scalar::Int(0), Scalar::Int(3), Scalar::Int(1), None).unwrap();
        assert_eq!(
            v.tril(0).unwrap_err().to_string(),
            "tril: input tensor must have at least 2 dimensions"
        );
    }
}
