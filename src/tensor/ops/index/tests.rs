//! Indexing tests; expected values and messages from real PyTorch 2.15 (the
//! conformance cases 007-012 and direct runs).
use super::TensorIndex::{self, Ellipsis, Int, NewAxis, Slice};
use crate::tensor::dtype::DType;
use crate::tensor::error::TensorError;
use crate::tensor::scalar::Scalar;
use crate::tensor::tensor::Tensor;

fn ar(n: i64, shape: &[i64]) -> Tensor {
    Tensor::arange(Scalar::Int(0), Scalar::Int(n), Scalar::Int(1), None)
        .unwrap()
        .reshape(shape)
        .unwrap()
}
fn it(v: &[i64]) -> TensorIndex {
    TensorIndex::Tensor(Tensor::from_vec(v.to_vec(), &[v.len()]).unwrap())
}
fn mask(v: &[bool], shape: &[usize]) -> TensorIndex {
    TensorIndex::Tensor(Tensor::from_vec(v.to_vec(), shape).unwrap())
}
fn all() -> TensorIndex {
    Slice(None, None, 1)
}
fn err(r: crate::tensor::Result<Tensor>) -> TensorError {
    r.unwrap_err()
}

#[test]
fn conformance_007_ints_and_slices() {
    let x = ar(10, &[10]);
    let a = x.index(&[Int(-1)]).unwrap();
    assert_eq!((a.shape(), a.to_vec::<i64>()), (&[] as &[usize], vec![9]));
    assert_eq!(
        x.index(&[Slice(Some(-3), None, 1)]).unwrap().to_vec::<i64>(),
        vec![7, 8, 9]
    );
    assert_eq!(
        x.index(&[Slice(None, None, 2)]).unwrap().to_vec::<i64>(),
        vec![0, 2, 4, 6, 8]
    );
    assert_eq!(
        x.index(&[Slice(Some(1), Some(8), 3)]).unwrap().to_vec::<i64>(),
        vec![1, 4, 7]
    );
    assert_eq!(
        x.index(&[Slice(Some(-4), Some(-1), 1)]).unwrap().to_vec::<i64>(),
        vec![6, 7, 8]
    );
    assert_eq!(
        err(x.index(&[Slice(None, None, -1)])),
        TensorError::Value("step must be greater than zero".into())
    );
    assert_eq!(
        err(x.index(&[Slice(Some(0), Some(1), 0)])),
        TensorError::Value("slice step cannot be zero".into())
    );
    assert_eq!(x.index(&[Slice(Some(7), Some(3), 1)]).unwrap().shape(), &[0]);
    // Basic indexing is a view.
    assert!(x.index(&[Slice(Some(2), None, 1)]).unwrap().shares_storage(&x));
}

#[test]
fn conformance_008_integer_lists() {
    let x = ar(12, &[3, 4]);
    assert_eq!(
        x.index(&[it(&[0, 2])]).unwrap().to_vec::<i64>(),
        vec![0, 1, 2, 3, 8, 9, 10, 11]
    );
    let c = x.index(&[all(), it(&[3, 0])]).unwrap();
    assert_eq!(
        (c.shape(), c.to_vec::<i64>()),
        (&[3usize, 2][..], vec![3, 0, 7, 4, 11, 8])
    );
    assert_eq!(
        x.index(&[it(&[0, 1, 2]), it(&[1, 2, 3])]).unwrap().to_vec::<i64>(),
        vec![1, 6, 11]
    );
    let r = x.index(&[it(&[2, 0, 2])]).unwrap();
    assert_eq!(r.shape(), &[3, 4]);
    assert_eq!(&r.to_vec::<i64>()[..4], &[8, 9, 10, 11]);
    assert!(!r.shares_storage(&x));
}

#[test]
fn conformance_009_bool_masks() {
    let x = Tensor::from_vec(vec![1i64, -2, 3, -4, 5, -6], &[2, 3]).unwrap();
    let m: Vec<bool> = x.to_vec::<i64>().iter().map(|&v| v > 0).collect();
    assert_eq!(x.index(&[mask(&m, &[2, 3])]).unwrap().to_vec::<i64>(), vec![1, 3, 5]);
    x.index_put_(&[mask(&m, &[2, 3])], &Tensor::scalar(Scalar::Int(0), DType::I64), false)
        .unwrap();
    assert_eq!(x.to_vec::<i64>(), vec![0, -2, 0, -4, 0, -6]);
    let y = Tensor::from_vec(vec![0.5f32, -1.5, 2.5], &[3]).unwrap();
    assert_eq!(
        y.index(&[mask(&[true, false, true], &[3])]).unwrap().to_vec::<f32>(),
        vec![0.5, 2.5]
    );
}

