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


def _reduce(loss, reduction):
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    if reduction == "none":
        return loss
    raise ValueError(f"{reduction} is not a valid value for reduction")


def mse_loss(input, target, reduction="mean"):
    return _reduce((input - target) ** 2, reduction)


def l1_loss(input, target, reduction="mean"):
    return _reduce((input - target).abs(), reduction)


def nll_loss(input, target, reduction="mean"):
    if target.dtype.is_floating_point:
        raise RuntimeError(f"expected scalar type Long but found {_cpp_name(target.dtype)}")
    picked = -input.gather(1, target.unsqueeze(1)).squeeze(1)
    return _reduce(picked, reduction)


def cross_entropy(input, target, reduction="mean"):
    if input.dim() == 1:
        return nll_loss(log_softmax(input.unsqueeze(0), 1), target.unsqueeze(0), reduction)
    if target.dtype.is_floating_point:
        if target.shape != input.shape:
            raise RuntimeError(f"expected target dtype to be Long or Byte, but got {_cpp_name(target.dtype)}")
        # Class probabilities as targets.
        return _reduce(-(target * log_softmax(input, 1)).sum(1), reduction)
    return nll_loss(log_softmax(input, 1), target, reduction)


def binary_cross_entropy(input, target, reduction="mean"):
    loss = -(target * input.log().clamp(min=-100) + (1 - target) * (1 - input).log().clamp(min=-100))
    return _reduce(loss, reduction)


def binary_cross_entropy_with_logits(input, target, reduction="mean"):
    # max(x, 0) - x*t + log(1 + exp(-|x|)): stable for large |x|.
    loss = input.clamp(min=0) - input * target + (-input.abs()).exp().log1p()
    return _reduce(loss, reduction)
