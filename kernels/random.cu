// Counter-based random numbers (Philox-4x32-10, as cuRAND and PyTorch's CUDA
// generator use): element i of a draw depends only on (seed, offset, i), so any
// grid shape gives the same values and no state lives on the device.
#include "common.cuh"

struct U4 { unsigned int x, y, z, w; };

__device__ __forceinline__ U4 philox(unsigned long long seed, unsigned long long counter) {
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

__device__ __forceinline__ float u01(unsigned int x) {
    // 24 random bits into [0, 1).
    return (float)(x >> 8) * (1.0f / 16777216.0f);
}

extern "C" __global__ void uniform_f32(float* out, i64 n, unsigned long long seed, unsigned long long offset,
                                       float lo, float hi) {
    GRID_STRIDE_LOOP(i, n) {
        U4 r = philox(seed, offset + (unsigned long long)i);
        out[i] = lo + (hi - lo) * u01(r.x);
    }
}

extern "C" __global__ void normal_f32(float* out, i64 n, unsigned long long seed, unsigned long long offset,
                                      float mean, float std) {
    GRID_STRIDE_LOOP(i, n) {
        U4 r = philox(seed, offset + (unsigned long long)i);
        // Box-Muller; u1 in (0, 1] keeps log finite.
        float u1 = ((float)(r.x >> 8) + 1.0f) * (1.0f / 16777216.0f);
        float u2 = u01(r.y);
        float z = sqrtf(-2.0f * logf(u1)) * cospif(2.0f * u2);
        out[i] = mean + std * z;
    }
}

extern "C" __global__ void randint_i64(i64* out, i64 n, unsigned long long seed, unsigned long long offset,
                                       i64 low, unsigned long long range) {
    GRID_STRIDE_LOOP(i, n) {
        U4 r = philox(seed, offset + (unsigned long long)i);
        unsigned long long v = ((unsigned long long)r.x << 32) | r.y;
        out[i] = low + (i64)(v % range);
    }
}
