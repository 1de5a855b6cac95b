// Comparisons of two strided operands or of an operand and a Python number; bool out.
#include "common.cuh"

// Comparisons write bool.
template <typename C> struct CmpEq { static __device__ __forceinline__ bool f(C x, C y) { return x == y; } };
template <typename C> struct CmpNe { static __device__ __forceinline__ bool f(C x, C y) { return x != y; } };
template <typename C> struct CmpLt { static __device__ __forceinline__ bool f(C x, C y) { return x < y; } };
template <typename C> struct CmpLe { static __device__ __forceinline__ bool f(C x, C y) { return x <= y; } };
template <typename C> struct CmpGt { static __device__ __forceinline__ bool f(C x, C y) { return x > y; } };
template <typename C> struct CmpGe { static __device__ __forceinline__ bool f(C x, C y) { return x >= y; } };

#define COMPARE(name, Cmp, T, tname)                                                                    \
    extern "C" __global__ void name##_##tname(const T* a, Strided sa, const T* b, Strided sb, B8* out, i64 n) { \
        GRID_STRIDE_LOOP(i, n) {                                                                        \
            out[i].v = Cmp<Elem<T>::C>::f(Elem<T>::load(a[offset_of(sa, i)]), Elem<T>::load(b[offset_of(sb, i)])); \
        }                                                                                               \
    }                                                                                                   \
    extern "C" __global__ void name##_scalar_##tname(const T* a, Strided sa, double sf, i64 si, int rev, B8* out, i64 n) { \
        typedef Elem<T>::C C;                                                                           \
        C s = Elem<T>::is_float ? (C)sf : (C)si;                                                        \
        GRID_STRIDE_LOOP(i, n) {                                                                        \
            C x = Elem<T>::load(a[offset_of(sa, i)]);                                                   \
            out[i].v = rev ? Cmp<C>::f(s, x) : Cmp<C>::f(x, s);                                         \
        }                                                                                               \
    }
#define EQ(T, tname) COMPARE(eq, CmpEq, T, tname)
#define NE(T, tname) COMPARE(ne, CmpNe, T, tname)
#define LT(T, tname) COMPARE(lt, CmpLt, T, tname)
#define LE(T, tname) COMPARE(le, CmpLe, T, tname)
#define GT(T, tname) COMPARE(gt, CmpGt, T, tname)
#define GE(T, tname) COMPARE(ge, CmpGe, T, tname)
FOR_ALL_TYPES(EQ)
FOR_ALL_TYPES(NE)
FOR_NUM_TYPES(LT)
FOR_NUM_TYPES(LE)
FOR_NUM_TYPES(GT)
FOR_NUM_TYPES(GE)

