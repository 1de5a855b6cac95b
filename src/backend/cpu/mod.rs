//! The CPU backend: threading policy, the malloc policy and buffer reuse.
pub mod allocator;
pub mod parallel;
pub mod prefault;
pub mod recycle;
