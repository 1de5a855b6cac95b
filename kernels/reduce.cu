// Reductions along the innermost (contiguous) dimension: the host permutes the
// reduced dims last and makes the input contiguous, so a reduction is `rows` rows
// of `cols` values. Sum and prod may split a row into `chunks` pieces (a first
// pass writes rows*chunks partials, a second pass reduces those), so a full
// reduction of a big tensor still uses the whole GPU.
#include "common.cuh"

#define BLOCK 256

template <typename Acc> struct AddR { static __device__ __forceinline__ Acc f(Acc a, Acc b) { return a + b; } static __device__ __forceinline__ Acc id() { return (Acc)0; } };
template <typename Acc> struct MulR { static __device__ __forceinline__ Acc f(Acc a, Acc b) { return a * b; } static __device__ __forceinline__ Acc id() { return (Acc)1; } };

// The whole block's values combined; every thread gets the result.
template <typename Acc, typename R>
__device__ __forceinline__ Acc block_reduce(Acc v, Acc* buf) {
    buf[threadIdx.x] = v;
    __syncthreads();
    for (int s = BLOCK / 2; s > 0; s >>= 1) {
        if (threadIdx.x < s) buf[threadIdx.x] = R::f(buf[threadIdx.x], buf[threadIdx.x + s]);
        __syncthreads();
    }
    Acc r = buf[0];
    __syncthreads();
    return r;
}

template <typename T> struct AccOf { typedef typename Elem<T>::C A; };
template <> struct AccOf<double> { typedef double A; };

template <typename T, typename R>
__device__ void rows_fold(const T* in, T* out, i64 rows, i64 cols, i64 chunks) {
    typedef typename AccOf<T>::A Acc;
    __shared__ Acc buf[BLOCK];
    i64 len = (cols + chunks - 1) / chunks;
    for (i64 b = blockIdx.x; b < rows * chunks; b += gridDim.x) {
        i64 r = b / chunks, c = b % chunks;
        i64 start = c * len, end = start + len < cols ? start + len : cols;
        Acc acc = R::id();
        for (i64 k = start + threadIdx.x; k < end; k += BLOCK) acc = R::f(acc, (Acc)Elem<T>::load(in[r * cols + k]));
        acc = block_reduce<Acc, R>(acc, buf);
        if (threadIdx.x == 0) out[b] = Elem<T>::store((typename Elem<T>::C)acc);
    }
}

