//! The Python layer: RustPython bindings of the engine.
pub mod torch;
