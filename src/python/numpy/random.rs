//! `numpy.random`: the legacy global `RandomState` functions, with NumPy's exact
//! streams (the generator is `crate::tensor::random::NumpyRandomState`). The state
//! is per thread, as one interpreter runs on one thread.
pub(crate) use numpy_random::module_def;

use std::cell::RefCell;

use crate::tensor::random::NumpyRandomState;

thread_local! {
    static STATE: RefCell<NumpyRandomState> = RefCell::new(NumpyRandomState::default());
}

/// Runs `f` on this thread's global NumPy generator.
pub fn with_state<R>(f: impl FnOnce(&mut NumpyRandomState) -> R) -> R {
    STATE.with(|s| f(&mut s.borrow_mut()))
}

#[rustpython_vm::pymodule(name = "numpy.random")]
mod numpy_random {
    use rustpython_vm::builtins::PyListRef;
    use rustpython_vm::function::{FuncArgs, OptionalArg};
    use rustpython_vm::{PyObjectRef, PyResult, VirtualMachine};

    use super::super::array::{PyNdArray, parse_shape, parse_sizes};
    use super::super::convert::OrPyErr;
    use super::super::dtype::parse_dtype;
    use super::with_state;
    use crate::tensor::{DType, Tensor};

    /// The `size=` argument: None (one Python value) or a shape.
    fn size_arg(size: Option<&PyObjectRef>, vm: &VirtualMachine) -> PyResult<Option<Vec<usize>>> {
        match size {
            None => Ok(None),
            Some(s) if vm.is_none(s) => Ok(None),
            Some(s) => parse_shape(s, vm).map(Some),
        }
    }

    /// `rand(d0, d1, ...)`-style dims (no dims: one Python float).
    fn dims(args: &FuncArgs, vm: &VirtualMachine) -> PyResult<Option<Vec<usize>>> {
        if args.args.is_empty() {
            return Ok(None);
        }
        let sizes = parse_sizes(&args.args, vm)?;
        sizes
            .into_iter()
            .map(|s| usize::try_from(s).map_err(|_| vm.new_value_error("negative dimensions are not allowed")))
            .collect::<PyResult<Vec<_>>>()
            .map(Some)
    }

    fn floats(shape: Option<Vec<usize>>, vm: &VirtualMachine, draw: impl FnOnce(usize) -> Vec<f64>) -> PyResult<PyObjectRef> {
        match shape {
            None => Ok(vm.ctx.new_float(draw(1)[0]).into()),
            Some(shape) => {
                let n: usize = shape.iter().product();
                crate::tensor::memory::check_alloc(n * 8).or_py(vm)?;
                let t = Tensor::from_vec(draw(n), &shape).or_py(vm)?;
                Ok(PyNdArray::from_tensor(t, vm))
            }
        }
    }

    fn arg_f64(args: &FuncArgs, name: &str, pos: usize, default: f64, vm: &VirtualMachine) -> PyResult<f64> {
        match args.kwargs.get(name).or_else(|| args.args.get(pos)) {
            Some(v) => Ok(v.try_float(vm)?.to_f64()),
            None => Ok(default),
        }
    }

    #[pyfunction]
    fn seed(seed: OptionalArg<PyObjectRef>, vm: &VirtualMachine) -> PyResult<()> {
        let seed = seed.into_option().filter(|s| !vm.is_none(s));
        let Some(seed) = seed else {
            with_state(|s| s.seed_entropy());
            return Ok(());
        };
        let range_err = || vm.new_value_error("Seed must be between 0 and 2**32 - 1");
        if let Ok(list) = seed.clone().downcast::<rustpython_vm::builtins::PyList>() {
            let list: PyListRef = list;
            let mut key = Vec::new();
            for item in list.borrow_vec().iter() {
                let v: i64 = item.try_index(vm)?.try_to_primitive(vm)?;
                key.push(u32::try_from(v).map_err(|_| range_err())?);
            }
            if key.is_empty() {
                return Err(vm.new_value_error("Seed must be non-empty"));
            }
            with_state(|s| s.seed_array(&key));
            return Ok(());
        }
        let v: i64 = seed.try_index(vm)?.try_to_primitive(vm).map_err(|_| range_err())?;
        let v = u32::try_from(v).map_err(|_| range_err())?;
        with_state(|s| s.seed(v));
        Ok(())
    }

    #[pyfunction]
    fn rand(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        floats(dims(&args, vm)?, vm, |n| with_state(|s| s.rand(n)))
    }

    #[pyfunction]
    fn randn(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        floats(dims(&args, vm)?, vm, |n| with_state(|s| s.randn(n)))
    }

    #[pyfunction]
    fn random(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        let size = size_arg(args.kwargs.get("size").or_else(|| args.args.first()), vm)?;
        floats(size, vm, |n| with_state(|s| s.random_sample(n)))
    }

    #[pyfunction]
    fn random_sample(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        random(args, vm)
    }

    #[pyfunction]
    fn standard_normal(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        let size = size_arg(args.kwargs.get("size").or_else(|| args.args.first()), vm)?;
        floats(size, vm, |n| with_state(|s| s.standard_normal(n)))
    }

    #[pyfunction]
    fn normal(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        let loc = arg_f64(&args, "loc", 0, 0.0, vm)?;
        let scale = arg_f64(&args, "scale", 1, 1.0, vm)?;
        if scale < 0.0 {
            return Err(vm.new_value_error("scale < 0"));
        }
        let size = size_arg(args.kwargs.get("size").or_else(|| args.args.get(2)), vm)?;
        floats(size, vm, |n| with_state(|s| s.normal(loc, scale, n)))
    }

    #[pyfunction]
    fn uniform(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        let low = arg_f64(&args, "low", 0, 0.0, vm)?;
        let high = arg_f64(&args, "high", 1, 1.0, vm)?;
        let size = size_arg(args.kwargs.get("size").or_else(|| args.args.get(2)), vm)?;
        floats(size, vm, |n| with_state(|s| s.uniform(low, high, n)))
    }

    #[pyfunction]
    fn randint(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        let get = |name: &str, pos: usize| args.kwargs.get(name).or_else(|| args.args.get(pos)).filter(|v| !vm.is_none(v));
        let low = get("low", 0).ok_or_else(|| vm.new_type_error("randint() missing required argument 'low' (pos 0)"))?;
        let low: i64 = low.try_index(vm)?.try_to_primitive(vm)?;
        let (low, high) = match get("high", 1) {
            Some(h) => (low, h.try_index(vm)?.try_to_primitive::<i64>(vm)?),
            None => (0, low),
        };
        if low >= high {
            return Err(vm.new_value_error("low >= high"));
        }
        let dtype = match get("dtype", 3) {
            Some(d) => parse_dtype(d, vm)?,
            None => DType::I64,
        };
        let size = size_arg(get("size", 2), vm)?;
        match size {
            None => Ok(vm.ctx.new_int(with_state(|s| s.randint(low, high, 1))[0]).into()),
            Some(shape) => {
                let n: usize = shape.iter().product();
                crate::tensor::memory::check_alloc(n * 8).or_py(vm)?;
                let t = Tensor::from_vec(with_state(|s| s.randint(low, high, n)), &shape).or_py(vm)?;
                let t = if dtype == DType::I64 { t } else { t.to_dtype(dtype).or_py(vm)? };
                Ok(PyNdArray::from_tensor(t, vm))
            }
        }
    }
}
