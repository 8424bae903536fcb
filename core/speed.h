// How fast a placed model reads a prompt and writes an answer, and how long it takes to read N tokens.
//
// Per device unit u holding part of the model (core/placement.h), at context depth d:
//   decode   t_u(d) = max(bytes_u(d) / (BW_u x decode_fraction), n_layer_u x floor_ms_per_layer)
//                     + attention_u(d) / (compute_u x decode_attention_fraction)
//            bytes_u(d) = active weights on u + KV read: (full layers x d + window layers x min(d, n_swa)) x
//                         KV bytes per token and layer (x the unit's share of the heads under TP)
//   prefill  t_u(d) = (2 x active params_u / int8_u + attention_u(d)) / (compute_u x prefill_fraction)
//                     + weights_u / (ubatch x BW_u x decode_fraction)   (weights stream once per micro-batch)
//            int8_u = 1 / dot_instructions for quantized weights on a CPU (hardware.h Int8Dot: 1/3 without VNNI)
//   attention_u(d) per token = layers x d x 2 x n_head x (n_embd_head_k + n_embd_head_v)
//                  (MLA with absorbed weights: 2 x n_head x (2 x kv_lora_rank + qk_rope_head_dim); window layers
//                  use min(d, n_swa); recurrent layers none), divided by TP under vLLM.
// Devices of a layer split run one after another, so per-token times add (llama.cpp blocks, vLLM pipeline
// stages); TP divides bytes and FLOPs and its all-reduce is neglected; nodes are joined for free (the
// interconnect is ignored). CPUs decode at one socket's bandwidth (NUMA). Fractions and floors come from
// assets/hardware.json, each with the public rows it was calibrated on; docs/speed.md has the residuals.
//
// Reading N tokens from empty: 1/tps is linear in d (piecewise, past a window), so the integral is closed:
//   seconds(N) = a N + b N^2 / 2 + c (N <= w ? N^2 / 2 : w^2 / 2 + w (N - w))
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "hardware.h"
#include "placement.h"
#include "result.h"
#include "trace.h"

namespace contextfit {

struct SpeedRequest {
    PlacementRequest placement;
    uint64_t depth = 0;                     // tokens already in the context, for the two rates
    uint64_t tokens = 0;                    // a prompt read from empty, for prefill_seconds
    std::optional<double> bandwidth_gbs;    // replaces the CPU's peak bandwidth (DIMM speed); all devices if no CPU
};

// Seconds per token on one device unit at the request's depth.
struct DeviceTime {
    std::string id;
    double decode_seconds = 0;
    double prefill_seconds = 0;
};

struct SpeedResult {
    Placement placement;
    double decode_tokens_per_s = 0;         // at depth
    double prefill_tokens_per_s = 0;        // at depth
    double prefill_seconds = 0;             // reading `tokens` from empty
    double decode_tokens_per_s_at_tokens = 0;  // once those tokens are in the context
    std::vector<DeviceTime> devices;
    std::vector<std::string> notes;
    std::vector<TraceLine> trace;
};

// Places the model (core/placement.h) and times it. An error when a device holding weights has no
// bandwidth (layers in system RAM with no CPU listed). Notes, trace formulas and messages are in the language `ui`
// of `strings` (assets/strings.json "speed_*", "placement_*"); the trace's sources are citations, as written.
Result<SpeedResult> estimate_speed(const HardwareCatalog& catalog, const SpeedRequest& request, const Strings& strings,
                                   const std::string& ui);

}  // namespace contextfit
