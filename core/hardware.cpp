#include "hardware.h"

#include <cmath>

#include "ascii.h"
#include "catalog.h"
#include "json_fields.h"

namespace contextfit {
namespace {

constexpr uint32_t max_device_count = 4096;
constexpr double max_bandwidth_gbs = 1e6;  // 1 PB/s: far above any single device
constexpr double gib = 1073741824.0;
constexpr size_t max_spec_chars = 100;     // an id with a count, or a rate: far shorter than this

Result<DeviceKind> parse_kind(std::string_view text) {
    const std::string k = ascii_lower(text);
    if (k == "cpu") return DeviceKind::cpu;
    if (k == "gpu") return DeviceKind::gpu;
    if (k == "unified") return DeviceKind::unified;
    return make_error(ErrorCode::unknown_name,
                      "unknown device kind '" + std::string(text.substr(0, 20)) + "'; accepted: cpu, gpu, unified");
}

// Digits with an optional fraction, read exactly (no strtod: it follows the C locale and accepts "inf").
bool parse_decimal(std::string_view s, double& out) {
    if (s.empty()) return false;
    double value = 0, scale = 1;
    bool point = false, digits = false;
    for (char c : s) {
        if (c == '.' && !point) { point = true; continue; }
        if (c < '0' || c > '9') return false;
        digits = true;
        if (point) scale /= 10;
        value = point ? value + (c - '0') * scale : value * 10 + (c - '0');
    }
    out = value;
    return digits;
}

Result<Efficiency> read_efficiency(const json& obj, size_t index) {
    Efficiency e;
    FieldReader r(obj, "efficiency[" + std::to_string(index) + "]");
    r.str("class", e.device_class);
    r.f64("decode_fraction", e.decode_fraction);
    r.f64("prefill_fraction", e.prefill_fraction);
    r.f64("decode_attention_fraction", e.decode_attention_fraction);
    r.f64("floor_ms_per_layer", e.floor_ms_per_layer);
    r.str("why", e.why);
    if (!r.ok()) return r.error();
    for (double f : {e.decode_fraction, e.prefill_fraction, e.decode_attention_fraction})
        if (!(f > 0 && f <= 2))
            return make_error(ErrorCode::bad_data, "efficiency '" + e.device_class + "': fractions must be in (0, 2]");
    if (!(e.floor_ms_per_layer >= 0 && e.floor_ms_per_layer < 100))
        return make_error(ErrorCode::bad_data, "efficiency '" + e.device_class + "': floor_ms_per_layer must be in [0, 100)");
    Result<const json*> rows = array_field(obj, "calibrated_on", "efficiency '" + e.device_class + "'");
    if (!rows) return rows.error();
    for (const json& url : **rows)
        if (url.is_string()) e.calibrated_on.push_back(url.get<std::string>());
    if (e.calibrated_on.empty())
        return make_error(ErrorCode::bad_data, "efficiency '" + e.device_class + "': calibrated_on names no public row");
    return e;
}

Result<Device> read_device(const json& obj, size_t index) {
    Device d;
    std::string kind;
    double memory_gib = 0;
    FieldReader r(obj, "devices[" + std::to_string(index) + "]");
    r.str("id", d.id);
    r.str("name", d.name);
    r.str("kind", kind);
    r.str("class", d.device_class);
    r.f64("memory_gib", memory_gib);
    r.f64("bandwidth_gbs", d.bandwidth_gbs);
    r.f64("compute_tflops", d.compute_tflops);
    r.u32("sockets", d.sockets, false, 16);
    r.f64("gpu_memory_fraction", d.gpu_memory_fraction, false);
    r.str("source", d.source);
    if (!r.ok()) return r.error();
    const std::string where = "device '" + d.id + "': ";
    Result<DeviceKind> k = parse_kind(kind);
    if (!k) return make_error(ErrorCode::bad_data, where + k.error().message);
    d.kind = *k;
    if (!(memory_gib >= 0 && memory_gib <= 1048576)) return make_error(ErrorCode::bad_data, where + "memory_gib out of range");
    if (d.kind != DeviceKind::cpu && memory_gib == 0) return make_error(ErrorCode::bad_data, where + "memory_gib is 0");
    if (!(d.bandwidth_gbs > 0 && d.bandwidth_gbs < max_bandwidth_gbs) || !(d.compute_tflops > 0 && d.compute_tflops < 1e5))
        return make_error(ErrorCode::bad_data, where + "bandwidth_gbs and compute_tflops must be positive");
    if (d.sockets == 0 || !(d.gpu_memory_fraction > 0 && d.gpu_memory_fraction <= 1))
        return make_error(ErrorCode::bad_data, where + "sockets must be >= 1 and gpu_memory_fraction in (0, 1]");
    if (d.source.empty()) return make_error(ErrorCode::bad_data, where + "no source");
    d.memory_bytes = static_cast<uint64_t>(std::llround(memory_gib * gib));
    return d;
}

const Efficiency* find_efficiency(const std::vector<Efficiency>& all, std::string_view device_class) {
    for (const Efficiency& e : all)
        if (e.device_class == device_class) return &e;
    return nullptr;
}

}  // namespace

const char* device_kind_name(DeviceKind kind) {
    switch (kind) {
        case DeviceKind::cpu: return "cpu";
        case DeviceKind::gpu: return "gpu";
        case DeviceKind::unified: return "unified";
    }
    return "?";
}

Result<HardwareCatalog> HardwareCatalog::parse(const std::string& json_text) {
    Result<json> doc = parse_json(json_text, "the hardware catalog");
    if (!doc) return doc.error();
    Result<const json*> effs = array_field(*doc, "efficiency", "hardware catalog");
    if (!effs) return effs.error();
    Result<const json*> devs = array_field(*doc, "devices", "hardware catalog");
    if (!devs) return devs.error();
    HardwareCatalog c;
    for (const json& obj : **effs) {
        Result<Efficiency> e = read_efficiency(obj, c.efficiencies_.size());
        if (!e) return e.error();
        c.efficiencies_.push_back(std::move(e).value());
    }
    for (const json& obj : **devs) {
        Result<Device> d = read_device(obj, c.devices_.size());
        if (!d) return d.error();
        if (c.find(d->id)) return make_error(ErrorCode::bad_data, "device '" + d->id + "' appears twice");
        if (!find_efficiency(c.efficiencies_, d->device_class))
            return make_error(ErrorCode::bad_data, "device '" + d->id + "': class '" + d->device_class +
                                                       "' has no efficiency record");
        c.devices_.push_back(std::move(d).value());
    }
    if (c.devices_.empty()) return make_error(ErrorCode::bad_data, "hardware catalog: no devices");
    return c;
}

const Device* HardwareCatalog::find(std::string_view id) const {
    const std::string want = ascii_lower(id, 80);
    for (const Device& d : devices_)
        if (d.id == want) return &d;
    return nullptr;
}

std::vector<std::string> HardwareCatalog::suggest(std::string_view id, size_t count) const {
    std::vector<size_t> distance;
    for (const Device& d : devices_) {
        size_t dist = edit_distance(id, d.id);
        if (!id.empty() && d.id.find(ascii_lower(id, 80)) != std::string::npos) dist /= 4;  // a typed fragment
        distance.push_back(dist);
    }
    std::vector<std::string> out;
    for (size_t n = 0; n < count && n < devices_.size(); ++n) {
        size_t best = 0;
        for (size_t i = 1; i < distance.size(); ++i)
            if (distance[i] < distance[best]) best = i;
        out.push_back(devices_[best].id);
        distance[best] = SIZE_MAX;
    }
    return out;
}

Result<const Device*> HardwareCatalog::lookup(std::string_view id) const {
    if (const Device* d = find(id)) return d;
    std::string close;
    for (const std::string& s : suggest(id)) close += (close.empty() ? "" : ", ") + s;
    return make_error(ErrorCode::unknown_name, "unknown hardware '" + std::string(id.substr(0, 80)) +
                                                   "'; closest ids: " + close);
}

const Efficiency& HardwareCatalog::efficiency(const Device& device) const {
    const Efficiency* e = find_efficiency(efficiencies_, device.device_class);
    if (!e) fatal_error("HardwareCatalog::efficiency", "no class '" + device.device_class + "'");
    return *e;
}

Result<DeviceCount> parse_hardware_spec(const HardwareCatalog& catalog, std::string_view spec) {
    if (spec.size() > max_spec_chars)
        return make_error(ErrorCode::invalid_input, "hardware spec '" + std::string(spec.substr(0, 40)) + "...' is longer than " +
                                                        std::to_string(max_spec_chars) + " characters; expected ID[:COUNT], e.g. rtx-4090:2");
    const size_t colon = spec.find(':');
    DeviceCount out;
    if (colon != std::string_view::npos) {
        const std::string_view count = spec.substr(colon + 1);
        double n = 0;
        if (!parse_decimal(count, n) || count.find('.') != std::string_view::npos || n < 1 || n > max_device_count)
            return make_error(ErrorCode::invalid_input, "device count '" + std::string(count.substr(0, 20)) + "' in '" +
                                                            std::string(spec.substr(0, 80)) + "' must be a whole number from 1 to " +
                                                            std::to_string(max_device_count) + " (e.g. rtx-4090:2)");
        out.count = static_cast<uint32_t>(n);
    }
    Result<const Device*> d = catalog.lookup(spec.substr(0, colon));
    if (!d) return d.error();
    out.device = **d;
    return out;
}

Result<Device> custom_device(const HardwareCatalog& catalog, std::string_view kind, uint64_t memory_bytes,
                             double bandwidth_gbs, double compute_tflops, std::string_view device_class) {
    Result<DeviceKind> k = parse_kind(kind);
    if (!k) return k.error();
    Device d;
    d.id = "custom";
    d.name = std::string("custom ") + device_kind_name(*k);
    d.kind = *k;
    d.memory_bytes = memory_bytes;
    d.bandwidth_gbs = bandwidth_gbs;
    d.compute_tflops = compute_tflops;
    d.source = "user input";
    d.device_class = !device_class.empty()         ? std::string(device_class)
                     : *k == DeviceKind::cpu ? "cpu_server"
                     : *k == DeviceKind::gpu ? "gpu_consumer"
                                             : "unified";
    if (!find_efficiency(catalog.efficiencies(), d.device_class)) {
        std::string accepted;
        for (const Efficiency& e : catalog.efficiencies()) accepted += (accepted.empty() ? "" : ", ") + e.device_class;
        return make_error(ErrorCode::unknown_name, "unknown device class '" + std::string(device_class.substr(0, 40)) +
                                                       "'; accepted: " + accepted);
    }
    if (!(bandwidth_gbs > 0 && bandwidth_gbs < max_bandwidth_gbs))
        return make_error(ErrorCode::invalid_input, "custom device bandwidth must be in (0, 1000000) GB/s");
    if (!(compute_tflops > 0 && compute_tflops < 1e5))
        return make_error(ErrorCode::invalid_input, "custom device compute must be in (0, 100000) TFLOPS");
    if (*k != DeviceKind::cpu && memory_bytes == 0)
        return make_error(ErrorCode::invalid_input, "a custom GPU or unified device needs its memory size");
    return d;
}

Result<double> parse_bandwidth(std::string_view text) {
    std::string s;
    if (text.size() > max_spec_chars) text = "?";  // too long to be a rate: reported below as not a rate
    for (char c : text)
        if (c != ' ') s += ascii_lower(c);
    size_t unit = 0;
    while (unit < s.size() && ((s[unit] >= '0' && s[unit] <= '9') || s[unit] == '.')) ++unit;
    double value = 0;
    const std::string suffix = s.substr(unit);
    const double scale = suffix == "gb/s" ? 1 : suffix == "tb/s" ? 1000 : suffix == "mb/s" ? 0.001 : 0;
    if (!parse_decimal(std::string_view(s).substr(0, unit), value) || scale == 0)
        return make_error(ErrorCode::invalid_input, "bandwidth '" + std::string(text.substr(0, 40)) +
                                                        "' is not a rate; accepted: a number with MB/s, GB/s or TB/s "
                                                        "(decimal units), e.g. 102.4GB/s");
    value *= scale;
    if (!(value > 0 && value < max_bandwidth_gbs))
        return make_error(ErrorCode::invalid_input, "bandwidth '" + std::string(text.substr(0, 40)) +
                                                        "' must be above 0 and below 1 PB/s");
    return value;
}

}  // namespace contextfit
