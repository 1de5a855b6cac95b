// Shared by every kernel file: element types, conversions and strided indexing.
// NVRTC compiles these at run time for the device's architecture; no CUDA headers
// are needed (half and bfloat16 conversions go through PTX instructions).
#pragma once
typedef long long i64;
typedef unsigned short f16_bits;   // IEEE half, stored as bits
typedef unsigned short bf16_bits;  // bfloat16, stored as bits

#define MAX_DIMS 8

// A strided view: shape and strides in elements, offset in elements.
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
__device__ __forceinline__ float bf16_to_f32(bf16_bits b) {
    return __uint_as_float(((unsigned int)b) << 16);
}
__device__ __forceinline__ bf16_bits f32_to_bf16(float f) {
    unsigned int u = __float_as_uint(f);
    if ((u & 0x7fffffffu) > 0x7f800000u) return (bf16_bits)((u >> 16) | 0x40);  // quiet NaN
    u += 0x7fffu + ((u >> 16) & 1u);  // round to nearest even
    return (bf16_bits)(u >> 16);
}

// Load/store through the compute type: reduced floats compute in float.
template <typename S> struct Elem;
template <> struct Elem<float> {
    typedef float C;
    static __device__ __forceinline__ float load(float v) { return v; }
    static __device__ __forceinline__ float store(float v) { return v; }
};
template <> struct Elem<double> {
    typedef double C;
    static __device__ __forceinline__ double load(double v) { return v; }
    static __device__ __forceinline__ double store(double v) { return v; }
};
template <> struct Elem<i64> {
    typedef i64 C;
    static __device__ __forceinline__ i64 load(i64 v) { return v; }
    static __device__ __forceinline__ i64 store(i64 v) { return v; }
};
template <> struct Elem<int> {
    typedef i64 C;
    static __device__ __forceinline__ i64 load(int v) { return v; }
    static __device__ __forceinline__ int store(i64 v) { return (int)v; }
};
template <> struct Elem<unsigned char> {
    typedef i64 C;
    static __device__ __forceinline__ i64 load(unsigned char v) { return v; }
    static __device__ __forceinline__ unsigned char store(i64 v) { return (unsigned char)v; }
};
struct F16 { f16_bits bits; };
struct BF16 { bf16_bits bits; };
template <> struct Elem<F16> {
    typedef float C;
    static __device__ __forceinline__ float load(F16 v) { return f16_to_f32(v.bits); }
    static __device__ __forceinline__ F16 store(float v) { F16 r; r.bits = f32_to_f16(v); return r; }
};
template <> struct Elem<BF16> {
    typedef float C;
    static __device__ __forceinline__ float load(BF16 v) { return bf16_to_f32(v.bits); }
    static __device__ __forceinline__ BF16 store(float v) { BF16 r; r.bits = f32_to_bf16(v); return r; }
};

#define GRID_STRIDE_LOOP(i, n) \
    for (i64 i = (i64)blockIdx.x * blockDim.x + threadIdx.x; i < (n); i += (i64)blockDim.x * gridDim.x)
