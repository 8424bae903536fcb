#include "kv_cache.h"

#include <algorithm>
#include <string>

#include "ascii.h"

namespace contextfit {
namespace {

// Indexed by KvType; the static_assert below fails when the enum grows without this table.
constexpr KvTypeInfo kv_types[] = {
    {"f32", 1, 4, true, false},     {"f16", 1, 2, true, true},       {"bf16", 1, 2, true, true},
    {"q8_0", 32, 34, true, false},  {"q5_1", 32, 24, true, false},   {"q5_0", 32, 22, true, false},
    {"q4_1", 32, 20, true, false},  {"q4_0", 32, 18, true, false},   {"iq4_nl", 32, 18, true, false},
    {"fp8", 1, 1, false, true},
};
static_assert(sizeof(kv_types) / sizeof(kv_types[0]) == static_cast<size_t>(KvType::count),
              "kv_types must list every KvType");

// llama.cpp pads the context to 256 cells (llama-context.cpp: n_ctx = GGML_PAD(n_ctx, 256), and again per
// sequence when kv_unified = false): ctx 1000 -> 1024 cells, as llama.cpp logs them.
constexpr uint64_t llama_cpp_pad = 256;
// vLLM pages the cache in blocks of 16 tokens (CacheConfig.block_size default 16).
constexpr uint64_t vllm_block = 16;

uint64_t pad(uint64_t n, uint64_t to) { return (n + to - 1) / to * to; }

// Values per cell and layer for K and V of one global attention layer.
struct CellValues {
    uint64_t k = 0, v = 0;
};

CellValues cell_values(const ModelSpec& m) {
    if (m.is_mla) {
        // One latent row (kv_lora_rank) + the decoupled RoPE key, shared by all heads. llama.cpp stores it as K
        // only (has_v = !is_mla, src/llama-kv-cache.cpp); vLLM's MLA backends cache the same 576 values.
        return {uint64_t{m.mla.kv_lora_rank} + m.mla.qk_rope_head_dim, 0};
    }
    return {uint64_t{m.n_head_kv} * m.n_embd_head_k, uint64_t{m.n_head_kv} * m.n_embd_head_v};
}

}  // namespace

const char* runtime_name(Runtime r) {
    switch (r) {
        case Runtime::theory: return "theory";
        case Runtime::llama_cpp: return "llama.cpp";
        case Runtime::vllm: return "vllm";
    }
    return "theory";
}

Result<Runtime> parse_runtime(std::string_view name) {
    for (Runtime r : all_runtimes)
        if (name == runtime_name(r)) return r;
    if (name == "llamacpp" || name == "llama_cpp") return Runtime::llama_cpp;
    if (name == "vLLM") return Runtime::vllm;
    return make_error(ErrorCode::unknown_name, "unknown runtime '" + std::string(name.substr(0, 40)) +
                                                   "'; accepted: theory, llama.cpp, vllm");
}

const KvTypeInfo& kv_type_info(KvType t) { return kv_types[static_cast<size_t>(t)]; }

Result<KvType> parse_kv_type(std::string_view name, Runtime runtime) {
    std::string lower = ascii_lower(name);
    if (lower == "auto" || lower == "fp16") lower = "f16";  // vLLM "auto" = the 16-bit model dtype
    if (lower == "fp8_e4m3" || lower == "fp8_e5m2") lower = "fp8";

    std::string accepted;
    for (size_t i = 0; i < static_cast<size_t>(KvType::count); ++i) {
        const KvTypeInfo& info = kv_types[i];
        const bool allowed = runtime == Runtime::theory || (runtime == Runtime::llama_cpp ? info.llama_cpp : info.vllm);
        if (!allowed) continue;
        if (lower == info.name) return static_cast<KvType>(i);
        accepted += (accepted.empty() ? "" : ", ") + std::string(info.name);
    }
    return make_error(ErrorCode::unknown_name, "KV cache type '" + std::string(name.substr(0, 40)) +
                                                   "' is not accepted by the " + runtime_name(runtime) +
                                                   " profile; accepted: " + accepted);
}

uint64_t row_bytes(KvType t, uint64_t n) {
    const KvTypeInfo& info = kv_type_info(t);
    return (n + info.block_size - 1) / info.block_size * info.block_bytes;
}

uint64_t cells_for(uint64_t ctx, Runtime runtime) {
    switch (runtime) {
        case Runtime::theory: return ctx;
        case Runtime::llama_cpp: return pad(ctx, llama_cpp_pad);
        case Runtime::vllm: return pad(ctx, vllm_block);
    }
    return ctx;
}

KvSize kv_size(const ModelSpec& m, uint64_t ctx, const KvOptions& o) {
    KvSize s;
    const uint64_t n_seq = std::max<uint32_t>(o.n_seq, 1);
    s.cells = cells_for(ctx, o.runtime);

    uint64_t n_full = m.n_layer_full;
    uint64_t n_local = m.n_layer_swa;
    if (n_local > 0) {
        const bool shrink = o.runtime == Runtime::theory || (o.runtime == Runtime::llama_cpp && m.swa_in_llama_cpp &&
                                                             !o.swa_full);
        if (!shrink) {
            n_full += n_local;  // vLLM's reported capacity and llama.cpp for archs it does not window
            n_local = 0;
        } else if (o.runtime == Runtime::theory) {
            s.cells_swa = std::min<uint64_t>(ctx, m.n_swa);
        } else {
            // llama-kv-cache-iswa.cpp: size_swa = GGML_PAD(min(size_base, n_swa*(unified ? n_seq : 1) + n_ubatch), 256)
            s.cells_swa = pad(std::min<uint64_t>(s.cells, uint64_t{m.n_swa} + o.n_ubatch), llama_cpp_pad);
        }
    }

    const CellValues per_cell = cell_values(m);
    const uint64_t cell_layers = n_full * s.cells + n_local * s.cells_swa;  // cells summed over layers, one seq
    s.k_bytes = n_seq * cell_layers * row_bytes(o.type_k, per_cell.k);
    s.v_bytes = per_cell.v ? n_seq * cell_layers * row_bytes(o.type_v, per_cell.v) : 0;

    // Recurrent state, f32 in llama.cpp (llama-memory-recurrent.cpp: R and S tensors of GGML_TYPE_F32);
    // the same 4 bytes per value are assumed for the other profiles.
    s.state_bytes = n_seq * m.recurrent.n_layer * (m.recurrent.state_values + m.recurrent.conv_values) * 4;
    return s;
}

}  // namespace contextfit
