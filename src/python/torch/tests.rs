//! Python snippets through the binding, compared with real PyTorch's output
//! (expected texts recorded from /work/venv/bin/python, torch 2.15).
use super::test_harness::run;

fn check(code: &str, expected: &str) {
    let got = run(code);
    assert_eq!(got, expected, "\n--- code ---\n{code}\n--- got ---\n{got}\n--- expected ---\n{expected}");
}

#[test]
fn tensor_repr_and_type() {
    check(
        "t = torch.tensor([[1, 2], [3, 4]])\nprint(t)\nprint(type(t))\nprint(t.dtype, t.shape, t.ndim, t.device)",
        "tensor([[1, 2],\n        [3, 4]])\n<class 'torch.Tensor'>\ntorch.int64 torch.Size([2, 2]) 2 cpu\n",
    );
}
