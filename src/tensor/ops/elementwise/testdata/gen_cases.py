"""Records real PyTorch results for the elementwise unit tests.

Run: /work/venv/bin/python gen_cases.py  (writes cases.txt and ulp.txt next to it).
Each case is `name<TAB>repr(result)` (newlines escaped as \\n); errors record
`ERR <ExceptionType>: <message>`. The Rust tests build the same expression and
compare their repr (or error) with the recorded text.
"""
import os
import struct
import torch
import torch.nn.functional as F

here = os.path.dirname(os.path.abspath(__file__))
x = torch.tensor([1, 4, 7, 10])
a = torch.tensor([7, -7, 8])
b = torch.tensor([2, 2, 3])
f = torch.tensor([-3.5, -1.0, 0.0, 2.25, 5.0])
g = torch.tensor([2.0, -2.0, 0.5, 1.5, -4.0])
u8 = torch.tensor([250, 3], dtype=torch.uint8)
i8 = torch.tensor([100, -128, 7], dtype=torch.int8)
bt = torch.tensor([True, False, True])
h = torch.tensor([1 / 3, 2.5, 1000.1], dtype=torch.float16)
m = torch.arange(6.).reshape(2, 3)
col = torch.tensor([[1], [2], [3]])
row = torch.tensor([[10, 20, 30, 40]])
special = torch.tensor([float('nan'), float('inf'), -float('inf'), -0.0, 0.0, 1.5, -2.5, 0.5])

