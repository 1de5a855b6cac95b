//! Reductions (`sum`, `mean`, `max`, `min`, `prod`, `argmax`, `argmin`, `std`,
//! `var`, `any`, `all`) over the whole array or some axes. Float sums use NumPy's
//! pairwise summation along contiguous runs, in the array's own float type, so
//! the last bits agree with NumPy's.
use rustpython_vm::function::FuncArgs;
use rustpython_vm::{AsObject, PyObjectRef, PyResult, VirtualMachine};

use super::convert::OrPyErr;
use super::dtype::parse_dtype;
use super::scalar::wrap_result;
use crate::tensor::layout::Layout;
use crate::tensor::{DType, Scalar, Tensor};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reduction {
    Sum,
    Mean,
    Max,
    Min,
    Prod,
    ArgMax,
    ArgMin,
    Std,
    Var,
    Any,
    All,
}

impl Reduction {
    fn ufunc_name(self) -> &'static str {
        match self {
            Reduction::Max | Reduction::ArgMax => "maximum",
            Reduction::Min | Reduction::ArgMin => "minimum",
            _ => "",
        }
    }
}

/// A float type sums run in (NumPy sums float32 in float32).
trait Acc:
    Copy
    + std::ops::Add<Output = Self>
    + std::ops::Sub<Output = Self>
    + std::ops::Mul<Output = Self>
    + std::ops::Div<Output = Self>
{
    const ZERO: Self;
}
impl Acc for f64 {
    const ZERO: Self = 0.0;
}
impl Acc for f32 {
    const ZERO: Self = 0.0;
}

/// NumPy's `pairwise_sum` (numpy/_core/src/umath/loops_utils.h.src).
fn pairwise<T: Acc>(a: &[T]) -> T {
    let n = a.len();
    if n < 8 {
        let mut res = T::ZERO;
        for &x in a {
            res = res + x;
        }
        res
    } else if n <= 128 {
        let mut r = [a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7]];
        let mut i = 8;
        while i < n - (n % 8) {
            for j in 0..8 {
                r[j] = r[j] + a[i + j];
            }
            i += 8;
        }
        let mut res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        while i < n {
            res = res + a[i];
            i += 1;
        }
        res
    } else {
        let mut n2 = n / 2;
        n2 -= n2 % 8;
        pairwise(&a[..n2]) + pairwise(&a[n2..])
    }
}

/// The axes to reduce, wrapped, with NumPy's AxisError text.
fn parse_axes(
    axis: Option<&PyObjectRef>,
    ndim: usize,
    vm: &VirtualMachine,
) -> PyResult<Option<Vec<usize>>> {
    let Some(axis) = axis.filter(|a| !vm.is_none(a)) else {
        return Ok(None);
    };
    let raw: Vec<i64> = match axis.try_index(vm) {
        Ok(i) => vec![i.try_to_primitive(vm)?],
        Err(_) => {
            let items: Vec<PyObjectRef> = axis.try_to_value(vm)?;
            items
                .iter()
                .map(|o| o.try_index(vm)?.try_to_primitive(vm))
                .collect::<PyResult<_>>()?
        }
    };
    let mut out = Vec::new();
    for a in raw {
        let n = ndim as i64;
        if a < -n || a >= n {
            return Err(axis_error(
                format!("axis {a} is out of bounds for array of dimension {ndim}"),
                vm,
            ));
        }
        let w = if a < 0 { a + n } else { a } as usize;
        if out.contains(&w) {
            return Err(vm.new_value_error("duplicate value in 'axis'"));
        }
        out.push(w);
    }
    out.sort_unstable();
    Ok(Some(out))
}

thread_local! {
    static AXIS_ERROR: std::cell::OnceCell<rustpython_vm::builtins::PyTypeRef> = const { std::cell::OnceCell::new() };
}

/// NumPy's `AxisError` (both a ValueError and an IndexError).
pub fn axis_error(msg: String, vm: &VirtualMachine) -> rustpython_vm::builtins::PyBaseExceptionRef {
    let t = AXIS_ERROR.with(|c| {
        c.get_or_init(|| {
            let bases = vec![
                vm.ctx.exceptions.value_error.to_owned(),
                vm.ctx.exceptions.index_error.to_owned(),
            ];
            vm.ctx
                .new_exception_type("numpy.exceptions", "AxisError", Some(bases))
        })
        .clone()
    });
    vm.new_exception_msg(t, msg.into())
}

