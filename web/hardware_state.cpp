#include "hardware_state.h"

#include <algorithm>
#include <cmath>

namespace contextfit::web {
namespace {

constexpr int curve_points = 24;
constexpr double bytes_per_gib = double(uint64_t{1} << 30);

int kind_index(DeviceKind kind) { return kind == DeviceKind::cpu ? 0 : kind == DeviceKind::gpu ? 1 : 2; }

Result<std::vector<DeviceCount>> picked_devices(const Assets& a, const HardwareInputs& h) {
    std::vector<DeviceCount> out;
    for (const HardwarePick& p : h.picks)
        if (const Device* d = a.hardware.find(p.id)) out.push_back({*d, static_cast<uint32_t>(std::max(1, p.count))});
    if (h.custom.on) {
        Result<DeviceCount> d = parse_hardware_spec(a.hardware, custom_spec(h.custom));
        if (!d) return d.error();
        out.push_back({std::move(d->device), static_cast<uint32_t>(std::clamp(h.custom.count, 1, 4096))});
    }
    return out;
}

// check_share_link() has read every custom item already: its id is a spec that parses.
void custom_from_link(CustomDevice& c, const ShareDevice& item) {
    Result<CustomSpec> d = parse_custom_spec(item.id);
    if (!d) return;
    c.on = true;
    c.kind = kind_index(d->kind);
    if (d->kind != DeviceKind::cpu) c.memory_gib = double(d->memory_bytes) / bytes_per_gib;
    c.bandwidth_gbs = d->bandwidth_gbs;
    c.compute_tflops = d->compute_tflops;
    c.count = static_cast<int>(d->count);
}

SpeedRequest speed_request(const HardwareInputs& h, const Estimate& e, std::vector<DeviceCount> devices) {
    SpeedRequest r;
    PlacementRequest& p = r.placement;
    p.model = e.model;
    p.weights = *e.weights;
    p.options = e.options;
    p.ctx = e.fit.tokens;
    p.hardware = std::move(devices);
    p.ram_bytes = e.ram_bytes;
    p.reserve_bytes = e.reserve_bytes;
    if (h.ngl >= 0) p.placement.n_gpu_layers = static_cast<uint32_t>(h.ngl);
    p.placement.cpu_moe = h.cpu_moe;
    p.placement.tensor_parallel_size = static_cast<uint32_t>(std::max(0, h.tp));
    p.placement.nodes = static_cast<uint32_t>(std::max(1, h.nodes));
    r.depth = r.tokens = e.fit.tokens;
    return r;
}

}  // namespace

std::string custom_spec(const CustomDevice& c) {
    static constexpr DeviceKind kinds[] = {DeviceKind::cpu, DeviceKind::gpu, DeviceKind::unified};
    const double gib = std::clamp(c.memory_gib, 0.0, 1048576.0);  // at most 1 PiB, as every size input
    return custom_device_spec(kinds[std::clamp(c.kind, 0, 2)], static_cast<uint64_t>(std::llround(gib * bytes_per_gib)),
                              c.bandwidth_gbs, c.compute_tflops);
}

void hardware_to_link(const HardwareInputs& h, ShareLink& link) {
    for (const HardwarePick& p : h.picks) link.hw.push_back({p.id, static_cast<uint32_t>(std::max(1, p.count))});
    if (h.custom.on) link.hw.push_back({custom_spec(h.custom), static_cast<uint32_t>(std::clamp(h.custom.count, 1, 4096))});
    link.ngl = h.ngl;
    link.cpu_moe = h.cpu_moe;
    link.tp = static_cast<uint32_t>(std::max(0, h.tp));
    link.nodes = h.nodes > 1 ? static_cast<uint32_t>(h.nodes) : 0;
}

void hardware_from_link(HardwareInputs& h, const ShareLink& link) {
    if (!link.hw.empty()) {
        h.picks.clear();
        h.custom.on = false;
        for (const ShareDevice& d : link.hw) {
            if (is_custom_spec(d.id)) custom_from_link(h.custom, d);
            else h.picks.push_back({d.id, static_cast<int>(d.count)});
        }
    }
    if (link.ngl >= 0) h.ngl = static_cast<int>(link.ngl);
    if (link.cpu_moe) h.cpu_moe = true;
    if (link.tp) h.tp = static_cast<int>(link.tp);
    if (link.nodes) h.nodes = static_cast<int>(link.nodes);
}

SpeedView compute_speed(const Assets& a, const HardwareInputs& h, const Estimate& e, const std::string& ui) {
    SpeedView v;
    v.asked = h.any();
    if (!v.asked) return v;
    Result<std::vector<DeviceCount>> devices = picked_devices(a, h);
    if (!devices) {
        v.result = devices.error();
        return v;
    }
    SpeedRequest r = speed_request(h, e, std::move(devices).value());
    v.tokens = r.tokens;
    v.result = estimate_speed(a.hardware, r, a.strings, ui);
    if (!v.result) return v;
    for (int i = 0; i <= curve_points; ++i) {
        r.depth = r.tokens = v.tokens * static_cast<uint64_t>(i) / curve_points;
        Result<SpeedResult> at = estimate_speed(a.hardware, r, a.strings, ui);
        if (at) v.curve.push_back({r.tokens, at->decode_tokens_per_s, at->prefill_seconds});
    }
    return v;
}

std::string duration_text(const Strings& strings, double seconds, const std::string& ui) {
    struct Unit { const char* key; double seconds; };
    static constexpr Unit units[] = {{"web_duration_d", 86400}, {"web_duration_h", 3600}, {"web_duration_min", 60}};
    const char* key = "web_duration_s";
    double n = seconds;
    for (const Unit& u : units)
        if (seconds >= 1.5 * u.seconds) {
            key = u.key;
            n = seconds / u.seconds;
            break;
        }
    return strings.format(key, ui, {{"n", strings.real(n, n < 10 ? 1 : 0, ui)}});
}

std::string time_sentence(const Strings& strings, const SpeedView& v, const std::string& ui) {
    if (!v.result || v.tokens == 0) return "";
    const SpeedResult& r = *v.result;
    const double tps = r.decode_tokens_per_s_at_tokens;
    return strings.format("web_time_verdict", ui, {{"time", duration_text(strings, r.prefill_seconds, ui)},
                                                   {"tps", strings.real(tps, tps < 10 ? 1 : 0, ui)}});
}

namespace {

void write_placement(JsonOut& j, const Placement& p) {
    j.key("placement").begin_object();
    j.field("runtime", runtime_name(p.runtime)).field("fits", p.fits).field("fills_first", p.fills_first);
    j.field("n_gpu_layers", p.n_gpu_layers).field("tensor_parallel_size", p.tensor_parallel_size);
    j.field("pipeline_parallel_size", p.pipeline_parallel_size).field("nodes", p.nodes);
    j.field("kv_heads_per_gpu", p.kv_heads_per_gpu).field("tokens_memory_limit", p.tokens_memory_limit);
    j.key("devices").begin_array();
    for (const DevicePlacement& d : p.devices) {
        j.begin_object().field("id", d.device.id).field("name", d.device.name);
        j.field("kind", device_kind_name(d.device.kind)).field("count", d.count);
        j.field("capacity_bytes", d.capacity_bytes).field("weights_bytes", d.weights_bytes);
        j.field("kv_bytes", d.kv_bytes).field("buffer_bytes", d.buffer_bytes).field("layers", d.layers);
        j.field("output_layer", d.output_layer).end_object();
    }
    j.end_array();
    j.end_object();
}

}  // namespace

void write_speed_json(JsonOut& j, const Strings& strings, const SpeedView& v, const std::string& ui) {
    if (!v.asked) return;
    if (!v.result) {
        j.field("speed_error", strings.format("web_time_error", ui, {{"message", strings.error_message(v.result.error(), ui)}}));
        return;
    }
    const SpeedResult& r = *v.result;
    j.key("speed").begin_object();
    j.field("decode_tokens_per_s", r.decode_tokens_per_s).field("prefill_tokens_per_s", r.prefill_tokens_per_s);
    j.field("depth", v.tokens).field("tokens", v.tokens).field("prefill_seconds", r.prefill_seconds);
    j.field("decode_tokens_per_s_at_tokens", r.decode_tokens_per_s_at_tokens);
    write_placement(j, r.placement);
    j.key("notes").begin_array();  // the placement's, then the speed's, as the CLI lists them
    for (const std::vector<std::string>* notes : {&r.placement.notes, &r.notes})
        for (const std::string& n : *notes) j.value(n);
    j.end_array();
    j.end_object();
}

}  // namespace contextfit::web
