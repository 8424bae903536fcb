// KV cache size for a context, per runtime profile.
//
// Per layer that attends globally, each cached token ("cell") holds
//   K: n_head_kv x n_embd_head_k values, V: n_head_kv x n_embd_head_v values
// (K and V are stored per KV head, not per query head: llama.cpp src/llama-hparams.h n_embd_k_gqa/n_embd_v_gqa),
// so the cache grows linearly with tokens. Sliding-window and chunked layers never need more than n_swa cells.
// MLA layers (DeepSeek-V2/V3, Kimi K2) cache one latent row of kv_lora_rank + qk_rope_head_dim values shared by
// all heads. Recurrent (SSM / linear-attention) layers hold a fixed state per sequence instead.
//
// Profiles:
//   theory     exactly the formula above; `ctx` tokens per sequence, no padding.
//   llama.cpp  as v0.5.0 allocates (src/llama-kv-cache.cpp, llama-kv-cache-iswa.cpp, llama-memory-recurrent.cpp):
//              cells = pad(ctx, 256) per sequence stream (kv_unified = false); SWA layers get
//              pad(min(cells, n_swa + n_ubatch), 256) cells unless swa_full; MLA caches K only (576 values,
//              V is a view of K); recurrent state R + S in f32.
//   vllm       16-token blocks (cells = ceil(ctx / 16) x 16); every attention layer at the full rate, as vLLM's
//              reported "GPU KV cache size" counts sliding-window layers (hf-mem #60); MLA latent 576 values.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model.h"
#include "result.h"

namespace contextfit {

enum class Runtime { theory, llama_cpp, vllm };
inline constexpr Runtime all_runtimes[] = {Runtime::theory, Runtime::llama_cpp, Runtime::vllm};
const char* runtime_name(Runtime r);  // "theory", "llama.cpp", "vllm"
Result<Runtime> parse_runtime(std::string_view name);

// Cache element types. ggml types as llama.cpp's --cache-type-k/-v accepts them; fp8 is vLLM's
// --kv-cache-dtype fp8. Block sizes and bytes: ggml/src/ggml-common.h (block_q8_0 = 34 bytes per 32 values …).
enum class KvType { f32, f16, bf16, q8_0, q5_1, q5_0, q4_1, q4_0, iq4_nl, fp8, count };
struct KvTypeInfo {
    const char* name;
    uint32_t block_size;   // values per block
    uint32_t block_bytes;  // bytes per block
    bool llama_cpp;        // accepted by llama.cpp
    bool vllm;             // accepted by vLLM (f16/bf16 = "auto" for a 16-bit model)
};
const KvTypeInfo& kv_type_info(KvType t);
// The cache types a runtime accepts, in KvType order: llama.cpp's and vLLM's from the table's flags; theory
// accepts every type. The one place this rule is written: the parser, the link check, the page's list and the
// CLI's help all ask here.
std::vector<KvType> accepted_kv_types(Runtime runtime);
std::vector<std::string> kv_type_ids(Runtime runtime);  // their names: "f32", "f16", …
std::string kv_type_list(Runtime runtime, const char* separator);  // the names joined, for messages and help
Result<KvType> parse_kv_type(std::string_view name, Runtime runtime);

// Bytes of a row of n values of type t (ggml_row_size: whole blocks).
uint64_t row_bytes(KvType t, uint64_t n);

struct KvOptions {
    Runtime runtime = Runtime::llama_cpp;
    KvType type_k = KvType::f16;
    KvType type_v = KvType::f16;
    uint32_t n_seq = 1;            // parallel sequences, each with its own cache stream
    uint32_t n_ubatch = 512;       // llama.cpp micro-batch (common/common.h default 512); sizes SWA caches
    bool swa_full = false;         // llama.cpp --swa-full: SWA layers get full-size caches
};

struct KvSize {
    uint64_t cells = 0;            // cells per sequence in full-attention layers
    uint64_t cells_swa = 0;        // cells per sequence in sliding/chunked layers (0 if none)
    uint64_t k_bytes = 0;          // all sequences, all layers
    uint64_t v_bytes = 0;
    uint64_t state_bytes = 0;      // recurrent state, all sequences
    uint64_t total() const { return k_bytes + v_bytes + state_bytes; }
};

// KV cache for `ctx` tokens in each of options.n_seq sequences.
KvSize kv_size(const ModelSpec& model, uint64_t ctx, const KvOptions& options);

// Cells a runtime allocates for ctx tokens of one sequence (padding / block rounding).
uint64_t cells_for(uint64_t ctx, Runtime runtime);

}  // namespace contextfit
