//! Loss functions as single differentiable ops, so that `loss.grad_fn` is
//! PyTorch's node (`MseLossBackward0`, `NllLossBackward0`,
//! `BinaryCrossEntropyBackward0`, `BinaryCrossEntropyWithLogitsBackward0`) and
//! the formulas are ATen's. Forward and backward are written with engine ops.
use crate::tensor::autograd::grad_math::sum_to;
use crate::tensor::autograd::node::SavedTensor;
use crate::tensor::autograd::record::record;
use crate::tensor::dtype::DType;
use crate::tensor::error::{Result, TensorError, index_err, runtime, value_err};
use crate::tensor::layout::shape_str;
use crate::tensor::tensor::Tensor;

/// `reduction=` of every loss.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reduction {
    None,
    Mean,
    Sum,
}

impl Reduction {
    pub fn parse(s: &str) -> Result<Reduction> {
        match s {
            "none" => Ok(Reduction::None),
            "mean" => Ok(Reduction::Mean),
            "sum" => Ok(Reduction::Sum),
            _ => value_err(format!("{s} is not a valid value for reduction")),
        }
    }

    /// ATen's `apply_loss_reduction`.
    fn apply(self, loss: &Tensor) -> Result<Tensor> {
        match self {
            Reduction::None => Ok(loss.clone()),
            Reduction::Mean => loss.mean(None),
            Reduction::Sum => loss.sum(None),
        }
    }

    /// The incoming gradient spread back over `n` elements (`g / n` for a mean).
    fn spread(self, g: &Tensor, n: usize) -> Result<Tensor> {
        match self {
            Reduction::Mean => g.div(n as f64),
            _ => Ok(g.clone()),
        }
    }
}

/// A binary cross-entropy's elementwise derivative times the spread incoming
/// gradient and the class weight, summed back to the input's shape.
fn weighted_grad(v: Tensor, g: &Tensor, weight: Option<&Tensor>, in_shape: &[usize]) -> Result<Tensor> {
    let v = v.mul(g)?;
    let v = match weight {
        Some(w) => v.mul(w)?,
        None => v,
    };
    sum_to(&v, in_shape)
}

fn grad_if(want: bool, f: impl FnOnce() -> Result<Tensor>) -> Result<Option<Tensor>> {
    if want { f().map(Some) } else { Ok(None) }
}

/// `F.mse_loss`: mean/sum/none of `(input - target)²`, broadcasting as PyTorch does.
pub fn mse_loss(input: &Tensor, target: &Tensor, reduction: Reduction) -> Result<Tensor> {
    let diff = input.sub(target)?;
    let out = reduction.apply(&diff.mul(&diff)?)?;
    let n = diff.numel();
    let (in_shape, t_shape) = (input.shape().to_vec(), target.shape().to_vec());
    let saved = vec![SavedTensor::input(input), SavedTensor::input(target)];
    Ok(record("MseLossBackward0", &[input, target], out, saved, move |ctx| {
        // ATen: norm * (input - target) * grad, norm = 2/n for a mean, else 2.
        let norm = if reduction == Reduction::Mean { 2.0 / n as f64 } else { 2.0 };
        let g = ctx.saved[0].sub(&ctx.saved[1])?.mul(norm)?.mul(ctx.grad)?;
        Ok(vec![grad_if(ctx.needs(0), || sum_to(&g, &in_shape))?, grad_if(ctx.needs(1), || sum_to(&g.neg()?, &t_shape))?])
    }))
}

/// Checks an `nll_loss` call as PyTorch does and brings it to a 2-D input and a
/// 1-D target.
fn nll_operands(input: &Tensor, target: &Tensor, weight: Option<&Tensor>) -> Result<(Tensor, Tensor)> {
    if input.ndim() > 2 {
        return Err(TensorError::NotImplemented(
            "nll_loss/cross_entropy over extra dimensions (input of 3 or more dims) is not supported by tensorlings yet".into(),
        ));
    }
    if input.ndim() == 0 {
        return runtime("input tensor should be 1D or 2D");
    }
    if input.ndim() == 1 && target.ndim() == 1 && target.numel() != 1 {
        return value_err(format!("For 1D input, 1D target must have size 1, but got target size: {}", target.numel()));
    }
    if target.ndim() > 1 {
        return runtime("0D or 1D target tensor expected, multi-target not supported");
    }
    if target.dtype() != DType::I64 && target.dtype() != DType::U8 {
        return runtime(format!(
            "expected target dtype to be Long or Byte, but got {}",
            crate::tensor::dtype::pretty_name(target.dtype())
        ));
    }
    if input.ndim() == 2 && input.shape()[0] != target.numel() {
        return value_err(format!(
            "Expected input batch_size ({}) to match target batch_size ({}).",
            input.shape()[0],
            target.numel()
        ));
    }
    let classes = *input.shape().last().unwrap();
    if let Some(w) = weight
        && (w.ndim() != 1 || w.numel() != classes)
    {
        return runtime(format!(
            "weight tensor should be defined either for all {classes} classes or no classes but got weight tensor of shape: {}",
            shape_str(w.shape())
        ));
    }
    let x = if input.ndim() == 1 { input.unsqueeze(0)? } else { input.clone() };
    let t = target.reshape(&[-1])?.to(DType::I64)?;
    Ok((x, t))
}

