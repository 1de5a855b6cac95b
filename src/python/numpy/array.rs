//! `numpy.ndarray`: a Python handle on an engine `Tensor`. The tensor's storage is
//! shared, so `torch.from_numpy(a)` / `t.numpy()` see each other's writes.
use rustpython_vm::builtins::{PyStrRef, PyTuple, PyType, PyTypeRef};
use rustpython_vm::function::{FuncArgs, OptionalArg};
use rustpython_vm::types::{
    AsMapping, AsNumber, Comparable, Constructor, Hashable, Iterable, Representable,
};
use rustpython_vm::{
    AsObject, Py, PyObject, PyObjectRef, PyPayload, PyRef, PyResult, VirtualMachine, pyclass,
};

use super::convert::{OrPyErr, scalar_to_py, tolist};
use super::dtype::{PyNpDType, parse_dtype};
use super::scalar::{is_scalar, make_scalar, scalar_type};
use crate::tensor::layout::Layout;
use crate::tensor::print::{ValueKind, numpy_repr, numpy_scalar_repr, numpy_str};
use crate::tensor::{DType, Scalar, Tensor};

#[pyclass(module = "numpy", name = "ndarray")]
#[derive(Debug, PyPayload)]
pub struct PyNdArray {
    pub tensor: Tensor,
}

/// How the printers format a dtype's values.
pub fn value_kind(d: DType) -> ValueKind {
    if d.is_float() {
        ValueKind::Float
    } else if d.is_bool() {
        ValueKind::Bool
    } else {
        ValueKind::Int
    }
}

/// The dtype name the printers get (NumPy has no bfloat16).
fn print_dtype(d: DType) -> &'static str {
    if d == DType::BF16 {
        "float32"
    } else {
        d.name()
    }
}

/// Python's tuple of ints.
pub fn int_tuple(v: impl IntoIterator<Item = i64>, vm: &VirtualMachine) -> PyObjectRef {
    vm.ctx
        .new_tuple(v.into_iter().map(|x| vm.ctx.new_int(x).into()).collect())
        .into()
}

/// A shape given as `f(2, 3)`, `f((2, 3))`, `f([2, 3])` or `f(6)`; -1 allowed.
pub fn parse_sizes(args: &[PyObjectRef], vm: &VirtualMachine) -> PyResult<Vec<i64>> {
    if args.len() == 1 && !args[0].class().is(vm.ctx.types.int_type) {
        if let Ok(i) = args[0].try_index(vm) {
            return Ok(vec![i.try_to_primitive(vm)?]);
        }
        let items: Vec<PyObjectRef> = args[0].try_to_value(vm)?;
        return items
            .iter()
            .map(|o| o.try_index(vm)?.try_to_primitive(vm))
            .collect();
    }
    args.iter()
        .map(|o| o.try_index(vm)?.try_to_primitive(vm))
        .collect()
}

/// A non-negative shape (`np.zeros((2, 3))`), with NumPy's error for negatives.
pub fn parse_shape(obj: &PyObject, vm: &VirtualMachine) -> PyResult<Vec<usize>> {
    let sizes = parse_sizes(std::slice::from_ref(&obj.to_owned()), vm)?;
    sizes
        .into_iter()
        .map(|s| {
            usize::try_from(s)
                .map_err(|_| vm.new_value_error("negative dimensions are not allowed"))
        })
        .collect()
}

impl PyNdArray {
    /// The `ndarray` type, made on first use (torch may ask for arrays before `import numpy`).
    pub fn type_ref() -> PyTypeRef {
        use rustpython_vm::class::PyClassImpl;
        Self::make_static_type()
    }

    /// A new `ndarray` object over `t` (same storage).
    pub fn from_tensor(t: Tensor, _vm: &VirtualMachine) -> PyObjectRef {
        PyRef::new_ref(PyNdArray { tensor: t }, Self::type_ref(), None).into()
    }

    fn str_text(&self) -> String {
        let t = &self.tensor;
        let d = t.dtype();
        numpy_str(t.shape(), value_kind(d), print_dtype(d), &|i| t.get_flat(i))
    }

