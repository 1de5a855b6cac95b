//! `numpy.dtype`: the dtype object, the names NumPy accepts for dtypes, and
//! NumPy's own promotion rules (which differ from PyTorch's: `int64 + float32`
//! is float64 here, and Python scalars are "weak" as NEP 50 says).
use rustpython_vm::builtins::{PyStr, PyType};
use rustpython_vm::types::{Comparable, Constructor, Hashable, PyComparisonOp, Representable};
use rustpython_vm::{
    AsObject, Py, PyObject, PyObjectRef, PyPayload, PyResult, VirtualMachine,
    function::PyComparisonValue, pyclass,
};

use crate::tensor::DType;
use crate::tensor::dtype::Category;

/// NumPy's name of a dtype (`float64`, `int8`, `bool`).
pub fn np_name(d: DType) -> &'static str {
    d.name()
}

/// One-letter kind (`f`, `i`, `u`, `b`), as `dtype.kind` gives it.
fn kind_char(d: DType) -> &'static str {
    match d.category() {
        Category::Bool => "b",
        Category::Float => "f",
        Category::Int => {
            if d.is_signed() {
                "i"
            } else {
                "u"
            }
        }
    }
}

/// Dtype names and codes NumPy understands (a useful subset).
pub fn dtype_from_str(name: &str) -> Option<DType> {
    let n = name.strip_prefix("numpy.").unwrap_or(name);
    let n = n
        .strip_prefix('<')
        .or_else(|| n.strip_prefix('='))
        .unwrap_or(n);
    Some(match n {
        "float64" | "float" | "double" | "f8" | "d" | "float_" => DType::F64,
        "float32" | "single" | "f4" | "f" => DType::F32,
        "float16" | "half" | "f2" | "e" => DType::F16,
        "int64" | "int" | "i8" | "long" | "longlong" | "q" | "l" | "intp" | "int_" => DType::I64,
        "int32" | "i4" | "intc" | "i" => DType::I32,
        "int16" | "i2" | "short" | "h" => DType::I16,
        "int8" | "i1" | "byte" | "b" => DType::I8,
        "uint8" | "u1" | "ubyte" | "B" => DType::U8,
        "bool" | "bool_" | "b1" | "?" => DType::Bool,
        _ => return None,
    })
}

/// `np.dtype(x)` for anything a `dtype=` argument accepts: a dtype, a name, a NumPy
/// scalar type, the builtins `float`/`int`/`bool`, or an object with a `.dtype`.
pub fn parse_dtype(obj: &PyObject, vm: &VirtualMachine) -> PyResult<DType> {
    if let Some(d) = obj.downcast_ref::<PyNpDType>() {
        return Ok(d.dtype);
    }
    if vm.is_none(obj) {
        return Ok(DType::F64);
    }
    if let Some(s) = obj.downcast_ref::<PyStr>() {
        let text = s.to_string_lossy();
        return dtype_from_str(&text)
            .ok_or_else(|| vm.new_type_error(format!("data type '{text}' not understood")));
    }
    if let Some(t) = obj.downcast_ref::<PyType>() {
        if t.is(vm.ctx.types.float_type) {
            return Ok(DType::F64);
        }
        if t.is(vm.ctx.types.bool_type) {
            return Ok(DType::Bool);
        }
        if t.is(vm.ctx.types.int_type) {
            return Ok(DType::I64);
        }
        if let Some(d) = super::scalar::dtype_of_scalar_type(t) {
            return Ok(d);
        }
    }
    // torch dtypes and the like are not NumPy dtypes; anything with `.dtype` is.
    if let Ok(inner) = obj.get_attr("dtype", vm)
        && let Some(d) = inner.downcast_ref::<PyNpDType>()
    {
        return Ok(d.dtype);
    }
    let text = obj.repr(vm)?;
    Err(vm.new_type_error(format!(
        "Cannot interpret '{}' as a data type",
        text.to_string_lossy()
    )))
}

/// `np.promote_types(a, b)`: the smallest dtype both values fit in.
pub fn promote(a: DType, b: DType) -> DType {
    use DType::*;
    if a == b {
        return a;
    }
    match (a.category(), b.category()) {
        (Category::Bool, _) => b,
        (_, Category::Bool) => a,
        (Category::Int, Category::Int) => {
            let (sa, sb) = (a.is_signed(), b.is_signed());
            if sa == sb {
                if a.size_bytes() >= b.size_bytes() {
                    a
                } else {
                    b
                }
            } else {
                // uint8 with a signed type: the signed type if it is wider, else int16.
                let signed = if sa { a } else { b };
                if signed.size_bytes() > 1 { signed } else { I16 }
            }
        }
        (Category::Float, Category::Float) => match (a, b) {
            (F16, BF16) | (BF16, F16) => F32,
            _ => {
                if a.size_bytes() >= b.size_bytes() {
                    a
                } else {
                    b
                }
            }
        },
        _ => {
            let (int, float) = if a.is_int() { (a, b) } else { (b, a) };
            // The float must hold every value of the int type.
            let needed = match int.size_bytes() {
                1 => F16,
                2 => F32,
                _ => F64,
            };
            promote(needed, if float == BF16 { F32 } else { float })
        }
    }
}