/// `F.nll_loss` on log-probabilities `(N, C)` or `(C,)`, with class weights and
/// `ignore_index`; a mean divides by the summed weights of the kept targets.
pub fn nll_loss(
    input: &Tensor,
    target: &Tensor,
    weight: Option<&Tensor>,
    reduction: Reduction,
    ignore_index: i64,
) -> Result<Tensor> {
    let (x, t) = nll_operands(input, target, weight)?;
    let classes = x.shape()[1] as i64;
    // PyTorch checks every kept target against the class count.
    for v in t.to_vec::<i64>() {
        if v != ignore_index && !(0..classes).contains(&v) {
            return index_err(format!("Target {v} is out of bounds."));
        }
    }
    let kept = t.ne(ignore_index)?;
    let safe = t.where_self(&kept, 0i64)?.unsqueeze(1)?;
    let picked = x.gather(1, &safe)?.reshape(&[-1])?;
    let mut w = kept.to(x.dtype())?;
    if let Some(weight) = weight {
        w = w.mul(&weight.to(x.dtype())?.index_select(0, &t.where_self(&kept, 0i64)?)?)?;
    }
    let losses = picked.mul(&w)?.neg()?;
    let total_weight = w.sum(None)?;
    let out = match reduction {
        Reduction::None => losses.reshape(&target.shape().iter().map(|&d| d as i64).collect::<Vec<_>>())?,
        Reduction::Sum => losses.sum(None)?,
        Reduction::Mean => losses.sum(None)?.div(&total_weight)?,
    };
    let in_shape: Vec<i64> = input.shape().iter().map(|&d| d as i64).collect();
    let saved = vec![SavedTensor::input(target)];
    Ok(record("NllLossBackward0", &[input], out, saved, move |ctx| {
        // d loss / d x[i, t_i] = -w_i * g (divided by the total weight for a mean).
        let g = match reduction {
            Reduction::None => ctx.grad.reshape(&[-1])?,
            Reduction::Sum => ctx.grad.clone(),
            Reduction::Mean => ctx.grad.div(&total_weight)?,
        };
        let rows = w.mul(&g)?.neg()?.unsqueeze(1)?;
        let zeros = Tensor::zeros(x.shape(), x.dtype())?;
        let gi = zeros.scatter(1, &safe, &rows)?.reshape(&in_shape)?;
        Ok(vec![Some(gi)])
    }))
}

/// ATen's check that a loss's target has the input's size.
fn same_size(input: &Tensor, target: &Tensor) -> Result<()> {
    if input.shape() != target.shape() {
        return value_err(format!(
            "Using a target size ({}) that is different to the input size ({}) is deprecated. Please ensure they have the same size.",
            torch_size(target.shape()),
            torch_size(input.shape())
        ));
    }
    Ok(())
}

fn torch_size(shape: &[usize]) -> String {
    let dims: Vec<String> = shape.iter().map(|d| d.to_string()).collect();
    format!("torch.Size([{}])", dims.join(", "))
}