    /// NumPy's reshape: -1 inferred, a view when the strides allow, else a copy.
    pub fn reshape_tensor(t: &Tensor, sizes: &[i64], vm: &VirtualMachine) -> PyResult<Tensor> {
        let n = t.numel();
        let known: i64 = sizes.iter().filter(|&&s| s != -1).product();
        let unknown = sizes.iter().filter(|&&s| s == -1).count();
        let bad = || {
            let parts: Vec<String> = sizes
                .iter()
                .map(|&s| {
                    if s == -1 {
                        "newaxis".to_string()
                    } else {
                        s.to_string()
                    }
                })
                .collect();
            let want = if parts.len() == 1 {
                format!("({},)", parts[0])
            } else {
                format!("({})", parts.join(","))
            };
            vm.new_value_error(format!(
                "cannot reshape array of size {n} into shape {want}"
            ))
        };
        if unknown > 1 {
            return Err(vm.new_value_error("can only specify one unknown dimension"));
        }
        if sizes.iter().any(|&s| s < -1) {
            return Err(vm.new_value_error("negative dimensions not allowed"));
        }
        if (unknown == 0 && known as usize != n)
            || (unknown == 1 && (known == 0 || n as i64 % known != 0))
        {
            return Err(bad());
        }
        t.reshape(sizes).or_py(vm)
    }

    /// `a.T` / `a.transpose(*axes)`.
    fn transposed(t: &Tensor, axes: Option<Vec<i64>>, vm: &VirtualMachine) -> PyResult<Tensor> {
        match axes {
            None => t.t_all().or_py(vm),
            Some(ax) => {
                if ax.len() != t.ndim() {
                    return Err(vm.new_value_error("axes don't match array"));
                }
                t.permute(&ax).or_py(vm)
            }
        }
    }

    /// `a.astype(dtype)` / `a.copy()`: a new contiguous array.
    pub fn cast_copy(t: &Tensor, d: DType, vm: &VirtualMachine) -> PyResult<Tensor> {
        Ok(Tensor::from_buffer(t.cast_values(d).or_py(vm)?, t.shape()))
    }

    /// The one element of a size-1 array as a Python scalar.
    fn only_value(t: &Tensor, what: &str, vm: &VirtualMachine) -> PyResult<Scalar> {
        if t.numel() != 1 {
            return Err(vm.new_type_error(format!(
                "only length-1 arrays can be converted to Python {what}"
            )));
        }
        Ok(t.get_flat(0))
    }
}

#[pyclass(
    with(
        Constructor,
        Representable,
        Hashable,
        AsNumber,
        AsMapping,
        Comparable,
        Iterable
    ),
    flags(BASETYPE)
)]
impl PyNdArray {
    // ---- attributes ---------------------------------------------------------

    #[pygetset]
    fn shape(&self, vm: &VirtualMachine) -> PyObjectRef {
        int_tuple(self.tensor.shape().iter().map(|&d| d as i64), vm)
    }
    #[pygetset]
    fn dtype(&self, vm: &VirtualMachine) -> PyObjectRef {
        PyNpDType::new_obj(self.tensor.dtype(), vm)
    }
    #[pygetset]
    fn ndim(&self) -> usize {
        self.tensor.ndim()
    }
    #[pygetset]
    fn size(&self) -> usize {
        self.tensor.numel()
    }
    #[pygetset]
    fn itemsize(&self) -> usize {
        self.tensor.dtype().size_bytes()
    }
    #[pygetset]
    fn nbytes(&self) -> usize {
        self.tensor.numel() * self.tensor.dtype().size_bytes()
    }
    /// Strides in bytes, as NumPy reports them.
    #[pygetset]
    fn strides(&self, vm: &VirtualMachine) -> PyObjectRef {
        let sz = self.tensor.dtype().size_bytes() as i64;
        int_tuple(self.tensor.strides().iter().map(|&s| s as i64 * sz), vm)
    }
    #[pygetset(name = "T")]
    fn t_prop(&self, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        Ok(Self::from_tensor(
            Self::transposed(&self.tensor, None, vm)?,
            vm,
        ))
    }

    // ---- shape and copies ---------------------------------------------------

