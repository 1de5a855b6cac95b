//! A native `numpy` module for the embedded interpreter: the part of NumPy the
//! lessons use, over the engine's `Tensor` (so arrays share storage with torch
//! tensors both ways).
//!
//! Register it with the interpreter as the native module `"numpy"` whose
//! definition is [`module_def`]; `numpy.random` comes with it.
pub mod array;
pub mod convert;
pub mod creation;
pub mod dtype;
pub mod index;
pub mod linalg;
pub mod number;
pub mod random;
pub mod reduce;
pub mod scalar;
pub mod sorting;
pub mod ufunc;

#[cfg(test)]
mod tests;

use rustpython_vm::builtins::{PyModule, PyModuleDef};
use rustpython_vm::{Context, PyObject, PyObjectRef, PyRef, PyResult, VirtualMachine};

use crate::tensor::Tensor;

/// The module definition to register under the name `"numpy"`.
pub fn module_def(ctx: &Context) -> &'static PyModuleDef {
    numpy_module::module_def(ctx)
}

/// Builds a ready `numpy` module object (for embedding without the registry).
pub fn make_module(vm: &VirtualMachine) -> PyResult<PyRef<PyModule>> {
    let def = module_def(&vm.ctx);
    let module = def.create_module(vm)?;
    def.exec_module(vm, &module)?;
    Ok(module)
}

/// An `ndarray` over `t` (same storage: writes through either are seen by both).
/// A 0-d tensor gives a 0-d array, as `torch.tensor(1.).numpy()` does.
pub fn ndarray_from_tensor(vm: &VirtualMachine, t: Tensor) -> PyObjectRef {
    array::PyNdArray::from_tensor(t, vm)
}

/// The tensor behind an `ndarray` (or NumPy scalar), sharing its storage.
pub fn tensor_of_ndarray(obj: &PyObject) -> Option<Tensor> {
    obj.downcast_ref::<array::PyNdArray>()
        .map(|a| a.tensor.clone())
}

/// How the torch binding makes and reads `torch.Tensor` objects: set once at start-up
/// with `set_torch_bridge(PyTensor::wrap, PyTensor::of)`. numpy does not depend on
/// torch; with the bridge it offers the hooks `numpy._to_torch(a)` (the tensor sharing
/// `a`'s memory, or None for a non-array) and `numpy._from_torch(t)` (the array
/// sharing `t`'s memory), and `np.array(t)` copies a tensor's values.
pub type WrapTensorFn = fn(&VirtualMachine, Tensor) -> PyObjectRef;
pub type TensorOfFn = fn(&PyObject) -> Option<Tensor>;
static TORCH_BRIDGE: std::sync::OnceLock<(WrapTensorFn, TensorOfFn)> = std::sync::OnceLock::new();

/// Connects numpy to the torch binding (the first call wins).
pub fn set_torch_bridge(wrap: WrapTensorFn, tensor_of: TensorOfFn) {
    let _ = TORCH_BRIDGE.set((wrap, tensor_of));
}

/// The engine tensor of a `torch.Tensor` object, when the bridge is set.
pub fn tensor_of_torch(obj: &PyObject) -> Option<Tensor> {
    TORCH_BRIDGE.get().and_then(|(_, of)| of(obj))
}

#[rustpython_vm::pymodule(name = "numpy")]
mod numpy_module {
    use rustpython_vm::builtins::PyModule;
    use rustpython_vm::function::FuncArgs;
    use rustpython_vm::{AsObject, Py, PyObjectRef, PyResult, VirtualMachine};

    use super::array::{PyNdArray, int_tuple};
    use super::convert::as_tensor;
    use super::dtype::PyNpDType;
    use super::reduce::{Reduction, reduce_method};
    use super::scalar::{SCALAR_NAMES, scalar_type, wrap_result};
    use super::ufunc::{BinOp, UnOp, binary, operand, unary, write_out};

    #[pyattr(name = "pi")]
    const PI: f64 = std::f64::consts::PI;
    #[pyattr(name = "e")]
    const E: f64 = std::f64::consts::E;
    #[pyattr(name = "inf")]
    const INF: f64 = f64::INFINITY;
    #[pyattr(name = "nan")]
    const NAN: f64 = f64::NAN;
    #[pyattr(name = "__version__")]
    const VERSION: &str = "2.4.6";

