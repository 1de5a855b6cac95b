//! Turn one raw `[[exercise.check]]` table into a typed [`Check`], saying
//! exactly what its kind is missing or does not use.

use toml::Spanned;

use super::diagnostic::did_you_mean;
use super::loader::{Ctx, TomlFile};
use super::model::{Check, CheckKind, Normalize};
use super::pysyntax::{PyMode, syntax_error};
use super::raw::RawCheck;

/// Which kinds use each kind-specific key (for "does not apply" errors).
const KEY_KINDS: &[(&str, &[&str])] = &[
    ("expr", &["value", "assert", "faster"]),
    ("rtol", &["value"]),
    ("atol", &["value"]),
    ("normalize", &["output"]),
    ("error", &["raises"]),
    ("names", &["uses", "forbids"]),
    ("baseline", &["faster"]),
    ("setup", &["faster"]),
    ("min_ratio", &["faster"]),
    ("repeat", &["faster"]),
];

pub(crate) fn convert_check(
    ctx: &mut Ctx,
    file: &TomlFile,
    exercise: &str,
    raw: Spanned<RawCheck>,
) -> Option<Check> {
    let line = file.span_line(&raw);
    let raw = raw.into_inner();
    let kind_name = raw.kind.get_ref().as_str();
    let kind_line = file.span_line(&raw.kind);
    let rel = file.rel.clone();
    let at = format!("exercise `{exercise}`, `{kind_name}` check");

    if !CheckKind::NAMES.contains(&kind_name) {
        let hint = did_you_mean(kind_name, CheckKind::NAMES);
        ctx.error(
            &rel,
            Some(kind_line),
            format!(
                "exercise `{exercise}`: unknown check kind `{kind_name}`{hint} (kinds: {})",
                CheckKind::NAMES.join(", ")
            ),
        );
        return None;
    }

    let mut ok = true;
    // Keys set on this check that its kind does not read: likely a mistake.
    let present: [(&str, Option<usize>); 10] = [
        ("expr", raw.expr.as_ref().map(|s| file.span_line(s))),
        ("rtol", raw.rtol.as_ref().map(|s| file.span_line(s))),
        ("atol", raw.atol.as_ref().map(|s| file.span_line(s))),
        (
            "normalize",
            raw.normalize.as_ref().map(|s| file.span_line(s)),
        ),
        ("error", raw.error.as_ref().map(|s| file.span_line(s))),
        ("names", raw.names.as_ref().map(|s| file.span_line(s))),
        ("baseline", raw.baseline.as_ref().map(|s| file.span_line(s))),
        ("setup", raw.setup.as_ref().map(|s| file.span_line(s))),
        (
            "min_ratio",
            raw.min_ratio.as_ref().map(|s| file.span_line(s)),
        ),
        ("repeat", raw.repeat.as_ref().map(|s| file.span_line(s))),
    ];
    for (key, key_line) in present {
        let Some(key_line) = key_line else { continue };
        let kinds = KEY_KINDS
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| *v)
            .unwrap_or(&[]);
        if !kinds.contains(&kind_name) {
            ctx.error(
                &rel,
                Some(key_line),
                format!(
                    "{at}: `{key}` does not apply to a `{kind_name}` check (it is for {} checks)",
                    kinds
                        .iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(" and ")
                ),
            );
            ok = false;
        }
    }

    let need = |ctx: &mut Ctx,
                key: &str,
                value: Option<&Spanned<String>>,
                mode: PyMode,
                example: &str|
     -> Option<String> {
        let Some(v) = value else {
            ctx.error(
                &rel,
                Some(line),
                format!("{at} is missing its `{key}`: add `{key} = \"{example}\"`"),
            );
            return None;
        };
        if v.get_ref().trim().is_empty() {
            ctx.error(
                &rel,
                Some(file.span_line(v)),
                format!("{at}: `{key}` is empty"),
            );
            return None;
        }
        if let Some(e) = syntax_error(v.get_ref(), mode) {
            ctx.error(
                &rel,
                Some(file.code_line(v.span(), e.line)),
                format!(
                    "{at}: `{key}` is not a valid Python {}: {}",
                    if mode == PyMode::Expression {
                        "expression"
                    } else {
                        "statement block"
                    },
                    e.message
                ),
            );
            return None;
        }
        Some(v.get_ref().clone())
    };

    let non_negative = |ctx: &mut Ctx,
                        key: &str,
                        v: &Option<Spanned<f64>>,
                        default: f64,
                        strictly: bool|
     -> Option<f64> {
        match v {
            None => Some(default),
            Some(s) => {
                let x = *s.get_ref();
                let good = x.is_finite() && if strictly { x > 0.0 } else { x >= 0.0 };
                if good {
                    Some(x)
                } else {
                    let bound = if strictly { "> 0" } else { "≥ 0" };
                    ctx.error(
                        &file.rel,
                        Some(file.span_line(s)),
                        format!("{at}: `{key}` must be a number {bound}"),
                    );
                    None
                }
            }
        }
    };

    let kind = match kind_name {
        "value" => {
            let expr = need(ctx, "expr", raw.expr.as_ref(), PyMode::Expression, "x");
            let rtol = non_negative(ctx, "rtol", &raw.rtol, CheckKind::DEFAULT_RTOL, false);
            let atol = non_negative(ctx, "atol", &raw.atol, CheckKind::DEFAULT_ATOL, false);
            match (expr, rtol, atol) {
                (Some(expr), Some(rtol), Some(atol)) => Some(CheckKind::Value { expr, rtol, atol }),
                _ => None,
            }
        }
        "output" => match raw
            .normalize
            .as_ref()
            .map(|n| (n.get_ref().as_str(), file.span_line(n)))
        {
            None | Some(("none", _)) => Some(CheckKind::Output {
                normalize: Normalize::None,
            }),
            Some(("whitespace", _)) => Some(CheckKind::Output {
                normalize: Normalize::Whitespace,
            }),
            Some((other, nline)) => {
                let hint = did_you_mean(other, ["whitespace", "none"]);
                ctx.error(&rel, Some(nline), format!(
                    "{at}: unknown normalize `{other}`{hint} (use \"whitespace\" or leave it out)"));
                None
            }
        },
        "assert" => need(
            ctx,
            "expr",
            raw.expr.as_ref(),
            PyMode::Expression,
            "x.shape == (3, 2)",
        )
        .map(|expr| CheckKind::Assert { expr }),
        "raises" => match raw.error.as_ref() {
            Some(e) if is_exception_name(e.get_ref()) => Some(CheckKind::Raises {
                error: e.get_ref().clone(),
            }),
            Some(e) => {
                ctx.error(&rel, Some(file.span_line(e)), format!(
                    "{at}: `error` must be an exception type name like \"RuntimeError\", not `{}`", e.get_ref()));
                None
            }
            None => {
                ctx.error(
                    &rel,
                    Some(line),
                    format!("{at} is missing its `error`: add `error = \"RuntimeError\"`"),
                );
                None
            }
        },
        "uses" | "forbids" => match raw.names.as_ref() {
            Some(n)
                if !n.get_ref().is_empty() && n.get_ref().iter().all(|s| !s.trim().is_empty()) =>
            {
                let names = n.get_ref().clone();
                Some(if kind_name == "uses" {
                    CheckKind::Uses { names }
                } else {
                    CheckKind::Forbids { names }
                })
            }
            Some(n) => {
                ctx.error(
                    &rel,
                    Some(file.span_line(n)),
                    format!("{at}: `names` must list at least one non-empty name"),
                );
                None
            }
            None => {
                ctx.error(
                    &rel,
                    Some(line),
                    format!("{at} is missing its `names`: add `names = [\"for\"]`"),
                );
                None
            }
        },
        "faster" => {
            let expr = need(
                ctx,
                "expr",
                raw.expr.as_ref(),
                PyMode::Expression,
                "fast(x)",
            );
            let baseline = need(
                ctx,
                "baseline",
                raw.baseline.as_ref(),
                PyMode::Expression,
                "slow(x)",
            );
            let setup = match raw.setup.as_ref() {
                None => Some(None),
                Some(_) => need(ctx, "setup", raw.setup.as_ref(), PyMode::Statements, "").map(Some),
            };
            let min_ratio = non_negative(
                ctx,
                "min_ratio",
                &raw.min_ratio,
                CheckKind::DEFAULT_MIN_RATIO,
                true,
            );
            let repeat = match &raw.repeat {
                None => Some(CheckKind::DEFAULT_REPEAT),
                Some(r) => match u32::try_from(*r.get_ref()) {
                    Ok(n) if (1..=1000).contains(&n) => Some(n),
                    _ => {
                        ctx.error(
                            &rel,
                            Some(file.span_line(r)),
                            format!("{at}: `repeat` must be a whole number from 1 to 1000"),
                        );
                        None
                    }
                },
            };
            match (expr, baseline, setup, min_ratio, repeat) {
                (Some(expr), Some(baseline), Some(setup), Some(min_ratio), Some(repeat)) => {
                    Some(CheckKind::Faster {
                        expr,
                        baseline,
                        setup,
                        min_ratio,
                        repeat,
                    })
                }
                _ => None,
            }
        }
        _ => unreachable!("kind names were checked above"),
    };
    let points = non_negative(ctx, "points", &raw.points, 1.0, false);
    match (kind, points, ok) {
        (Some(kind), Some(points), true) => Some(Check {
            kind,
            hidden: raw.hidden,
            message: raw.message,
            points,
            line,
        }),
        _ => None,
    }
}

/// `RuntimeError`, `torch.cuda.OutOfMemoryError`: dotted identifiers.
fn is_exception_name(s: &str) -> bool {
    !s.is_empty()
        && s.split('.').all(|p| {
            p.chars()
                .next()
                .is_some_and(|c| c.is_alphabetic() || c == '_')
                && p.chars().all(|c| c.is_alphanumeric() || c == '_')
        })
}
