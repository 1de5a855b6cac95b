//! Device suffix tests: real output of torch 2.11.0+cu130 on an H100 (the `device=` suffix
//! needs a GPU build; `_str_intern` is the same in 2.15 for these paths).

use super::tests_torch::{arange_div_f32, float_repr_meta};
use super::*;

#[test]
fn cuda_device_suffix_real_gpu() {
    fn cuda(
        shape: &[usize],
        vals: &[f64],
        dtype: &'static str,
        requires_grad: bool,
        grad_fn: Option<&'static str>,
    ) -> String {
        let m = TensorMeta {
            dtype,
            device: Some("cuda:0"),
            requires_grad,
            grad_fn,
        };
        float_repr_meta(shape, vals, &m, &PrintOptions::default())
    }
    let dev_meta = |dtype| TensorMeta {
        dtype,
        device: Some("cuda:0"),
        requires_grad: false,
        grad_fn: None,
    };
    assert_eq!(
        cuda(&[2], &[1.0, 2.0], "float32", false, None),
        "tensor([1., 2.], device='cuda:0')"
    );
    assert_eq!(
        cuda(&[2], &[1.0, 2.0], "float64", false, None),
        "tensor([1., 2.], device='cuda:0', dtype=torch.float64)"
    );
    assert_eq!(
        cuda(&[2], &[1.0, 2.0], "float32", true, None),
        "tensor([1., 2.], device='cuda:0', requires_grad=True)"
    );
    assert_eq!(
        cuda(&[2], &[2.0, 4.0], "float32", true, Some("MulBackward0")),
        "tensor([2., 4.], device='cuda:0', grad_fn=<MulBackward0>)"
    );
    assert_eq!(
        cuda(&[], &[6.0], "float32", true, Some("SumBackward0")),
        "tensor(6., device='cuda:0', grad_fn=<SumBackward0>)"
    );
    assert_eq!(
        cuda(&[], &[3.5], "float32", false, None),
        "tensor(3.5000, device='cuda:0')"
    );
    assert_eq!(
        cuda(&[0, 3], &[], "float32", false, None),
        "tensor([], device='cuda:0', size=(0, 3))"
    );
    assert_eq!(
        cuda(&[0], &[], "int64", false, None),
        "tensor([], device='cuda:0', dtype=torch.int64)"
    );
    assert_eq!(
        cuda(&[0], &[], "float32", false, None),
        "tensor([], device='cuda:0')"
    );
    assert_eq!(
        cuda(&[9], &arange_div_f32(9, 7.0), "float32", false, None),
        "tensor([0.0000, 0.1429, 0.2857, 0.4286, 0.5714, 0.7143, 0.8571, 1.0000, 1.1429],\n       device='cuda:0')"
    );
    let ar9: Vec<f64> = (0..9).map(|i| i as f64 / 7.0).collect();
    assert_eq!(
        cuda(&[9], &ar9, "float64", false, None),
        "tensor([0.0000, 0.1429, 0.2857, 0.4286, 0.5714, 0.7143, 0.8571, 1.0000, 1.1429],\n       device='cuda:0', dtype=torch.float64)"
    );
    assert_eq!(
        cuda(&[3, 4], &arange_div_f32(12, 7.0), "float32", false, None),
        "tensor([[0.0000, 0.1429, 0.2857, 0.4286],\n        [0.5714, 0.7143, 0.8571, 1.0000],\n        [1.1429, 1.2857, 1.4286, 1.5714]], device='cuda:0')"
    );
    assert_eq!(
        cuda(
            &[40, 50],
            &[(1.0f32 / 3.0) as f64; 2000],
            "float32",
            false,
            None
        ),
        "tensor([[0.3333, 0.3333, 0.3333,  ..., 0.3333, 0.3333, 0.3333],
        [0.3333, 0.3333, 0.3333,  ..., 0.3333, 0.3333, 0.3333],
        [0.3333, 0.3333, 0.3333,  ..., 0.3333, 0.3333, 0.3333],
        ...,
        [0.3333, 0.3333, 0.3333,  ..., 0.3333, 0.3333, 0.3333],
        [0.3333, 0.3333, 0.3333,  ..., 0.3333, 0.3333, 0.3333],
        [0.3333, 0.3333, 0.3333,  ..., 0.3333, 0.3333, 0.3333]],
       device='cuda:0')"
    );
    let m = dev_meta("bool");
    assert_eq!(
        torch_repr(
            &[2],
            ValueKind::Bool,
            &|i| Scalar::Bool(i == 0),
            &m,
            &PrintOptions::default()
        ),
        "tensor([ True, False], device='cuda:0')"
    );
    let m = dev_meta("int64");
    assert_eq!(
        torch_repr(
            &[3],
            ValueKind::Int,
            &|i| Scalar::Int(i as i64 + 1),
            &m,
            &PrintOptions::default()
        ),
        "tensor([1, 2, 3], device='cuda:0')"
    );
    assert_eq!(
        cuda(&[2], &[1.0 / 3.0, 2.5], "float16", false, None),
        "tensor([0.3333, 2.5000], device='cuda:0', dtype=torch.float16)"
    );
    let b = [-0.3947, -0.2305, -0.1412, -0.3006, 0.0472, -0.4938];
    assert_eq!(
        cuda(&[6], &b, "float32", true, None),
        "tensor([-0.3947, -0.2305, -0.1412, -0.3006,  0.0472, -0.4938], device='cuda:0',\n       requires_grad=True)"
    );
    let b2: Vec<f64> = b.iter().map(|v| ((*v as f32) * 2.0) as f64).collect();
    assert_eq!(
        cuda(&[6], &b2, "float32", true, Some("MulBackward0")),
        "tensor([-0.7894, -0.4610, -0.2824, -0.6012,  0.0944, -0.9876], device='cuda:0',\n       grad_fn=<MulBackward0>)"
    );
    assert_eq!(
        cuda(&[2], &[1.0, 2.0], "float64", true, None),
        "tensor([1., 2.], device='cuda:0', dtype=torch.float64, requires_grad=True)"
    );
    assert_eq!(
        cuda(&[8], &arange_div_f32(8, 7.0), "float32", false, None),
        "tensor([0.0000, 0.1429, 0.2857, 0.4286, 0.5714, 0.7143, 0.8571, 1.0000],\n       device='cuda:0')"
    );
}
