//! Comparing two serialised values (see `python/grade_values.py` for the
//! format): type, dtype, shape, device, then the values within `rtol`/`atol`
//! as `torch.allclose` (`|a - e| <= atol + rtol * |e|`), where NaN equals NaN
//! and an infinity equals only itself. The error says what differs, in words.

use serde_json::Value as Json;

/// `Ok` when `actual` matches `expected`; otherwise what differs.
pub fn compare(expected: &Json, actual: &Json, rtol: f64, atol: f64) -> Result<(), String> {
    compare_at("", expected, actual, rtol, atol)
}

fn tag(v: &Json) -> &str {
    v.get("t").and_then(Json::as_str).unwrap_or("?")
}

/// "a tensor", "an int", ...
pub fn describe(v: &Json) -> String {
    let t = tag(v);
    let what = match t {
        "none" => return "None".into(),
        "tensor" => format!("tensor of dtype {}", field(v, "dtype")),
        "ndarray" => format!("NumPy array of dtype {}", field(v, "dtype")),
        "size" => "torch.Size".into(),
        "npscalar" => format!("NumPy scalar of dtype {}", field(v, "dtype")),
        "object" => format!("`{}` object", field(v, "type")),
        "str" => "string".into(),
        other => other.into(),
    };
    let article = if what.starts_with(['a', 'e', 'i', 'o', 'u', 'N']) && !what.starts_with("Num") { "an" } else { "a" };
    format!("{article} {what}")
}

fn field<'a>(v: &'a Json, k: &str) -> &'a str {
    v.get(k).and_then(Json::as_str).unwrap_or("?")
}

fn at(path: &str) -> String {
    if path.is_empty() { String::new() } else { format!(" at {path}") }
}

fn compare_at(path: &str, e: &Json, a: &Json, rtol: f64, atol: f64) -> Result<(), String> {
    let (te, ta) = (tag(e), tag(a));
    if te != ta {
        return Err(format!("expected {}{}, got {}", describe(e), at(path), describe(a)));
    }
    match te {
        "none" => Ok(()),
        "bool" | "int" | "str" => {
            if e.get("v") == a.get("v") && e.get("len") == a.get("len") {
                Ok(())
            } else {
                Err(format!("expected {}{}, got {}", short(e), at(path), short(a)))
            }
        }
        "float" | "complex" => {
            if close(&e["v"], &a["v"], rtol, atol) {
                Ok(())
            } else {
                Err(format!("expected {}{}, got {}", short(e), at(path), short(a)))
            }
        }
        "npscalar" => {
            if e["dtype"] != a["dtype"] {
                return Err(format!("expected dtype {}{}, got {}", field(e, "dtype"), at(path), field(a, "dtype")));
            }
            if close(&e["v"], &a["v"], rtol, atol) {
                Ok(())
            } else {
                Err(format!("expected {}{}, got {}", num_text(&e["v"]), at(path), num_text(&a["v"])))
            }
        }
        "size" => {
            if e["v"] == a["v"] {
                Ok(())
            } else {
                Err(format!("expected torch.Size({}){}, got torch.Size({})", shape_text(&e["v"]), at(path), shape_text(&a["v"])))
            }
        }
        "tensor" | "ndarray" => compare_arrays(path, e, a, rtol, atol),
        "list" | "tuple" => {
            let (ie, ia) = (items(e), items(a));
            if e["len"] != a["len"] {
                return Err(format!("expected a {te} of length {}{}, got length {}", e["len"], at(path), a["len"]));
            }
            for (i, (x, y)) in ie.iter().zip(ia).enumerate() {
                compare_at(&format!("{path}[{i}]"), x, y, rtol, atol)?;
            }
            Ok(())
        }
        "dict" => {
            if e["len"] != a["len"] {
                return Err(format!("expected a dict with {} keys{}, got {}", e["len"], at(path), a["len"]));
            }
            for pair in items(e) {
                let key = &pair[0];
                let Some(other) = items(a).iter().find(|p| &p[0] == key) else {
                    return Err(format!("missing key {}{}", short(key), at(path)));
                };
                compare_at(&format!("{path}[{}]", short(key)), &pair[1], &other[1], rtol, atol)?;
            }
            Ok(())
        }
        _ => {
            if e == a {
                Ok(())
            } else {
                Err(format!("expected {}{}, got {}", field(e, "repr"), at(path), field(a, "repr")))
            }
        }
    }
}