cases = {
    # binary.rs
    "add_scalar": lambda: x + 10,
    "mul_scalar": lambda: x * 2,
    "sub_scalar": lambda: x - 1,
    "pow_scalar_int": lambda: x ** 2,
    "truediv_int": lambda: a / b,
    "floordiv_int": lambda: a // b,
    "rem_int": lambda: a % b,
    "floordiv_float": lambda: f // g,
    "rem_float": lambda: f % g,
    "div_trunc_int": lambda: torch.tensor([-7, 7]).div(2, rounding_mode='trunc'),
    "div_floor_int": lambda: torch.tensor([-7, 7]).div(2, rounding_mode='floor'),
    "div_trunc_float": lambda: f.div(g, rounding_mode='trunc'),
    "div_bad_mode": lambda: torch.tensor([-7, 7]).div(2, rounding_mode='bad'),
    "floordiv_zero_int": lambda: a // 0,
    "rem_zero_int": lambda: a % torch.tensor([1, 0, 1]),
    "floordiv_zero_float": lambda: f // 0,
    "broadcast_col_row": lambda: col + row,
    "broadcast_mismatch": lambda: torch.ones(3) + torch.ones(4),
    "broadcast_mismatch_2d": lambda: torch.ones(2, 3) + torch.ones(3, 2),
    "int_plus_float_tensor": lambda: torch.tensor([1, 2, 3]) + torch.tensor([0.5, 0.5, 0.5]),
    "int_plus_float_scalar": lambda: torch.tensor([1, 2, 3]) + 2.5,
    "float64_plus_float32": lambda: torch.tensor([1., 2.], dtype=torch.float64) + torch.tensor([1., 1.]),
    "int_plus_zerodim_f64": lambda: torch.tensor([1, 2]) + torch.tensor(2.5, dtype=torch.float64),
    "f16_plus_zerodim_f64": lambda: h + torch.tensor(0.1, dtype=torch.float64),
    "bool_plus_int": lambda: bt + 1,
    "bool_plus_bool": lambda: bt + torch.tensor([True, True, False]),
    "bool_mul_bool": lambda: bt * torch.tensor([True, True, False]),
    "bool_div_bool": lambda: bt / torch.tensor([True, True, False]),
    "bool_sub_bool": lambda: bt - bt,
    "bool_sub_int": lambda: bt - 1,
    "u8_wraps": lambda: u8 + 10,
    "i8_scalar_wraps": lambda: i8 + 1000,
    "i8_floordiv_big": lambda: i8 // 1000,
    "i8_mul_float": lambda: i8 * 2.5,
    "u8_floordiv_i8": lambda: torch.tensor([5], dtype=torch.uint8) // torch.tensor([2], dtype=torch.int8),
    "f16_add": lambda: h + h,
    "f16_mul_scalar": lambda: h * 0.1,
    "half_plus_float": lambda: torch.tensor([1., 2.], dtype=torch.half) + torch.tensor([1., 2.]),
    "sub_alpha_float": lambda: torch.tensor([1., 2]).sub(torch.tensor([1, 1]), alpha=2.5),
    "add_alpha_int_float_alpha": lambda: torch.tensor([1, 2]).add(torch.tensor([1, 1]), alpha=2.5),
    "add_alpha_int": lambda: torch.tensor([1, 2]).add(torch.tensor([1, 1]), alpha=3),
    "rsub_scalar": lambda: 2 - x,
    "rdiv_scalar": lambda: 1 / f,
    "pow_neg_int_scalar": lambda: x ** -1,
    "pow_tensor_neg_exp": lambda: torch.tensor([1, -1, 2, -1]) ** torch.tensor([-3, -3, -1, -2]),
    "pow_scalar_base_int": lambda: 2 ** torch.tensor([5, 0, 3]),
    "pow_float_scalar_base": lambda: 2.0 ** torch.tensor([5, -7]),
    "pow_int_float_exp": lambda: torch.tensor([5, -7]) ** 2.0,
    "pow_float_half": lambda: torch.tensor([4., 2., -1.]) ** 0.5,
    "pow_float_cube": lambda: torch.tensor([1.1, -2.3, 3.7]) ** 3,
    "pow_float_general": lambda: torch.tensor([1.1, 2.3, 3.7]) ** 1.7,
    "pow_tensor_tensor": lambda: torch.tensor([1.5, 2., 3.]) ** torch.tensor([2., 0.5, -1.]),
    "pow_bool": lambda: bt ** bt,
    "maximum_nan": lambda: torch.maximum(torch.tensor([float('nan'), 1., 3.]), torch.tensor([1., 2., 2.])),
    "minimum_int_float": lambda: torch.minimum(torch.tensor([5, -7]), torch.tensor([1., 2.])),
    "atan2_int": lambda: torch.atan2(torch.tensor([1, -1]), torch.tensor([1, -1])),
    "noncontig_add": lambda: m.t() + torch.tensor([1., 2.]),
    "zero_dim_both": lambda: torch.tensor(7) / torch.tensor(2),
    # inplace.rs
    "iadd_chain": lambda: torch.tensor([1., 2., 3.]).add_(1).mul_(2).sub_(0.5).div_(2),
    "iadd_broadcast_err": lambda: torch.zeros(3).add_(torch.ones(2, 3)),
    "iadd_expanded_err": lambda: torch.ones(3).expand(2, 3).add_(1),
    "iadd_cast_err": lambda: torch.zeros(3, dtype=torch.long).add_(1.5),
    "idiv_int_err": lambda: torch.zeros(3, dtype=torch.long).div_(2),
    "ibool_add_err": lambda: torch.zeros(3, dtype=torch.bool).add_(1),
    "iadd_f32_f64": lambda: torch.tensor([1., 2.]).add_(torch.tensor([0.1, 0.2], dtype=torch.float64)),
    "iadd_int_int32": lambda: torch.tensor([1, 2]).add_(torch.tensor([5, 6], dtype=torch.int32)),
    "copy_broadcast": lambda: torch.zeros(2, 3).copy_(torch.tensor([1, 2, 3])),
    "copy_cast": lambda: torch.zeros(2, dtype=torch.long).copy_(torch.tensor([1.7, -1.7])),
    "copy_mismatch": lambda: torch.zeros(3).copy_(torch.ones(4)),
    "copy_expanded_err": lambda: torch.ones(3).expand(2, 3).copy_(torch.ones(2, 3)),
    "fill_int_float": lambda: torch.zeros(2, dtype=torch.long).fill_(2.7),
    "fill_expanded": lambda: torch.ones(3).expand(2, 3).fill_(4),
    "fill_tensor_err": lambda: torch.zeros(2).fill_(torch.tensor([1., 2])),
    "ipow_tensor": lambda: torch.tensor([2., 3]).pow_(torch.tensor([2.])),
    "imul_int_zerodim_float": lambda: torch.tensor([2, 3]).mul_(torch.tensor(2.5)),
    # unary.rs
    "exp": lambda: torch.exp(torch.tensor([0.5, 1.0, 2.0, 3.0])),
    "log": lambda: torch.log(torch.tensor([0.5, 1.0, 2.0, 3.0])),
    "sqrt_int": lambda: torch.sqrt(torch.tensor([4, 2])),
    "sin": lambda: torch.tensor([0.5, 1.0, 2.0, 3.0]).sin(),
    "tanh": lambda: torch.tanh(torch.tensor([-2.0, -0.5, 0.0, 0.5, 2.0])),
    "sigmoid": lambda: torch.sigmoid(torch.tensor([-2.0, -0.5, 0.0, 0.5, 2.0])),
    "sigmoid_int": lambda: torch.sigmoid(torch.tensor([5, -7])),
    "exp_bool": lambda: torch.exp(bt),
    "abs_i8": lambda: torch.abs(torch.tensor([-4, -128], dtype=torch.int8)),
    "abs_bool": lambda: torch.abs(bt),
    "neg_int": lambda: -x,
    "neg_u8": lambda: -torch.tensor([200], dtype=torch.uint8),
    "neg_bool": lambda: -bt,
    "sign_float": lambda: torch.sign(special),
    "sign_int": lambda: torch.sign(torch.tensor([5, 0, -7])),
    "square_int": lambda: torch.square(torch.tensor([5, -7])),
    "square_bool": lambda: torch.square(bt),
    "reciprocal_int": lambda: torch.reciprocal(torch.tensor([5, -7])),
    "rsqrt": lambda: torch.rsqrt(torch.tensor([4., 2., 0.])),
    "log_family": lambda: torch.stack([torch.log2(g.abs()), torch.log10(g.abs()), torch.log1p(g.abs()), torch.expm1(g), torch.exp2(g)]),
    "trig_family": lambda: torch.stack([torch.cos(g), torch.tan(g), torch.sinh(g), torch.cosh(g), torch.atan(g)]),
    "inverse_trig": lambda: torch.stack([torch.asin(torch.tensor([-1., -0.5, 0., 0.3, 2.])), torch.acos(torch.tensor([-1., -0.5, 0., 0.3, 2.]))]),
    "erf": lambda: torch.erf(f),
    "isnan": lambda: torch.isnan(special),
    "isinf": lambda: torch.isinf(special),
    "isfinite": lambda: torch.isfinite(special),
    "isnan_int": lambda: torch.isnan(x),
    "exp_f16": lambda: torch.exp(h / 100),
    # activation.rs
    "relu": lambda: torch.tensor([-2.0, -0.5, 0.0, 0.5, 2.0]).relu(),
    "relu_int": lambda: torch.relu(torch.tensor([5, -7])),
    "relu_nan": lambda: torch.tensor([float('nan'), -1.]).relu(),
    "leaky_relu": lambda: F.leaky_relu(f),
    "leaky_relu_slope": lambda: F.leaky_relu(f, 0.2),
    "leaky_relu_int": lambda: F.leaky_relu(x),
    "gelu": lambda: F.gelu(f),
    "gelu_int": lambda: F.gelu(x),
    "silu": lambda: F.silu(f),
    "softplus": lambda: F.softplus(torch.tensor([-30., -1., 0., 1., 15., 25.])),
    "softplus_beta": lambda: F.softplus(torch.tensor([-3., 0., 1., 5., 12.]), beta=2, threshold=10),
    # rounding.rs
    "floor": lambda: torch.floor(special),
    "ceil": lambda: torch.ceil(g),
    "round_half_even": lambda: torch.round(torch.tensor([0.5, 1.5, 2.5, -0.5, -1.5, 1.2345])),
    "round_decimals": lambda: torch.round(torch.tensor([0.5, 1.5, 2.5, -0.5, 1.2345]), decimals=2),
    "round_decimals_neg": lambda: torch.round(torch.tensor([1234.5678, 1250.]), decimals=-2),
    "trunc": lambda: torch.trunc(g),
    "frac": lambda: torch.frac(g),
    "frac_int": lambda: torch.frac(x),
    "floor_int": lambda: torch.floor(a),
    "nan_to_num": lambda: torch.nan_to_num(special),
    "nan_to_num_args": lambda: torch.nan_to_num(special, nan=1.0, posinf=2.0),
    "nan_to_num_f16": lambda: torch.nan_to_num(special.half()),
    # compare.rs
    "eq": lambda: torch.tensor([1, 5, 3, 7]) == torch.tensor([2, 5, 1, 8]),
    "ne": lambda: torch.tensor([1, 5, 3, 7]).ne(torch.tensor([2, 5, 1, 8])),
    "lt": lambda: torch.tensor([1, 5, 3, 7]) < torch.tensor([2, 5, 1, 8]),
    "le": lambda: torch.tensor([1, 5, 3, 7]).le(torch.tensor([2, 5, 1, 8])),
    "gt": lambda: torch.tensor([1, 5, 3, 7]).gt(torch.tensor([2, 5, 1, 8])),
    "ge": lambda: torch.tensor([1, 5, 3, 7]) >= torch.tensor([2, 5, 1, 8]),
    "eq_int_float_scalar": lambda: torch.tensor([1, 2]) == 1.5,
    "lt_broadcast": lambda: col < torch.tensor([1, 2, 3]),
    "gt_nan": lambda: special > 0,
    "isclose": lambda: torch.isclose(torch.tensor([1., 2., float('nan'), float('inf')]), torch.tensor([1., 2.00001, float('nan'), float('inf')])),
    "isclose_equal_nan": lambda: torch.isclose(torch.tensor([float('nan')]), torch.tensor([float('nan')]), equal_nan=True),
    "isclose_int": lambda: torch.isclose(torch.tensor([1, 2]), torch.tensor([1, 3])),
    "isclose_dtype_err": lambda: torch.isclose(torch.tensor([1, 2]), torch.tensor([1., 2.])),
    "allclose_err": lambda: torch.allclose(torch.tensor([1., 2.]), torch.tensor([1., 2., 3])),
    # logical.rs
    "and_bool": lambda: bt & torch.tensor([True, True, False]),
    "or_bool": lambda: bt | torch.tensor([False, True, False]),
    "invert_bool": lambda: ~bt,
    "and_int": lambda: torch.tensor([1, 2]) & torch.tensor([3, 1]),
    "or_int_scalar": lambda: torch.tensor([5]) | 2,
    "xor_bool_scalar": lambda: bt ^ True,
    "and_float_err": lambda: torch.tensor([1., 2]) & torch.tensor([3, 1]),
    "invert_int": lambda: ~torch.tensor([1, -2]),
    "invert_float_err": lambda: ~torch.tensor([1.]),
    "bitwise_not_float_err": lambda: torch.bitwise_not(torch.tensor([1.])),
    "logical_and_mixed": lambda: torch.logical_and(torch.tensor([1., 0, 2]), torch.tensor([2, 2, 0])),
    "logical_or": lambda: torch.logical_or(torch.tensor([1., 0, 0]), torch.tensor([0, 0, 3])),
    "logical_xor": lambda: torch.logical_xor(torch.tensor([1., 0, 2]), torch.tensor([2, 2, 0])),
    "logical_not": lambda: torch.logical_not(torch.tensor([1., 0, float('nan')])),
    # clamp.rs
    "clamp_both": lambda: f.clamp(-1, 2),
    "clamp_min": lambda: torch.clamp(f, min=0),
    "clamp_max": lambda: f.clamp(max=1),
    "clamp_int_float_bound": lambda: torch.clamp(torch.tensor([5, -7]), 0.5),
    "clamp_tensor_bound": lambda: torch.clamp(torch.tensor([5, -7]), min=torch.tensor([0, 0])),
    "clamp_none": lambda: torch.clamp(torch.tensor([5, -7])),
    "clamp_inverted": lambda: torch.clamp(torch.tensor([1., 5.]), 3, 2),
    "clamp_bool": lambda: torch.clamp(bt, 0, 1),
    "clamp_nan_input": lambda: torch.clamp(torch.tensor([float('nan'), 1.]), 0, 0.5),
    "clamp_nan_bound": lambda: torch.clamp(torch.tensor([2., 1.]), float('nan'), 0.5),
    "clamp_tensor_nan_bound": lambda: torch.clamp(torch.tensor([2., 1.]), torch.tensor([float('nan'), 0])),
    "clamp_inplace_int_err": lambda: torch.tensor([5, -7]).clamp_(0.5),
    "clamp_inplace_tensor_err": lambda: torch.ones(2, dtype=torch.long).clamp_(torch.tensor([0.5, 1])),
    "clamp_inplace": lambda: torch.tensor([5, -7, 2]).clamp_(-1, 3),
    # where_.rs
    "where_tensors": lambda: torch.where(f > 0, f, torch.zeros_like(f)),
    "where_scalars": lambda: torch.where(f < 0, -1.0, 1.0),
    "where_int_scalars": lambda: torch.where(torch.tensor([True, False]), 1, 2),
    "where_int_float_scalar": lambda: torch.where(torch.tensor([True, False]), 1, 2.5),
    "where_tensor_scalar_promote": lambda: torch.where(torch.tensor([True, False]), torch.tensor([1, 2]), 2.5),
    "where_broadcast": lambda: torch.where(torch.tensor([True, False]), torch.tensor([1., 2]), torch.tensor([[1], [2]])),
    "where_cond_err": lambda: torch.where(torch.tensor([1, 0]), 1., 2.),
    # masked_fill.rs
    "masked_fill_row": lambda: torch.ones(2, 3).masked_fill(torch.tensor([True, False, True]), 5),
    "masked_fill_neg_inf": lambda: torch.ones(2, 3).masked_fill(torch.tensor([[True], [False]]), float('-inf')),
    "masked_fill_int_float": lambda: torch.ones(2, dtype=torch.long).masked_fill(torch.ones(2, dtype=torch.bool), 2.5),
    "masked_fill_mask_err": lambda: torch.ones(2, 3).masked_fill(torch.tensor([1, 0, 1]), 5),
    "masked_fill_value_err": lambda: torch.ones(2).masked_fill(torch.ones(2, dtype=torch.bool), torch.tensor([2., 3])),
    "masked_fill_broadcast_self": lambda: torch.tensor([1., 2.]).masked_fill(torch.tensor([[True, False], [False, True]]), 0),
    "masked_fill_inplace_err": lambda: torch.ones(2).masked_fill_(torch.ones(2, 2, dtype=torch.bool), 5),
    "masked_fill_zerodim_value": lambda: torch.tensor([1., 2]).masked_fill(torch.tensor(True), torch.tensor(3, dtype=torch.float64)),
    # cast.rs
    "long_trunc": lambda: torch.tensor([-1.7, -0.5, 0.5, 1.7]).long(),
    "int_trunc": lambda: torch.tensor([-1.7, -0.5, 0.5, 1.7]).int(),
    "to_int16": lambda: torch.tensor([-1.7, -0.5, 0.5, 1.7]).to(dtype=torch.int16),
    "double": lambda: torch.tensor([-1.7, 0.5]).double(),
    "bool_cast": lambda: torch.tensor([0, 2, 3]).bool(),
    "half_cast": lambda: torch.tensor([1 / 3, 2.5, 1000.1]).half(),
    "bf16_cast": lambda: torch.tensor([1 / 3, 2.5, 1000.1]).bfloat16(),
    "byte_wrap": lambda: torch.tensor([300, -1]).byte(),
    "char_wrap": lambda: torch.tensor([200, -129]).char(),
    "short_cast": lambda: torch.tensor([True, False]).short(),
    # matmul/ (shapes, values and errors)
    "mm_2x3_3x2": lambda: torch.arange(6.).reshape(2, 3) @ torch.arange(6.).reshape(3, 2),
    "mm_3x2_2x3": lambda: torch.arange(6.).reshape(3, 2) @ torch.arange(6.).reshape(2, 3),
    "dot_vectors": lambda: torch.tensor([1., 2., 3.]) @ torch.tensor([4., 5., 6.]),
    "mv": lambda: torch.tensor([[1., 0., 1.], [0., 2., 0.]]) @ torch.tensor([1., 2., 3.]),
    "vec_mat": lambda: torch.tensor([1., 2.]) @ torch.arange(6.).reshape(2, 3),
    "mm_transposed": lambda: torch.tensor([[1., 0., 1.], [0., 2., 0.]]).mm(torch.tensor([[1., 0., 1.], [0., 2., 0.]]).T),
    "batched_broadcast_rhs": lambda: torch.matmul(torch.arange(12.).reshape(2, 2, 3), torch.ones(3, 2)),
    "batched_both": lambda: torch.arange(12.).reshape(2, 2, 3) @ torch.arange(12.).reshape(2, 3, 2),
    "batched_broadcast_batch": lambda: torch.arange(12.).reshape(2, 1, 2, 3) @ torch.arange(18.).reshape(3, 3, 2),
    "vec_batched": lambda: torch.tensor([1., -1.]) @ torch.arange(12.).reshape(2, 2, 3),
    "batched_vec": lambda: torch.arange(12.).reshape(2, 2, 3) @ torch.tensor([1., 0., -1.]),
    "mm_int": lambda: torch.arange(6).reshape(2, 3) @ torch.arange(6).reshape(3, 2),
    "mm_int8_wraps": lambda: torch.ones(2, 2, dtype=torch.int8) @ torch.full((2, 2), 100, dtype=torch.int8),
    "mm_f16": lambda: torch.tensor([[0.1, 0.2, 0.3]], dtype=torch.float16) @ torch.tensor([[1.], [2.], [3.]], dtype=torch.float16),
    "mm_f64": lambda: torch.tensor([[0.1, 0.2]], dtype=torch.float64) @ torch.tensor([[0.3], [0.4]], dtype=torch.float64),
    "dot_int": lambda: torch.dot(torch.tensor([1, 2]), torch.tensor([3, 4])),
    "outer_promote": lambda: torch.outer(torch.tensor([1, 2]), torch.tensor([1.5, 2])),
    "addmm": lambda: torch.addmm(torch.tensor([1., 2., 3.]), torch.ones(2, 3), torch.arange(9.).reshape(3, 3)),
    "addmm_beta_alpha": lambda: torch.addmm(torch.ones(3), torch.ones(2, 3), torch.ones(3, 3), beta=0.5, alpha=2),
    "linear_manual": lambda: torch.tensor([[1., 2., 3.], [0.5, -1., 0.]]) @ torch.tensor([[0.5, -1., 2.], [1., 1., 1.]]).T + torch.tensor([0.25, -0.5]),
    "linear_3d": lambda: F.linear(torch.arange(12.).reshape(2, 2, 3), torch.tensor([[0.5, -1., 2.], [1., 1., 1.]]), torch.tensor([0.25, -0.5])),
    "linear_1d": lambda: F.linear(torch.tensor([1., 2., 3.]), torch.tensor([[0.5, -1., 2.], [1., 1., 1.]]), torch.tensor([0.25, -0.5])),
    "linear_no_bias": lambda: F.linear(torch.tensor([[1., 2., 3.]]), torch.tensor([[0.5, -1., 2.], [1., 1., 1.]])),
    "mm_empty": lambda: torch.ones(2, 0) @ torch.ones(0, 2),
    "mm_empty_rows": lambda: torch.matmul(torch.ones(0, 3), torch.ones(3, 2)),
    "err_mm_shapes": lambda: torch.ones(3, 2) @ torch.ones(3, 2),
    "err_mm_vec": lambda: torch.mm(torch.ones(3, 2), torch.ones(3)),
    "err_mm_self": lambda: torch.mm(torch.ones(3), torch.ones(3, 3)),
    "err_dot_size": lambda: torch.ones(3) @ torch.ones(4),
    "err_dot_dtype": lambda: torch.tensor([1., 2.]) @ torch.tensor([1, 2]),
    "err_dot_dims": lambda: torch.dot(torch.ones(2, 3), torch.ones(3)),
    "err_dot_bool": lambda: torch.dot(torch.tensor([True]), torch.tensor([True])),
    "err_mv_size": lambda: torch.ones(3, 2) @ torch.ones(4),
    "err_mv_dims": lambda: torch.mv(torch.ones(3), torch.ones(3)),
    "err_mv_dtype": lambda: torch.ones(2, 2) @ torch.ones(2, dtype=torch.long),
    "err_vec_mat": lambda: torch.ones(4) @ torch.ones(3, 2),
    "err_zero_dim": lambda: torch.tensor(2.) @ torch.ones(2, 2),
    "err_zero_dim_rhs": lambda: torch.ones(2) @ torch.tensor(1.),
    "err_bmm_batch2": lambda: torch.bmm(torch.ones(2, 3, 4), torch.ones(3, 4, 5)),
    "err_bmm_inner": lambda: torch.bmm(torch.ones(2, 3, 4), torch.ones(2, 5, 5)),
    "err_bmm_dims1": lambda: torch.bmm(torch.ones(3, 4), torch.ones(2, 5, 5)),
    "err_bmm_dims2": lambda: torch.bmm(torch.ones(2, 3, 4), torch.ones(5, 5)),
    "err_bmm_dtype": lambda: torch.bmm(torch.ones(2, 3, 4), torch.ones(2, 4, 5, dtype=torch.float64)),
    "err_batch_broadcast": lambda: torch.ones(2, 3, 4) @ torch.ones(3, 4, 5),
    "err_batched_vec": lambda: torch.ones(2, 3, 4) @ torch.ones(5),
    "err_vec_batched": lambda: torch.ones(5) @ torch.ones(2, 4, 3),
    "err_mat_batched": lambda: torch.ones(2, 3) @ torch.ones(2, 5, 5),
    "err_fold_mm": lambda: torch.ones(2, 3, 4) @ torch.ones(5, 2),
    "err_mm_dtype": lambda: torch.mm(torch.ones(2, 2), torch.ones(2, 2, dtype=torch.long)),
    "err_mm_bool": lambda: torch.ones(2, 2, dtype=torch.bool) @ torch.ones(2, 2, dtype=torch.bool),
    "err_outer_dims": lambda: torch.outer(torch.ones(2), torch.ones(3, 1)),
    "err_addmm_shapes": lambda: torch.addmm(torch.ones(4), torch.ones(2, 3), torch.ones(2, 4)),
    "err_addmm_bias": lambda: torch.addmm(torch.ones(2), torch.ones(2, 3), torch.ones(3, 3)),
    "err_addmm_dtype": lambda: torch.addmm(torch.ones(3, dtype=torch.float64), torch.ones(2, 3), torch.ones(3, 3)),
    "err_linear_3d": lambda: F.linear(torch.ones(5, 2, 3), torch.ones(4, 2), torch.ones(4)),
    "err_linear_bias": lambda: F.linear(torch.ones(2, 3), torch.ones(4, 3), torch.ones(3)),
}