#[test]
fn conformance_010_none_and_ellipsis() {
    let x = ar(24, &[2, 3, 4]);
    assert_eq!(x.index(&[NewAxis]).unwrap().shape(), &[1, 2, 3, 4]);
    assert_eq!(x.index(&[all(), NewAxis]).unwrap().shape(), &[2, 1, 3, 4]);
    assert_eq!(x.index(&[Ellipsis, NewAxis]).unwrap().shape(), &[2, 3, 4, 1]);
    assert_eq!(
        x.index(&[Ellipsis, Int(0)]).unwrap().to_vec::<i64>(),
        vec![0, 4, 8, 12, 16, 20]
    );
    assert_eq!(
        x.index(&[Int(1), Ellipsis]).unwrap().to_vec::<i64>(),
        (12..24).collect::<Vec<_>>()
    );
    assert_eq!(
        x.index(&[NewAxis, Ellipsis, NewAxis, Int(0)]).unwrap().shape(),
        &[1, 2, 3, 1]
    );
    assert_eq!(
        err(x.index(&[Ellipsis, Ellipsis])),
        TensorError::Index("an index can only have a single ellipsis ('...')".into())
    );
}

#[test]
fn conformance_011_setitem() {
    let x = Tensor::zeros(&[3, 4], DType::F32).unwrap();
    x.index_put_(&[Int(0)], &Tensor::scalar(Scalar::Int(5), DType::I64), false)
        .unwrap();
    x.index_put_(
        &[all(), Int(1)],
        &Tensor::from_vec(vec![1.0f32, 2.0, 3.0], &[3]).unwrap(),
        false,
    )
    .unwrap();
    x.index_put_(&[Int(2), Int(3)], &Tensor::scalar(Scalar::Int(-1), DType::I64), false)
        .unwrap();
    assert_eq!(x.to_vec::<f32>(), vec![5., 1., 5., 5., 0., 2., 0., 0., 0., 3., 0., -1.]);
    x.index_put_(
        &[Slice(Some(1), None, 1), Slice(Some(2), None, 1)],
        &Tensor::scalar(Scalar::Float(7.5), DType::F32),
        false,
    )
    .unwrap();
    assert_eq!(
        x.to_vec::<f32>(),
        vec![5., 1., 5., 5., 0., 2., 7.5, 7.5, 0., 3., 7.5, 7.5]
    );
    let n = Tensor::from_vec(vec![1i64, 2, 3], &[3]).unwrap();
    n.index_put_(&[Int(0)], &Tensor::scalar(Scalar::Float(9.9), DType::F32), false)
        .unwrap();
    assert_eq!(n.to_vec::<i64>(), vec![9, 2, 3]);
}

#[test]
fn conformance_012_out_of_range_messages() {
    let x = Tensor::from_vec(vec![10i64, 20, 30], &[3]).unwrap();
    assert_eq!(
        err(x.index(&[Int(5)])),
        TensorError::Index("index 5 is out of bounds for dimension 0 with size 3".into())
    );
    let m = Tensor::ones(&[2, 3], DType::F32).unwrap();
    assert_eq!(
        err(m.index(&[Int(0), Int(3)])),
        TensorError::Index("index 3 is out of bounds for dimension 1 with size 3".into())
    );
    assert_eq!(
        err(m.index(&[Int(2)])),
        TensorError::Index("index 2 is out of bounds for dimension 0 with size 2".into())
    );
    assert_eq!(x.index(&[Int(-3)]).unwrap().to_vec::<i64>(), vec![10]);
    assert_eq!(
        x.index(&[Slice(Some(-4), None, 1)]).unwrap().to_vec::<i64>(),
        vec![10, 20, 30]
    );
}