fn items(v: &Json) -> &[Json] {
    v.get("items").and_then(Json::as_array).map(Vec::as_slice).unwrap_or(&[])
}

fn short(v: &Json) -> String {
    match tag(v) {
        "str" => format!("{:?}", v["v"].as_str().unwrap_or("")),
        "int" | "bool" | "float" | "complex" => num_text(&v["v"]),
        _ => describe(v),
    }
}

fn num_text(v: &Json) -> String {
    match v {
        Json::Bool(b) => if *b { "True".into() } else { "False".into() },
        Json::String(s) => s.clone(),
        Json::Array(p) if p.len() == 2 => format!("({}+{}j)", num_text(&p[0]), num_text(&p[1])),
        other => other.to_string(),
    }
}

fn shape_text(v: &Json) -> String {
    let dims: Vec<String> = v.as_array().map(|a| a.iter().map(|d| d.to_string()).collect()).unwrap_or_default();
    format!("[{}]", dims.join(", "))
}

fn shape_tuple(v: &Json) -> String {
    let dims: Vec<String> = v.as_array().map(|a| a.iter().map(|d| d.to_string()).collect()).unwrap_or_default();
    if dims.len() == 1 { format!("({},)", dims[0]) } else { format!("({})", dims.join(", ")) }
}

/// A number of the flat data: JSON number, "nan"/"inf"/"-inf", a big int as text.
fn number(v: &Json) -> Option<f64> {
    match v {
        Json::Number(n) => n.as_f64(),
        Json::Bool(b) => Some(f64::from(u8::from(*b))),
        Json::String(s) => match s.as_str() {
            "nan" => Some(f64::NAN),
            "inf" => Some(f64::INFINITY),
            "-inf" => Some(f64::NEG_INFINITY),
            s => s.parse().ok(),
        },
        _ => None,
    }
}

fn close(e: &Json, a: &Json, rtol: f64, atol: f64) -> bool {
    if let (Json::Array(pe), Json::Array(pa)) = (e, a) {
        return pe.len() == pa.len() && pe.iter().zip(pa).all(|(x, y)| close(x, y, rtol, atol));
    }
    if let (Json::Bool(x), Json::Bool(y)) = (e, a) {
        return x == y;
    }
    match (number(e), number(a)) {
        (Some(x), Some(y)) => {
            if x.is_nan() || y.is_nan() {
                x.is_nan() && y.is_nan()
            } else if x.is_infinite() || y.is_infinite() {
                x == y
            } else {
                (y - x).abs() <= atol + rtol * x.abs()
            }
        }
        _ => e == a,
    }
}

fn compare_arrays(path: &str, e: &Json, a: &Json, rtol: f64, atol: f64) -> Result<(), String> {
    let what = if tag(e) == "tensor" { "tensor" } else { "array" };
    let name = if path.is_empty() { format!("the {what}") } else { format!("the {what} at {path}") };
    if e["dtype"] != a["dtype"] {
        return Err(format!("{name} has dtype {}, expected {}", field(a, "dtype"), field(e, "dtype")));
    }
    if e["shape"] != a["shape"] {
        return Err(format!("{name} has shape {}, expected {}", shape_tuple(&a["shape"]), shape_tuple(&e["shape"])));
    }
    if e.get("device") != a.get("device") {
        return Err(format!("{name} is on device {}, expected {}", field(a, "device"), field(e, "device")));
    }
    let (de, da) = (e["data"].as_array(), a["data"].as_array());
    let (de, da) = (de.map(Vec::as_slice).unwrap_or(&[]), da.map(Vec::as_slice).unwrap_or(&[]));
    let mut wrong = 0usize;
    let mut first = None;
    for (i, (x, y)) in de.iter().zip(da).enumerate() {
        if !close(x, y, rtol, atol) {
            wrong += 1;
            first.get_or_insert(i);
        }
    }
    let Some(i) = first else { return Ok(()) };
    let dims: Vec<u64> = e["shape"].as_array().map(|s| s.iter().filter_map(Json::as_u64).collect()).unwrap_or_default();
    Err(format!(
        "{name} differs in {wrong} of {} values; first at {}: got {}, expected {} (rtol={rtol:e}, atol={atol:e})",
        de.len(),
        multi_index(i, &dims),
        num_text(&da[i]),
        num_text(&de[i])
    ))
}

