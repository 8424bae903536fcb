// Where a model's layers, KV cache and buffers live across devices, the way each engine places them.
//
//   llama.cpp  Whole blocks go to devices (ggml-org/llama.cpp src/llama-model.cpp, llama_model::load_tensors):
//                i_gpu_start = max(n_layer - n_gpu_layers, 0), act_gpu_layers = min(n_gpu_layers, n_layer + 1)
//              blocks below i_gpu_start stay in system RAM, so the GPUs hold the LAST blocks; block il goes to
//              GPU g where the cumulative split first exceeds (il - i_gpu_start) / act_gpu_layers; the splits
//              are --tensor-split ratios, or each GPU's free memory. The output layer counts as block n_layer,
//              so it reaches the last GPU only when n_gpu_layers > n_layer; the input embedding always stays
//              on the CPU. Each block's KV lives with its block (src/llama-kv-cache.cpp, per-layer buffers).
//              Each GPU has its own compute buffer. --n-cpu-moe N keeps the routed-expert tensors
//              (ffn_*_exps) of blocks 0..N-1 in RAM; --cpu-moe all of them (common/arg.cpp).
//              Without n_gpu_layers the largest count that fits every GPU is chosen, as --fit does.
//   vllm       tensor_parallel_size x pipeline_parallel_size identical GPUs, over several nodes if asked.
//              Each GPU holds 1/(TP x PP) of the weights (vocab-parallel embedding and lm_head are split by
//              TP as well: vllm/model_executor/layers/vocab_parallel_embedding.py) and KV for
//              max(1, n_head_kv / TP) heads of its stage's layers (vllm/model_executor/models/llama.py:
//              num_kv_heads = max(1, total_num_kv_heads // tp_size)); MLA's latent row is whole on every rank.
//              The cluster holds as many tokens as its fullest GPU: every token has KV on every GPU.
//   unified    One pool (Apple, DGX Spark, Strix Halo): the GPU may use memory x gpu_memory_fraction.
//
// Layers are uniform within a kind (dense block, MoE block): per-layer sizes come from core/params.h; a
// model whose parameters cannot be counted spreads its non-embedding weights evenly. KV per layer is the
// average over the model's attention layers (window and full layers are not told apart by position).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "hardware.h"
#include "memory.h"
#include "model.h"
#include "result.h"
#include "trace.h"
#include "ui_text.h"
#include "weights.h"

namespace contextfit {

struct PlacementOptions {
    std::optional<uint32_t> n_gpu_layers;   // llama.cpp -ngl; unset = the most that fit
    std::vector<double> tensor_split;       // llama.cpp --tensor-split, one ratio per GPU; empty = by memory
    uint32_t n_cpu_moe = 0;                 // llama.cpp --n-cpu-moe N
    bool cpu_moe = false;                   // llama.cpp --cpu-moe (every block's experts in RAM)
    uint32_t tensor_parallel_size = 0;      // vLLM; 0 = every GPU of one node
    uint32_t pipeline_parallel_size = 0;    // vLLM; 0 = one stage per node
    uint32_t nodes = 1;                     // vLLM: machines, each with the listed GPUs
};

struct PlacementRequest {
    const ModelSpec* model = nullptr;
    WeightFormat weights;
    RuntimeOptions options;                 // runtime, KV types, sequences, ubatch, gpu_memory_utilization
    uint64_t ctx = 0;                       // tokens per sequence the KV cache is sized for
    std::vector<DeviceCount> hardware;      // GPUs in order; at most one CPU (system RAM)
    uint64_t ram_bytes = 0;                 // system RAM (a unified chip's whole pool); 0 = it holds whatever the
                                            // GPUs do not (a unified chip: its largest configuration)
    uint64_t reserve_bytes = 0;             // RAM kept for the OS and other programs
    PlacementOptions placement;
};

// What one device holds. For vLLM one entry stands for `count` identical GPUs, each holding the figures.
struct DevicePlacement {
    Device device;
    uint32_t count = 1;
    uint64_t capacity_bytes = 0;            // usable per unit; 0 = not limited (RAM not given)
    uint64_t weights_bytes = 0, kv_bytes = 0, buffer_bytes = 0;   // per unit
    double layers = 0;                      // blocks held (a stage's blocks for vLLM)
    bool output_layer = false;
    // Per generated token, what the unit reads and computes (inputs of core/speed.h).
    double active_weights_bytes = 0;        // weights read per token (MoE: the routed experts chosen)
    double active_params = 0;               // parameters multiplied per token
    double full_layers = 0, swa_layers = 0; // attention layers by kind, for KV reads and attention FLOPs
    double kv_share = 1;                    // fraction of each layer's KV heads this unit holds (TP)
    uint64_t total() const { return weights_bytes + kv_bytes + buffer_bytes; }
    double fill() const;                    // total / capacity; 0 when not limited
};

struct Placement {
    Runtime runtime = Runtime::llama_cpp;
    std::vector<DevicePlacement> devices;
    int fills_first = -1;                   // index of the fullest device; -1 when none is limited
    bool fits = false;
    uint32_t n_gpu_layers = 0;              // llama.cpp: the -ngl value used
    uint32_t tensor_parallel_size = 1, pipeline_parallel_size = 1, nodes = 1;  // vLLM
    uint32_t kv_heads_per_gpu = 0;          // vLLM
    uint64_t tokens_memory_limit = 0;       // vLLM: KV tokens the whole cluster holds ("GPU KV cache size")
    std::vector<std::string> notes;
    std::vector<TraceLine> trace;
};

// Notes, trace formulas and messages are in the language `ui` of `strings` (assets/strings.json "placement_*").
Result<Placement> place(const PlacementRequest& request, const Strings& strings, const std::string& ui);

}  // namespace contextfit
