/* The float32 GEMM for three instruction sets from one template (gemm-template.h). Built with
 * -ffp-contract=fast so that a·b + c becomes a fused multiply-add where the target has one. */
#include <stdlib.h>
#include <string.h>
#include "kernels.h"

#define SUFFIX avx512
#define TARGET_ATTR __attribute__((target("avx512f,avx512vl,avx2,fma")))
#define VLEN 16
#define MR 8
#define NRV 2
#include "gemm-template.h"

#define SUFFIX avx2
#define TARGET_ATTR __attribute__((target("avx2,fma")))
#define VLEN 8
#define MR 6
#define NRV 2
#include "gemm-template.h"

#define SUFFIX portable
#define TARGET_ATTR
#define VLEN 4
#define MR 4
#define NRV 2
#include "gemm-template.h"
