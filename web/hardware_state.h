// The page's hardware inputs (devices picked from assets/hardware.json, a custom device, the runtime's placement
// options) and what they give: the placement per device and the speed, from core/speed.h only.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "estimate.h"
#include "json_out.h"
#include "share_link.h"
#include "speed.h"

namespace contextfit::web {

struct HardwarePick {
    std::string id;                 // assets/hardware.json
    int count = 1;
};

// A device the catalog lacks. The page reads it as its spec (custom_spec), the text the link's hw= and the CLI's
// --hardware carry, so a link and the CLI give the same figures.
struct CustomDevice {
    bool on = false;
    int kind = 1;                   // index into custom_kinds
    double memory_gib = 24, bandwidth_gbs = 1000, compute_tflops = 80;
    int count = 1;
};
inline constexpr const char* custom_kinds[] = {"cpu", "gpu", "unified"};

struct HardwareInputs {
    std::vector<HardwarePick> picks;
    CustomDevice custom;
    int ngl = -1;                   // llama.cpp -ngl; -1: the most that fit
    bool cpu_moe = false;           // llama.cpp --cpu-moe
    int tp = 0;                     // vLLM tensor-parallel size; 0: every GPU of a node
    int nodes = 1;                  // vLLM machines
    char filter[48] = {};           // the picker's search text
    bool any() const { return !picks.empty() || custom.on; }
};

// "custom-gpu:24GiB:1000GB/s:80TFLOPS" (core/hardware.h custom_device_spec; the count apart).
std::string custom_spec(const CustomDevice& c);

void hardware_to_link(const HardwareInputs& h, ShareLink& link);
// The link's devices replace the picks and the custom device (check_share_link() has read its items).
void hardware_from_link(HardwareInputs& h, const ShareLink& link);

// Decode speed and the time to read the context from empty, at one context length.
struct TimePoint {
    uint64_t tokens = 0;
    double decode_tokens_per_s = 0;
    double prefill_seconds = 0;
};

struct SpeedView {
    bool asked = false;             // hardware was picked
    Result<SpeedResult> result;     // at the answer's tokens: depth = tokens = the tokens that fit
    uint64_t tokens = 0;
    std::vector<TimePoint> curve;   // 0 .. tokens, evenly spaced
};

// The devices, placed and timed for the estimate's model, formats, runtime and RAM; notes and messages in `ui`.
SpeedView compute_speed(const Assets& assets, const HardwareInputs& h, const Estimate& e, const std::string& ui);

// "45 s", "3.2 h", "7 days" / "3,2 ч": the largest unit that keeps the number above 1.5.
std::string duration_text(const Strings& strings, double seconds, const std::string& ui);

// "Reading them takes ≈ 3 h on this hardware, then it answers at ≈ 4 tokens/s."; empty without a result.
std::string time_sentence(const Strings& strings, const SpeedView& v, const std::string& ui);

// "speed": {decode_tokens_per_s, prefill_tokens_per_s, depth, tokens, prefill_seconds,
//   decode_tokens_per_s_at_tokens, placement: {runtime, fits, fills_first, n_gpu_layers, tensor_parallel_size,
//   pipeline_parallel_size, nodes, kv_heads_per_gpu, tokens_memory_limit, devices: [{id, name, kind, count,
//   capacity_bytes, weights_bytes, kv_bytes, buffer_bytes, layers, output_layer}]}, notes (the placement's, then the
//   speed's, in `ui`)} -- the field names of
// the CLI's `contextfit time --json` -- or "speed_error"; nothing when no hardware is picked.
void write_speed_json(JsonOut& j, const Strings& strings, const SpeedView& v, const std::string& ui);

}  // namespace contextfit::web