    #[pyattr]
    fn newaxis(vm: &VirtualMachine) -> PyObjectRef {
        vm.ctx.none()
    }
    #[pyattr]
    fn ndarray(_vm: &VirtualMachine) -> PyObjectRef {
        PyNdArray::type_ref().into()
    }
    #[pyattr(name = "dtype")]
    fn dtype_type(_vm: &VirtualMachine) -> PyObjectRef {
        use rustpython_vm::class::PyClassImpl;
        PyNpDType::make_static_type().into()
    }

    pub(crate) fn module_exec(vm: &VirtualMachine, module: &Py<PyModule>) -> PyResult<()> {
        __module_exec(vm, module);
        for (name, d) in SCALAR_NAMES {
            module
                .as_object()
                .set_attr(*name, scalar_type(*d, vm), vm)?;
        }
        let t = super::scalar::make_scalar(
            crate::tensor::Scalar::Bool(true),
            crate::tensor::DType::Bool,
            vm,
        );
        module.as_object().set_attr("True_", t, vm)?;
        let f = super::scalar::make_scalar(
            crate::tensor::Scalar::Bool(false),
            crate::tensor::DType::Bool,
            vm,
        );
        module.as_object().set_attr("False_", f, vm)?;
        // `np.random` is a submodule, importable as `numpy.random` too.
        let def = super::random::module_def(&vm.ctx);
        let random = def.create_module(vm)?;
        def.exec_module(vm, &random)?;
        module.as_object().set_attr("random", random.clone(), vm)?;
        vm.sys_module
            .get_attr("modules", vm)?
            .set_item("numpy.random", random.into(), vm)?;
        Ok(())
    }

    // ---- creation (see creation.rs) -----------------------------------------

    #[pyfunction]
    fn array(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        super::creation::array(args, true, vm)
    }
    #[pyfunction]
    fn asarray(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        super::creation::array(args, false, vm)
    }
    #[pyfunction]
    fn zeros(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        super::creation::filled(args, Some(0.0), vm)
    }
    #[pyfunction]
    fn empty(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        super::creation::filled(args, Some(0.0), vm)
    }
    #[pyfunction]
    fn ones(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        super::creation::filled(args, Some(1.0), vm)
    }
    #[pyfunction]
    fn full(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        super::creation::filled(args, None, vm)
    }
    #[pyfunction]
    fn zeros_like(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        super::creation::like(args, Some(0.0), vm)
    }
    #[pyfunction]
    fn empty_like(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        super::creation::like(args, Some(0.0), vm)
    }
    #[pyfunction]
    fn ones_like(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        super::creation::like(args, Some(1.0), vm)
    }
    #[pyfunction]
    fn full_like(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        super::creation::like(args, None, vm)
    }
    #[pyfunction]
    fn arange(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        super::creation::arange(args, vm)
    }
    #[pyfunction]
    fn linspace(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        super::creation::linspace(args, vm)
    }
    #[pyfunction]
    fn eye(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        super::creation::eye(args, vm)
    }
    #[pyfunction]
    fn concatenate(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        super::creation::concatenate(args, false, vm)
    }
    #[pyfunction]
    fn stack(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        super::creation::concatenate(args, true, vm)
    }

    // ---- shape --------------------------------------------------------------

    fn arr_arg(args: &FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        let a = args
            .args
            .first()
            .or_else(|| args.kwargs.get("a"))
            .ok_or_else(|| vm.new_type_error("missing the array argument"))?;
        Ok(PyNdArray::from_tensor(as_tensor(a, None, vm)?, vm))
    }

    fn method(args: FuncArgs, name: &str, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        let a = arr_arg(&args, vm)?;
        let rest = FuncArgs::new(
            args.args.into_iter().skip(1).collect::<Vec<_>>(),
            rustpython_vm::function::KwArgs::new(
                args.kwargs.into_iter().filter(|(k, _)| k != "a").collect(),
            ),
        );
        vm.call_method(&a, name, rest)
    }

    #[pyfunction]
    fn reshape(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        method(args, "reshape", vm)
    }
    #[pyfunction]
    fn transpose(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        method(args, "transpose", vm)
    }
    #[pyfunction]
    fn squeeze(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        method(args, "squeeze", vm)
    }
    #[pyfunction]
    fn copy(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        method(args, "copy", vm)
    }
    #[pyfunction]
    fn shape(a: PyObjectRef, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        Ok(int_tuple(
            as_tensor(&a, None, vm)?.shape().iter().map(|&d| d as i64),
            vm,
        ))
    }
    #[pyfunction]
    fn ndim(a: PyObjectRef, vm: &VirtualMachine) -> PyResult<usize> {
        Ok(as_tensor(&a, None, vm)?.ndim())
    }
    #[pyfunction]
    fn size(a: PyObjectRef, vm: &VirtualMachine) -> PyResult<usize> {
        Ok(as_tensor(&a, None, vm)?.numel())
    }