    #[pymethod]
    fn reshape(&self, args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        let sizes = parse_sizes(&args.args, vm)?;
        Ok(Self::from_tensor(
            Self::reshape_tensor(&self.tensor, &sizes, vm)?,
            vm,
        ))
    }
    #[pymethod]
    fn transpose(&self, args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        let axes = if args.args.is_empty() {
            None
        } else {
            Some(parse_sizes(&args.args, vm)?)
        };
        Ok(Self::from_tensor(
            Self::transposed(&self.tensor, axes, vm)?,
            vm,
        ))
    }
    #[pymethod]
    fn flatten(&self, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        let t = Self::cast_copy(&self.tensor, self.tensor.dtype(), vm)?;
        Ok(Self::from_tensor(t.reshape(&[-1]).or_py(vm)?, vm))
    }
    #[pymethod]
    fn ravel(&self, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        Ok(Self::from_tensor(
            Self::reshape_tensor(&self.tensor, &[-1], vm)?,
            vm,
        ))
    }
    #[pymethod]
    fn squeeze(&self, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        Ok(Self::from_tensor(self.tensor.squeeze(None).or_py(vm)?, vm))
    }
    #[pymethod]
    fn copy(&self, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        Ok(Self::from_tensor(
            Self::cast_copy(&self.tensor, self.tensor.dtype(), vm)?,
            vm,
        ))
    }
    #[pymethod]
    fn __copy__(&self, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        self.copy(vm)
    }
    #[pymethod]
    fn __deepcopy__(&self, _memo: PyObjectRef, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        self.copy(vm)
    }
    #[pymethod]
    fn astype(&self, dtype: PyObjectRef, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        let d = parse_dtype(&dtype, vm)?;
        Ok(Self::from_tensor(Self::cast_copy(&self.tensor, d, vm)?, vm))
    }
    #[pymethod]
    fn fill(&self, value: PyObjectRef, vm: &VirtualMachine) -> PyResult<()> {
        super::index::assign(&self.tensor, &value, vm)
    }

    // ---- to Python ----------------------------------------------------------

    #[pymethod]
    fn tolist(&self, vm: &VirtualMachine) -> PyObjectRef {
        tolist(&self.tensor, vm)
    }
    #[pymethod]
    fn item(&self, args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        let t = &self.tensor;
        let flat = match args.args.len() {
            0 => {
                if t.numel() != 1 {
                    return Err(vm.new_value_error(
                        "can only convert an array of size 1 to a Python scalar",
                    ));
                }
                0
            }
            1 => {
                let i: i64 = args.args[0].try_index(vm)?.try_to_primitive(vm)?;
                let n = t.numel() as i64;
                let j = if i < 0 { i + n } else { i };
                if j < 0 || j >= n {
                    return Err(
                        vm.new_index_error(format!("index {i} is out of bounds for size {n}"))
                    );
                }
                j as usize
            }
            _ => {
                let idx = parse_sizes(&args.args, vm)?;
                if idx.len() != t.ndim() {
                    return Err(vm.new_value_error("incorrect number of indices for array"));
                }
                let mut flat = 0usize;
                for (k, (&i, &d)) in idx.iter().zip(t.shape()).enumerate() {
                    let j = if i < 0 { i + d as i64 } else { i };
                    if j < 0 || j >= d as i64 {
                        return Err(vm.new_index_error(format!(
                            "index {i} is out of bounds for axis {k} with size {d}"
                        )));
                    }
                    flat = flat * d + j as usize;
                }
                flat
            }
        };
        Ok(scalar_to_py(t.get_flat(flat), vm))
    }
    #[pymethod]
    fn __str__(&self) -> String {
        self.str_text()
    }
    #[pymethod]
    fn __format__(zelf: PyRef<Self>, spec: PyStrRef, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        // Scalars format like the Python number they hold; arrays only with an empty spec.
        if zelf.tensor.ndim() == 0 {
            let v = scalar_to_py(zelf.tensor.get_flat(0), vm);
            return vm.call_method(&v, "__format__", (spec,));
        }
        if spec.to_string_lossy().is_empty() {
            return Ok(vm.ctx.new_str(zelf.str_text()).into());
        }
        Err(vm.new_type_error("unsupported format string passed to numpy.ndarray.__format__"))
    }
    #[pymethod]
    fn __round__(
        &self,
        ndigits: OptionalArg<PyObjectRef>,
        vm: &VirtualMachine,
    ) -> PyResult<PyObjectRef> {
        let v = scalar_to_py(Self::only_value(&self.tensor, "scalars", vm)?, vm);
        match ndigits {
            OptionalArg::Present(n) => vm.call_method(&v, "__round__", (n,)),
            OptionalArg::Missing => vm.call_method(&v, "__round__", ()),
        }
    }
    #[pymethod]
    fn __array__(zelf: PyRef<Self>) -> PyRef<Self> {
        zelf
    }

