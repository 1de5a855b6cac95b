//! `numpy.random`: the legacy `RandomState` with NumPy's exact streams (the generator
//! is `crate::tensor::random::NumpyRandomState`), and the module-level functions,
//! which use one `RandomState` kept in the module (so each interpreter has its own).
pub(crate) use numpy_random::module_def;

use std::sync::Mutex;

use rustpython_vm::builtins::PyListRef;
use rustpython_vm::function::{FuncArgs, OptionalArg};
use rustpython_vm::{PyObjectRef, PyPayload, PyRef, PyResult, VirtualMachine, pyclass};

use super::array::{PyNdArray, parse_shape, parse_sizes};
use super::convert::OrPyErr;
use super::dtype::parse_dtype;
use crate::tensor::random::NumpyRandomState;
use crate::tensor::{DType, Tensor};

/// `numpy.random.RandomState`.
#[pyclass(module = "numpy.random.mtrand", name = "RandomState")]
#[derive(Debug, PyPayload)]
pub struct PyRandomState {
    state: Mutex<NumpyRandomState>,
}

impl PyRandomState {
    fn with<R>(&self, f: impl FnOnce(&mut NumpyRandomState) -> R) -> R {
        f(&mut self.state.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// The legacy `random_interval(max)`: uniform in `0..=max` by masked rejection.
    fn interval(s: &mut NumpyRandomState, max: u64) -> u64 {
        if max == 0 {
            return 0;
        }
        let mut mask = max;
        for sh in [1, 2, 4, 8, 16, 32] {
            mask |= mask >> sh;
        }
        loop {
            let v = if max <= u32::MAX as u64 {
                (s.next_u32() as u64) & mask
            } else {
                let hi = s.next_u32() as u64;
                ((hi << 32) | s.next_u32() as u64) & mask
            };
            if v <= max {
                return v;
            }
        }
    }
}

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
        .map(|s| {
            usize::try_from(s)
                .map_err(|_| vm.new_value_error("negative dimensions are not allowed"))
        })
        .collect::<PyResult<Vec<_>>>()
        .map(Some)
}

fn floats(
    shape: Option<Vec<usize>>,
    vm: &VirtualMachine,
    draw: impl FnOnce(usize) -> Vec<f64>,
) -> PyResult<PyObjectRef> {
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

fn get<'a>(
    args: &'a FuncArgs,
    name: &str,
    pos: usize,
    vm: &VirtualMachine,
) -> Option<&'a PyObjectRef> {
    args.kwargs
        .get(name)
        .or_else(|| args.args.get(pos))
        .filter(|v| !vm.is_none(v))
}

fn arg_f64(
    args: &FuncArgs,
    name: &str,
    pos: usize,
    default: f64,
    vm: &VirtualMachine,
) -> PyResult<f64> {
    match get(args, name, pos, vm) {
        Some(v) => Ok(v.try_float(vm)?.to_f64()),
        None => Ok(default),
    }
}

#[pyclass]
impl PyRandomState {
    #[pyslot]
    fn slot_new(
        cls: rustpython_vm::builtins::PyTypeRef,
        args: FuncArgs,
        vm: &VirtualMachine,
    ) -> PyResult {
        let rs = PyRandomState {
            state: Mutex::new(NumpyRandomState::new(0)),
        };
        rs.seed(
            args.args
                .first()
                .cloned()
                .map_or(OptionalArg::Missing, OptionalArg::Present),
            vm,
        )?;
        Ok(PyRef::new_ref(rs, cls, None).into())
    }

    #[pymethod]
    fn seed(&self, seed: OptionalArg<PyObjectRef>, vm: &VirtualMachine) -> PyResult<()> {
        let Some(seed) = seed.into_option().filter(|s| !vm.is_none(s)) else {
            self.with(|s| s.seed_entropy());
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
            self.with(|s| s.seed_array(&key));
            return Ok(());
        }
        let v: i64 = seed
            .try_index(vm)?
            .try_to_primitive(vm)
            .map_err(|_| range_err())?;
        let v = u32::try_from(v).map_err(|_| range_err())?;
        self.with(|s| s.seed(v));
        Ok(())
    }

    #[pymethod]
    fn rand(&self, args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        floats(dims(&args, vm)?, vm, |n| self.with(|s| s.rand(n)))
    }

    #[pymethod]
    fn randn(&self, args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        floats(dims(&args, vm)?, vm, |n| self.with(|s| s.randn(n)))
    }

    #[pymethod]
    fn random(&self, args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        let size = size_arg(get(&args, "size", 0, vm), vm)?;
        floats(size, vm, |n| self.with(|s| s.random_sample(n)))
    }

    #[pymethod]
    fn random_sample(&self, args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        self.random(args, vm)
    }

    #[pymethod]
    fn standard_normal(&self, args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        let size = size_arg(get(&args, "size", 0, vm), vm)?;
        floats(size, vm, |n| self.with(|s| s.standard_normal(n)))
    }

