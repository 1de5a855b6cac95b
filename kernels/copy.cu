// Copies and casts: strided -> contiguous (contiguous()), dtype casts, fills, ranges.
#include "common.cuh"

#define GATHER(T, tname)                                                                   \
    extern "C" __global__ void gather_##tname(const T* src, Strided s, T* out, i64 n) {    \
        GRID_STRIDE_LOOP(i, n) { out[i] = src[strided_offset(s, i)]; }                      \
    }                                                                                      \
    extern "C" __global__ void fill_##tname(T* out, T v, i64 n) {                          \
        GRID_STRIDE_LOOP(i, n) { out[i] = v; }                                             \
    }
GATHER(float, f32)
GATHER(double, f64)
GATHER(F16, f16)
GATHER(BF16, bf16)
GATHER(i64, i64)
GATHER(int, i32)
GATHER(short, i16)
GATHER(signed char, i8)
GATHER(unsigned char, u8)

// Casts between the float and int64 families through the compute type.
#define CAST(S, sname, D, dname)                                                              \
    extern "C" __global__ void cast_##sname##_##dname(const S* src, Strided s, D* out, i64 n) { \
        GRID_STRIDE_LOOP(i, n) {                                                              \
            out[i] = Elem<D>::store((Elem<D>::C)Elem<S>::load(src[strided_offset(s, i)]));    \
        }                                                                                     \
    }
CAST(float, f32, double, f64)
CAST(double, f64, float, f32)
CAST(float, f32, F16, f16)
CAST(F16, f16, float, f32)
CAST(float, f32, BF16, bf16)
CAST(BF16, bf16, float, f32)
CAST(i64, i64, float, f32)
CAST(i64, i64, double, f64)
CAST(float, f32, i64, i64)
CAST(double, f64, i64, i64)

extern "C" __global__ void arange_f32(float* out, double start, double step, i64 n) {
    GRID_STRIDE_LOOP(i, n) { out[i] = (float)(start + step * (double)i); }
}
extern "C" __global__ void arange_i64(i64* out, i64 start, i64 step, i64 n) {
    GRID_STRIDE_LOOP(i, n) { out[i] = start + step * i; }
}
extern "C" __global__ void eye_f32(float* out, i64 rows, i64 cols) {
    GRID_STRIDE_LOOP(i, rows * cols) { out[i] = (i / cols == i % cols) ? 1.0f : 0.0f; }
}
