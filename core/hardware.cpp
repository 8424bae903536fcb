#include "hardware.h"

#include <cmath>
#include <cstdio>
#include <optional>

#include "ascii.h"
#include "catalog.h"
#include "json_fields.h"
#include "size_parse.h"

namespace contextfit {
namespace {

constexpr uint32_t max_device_count = 4096;
constexpr double max_bandwidth_gbs = 1e6;  // 1 PB/s: far above any single device
constexpr double gib = 1073741824.0;
constexpr size_t max_spec_chars = 100;     // an id with a count, a custom device, or a rate: far shorter than this
constexpr double max_compute_tflops = 1e5;
constexpr std::string_view custom_prefix = "custom-";

Result<DeviceKind> parse_kind(std::string_view text) {
    const std::string k = ascii_lower(text);
    if (k == "cpu") return DeviceKind::cpu;
    if (k == "gpu") return DeviceKind::gpu;
    if (k == "unified") return DeviceKind::unified;
    return make_error(ErrorCode::unknown_name,
                      "unknown device kind '" + std::string(text.substr(0, 20)) + "'; accepted: cpu, gpu, unified",
                      "error_device_kind", {{"value", std::string(text.substr(0, 20))}});
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

Result<Int8Dot> read_int8_dot(const json& obj, size_t index) {
    Int8Dot dot;
    FieldReader r(obj, "int8_dot[" + std::to_string(index) + "]");
    r.str("name", dot.name);
    r.u32("dot_instructions", dot.dot_instructions, true, 16);
    r.str("source", dot.source);
    if (!r.ok()) return r.error();
    if (dot.dot_instructions == 0 || dot.source.empty())
        return make_error(ErrorCode::bad_data, "int8_dot '" + dot.name + "': dot_instructions must be 1 to 16, with a source");
    return dot;
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
    r.str("int8_dot", d.int8_dot, false);
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
    if ((d.kind == DeviceKind::cpu) == d.int8_dot.empty())
        return make_error(ErrorCode::bad_data, where + "int8_dot is required for a CPU and only for a CPU");
    d.memory_bytes = static_cast<uint64_t>(std::llround(memory_gib * gib));
    return d;
}

const Efficiency* find_efficiency(const std::vector<Efficiency>& all, std::string_view device_class) {
    for (const Efficiency& e : all)
        if (e.device_class == device_class) return &e;
    return nullptr;
}

const Int8Dot* find_int8_dot(const std::vector<Int8Dot>& all, std::string_view name) {
    for (const Int8Dot& dot : all)
        if (dot.name == name) return &dot;
    return nullptr;
}

// A custom CPU's int8 dot product: VNNI, as on the CPUs the classes were calibrated on (hardware.h custom_device).
constexpr std::string_view custom_cpu_int8_dot = "avx512_vnni";

// A custom spec's fields, told apart by their units (parse_hardware_spec in hardware.h).
struct CustomFields {
    std::optional<uint64_t> memory_bytes;
    std::optional<double> bandwidth_gbs, compute_tflops;
    std::optional<uint32_t> count;
};

Error custom_error(const char* key, std::string_view spec, std::string_view part, const std::string& message) {
    return make_error(ErrorCode::invalid_input, message, key,
                      {{"spec", std::string(spec.substr(0, 80))}, {"part", std::string(part.substr(0, 40))}});
}

// One field into its slot; false when it is none of the four forms, out of range, or a slot given twice.
bool read_custom_field(std::string_view part, CustomFields& f) {
    const std::string lower = ascii_lower(part);
    double x = 0;
    if (ends_with(lower, "tflops")) {
        if (f.compute_tflops || !parse_decimal(std::string_view(lower).substr(0, lower.size() - 6), x)) return false;
        if (!(x > 0 && x < max_compute_tflops)) return false;
        f.compute_tflops = x;
        return true;
    }
    if (ends_with(lower, "/s")) {
        Result<double> rate = parse_bandwidth(part);
        if (f.bandwidth_gbs || !rate) return false;
        f.bandwidth_gbs = *rate;
        return true;
    }
    if (lower.find_first_not_of("0123456789") == std::string::npos) {
        if (f.count || !parse_decimal(lower, x) || x < 1 || x > max_device_count) return false;
        f.count = static_cast<uint32_t>(x);
        return true;
    }
    Result<uint64_t> bytes = parse_size(part);  // a bare number was a count above: a size here has its unit
    if (f.memory_bytes || !bytes || *bytes == 0) return false;
    f.memory_bytes = *bytes;
    return true;
}

const char* const accepted_custom = "custom-KIND:MEMORY:BANDWIDTH:COMPUTE[:COUNT], e.g. custom-gpu:24GiB:1008GB/s:82.6TFLOPS";

// The fields a kind needs: bandwidth and compute always, memory for GPUs and unified chips only.
Status check_custom_fields(std::string_view spec, DeviceKind kind, const CustomFields& f) {
    const auto missing = [&](const char* example) {
        return custom_error("error_custom_missing", spec, example, "'" + std::string(spec.substr(0, 80)) +
                                                                       "' lacks a field like " + example + "; accepted: " +
                                                                       accepted_custom);
    };
    if (!f.bandwidth_gbs) return missing("1008GB/s");
    if (!f.compute_tflops) return missing("82.6TFLOPS");
    if (kind != DeviceKind::cpu && !f.memory_bytes) return missing("24GiB");
    if (kind == DeviceKind::cpu && f.memory_bytes)
        return custom_error("error_custom_cpu_memory", spec, "", "'" + std::string(spec.substr(0, 80)) +
                                                                     "': a CPU has no memory field; its memory is the "
                                                                     "system RAM (--ram, ram=)");
    return ok_status();
}

// The value its canonical text reads back as: 0.246TB/s is 246.00000000000003 GB/s in binary, but the device's id
// says 246GB/s, and a link carries the id; so the device takes the figure the id gives.
double as_written(double x) {
    double back = x;
    return parse_decimal(decimal_text(x), back) ? back : x;
}

// The shortest exact text of a size: "24GiB", "23.5GiB", "128GB" (as typed in decimal units), else bytes.
std::string memory_text(uint64_t bytes) {
    const std::string in_gib = decimal_text(double(bytes) / gib) + "GiB";
    Result<uint64_t> back = parse_size(in_gib);
    const bool exact_gib = back && *back == bytes;
    if (exact_gib && in_gib.size() <= 12) return in_gib;
    if (bytes % 1000000000 == 0) return std::to_string(bytes / 1000000000) + "GB";
    return exact_gib ? in_gib : std::to_string(bytes) + "B";
}

}  // namespace

Result<CustomSpec> parse_custom_spec(std::string_view spec) {
    const size_t colon = std::min(spec.find(':'), spec.size());
    Result<DeviceKind> kind = is_custom_spec(spec) ? parse_kind(spec.substr(custom_prefix.size(), colon - custom_prefix.size()))
                                                   : Result<DeviceKind>{};
    if (!kind)
        return custom_error("error_custom_kind", spec, spec.substr(0, colon),
                            "unknown device kind in '" + std::string(spec.substr(0, 80)) +
                                "'; accepted: custom-cpu, custom-gpu, custom-unified");
    CustomFields f;
    for (size_t start = colon; start < spec.size();) {
        const size_t end = std::min(spec.find(':', start + 1), spec.size());
        const std::string_view part = spec.substr(start + 1, end - start - 1);
        if (!read_custom_field(part, f))
            return custom_error("error_custom_part", spec, part,
                                "'" + std::string(part.substr(0, 40)) + "' in '" + std::string(spec.substr(0, 80)) +
                                    "' is not a field of a custom device (or gives one twice); accepted: a memory size "
                                    "(24GiB, up to 1 PiB), a bandwidth (1008GB/s, below 1 PB/s), compute (82.6TFLOPS, "
                                    "below 100000) or a count (1 to 4096), as " + accepted_custom);
        start = end;
    }
    if (Status ok = check_custom_fields(spec, *kind, f); !ok) return ok.error();
    return CustomSpec{*kind, f.memory_bytes.value_or(0), as_written(*f.bandwidth_gbs), as_written(*f.compute_tflops),
                      f.count.value_or(1)};
}

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
    Result<const json*> dots = array_field(*doc, "int8_dot", "hardware catalog");
    if (!dots) return dots.error();
    HardwareCatalog c;
    for (const json& obj : **effs) {
        Result<Efficiency> e = read_efficiency(obj, c.efficiencies_.size());
        if (!e) return e.error();
        c.efficiencies_.push_back(std::move(e).value());
    }
    for (const json& obj : **dots) {
        Result<Int8Dot> dot = read_int8_dot(obj, c.int8_dots_.size());
        if (!dot) return dot.error();
        c.int8_dots_.push_back(std::move(dot).value());
    }
    if (!find_int8_dot(c.int8_dots_, custom_cpu_int8_dot))
        return make_error(ErrorCode::bad_data, "int8_dot: no '" + std::string(custom_cpu_int8_dot) + "' for custom CPUs");
    for (const json& obj : **devs) {
        Result<Device> d = read_device(obj, c.devices_.size());
        if (!d) return d.error();
        if (c.find(d->id)) return make_error(ErrorCode::bad_data, "device '" + d->id + "' appears twice");
        if (!find_efficiency(c.efficiencies_, d->device_class))
            return make_error(ErrorCode::bad_data, "device '" + d->id + "': class '" + d->device_class +
                                                       "' has no efficiency record");
        if (d->kind == DeviceKind::cpu && !find_int8_dot(c.int8_dots_, d->int8_dot))
            return make_error(ErrorCode::bad_data, "device '" + d->id + "': int8_dot '" + d->int8_dot +
                                                       "' has no int8_dot record");
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
    return make_error(ErrorCode::unknown_name, "unknown hardware '" + std::string(id.substr(0, 80)) + "'; closest ids: " + close,
                      "error_unknown_hardware", {{"value", std::string(id.substr(0, 80))}, {"accepted", close}});
}

const Int8Dot* HardwareCatalog::int8_dot(const Device& device) const {
    return device.kind == DeviceKind::cpu ? find_int8_dot(int8_dots_, device.int8_dot) : nullptr;
}

const Efficiency& HardwareCatalog::efficiency(const Device& device) const {
    const Efficiency* e = find_efficiency(efficiencies_, device.device_class);
    if (!e) fatal_error("HardwareCatalog::efficiency", "no class '" + device.device_class + "'");
    return *e;
}

Result<DeviceCount> parse_hardware_spec(const HardwareCatalog& catalog, std::string_view spec) {
    if (spec.size() > max_spec_chars)
        return make_error(ErrorCode::invalid_input,
                          "hardware spec '" + std::string(spec.substr(0, 40)) + "...' is longer than " +
                              std::to_string(max_spec_chars) + " characters; expected ID[:COUNT], e.g. rtx-4090:2",
                          "error_hardware_spec_long",
                          {{"spec", std::string(spec.substr(0, 40))}, {"max", std::to_string(max_spec_chars)}});
    if (is_custom_spec(spec)) {
        Result<CustomSpec> c = parse_custom_spec(spec);
        if (!c) return c.error();
        Result<Device> d = custom_device(catalog, device_kind_name(c->kind), c->memory_bytes, c->bandwidth_gbs,
                                         c->compute_tflops);
        if (!d) return d.error();
        return DeviceCount{std::move(d).value(), c->count};
    }
    const size_t colon = spec.find(':');
    DeviceCount out;
    if (colon != std::string_view::npos) {
        const std::string_view count = spec.substr(colon + 1);
        double n = 0;
        if (!parse_decimal(count, n) || count.find_first_of(".,") != std::string_view::npos || n < 1 || n > max_device_count)
            return make_error(ErrorCode::invalid_input,
                              "device count '" + std::string(count.substr(0, 20)) + "' in '" + std::string(spec.substr(0, 80)) +
                                  "' must be a whole number from 1 to " + std::to_string(max_device_count) + " (e.g. rtx-4090:2)",
                              "error_hardware_count", {{"value", std::string(count.substr(0, 20))},
                                                       {"spec", std::string(spec.substr(0, 80))},
                                                       {"max", std::to_string(max_device_count)}});
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
    d.id = d.name = custom_device_spec(*k, memory_bytes, bandwidth_gbs, compute_tflops);
    d.kind = *k;
    d.memory_bytes = memory_bytes;
    d.bandwidth_gbs = bandwidth_gbs;
    d.compute_tflops = compute_tflops;
    if (*k == DeviceKind::cpu) d.int8_dot = custom_cpu_int8_dot;
    d.device_class = !device_class.empty()         ? std::string(device_class)
                     : *k == DeviceKind::cpu ? "cpu_server"
                     : *k == DeviceKind::gpu ? "gpu_consumer"
                                             : "unified";
    if (!find_efficiency(catalog.efficiencies(), d.device_class)) {
        std::string accepted;
        for (const Efficiency& e : catalog.efficiencies()) accepted += (accepted.empty() ? "" : ", ") + e.device_class;
        return make_error(ErrorCode::unknown_name,
                          "unknown device class '" + std::string(device_class.substr(0, 40)) + "'; accepted: " + accepted,
                          "error_device_class", {{"value", std::string(device_class.substr(0, 40))}, {"accepted", accepted}});
    }
    if (!(bandwidth_gbs > 0 && bandwidth_gbs < max_bandwidth_gbs))
        return make_error(ErrorCode::invalid_input, "custom device bandwidth must be in (0, 1000000) GB/s",
                          "error_device_bandwidth_range", {});
    if (!(compute_tflops > 0 && compute_tflops < max_compute_tflops))
        return make_error(ErrorCode::invalid_input, "custom device compute must be in (0, 100000) TFLOPS",
                          "error_device_compute_range", {});
    if (*k != DeviceKind::cpu && memory_bytes == 0)
        return make_error(ErrorCode::invalid_input, "a custom GPU or unified device needs its memory size",
                          "error_device_memory", {});
    return d;
}

Result<double> parse_bandwidth(std::string_view text) {
    std::string s;
    if (text.size() > max_spec_chars) text = "?";  // too long to be a rate: reported below as not a rate
    for (char c : text)
        if (c != ' ') s += ascii_lower(c);
    size_t unit = 0;
    while (unit < s.size() && ((s[unit] >= '0' && s[unit] <= '9') || s[unit] == '.' || s[unit] == ',')) ++unit;
    double value = 0;
    const std::string suffix = s.substr(unit);
    const double scale = suffix == "gb/s" ? 1 : suffix == "tb/s" ? 1000 : suffix == "mb/s" ? 0.001 : 0;
    if (!parse_decimal(std::string_view(s).substr(0, unit), value) || scale == 0)
        return make_error(ErrorCode::invalid_input,
                          "bandwidth '" + std::string(text.substr(0, 40)) +
                              "' is not a rate; accepted: a number with MB/s, GB/s or TB/s (decimal units), e.g. 102.4GB/s",
                          "error_bandwidth", {{"value", std::string(text.substr(0, 40))}});
    value *= scale;
    if (!(value > 0 && value < max_bandwidth_gbs))
        return make_error(ErrorCode::invalid_input,
                          "bandwidth '" + std::string(text.substr(0, 40)) + "' must be above 0 and below 1 PB/s",
                          "error_bandwidth_range", {{"value", std::string(text.substr(0, 40))}});
    return value;
}

std::string custom_device_spec(DeviceKind kind, uint64_t memory_bytes, double bandwidth_gbs, double compute_tflops) {
    std::string spec = std::string(custom_prefix) + device_kind_name(kind);
    if (kind != DeviceKind::cpu) spec += ":" + memory_text(memory_bytes);
    return spec + ":" + decimal_text(bandwidth_gbs) + "GB/s:" + decimal_text(compute_tflops) + "TFLOPS";
}

bool is_custom_spec(std::string_view spec) { return ascii_lower(spec.substr(0, custom_prefix.size())) == custom_prefix; }

}  // namespace contextfit