    // ---- ufuncs -------------------------------------------------------------

    fn binary_ufunc(op: BinOp, args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        if args.args.len() < 2 {
            return Err(vm.new_type_error(format!(
                "{}() takes from 2 to 3 positional arguments but {} were given",
                op.ufunc_name(),
                args.args.len()
            )));
        }
        let (a, b) = (operand(&args.args[0], vm)?, operand(&args.args[1], vm)?);
        let r = binary(op, &a, &b, vm)?;
        match args
            .kwargs
            .get("out")
            .or_else(|| args.args.get(2))
            .filter(|o| !vm.is_none(o))
        {
            Some(out) => {
                // `out=(arr,)` is accepted as well as `out=arr`.
                let out = match out.downcast_ref::<rustpython_vm::builtins::PyTuple>() {
                    Some(t) if t.len() == 1 => t.as_slice()[0].clone(),
                    _ => out.clone(),
                };
                write_out(op.ufunc_name(), &r, &out, vm)
            }
            None => Ok(wrap_result(r, vm)),
        }
    }

    fn unary_ufunc(op: UnOp, args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        let x = args.args.first().ok_or_else(|| {
            vm.new_type_error(format!(
                "{}() takes from 1 to 2 positional arguments but 0 were given",
                op.ufunc_name()
            ))
        })?;
        let r = unary(op, &operand(x, vm)?, vm)?;
        match args
            .kwargs
            .get("out")
            .or_else(|| args.args.get(1))
            .filter(|o| !vm.is_none(o))
        {
            Some(out) => write_out(op.ufunc_name(), &r, out, vm),
            None => Ok(wrap_result(r, vm)),
        }
    }

    #[pyfunction]
    fn add(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        binary_ufunc(BinOp::Add, args, vm)
    }
    #[pyfunction]
    fn subtract(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        binary_ufunc(BinOp::Sub, args, vm)
    }
    #[pyfunction]
    fn multiply(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        binary_ufunc(BinOp::Mul, args, vm)
    }
    #[pyfunction]
    fn divide(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        binary_ufunc(BinOp::Div, args, vm)
    }
    #[pyfunction]
    fn true_divide(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        binary_ufunc(BinOp::Div, args, vm)
    }
    #[pyfunction]
    fn floor_divide(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        binary_ufunc(BinOp::FloorDiv, args, vm)
    }
    #[pyfunction]
    fn remainder(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        binary_ufunc(BinOp::Mod, args, vm)
    }
    #[pyfunction]
    fn power(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        binary_ufunc(BinOp::Pow, args, vm)
    }
    #[pyfunction]
    fn maximum(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        binary_ufunc(BinOp::Maximum, args, vm)
    }
    #[pyfunction]
    fn minimum(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        binary_ufunc(BinOp::Minimum, args, vm)
    }
    #[pyfunction]
    fn equal(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        binary_ufunc(BinOp::Eq, args, vm)
    }
    #[pyfunction]
    fn not_equal(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        binary_ufunc(BinOp::Ne, args, vm)
    }
    #[pyfunction]
    fn less(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        binary_ufunc(BinOp::Lt, args, vm)
    }
    #[pyfunction]
    fn less_equal(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        binary_ufunc(BinOp::Le, args, vm)
    }
    #[pyfunction]
    fn greater(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        binary_ufunc(BinOp::Gt, args, vm)
    }
    #[pyfunction]
    fn greater_equal(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        binary_ufunc(BinOp::Ge, args, vm)
    }
    #[pyfunction]
    fn logical_and(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        binary_ufunc(BinOp::And, args, vm)
    }
    #[pyfunction]
    fn logical_or(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        binary_ufunc(BinOp::Or, args, vm)
    }
    #[pyfunction]
    fn bitwise_and(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        binary_ufunc(BinOp::And, args, vm)
    }
    #[pyfunction]
    fn bitwise_or(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        binary_ufunc(BinOp::Or, args, vm)
    }
    #[pyfunction(name = "mod")]
    fn mod_(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        binary_ufunc(BinOp::Mod, args, vm)
    }

