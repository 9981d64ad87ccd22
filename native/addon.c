/*
 * The N-API face of the native kernels (loaded by src/native/index.ts): each call checks that its
 * arrays are Float32Arrays and that its sizes stay inside them (a TypeError otherwise, never a
 * read or write past an array), then runs the kernel the CPU supports best on the arrays in place.
 */
#include <node_api.h>
#include <stdint.h>
#include <stdlib.h>
#include "kernels.h"
#include "threads.h"

static sgemm_fn sgemm_impl;
static adam_fn adam_impl;
static bce_fn bce_impl;
static const char *isa_name;

static float empty_array[1];

/* The float32 data of a typed array (its length in *length when asked), or NULL for anything else. */
static float *f32_data_len(napi_env env, napi_value v, size_t *length) {
  napi_typedarray_type type;
  size_t len = 0;
  void *data = NULL;
  if (napi_get_typedarray_info(env, v, &type, &len, &data, NULL, NULL) != napi_ok || type != napi_float32_array) return NULL;
  if (length != NULL) *length = len;
  return len == 0 ? empty_array : (float *)data; /* an empty view may have no backing store */
}

/* True when every A(i,p) for i < rows, p < cols at off + i·rs + p·cs lies inside len elements. */
static int fits(size_t len, int64_t off, int64_t rs, int64_t cs, int64_t rows, int64_t cols) {
  if (rows == 0 || cols == 0) return 1;
  if (off < 0 || rs < 0 || cs < 0) return 0;
  return off + (rows - 1) * rs + (cols - 1) * cs < (int64_t)len;
}

static int64_t int_arg(napi_env env, napi_value v) {
  int64_t out = 0;
  napi_get_value_int64(env, v, &out);
  return out;
}

static double num_arg(napi_env env, napi_value v) {
  double out = 0;
  napi_get_value_double(env, v, &out);
  return out;
}

static napi_value fail(napi_env env, const char *message) {
  napi_throw_type_error(env, NULL, message);
  return NULL;
}

/* Reads exactly `want` arguments into argv; false (with a TypeError thrown) for any other count. */
static bool get_args(napi_env env, napi_callback_info info, napi_value *argv, size_t want, const char *message) {
  size_t argc = want;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc == want) return true;
  fail(env, message);
  return false;
}

/* The Float32Arrays at argv[at[0..count)] into data[] and len[], or false with a TypeError thrown. */
static bool f32_args(napi_env env, napi_value *argv, const int *at, int count, float **data, size_t *len, const char *message) {
  for (int i = 0; i < count; i++) {
    data[i] = f32_data_len(env, argv[at[i]], &len[i]);
    if (data[i] == NULL) {
      fail(env, message);
      return false;
    }
  }
  return true;
}

/* True when n ≥ 0 and every one of the count lengths holds n elements. */
static bool holds(int64_t n, const size_t *len, int count) {
  if (n < 0) return false;
  for (int i = 0; i < count; i++) if ((size_t)n > len[i]) return false;
  return true;
}

/* sgemm(a, aOff, ars, acs, b, bOff, brs, bcs, c, cOff, m, k, n) */
static napi_value js_sgemm(napi_env env, napi_callback_info info) {
  napi_value argv[13];
  if (!get_args(env, info, argv, 13, "sgemm takes 13 arguments")) return NULL;
  float *arr[3];
  size_t len[3];
  if (!f32_args(env, argv, (const int[]){0, 4, 8}, 3, arr, len, "sgemm needs Float32Arrays")) return NULL;
  float *a = arr[0], *b = arr[1], *c = arr[2];
  int64_t s[13];
  for (int i = 0; i < 13; i++) s[i] = (i == 0 || i == 4 || i == 8) ? 0 : int_arg(env, argv[i]);
  const int64_t m = s[10], k = s[11], n = s[12];
  if (m < 0 || k < 0 || n < 0) return fail(env, "sgemm: negative size");
  if (m == 0 || n == 0 || k == 0) return NULL;
  /* Reject a product that would read or write outside its arrays rather than touch foreign memory. */
  if (!fits(len[0], s[1], s[2], s[3], m, k) || !fits(len[1], s[5], s[6], s[7], k, n) || !fits(len[2], s[9], n, 1, m, n)) {
    return fail(env, "sgemm: the sizes and offsets reach past the end of an array");
  }
  sgemm_parallel(sgemm_impl, a + s[1], s[2], s[3], b + s[5], s[6], s[7], c + s[9], m, k, n);
  return NULL;
}

