// Creates a llama.cpp context the way node-llama-cpp does (CPU, one sequence, kv_unified off, swa_full off,
// n_batch = n_ubatch) so that llama.cpp prints its compute buffer, and with AT_TRACE=1 ggml-alloc's placement log.
// Usage: driver <model.gguf> <n_ctx> <n_ubatch> <flash attention 0|1> [f16|q8_0|q8_0-k [sequences]]
// (q8_0: K and V quantized; q8_0-k: K only)
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "llama.h"

int main(int argc, char** argv) {
    if (argc < 5) {
        std::fprintf(stderr, "usage: %s <model.gguf> <n_ctx> <n_ubatch> <flash attention 0|1> [f16|q8_0|q8_0-k [sequences]]\n",
                     argv[0]);
        return 2;
    }
    llama_backend_init();
    llama_model_params mp = llama_model_default_params();
    mp.n_gpu_layers = 0;
    llama_model* model = llama_model_load_from_file(argv[1], mp);
    if (!model) return 1;
    llama_context_params cp = llama_context_default_params();
    cp.n_ctx = static_cast<uint32_t>(std::atoi(argv[2]));
    cp.n_batch = cp.n_ubatch = static_cast<uint32_t>(std::atoi(argv[3]));
    cp.flash_attn_type = std::atoi(argv[4]) ? LLAMA_FLASH_ATTN_TYPE_ENABLED : LLAMA_FLASH_ATTN_TYPE_DISABLED;
    cp.n_seq_max = argc > 6 ? static_cast<uint32_t>(std::atoi(argv[6])) : 1;  // n_ctx is all sequences' cells
    cp.swa_full = false;
    cp.kv_unified = false;
    if (argc > 5 && std::strcmp(argv[5], "q8_0") == 0) cp.type_k = cp.type_v = GGML_TYPE_Q8_0;
    if (argc > 5 && std::strcmp(argv[5], "q8_0-k") == 0) cp.type_k = GGML_TYPE_Q8_0;
    llama_context* ctx = llama_init_from_model(model, cp);
    if (!ctx) return 1;
    llama_free(ctx);  // prints "CPU compute buffer size is X MiB" with four decimals
    llama_model_free(model);
    return 0;
}