/// `F.binary_cross_entropy` on probabilities, logs clamped at -100 as ATen does.
pub fn binary_cross_entropy(
    input: &Tensor,
    target: &Tensor,
    weight: Option<&Tensor>,
    reduction: Reduction,
) -> Result<Tensor> {
    same_size(input, target)?;
    let outside = input.lt(0.0)?.logical_or(&input.gt(1.0)?)?;
    if outside.any()?.item()?.to_f64() != 0.0 {
        return runtime("all elements of input should be between 0 and 1");
    }
    // (t - 1) * max(log1p(-x), -100) - t * max(log(x), -100)
    let log_x = input.log()?.clamp_min(-100.0)?;
    let log_1mx = input.neg()?.log1p()?.clamp_min(-100.0)?;
    let mut loss = target.sub(1.0)?.mul(&log_1mx)?.sub(&target.mul(&log_x)?)?;
    if let Some(w) = weight {
        loss = loss.mul(w)?;
    }
    let out = reduction.apply(&loss)?;
    let (n, in_shape) = (input.numel(), input.shape().to_vec());
    let weight = weight.cloned();
    let saved = vec![SavedTensor::input(input), SavedTensor::input(target)];
    Ok(record("BinaryCrossEntropyBackward0", &[input, target], out, saved, move |ctx| {
        let (x, t) = (&ctx.saved[0], &ctx.saved[1]);
        let g = reduction.spread(ctx.grad, n)?;
        let weighted = |v: Tensor| weighted_grad(v, &g, weight.as_ref(), &in_shape);
        // ATen: grad * (x - t) / max((1 - x) * x, 1e-12) * w
        let gi = grad_if(ctx.needs(0), || {
            let denom = x.neg()?.add(1.0)?.mul(x)?.clamp_min(1e-12)?;
            weighted(x.sub(t)?.div(&denom)?)
        })?;
        let gt = grad_if(ctx.needs(1), || {
            weighted(x.neg()?.log1p()?.clamp_min(-100.0)?.sub(&x.log()?.clamp_min(-100.0)?)?)
        })?;
        Ok(vec![gi, gt])
    }))
}

/// `log(sigmoid(x))`, stable for large |x|: `min(x, 0) - log1p(exp(-|x|))`.
fn log_sigmoid(x: &Tensor) -> Result<Tensor> {
    x.clamp_max(0.0)?.sub(&x.abs()?.neg()?.exp()?.log1p()?)
}

/// `F.binary_cross_entropy_with_logits`:
/// `(1 - t) * x - log_weight * log_sigmoid(x)`, `log_weight = 1 + (pos_weight - 1) * t`.
pub fn binary_cross_entropy_with_logits(
    input: &Tensor,
    target: &Tensor,
    weight: Option<&Tensor>,
    pos_weight: Option<&Tensor>,
    reduction: Reduction,
) -> Result<Tensor> {
    if input.shape() != target.shape() {
        return value_err(format!(
            "Target size ({}) must be the same as input size ({})",
            torch_size(target.shape()),
            torch_size(input.shape())
        ));
    }
    let mut log_sig = log_sigmoid(input)?;
    if let Some(pw) = pos_weight {
        log_sig = log_sig.mul(&pw.sub(1.0)?.mul(target)?.add(1.0)?)?;
    }
    let mut loss = target.neg()?.add(1.0)?.mul(input)?.sub(&log_sig)?;
    if let Some(w) = weight {
        loss = loss.mul(w)?;
    }
    let out = reduction.apply(&loss)?;
    let (n, in_shape) = (input.numel(), input.shape().to_vec());
    let (weight, pos_weight) = (weight.cloned(), pos_weight.cloned());
    let saved = vec![SavedTensor::input(input), SavedTensor::input(target)];
    Ok(record("BinaryCrossEntropyWithLogitsBackward0", &[input, target], out, saved, move |ctx| {
        let (x, t) = (&ctx.saved[0], &ctx.saved[1]);
        let g = reduction.spread(ctx.grad, n)?;
        let weighted = |v: Tensor| weighted_grad(v, &g, weight.as_ref(), &in_shape);
        let gi = grad_if(ctx.needs(0), || {
            let v = match &pos_weight {
                // ATen: (pos_weight * t + 1 - t) * sigmoid(x) - pos_weight * t
                Some(pw) => {
                    let pt = pw.mul(t)?;
                    pt.add(1.0)?.sub(t)?.mul(&x.sigmoid()?)?.sub(&pt)?
                }
                None => x.sigmoid()?.sub(t)?,
            };
            weighted(v)
        })?;
        let gt = grad_if(ctx.needs(1), || {
            let v = match &pos_weight {
                Some(pw) => x.neg()?.sub(&pw.sub(1.0)?.mul(&log_sigmoid(x)?)?)?,
                None => x.neg()?,
            };
            weighted(v)
        })?;
        Ok(vec![gi, gt])
    }))
}
