//! The ufunc and reduction functions of the `numpy` module (`np.add`, `np.sqrt`,
//! `np.sum`, ...), merged into it with `#[pymodule(with(...))]`.

#[rustpython_vm::pymodule(sub)]
pub(crate) mod ufunc_functions {
    use rustpython_vm::function::FuncArgs;
    use rustpython_vm::{PyObjectRef, PyResult, VirtualMachine};

    use crate::python::numpy::array::PyNdArray;
    use crate::python::numpy::convert::as_tensor;
    use crate::python::numpy::reduce::{Reduction, reduce_method};
    use crate::python::numpy::scalar::wrap_result;
    use crate::python::numpy::ufunc::{BinOp, binary, operand, write_out};
    use crate::python::numpy::unary::{UnOp, unary};

    fn arr_arg(args: &FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        let a = args
            .args
            .first()
            .or_else(|| args.kwargs.get("a"))
            .ok_or_else(|| vm.new_type_error("missing the array argument"))?;
        Ok(PyNdArray::from_tensor(as_tensor(a, None, vm)?, vm))
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
        crate::python::numpy::creation::round(args, vm)
    }
    #[pyfunction]
    fn around(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        crate::python::numpy::creation::round(args, vm)
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
}
