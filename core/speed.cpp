#include "speed.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "kv_cache.h"
#include "size_parse.h"

namespace contextfit {
namespace {

// Per-layer facts of the model that scale with depth.
struct DepthCosts {
    double kv_bytes_per_token = 0;     // KV of one token in one attention layer, as cached
    double attention_flops = 0;        // one query token against one cached token, one layer
    double n_swa = 0;                  // window of the sliding / chunked layers (0 = none)
};

DepthCosts depth_costs(const ModelSpec& m, const KvOptions& kv) {
    DepthCosts c;
    KvOptions theory = kv;
    theory.runtime = Runtime::theory;
    theory.n_seq = 1;
    const uint32_t attention_layers = m.n_layer_full + m.n_layer_swa;
    const KvSize one = kv_size(m, 1, theory);
    c.kv_bytes_per_token = attention_layers ? double(one.k_bytes + one.v_bytes) / attention_layers : 0;
    // QK^T and PV: 2 FLOPs per multiply-add over the K and V widths. MLA with absorbed weights scores against the
    // cached row (kv_lora_rank + rope) and sums values in the latent (its first kv_lora_rank values), as
    // llama.cpp's deepseek2 graph does with its K-only cache (src/llama-model.cpp, src/llama-kv-cache.cpp).
    const double widths = m.is_mla ? 2.0 * m.mla.kv_lora_rank + m.mla.qk_rope_head_dim
                                   : double(m.n_embd_head_k) + m.n_embd_head_v;
    c.attention_flops = 2.0 * m.n_head * widths;
    c.n_swa = m.n_layer_swa ? double(m.n_swa) : 0;
    return c;
}

// Per-token time as a + b d + c min(d, w): the form every term of the model takes.
struct Linear {
    double a = 0, b = 0, c = 0, w = 0;
    double at(double d) const { return a + b * d + c * std::min(d, w); }
    // Integral of at() over [0, n].
    double integral(double n) const {
        const double windowed = n <= w ? n * n / 2 : w * w / 2 + w * (n - w);
        return a * n + b * n * n / 2 + c * windowed;
    }
};

struct UnitRates {
    double bandwidth = 0, compute = 0;     // bytes/s (one socket for CPUs), FLOP/s
    const Efficiency* eff = nullptr;
    // Quantized weights on a CPU without VNNI: their matrix products take several instructions per int8 dot
    // (hardware.h Int8Dot). Attention keeps the full rate: an f16 KV cache runs on the FP16/FP32 path (a quantized
    // K cache's int8 share of it is not modelled).
    const Int8Dot* slow_int8 = nullptr;
    double weights_rate() const {
        return compute * eff->prefill_fraction * (slow_int8 ? slow_int8->prefill_factor() : 1);
    }
};

// Per-token attention FLOPs on a unit as a Linear in depth (no constant part).
Linear attention(const DevicePlacement& d, const DepthCosts& k, double share) {
    Linear l;
    l.b = d.full_layers * k.attention_flops * share;
    l.c = d.swa_layers * k.attention_flops * share;
    l.w = k.n_swa;
    return l;
}

Linear prefill_time(const DevicePlacement& d, const UnitRates& u, const DepthCosts& k, double attn_share,
                    double ubatch) {
    const double flops_rate = u.compute * u.eff->prefill_fraction;
    Linear t = attention(d, k, attn_share);
    t.b /= flops_rate;
    t.c /= flops_rate;
    t.a = 2 * d.active_params / u.weights_rate() + double(d.weights_bytes) / (ubatch * u.bandwidth * u.eff->decode_fraction);
    return t;
}

double decode_time(const DevicePlacement& d, const UnitRates& u, const DepthCosts& k, double attn_share, double depth) {
    const double window = std::min(depth, k.n_swa);
    const double kv = (d.full_layers * depth + d.swa_layers * window) * k.kv_bytes_per_token * d.kv_share;
    const double memory = (d.active_weights_bytes + kv) / (u.bandwidth * u.eff->decode_fraction);
    const double floor = d.layers * u.eff->floor_ms_per_layer * 1e-3;
    const double compute = attention(d, k, attn_share).at(depth) / (u.compute * u.eff->decode_attention_fraction);
    return std::max(memory, floor) + compute;
}

// bits_per_weight: of the weights' format; below 16 they are quantized and multiplied with int8 dot products.
Result<UnitRates> rates(const HardwareCatalog& catalog, const DevicePlacement& d, double bits_per_weight, const Words& w) {
    if (d.device.bandwidth_gbs <= 0)
        return make_error(ErrorCode::invalid_input,
                          w("speed_error_no_cpu", {{"layers", w.real(d.layers, 0)},
                                                   {"weights", w.strings.bytes(d.weights_bytes, w.ui)}}));
    UnitRates u;
    u.bandwidth = d.device.decode_bandwidth_gbs() * 1e9;
    u.compute = d.device.compute_tflops * 1e12;
    u.eff = &catalog.efficiency(d.device);
    const Int8Dot* dot = catalog.int8_dot(d.device);
    if (dot && dot->dot_instructions > 1 && bits_per_weight < 16) u.slow_int8 = dot;
    return u;
}

std::vector<DeviceCount> with_bandwidth(std::vector<DeviceCount> hw, double gbs) {
    const bool any_cpu = std::any_of(hw.begin(), hw.end(), [](const DeviceCount& h) { return h.device.kind == DeviceKind::cpu; });
    for (DeviceCount& h : hw)
        if (!any_cpu || h.device.kind == DeviceKind::cpu) h.device.bandwidth_gbs = gbs * h.device.sockets;
    return hw;
}

// " x 1/3 (...)" after the prefill fraction when quantized weights run without VNNI; else nothing.
std::string int8_trace(const UnitRates& u, const Words& w) {
    if (!u.slow_int8) return "";
    return w("speed_trace_int8", {{"n", w.real(u.slow_int8->dot_instructions, 0)}, {"name", u.slow_int8->name}});
}

// One device unit's per-token times, with the figures they come from; the class's constants are cited by name.
TraceLine device_trace(const DevicePlacement& d, const UnitRates& u, double stages, double decode, double prefill,
                       const Words& w) {
    const std::string staged = stages > 1 ? w("speed_trace_stages", {{"n", w.real(stages, 0)}}) : "";
    return {"seconds_per_token",
            w("speed_trace_device", {{"device", d.device.id}, {"stages", staged},
                                     {"active", w.real(d.active_weights_bytes / 1e9, 2)},
                                     {"bandwidth", w.real(u.bandwidth / 1e9, 1)},
                                     {"decode_fraction", w.real(u.eff->decode_fraction, 3)},
                                     {"layers", w.real(d.layers, 0)},
                                     {"floor", w.real(u.eff->floor_ms_per_layer, 3)},
                                     {"decode", w.real(decode * 1e3, 3)},
                                     {"params", w.real(d.active_params / 1e9, 2)},
                                     {"tflops", w.real(u.compute / 1e12, 2)},
                                     {"prefill_fraction", w.real(u.eff->prefill_fraction, 2) + int8_trace(u, w)},
                                     {"weights", w.real(double(d.weights_bytes) / 1e9, 2)},
                                     {"prefill", w.real(prefill * 1e3, 3)}}),
            "assets/hardware.json: " + (d.device.source.empty() ? "" : d.device.id + ", ") + u.eff->device_class};
}

void add_trace(const SpeedRequest& r, const SpeedResult& s, const Linear& prefill, const Words& w,
               std::vector<TraceLine>& t) {
    const std::string depth = w.count(r.depth);
    t.push_back({"decode_tokens_per_s", w("speed_trace_decode", {{"depth", depth}, {"tps", w.real(s.decode_tokens_per_s, 2)}}),
                 "docs/speed.md; assets/hardware.json efficiency[].calibrated_on"});
    const std::string window = prefill.c > 0 ? w("speed_trace_prefill_window", {{"c", w.real(prefill.c * 1e9, 3)},
                                                                                {"w", w.real(prefill.w, 0)}})
                                             : "";
    t.push_back({"prefill_tokens_per_s",
                 w("speed_trace_prefill", {{"a", w.real(prefill.a * 1e3, 3)}, {"b", w.real(prefill.b * 1e9, 3)},
                                           {"window", window}, {"depth", depth},
                                           {"tps", w.real(s.prefill_tokens_per_s, 2)}}),
                 "docs/speed.md"});
    if (r.tokens > 0)
        t.push_back({"prefill_seconds", w("speed_trace_seconds", {{"n", w.count(r.tokens)},
                                                                  {"s", w.real(s.prefill_seconds, 0)},
                                                                  {"h", w.real(s.prefill_seconds / 3600, 1)}}),
                     "docs/speed.md"});
}

void add_notes(const SpeedResult& s, const Words& w, std::vector<std::string>& notes) {
    const bool cpu = std::any_of(s.placement.devices.begin(), s.placement.devices.end(),
                                 [](const DevicePlacement& d) { return d.device.kind == DeviceKind::cpu && d.layers > 0; });
    notes.push_back(w("speed_note_estimate"));
    if (cpu) notes.push_back(w("speed_note_cpu_forks"));
    if (s.placement.devices.size() > 1 && s.placement.runtime == Runtime::llama_cpp)
        notes.push_back(w("speed_note_layer_split"));
    if (s.placement.tensor_parallel_size > 1) notes.push_back(w("speed_note_tp"));
    if (s.placement.nodes > 1) notes.push_back(w("speed_note_nodes"));
}

}  // namespace

Result<SpeedResult> estimate_speed(const HardwareCatalog& catalog, const SpeedRequest& r, const Strings& strings,
                                   const std::string& ui) {
    const Words w{strings, ui};
    PlacementRequest pr = r.placement;
    if (r.bandwidth_gbs) pr.hardware = with_bandwidth(pr.hardware, *r.bandwidth_gbs);
    Result<Placement> placed = place(pr, strings, ui);
    if (!placed) return placed.error();
    SpeedResult s;
    s.placement = std::move(placed).value();
    const ModelSpec& m = *pr.model;
    const DepthCosts k = depth_costs(m, pr.options.kv);
    const bool vllm = s.placement.runtime == Runtime::vllm;
    const double attn_share = 1.0 / s.placement.tensor_parallel_size;
    const double ubatch = vllm ? pr.options.max_num_batched_tokens : pr.options.kv.n_ubatch;
    const double depth = double(r.depth), end = double(r.tokens);
    Linear prefill;
    prefill.w = k.n_swa;
    double decode = 0, decode_end = 0;
    for (const DevicePlacement& d : s.placement.devices) {
        // The input embedding alone is a table lookup, not a read of the whole table: it costs nothing here.
        if (d.layers == 0 && !d.output_layer && d.active_weights_bytes == 0) continue;
        Result<UnitRates> u = rates(catalog, d, pr.weights.bits_per_weight, w);
        if (!u) return u.error();
        // vLLM: one entry per TP group; its pipeline stages run one after another.
        const double stages = vllm ? s.placement.pipeline_parallel_size : 1;
        const Linear p = prefill_time(d, *u, k, attn_share, ubatch);
        prefill.a += stages * p.a;
        prefill.b += stages * p.b;
        prefill.c += stages * p.c;
        const double t = stages * decode_time(d, *u, k, attn_share, depth);
        decode += t;
        decode_end += stages * decode_time(d, *u, k, attn_share, end);
        s.devices.push_back({d.device.id, t, stages * p.at(depth)});
        s.trace.push_back(device_trace(d, *u, stages, t, p.at(depth), w));
    }
    if (decode <= 0) return make_error(ErrorCode::invalid_input, w("speed_error_no_device"));
    s.decode_tokens_per_s = 1 / decode;
    s.decode_tokens_per_s_at_tokens = 1 / decode_end;
    s.prefill_tokens_per_s = 1 / prefill.at(depth);
    s.prefill_seconds = prefill.integral(end);
    add_trace(r, s, prefill, w, s.trace);
    add_notes(s, w, s.notes);
    return s;
}

}  // namespace contextfit
