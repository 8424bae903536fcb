#include "memory.h"

#include <algorithm>
#include <cmath>

namespace contextfit {
namespace {

constexpr uint64_t f32 = 4;

uint64_t llama_cpp_compute(const ModelSpec& m, uint64_t cells, const RuntimeOptions& o) {
    const uint64_t ub = o.kv.n_ubatch;
    const uint64_t logits = ub * (uint64_t{m.n_vocab} + 2 * uint64_t{m.n_embd}) * f32;
    const uint64_t n_ff = m.n_ff ? m.n_ff : uint64_t{m.n_ff_exp} * std::max<uint32_t>(m.moe.n_expert_used, 1);
    const uint64_t ffn = ub * (3 * n_ff + 4 * uint64_t{m.n_embd}) * f32;
    uint64_t compute = std::max(logits, ffn);
    if (!o.flash_attn) {
        // Without flash attention the f32 KQ matrix (n_head x cells x n_ubatch) and the mask are materialised.
        const uint64_t scores = ub * cells * (uint64_t{m.n_head} + 1) * f32 + ub * 5 * uint64_t{m.n_embd} * f32;
        compute = std::max(compute, scores);
    }
    return compute;
}

uint64_t vllm_activation(const ModelSpec& m, const RuntimeOptions& o) {
    return static_cast<uint64_t>(std::llround(26.8 * m.n_embd * static_cast<double>(o.max_num_batched_tokens)));
}

constexpr uint64_t vllm_non_torch = static_cast<uint64_t>(0.35 * (1u << 30));

}  // namespace

MemoryBreakdown memory_at(const ModelSpec& m, uint64_t weights, uint64_t ctx, const RuntimeOptions& o) {
    MemoryBreakdown b;
    b.weights_bytes = weights;
    b.kv = kv_size(m, ctx, o.kv);
    switch (o.kv.runtime) {
        case Runtime::theory: break;
        case Runtime::llama_cpp:
            b.compute_bytes = llama_cpp_compute(m, b.kv.cells, o);
            b.output_bytes = uint64_t{m.n_vocab} * f32 * std::max<uint32_t>(o.kv.n_seq, 1);
            break;
        case Runtime::vllm:
            b.compute_bytes = vllm_activation(m, o);
            b.runtime_bytes = vllm_non_torch + o.cuda_graph_bytes;
            break;
    }
    return b;
}

uint64_t usable_bytes(uint64_t ram, uint64_t reserve, const RuntimeOptions& o) {
    if (reserve >= ram) return 0;
    const uint64_t left = ram - reserve;
    if (o.kv.runtime != Runtime::vllm) return left;
    return static_cast<uint64_t>(std::floor(static_cast<double>(left) * o.gpu_memory_utilization));
}

uint64_t ram_for_usable(uint64_t need, uint64_t reserve, const RuntimeOptions& o) {
    if (o.kv.runtime != Runtime::vllm || o.gpu_memory_utilization <= 0) return need + reserve;
    return static_cast<uint64_t>(std::ceil(static_cast<double>(need) / o.gpu_memory_utilization)) + reserve;
}

}  // namespace contextfit