    #[pyfunction]
    fn negative(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        unary_ufunc(UnOp::Neg, args, vm)
    }
    #[pyfunction]
    fn positive(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        unary_ufunc(UnOp::Pos, args, vm)
    }
    #[pyfunction]
    fn absolute(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        unary_ufunc(UnOp::Abs, args, vm)
    }
    #[pyfunction]
    fn sqrt(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        unary_ufunc(UnOp::Sqrt, args, vm)
    }
    #[pyfunction]
    fn exp(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        unary_ufunc(UnOp::Exp, args, vm)
    }
    #[pyfunction]
    fn log(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        unary_ufunc(UnOp::Log, args, vm)
    }
    #[pyfunction]
    fn log2(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        unary_ufunc(UnOp::Log2, args, vm)
    }
    #[pyfunction]
    fn log10(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        unary_ufunc(UnOp::Log10, args, vm)
    }
    #[pyfunction]
    fn sin(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        unary_ufunc(UnOp::Sin, args, vm)
    }
    #[pyfunction]
    fn cos(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        unary_ufunc(UnOp::Cos, args, vm)
    }
    #[pyfunction]
    fn tan(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        unary_ufunc(UnOp::Tan, args, vm)
    }
    #[pyfunction]
    fn tanh(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        unary_ufunc(UnOp::Tanh, args, vm)
    }
    #[pyfunction]
    fn square(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        unary_ufunc(UnOp::Square, args, vm)
    }
    #[pyfunction]
    fn floor(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        unary_ufunc(UnOp::Floor, args, vm)
    }
    #[pyfunction]
    fn ceil(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        unary_ufunc(UnOp::Ceil, args, vm)
    }
    #[pyfunction]
    fn rint(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        unary_ufunc(UnOp::Round, args, vm)
    }
    #[pyfunction]
    fn sign(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        unary_ufunc(UnOp::Sign, args, vm)
    }
    #[pyfunction]
    fn invert(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        unary_ufunc(UnOp::Invert, args, vm)
    }
    #[pyfunction]
    fn abs(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        unary_ufunc(UnOp::Abs, args, vm)
    }
    #[pyfunction]
    fn round(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        super::creation::round(args, vm)
    }
    #[pyfunction]
    fn around(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        super::creation::round(args, vm)
    }

    // ---- reductions ---------------------------------------------------------

    fn reduction(r: Reduction, mut args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        let a = arr_arg(&args, vm)?;
        if !args.args.is_empty() {
            args.args.remove(0);
        }
        args.kwargs.shift_remove("a");
        let t = &a.downcast_ref::<PyNdArray>().expect("made above").tensor;
        reduce_method(t, r, args, vm)
    }

    #[pyfunction]
    fn sum(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        reduction(Reduction::Sum, args, vm)
    }
    #[pyfunction]
    fn mean(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        reduction(Reduction::Mean, args, vm)
    }
    #[pyfunction]
    fn max(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        reduction(Reduction::Max, args, vm)
    }
    #[pyfunction]
    fn min(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        reduction(Reduction::Min, args, vm)
    }
    #[pyfunction]
    fn amax(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        reduction(Reduction::Max, args, vm)
    }
    #[pyfunction]
    fn amin(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        reduction(Reduction::Min, args, vm)
    }
    #[pyfunction]
    fn prod(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        reduction(Reduction::Prod, args, vm)
    }
    #[pyfunction]
    fn argmax(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        reduction(Reduction::ArgMax, args, vm)
    }
    #[pyfunction]
    fn argmin(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        reduction(Reduction::ArgMin, args, vm)
    }
    #[pyfunction]
    fn std(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        reduction(Reduction::Std, args, vm)
    }
    #[pyfunction]
    fn var(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        reduction(Reduction::Var, args, vm)
    }
    #[pyfunction]
    fn any(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        reduction(Reduction::Any, args, vm)
    }
    #[pyfunction]
    fn all(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        reduction(Reduction::All, args, vm)
    }

    // ---- linear algebra and comparisons of whole arrays -----------------------

