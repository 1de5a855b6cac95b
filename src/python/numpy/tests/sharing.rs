//! Storage sharing between engine tensors and ndarrays, through the two functions the
//! torch binding uses. Expected text is what real NumPy/PyTorch printed for the same
//! steps (conformance extra/027 and seed/006); the torch side is played by Rust here.
use super::{check, run_with};
use crate::python::numpy::{ndarray_from_tensor, tensor_of_ndarray};
use crate::tensor::{DType, Scalar, Tensor};
use rustpython_vm::AsObject;

fn bind(
    vm: &rustpython_vm::VirtualMachine,
    scope: &rustpython_vm::scope::Scope,
    name: &str,
    t: Tensor,
) {
    scope
        .globals
        .set_item(name, ndarray_from_tensor(vm, t), vm)
        .expect("bind a global");
}

#[test]
fn tensor_to_numpy_shares_both_ways() {
    // t2 = torch.ones(3); n = t2.numpy(); t2.add_(1); print(n); n  (extra/027)
    let t2 = Tensor::ones(&[3], DType::F32).unwrap();
    let written = t2.clone();
    let out = run_with(
        "print(n)\nprint(repr(n))\nn[1] = -5\nprint(n.dtype, n.shape)\n",
        |vm, scope| {
            bind(vm, scope, "n", t2.clone());
            // t2.add_(1), done by the engine after the array exists:
            written.with_cpu_mut(|b| {
                if let crate::tensor::buffer::CpuBuffer::F32(v) = b {
                    v.iter_mut().for_each(|x| *x += 1.0);
                }
            });
        },
    );
    assert_eq!(
        out,
        "[2. 2. 2.]\narray([2., 2., 2.], dtype=float32)\nfloat32 (3,)\n"
    );
    // t2 after `n[1] = -5`: tensor([ 2., -5.,  2.])
    assert_eq!(t2.to_vec::<f32>(), vec![2.0, -5.0, 2.0]);
}

#[test]
fn numpy_out_argument_writes_into_the_shared_tensor() {
    // np.random.seed(0); ar = np.random.randn(5); ar_pt = torch.from_numpy(ar);
    // np.add(ar, 1, out=ar): ar_pt sees the change (seed/006).
    let out = run_with(
        "import numpy as np\nnp.random.seed(0)\nar = np.random.randn(5)\nprint(ar)\ngrab(ar)\nnp.add(ar,1,out=ar)\nprint(ar)\n",
        |vm, scope| {
            let grab = vm.new_function(
                "grab",
                |a: rustpython_vm::PyObjectRef, vm: &rustpython_vm::VirtualMachine| {
                    let t = tensor_of_ndarray(a.as_object())
                        .ok_or_else(|| vm.new_type_error("not an array"))?;
                    GRABBED.with(|g| *g.borrow_mut() = Some(t));
                    Ok::<(), rustpython_vm::builtins::PyBaseExceptionRef>(())
                },
            );
            scope.globals.set_item("grab", grab.into(), vm).unwrap();
        },
    );
    assert_eq!(
        out,
        "[1.76405235 0.40015721 0.97873798 2.2408932  1.86755799]\n[2.76405235 1.40015721 1.97873798 3.2408932  2.86755799]\n"
    );
    let t = GRABBED.with(|g| g.borrow_mut().take()).expect("grab() ran");
    assert_eq!(t.dtype(), DType::F64);
    // torch.from_numpy(ar) after the add prints tensor([2.7641, 1.4002, 1.9787, 3.2409, 2.8676], dtype=torch.float64)
    let v = t.to_vec::<f64>();
    assert!(
        (v[0] - 2.76405235).abs() < 1e-8 && (v[4] - 2.86755799).abs() < 1e-8,
        "{v:?}"
    );
}

thread_local! {
    static GRABBED: std::cell::RefCell<Option<Tensor>> = const { std::cell::RefCell::new(None) };
}

#[test]
fn from_numpy_int_array_sees_writes_both_ways() {
    // a = np.arange(5); t = torch.from_numpy(a); a[0] = 100; t.mul_(2); a  (extra/027)
    let a = Tensor::arange(Scalar::Int(0), Scalar::Int(5), Scalar::Int(1), None).unwrap();
    let view = a.clone();
    let out = run_with("a[0] = 100\nmul2()\nprint(repr(a))\n", |vm, scope| {
        bind(vm, scope, "a", a.clone());
        let f = vm.new_function("mul2", move || {
            view.with_cpu_mut(|b| {
                if let crate::tensor::buffer::CpuBuffer::I64(v) = b {
                    v.iter_mut().for_each(|x| *x *= 2);
                }
            })
        });
        scope.globals.set_item("mul2", f.into(), vm).unwrap();
    });
    assert_eq!(out, "array([200,   2,   4,   6,   8])\n");
}