/// For each output position, the row-major positions of the reduced elements:
/// the layout of one "group" and the offsets at which groups start.
struct Groups {
    out_shape: Vec<usize>,
    keep_shape: Vec<usize>,
    /// A view over the kept dims (one element per output) and one over the reduced dims.
    kept: Layout,
    reduced: Layout,
}

fn groups(t: &Tensor, axes: &[usize]) -> Groups {
    let l = t.layout();
    let (mut ks, mut kst, mut rs, mut rst) = (vec![], vec![], vec![], vec![]);
    let mut keep_shape = vec![];
    for d in 0..l.ndim() {
        if axes.contains(&d) {
            rs.push(l.shape[d]);
            rst.push(l.strides[d]);
            keep_shape.push(1);
        } else {
            ks.push(l.shape[d]);
            kst.push(l.strides[d]);
            keep_shape.push(l.shape[d]);
        }
    }
    Groups {
        out_shape: ks.clone(),
        keep_shape,
        kept: Layout {
            shape: ks,
            strides: kst,
            offset: l.offset,
        },
        reduced: Layout {
            shape: rs,
            strides: rst,
            offset: 0,
        },
    }
}

/// The whole array in NumPy's iteration order for a full reduction (memory order:
/// axes sorted by stride, so a transposed array is summed as stored).
fn memory_order(t: &Tensor) -> Tensor {
    let l = t.layout();
    let mut dims: Vec<usize> = (0..l.ndim()).collect();
    dims.sort_by_key(|&d| std::cmp::Reverse(l.strides[d].unsigned_abs()));
    let mut p = l.permute(&dims);
    for d in 0..p.ndim() {
        if p.strides[d] < 0 && p.shape[d] > 0 {
            p.offset = (p.offset as isize + (p.shape[d] as isize - 1) * p.strides[d]) as usize;
            p.strides[d] = -p.strides[d];
        }
    }
    t.with_layout(p)
}

/// Sums each group of `values` (laid out as groups of `g` consecutive values).
fn float_sums<T: Acc>(values: &[T], g: usize, pairwise_ok: bool) -> Vec<T> {
    if g == 0 {
        return vec![T::ZERO; values.len()];
    }
    values
        .chunks(g)
        .map(|c| {
            if pairwise_ok {
                pairwise(c)
            } else {
                c.iter().fold(T::ZERO, |acc, &x| acc + x)
            }
        })
        .collect()
}

/// Values of `t` grouped per output element: `groups` consecutive runs of `g`.
fn grouped<U: crate::tensor::buffer::BufferElement>(t: &Tensor, gr: &Groups) -> Vec<U> {
    let mut l = Layout {
        shape: gr.kept.shape.clone(),
        strides: gr.kept.strides.clone(),
        offset: gr.kept.offset,
    };
    l.shape.extend_from_slice(&gr.reduced.shape);
    l.strides.extend_from_slice(&gr.reduced.strides);
    t.with_layout(l).to_vec::<U>()
}

/// The reduced values as f64 sums in the dtype's float type (`acc`).
fn sums(t: &Tensor, gr: &Groups, acc: DType, trailing: bool) -> Vec<f64> {
    let g: usize = gr.reduced.shape.iter().product();
    if acc == DType::F32 || acc == DType::F16 {
        let v = grouped::<f32>(t, gr);
        float_sums(&v, g, trailing)
            .into_iter()
            .map(|x| x as f64)
            .collect()
    } else {
        let v = grouped::<f64>(t, gr);
        float_sums(&v, g, trailing)
    }
}