def record(fn):
    try:
        r = fn()
        return repr(r)
    except Exception as e:  # noqa: BLE001 - we record the error text
        return f"ERR {type(e).__name__}: {e}"


with open(os.path.join(here, "cases.txt"), "w") as out:
    for name, fn in cases.items():
        out.write(name + "\t" + record(fn).replace("\\", "\\\\").replace("\n", "\\n") + "\n")

# ulp.txt: float32 inputs and torch's float32 results, as hex bits, for the
# functions whose values must match PyTorch to within about one ulp.
gen = torch.Generator().manual_seed(0)
xs = (torch.rand(300, generator=gen) * 20 - 10).float()
pos = (torch.rand(300, generator=gen) * 100).float() + 1e-3
small = (torch.rand(300, generator=gen) * 2 - 1).float()
funcs = {
    "exp": (xs, torch.exp), "log": (pos, torch.log), "tanh": (xs, torch.tanh), "sigmoid": (xs, torch.sigmoid),
    "sqrt": (pos, torch.sqrt), "sin": (xs, torch.sin), "cos": (xs, torch.cos), "log1p": (pos, torch.log1p),
    "expm1": (small, torch.expm1), "erf": (small * 3, torch.erf), "gelu": (xs, F.gelu), "silu": (xs, F.silu),
    "softplus": (xs, F.softplus), "atan": (xs, torch.atan), "log2": (pos, torch.log2),
}


def bits(t):
    return " ".join("%08x" % struct.unpack("<I", struct.pack("<f", v))[0] for v in t.tolist())


with open(os.path.join(here, "ulp.txt"), "w") as out:
    for name, (inp, fn) in funcs.items():
        out.write(f"{name}\t{bits(inp)}\t{bits(fn(inp))}\n")
