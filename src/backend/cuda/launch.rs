//! Launching a kernel: its parameters packed in a fixed arena on the stack (no
//! allocation per launch), a grid sized for a grid-stride loop, the device's stream.
use super::context::{DeviceContext, cuda_error};
use crate::tensor::error::Result;
use cudarc::driver::result as drv;
use std::ffi::c_void;

pub const BLOCK: u32 = 256;
const MAX_ARGS: usize = 12;
const ARENA_WORDS: usize = 96;

/// A strided view as the kernels' `Strided` struct; `ndim = -1` marks a contiguous
/// operand (element i at offset + i).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct Strided {
    pub ndim: i32,
    pub shape: [i64; 8],
    pub strides: [i64; 8],
    pub offset: i64,
}

pub const MAX_DIMS: usize = 8;

impl Strided {
    pub fn contiguous(offset: usize) -> Strided {
        Strided {
            ndim: -1,
            shape: [0; 8],
            strides: [0; 8],
            offset: offset as i64,
        }
    }

    /// The view `shape`/`strides`/`offset` read in row-major order; None when it has
    /// more dims than the kernels take (the caller copies it contiguous first).
    pub fn of(shape: &[usize], strides: &[isize], offset: usize) -> Option<Strided> {
        if is_row_major(shape, strides) {
            return Some(Strided::contiguous(offset));
        }
        // Size-1 dims never move the index: dropping them saves kernel work.
        let dims: Vec<(usize, isize)> = shape
            .iter()
            .copied()
            .zip(strides.iter().copied())
            .filter(|(n, _)| *n != 1)
            .collect();
        if dims.len() > MAX_DIMS {
            return None;
        }
        let mut s = Strided {
            ndim: dims.len() as i32,
            shape: [1; 8],
            strides: [0; 8],
            offset: offset as i64,
        };
        for (k, (n, st)) in dims.into_iter().enumerate() {
            s.shape[k] = n as i64;
            s.strides[k] = st as i64;
        }
        Some(s)
    }
}

/// Whether a view walks its storage in order with unit steps.
pub fn is_row_major(shape: &[usize], strides: &[isize]) -> bool {
    let mut expect = 1isize;
    for (&n, &s) in shape.iter().zip(strides).rev() {
        if n != 1 && s != expect {
            return false;
        }
        expect *= n as isize;
    }
    true
}

/// Kernel parameters, each 8-byte aligned in an arena the launch points into.
pub struct Args {
    arena: [u64; ARENA_WORDS],
    offsets: [usize; MAX_ARGS],
    used: usize,
    count: usize,
}

impl Default for Args {
    fn default() -> Self {
        Args {
            arena: [0; ARENA_WORDS],
            offsets: [0; MAX_ARGS],
            used: 0,
            count: 0,
        }
    }
}

impl Args {
    pub fn new() -> Args {
        Args::default()
    }

    /// Appends one parameter (a device pointer as u64, an i64, an f64, a Strided...).
    pub fn push<T: Copy>(mut self, v: T) -> Args {
        let words = std::mem::size_of::<T>().div_ceil(8);
        assert!(
            self.count < MAX_ARGS && self.used + words <= ARENA_WORDS,
            "too many kernel arguments"
        );
        debug_assert!(std::mem::align_of::<T>() <= 8);
        // SAFETY: the arena has room for `words` words (checked above) and T is Copy.
        unsafe {
            let dst = self.arena.as_mut_ptr().add(self.used) as *mut T;
            dst.write_unaligned(v);
        }
        self.offsets[self.count] = self.used;
        self.used += words;
        self.count += 1;
        self
    }

    /// Queues the kernel on the device's stream with `blocks` x BLOCK threads.
    pub fn launch(
        mut self,
        ctx: &DeviceContext,
        module: &'static str,
        name: &str,
        blocks: u32,
    ) -> Result<()> {
        let f = ctx.function(module, name)?;
        let mut params = [std::ptr::null_mut::<c_void>(); MAX_ARGS];
        for k in 0..self.count {
            // SAFETY: each offset points at a parameter written by `push`.
            params[k] = unsafe { self.arena.as_mut_ptr().add(self.offsets[k]) } as *mut c_void;
        }
        // SAFETY: the parameters match the kernel's signature (the launchers in
        // `ops/` mirror the .cu declarations) and outlive this call, which copies them.
        unsafe {
            drv::launch_kernel(
                f,
                (blocks.max(1), 1, 1),
                (BLOCK, 1, 1),
                0,
                ctx.stream,
                &mut params[..self.count],
            )
        }
        .map_err(cuda_error)
    }
}

/// Blocks for a grid-stride loop over `n` items: enough to fill the GPU, capped so
/// each thread does a few items (cheaper index math than one block per 256).
pub fn blocks_for(n: usize) -> u32 {
    n.div_ceil(BLOCK as usize).clamp(1, 65_536) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_strided_struct_matches_the_kernels_layout() {
        // int ndim, 4 bytes of padding, 8 + 8 int64s, int64 offset: 144 bytes as in common.cuh.
        assert_eq!(std::mem::size_of::<Strided>(), 144);
    }

    #[test]
    fn row_major_views_are_passed_as_contiguous() {
        assert_eq!(Strided::of(&[2, 3], &[3, 1], 5).unwrap().ndim, -1);
        let t = Strided::of(&[2, 3], &[1, 2], 0).unwrap();
        assert_eq!((t.ndim, t.shape[0], t.strides[1]), (2, 2, 2));
        let b = Strided::of(&[4, 1, 3], &[0, 9, 1], 0).unwrap();
        assert_eq!(
            (b.ndim, b.shape[1], b.strides[0]),
            (2, 3, 0),
            "size-1 dims drop, broadcast stays"
        );
        assert!(Strided::of(&[2; 9], &[0; 9], 0).is_none());
    }

    #[test]
    fn arguments_are_packed_eight_byte_aligned() {
        let a = Args::new()
            .push(7u64)
            .push(Strided::contiguous(3))
            .push(2.5f64);
        assert_eq!(a.count, 3);
        assert_eq!(&a.offsets[..3], &[0, 1, 19]);
        assert_eq!(f64::from_bits(a.arena[19]), 2.5);
    }
}
