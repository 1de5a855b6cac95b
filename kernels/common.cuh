// Shared by every kernel file: element types, conversions and strided indexing.
// NVRTC compiles these at run time for the device's architecture; no CUDA headers
// are needed (half and bfloat16 conversions go through PTX instructions).
#pragma once
typedef long long i64;
typedef unsigned long long u64;
typedef unsigned short f16_bits;   // IEEE half, stored as bits
typedef unsigned short bf16_bits;  // bfloat16, stored as bits

#define MAX_DIMS 8

// A strided view: shape and strides in elements, offset in elements. Passed by
// value (144 bytes of kernel parameters), so no metadata is allocated per launch.
struct Strided {
    int ndim;
    i64 shape[MAX_DIMS];
    i64 strides[MAX_DIMS];
    i64 offset;
};

// Storage offset of the i-th element in row-major order.
__device__ __forceinline__ i64 strided_offset(const Strided& s, i64 i) {
    i64 off = s.offset;
    for (int d = s.ndim - 1; d >= 0; --d) {
        i64 n = s.shape[d];
        off += (i % n) * s.strides[d];
        i /= n;
    }
    return off;
}

__device__ __forceinline__ float f16_to_f32(f16_bits h) {
    float f;
    asm("cvt.f32.f16 %0, %1;" : "=f"(f) : "h"(h));
    return f;
}
__device__ __forceinline__ f16_bits f32_to_f16(float f) {
    f16_bits h;
    asm("cvt.rn.f16.f32 %0, %1;" : "=h"(h) : "f"(f));
    return h;
}
__device__ __forceinline__ f16_bits f64_to_f16(double f) {
    f16_bits h;
    asm("cvt.rn.f16.f64 %0, %1;" : "=h"(h) : "d"(f));
    return h;
}
__device__ __forceinline__ float bf16_to_f32(bf16_bits b) {
    return __uint_as_float(((unsigned int)b) << 16);
}
__device__ __forceinline__ bf16_bits f32_to_bf16(float f) {
    unsigned int u = __float_as_uint(f);
    if ((u & 0x7fffffffu) > 0x7f800000u) return (bf16_bits)((u >> 16) | 0x40);  // quiet NaN
    u += 0x7fffu + ((u >> 16) & 1u);  // round to nearest even
    return (bf16_bits)(u >> 16);
}

struct F16 { f16_bits bits; };
struct BF16 { bf16_bits bits; };
struct B8 { unsigned char v; };  // bool: one byte, 0 or 1

// Per element type: the compute type C (reduced floats compute in float, ints in
// int64, as the CPU engine does), and the conversions the CPU's casts use.
template <typename S> struct Elem;
#define FLOAT_ELEM(T, CT)                                                               \
    template <> struct Elem<T> {                                                        \
        typedef CT C;                                                                   \
        static const bool is_float = true;                                              \
        static __device__ __forceinline__ C load(T v) { return v; }                     \
        static __device__ __forceinline__ T store(C v) { return v; }                    \
        static __device__ __forceinline__ double to_f64(T v) { return (double)v; }      \
        static __device__ __forceinline__ float to_f32(T v) { return (float)v; }        \
        static __device__ __forceinline__ i64 to_i64(T v) { return (i64)v; }            \
        static __device__ __forceinline__ bool to_bool(T v) { return v != 0; }          \
        static __device__ __forceinline__ T from_f64(double v) { return (T)v; }         \
        static __device__ __forceinline__ T from_f32(float v) { return (T)v; }          \
        static __device__ __forceinline__ T from_i64(i64 v) { return (T)v; }            \
    };
FLOAT_ELEM(float, float)
FLOAT_ELEM(double, double)

#define INT_ELEM(T)                                                                     \
    template <> struct Elem<T> {                                                        \
        typedef i64 C;                                                                  \
        static const bool is_float = false;                                             \
        static __device__ __forceinline__ C load(T v) { return (i64)v; }                \
        static __device__ __forceinline__ T store(C v) { return (T)v; }                 \
        static __device__ __forceinline__ double to_f64(T v) { return (double)v; }      \
        static __device__ __forceinline__ float to_f32(T v) { return (float)v; }        \
        static __device__ __forceinline__ i64 to_i64(T v) { return (i64)v; }            \
        static __device__ __forceinline__ bool to_bool(T v) { return v != 0; }          \
        static __device__ __forceinline__ T from_f64(double v) { return (T)(i64)v; }    \
        static __device__ __forceinline__ T from_f32(float v) { return (T)(i64)v; }     \
        static __device__ __forceinline__ T from_i64(i64 v) { return (T)v; }            \
    };
INT_ELEM(i64)
INT_ELEM(int)
INT_ELEM(short)
INT_ELEM(signed char)
INT_ELEM(unsigned char)

