//! Where learner output goes: `sys.stdout`/`sys.stderr` are `_tl_io.Stream`
//! objects whose text lands in a [`Capture`], with a size cap.

use std::sync::{Arc, Mutex};

use rustpython_vm::builtins::PyStrRef;
use rustpython_vm::{PyResult, VirtualMachine};

/// Called with each piece of text as it is written (the kernel streams it).
pub type Tee = Box<dyn FnMut(&str) + Send>;

struct Inner {
    text: String,
    limit: usize,
    written: usize,
    truncated: bool,
    tee: Option<Tee>,
}

/// Text written by learner code; shared with the stream object in the VM.
#[derive(Clone)]
pub struct Capture {
    inner: Arc<Mutex<Inner>>,
}

impl Capture {
    pub fn new(limit: usize) -> Self {
        Self { inner: Arc::new(Mutex::new(Inner { text: String::new(), limit, written: 0, truncated: false, tee: None })) }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Appends text, keeping at most `limit` bytes in total over the capture's life.
    pub fn write(&self, s: &str) {
        let mut inner = self.lock();
        let room = inner.limit.saturating_sub(inner.written);
        let kept = if s.len() <= room {
            s
        } else {
            inner.truncated = true;
            let mut cut = room;
            while !s.is_char_boundary(cut) {
                cut -= 1;
            }
            &s[..cut]
        };
        inner.written += kept.len();
        inner.text.push_str(kept);
        if let Some(tee) = inner.tee.as_mut() {
            tee(kept);
        }
    }

    /// Takes the text written since the last take.
    pub fn take(&self) -> String {
        std::mem::take(&mut self.lock().text)
    }

    /// Bytes written since the last take (where a figure shown now sits).
    pub fn pending_len(&self) -> usize {
        self.lock().text.len()
    }

    /// Whether text was dropped because of the cap.
    pub fn truncated(&self) -> bool {
        self.lock().truncated
    }

    pub fn limit(&self) -> usize {
        self.lock().limit
    }

    /// Starts a new run: the cap counts from zero again.
    pub fn reset(&self) {
        let mut inner = self.lock();
        inner.text.clear();
        inner.written = 0;
        inner.truncated = false;
    }

    pub fn set_tee(&self, tee: Option<Tee>) {
        self.lock().tee = tee;
    }
}

/// The note printed once when output was cut.
pub fn truncation_note(limit: usize) -> String {
    format!("\n[output truncated: the run printed more than {limit} bytes]\n")
}

/// Installs `sys.stdout` and `sys.stderr` writing into the two captures.
pub fn install(vm: &VirtualMachine, stdout: &Capture, stderr: &Capture) -> PyResult<()> {
    let io = vm.import("_tl_io", 0)?;
    let stream_class = io.get_attr("Stream", vm)?;
    for (name, capture) in [("stdout", stdout), ("stderr", stderr)] {
        let capture = capture.clone();
        let sink = vm.new_function("sink", move |s: PyStrRef| capture.write(&s.to_string_lossy()));
        let stream = stream_class.call((sink, format!("<{name}>")), vm)?;
        vm.sys_module.set_attr(name, stream.clone(), vm)?;
        vm.sys_module.set_attr(vm.ctx.intern_str(format!("__{name}__")), stream, vm)?;
    }
    Ok(())
}
