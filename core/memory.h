// Total memory a runtime needs for a model at a context: weights + KV cache + runtime buffers.
//
//   theory     weights + KV, no padding, no buffers.
//   llama.cpp  weights (mmap'd tensor data) + KV (kv_cache.h) + compute buffer + output buffer, as v0.5.0 sizes them
//              on CPU (src/llama-context.cpp graph_reserve: one ubatch through the whole graph; ggml/src/ggml-alloc.c
//              reuses a tensor's memory after its last use, so the buffer is the highest end a tensor reaches):
//                replayed       every catalog architecture's graph, tensor by tensor, through ggml-alloc's best fit
//                               (llama_graphs.h, graph_alloc.h)
//                otherwise      the largest phase, summed (memory.cpp):
//                logits phase   n_ubatch x (n_vocab + 2 n_embd) x 4 B       Llama 3.1 8B: 266.50 MiB, as logged
//                layer phase    KQ mask (cells x n_ubatch, f16 with flash attention, f32 without)
//                               + max(FFN n_ubatch x (3 n_ff + 4 n_embd) x 4 B (3 n_embd in hybrids),
//                                     attention phase, lightning-attention phase)
//                attention      without flash attention the f32 KQ scores n_head x cells x n_ubatch x 4 B
//                               (src/llama-graph.cpp build_attn_mha); MLA adds its absorbed query (memory.cpp)
//                lightning      MiniMax-01: 3 x n_head x n_ubatch^2 x 4 B + per-token values (memory.cpp)
//                quantized KV   + n_embd x n_ubatch x 4 B with flash attention
//              n_ubatch is capped at the context asked for, as llama.cpp caps it.
//              output = n_vocab x 4 B per sequence (llama-context.cpp output_reserve: one logits row per sequence).
//              docs/accuracy.md lists every figure checked against the engine, with its residual.
//   vllm       KV budget = (RAM - reserve) x gpu_memory_utilization - weights - activation peak - non-torch
//              - CUDA graphs (vLLM worker: determine_available_memory). Activation peak is an estimate:
//              max_num_batched_tokens x 26.8 x n_embd bytes, fitted to Llama-3.1-8B profiles at 20000 and 29000
//              batched tokens (vllm-project/vllm#10517: 2.07 and 2.99 GiB); non-torch 0.35 GiB as logged there.
#pragma once

#include <cstdint>

#include "kv_cache.h"
#include "model.h"

namespace contextfit {

struct RuntimeOptions {
    KvOptions kv;                       // runtime, cache types, sequences, ubatch, swa_full
    bool flash_attn = true;             // llama.cpp -fa (auto enables it where supported)
    double gpu_memory_utilization = 0.9;       // vLLM default
    uint32_t max_num_batched_tokens = 8192;    // vLLM V1 default with chunked prefill (online serving)
    uint64_t cuda_graph_bytes = uint64_t{1} << 30;  // vLLM CUDA-graph reserve: estimate, 1 GiB
};

struct MemoryBreakdown {
    uint64_t weights_bytes = 0;
    KvSize kv;
    uint64_t compute_bytes = 0;         // llama.cpp compute buffer / vLLM activation peak
    uint64_t output_bytes = 0;          // llama.cpp logits buffer
    uint64_t runtime_bytes = 0;         // vLLM non-torch memory + CUDA graphs
    uint64_t overhead_bytes() const { return compute_bytes + output_bytes + runtime_bytes; }
    uint64_t total() const { return weights_bytes + kv.total() + overhead_bytes(); }
};

// Memory for `ctx` tokens per sequence (options.kv.n_seq sequences).
MemoryBreakdown memory_at(const ModelSpec& model, uint64_t weights_bytes, uint64_t ctx, const RuntimeOptions& options);

// Memory the runtime may use out of `ram_bytes` after the OS/other reserve: RAM - reserve, times
// gpu_memory_utilization for vLLM. 0 when the reserve takes it all.
uint64_t usable_bytes(uint64_t ram_bytes, uint64_t reserve_bytes, const RuntimeOptions& options);

// The inverse: RAM needed so that usable_bytes() >= need.
uint64_t ram_for_usable(uint64_t need_bytes, uint64_t reserve_bytes, const RuntimeOptions& options);

}  // namespace contextfit