    // ---- math ---------------------------------------------------------------

    #[pymethod]
    fn sum(&self, args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        super::reduce::reduce_method(&self.tensor, super::reduce::Reduction::Sum, args, vm)
    }
    #[pymethod]
    fn mean(&self, args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        super::reduce::reduce_method(&self.tensor, super::reduce::Reduction::Mean, args, vm)
    }
    #[pymethod]
    fn max(&self, args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        super::reduce::reduce_method(&self.tensor, super::reduce::Reduction::Max, args, vm)
    }
    #[pymethod]
    fn min(&self, args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        super::reduce::reduce_method(&self.tensor, super::reduce::Reduction::Min, args, vm)
    }
    #[pymethod]
    fn prod(&self, args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        super::reduce::reduce_method(&self.tensor, super::reduce::Reduction::Prod, args, vm)
    }
    #[pymethod]
    fn argmax(&self, args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        super::reduce::reduce_method(&self.tensor, super::reduce::Reduction::ArgMax, args, vm)
    }
    #[pymethod]
    fn argmin(&self, args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        super::reduce::reduce_method(&self.tensor, super::reduce::Reduction::ArgMin, args, vm)
    }
    #[pymethod]
    fn std(&self, args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        super::reduce::reduce_method(&self.tensor, super::reduce::Reduction::Std, args, vm)
    }
    #[pymethod]
    fn var(&self, args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        super::reduce::reduce_method(&self.tensor, super::reduce::Reduction::Var, args, vm)
    }
    #[pymethod]
    fn any(&self, args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        super::reduce::reduce_method(&self.tensor, super::reduce::Reduction::Any, args, vm)
    }
    #[pymethod]
    fn all(&self, args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        super::reduce::reduce_method(&self.tensor, super::reduce::Reduction::All, args, vm)
    }
    #[pymethod]
    fn cumsum(zelf: PyRef<Self>, args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        super::sorting::along_axis(super::sorting::AlongAxis::CumSum, prepend(zelf, args), vm)
    }
    #[pymethod]
    fn argsort(zelf: PyRef<Self>, args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        super::sorting::along_axis(super::sorting::AlongAxis::ArgSort, prepend(zelf, args), vm)
    }
    /// `a.sort()`: sorts in place.
    #[pymethod]
    fn sort(zelf: PyRef<Self>, args: FuncArgs, vm: &VirtualMachine) -> PyResult<()> {
        let t = zelf.tensor.clone();
        let sorted =
            super::sorting::along_axis(super::sorting::AlongAxis::Sort, prepend(zelf, args), vm)?;
        super::index::assign(&t, &sorted, vm)
    }
    #[pymethod]
    fn clip(zelf: PyRef<Self>, args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        super::creation::clip(prepend(zelf, args), vm)
    }
    #[pymethod]
    fn round(zelf: PyRef<Self>, args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        super::creation::round(prepend(zelf, args), vm)
    }
    #[pymethod]
    fn dot(&self, other: PyObjectRef, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        let t = &self.tensor;
        super::linalg::dot(t, &other, vm)
    }
}

impl Constructor for PyNdArray {
    type Args = FuncArgs;

    /// `np.float64(1.5)` (a scalar type: the value cast to it) or `np.ndarray(shape, dtype)`
    /// (a new zero-filled array).
    fn slot_new(cls: PyTypeRef, args: FuncArgs, vm: &VirtualMachine) -> PyResult {
        if let Some(d) = super::scalar::dtype_of_scalar_type(&cls) {
            let value = args
                .args
                .first()
                .cloned()
                .unwrap_or_else(|| vm.ctx.new_int(0).into());
            if let Ok(Some(s)) = super::convert::py_scalar(&value, vm) {
                return Ok(make_scalar(s, d, vm));
            }
            if let Some(text) = value.downcast_ref::<rustpython_vm::builtins::PyStr>() {
                let f: f64 = text.to_string_lossy().trim().parse().map_err(|_| {
                    vm.new_value_error(format!(
                        "could not convert string to float: '{}'",
                        text.to_string_lossy()
                    ))
                })?;
                return Ok(make_scalar(Scalar::Float(f), d, vm));
            }
            // An array argument: NumPy returns the array cast to the type.
            let t = super::convert::array_from_py(&value, Some(d), vm)?;
            return Ok(super::scalar::wrap_result(t, vm));
        }
        let shape = match args.args.first() {
            Some(s) => parse_shape(s, vm)?,
            None => {
                return Err(
                    vm.new_type_error("ndarray() missing required argument 'shape' (pos 0)")
                );
            }
        };
        let dtype = match args.args.get(1).or_else(|| args.kwargs.get("dtype")) {
            Some(d) => parse_dtype(d, vm)?,
            None => DType::F64,
        };
        let t = Tensor::zeros(&shape, dtype).or_py(vm)?;
        PyNdArray { tensor: t }
            .into_ref_with_type(vm, cls)
            .map(Into::into)
    }