/// Reduces `t` over `axes` (None: all), giving a tensor of the output shape.
pub fn reduce(
    t: &Tensor,
    r: Reduction,
    axes: Option<Vec<usize>>,
    ddof: f64,
    dtype: Option<DType>,
    vm: &VirtualMachine,
) -> PyResult<Tensor> {
    let whole = axes.is_none();
    let axes = axes.unwrap_or_else(|| (0..t.ndim()).collect());
    let src = if whole { memory_order(t) } else { t.clone() };
    let axes = if whole {
        (0..src.ndim()).collect()
    } else {
        axes
    };
    let gr = groups(&src, &axes);
    let g: usize = gr.reduced.shape.iter().product();
    let n_out: usize = gr.out_shape.iter().product();
    let d = src.dtype();
    // Pairwise runs only along the contiguous trailing axes (NumPy's inner loop).
    let trailing = axes
        .iter()
        .enumerate()
        .all(|(k, &a)| a == src.ndim() - axes.len() + k)
        && src.is_contiguous();
    if g == 0
        && matches!(
            r,
            Reduction::Max | Reduction::Min | Reduction::ArgMax | Reduction::ArgMin
        )
    {
        let what = if matches!(r, Reduction::ArgMax | Reduction::ArgMin) {
            format!(
                "attempt to get {} of an empty sequence",
                if r == Reduction::ArgMax {
                    "argmax"
                } else {
                    "argmin"
                }
            )
        } else {
            format!(
                "zero-size array to reduction operation {} which has no identity",
                r.ufunc_name()
            )
        };
        return Err(vm.new_value_error(what));
    }
    let out_shape = gr.out_shape.clone();
    let make =
        |vals: Vec<Scalar>, dt: DType| Tensor::from_scalars(&vals, &out_shape, Some(dt)).or_py(vm);
    match r {
        Reduction::Sum | Reduction::Prod => {
            // Bools and ints accumulate in int64 (NumPy's uint64 for unsigned is not an engine dtype).
            let out_dt = dtype.unwrap_or(if d.is_float() { d } else { DType::I64 });
            if out_dt.is_float() {
                let src = if d == out_dt {
                    src.clone()
                } else {
                    Tensor::from_buffer(src.cast_values(out_dt).or_py(vm)?, src.shape())
                };
                if r == Reduction::Sum {
                    let s = sums(&src, &gr, out_dt, trailing);
                    return make(s.into_iter().map(Scalar::Float).collect(), out_dt);
                }
                let v = grouped::<f64>(&src, &gr);
                let p: Vec<Scalar> = if g == 0 {
                    vec![Scalar::Float(1.0); n_out]
                } else {
                    v.chunks(g)
                        .map(|c| Scalar::Float(c.iter().product()))
                        .collect()
                };
                return make(p, out_dt);
            }
            let v = grouped::<i64>(&src, &gr);
            let p: Vec<Scalar> = (0..n_out)
                .map(|o| {
                    let c = &v[o * g..o * g + g];
                    Scalar::Int(if r == Reduction::Sum {
                        c.iter().fold(0i64, |a, &x| a.wrapping_add(x))
                    } else {
                        c.iter().fold(1i64, |a, &x| a.wrapping_mul(x))
                    })
                })
                .collect();
            make(p, out_dt)
        }
        Reduction::Mean | Reduction::Var | Reduction::Std => {
            // Ints and bools average in float64; float16 in float32 (rounded back at the end).
            let acc = dtype.unwrap_or(if d.is_float() { d } else { DType::F64 });
            let acc_c = if acc == DType::F16 { DType::F32 } else { acc };
            let src_c = if d == acc_c {
                src.clone()
            } else {
                Tensor::from_buffer(src.cast_values(acc_c).or_py(vm)?, src.shape())
            };
            let s = sums(&src_c, &gr, acc_c, trailing);
            let round = |x: f64| {
                if acc_c == DType::F32 {
                    x as f32 as f64
                } else {
                    x
                }
            };
            let means: Vec<f64> = s.iter().map(|&x| round(x / g as f64)).collect();
            if r == Reduction::Mean {
                return make(means.into_iter().map(Scalar::Float).collect(), acc);
            }
            // NumPy's _var: x = a - mean; sum(x * x) / (n - ddof).
            let v = grouped::<f64>(&src_c, &gr);
            let sq: Vec<f64> = (0..n_out * g)
                .map(|i| {
                    let x = round(v[i] - means[i / g.max(1)]);
                    round(x * x)
                })
                .collect();
            let ssq: Vec<f64> = if acc_c == DType::F32 {
                let f: Vec<f32> = sq.iter().map(|&x| x as f32).collect();
                float_sums(&f, g, trailing)
                    .into_iter()
                    .map(|x| x as f64)
                    .collect()
            } else {
                float_sums(&sq, g, trailing)
            };
            let dof = (g as f64 - ddof).max(0.0);
            let out: Vec<Scalar> = ssq
                .into_iter()
                .map(|x| {
                    let var = round(x / dof);
                    Scalar::Float(if r == Reduction::Std {
                        round(var.sqrt())
                    } else {
                        var
                    })
                })
                .collect();
            make(out, acc)
        }
        Reduction::Max | Reduction::Min => {
            let is_max = r == Reduction::Max;
            let out: Vec<Scalar> = if d.is_float() {
                let v = grouped::<f64>(&src, &gr);
                v.chunks(g)
                    .map(|c| {
                        Scalar::Float(c.iter().copied().fold(c[0], |a, x| {
                            if a.is_nan() || x.is_nan() {
                                f64::NAN
                            } else if (x > a) == is_max && x != a {
                                x
                            } else {
                                a
                            }
                        }))
                    })
                    .collect()
            } else {
                let v = grouped::<i64>(&src, &gr);
                v.chunks(g)
                    .map(|c| {
                        Scalar::Int(if is_max {
                            *c.iter().max().unwrap()
                        } else {
                            *c.iter().min().unwrap()
                        })
                    })
                    .collect()
            };
            make(out, d)
        }
        Reduction::ArgMax | Reduction::ArgMin => {
            let is_max = r == Reduction::ArgMax;
            let v = grouped::<f64>(&src, &gr);
            let out: Vec<Scalar> = v
                .chunks(g)
                .map(|c| {
                    let mut best = 0;
                    for (i, &x) in c.iter().enumerate() {
                        let b = c[best];
                        if b.is_nan() {
                            break;
                        }
                        if x.is_nan() || (is_max && x > b) || (!is_max && x < b) {
                            best = i;
                        }
                    }
                    Scalar::Int(best as i64)
                })
                .collect();
            make(out, DType::I64)
        }
        Reduction::Any | Reduction::All => {
            let v = grouped::<bool>(&src, &gr);
            let out: Vec<Scalar> = (0..n_out)
                .map(|o| {
                    let c = &v[o * g..o * g + g];
                    Scalar::Bool(if r == Reduction::Any {
                        c.iter().any(|&x| x)
                    } else {
                        c.iter().all(|&x| x)
                    })
                })
                .collect();
            make(out, DType::Bool)
        }
    }
}

