//! Turning lesson text into terminal lines: markdown, Python highlighting,
//! math as text, word wrapping.
pub mod highlight;
pub mod markdown;
pub mod math;
pub mod wrap;