#[test]
fn advanced_placement_and_errors() {
    let x = ar(24, &[2, 3, 4]);
    assert_eq!(
        err(x.index(&[Int(0), Int(0), Int(0), Int(0)])),
        TensorError::Index("too many indices for tensor of dimension 3".into())
    );
    assert_eq!(
        err(x.index(&[all(), Int(5)])),
        TensorError::Index("index 5 is out of bounds for dimension 1 with size 3".into())
    );
    assert_eq!(
        err(x.index(&[it(&[0, 5])])),
        TensorError::Index("index 5 is out of bounds for dimension 0 with size 2".into())
    );
    assert_eq!(
        err(x.index(&[all(), it(&[0, 5])])),
        TensorError::Index("index 5 is out of bounds for dimension 1 with size 3".into())
    );
    assert_eq!(
        err(x.index(&[mask(&[true, false, true], &[3])])),
        TensorError::Index(
            "The shape of the mask [3] at index 0 does not match the shape of the indexed tensor [2, 3, 4] at index 0"
                .into()
        )
    );
    assert_eq!(
        err(x.index(&[all(), mask(&[true, false], &[2])])),
        TensorError::Index(
            "The shape of the mask [2] at index 0 does not match the shape of the indexed tensor [2, 3, 4] at index 1"
                .into()
        )
    );
    let m2 = x
        .index(&[mask(&[true, false, true, true, true, true], &[2, 3])])
        .unwrap();
    assert_eq!(m2.shape(), &[5, 4]);
    assert_eq!(&m2.to_vec::<i64>()[4..8], &[8, 9, 10, 11]);
    // Separated by a slice: the index dims go first.
    let s = x.index(&[it(&[0, 1]), all(), it(&[1, 2])]).unwrap();
    assert_eq!(
        (s.shape(), s.to_vec::<i64>()),
        (&[2usize, 3][..], vec![1, 5, 9, 14, 18, 22])
    );
    let s = x.index(&[all(), it(&[0, 1]), it(&[1, 2])]).unwrap();
    assert_eq!((s.shape(), s.to_vec::<i64>()), (&[2usize, 2][..], vec![1, 6, 13, 18]));
    let col = Tensor::from_vec(vec![0i64, 2], &[2, 1]).unwrap();
    let b = x.index(&[it(&[0, 1]), TensorIndex::Tensor(col)]).unwrap();
    assert_eq!(b.shape(), &[2, 2, 4]);
    assert_eq!(&b.to_vec::<i64>()[..8], &[0, 1, 2, 3, 12, 13, 14, 15]);
    assert_eq!(
        err(x.index(&[it(&[0, 1]), it(&[0, 1, 2])])),
        TensorError::Index(
            "shape mismatch: indexing tensors could not be broadcast together with shapes [2], [3]".into()
        )
    );
    let f = Tensor::from_vec(vec![0.5f32], &[1]).unwrap();
    assert_eq!(
        err(x.index(&[TensorIndex::Tensor(f)])),
        TensorError::Index("tensors used as indices must be long, int, byte or bool tensors".into())
    );
    assert_eq!(
        x.index(&[TensorIndex::Tensor(Tensor::scalar(Scalar::Int(1), DType::I64))])
            .unwrap()
            .shape(),
        &[3, 4]
    );
    assert_eq!(
        x.index(&[TensorIndex::Tensor(Tensor::scalar(Scalar::Bool(true), DType::Bool))])
            .unwrap()
            .shape(),
        &[1, 2, 3, 4]
    );
    assert_eq!(
        x.index(&[TensorIndex::Tensor(Tensor::scalar(Scalar::Bool(false), DType::Bool))])
            .unwrap()
            .shape(),
        &[0, 2, 3, 4]
    );
    let y = x.index(&[Int(1), NewAxis, it(&[0, 2])]).unwrap();
    assert_eq!(
        (y.shape(), &y.to_vec::<i64>()[..4]),
        (&[1usize, 2, 4][..], &[12i64, 13, 14, 15][..])
    );
    assert_eq!(x.index(&[it(&[])]).unwrap().shape(), &[0, 3, 4]);
    let i32idx = Tensor::from_vec(vec![0i32, 1], &[2]).unwrap();
    assert_eq!(x.index(&[TensorIndex::Tensor(i32idx)]).unwrap().shape(), &[2, 3, 4]);
    // 0-dim tensors
    let z = Tensor::scalar(Scalar::Int(5), DType::I64);
    assert_eq!(
        err(z.index(&[Int(0)])),
        TensorError::Index("invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to convert a 0-dim tensor to a number".into())
    );
    assert_eq!(z.index(&[NewAxis]).unwrap().to_vec::<i64>(), vec![5]);
    assert_eq!(z.index(&[Ellipsis]).unwrap().shape(), &[] as &[usize]);
}