    fn py_new(_cls: &Py<PyType>, _args: FuncArgs, vm: &VirtualMachine) -> PyResult<Self> {
        Err(vm.new_type_error("ndarray: use slot_new"))
    }
}

impl Representable for PyNdArray {
    fn repr_str(zelf: &Py<Self>, _vm: &VirtualMachine) -> PyResult<String> {
        let t = &zelf.tensor;
        let d = t.dtype();
        if is_scalar(zelf.as_object()) {
            return Ok(numpy_scalar_repr(
                value_kind(d),
                print_dtype(d),
                t.get_flat(0),
            ));
        }
        Ok(numpy_repr(t.shape(), value_kind(d), print_dtype(d), &|i| {
            t.get_flat(i)
        }))
    }
}

impl Hashable for PyNdArray {
    /// Scalars hash like the Python number they hold; arrays are unhashable.
    fn hash(zelf: &Py<Self>, vm: &VirtualMachine) -> PyResult<rustpython_vm::common::hash::PyHash> {
        if !is_scalar(zelf.as_object()) {
            return Err(vm.new_type_error("unhashable type: 'numpy.ndarray'"));
        }
        scalar_to_py(zelf.tensor.get_flat(0), vm).hash(vm)
    }
}

impl Iterable for PyNdArray {
    fn iter(zelf: PyRef<Self>, vm: &VirtualMachine) -> PyResult {
        let t = &zelf.tensor;
        if t.ndim() == 0 {
            return Err(vm.new_type_error("iteration over a 0-d array"));
        }
        let items: Vec<PyObjectRef> = if t.ndim() == 1 {
            (0..t.numel())
                .map(|i| super::scalar::scalar_at(t, i, vm))
                .collect()
        } else {
            (0..t.shape()[0])
                .map(|i| -> PyResult<PyObjectRef> {
                    Ok(Self::from_tensor(t.select(0, i as i64).or_py(vm)?, vm))
                })
                .collect::<PyResult<_>>()?
        };
        vm.ctx
            .new_list(items)
            .as_object()
            .get_iter(vm)
            .map(Into::into)
    }
}

/// `a.f(*args)` as `np.f(a, *args)`.
fn prepend(zelf: PyRef<PyNdArray>, mut args: FuncArgs) -> FuncArgs {
    args.args.insert(0, zelf.into());
    args
}

/// The layout of `t` as a NumPy-style view (used by indexing with negative steps).
pub fn view_of(t: &Tensor, layout: Layout) -> Tensor {
    t.with_layout(layout)
}

/// The scalar type object of a dtype (for `np.float64` attributes).
pub fn scalar_type_obj(d: DType, vm: &VirtualMachine) -> PyObjectRef {
    scalar_type(d, vm).into()
}

/// Whether `obj` is an ndarray or NumPy scalar (payload check, subclasses included).
pub fn is_ndarray(obj: &PyObject) -> bool {
    obj.downcast_ref::<PyNdArray>().is_some()
}

/// Used by `np.shape(x)` and friends on tuples/lists too.
pub fn shape_of(obj: &PyObject, vm: &VirtualMachine) -> PyResult<Vec<usize>> {
    if let Some(a) = obj.downcast_ref::<PyNdArray>() {
        return Ok(a.tensor.shape().to_vec());
    }
    if obj.downcast_ref::<PyTuple>().is_some() || obj.class().is(vm.ctx.types.list_type) {
        return Ok(super::convert::array_from_py(obj, None, vm)?
            .shape()
            .to_vec());
    }
    Ok(vec![])
}