template <> struct Elem<B8> {
    typedef i64 C;
    static const bool is_float = false;
    static __device__ __forceinline__ C load(B8 v) { return v.v; }
    static __device__ __forceinline__ B8 store(C v) { B8 r; r.v = v != 0; return r; }
    static __device__ __forceinline__ double to_f64(B8 v) { return v.v; }
    static __device__ __forceinline__ float to_f32(B8 v) { return v.v; }
    static __device__ __forceinline__ i64 to_i64(B8 v) { return v.v; }
    static __device__ __forceinline__ bool to_bool(B8 v) { return v.v != 0; }
    static __device__ __forceinline__ B8 from_f64(double v) { B8 r; r.v = v != 0.0; return r; }
    static __device__ __forceinline__ B8 from_f32(float v) { B8 r; r.v = v != 0.0f; return r; }
    static __device__ __forceinline__ B8 from_i64(i64 v) { B8 r; r.v = v != 0; return r; }
};
template <> struct Elem<F16> {
    typedef float C;
    static const bool is_float = true;
    static __device__ __forceinline__ float load(F16 v) { return f16_to_f32(v.bits); }
    static __device__ __forceinline__ F16 store(float v) { F16 r; r.bits = f32_to_f16(v); return r; }
    static __device__ __forceinline__ double to_f64(F16 v) { return f16_to_f32(v.bits); }
    static __device__ __forceinline__ float to_f32(F16 v) { return f16_to_f32(v.bits); }
    static __device__ __forceinline__ i64 to_i64(F16 v) { return (i64)f16_to_f32(v.bits); }
    static __device__ __forceinline__ bool to_bool(F16 v) { return f16_to_f32(v.bits) != 0.0f; }
    static __device__ __forceinline__ F16 from_f64(double v) { F16 r; r.bits = f64_to_f16(v); return r; }
    static __device__ __forceinline__ F16 from_f32(float v) { F16 r; r.bits = f32_to_f16(v); return r; }
    static __device__ __forceinline__ F16 from_i64(i64 v) { F16 r; r.bits = f64_to_f16((double)v); return r; }
};
template <> struct Elem<BF16> {
    typedef float C;
    static const bool is_float = true;
    static __device__ __forceinline__ float load(BF16 v) { return bf16_to_f32(v.bits); }
    static __device__ __forceinline__ BF16 store(float v) { BF16 r; r.bits = f32_to_bf16(v); return r; }
    static __device__ __forceinline__ double to_f64(BF16 v) { return bf16_to_f32(v.bits); }
    static __device__ __forceinline__ float to_f32(BF16 v) { return bf16_to_f32(v.bits); }
    static __device__ __forceinline__ i64 to_i64(BF16 v) { return (i64)bf16_to_f32(v.bits); }
    static __device__ __forceinline__ bool to_bool(BF16 v) { return bf16_to_f32(v.bits) != 0.0f; }
    static __device__ __forceinline__ BF16 from_f64(double v) { BF16 r; r.bits = f32_to_bf16((float)v); return r; }
    static __device__ __forceinline__ BF16 from_f32(float v) { BF16 r; r.bits = f32_to_bf16(v); return r; }
    static __device__ __forceinline__ BF16 from_i64(i64 v) { BF16 r; r.bits = f32_to_bf16((float)v); return r; }
};

// Every dtype, as (C type, name used in kernel names); the Rust side builds the
// same names from DType::name_short.
#define FOR_ALL_TYPES(M)   \
    M(float, f32)          \
    M(double, f64)         \
    M(F16, f16)            \
    M(BF16, bf16)          \
    M(i64, i64)            \
    M(int, i32)            \
    M(short, i16)          \
    M(signed char, i8)     \
    M(unsigned char, u8)   \
    M(B8, bool)

// The numeric dtypes (arithmetic on bool is left to the host path).
#define FOR_NUM_TYPES(M)   \
    M(float, f32)          \
    M(double, f64)         \
    M(F16, f16)            \
    M(BF16, bf16)          \
    M(i64, i64)            \
    M(int, i32)            \
    M(short, i16)          \
    M(signed char, i8)     \
    M(unsigned char, u8)

#define FOR_FLOAT_TYPES(M) \
    M(float, f32)          \
    M(double, f64)         \
    M(F16, f16)            \
    M(BF16, bf16)

#define GRID_STRIDE_LOOP(i, n) \
    for (i64 i = (i64)blockIdx.x * blockDim.x + threadIdx.x; i < (n); i += (i64)blockDim.x * gridDim.x)

// Which dtype a type is, for the casts (the CPU engine's rules, `tensor::convert`).
template <typename T> struct IsBool { static const bool v = false; };
template <> struct IsBool<B8> { static const bool v = true; };
template <typename T> struct IsF32 { static const bool v = false; };
template <> struct IsF32<float> { static const bool v = true; };
template <typename T> struct IsF64 { static const bool v = false; };
template <> struct IsF64<double> { static const bool v = true; };

// One element converted between dtypes with C++ cast semantics, exactly as the
// CPU engine's `convert` does it (through float for float sources except double).
template <typename S, typename D>
__device__ __forceinline__ D cast_value(S x) {
    if (IsBool<D>::v) return Elem<D>::from_i64(Elem<S>::to_bool(x) ? 1 : 0);
    if (Elem<S>::is_float) {
        if (IsF32<D>::v || (!Elem<D>::is_float && !IsF64<S>::v)) return Elem<D>::from_f32(Elem<S>::to_f32(x));
        return Elem<D>::from_f64(Elem<S>::to_f64(x));
    }
    if (!Elem<D>::is_float) return Elem<D>::from_i64(Elem<S>::to_i64(x));
    return Elem<D>::from_f64(Elem<S>::to_f64(x));
}

// A contiguous operand is passed with ndim = -1: its i-th element is at offset + i,
// with no division per element.
__device__ __forceinline__ i64 offset_of(const Strided& s, i64 i) {
    return s.ndim < 0 ? s.offset + i : strided_offset(s, i);
}