#[test]
fn index_put_forms_and_errors() {
    let y = Tensor::zeros(&[3, 4], DType::F32).unwrap();
    y.index_put_(
        &[it(&[0, 2])],
        &Tensor::from_vec(vec![1.0f32, 2., 3., 4.], &[4]).unwrap(),
        false,
    )
    .unwrap();
    assert_eq!(&y.to_vec::<f32>()[8..], &[1., 2., 3., 4.]);
    assert_eq!(
        y.index_put_(
            &[it(&[0, 2])],
            &Tensor::from_vec(vec![1.0f32, 2., 3.], &[3]).unwrap(),
            false
        )
        .unwrap_err(),
        TensorError::Runtime(
            "shape mismatch: value tensor of shape [3] cannot be broadcast to indexing result of shape [2, 4]".into()
        )
    );
    assert_eq!(
        y.index_put_(&[Int(0)], &Tensor::from_vec(vec![1.0f32; 5], &[5]).unwrap(), false)
            .unwrap_err()
            .to_string(),
        "The expanded size of the tensor (4) must match the existing size (5) at non-singleton dimension 0.  Target sizes: [4].  Tensor sizes: [5]"
    );
    // Repeated indices: the last write wins; with accumulate all add.
    y.index_put_(
        &[it(&[0, 0]), it(&[1, 1])],
        &Tensor::from_vec(vec![5.0f32, 7.], &[2]).unwrap(),
        false,
    )
    .unwrap();
    assert_eq!(y.to_vec::<f32>()[1], 7.);
    let z = Tensor::zeros(&[3], DType::F32).unwrap();
    z.index_put_(&[it(&[0, 0, 2])], &Tensor::scalar(Scalar::Float(1.0), DType::F32), true)
        .unwrap();
    assert_eq!(z.to_vec::<f32>(), vec![2., 0., 1.]);
    // A value with leading size-1 dims broadcasts after dropping them.
    let w = Tensor::zeros(&[2, 3], DType::F32).unwrap();
    w.index_put_(&[Int(1)], &Tensor::ones(&[1, 1, 3], DType::F32).unwrap(), false)
        .unwrap();
    assert_eq!(w.to_vec::<f32>(), vec![0., 0., 0., 1., 1., 1.]);
    // Writing a tensor into itself (aliasing) reads before it writes.
    let a = Tensor::from_vec(vec![1.0f32, 2., 3., 4.], &[4]).unwrap();
    let rev = a.index(&[it(&[3, 2, 1, 0])]).unwrap();
    a.index_put_(
        &[Slice(None, None, 1)],
        &a.index(&[Slice(Some(0), Some(2), 1)])
            .unwrap()
            .reshape(&[1, 2])
            .unwrap()
            .expand(&[2, 2])
            .unwrap()
            .reshape(&[4])
            .unwrap(),
        false,
    )
    .unwrap();
    assert_eq!(a.to_vec::<f32>(), vec![1., 2., 1., 2.]);
    assert_eq!(rev.to_vec::<f32>(), vec![4., 3., 2., 1.]);
}

