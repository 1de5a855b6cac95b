//! LaTeX math as readable plain text: `2x^{2} + 3y^{3}` → `2x² + 3y³`,
//! `\frac{a}{b}` → `a/b`, Greek letters and common operators as symbols.
//! Anything it does not know is shown as written, minus the backslash.

const SYMBOLS: &[(&str, &str)] = &[
    ("alpha", "α"),
    ("beta", "β"),
    ("gamma", "γ"),
    ("delta", "δ"),
    ("epsilon", "ε"),
    ("theta", "θ"),
    ("lambda", "λ"),
    ("mu", "μ"),
    ("pi", "π"),
    ("sigma", "σ"),
    ("tau", "τ"),
    ("phi", "φ"),
    ("omega", "ω"),
    ("eta", "η"),
    ("Delta", "Δ"),
    ("Sigma", "Σ"),
    ("nabla", "∇"),
    ("partial", "∂"),
    ("sum", "∑"),
    ("prod", "∏"),
    ("times", "×"),
    ("cdot", "·"),
    ("div", "÷"),
    ("pm", "±"),
    ("leq", "≤"),
    ("le", "≤"),
    ("geq", "≥"),
    ("ge", "≥"),
    ("neq", "≠"),
    ("ne", "≠"),
    ("approx", "≈"),
    ("to", "→"),
    ("rightarrow", "→"),
    ("leftarrow", "←"),
    ("infty", "∞"),
    ("in", "∈"),
    ("sqrt", "√"),
    ("ldots", "…"),
    ("dots", "…"),
    ("cdots", "⋯"),
    ("quad", "  "),
    ("top", "ᵀ"),
    ("left", ""),
    ("right", ""),
    ("mathbf", ""),
    ("mathrm", ""),
    ("text", ""),
    ("operatorname", ""),
];

const OPERATORS: &[&str] = &[
    "times",
    "cdot",
    "div",
    "pm",
    "leq",
    "le",
    "geq",
    "ge",
    "neq",
    "ne",
    "approx",
    "to",
    "rightarrow",
    "leftarrow",
    "in",
    "quad",
];

const SUPERSCRIPTS: &[(char, char)] = &[
    ('0', '⁰'),
    ('1', '¹'),
    ('2', '²'),
    ('3', '³'),
    ('4', '⁴'),
    ('5', '⁵'),
    ('6', '⁶'),
    ('7', '⁷'),
    ('8', '⁸'),
    ('9', '⁹'),
    ('+', '⁺'),
    ('-', '⁻'),
    ('n', 'ⁿ'),
    ('i', 'ⁱ'),
    ('T', 'ᵀ'),
    ('(', '⁽'),
    (')', '⁾'),
];
const SUBSCRIPTS: &[(char, char)] = &[
    ('0', '₀'),
    ('1', '₁'),
    ('2', '₂'),
    ('3', '₃'),
    ('4', '₄'),
    ('5', '₅'),
    ('6', '₆'),
    ('7', '₇'),
    ('8', '₈'),
    ('9', '₉'),
    ('+', '₊'),
    ('-', '₋'),
    ('i', 'ᵢ'),
    ('j', 'ⱼ'),
    ('n', 'ₙ'),
    ('k', 'ₖ'),
    ('x', 'ₓ'),
];

pub fn to_text(tex: &str) -> String {
    let chars: Vec<char> = tex.chars().collect();
    let mut i = 0;
    convert(&chars, &mut i, false)
}

/// Convert until the end, or until the `}` closing the current group.
fn convert(c: &[char], i: &mut usize, in_group: bool) -> String {
    let mut out = String::new();
    while *i < c.len() {
        let ch = c[*i];
        match ch {
            '}' if in_group => {
                *i += 1;
                return out;
            }
            '{' => {
                *i += 1;
                out.push_str(&convert(c, i, true));
            }
            '\\' => {
                *i += 1;
                let start = *i;
                while *i < c.len() && c[*i].is_ascii_alphabetic() {
                    *i += 1;
                }
                let name: String = c[start..*i].iter().collect();
                // In TeX the space after a command name only ends the name;
                // operators keep it, since TeX spaces them anyway.
                if !name.is_empty()
                    && !OPERATORS.contains(&name.as_str())
                    && *i < c.len()
                    && c[*i] == ' '
                {
                    *i += 1;
                }
                if name.is_empty() {
                    // `\,` `\;` `\\` and friends: a space, or the character itself.
                    if *i < c.len() {
                        let e = c[*i];
                        *i += 1;
                        out.push(if ",;: ".contains(e) || e == '\\' {
                            ' '
                        } else {
                            e
                        });
                    }
                } else if name == "frac" {
                    let a = arg(c, i);
                    let b = arg(c, i);
                    out.push_str(&format!("{}/{}", paren(&a), paren(&b)));
                } else if let Some((_, s)) = SYMBOLS.iter().find(|(n, _)| *n == name) {
                    out.push_str(s);
                } else {
                    out.push_str(&name);
                }
            }
            '^' | '_' => {
                *i += 1;
                let a = arg(c, i);
                let table = if ch == '^' { SUPERSCRIPTS } else { SUBSCRIPTS };
                let mapped: Option<String> = a
                    .chars()
                    .map(|x| table.iter().find(|(k, _)| *k == x).map(|(_, v)| *v))
                    .collect();
                match mapped {
                    Some(m) => out.push_str(&m),
                    None => {
                        out.push(ch);
                        out.push_str(&paren(&a));
                    }
                }
            }
            _ => {
                *i += 1;
                out.push(ch);
            }
        }
    }
    out
}

/// One argument: a `{group}`, a `\command` or one character.
fn arg(c: &[char], i: &mut usize) -> String {
    while *i < c.len() && c[*i] == ' ' {
        *i += 1;
    }
    if *i >= c.len() {
        return String::new();
    }
    if c[*i] == '{' {
        *i += 1;
        return convert(c, i, true);
    }
    if c[*i] == '\\' {
        let mut j = *i + 1;
        while j < c.len() && c[j].is_ascii_alphabetic() {
            j += 1;
        }
        let sub: Vec<char> = c[*i..j.max(*i + 2).min(c.len())].to_vec();
        *i = j.max(*i + 2).min(c.len());
        let mut k = 0;
        return convert(&sub, &mut k, false);
    }
    *i += 1;
    c[*i - 1].to_string()
}

fn paren(s: &str) -> String {
    if s.chars().count() <= 1 || s.chars().all(|c| c.is_alphanumeric() || c == '.') {
        s.to_string()
    } else {
        format!("({s})")
    }
}

#[cfg(test)]
mod tests {
    use super::to_text;

    #[test]
    fn common_math_reads_as_text() {
        assert_eq!(to_text("z = 2x^{2} + 3y^{3}"), "z = 2x² + 3y³");
        assert_eq!(
            to_text(r"\frac{\partial z}{\partial x} = 4x"),
            "(∂z)/(∂x) = 4x"
        );
        assert_eq!(to_text(r"\sum_{i} x_i \cdot w_i"), "∑ᵢ xᵢ · wᵢ");
        assert_eq!(to_text(r"e^{x+y}"), "e^(x+y)");
    }
}
