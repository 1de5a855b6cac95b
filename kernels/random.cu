// Counter-based random numbers (Philox-4x32-10, as cuRAND and PyTorch's CUDA
// generator use): element i of a draw depends only on (seed, offset, i), so any
// grid shape gives the same values and no state lives on the device. The host
// advances `offset` by the number of counters a draw used.
#include "common.cuh"

struct U4 { unsigned int x, y, z, w; };

__device__ __forceinline__ U4 philox(u64 seed, u64 counter) {
    unsigned int k0 = (unsigned int)seed, k1 = (unsigned int)(seed >> 32);
    U4 c = {(unsigned int)counter, (unsigned int)(counter >> 32), 0u, 0u};
    for (int r = 0; r < 10; ++r) {
        unsigned int hi0 = __umulhi(0xD2511F53u, c.x), lo0 = 0xD2511F53u * c.x;
        unsigned int hi1 = __umulhi(0xCD9E8D57u, c.z), lo1 = 0xCD9E8D57u * c.z;
        U4 n = {hi1 ^ c.y ^ k0, lo1, hi0 ^ c.w ^ k1, lo0};
        c = n;
        k0 += 0x9E3779B9u;
        k1 += 0xBB67AE85u;
    }
    return c;
}

// 24 random bits into [0, 1) for float; 53 for double.
__device__ __forceinline__ float u01f(unsigned int x) { return (float)(x >> 8) * (1.0f / 16777216.0f); }
__device__ __forceinline__ double u01d(unsigned int hi, unsigned int lo) {
    u64 v = (((u64)hi << 32) | lo) >> 11;
    return (double)v * (1.0 / 9007199254740992.0);
}

// Four values of one counter into out[4q..4q+4): one 16-byte store (coalesced
// across the warp) except at the ragged end (or an unaligned `out`).
__device__ __forceinline__ void store4(float* out, i64 q, i64 n, const float* v) {
    if (q * 4 + 3 < n && (((u64)out) & 15) == 0) {
        reinterpret_cast<float4*>(out)[q] = make_float4(v[0], v[1], v[2], v[3]);
    } else {
        for (int k = 0; k < 4 && q * 4 + k < n; ++k) out[q * 4 + k] = v[k];
    }
}

// Each counter gives four 32-bit words: one counter serves four float32 elements.
extern "C" __global__ void uniform_f32(float* out, i64 n, u64 seed, u64 offset, float lo, float hi) {
    GRID_STRIDE_LOOP(q, (n + 3) / 4) {
        U4 r = philox(seed, offset + (u64)q);
        unsigned int w[4] = {r.x, r.y, r.z, r.w};
        float v[4];
        for (int k = 0; k < 4; ++k) {
            float x = lo + (hi - lo) * u01f(w[k]);
            v[k] = x < hi ? x : lo;  // rounding must not reach `hi`
        }
        store4(out, q, n, v);
    }
}

extern "C" __global__ void normal_f32(float* out, i64 n, u64 seed, u64 offset, float mean, float std) {
    GRID_STRIDE_LOOP(q, (n + 3) / 4) {
        U4 r = philox(seed, offset + (u64)q);
        // Box-Muller on two pairs; u1 in (0, 1] keeps the log finite.
        float u1 = ((float)(r.x >> 8) + 1.0f) * (1.0f / 16777216.0f), u2 = u01f(r.y);
        float u3 = ((float)(r.z >> 8) + 1.0f) * (1.0f / 16777216.0f), u4 = u01f(r.w);
        float r1 = sqrtf(-2.0f * logf(u1)), r2 = sqrtf(-2.0f * logf(u3));
        float s1, c1, s2, c2;
        sincospif(2.0f * u2, &s1, &c1);
        sincospif(2.0f * u4, &s2, &c2);
        float z[4] = {mean + std * r1 * c1, mean + std * r1 * s1, mean + std * r2 * c2, mean + std * r2 * s2};
        store4(out, q, n, z);
    }
}

extern "C" __global__ void uniform_f64(double* out, i64 n, u64 seed, u64 offset, double lo, double hi) {
    GRID_STRIDE_LOOP(q, (n + 1) / 2) {
        U4 r = philox(seed, offset + (u64)q);
        double u[2] = {u01d(r.x, r.y), u01d(r.z, r.w)};
        for (int k = 0; k < 2; ++k) {
            i64 i = q * 2 + k;
            if (i < n) {
                double v = lo + (hi - lo) * u[k];
                out[i] = v < hi ? v : lo;
            }
        }
    }
}

extern "C" __global__ void normal_f64(double* out, i64 n, u64 seed, u64 offset, double mean, double std) {
    GRID_STRIDE_LOOP(q, (n + 1) / 2) {
        U4 r = philox(seed, offset + (u64)q);
        double u1 = 1.0 - u01d(r.x, r.y), u2 = u01d(r.z, r.w);
        double rad = sqrt(-2.0 * log(u1));
        double s, c;
        sincospi(2.0 * u2, &s, &c);
        double z[2] = {rad * c, rad * s};
        for (int k = 0; k < 2; ++k) {
            i64 i = q * 2 + k;
            if (i < n) out[i] = mean + std * z[k];
        }
    }
}

// randint: low + (64 random bits mod range); range < 2^63 keeps the bias negligible.
extern "C" __global__ void randint_i64(i64* out, i64 n, u64 seed, u64 offset, i64 low, u64 range) {
    GRID_STRIDE_LOOP(q, (n + 1) / 2) {
        U4 r = philox(seed, offset + (u64)q);
        u64 v[2] = {((u64)r.x << 32) | r.y, ((u64)r.z << 32) | r.w};
        for (int k = 0; k < 2; ++k) {
            i64 i = q * 2 + k;
            if (i < n) out[i] = low + (i64)(v[k] % range);
        }
    }
}