#[test]
fn views_of_a_shared_tensor_stay_views() {
    // A transposed/strided tensor handed over keeps its layout (no copy).
    let t = Tensor::arange(
        Scalar::Int(0),
        Scalar::Int(6),
        Scalar::Int(1),
        Some(DType::F64),
    )
    .unwrap()
    .reshape(&[2, 3])
    .unwrap();
    let tt = t.t().unwrap();
    let out = run_with("print(x)\nx[0, 1] = -1\n", |vm, scope| {
        bind(vm, scope, "x", tt.clone())
    });
    // np.arange(6.).reshape(2, 3).T printed by NumPy:
    assert_eq!(out, "[[0. 3.]\n [1. 4.]\n [2. 5.]]\n");
    assert_eq!(t.to_vec::<f64>(), vec![0.0, 1.0, 2.0, -1.0, 4.0, 5.0]);
}

#[test]
fn type_prints_numpy_ndarray() {
    check(
        "import numpy as np\nprint(type(np.zeros(1)), np.ndarray)\n",
        "<class 'numpy.ndarray'> <class 'numpy.ndarray'>\n",
    );
}

#[test]
fn each_interpreter_has_its_own_global_random_state() {
    // Two interpreters alive on one thread, seeded differently, drawing in turns.
    // np.random.seed(0); np.random.randn() -> 1.764052345967664
    // np.random.seed(1); np.random.randn() -> 1.6243453636632417
    use rustpython_vm::compiler::Mode;
    let make = || {
        let builder = rustpython_vm::Interpreter::builder(rustpython_vm::Settings::default());
        let def = crate::python::numpy::module_def(&builder.ctx);
        builder.add_native_modules(&[def]).build()
    };
    let (a, b) = (make(), make());
    let run = |i: &rustpython_vm::Interpreter, code: &str| -> String {
        i.enter(|vm| {
            let scope = vm.new_scope_with_builtins();
            let code = vm.compile(code, Mode::Eval, "<e>".to_owned()).unwrap();
            let v = vm.run_code_obj(code, scope).unwrap();
            v.repr(vm).unwrap().to_string_lossy().into_owned()
        })
    };
    run(&a, "__import__('numpy').random.seed(0)");
    run(&b, "__import__('numpy').random.seed(1)");
    assert_eq!(
        run(&a, "__import__('numpy').random.randn()"),
        "1.764052345967664"
    );
    assert_eq!(
        run(&b, "__import__('numpy').random.randn()"),
        "1.6243453636632417"
    );
}

/// A stand-in for `torch.Tensor` to exercise the bridge without the torch module.
#[rustpython_vm::pyclass(module = "torch", name = "Tensor")]
#[derive(Debug, rustpython_vm::PyPayload)]
struct FakeTensor(Tensor);

#[rustpython_vm::pyclass]
impl FakeTensor {}

fn fake_wrap(_vm: &rustpython_vm::VirtualMachine, t: Tensor) -> rustpython_vm::PyObjectRef {
    use rustpython_vm::class::PyClassImpl;
    rustpython_vm::PyRef::new_ref(FakeTensor(t), FakeTensor::make_static_type(), None).into()
}

fn fake_of(obj: &rustpython_vm::PyObject) -> Option<Tensor> {
    obj.downcast_ref::<FakeTensor>().map(|f| f.0.clone())
}

#[test]
fn torch_bridge_hooks_share_storage() {
    crate::python::numpy::set_torch_bridge(fake_wrap, fake_of);
    let out = super::run(
        "import numpy as np\na = np.arange(3.0)\nt = np._to_torch(a)\nprint(type(t).__name__, np._to_torch([1]))\nb = np._from_torch(t)\nb[0] = 7\nprint(a, np.array(t), np.array([t, t]).shape)\n",
    );
    assert_eq!(out, "Tensor None\n[7. 1. 2.] [7. 1. 2.] (2, 3)\n");
}