/// The result dtype of an op on an array of `arr` and a Python scalar of category `c`
/// (NEP 50: the scalar only matters when it is of a higher category).
pub fn promote_weak(arr: DType, c: Category) -> DType {
    match (arr.category(), c) {
        (ac, sc) if sc <= ac => arr,
        (Category::Bool, Category::Int) => DType::I64,
        _ => DType::F64,
    }
}

/// `numpy.dtype`.
#[pyclass(module = "numpy", name = "dtype")]
#[derive(Debug, PyPayload)]
pub struct PyNpDType {
    pub dtype: DType,
}

impl PyNpDType {
    pub fn new_obj(dtype: DType, _vm: &VirtualMachine) -> PyObjectRef {
        use rustpython_vm::class::PyClassImpl;
        rustpython_vm::PyRef::new_ref(PyNpDType { dtype }, Self::make_static_type(), None).into()
    }
}

#[pyclass(with(Constructor, Representable, Comparable, Hashable))]
impl PyNpDType {
    #[pygetset]
    fn name(&self) -> &'static str {
        np_name(self.dtype)
    }
    #[pygetset]
    fn itemsize(&self) -> usize {
        self.dtype.size_bytes()
    }
    #[pygetset]
    fn kind(&self) -> &'static str {
        kind_char(self.dtype)
    }
    #[pygetset(name = "type")]
    fn scalar_type(&self, vm: &VirtualMachine) -> PyObjectRef {
        super::scalar::scalar_type(self.dtype, vm).into()
    }
    #[pymethod]
    fn __str__(&self) -> &'static str {
        np_name(self.dtype)
    }
}

impl Constructor for PyNpDType {
    type Args = (PyObjectRef,);
    fn py_new(_cls: &Py<PyType>, (obj,): Self::Args, vm: &VirtualMachine) -> PyResult<Self> {
        Ok(PyNpDType {
            dtype: parse_dtype(&obj, vm)?,
        })
    }
}

impl Representable for PyNpDType {
    fn repr_str(zelf: &Py<Self>, _vm: &VirtualMachine) -> PyResult<String> {
        Ok(format!("dtype('{}')", np_name(zelf.dtype)))
    }
}

impl Comparable for PyNpDType {
    fn cmp(
        zelf: &Py<Self>,
        other: &PyObject,
        op: PyComparisonOp,
        vm: &VirtualMachine,
    ) -> PyResult<PyComparisonValue> {
        // `dtype == "float32"` and `dtype == np.float32` are true in NumPy; anything
        // that is not a dtype at all compares unequal.
        let same = match parse_dtype(other, vm) {
            Ok(d) => d == zelf.dtype,
            Err(_) => false,
        };
        Ok(match op {
            PyComparisonOp::Eq => PyComparisonValue::Implemented(same),
            PyComparisonOp::Ne => PyComparisonValue::Implemented(!same),
            _ => PyComparisonValue::NotImplemented,
        })
    }
}

impl Hashable for PyNpDType {
    fn hash(zelf: &Py<Self>, vm: &VirtualMachine) -> PyResult<rustpython_vm::common::hash::PyHash> {
        vm.ctx.new_str(np_name(zelf.dtype)).as_object().hash(vm)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use DType::*;

    #[test]
    fn promotion_matches_numpy() {
        // Expected values from numpy 2.4 np.promote_types.
        assert_eq!(promote(I64, F32), F64);
        assert_eq!(promote(I32, F32), F64);
        assert_eq!(promote(I16, F16), F32);
        assert_eq!(promote(I8, F16), F16);
        assert_eq!(promote(U8, I8), I16);
        assert_eq!(promote(I32, F16), F64);
        assert_eq!(promote(U8, F16), F16);
        assert_eq!(promote(Bool, I8), I8);
    }

    #[test]
    fn weak_scalars_follow_nep50() {
        // np.result_type(int8 array, 2) -> int8; (int8 array, 2.0) -> float64;
        // (float32 array, 2.0) -> float32; (bool array) + 1 -> int64; + 1.5 -> float64
        assert_eq!(promote_weak(I8, Category::Int), I8);
        assert_eq!(promote_weak(I8, Category::Float), F64);
        assert_eq!(promote_weak(F32, Category::Float), F32);
        assert_eq!(promote_weak(Bool, Category::Int), I64);
        assert_eq!(promote_weak(Bool, Category::Float), F64);
    }
}