#[test]
fn named_indexing_ops() {
    let x = Tensor::zeros(&[2, 3], DType::F32).unwrap();
    let r = |res: crate::tensor::Result<Tensor>| res.unwrap_err().to_string();
    let i64t = |v: &[i64], s: &[usize]| Tensor::from_vec(v.to_vec(), s).unwrap();
    assert_eq!(r(x.index_select(1, &i64t(&[3], &[1]))), "index out of range in self");
    assert_eq!(r(x.index_select(1, &i64t(&[-1], &[1]))), "index out of range in self");
    assert_eq!(
        r(x.index_select(0, &Tensor::zeros(&[1], DType::F32).unwrap())),
        "index_select(): Expected dtype int32 or int64 for index"
    );
    let a = ar(6, &[2, 3]);
    assert_eq!(
        a.index_select(1, &i64t(&[2, 0], &[2])).unwrap().to_vec::<i64>(),
        vec![2, 0, 5, 3]
    );
    // gather / scatter: torch.tensor([[1,2],[3,4]]).gather(0, [[1,0],[0,0]]) -> [[3,2],[1,2]]
    let g = i64t(&[1, 2, 3, 4], &[2, 2])
        .gather(0, &i64t(&[1, 0, 0, 0], &[2, 2]))
        .unwrap();
    assert_eq!(g.to_vec::<i64>(), vec![3, 2, 1, 2]);
    assert_eq!(
        r(x.gather(1, &i64t(&[0, 5], &[2, 1]))),
        "index 5 is out of bounds for dimension 1 with size 3"
    );
    assert_eq!(
        r(x.gather(1, &i64t(&[-1], &[1, 1]))),
        "index -1 is out of bounds for dimension 1 with size 3"
    );
    assert_eq!(
        r(x.gather(1, &i64t(&[0], &[1]))),
        "Index tensor must have the same number of dimensions as input tensor"
    );
    assert_eq!(
        r(x.gather(1, &i64t(&[0; 12], &[3, 4]))),
        "Size does not match at dimension 0 expected index [3, 4] to be no larger than self [2, 3] apart from dimension 1"
    );
    assert_eq!(x.gather(1, &i64t(&[0, 1, 2, 0], &[1, 4])).unwrap().shape(), &[1, 4]);
    let src = Tensor::from_vec(vec![1.0f32, 2., 3., 4.], &[2, 2]).unwrap();
    let idx = i64t(&[0, 0, 1, 2], &[2, 2]);
    // scatter_add -> [[3,0,0],[0,3,4]]; scatter -> [[2,0,0],[0,3,4]]
    assert_eq!(
        x.scatter_add(1, &idx, &src).unwrap().to_vec::<f32>(),
        vec![3., 0., 0., 0., 3., 4.]
    );
    assert_eq!(
        x.scatter(1, &idx, &src).unwrap().to_vec::<f32>(),
        vec![2., 0., 0., 0., 3., 4.]
    );
    assert_eq!(x.to_vec::<f32>(), vec![0.; 6]);
    assert_eq!(
        r(x.scatter(1, &i64t(&[0, 1], &[2, 1]), &Tensor::ones(&[2, 1], DType::F64).unwrap())),
        "scatter(): Expected self.dtype to be equal to src.dtype"
    );
    assert_eq!(
        r(x.scatter(1, &i64t(&[0, 1], &[1, 2]), &Tensor::ones(&[1, 1], DType::F32).unwrap())),
        "Expected index [1, 2] to be no larger than self [2, 3] apart from dimension 1 and to be no larger size than src [1, 1]"
    );
    assert_eq!(
        r(x.scatter_value(1, &i64t(&[0, 3], &[2, 1]), Scalar::Float(1.0))),
        "index 3 is out of bounds for dimension 1 with size 3"
    );
    assert_eq!(
        x.scatter_value(1, &i64t(&[0, 2], &[2, 1]), Scalar::Float(1.0))
            .unwrap()
            .to_vec::<f32>(),
        vec![1., 0., 0., 0., 0., 1.]
    );
    // take, masked_select, nonzero
    let t = Tensor::zeros(&[3], DType::F32).unwrap();
    assert_eq!(
        r(t.take(&i64t(&[3], &[1]))),
        "out of range: tried to access index 3 on a tensor of 3 elements."
    );
    assert_eq!(
        r(t.take(&Tensor::from_vec(vec![0i32], &[1]).unwrap())),
        "take(): Expected a long tensor for index, but got Int"
    );
    assert_eq!(
        a.take(&i64t(&[5, -6, 1, 2], &[2, 2])).unwrap().to_vec::<i64>(),
        vec![5, 0, 1, 2]
    );
    assert_eq!(
        r(t.masked_select(&i64t(&[1, 0, 1], &[3]))),
        "masked_select: expected BoolTensor for mask"
    );
    let bm = Tensor::from_vec(vec![true, false], &[2]).unwrap();
    assert_eq!(
        r(x.masked_select(&bm)),
        "The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 1"
    );
    let bm = Tensor::from_vec(vec![true, false, true], &[3]).unwrap();
    assert_eq!(a.masked_select(&bm).unwrap().to_vec::<i64>(), vec![0, 2, 3, 5]);
    let nz = i64t(&[0, 1, 2, 0], &[2, 2]);
    let n = nz.nonzero().unwrap();
    assert_eq!((n.shape(), n.to_vec::<i64>()), (&[2usize, 2][..], vec![0, 1, 1, 0]));
    let tup = nz.nonzero_tuple().unwrap();
    assert_eq!(
        (tup[0].to_vec::<i64>(), tup[1].to_vec::<i64>()),
        (vec![0, 1], vec![1, 0])
    );
    let s = Tensor::scalar(Scalar::Int(3), DType::I64);
    assert_eq!(s.nonzero().unwrap().shape(), &[1, 0]);
    assert_eq!(s.nonzero_tuple().unwrap()[0].to_vec::<i64>(), vec![0]);
}
