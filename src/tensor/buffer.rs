//! A typed, contiguous block of host memory: what a CPU storage owns.
use super::dtype::DType;
use super::element::Element;
use super::error::Result;
use super::memory;
use crate::backend::cpu::prefault::Prefault;
use crate::backend::cpu::{parallel, recycle};
use std::mem::MaybeUninit;
use half::{bf16, f16};

#[derive(Clone, Debug)]
pub enum CpuBuffer {
    Bool(Vec<bool>),
    U8(Vec<u8>),
    I8(Vec<i8>),
    I16(Vec<i16>),
    I32(Vec<i32>),
    I64(Vec<i64>),
    F16(Vec<f16>),
    BF16(Vec<bf16>),
    F32(Vec<f32>),
    F64(Vec<f64>),
}

/// Runs `$body` with `$v` bound to the buffer's typed Vec (or slice), whatever its dtype.
#[macro_export]
macro_rules! with_buffer {
    ($buf:expr, $v:ident => $body:expr) => {
        match $buf {
            $crate::tensor::buffer::CpuBuffer::Bool($v) => $body,
            $crate::tensor::buffer::CpuBuffer::U8($v) => $body,
            $crate::tensor::buffer::CpuBuffer::I8($v) => $body,
            $crate::tensor::buffer::CpuBuffer::I16($v) => $body,
            $crate::tensor::buffer::CpuBuffer::I32($v) => $body,
            $crate::tensor::buffer::CpuBuffer::I64($v) => $body,
            $crate::tensor::buffer::CpuBuffer::F16($v) => $body,
            $crate::tensor::buffer::CpuBuffer::BF16($v) => $body,
            $crate::tensor::buffer::CpuBuffer::F32($v) => $body,
            $crate::tensor::buffer::CpuBuffer::F64($v) => $body,
        }
    };
}

/// Calls `$body` with the type alias `$T` set to the Rust element type of `$dtype`.
#[macro_export]
macro_rules! with_dtype {
    ($dtype:expr, $T:ident => $body:expr) => {
        match $dtype {
            $crate::tensor::dtype::DType::Bool => {
                type $T = bool;
                $body
            }
            $crate::tensor::dtype::DType::U8 => {
                type $T = u8;
                $body
            }
            $crate::tensor::dtype::DType::I8 => {
                type $T = i8;
                $body
            }
            $crate::tensor::dtype::DType::I16 => {
                type $T = i16;
                $body
            }
            $crate::tensor::dtype::DType::I32 => {
                type $T = i32;
                $body
            }
            $crate::tensor::dtype::DType::I64 => {
                type $T = i64;
                $body
            }
            $crate::tensor::dtype::DType::F16 => {
                type $T = half::f16;
                $body
            }
            $crate::tensor::dtype::DType::BF16 => {
                type $T = half::bf16;
                $body
            }
            $crate::tensor::dtype::DType::F32 => {
                type $T = f32;
                $body
            }
            $crate::tensor::dtype::DType::F64 => {
                type $T = f64;
                $body
            }
        }
    };
}

/// Moves a typed Vec into a buffer and back; lets generic kernels build results.
pub trait BufferElement: Element {
    fn wrap(v: Vec<Self>) -> CpuBuffer;
    fn slice(b: &CpuBuffer) -> Option<&[Self]>;
    fn slice_mut(b: &mut CpuBuffer) -> Option<&mut [Self]>;
}

macro_rules! buffer_element {
    ($t:ty, $var:ident) => {
        impl BufferElement for $t {
            #[inline]
            fn wrap(v: Vec<Self>) -> CpuBuffer {
                CpuBuffer::$var(v)
            }
            #[inline]
            fn slice(b: &CpuBuffer) -> Option<&[Self]> {
                match b {
                    CpuBuffer::$var(v) => Some(v),
                    _ => None,
                }
            }
            #[inline]
            fn slice_mut(b: &mut CpuBuffer) -> Option<&mut [Self]> {
                match b {
                    CpuBuffer::$var(v) => Some(v),
                    _ => None,
                }
            }
        }
    };
}
buffer_element!(bool, Bool);
buffer_element!(u8, U8);
buffer_element!(i8, I8);
buffer_element!(i16, I16);
buffer_element!(i32, I32);
buffer_element!(i64, I64);
buffer_element!(f16, F16);
buffer_element!(bf16, BF16);
buffer_element!(f32, F32);
buffer_element!(f64, F64);