    #[pymethod]
    fn normal(&self, args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        let loc = arg_f64(&args, "loc", 0, 0.0, vm)?;
        let scale = arg_f64(&args, "scale", 1, 1.0, vm)?;
        if scale < 0.0 {
            return Err(vm.new_value_error("scale < 0"));
        }
        let size = size_arg(get(&args, "size", 2, vm), vm)?;
        floats(size, vm, |n| self.with(|s| s.normal(loc, scale, n)))
    }

    #[pymethod]
    fn uniform(&self, args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        let low = arg_f64(&args, "low", 0, 0.0, vm)?;
        let high = arg_f64(&args, "high", 1, 1.0, vm)?;
        let size = size_arg(get(&args, "size", 2, vm), vm)?;
        floats(size, vm, |n| self.with(|s| s.uniform(low, high, n)))
    }

    #[pymethod]
    fn randint(&self, args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        let low = get(&args, "low", 0, vm).ok_or_else(|| {
            vm.new_type_error("randint() missing required argument 'low' (pos 0)")
        })?;
        let low: i64 = low.try_index(vm)?.try_to_primitive(vm)?;
        let (low, high) = match get(&args, "high", 1, vm) {
            Some(h) => (low, h.try_index(vm)?.try_to_primitive::<i64>(vm)?),
            None => (0, low),
        };
        if low >= high {
            return Err(vm.new_value_error("low >= high"));
        }
        let dtype = match get(&args, "dtype", 3, vm) {
            Some(d) => parse_dtype(d, vm)?,
            None => DType::I64,
        };
        match size_arg(get(&args, "size", 2, vm), vm)? {
            None => Ok(vm
                .ctx
                .new_int(self.with(|s| s.randint(low, high, 1))[0])
                .into()),
            Some(shape) => {
                let n: usize = shape.iter().product();
                crate::tensor::memory::check_alloc(n * 8).or_py(vm)?;
                let t =
                    Tensor::from_vec(self.with(|s| s.randint(low, high, n)), &shape).or_py(vm)?;
                let t = if dtype == DType::I64 {
                    t
                } else {
                    t.to_dtype(dtype).or_py(vm)?
                };
                Ok(PyNdArray::from_tensor(t, vm))
            }
        }
    }

    /// `shuffle(x)`: in place along the first axis (legacy Fisher-Yates).
    #[pymethod]
    fn shuffle(&self, x: PyObjectRef, vm: &VirtualMachine) -> PyResult<()> {
        let Some(arr) = x.downcast_ref::<PyNdArray>() else {
            // A Python list: shuffle its items with the same draws.
            let list = x
                .downcast::<rustpython_vm::builtins::PyList>()
                .map_err(|_| vm.new_type_error("shuffle() needs an array or a list"))?;
            let mut items = list.borrow_vec_mut();
            for i in (1..items.len()).rev() {
                let j = self.with(|s| Self::interval(s, i as u64)) as usize;
                items.swap(i, j);
            }
            return Ok(());
        };
        let t = &arr.tensor;
        if t.ndim() == 0 {
            return Err(vm.new_type_error("object of type 'numpy.ndarray' has no len()"));
        }
        let n = t.shape()[0];
        let mut order: Vec<usize> = (0..n).collect();
        for i in (1..n).rev() {
            let j = self.with(|s| Self::interval(s, i as u64)) as usize;
            order.swap(i, j);
        }
        // Rows in their new order, then written back (the source aliases the target).
        let rows: Vec<Tensor> = order
            .iter()
            .map(|&r| t.select(0, r as i64))
            .collect::<crate::tensor::Result<_>>()
            .or_py(vm)?;
        let copies: Vec<_> = rows
            .iter()
            .map(|r| r.cast_values(t.dtype()))
            .collect::<crate::tensor::Result<_>>()
            .or_py(vm)?;
        for (i, c) in copies.iter().enumerate() {
            super::index::write_values(&t.select(0, i as i64).or_py(vm)?, c);
        }
        Ok(())
    }

    /// `permutation(n)` (a shuffled `arange(n)`) or a shuffled copy of an array.
    #[pymethod]
    fn permutation(&self, x: PyObjectRef, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        let arr = if let Ok(n) = x.try_index(vm).and_then(|i| i.try_to_primitive::<i64>(vm)) {
            let v: Vec<i64> = (0..n.max(0)).collect();
            let len = v.len();
            PyNdArray::from_tensor(Tensor::from_vec(v, &[len]).or_py(vm)?, vm)
        } else {
            PyNdArray::from_tensor(super::convert::array_from_py(&x, None, vm)?, vm)
        };
        self.shuffle(arr.clone(), vm)?;
        Ok(arr)
    }

