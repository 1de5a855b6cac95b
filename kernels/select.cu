// Picking values: torch.where(cond, a, b) over three broadcast operands, and
// clamp with number bounds (NaN stays NaN; a NaN bound gives NaN, as on the CPU).
#include "common.cuh"

#define WHERE(T, tname)                                                                            \
    extern "C" __global__ void where_##tname(const B8* c, Strided sc, const T* a, Strided sa,      \
                                             const T* b, Strided sb, T* out, i64 n) {              \
        GRID_STRIDE_LOOP(i, n) {                                                                   \
            out[i] = c[offset_of(sc, i)].v ? a[offset_of(sa, i)] : b[offset_of(sb, i)];            \
        }                                                                                          \
    }
FOR_ALL_TYPES(WHERE)

#define CLAMP(T, tname)                                                                             \
    extern "C" __global__ void clamp_##tname(const T* a, Strided sa, double lof, i64 loi, int has_lo, \
                                             double hif, i64 hii, int has_hi, T* out, i64 n) {       \
        typedef Elem<T>::C C;                                                                       \
        C lo = Elem<T>::is_float ? (C)lof : (C)loi;                                                 \
        C hi = Elem<T>::is_float ? (C)hif : (C)hii;                                                 \
        GRID_STRIDE_LOOP(i, n) {                                                                    \
            C y = Elem<T>::load(a[offset_of(sa, i)]);                                               \
            if (y == y) {                                                                           \
                if (has_lo && (lo != lo || y < lo)) y = lo;                                         \
                if (has_hi && (hi != hi || y > hi)) y = hi;                                         \
            }                                                                                       \
            out[i] = Elem<T>::store(y);                                                             \
        }                                                                                           \
    }
FOR_NUM_TYPES(CLAMP)