impl CpuBuffer {
    pub fn dtype(&self) -> DType {
        match self {
            CpuBuffer::Bool(_) => DType::Bool,
            CpuBuffer::U8(_) => DType::U8,
            CpuBuffer::I8(_) => DType::I8,
            CpuBuffer::I16(_) => DType::I16,
            CpuBuffer::I32(_) => DType::I32,
            CpuBuffer::I64(_) => DType::I64,
            CpuBuffer::F16(_) => DType::F16,
            CpuBuffer::BF16(_) => DType::BF16,
            CpuBuffer::F32(_) => DType::F32,
            CpuBuffer::F64(_) => DType::F64,
        }
    }

    pub fn len(&self) -> usize {
        with_buffer!(self, v => v.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn nbytes(&self) -> usize {
        self.len() * self.dtype().size_bytes()
    }

    /// A zero-filled buffer, after checking the memory limit.
    pub fn zeros(dtype: DType, len: usize) -> Result<CpuBuffer> {
        memory::check_alloc(len * dtype.size_bytes())?;
        Ok(with_dtype!(dtype, T => T::wrap(vec![T::zero(); len])))
    }

    /// A buffer filled with one value.
    pub fn filled<T: BufferElement>(value: T, len: usize) -> Result<CpuBuffer> {
        memory::check_alloc(len * T::DTYPE.size_bytes())?;
        Ok(T::wrap(vec![value; len]))
    }

    /// Reads element `i` as f64 (exact for every dtype but int64 beyond 2^53).
    pub fn get_f64(&self, i: usize) -> f64 {
        with_buffer!(self, v => v[i].to_f64())
    }
    pub fn get_i64(&self, i: usize) -> i64 {
        with_buffer!(self, v => v[i].to_i64())
    }
    pub fn get_bool(&self, i: usize) -> bool {
        with_buffer!(self, v => v[i].to_bool())
    }
}

/// Outputs from this size up are prefaulted when their memory is fresh.
const PREFAULT_MIN_BYTES: usize = 4 << 20;

/// Allocates `n` values (after the memory check; a recycled buffer when one
/// fits) and lets `fill(start, chunk)` write every slot, in parallel chunks
/// above a size threshold. The Vec is written once, never zero-filled first.
pub fn new_vec<U: Copy + Send + 'static, F: Fn(usize, &mut [MaybeUninit<U>]) + Sync>(n: usize, fill: F) -> Result<Vec<U>> {
    let bytes = n * std::mem::size_of::<U>();
    memory::check_alloc(bytes)?;
    let mut out: Vec<U> = recycle::with_capacity(n);
    let spare = &mut out.spare_capacity_mut()[..n];
    // Fresh large memory: each chunk's pages are mapped in one call before its
    // writes (a recycled or heap-reused buffer is already mapped: no-op).
    let prefault = if bytes >= PREFAULT_MIN_BYTES { Prefault::for_buffer(spare) } else { Prefault::disabled() };
    parallel::for_each_chunk_mut(spare, |start, chunk| {
        prefault.touch(chunk);
        fill(start, chunk)
    });
    // SAFETY: `fill` wrote every slot of 0..n (its contract).
    unsafe { out.set_len(n) };
    Ok(out)
}

/// Collects `len` values produced by `f(i)` into a new Vec (`new_vec`).
pub fn build_vec<T: Copy + Send + 'static, F: Fn(usize) -> T + Sync>(len: usize, f: F) -> Result<Vec<T>> {
    new_vec(len, |start, chunk| {
        for (k, slot) in chunk.iter_mut().enumerate() {
            slot.write(f(start + k));
        }
    })
}