/* adam(g, m, v, out, n, add, sign, b1, b2, c1, c2, negStep, invBc2Sqrt, eps) */
static napi_value js_adam(napi_env env, napi_callback_info info) {
  napi_value argv[14];
  if (!get_args(env, info, argv, 14, "adam takes 14 arguments")) return NULL;
  float *a[4];
  size_t len[4];
  if (!f32_args(env, argv, (const int[]){0, 1, 2, 3}, 4, a, len, "adam needs Float32Arrays")) return NULL;
  const int64_t n = int_arg(env, argv[4]);
  if (!holds(n, len, 4)) return fail(env, "adam: n is longer than an array");
  bool add = false;
  napi_get_value_bool(env, argv[5], &add);
  adam_consts k = {num_arg(env, argv[6]), num_arg(env, argv[7]), num_arg(env, argv[8]), num_arg(env, argv[9]),
                   num_arg(env, argv[10]), num_arg(env, argv[11]), num_arg(env, argv[12]), num_arg(env, argv[13]), add};
  adam_parallel(adam_impl, a[0], a[1], a[2], a[3], (size_t)n, &k);
  return NULL;
}

/* bceLogits(z, y, grad, m, scale) → Σ of the per-row losses */
static napi_value js_bce(napi_env env, napi_callback_info info) {
  napi_value argv[5];
  if (!get_args(env, info, argv, 5, "bceLogits takes 5 arguments")) return NULL;
  float *a[3];
  size_t len[3];
  if (!f32_args(env, argv, (const int[]){0, 1, 2}, 3, a, len, "bceLogits needs Float32Arrays")) return NULL;
  const int64_t m = int_arg(env, argv[3]);
  if (!holds(m, len, 3)) return fail(env, "bceLogits: m is longer than an array");
  napi_value result;
  napi_create_double(env, m == 0 ? 0.0 : bce_impl(a[0], a[1], a[2], (size_t)m, num_arg(env, argv[4])), &result);
  return result;
}

/* Float32Arrays of one length in argv[0..count) (at most 3), or false with a TypeError thrown. */
static bool same_length_f32(napi_env env, napi_value *argv, int count, float **out, size_t *length, const char *message) {
  size_t len[3];
  if (!f32_args(env, argv, (const int[]){0, 1, 2}, count, out, len, message)) return false;
  for (int i = 1; i < count; i++) {
    if (len[i] != len[0]) {
      fail(env, message);
      return false;
    }
  }
  *length = len[0];
  return true;
}

/* relu(x, out) */
static napi_value js_relu(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  float *a[2];
  size_t n = 0;
  if (!get_args(env, info, argv, 2, "relu takes 2 arguments")) return NULL;
  if (!same_length_f32(env, argv, 2, a, &n, "relu needs Float32Arrays of one length")) return NULL;
  relu_f32(a[0], a[1], n);
  return NULL;
}

/* reluGrad(g, x, gx) */
static napi_value js_relu_grad(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  float *a[3];
  size_t n = 0;
  if (!get_args(env, info, argv, 3, "reluGrad takes 3 arguments")) return NULL;
  if (!same_length_f32(env, argv, 3, a, &n, "reluGrad needs Float32Arrays of one length")) return NULL;
  relu_grad_f32(a[0], a[1], a[2], n);
  return NULL;
}