    /// `choice(a, size=None, replace=True)` without `p=`.
    #[pymethod]
    fn choice(&self, args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        let a = get(&args, "a", 0, vm)
            .ok_or_else(|| vm.new_type_error("choice() missing required argument 'a' (pos 0)"))?;
        if get(&args, "p", 3, vm).is_some() {
            return Err(vm.new_not_implemented_error("choice(p=...) is not supported here"));
        }
        let replace = match get(&args, "replace", 2, vm) {
            Some(r) => r.clone().try_to_bool(vm)?,
            None => true,
        };
        // An int `a` means `arange(a)`; anything else is the population itself.
        let as_int = if a.downcast_ref::<PyNdArray>().is_none() {
            a.try_index(vm)
                .ok()
                .and_then(|i| i.try_to_primitive::<i64>(vm).ok())
        } else {
            None
        };
        let pool = match as_int {
            Some(_) => None,
            None => Some(super::convert::as_tensor(a, None, vm)?),
        };
        let pop = match (&pool, as_int) {
            (None, Some(n)) => {
                if n <= 0 {
                    return Err(
                        vm.new_value_error("a must be greater than 0 unless no samples are taken")
                    );
                }
                n
            }
            (Some(t), _) => {
                if t.ndim() != 1 {
                    return Err(vm.new_value_error("a must be 1-dimensional"));
                }
                if t.numel() == 0 {
                    return Err(vm.new_value_error("a cannot be empty unless no samples are taken"));
                }
                t.numel() as i64
            }
            (None, None) => unreachable!("pool is set when a is not an int"),
        };
        let shape = size_arg(get(&args, "size", 1, vm), vm)?;
        let n: usize = shape.as_ref().map_or(1, |s| s.iter().product());
        let idx: Vec<i64> = if replace {
            self.with(|s| s.randint(0, pop, n))
        } else {
            if n as i64 > pop {
                return Err(vm.new_value_error(
                    "Cannot take a larger sample than population when 'replace=False'",
                ));
            }
            let perm = self.permutation(vm.ctx.new_int(pop).into(), vm)?;
            let perm = &perm.downcast_ref::<PyNdArray>().expect("made above").tensor;
            perm.to_vec::<i64>()[..n].to_vec()
        };
        let out = match &pool {
            None => Tensor::from_vec(idx, &[n]).or_py(vm)?,
            Some(t) => {
                let vals: Vec<_> = idx.iter().map(|&i| t.get_flat(i as usize)).collect();
                Tensor::from_scalars(&vals, &[n], Some(t.dtype())).or_py(vm)?
            }
        };
        match shape {
            // One draw from `range(n)` is a Python int; from an array, a NumPy scalar.
            None if pool.is_none() => Ok(vm.ctx.new_int(out.get_flat(0).to_i64()).into()),
            None => Ok(super::scalar::scalar_at(&out, 0, vm)),
            Some(s) => Ok(PyNdArray::from_tensor(
                out.reshape(&s.iter().map(|&d| d as i64).collect::<Vec<_>>())
                    .or_py(vm)?,
                vm,
            )),
        }
    }
}

#[rustpython_vm::pymodule(name = "numpy.random")]
mod numpy_random {
    use rustpython_vm::builtins::PyModule;
    use rustpython_vm::class::PyClassImpl;
    use rustpython_vm::function::FuncArgs;
    use rustpython_vm::{AsObject, Py, PyObjectRef, PyRef, PyResult, VirtualMachine};

    use super::PyRandomState;

    pub(crate) fn module_exec(vm: &VirtualMachine, module: &Py<PyModule>) -> PyResult<()> {
        __module_exec(vm, module);
        let cls = PyRandomState::make_static_type();
        module
            .as_object()
            .set_attr("RandomState", cls.clone(), vm)?;
        // The global state behind the module functions, seeded from entropy like NumPy's.
        let state = PyRandomState {
            state: std::sync::Mutex::new(Default::default()),
        };
        module
            .as_object()
            .set_attr("_rand", PyRef::new_ref(state, cls, None), vm)?;
        Ok(())
    }

    /// Calls `name` on this interpreter's global `RandomState`.
    fn call(name: &str, args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        let module = vm
            .sys_module
            .get_attr("modules", vm)?
            .get_item("numpy.random", vm)?;
        let state = module.get_attr("_rand", vm)?;
        vm.call_method(&state, name, args)
    }

    #[pyfunction]
    fn seed(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        call("seed", args, vm)
    }
    #[pyfunction]
    fn rand(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        call("rand", args, vm)
    }
    #[pyfunction]
    fn randn(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        call("randn", args, vm)
    }
    #[pyfunction]
    fn random(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        call("random", args, vm)
    }
    #[pyfunction]
    fn random_sample(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        call("random_sample", args, vm)
    }
    #[pyfunction]
    fn standard_normal(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        call("standard_normal", args, vm)
    }
    #[pyfunction]
    fn normal(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        call("normal", args, vm)
    }
    #[pyfunction]
    fn uniform(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        call("uniform", args, vm)
    }
    #[pyfunction]
    fn randint(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        call("randint", args, vm)
    }
    #[pyfunction]
    fn shuffle(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        call("shuffle", args, vm)
    }
    #[pyfunction]
    fn permutation(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        call("permutation", args, vm)
    }
    #[pyfunction]
    fn choice(args: FuncArgs, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        call("choice", args, vm)
    }
}
