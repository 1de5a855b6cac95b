// Unary math on float dtypes: float math for float/half/bfloat16, double math for double.
#include "common.cuh"

// Unary float functions: float math for float/half/bfloat16, double math for double.
template <typename T> struct Math;
template <> struct Math<float> {
    static __device__ __forceinline__ float exp_(float x) { return expf(x); }
    static __device__ __forceinline__ float log_(float x) { return logf(x); }
    static __device__ __forceinline__ float sqrt_(float x) { return sqrtf(x); }
    static __device__ __forceinline__ float sin_(float x) { return sinf(x); }
    static __device__ __forceinline__ float cos_(float x) { return cosf(x); }
    static __device__ __forceinline__ float tanh_(float x) { return tanhf(x); }
    static __device__ __forceinline__ float abs_(float x) { return fabsf(x); }
    static __device__ __forceinline__ float floor_(float x) { return floorf(x); }
    static __device__ __forceinline__ float ceil_(float x) { return ceilf(x); }
    static __device__ __forceinline__ float round_(float x) { return rintf(x); }
    static __device__ __forceinline__ float trunc_(float x) { return truncf(x); }
    static __device__ __forceinline__ float rsqrt_(float x) { return rsqrtf(x); }
    static __device__ __forceinline__ float log2_(float x) { return log2f(x); }
    static __device__ __forceinline__ float log1p_(float x) { return log1pf(x); }
    static __device__ __forceinline__ float expm1_(float x) { return expm1f(x); }
    static __device__ __forceinline__ float erf_(float x) { return erff(x); }
};
template <> struct Math<double> {
    static __device__ __forceinline__ double exp_(double x) { return exp(x); }
    static __device__ __forceinline__ double log_(double x) { return log(x); }
    static __device__ __forceinline__ double sqrt_(double x) { return sqrt(x); }
    static __device__ __forceinline__ double sin_(double x) { return sin(x); }
    static __device__ __forceinline__ double cos_(double x) { return cos(x); }
    static __device__ __forceinline__ double tanh_(double x) { return tanh(x); }
    static __device__ __forceinline__ double abs_(double x) { return fabs(x); }
    static __device__ __forceinline__ double floor_(double x) { return floor(x); }
    static __device__ __forceinline__ double ceil_(double x) { return ceil(x); }
    static __device__ __forceinline__ double round_(double x) { return rint(x); }
    static __device__ __forceinline__ double trunc_(double x) { return trunc(x); }
    static __device__ __forceinline__ double rsqrt_(double x) { return rsqrt(x); }
    static __device__ __forceinline__ double log2_(double x) { return log2(x); }
    static __device__ __forceinline__ double log1p_(double x) { return log1p(x); }
    static __device__ __forceinline__ double expm1_(double x) { return expm1(x); }
    static __device__ __forceinline__ double erf_(double x) { return erf(x); }
};

#define UNARY(name, body, T, tname)                                                                 \
    extern "C" __global__ void name##_##tname(const T* a, Strided sa, T* out, i64 n) {              \
        typedef Elem<T>::C C;                                                                       \
        typedef Math<C> M;                                                                          \
        GRID_STRIDE_LOOP(i, n) {                                                                    \
            C x = Elem<T>::load(a[offset_of(sa, i)]);                                               \
            out[i] = Elem<T>::store(body);                                                          \
        }                                                                                           \
    }
#define U_EXP(T, t) UNARY(exp, M::exp_(x), T, t)
#define U_LOG(T, t) UNARY(log, M::log_(x), T, t)
#define U_SQRT(T, t) UNARY(sqrt, M::sqrt_(x), T, t)
#define U_RSQRT(T, t) UNARY(rsqrt, M::rsqrt_(x), T, t)
#define U_SIN(T, t) UNARY(sin, M::sin_(x), T, t)
#define U_COS(T, t) UNARY(cos, M::cos_(x), T, t)
#define U_TANH(T, t) UNARY(tanh, M::tanh_(x), T, t)
#define U_SIGMOID(T, t) UNARY(sigmoid, (C)1 / ((C)1 + M::exp_(-x)), T, t)
#define U_RELU(T, t) UNARY(relu, (x != x) ? x : (x > (C)0 ? x : (C)0), T, t)
#define U_NEG(T, t) UNARY(neg, -x, T, t)
#define U_ABS(T, t) UNARY(abs, M::abs_(x), T, t)
#define U_SQUARE(T, t) UNARY(square, x * x, T, t)
#define U_RECIP(T, t) UNARY(reciprocal, (C)1 / x, T, t)
#define U_FLOOR(T, t) UNARY(floor, M::floor_(x), T, t)
#define U_CEIL(T, t) UNARY(ceil, M::ceil_(x), T, t)
#define U_ROUND(T, t) UNARY(round, M::round_(x), T, t)
#define U_TRUNC(T, t) UNARY(trunc, M::trunc_(x), T, t)
#define U_LOG2(T, t) UNARY(log2, M::log2_(x), T, t)
#define U_LOG1P(T, t) UNARY(log1p, M::log1p_(x), T, t)
#define U_EXPM1(T, t) UNARY(expm1, M::expm1_(x), T, t)
#define U_ERF(T, t) UNARY(erf, M::erf_(x), T, t)
FOR_FLOAT_TYPES(U_EXP)
FOR_FLOAT_TYPES(U_LOG)
FOR_FLOAT_TYPES(U_SQRT)
FOR_FLOAT_TYPES(U_RSQRT)
FOR_FLOAT_TYPES(U_SIN)
FOR_FLOAT_TYPES(U_COS)
FOR_FLOAT_TYPES(U_TANH)
FOR_FLOAT_TYPES(U_SIGMOID)
FOR_FLOAT_TYPES(U_RELU)
FOR_FLOAT_TYPES(U_NEG)
FOR_FLOAT_TYPES(U_ABS)
FOR_FLOAT_TYPES(U_SQUARE)
FOR_FLOAT_TYPES(U_RECIP)
FOR_FLOAT_TYPES(U_FLOOR)
FOR_FLOAT_TYPES(U_CEIL)
FOR_FLOAT_TYPES(U_ROUND)
FOR_FLOAT_TYPES(U_TRUNC)
FOR_FLOAT_TYPES(U_LOG2)
FOR_FLOAT_TYPES(U_LOG1P)
FOR_FLOAT_TYPES(U_EXPM1)
FOR_FLOAT_TYPES(U_ERF)

// Integer neg/abs/relu, computed in int64 and wrapped back (as the CPU engine does:
// -int8(-128) is -128).
#define IUNARY(name, body, T, tname)                                                    \
    extern "C" __global__ void name##_##tname(const T* a, Strided sa, T* out, i64 n) {  \
        GRID_STRIDE_LOOP(i, n) {                                                        \
            i64 x = Elem<T>::load(a[offset_of(sa, i)]);                                 \
            out[i] = Elem<T>::store(body);                                              \
        }                                                                               \
    }
#define FOR_INT_TYPES(M) M(i64, i64) M(int, i32) M(short, i16) M(signed char, i8) M(unsigned char, u8)
#define I_NEG(T, t) IUNARY(neg, (i64)(0ULL - (u64)x), T, t)
#define I_ABS(T, t) IUNARY(abs, x < 0 ? (i64)(0ULL - (u64)x) : x, T, t)
#define I_RELU(T, t) IUNARY(relu, x > 0 ? x : 0, T, t)
FOR_INT_TYPES(I_NEG)
FOR_INT_TYPES(I_ABS)
FOR_INT_TYPES(I_RELU)