/* columnSums(g, m, n, out): g is m×n, out has n entries */
static napi_value js_column_sums(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  if (!get_args(env, info, argv, 4, "columnSums takes 4 arguments")) return NULL;
  float *a[2];
  size_t len[2];
  if (!f32_args(env, argv, (const int[]){0, 3}, 2, a, len, "columnSums needs Float32Arrays")) return NULL;
  const float *g = a[0];
  float *out = a[1];
  const int64_t m = int_arg(env, argv[1]), n = int_arg(env, argv[2]);
  if (m < 0 || n < 0 || (size_t)(m * n) > len[0] || (size_t)n > len[1]) return fail(env, "columnSums: m×n is longer than an array");
  /* The column accumulators: on the stack for the usual widths (a bias gradient per batch). */
  double stack[1024];
  double *acc = n <= 1024 ? stack : malloc((size_t)n * sizeof(double));
  if (acc == NULL) return fail(env, "columnSums: out of memory");
  column_sums_f32(g, (size_t)m, (size_t)n, acc, out);
  if (acc != stack) free(acc);
  return NULL;
}

/* allFinite(x) → boolean */
static napi_value js_all_finite(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  if (!get_args(env, info, argv, 1, "allFinite takes 1 argument")) return NULL;
  size_t length = 0;
  const float *data = f32_data_len(env, argv[0], &length);
  if (data == NULL) return fail(env, "allFinite needs a Float32Array");
  napi_value result;
  napi_get_boolean(env, all_finite_f32(data, length), &result);
  return result;
}

/* setThreads(n): the kernels use n threads from now on (clamped to the pool; 0 lifts the limit); returns the count now active. */
static napi_value js_set_threads(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  if (!get_args(env, info, argv, 1, "setThreads takes 1 argument")) return NULL;
  napi_value result;
  napi_create_int32(env, set_thread_limit((int)int_arg(env, argv[0])), &result);
  return result;
}

static napi_value js_active_threads(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value result;
  napi_create_int32(env, active_threads(), &result);
  return result;
}

static void define(napi_env env, napi_value exports, const char *name, napi_callback fn) {
  napi_value f;
  napi_create_function(env, name, NAPI_AUTO_LENGTH, fn, NULL, &f);
  napi_set_named_property(env, exports, name, f);
}

static napi_value init(napi_env env, napi_value exports) {
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("fma")) {
    sgemm_impl = sgemm_avx512, adam_impl = adam_f32_avx512, bce_impl = bce_logits_avx512, isa_name = "avx512";
  } else if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
    sgemm_impl = sgemm_avx2, adam_impl = adam_f32_avx2, bce_impl = bce_logits_avx2, isa_name = "avx2";
  } else {
    sgemm_impl = sgemm_portable, adam_impl = adam_f32_portable, bce_impl = bce_logits_portable, isa_name = "portable";
  }
  if (getenv("DESCENT_NATIVE_ISA") != NULL) {
    const char *want = getenv("DESCENT_NATIVE_ISA");
    /* DESCENT_NATIVE_ISA=portable or avx2 picks a narrower build, to test each one on a wide CPU. */
    if (want[0] == 'p') sgemm_impl = sgemm_portable, adam_impl = adam_f32_portable, bce_impl = bce_logits_portable, isa_name = "portable";
    else if (want[0] == 'a' && want[3] == '2' && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
      sgemm_impl = sgemm_avx2, adam_impl = adam_f32_avx2, bce_impl = bce_logits_avx2, isa_name = "avx2";
    }
  }
  define(env, exports, "sgemm", js_sgemm);
  define(env, exports, "adam", js_adam);
  define(env, exports, "allFinite", js_all_finite);
  define(env, exports, "bceLogits", js_bce);
  define(env, exports, "relu", js_relu);
  define(env, exports, "columnSums", js_column_sums);
  define(env, exports, "reluGrad", js_relu_grad);
  define(env, exports, "setThreads", js_set_threads);
  define(env, exports, "activeThreads", js_active_threads);
  napi_value version;
  napi_create_int32(env, DESCENT_KERNELS_VERSION, &version);
  napi_set_named_property(env, exports, "version", version);
  napi_value threads;
  napi_create_int32(env, thread_count(), &threads);
  napi_set_named_property(env, exports, "threads", threads);
  napi_value isa;
  napi_create_string_utf8(env, isa_name, NAPI_AUTO_LENGTH, &isa);
  napi_set_named_property(env, exports, "isa", isa);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
