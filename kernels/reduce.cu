// Reductions along the innermost (contiguous) dimension: the caller permutes the
// reduced dims last and makes the input contiguous. One block per output row;
// a block-wide tree in shared memory keeps float sums close to PyTorch's.
#include "common.cuh"

#define BLOCK 256

template <typename T, typename Acc>
__device__ void row_sum(const T* in, T* out, i64 rows, i64 cols, int mean) {
    __shared__ Acc buf[BLOCK];
    for (i64 r = blockIdx.x; r < rows; r += gridDim.x) {
        Acc acc = 0;
        for (i64 c = threadIdx.x; c < cols; c += BLOCK) acc += (Acc)Elem<T>::load(in[r * cols + c]);
        buf[threadIdx.x] = acc;
        __syncthreads();
        for (int s = BLOCK / 2; s > 0; s >>= 1) {
            if (threadIdx.x < s) buf[threadIdx.x] += buf[threadIdx.x + s];
            __syncthreads();
        }
        if (threadIdx.x == 0) {
            Acc v = buf[0];
            if (mean) v = v / (Acc)cols;
            out[r] = Elem<T>::store((typename Elem<T>::C)v);
        }
        __syncthreads();
    }
}

template <typename T, int IS_MAX>
__device__ void row_extreme(const T* in, T* out_v, i64* out_i, i64 rows, i64 cols) {
    typedef typename Elem<T>::C C;
    __shared__ C vbuf[BLOCK];
    __shared__ i64 ibuf[BLOCK];
    for (i64 r = blockIdx.x; r < rows; r += gridDim.x) {
        C best = 0;
        i64 besti = -1;
        for (i64 c = threadIdx.x; c < cols; c += BLOCK) {
            C x = Elem<T>::load(in[r * cols + c]);
            bool better = besti < 0 || (x != x && best == best) || (IS_MAX ? x > best : x < best);
            if (better) { best = x; besti = c; }
        }
        vbuf[threadIdx.x] = best;
        ibuf[threadIdx.x] = besti;
        __syncthreads();
        for (int s = BLOCK / 2; s > 0; s >>= 1) {
            if (threadIdx.x < s) {
                C a = vbuf[threadIdx.x], b = vbuf[threadIdx.x + s];
                i64 ia = ibuf[threadIdx.x], ib = ibuf[threadIdx.x + s];
                // First index wins ties, NaN wins everything (as PyTorch).
                bool take_b = ib >= 0 && (ia < 0 || (b != b && (a == a || ib < ia)) ||
                              (a == a && b == b && (IS_MAX ? b > a : b < a)) || (a == b && ib < ia));
                if (take_b) { vbuf[threadIdx.x] = b; ibuf[threadIdx.x] = ib; }
            }
            __syncthreads();
        }
        if (threadIdx.x == 0) {
            if (out_v) out_v[r] = Elem<T>::store(vbuf[0]);
            if (out_i) out_i[r] = ibuf[0];
        }
        __syncthreads();
    }
}

#define REDUCE(T, tname, Acc)                                                                       \
    extern "C" __global__ void sum_rows_##tname(const T* in, T* out, i64 rows, i64 cols, int mean) { \
        row_sum<T, Acc>(in, out, rows, cols, mean);                                                 \
    }                                                                                               \
    extern "C" __global__ void max_rows_##tname(const T* in, T* v, i64* idx, i64 rows, i64 cols) {  \
        row_extreme<T, 1>(in, v, idx, rows, cols);                                                  \
    }                                                                                               \
    extern "C" __global__ void min_rows_##tname(const T* in, T* v, i64* idx, i64 rows, i64 cols) {  \
        row_extreme<T, 0>(in, v, idx, rows, cols);                                                  \
    }
REDUCE(float, f32, float)
REDUCE(double, f64, double)
REDUCE(F16, f16, float)
REDUCE(BF16, bf16, float)
REDUCE(i64, i64, i64)
