//! Turning a Python exception into the text learners see: the one-line
//! `ExceptionName: message` (as `--allow-errors` and the conformance runner
//! print it) and a CPython-style traceback that quotes the learner's lines.

use std::collections::HashMap;

use rustpython_vm::builtins::PyBaseExceptionRef;
use rustpython_vm::{AsObject, VirtualMachine};

/// Source texts by file name, so a traceback can quote lines without reading files.
pub type Sources = HashMap<String, String>;

/// The exception's class name, as `type(e).__name__`.
pub fn type_name(exc: &PyBaseExceptionRef) -> String {
    exc.class().name().to_string()
}

/// `str(e)`, or a note when `__str__` itself fails.
pub fn message(vm: &VirtualMachine, exc: &PyBaseExceptionRef) -> String {
    match exc.as_object().str(vm) {
        Ok(s) => s.to_string_lossy().into_owned(),
        Err(_) => "<exception str() failed>".to_owned(),
    }
}

/// `ExceptionName: message`, exactly as `f"{type(e).__name__}: {e}"`.
pub fn exception_line(vm: &VirtualMachine, exc: &PyBaseExceptionRef) -> String {
    format!("{}: {}", type_name(exc), message(vm, exc))
}

/// CPython's last traceback line: `module.Name: message`, or just the name when the message is empty.
fn final_line(vm: &VirtualMachine, exc: &PyBaseExceptionRef) -> String {
    let class = exc.class();
    let module = class
        .as_object()
        .get_attr("__module__", vm)
        .ok()
        .and_then(|m| m.str(vm).ok())
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = match module.as_str() {
        "" | "builtins" | "__main__" => class.name().to_string(),
        m => format!("{m}.{}", class.name()),
    };
    let msg = message(vm, exc);
    if msg.is_empty() { name } else { format!("{name}: {msg}") }
}

/// A full traceback, with chained causes and contexts, as CPython prints it.
pub fn format_traceback(vm: &VirtualMachine, exc: &PyBaseExceptionRef, sources: &Sources) -> String {
    let mut out = String::new();
    write_chain(vm, exc, sources, &mut out, 0);
    out
}

fn write_chain(vm: &VirtualMachine, exc: &PyBaseExceptionRef, sources: &Sources, out: &mut String, depth: usize) {
    if depth < 20 {
        if let Some(cause) = exc.__cause__() {
            write_chain(vm, &cause, sources, out, depth + 1);
            out.push_str("\nThe above exception was the direct cause of the following exception:\n\n");
        } else if let Some(context) = exc.__context__() {
            let suppressed = exc
                .as_object()
                .get_attr("__suppress_context__", vm)
                .ok()
                .and_then(|v| v.is_true(vm).ok())
                .unwrap_or(false);
            if !suppressed {
                write_chain(vm, &context, sources, out, depth + 1);
                out.push_str("\nDuring handling of the above exception, another exception occurred:\n\n");
            }
        }
    }
    write_one(vm, exc, sources, out);
}

fn write_one(vm: &VirtualMachine, exc: &PyBaseExceptionRef, sources: &Sources, out: &mut String) {
    let mut tb = exc.__traceback__();
    if tb.is_some() {
        out.push_str("Traceback (most recent call last):\n");
    }
    while let Some(entry) = tb {
        let code = &entry.frame.code;
        let file = code.source_path().as_str().to_owned();
        let func = code.obj_name.as_str().to_owned();
        let line = entry.lineno.get();
        out.push_str(&format!("  File \"{file}\", line {line}, in {func}\n"));
        if let Some(text) = sources.get(&file).and_then(|s| s.lines().nth(line.saturating_sub(1))) {
            let text = text.trim();
            if !text.is_empty() {
                out.push_str(&format!("    {text}\n"));
            }
        }
        tb = entry.next.lock().clone();
    }
    // Syntax errors show the offending line and a caret, like CPython.
    if exc.class().fast_issubclass(vm.ctx.exceptions.syntax_error) {
        let get = |name: &'static str| exc.as_object().get_attr(name, vm).ok().filter(|v| !vm.is_none(v));
        let file = get("filename").and_then(|v| v.str(vm).ok()).map(|s| s.to_string_lossy().into_owned());
        let int = |v: rustpython_vm::PyObjectRef| v.try_index(vm).ok().and_then(|i| i.try_to_primitive::<usize>(vm).ok());
        let line: Option<usize> = get("lineno").and_then(int);
        let offset: Option<usize> = get("offset").and_then(int);
        if let (Some(file), Some(line)) = (file, line) {
            out.push_str(&format!("  File \"{file}\", line {line}\n"));
            if let Some(text) = sources.get(&file).and_then(|s| s.lines().nth(line.saturating_sub(1))) {
                let trimmed = text.trim_start();
                let cut = text.len() - trimmed.len();
                out.push_str(&format!("    {}\n", trimmed.trim_end()));
                if let Some(offset) = offset {
                    let col = offset.saturating_sub(1).saturating_sub(cut);
                    out.push_str(&format!("    {}^\n", " ".repeat(col)));
                }
            }
        }
        let name = type_name(exc);
        let msg = get("msg").and_then(|v| v.str(vm).ok()).map(|s| s.to_string_lossy().into_owned());
        out.push_str(&format!("{name}: {}\n", msg.unwrap_or_else(|| message(vm, exc))));
        return;
    }
    out.push_str(&final_line(vm, exc));
    out.push('\n');
}
