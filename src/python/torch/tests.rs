//! Python snippets through the binding, compared with real PyTorch's output.
//! The cases and their expected output live in `fixtures/cases.txt`, recorded by
//! `fixtures/gen_cases.py` with torch 2.15.
use super::test_harness::run;

const CASES: &str = include_str!("fixtures/cases.txt");

/// (name, code, expected) for every case in the fixture file.
fn cases() -> Vec<(&'static str, &'static str, &'static str)> {
    CASES
        .split("=== ")
        .filter(|c| !c.is_empty())
        .map(|c| {
            let (name, rest) = c.split_once('\n').expect("case name line");
            let (code, expected) = rest.split_once("--- expected\n").expect("expected marker");
            (name, code, expected)
        })
        .collect()
}

fn check_case(name: &str) {
    let (_, code, expected) = cases()
        .into_iter()
        .find(|c| c.0 == name)
        .unwrap_or_else(|| panic!("no case {name}"));
    let got = run(code);
    assert_eq!(
        got, expected,
        "\n--- case {name} ---\n{code}\n--- got ---\n{got}--- expected ---\n{expected}"
    );
}

macro_rules! recorded {
    ($($name:ident),* $(,)?) => {
        $(#[test] fn $name() { check_case(stringify!($name)); })*

        #[test]
        fn every_recorded_case_has_a_test() {
            let known = [$(stringify!($name)),*];
            for (name, _, _) in cases() {
                assert!(known.contains(&name), "case {name} has no test");
            }
        }
    };
}

recorded!(
    creation_dtypes,
    creation_ragged,
    creation_ragged_2,
    creation_bad_type,
    creation_requires_grad_int,
    factories,
    factory_negative,
    arange_linspace,
    seeded_random,
    shape_size,
    size_dim_error,
    dtype_objects,
    devices,
    device_bad,
    cuda_missing,
    views,
    view_error,
    view_bad_size,
    indexing,
    index_out_of_range,
    index_too_many,
    index_second_dim_out_of_range,
    index_after_none_out_of_range,
    index_neg_step,
    index_float,
    setitem,
    setitem_list,
    setitem_bad_shape,
    item_tolist_format,
    item_many,
    bool_ambiguous,
    float_many,
    index_float_tensor,
    format_bad,
    len_0d,
    iter_0d,
    iteration,
    conversions,
    grad_attributes,
    requires_grad_int,
    grad_wrong_shape,
    printoptions,
    subclass,
    tensor_constructor,
    hash_and_identity,
    cat_of_non_tensors,
    equal_allclose_new,
    allclose_dtype,
    allclose_shape,
    equal_not_tensor,
    operators,
    operators_inplace,
    inplace_int_float_error,
    inplace_broadcast_error,
    add_bad_type,
    method_forms,
    clamp_no_args,
    reductions,
    mean_int_error,
    sum_bad_dim,
    sum_bad_type,
    fstrings,
    matmul_join_index,
    matmul_shape_error,
    stack_shape_error,
    expand_error,
    setitem_broadcast_error,
    contains,
    contains_str,
    sum_bad_type_function,
    sum_bad_dim_kw,
    sum_bad_keepdim,
    mean_bad_type_function,
    add_bad_type_function,
    add_bad_type_method,
);