    #[pyfunction]
    fn dot(a: PyObjectRef, b: PyObjectRef, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        super::linalg::dot_operands(&operand(&a, vm)?, &operand(&b, vm)?, vm)
    }
    #[pyfunction]
    fn matmul(a: PyObjectRef, b: PyObjectRef, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        super::linalg::matmul_operands(&operand(&a, vm)?, &operand(&b, vm)?, vm)
    }
    #[pyfunction]
    fn allclose(args: FuncArgs, vm: &VirtualMachine) -> PyResult<bool> {
        let close = super::creation::isclose_tensor(args, vm)?;
        Ok(close.to_vec::<bool>().iter().all(|&b| b))
    }
    #[pyfunction]
    fn isclose(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        Ok(wrap_result(super::creation::isclose_tensor(args, vm)?, vm))
    }
    #[pyfunction]
    fn array_equal(a: PyObjectRef, b: PyObjectRef, vm: &VirtualMachine) -> PyResult<bool> {
        let (x, y) = (as_tensor(&a, None, vm)?, as_tensor(&b, None, vm)?);
        if x.shape() != y.shape() {
            return Ok(false);
        }
        let eq = binary(
            BinOp::Eq,
            &super::ufunc::Operand::Arr(x),
            &super::ufunc::Operand::Arr(y),
            vm,
        )?;
        Ok(eq.to_vec::<bool>().iter().all(|&b| b))
    }
    #[pyfunction(name = "where")]
    fn where_(
        cond: PyObjectRef,
        x: PyObjectRef,
        y: PyObjectRef,
        vm: &VirtualMachine,
    ) -> PyResult<PyObjectRef> {
        super::creation::where_(&cond, &x, &y, vm)
    }
    #[pyfunction]
    fn clip(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        super::creation::clip(args, vm)
    }

    #[pyfunction]
    fn sort(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        super::sorting::along_axis(super::sorting::AlongAxis::Sort, args, vm)
    }
    #[pyfunction]
    fn argsort(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        super::sorting::along_axis(super::sorting::AlongAxis::ArgSort, args, vm)
    }
    #[pyfunction]
    fn cumsum(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        super::sorting::along_axis(super::sorting::AlongAxis::CumSum, args, vm)
    }
    #[pyfunction]
    fn unique(a: PyObjectRef, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        super::sorting::unique(&a, vm)
    }
    #[pyfunction]
    fn vstack(tup: PyObjectRef, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        super::creation::stack_at_least(&tup, 2, vm)
    }
    #[pyfunction]
    fn hstack(tup: PyObjectRef, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        super::creation::stack_at_least(&tup, 1, vm)
    }
    #[pyfunction]
    fn expand_dims(a: PyObjectRef, axis: i64, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        let t = as_tensor(&a, None, vm)?;
        let nd = t.ndim() as i64 + 1;
        if axis < -nd || axis >= nd {
            return Err(super::reduce::axis_error(
                format!("axis {axis} is out of bounds for array of dimension {nd}"),
                vm,
            ));
        }
        let t = t
            .unsqueeze(if axis < 0 { axis + nd } else { axis })
            .map_err(|e| super::convert::tensor_err(vm, e))?;
        Ok(PyNdArray::from_tensor(t, vm))
    }
    #[pyfunction]
    fn isnan(a: PyObjectRef, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        super::creation::float_test(&a, f64::is_nan, vm)
    }
    #[pyfunction]
    fn isinf(a: PyObjectRef, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        super::creation::float_test(&a, f64::is_infinite, vm)
    }
    #[pyfunction]
    fn isfinite(a: PyObjectRef, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        super::creation::float_test(&a, f64::is_finite, vm)
    }

    /// `torch.from_numpy(a)`'s half: a tensor over `a`'s storage, None if `a` is no array.
    #[pyfunction]
    fn _to_torch(a: PyObjectRef, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        let Some((wrap, _)) = super::TORCH_BRIDGE.get() else {
            return Err(
                vm.new_not_implemented_error("numpy is not connected to torch (set_torch_bridge)")
            );
        };
        Ok(match super::tensor_of_ndarray(&a) {
            Some(t) => wrap(vm, t),
            None => vm.ctx.none(),
        })
    }
    /// `t.numpy()`'s half: an array over the tensor's storage.
    #[pyfunction]
    fn _from_torch(t: PyObjectRef, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        let tensor = super::tensor_of_torch(&t).ok_or_else(|| {
            vm.new_type_error(format!(
                "expected a torch.Tensor (got {})",
                t.class().name()
            ))
        })?;
        Ok(super::ndarray_from_tensor(vm, tensor))
    }

    #[pyfunction]
    fn promote_types(a: PyObjectRef, b: PyObjectRef, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        let (x, y) = (
            super::dtype::parse_dtype(&a, vm)?,
            super::dtype::parse_dtype(&b, vm)?,
        );
        Ok(PyNpDType::new_obj(super::dtype::promote(x, y), vm))
    }
}
