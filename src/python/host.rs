//! `_tl_host`: the few host facts our embedded Python needs (CPU times for
//! `%time`, the device table for `!nvidia-smi`, the cell splitter), as a
//! native module. It exposes nothing else of the host.

pub(crate) use _tl_host::module_def;

#[rustpython_vm::pymodule]
mod _tl_host {
    use rustpython_vm::builtins::PyStrRef;
    use rustpython_vm::{PyObjectRef, PyResult, VirtualMachine};

    /// (user, system) CPU seconds of this process, like `resource.getrusage(RUSAGE_SELF)[:2]`.
    #[pyfunction]
    fn cpu_times() -> (f64, f64) {
        super::cpu_times()
    }

    /// The text `!nvidia-smi` prints.
    #[pyfunction]
    fn nvidia_smi() -> String {
        crate::python::magics::nvidia_smi_text()
    }

    /// (body, last_expression) of a piece of code, or None when it does not end in an expression.
    #[pyfunction]
    fn split_last_expression(source: PyStrRef, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        let source = source.to_string_lossy();
        crate::python::sandbox::check_source(vm, &source)?;
        let split = crate::python::split::split_last_expression(&source);
        Ok(match split.expr {
            Some(expr) => vm.new_tuple((split.body, expr)).into(),
            None => vm.ctx.none(),
        })
    }
}

/// (user, system) CPU seconds of this process.
pub fn cpu_times() -> (f64, f64) {
    // SAFETY: getrusage writes into the zeroed struct we pass and nothing else.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    if rc != 0 {
        return (0.0, 0.0);
    }
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    (secs(usage.ru_utime), secs(usage.ru_stime))
}
