// Binary arithmetic of two strided (or broadcast, stride-0) operands, or of an
// operand and a Python number, writing a contiguous output. Contiguous operands skip the index arithmetic, and
// float32 has a 16-byte vectorised path for the common `a * b`.
#include "common.cuh"

template <typename C> struct OpAdd { static __device__ __forceinline__ C f(C a, C b) { return a + b; } };
template <typename C> struct OpSub { static __device__ __forceinline__ C f(C a, C b) { return a - b; } };
template <typename C> struct OpMul { static __device__ __forceinline__ C f(C a, C b) { return a * b; } };
template <typename C> struct OpDiv { static __device__ __forceinline__ C f(C a, C b) { return a / b; } };
// NaN propagates as in torch.maximum/minimum.
template <typename C> struct OpMax { static __device__ __forceinline__ C f(C a, C b) { return (a != a) ? a : ((b != b) ? b : ((a > b) ? a : b)); } };
template <typename C> struct OpMin { static __device__ __forceinline__ C f(C a, C b) { return (a != a) ? a : ((b != b) ? b : ((a < b) ? a : b)); } };

template <typename T, typename Op>
__device__ __forceinline__ void binary(const T* a, const Strided& sa, const T* b, const Strided& sb, T* out, i64 n) {
    GRID_STRIDE_LOOP(i, n) {
        out[i] = Elem<T>::store(Op::f(Elem<T>::load(a[offset_of(sa, i)]), Elem<T>::load(b[offset_of(sb, i)])));
    }
}

// `t op s` (reversed: `s op t`); the number arrives as double and int64 and is used
// in the compute type, as the CPU engine does.
template <typename T, typename Op>
__device__ __forceinline__ void binary_scalar(const T* a, const Strided& sa, double sf, i64 si, int reversed, T* out, i64 n) {
    typedef typename Elem<T>::C C;
    C s = Elem<T>::is_float ? (C)sf : (C)si;
    GRID_STRIDE_LOOP(i, n) {
        C x = Elem<T>::load(a[offset_of(sa, i)]);
        out[i] = Elem<T>::store(reversed ? Op::f(s, x) : Op::f(x, s));
    }
}

#define BINARY(name, Op, T, tname)                                                                     \
    extern "C" __global__ void name##_##tname(const T* a, Strided sa, const T* b, Strided sb, T* out, i64 n) { \
        binary<T, Op<Elem<T>::C> >(a, sa, b, sb, out, n);                                              \
    }                                                                                                  \
    extern "C" __global__ void name##_scalar_##tname(const T* a, Strided sa, double sf, i64 si, int rev, T* out, i64 n) { \
        binary_scalar<T, Op<Elem<T>::C> >(a, sa, sf, si, rev, out, n);                                 \
    }
#define ADD(T, tname) BINARY(add, OpAdd, T, tname)
#define SUB(T, tname) BINARY(sub, OpSub, T, tname)
#define MUL(T, tname) BINARY(mul, OpMul, T, tname)
#define MAXIMUM(T, tname) BINARY(maximum, OpMax, T, tname)
#define MINIMUM(T, tname) BINARY(minimum, OpMin, T, tname)
#define DIV(T, tname) BINARY(div, OpDiv, T, tname)
FOR_NUM_TYPES(ADD)
FOR_NUM_TYPES(SUB)
FOR_NUM_TYPES(MUL)
FOR_NUM_TYPES(MAXIMUM)
FOR_NUM_TYPES(MINIMUM)
FOR_FLOAT_TYPES(DIV)

// float32, all three contiguous and 16-byte aligned: four elements per load.
#define VEC4(name, expr)                                                                                  \
    extern "C" __global__ void name##_vec4_f32(const float4* a, const float4* b, float4* out, i64 n4) {  \
        GRID_STRIDE_LOOP(i, n4) {                                                                         \
            float4 x = a[i], y = b[i], r;                                                                 \
            r.x = x.x expr y.x; r.y = x.y expr y.y; r.z = x.z expr y.z; r.w = x.w expr y.w;               \
            out[i] = r;                                                                                   \
        }                                                                                                 \
    }
VEC4(add, +)
VEC4(sub, -)
VEC4(mul, *)
VEC4(div, /)