/// Flat index -> `[i, j, k]` for a row-major shape.
fn multi_index(mut flat: usize, dims: &[u64]) -> String {
    if dims.is_empty() {
        return "[]".into();
    }
    let mut idx = vec![0u64; dims.len()];
    for (k, &d) in dims.iter().enumerate().rev() {
        let d = d.max(1) as usize;
        idx[k] = (flat % d) as u64;
        flat /= d;
    }
    format!("[{}]", idx.iter().map(u64::to_string).collect::<Vec<_>>().join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn tensor(dtype: &str, shape: &[u64], data: Json) -> Json {
        json!({"t": "tensor", "dtype": dtype, "shape": shape, "device": "cpu", "numel": 0, "data": data})
    }

    #[test]
    fn tensors_compare_like_allclose() {
        let e = tensor("torch.float32", &[2, 2], json!([1.0, 2.0, "nan", "inf"]));
        assert_eq!(compare(&e, &e, 1e-5, 1e-8), Ok(()));
        let a = tensor("torch.float32", &[2, 2], json!([1.0, 2.00001, "nan", "inf"]));
        assert_eq!(compare(&e, &a, 1e-5, 1e-8), Ok(()));
        let a = tensor("torch.float32", &[2, 2], json!([1.0, 2.5, "nan", "-inf"]));
        let err = compare(&e, &a, 1e-5, 1e-8).unwrap_err();
        assert!(err.contains("differs in 2 of 4 values; first at [0, 1]: got 2.5, expected 2.0"), "{err}");
        let a = tensor("torch.float32", &[2, 2], json!([1.0, 2.0, 0.0, "inf"]));
        assert!(compare(&e, &a, 1e-5, 1e-8).unwrap_err().contains("first at [1, 0]: got 0.0, expected nan"));
    }

    #[test]
    fn dtype_shape_and_type_are_named() {
        let e = tensor("torch.float32", &[2, 3], json!([0, 0, 0, 0, 0, 0]));
        let a = tensor("torch.int64", &[2, 3], json!([0, 0, 0, 0, 0, 0]));
        assert_eq!(compare(&e, &a, 0.0, 0.0).unwrap_err(), "the tensor has dtype torch.int64, expected torch.float32");
        let a = tensor("torch.float32", &[3, 2], json!([0, 0, 0, 0, 0, 0]));
        assert_eq!(compare(&e, &a, 0.0, 0.0).unwrap_err(), "the tensor has shape (3, 2), expected (2, 3)");
        let err = compare(&e, &json!({"t": "list", "len": 2, "items": []}), 0.0, 0.0).unwrap_err();
        assert_eq!(err, "expected a tensor of dtype torch.float32, got a list");
    }

    #[test]
    fn containers_and_scalars() {
        let e = json!({"t": "tuple", "len": 2, "items": [{"t": "int", "v": 1}, {"t": "float", "v": 0.5}]});
        let a = json!({"t": "tuple", "len": 2, "items": [{"t": "int", "v": 1}, {"t": "float", "v": 0.75}]});
        assert_eq!(compare(&e, &a, 1e-5, 1e-8).unwrap_err(), "expected 0.5 at [1], got 0.75");
        let a = json!({"t": "tuple", "len": 2, "items": [{"t": "int", "v": 2}, {"t": "float", "v": 0.5}]});
        assert_eq!(compare(&e, &a, 1e-5, 1e-8).unwrap_err(), "expected 1 at [0], got 2");
        assert_eq!(compare(&json!({"t":"none"}), &json!({"t":"int","v":3}), 0.0, 0.0).unwrap_err(), "expected None, got an int");
    }
}
