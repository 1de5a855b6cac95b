"""torch.nn.functional: the stateless forms of the layers and losses."""
import torch


def linear(input, weight, bias=None):
    return torch._C._linear(input, weight, bias)


def relu(input, inplace=False):
    return torch.relu(input)


def leaky_relu(input, negative_slope=0.01, inplace=False):
    return input.leaky_relu(negative_slope)


def gelu(input, approximate="none"):
    return input.gelu()


def sigmoid(input):
    return torch.sigmoid(input)


def tanh(input):
    return torch.tanh(input)


def softmax(input, dim=None, dtype=None):
    return torch.softmax(input, dim)


def log_softmax(input, dim=None, dtype=None):
    return torch.log_softmax(input, dim)


_CPP_NAMES = {"float32": "Float", "float64": "Double", "float16": "Half", "bfloat16": "BFloat16"}


def _cpp_name(dtype):
    return _CPP_NAMES.get(str(dtype).replace("torch.", ""), str(dtype))


_REDUCTIONS = ("none", "mean", "sum")


def _reduction(reduction):
    if reduction not in _REDUCTIONS:
        raise ValueError(f"{reduction} is not a valid value for reduction")
    return reduction


def _reduce(loss, reduction):
    if _reduction(reduction) == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    return loss


def mse_loss(input, target, size_average=None, reduce=None, reduction="mean"):
    return torch._C._mse_loss(input, target, _reduction(reduction))


def l1_loss(input, target, size_average=None, reduce=None, reduction="mean"):
    return _reduce((input - target).abs(), reduction)


def nll_loss(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction="mean"):
    return torch._C._nll_loss(input, target, weight, _reduction(reduction), ignore_index)


def cross_entropy(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None,
                  reduction="mean", label_smoothing=0.0):
    _reduction(reduction)
    class_dim = 0 if input.dim() == 1 else 1
    logp = log_softmax(input, class_dim)
    classes = input.shape[class_dim]
    if target.dtype.is_floating_point and target.shape == input.shape:
        # Class probabilities as targets.
        if label_smoothing > 0:
            target = target * (1 - label_smoothing) + label_smoothing / classes
        if weight is not None:
            logp = logp * weight
        return _reduce(-(target * logp).sum(class_dim), reduction)
    loss = nll_loss(logp, target, weight, ignore_index=ignore_index, reduction=reduction)
    if label_smoothing <= 0:
        return loss
    # PyTorch: (1 - eps) * nll + eps / C * (the negated sum of the weighted log-probabilities).
    smooth = -(logp * weight if weight is not None else logp).sum(class_dim)
    kept = target != ignore_index
    smooth = smooth.masked_fill(~kept, 0)
    if reduction == "mean":
        if weight is not None:
            smooth = smooth.sum() / weight[target.masked_fill(~kept, 0)].masked_fill(~kept, 0).sum()
        else:
            smooth = smooth.sum() / kept.sum()
    elif reduction == "sum":
        smooth = smooth.sum()
    return (1 - label_smoothing) * loss + smooth * (label_smoothing / classes)


def binary_cross_entropy(input, target, weight=None, size_average=None, reduce=None, reduction="mean"):
    if target.shape != input.shape:
        raise ValueError(
            f"Using a target size ({target.shape}) that is different to the input size ({input.shape}) is deprecated. "
            "Please ensure they have the same size."
        )
    return torch._C._binary_cross_entropy(input, target, weight, _reduction(reduction))


def binary_cross_entropy_with_logits(input, target, weight=None, size_average=None, reduce=None,
                                     reduction="mean", pos_weight=None):
    if target.shape != input.shape:
        raise ValueError(f"Target size ({target.shape}) must be the same as input size ({input.shape})")
    return torch._C._binary_cross_entropy_with_logits(input, target, weight, pos_weight, _reduction(reduction))
