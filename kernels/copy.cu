// Copies and casts: strided -> contiguous (contiguous()), strided -> strided
// (copy_ and in-place results written through a view), dtype casts between every
// pair of dtypes, fills and ranges. Copies move bits, so they go by element size.
#include "common.cuh"

#define BY_SIZE(M) M(unsigned char, 1) M(unsigned short, 2) M(unsigned int, 4) M(u64, 8)

#define COPIES(T, size)                                                                               \
    extern "C" __global__ void gather_b##size(const T* src, Strided s, T* out, i64 n) {               \
        GRID_STRIDE_LOOP(i, n) { out[i] = src[offset_of(s, i)]; }                                     \
    }                                                                                                 \
    extern "C" __global__ void scatter_b##size(const T* src, Strided s, T* dst, Strided d, i64 n) {   \
        GRID_STRIDE_LOOP(i, n) { dst[offset_of(d, i)] = src[offset_of(s, i)]; }                       \
    }                                                                                                 \
    extern "C" __global__ void fill_b##size(T* dst, Strided d, u64 bits, i64 n) {                     \
        T v = (T)bits;                                                                                \
        GRID_STRIDE_LOOP(i, n) { dst[offset_of(d, i)] = v; }                                          \
    }
BY_SIZE(COPIES)

// cast_<from>_<to>: a strided source into a contiguous destination.
#define CAST_TO(D, dname, S, sname)                                                                     \
    extern "C" __global__ void cast_##sname##_##dname(const S* src, Strided s, D* out, i64 n) {         \
        GRID_STRIDE_LOOP(i, n) { out[i] = cast_value<S, D>(src[offset_of(s, i)]); }                     \
    }
#define CAST_FROM(S, sname)                 \
    CAST_TO(float, f32, S, sname)           \
    CAST_TO(double, f64, S, sname)          \
    CAST_TO(F16, f16, S, sname)             \
    CAST_TO(BF16, bf16, S, sname)           \
    CAST_TO(i64, i64, S, sname)             \
    CAST_TO(int, i32, S, sname)             \
    CAST_TO(short, i16, S, sname)           \
    CAST_TO(signed char, i8, S, sname)      \
    CAST_TO(unsigned char, u8, S, sname)    \
    CAST_TO(B8, bool, S, sname)
FOR_ALL_TYPES(CAST_FROM)

// arange: start + step * i computed in double (float dtypes) or int64.
#define ARANGE(T, tname)                                                                              \
    extern "C" __global__ void arange_##tname(T* out, double startf, double stepf, i64 starti, i64 stepi, i64 n) { \
        GRID_STRIDE_LOOP(i, n) {                                                                      \
            out[i] = Elem<T>::is_float ? Elem<T>::from_f64(startf + stepf * (double)i)                \
                                       : Elem<T>::from_i64(starti + stepi * i);                      \
        }                                                                                             \
    }
FOR_NUM_TYPES(ARANGE)