/// `a.sum(axis=None, dtype=None, out=None, keepdims=False)` and friends.
pub fn reduce_method(
    t: &Tensor,
    r: Reduction,
    args: FuncArgs,
    vm: &VirtualMachine,
) -> PyResult<PyObjectRef> {
    let kw = |name: &str, pos: usize| {
        args.kwargs
            .get(name)
            .or_else(|| args.args.get(pos))
            .cloned()
    };
    let axis = kw("axis", 0);
    // argmax/argmin take (axis, out); the others (axis, dtype, out, keepdims).
    let is_arg = matches!(r, Reduction::ArgMax | Reduction::ArgMin);
    let dtype = if is_arg {
        None
    } else {
        kw("dtype", 1).filter(|d| !vm.is_none(d))
    };
    let dtype = dtype.map(|d| parse_dtype(&d, vm)).transpose()?;
    let keepdims = match args.kwargs.get("keepdims") {
        Some(k) => k.clone().try_to_bool(vm)?,
        None => false,
    };
    let ddof = match args.kwargs.get("ddof") {
        Some(k) => k.try_float(vm)?.to_f64(),
        None => 0.0,
    };
    if is_arg
        && axis.as_ref().is_some_and(|a| !vm.is_none(a))
        && a_is_tuple(axis.as_ref().unwrap(), vm)
    {
        return Err(vm.new_type_error("'tuple' object cannot be interpreted as an integer"));
    }
    let axes = parse_axes(axis.as_ref(), t.ndim(), vm)?;
    let all_axes: Vec<usize> = axes.clone().unwrap_or_else(|| (0..t.ndim()).collect());
    let out = reduce(t, r, axes, ddof, dtype, vm)?;
    let out = if keepdims {
        let gr = groups(t, &all_axes);
        out.reshape(&gr.keep_shape.iter().map(|&x| x as i64).collect::<Vec<_>>())
            .or_py(vm)?
    } else {
        out
    };
    if let Some(o) = args.kwargs.get("out").filter(|o| !vm.is_none(o)) {
        return super::ufunc::write_out("add", &out, o, vm);
    }
    Ok(wrap_result(out, vm))
}

fn a_is_tuple(o: &PyObjectRef, vm: &VirtualMachine) -> bool {
    o.class().is(vm.ctx.types.tuple_type)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairwise_matches_numpy_sums() {
        // np.sum(np.arange(200) * 0.1) == 1990.0 (numpy 2.4); Python's left-to-right
        // sum of the same values gives 1990.0000000000002.
        let v: Vec<f64> = (0..200).map(|i| i as f64 * 0.1).collect();
        assert_eq!(pairwise(&v), 1990.0);
        let naive = v.iter().fold(0.0, |a, &x| a + x);
        assert_eq!(naive, 1990.0000000000002);
    }
}
