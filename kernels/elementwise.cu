// Elementwise kernels: unary and binary ops over strided (and broadcast, stride-0)
// inputs into a contiguous output, plus a contiguous fast path for each binary op.
#include "common.cuh"

template <typename C> struct OpAdd { static __device__ C f(C a, C b) { return a + b; } };
template <typename C> struct OpSub { static __device__ C f(C a, C b) { return a - b; } };
template <typename C> struct OpMul { static __device__ C f(C a, C b) { return a * b; } };
template <typename C> struct OpDiv { static __device__ C f(C a, C b) { return a / b; } };
template <typename C> struct OpMax { static __device__ C f(C a, C b) { return (a != a) ? a : ((a > b) ? a : b); } };
template <typename C> struct OpMin { static __device__ C f(C a, C b) { return (a != a) ? a : ((a < b) ? a : b); } };

template <typename T, typename Op>
__device__ void binary_contig(const T* a, const T* b, T* out, i64 n) {
    typedef typename Elem<T>::C C;
    GRID_STRIDE_LOOP(i, n) {
        out[i] = Elem<T>::store(Op::f(Elem<T>::load(a[i]), Elem<T>::load(b[i])));
    }
}

template <typename T, typename Op>
__device__ void binary_strided(const T* a, Strided sa, const T* b, Strided sb, T* out, i64 n) {
    GRID_STRIDE_LOOP(i, n) {
        out[i] = Elem<T>::store(Op::f(Elem<T>::load(a[strided_offset(sa, i)]), Elem<T>::load(b[strided_offset(sb, i)])));
    }
}

#define BINARY(name, T, tname, Op)                                                                  \
    extern "C" __global__ void name##_contig_##tname(const T* a, const T* b, T* out, i64 n) {       \
        binary_contig<T, Op<Elem<T>::C> >(a, b, out, n);                                            \
    }                                                                                               \
    extern "C" __global__ void name##_strided_##tname(const T* a, Strided sa, const T* b, Strided sb, \
                                                      T* out, i64 n) {                              \
        binary_strided<T, Op<Elem<T>::C> >(a, sa, b, sb, out, n);                                   \
    }

#define BINARY_ALL(name, Op)              \
    BINARY(name, float, f32, Op)          \
    BINARY(name, double, f64, Op)         \
    BINARY(name, F16, f16, Op)            \
    BINARY(name, BF16, bf16, Op)          \
    BINARY(name, i64, i64, Op)            \
    BINARY(name, int, i32, Op)            \
    BINARY(name, unsigned char, u8, Op)

BINARY_ALL(add, OpAdd)
BINARY_ALL(sub, OpSub)
BINARY_ALL(mul, OpMul)
BINARY_ALL(maximum, OpMax)
BINARY_ALL(minimum, OpMin)
BINARY(div, float, f32, OpDiv)
BINARY(div, double, f64, OpDiv)
BINARY(div, F16, f16, OpDiv)
BINARY(div, BF16, bf16, OpDiv)

// Comparisons write bool (one byte).
#define COMPARE(name, expr, T, tname)                                                              \
    extern "C" __global__ void name##_##tname(const T* a, Strided sa, const T* b, Strided sb,      \
                                              unsigned char* out, i64 n) {                        \
        GRID_STRIDE_LOOP(i, n) {                                                                   \
            Elem<T>::C x = Elem<T>::load(a[strided_offset(sa, i)]);                                \
            Elem<T>::C y = Elem<T>::load(b[strided_offset(sb, i)]);                                \
            out[i] = (expr) ? 1 : 0;                                                               \
        }                                                                                          \
    }
#define COMPARE_ALL(name, expr)                 \
    COMPARE(name, expr, float, f32)             \
    COMPARE(name, expr, double, f64)            \
    COMPARE(name, expr, F16, f16)               \
    COMPARE(name, expr, BF16, bf16)             \
    COMPARE(name, expr, i64, i64)               \
    COMPARE(name, expr, int, i32)               \
    COMPARE(name, expr, unsigned char, u8)
COMPARE_ALL(eq, x == y)
COMPARE_ALL(ne, x != y)
COMPARE_ALL(lt, x < y)
COMPARE_ALL(le, x <= y)
COMPARE_ALL(gt, x > y)
COMPARE_ALL(ge, x >= y)

// Unary float functions, computed in float for float/half/bfloat16 and double for double.
#define UNARY(name, T, tname, fexpr, dexpr)                                                       \
    extern "C" __global__ void name##_##tname(const T* a, Strided sa, T* out, i64 n) {            \
        GRID_STRIDE_LOOP(i, n) {                                                                  \
            Elem<T>::C x = Elem<T>::load(a[strided_offset(sa, i)]);                               \
            out[i] = Elem<T>::store(sizeof(Elem<T>::C) == 8 ? (Elem<T>::C)(dexpr) : (Elem<T>::C)(fexpr)); \
        }                                                                                         \
    }
#define UNARY_FLOATS(name, fexpr, dexpr)              \
    UNARY(name, float, f32, fexpr, dexpr)             \
    UNARY(name, double, f64, fexpr, dexpr)            \
    UNARY(name, F16, f16, fexpr, dexpr)               \
    UNARY(name, BF16, bf16, fexpr, dexpr)
UNARY_FLOATS(exp, expf((float)x), exp((double)x))
UNARY_FLOATS(log, logf((float)x), log((double)x))
UNARY_FLOATS(sqrt, sqrtf((float)x), sqrt((double)x))
UNARY_FLOATS(sin, sinf((float)x), sin((double)x))
UNARY_FLOATS(cos, cosf((float)x), cos((double)x))
UNARY_FLOATS(tanh, tanhf((float)x), tanh((double)x))
UNARY_FLOATS(sigmoid, 1.0f / (1.0f + expf(-(float)x)), 1.0 / (1.0 + exp(-(double)x)))
UNARY_FLOATS(relu, (float)x > 0.0f ? (float)x : 0.0f, (double)x > 0.0 ? (double)x : 0.0)
UNARY_FLOATS(neg, -(float)x, -(double)x)
UNARY_FLOATS(abs, fabsf((float)x), fabs((double)x))

// Scalar operand kernels (tensor op python-number), the common `x * 2` case.
#define SCALAR_OP(name, T, tname, expr)                                                          \
    extern "C" __global__ void name##_scalar_##tname(const T* a, Strided sa, double s, T* out, i64 n) { \
        GRID_STRIDE_LOOP(i, n) {                                                                 \
            Elem<T>::C x = Elem<T>::load(a[strided_offset(sa, i)]);                              \
            Elem<T>::C y = (Elem<T>::C)s;                                                        \
            out[i] = Elem<T>::store(expr);                                                       \
        }                                                                                        \
    }
#define SCALAR_ALL(name, expr)               \
    SCALAR_OP(name, float, f32, expr)        \
    SCALAR_OP(name, double, f64, expr)       \
    SCALAR_OP(name, F16, f16, expr)          \
    SCALAR_OP(name, BF16, bf16, expr)        \
    SCALAR_OP(name, i64, i64, expr)
SCALAR_ALL(add, x + y)
SCALAR_ALL(mul, x * y)
SCALAR_ALL(sub, x - y)
SCALAR_ALL(rsub, y - x)