// max/min with the index of the first extreme; NaN wins (as PyTorch).
template <typename T, int IS_MAX>
__device__ void rows_extreme(const T* in, T* out_v, i64* out_i, i64 rows, i64 cols) {
    typedef typename Elem<T>::C C;
    __shared__ C vbuf[BLOCK];
    __shared__ i64 ibuf[BLOCK];
    for (i64 r = blockIdx.x; r < rows; r += gridDim.x) {
        C best = 0;
        i64 besti = -1;
        for (i64 c = threadIdx.x; c < cols; c += BLOCK) {
            C x = Elem<T>::load(in[r * cols + c]);
            bool better = besti < 0 || (x != x && best == best) || (best == best && (IS_MAX ? x > best : x < best));
            if (better) { best = x; besti = c; }
        }
        vbuf[threadIdx.x] = best;
        ibuf[threadIdx.x] = besti;
        __syncthreads();
        for (int s = BLOCK / 2; s > 0; s >>= 1) {
            if (threadIdx.x < s) {
                C a = vbuf[threadIdx.x], b = vbuf[threadIdx.x + s];
                i64 ia = ibuf[threadIdx.x], ib = ibuf[threadIdx.x + s];
                bool a_nan = a != a, b_nan = b != b;
                bool take_b = ib >= 0 && (ia < 0 || (b_nan && (!a_nan || ib < ia)) ||
                              (!a_nan && !b_nan && ((IS_MAX ? b > a : b < a) || (a == b && ib < ia))));
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

// any/all: bool out.
template <typename T, int ALL>
__device__ void rows_logical(const T* in, B8* out, i64 rows, i64 cols) {
    __shared__ i64 buf[BLOCK];
    for (i64 r = blockIdx.x; r < rows; r += gridDim.x) {
        i64 acc = ALL ? 1 : 0;
        for (i64 c = threadIdx.x; c < cols; c += BLOCK) {
            bool v = Elem<T>::to_bool(in[r * cols + c]);
            acc = ALL ? (acc & (i64)v) : (acc | (i64)v);
        }
        i64 total = block_reduce<i64, AddR<i64> >(acc, buf);
        if (threadIdx.x == 0) out[r].v = ALL ? (total == BLOCK) : (total > 0);
    }
}

// var/std with Bessel's correction, two passes over the row in double.
template <typename T>
__device__ void rows_var(const T* in, T* out, i64 rows, i64 cols, double correction, int take_sqrt) {
    __shared__ double buf[BLOCK];
    for (i64 r = blockIdx.x; r < rows; r += gridDim.x) {
        double s = 0;
        for (i64 c = threadIdx.x; c < cols; c += BLOCK) s += Elem<T>::to_f64(in[r * cols + c]);
        double mean = block_reduce<double, AddR<double> >(s, buf) / (double)cols;
        double q = 0;
        for (i64 c = threadIdx.x; c < cols; c += BLOCK) {
            double d = Elem<T>::to_f64(in[r * cols + c]) - mean;
            q += d * d;
        }
        double ss = block_reduce<double, AddR<double> >(q, buf);
        double denom = (double)cols - correction;
        double v = denom > 0 ? ss / denom : (0.0 / 0.0);
        if (take_sqrt) v = sqrt(v);
        if (threadIdx.x == 0) out[r] = Elem<T>::from_f64(v);
    }
}

// softmax / log_softmax of each row, computed in float (double for double).
template <typename T>
__device__ void rows_softmax(const T* in, T* out, i64 rows, i64 cols, int log_) {
    typedef typename AccOf<T>::A Acc;
    __shared__ Acc buf[BLOCK];
    for (i64 r = blockIdx.x; r < rows; r += gridDim.x) {
        const T* x = in + r * cols;
        Acc m = (Acc)(-__int_as_float(0x7f800000));
        for (i64 c = threadIdx.x; c < cols; c += BLOCK) {
            Acc v = (Acc)Elem<T>::load(x[c]);
            m = (v > m || v != v) ? v : m;
        }
        buf[threadIdx.x] = m;
        __syncthreads();
        for (int s = BLOCK / 2; s > 0; s >>= 1) {
            if (threadIdx.x < s) { Acc a = buf[threadIdx.x], b = buf[threadIdx.x + s]; buf[threadIdx.x] = (b > a || b != b) ? b : a; }
            __syncthreads();
        }
        m = buf[0];
        __syncthreads();
        Acc s = 0;
        for (i64 c = threadIdx.x; c < cols; c += BLOCK) s += exp((Acc)Elem<T>::load(x[c]) - m);
        s = block_reduce<Acc, AddR<Acc> >(s, buf);
        Acc lse = log(s);
        for (i64 c = threadIdx.x; c < cols; c += BLOCK) {
            Acc v = (Acc)Elem<T>::load(x[c]) - m;
            out[r * cols + c] = Elem<T>::store((typename Elem<T>::C)(log_ ? v - lse : exp(v) / s));
        }
    }
}

#define REDUCE(T, tname)                                                                                 \
    extern "C" __global__ void sum_rows_##tname(const T* in, T* out, i64 rows, i64 cols, i64 chunks) {   \
        rows_fold<T, AddR<AccOf<T>::A> >(in, out, rows, cols, chunks);                                   \
    }                                                                                                    \
    extern "C" __global__ void prod_rows_##tname(const T* in, T* out, i64 rows, i64 cols, i64 chunks) {  \
        rows_fold<T, MulR<AccOf<T>::A> >(in, out, rows, cols, chunks);                                   \
    }                                                                                                    \
    extern "C" __global__ void max_rows_##tname(const T* in, T* v, i64* idx, i64 rows, i64 cols) {       \
        rows_extreme<T, 1>(in, v, idx, rows, cols);                                                      \
    }                                                                                                    \
    extern "C" __global__ void min_rows_##tname(const T* in, T* v, i64* idx, i64 rows, i64 cols) {       \
        rows_extreme<T, 0>(in, v, idx, rows, cols);                                                      \
    }                                                                                                    \
    extern "C" __global__ void any_rows_##tname(const T* in, B8* out, i64 rows, i64 cols) {              \
        rows_logical<T, 0>(in, out, rows, cols);                                                         \
    }                                                                                                    \
    extern "C" __global__ void all_rows_##tname(const T* in, B8* out, i64 rows, i64 cols) {              \
        rows_logical<T, 1>(in, out, rows, cols);                                                         \
    }
FOR_NUM_TYPES(REDUCE)

extern "C" __global__ void any_rows_bool(const B8* in, B8* out, i64 rows, i64 cols) { rows_logical<B8, 0>(in, out, rows, cols); }
extern "C" __global__ void all_rows_bool(const B8* in, B8* out, i64 rows, i64 cols) { rows_logical<B8, 1>(in, out, rows, cols); }

#define FLOAT_ROWS(T, tname)                                                                                          \
    extern "C" __global__ void var_rows_##tname(const T* in, T* out, i64 rows, i64 cols, double corr, int sq) {      \
        rows_var<T>(in, out, rows, cols, corr, sq);                                                                   \
    }                                                                                                                 \
    extern "C" __global__ void softmax_rows_##tname(const T* in, T* out, i64 rows, i64 cols, int log_) {              \
        rows_softmax<T>(in, out, rows, cols, log_);                                                                   \
    }
FOR_FLOAT_TYPES(FLOAT_ROWS)
