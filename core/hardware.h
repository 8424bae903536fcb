// The hardware catalog: assets/hardware.json read into Device records, the efficiency of each device class,
// and the `--hardware` / `--bandwidth` specs a person types.
//
// Layout of the asset (schema 1):
//   { "schema": 1, "about": "...",
//     "devices": [ { "id", "name", "kind" (cpu | gpu | unified), "class" (an efficiency class below),
//                    "memory_gib" (0 for CPUs: the RAM is the user's), "bandwidth_gbs" (decimal GB/s),
//                    "compute_tflops", "compute_source", ["sockets", "memory_channels", "memory_mts", "simd"],
//                    "int8_dot" (CPUs only: a name from "int8_dot" below), ["gpu_cores"],
//                    ["gpu_memory_fraction", "gpu_memory_fraction_source"], ["note"], "source" } ],
//     "efficiency": [ { "class", "decode_fraction", "prefill_fraction", "decode_attention_fraction",
//                       "floor_ms_per_layer", "why", "calibrated_on": [url, ...] } ],
//     "int8_dot": [ { "name", "dot_instructions", "why", "source" } ] }
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "result.h"

namespace contextfit {

enum class DeviceKind { cpu, gpu, unified };
const char* device_kind_name(DeviceKind kind);  // "cpu", "gpu", "unified"

// Fractions of peak that llama.cpp reaches on one class of device, from public llama-bench rows.
struct Efficiency {
    std::string device_class;
    double decode_fraction = 0;            // of peak bandwidth, reading weights and KV per generated token
    double prefill_fraction = 0;           // of peak compute, for the matrix products of a prompt batch
    double decode_attention_fraction = 0;  // of peak compute, for one token attending to the whole context
    double floor_ms_per_layer = 0;         // per-token time a layer never goes under (kernel launches, sync)
    std::string why;
    std::vector<std::string> calibrated_on;  // public threads holding the rows
};

// A CPU's int8 dot product. llama.cpp multiplies quantized weights by int8 activations: one VPDPBUSD per 4 int8
// pairs of each 32-bit lane where the CPU has VNNI, else VPMADDUBSW + VPMADDWD + VPADDD for the same work (llama.cpp
// ggml/src/ggml-cpu/arch/x86/repack.cpp at 0f2d806, mul_sum_us8_pairs_acc_int32x16 and _int32x8). The CPU classes'
// prefill_fraction was calibrated on VNNI CPUs, so prefill of quantized weights runs at 1 / dot_instructions of it.
struct Int8Dot {
    std::string name;               // "avx512_vnni", "avx_vnni", "none"
    uint32_t dot_instructions = 1;  // instructions per VPDPBUSD's work
    std::string source;
    double prefill_factor() const { return 1.0 / dot_instructions; }
};

struct Device {
    std::string id, name;
    DeviceKind kind = DeviceKind::cpu;
    std::string device_class;
    uint64_t memory_bytes = 0;        // 0 for CPUs
    double bandwidth_gbs = 0;         // peak, decimal GB/s, all sockets
    double compute_tflops = 0;
    uint32_t sockets = 1;
    double gpu_memory_fraction = 1;   // unified chips: the share of the pool the OS gives the GPU
    std::string int8_dot;             // CPUs: a name of HardwareCatalog::int8_dots(); "" for other kinds
    std::string source;
    // Decode reads weights at one socket's bandwidth: llama.cpp threads seldom gain from a second NUMA node.
    double decode_bandwidth_gbs() const { return bandwidth_gbs / sockets; }
};

// A device and how many of it: "rtx-4090:2".
struct DeviceCount {
    Device device;
    uint32_t count = 1;
};

class HardwareCatalog {
public:
    static Result<HardwareCatalog> parse(const std::string& json_text);

    const std::vector<Device>& devices() const { return devices_; }
    const Device* find(std::string_view id) const;
    // find() or an unknown_name error listing the closest ids.
    Result<const Device*> lookup(std::string_view id) const;
    // The `count` ids closest to `id` (edit distance; a fragment of an id counts as close).
    std::vector<std::string> suggest(std::string_view id, size_t count = 3) const;
    // The efficiency of a device's class (every device's class is checked at parse time).
    const Efficiency& efficiency(const Device& device) const;
    const std::vector<Efficiency>& efficiencies() const { return efficiencies_; }
    // A CPU's int8 dot product (checked at parse time); nullptr for GPUs and unified chips, which prefill elsewhere.
    const Int8Dot* int8_dot(const Device& device) const;
    const std::vector<Int8Dot>& int8_dots() const { return int8_dots_; }

private:
    std::vector<Device> devices_;
    std::vector<Efficiency> efficiencies_;
    std::vector<Int8Dot> int8_dots_;
};

// One device and its count, as the CLI's --hardware and the share link's hw= items write it:
//   ID[:COUNT]                                   a catalog id: "epyc-9654", "rtx-4090:2" (count 1 to 4096)
//   custom-KIND:MEMORY:BANDWIDTH:COMPUTE[:COUNT]  a device the catalog lacks: "custom-gpu:24GiB:1008GB/s:82.6TFLOPS",
//                                                "custom-cpu:460.8GB/s:10TFLOPS:1" (KIND cpu | gpu | unified)
// A custom device's fields are told apart by their units, in any order: MEMORY a size with a unit (size_parse.h;
// none for a CPU, whose memory is the system RAM), BANDWIDTH a rate (parse_bandwidth), COMPUTE a number with
// TFLOPS, COUNT a whole number. An unknown id lists the closest ids; a bad custom field is named with what is
// accepted (strings.json error_custom_*).
Result<DeviceCount> parse_hardware_spec(const HardwareCatalog& catalog, std::string_view spec);

// A device the catalog lacks. kind "cpu" | "gpu" | "unified"; device_class picks the efficiency constants
// ("" = the default class of the kind: cpu_server, gpu_consumer, unified). Its id and name are its spec without a
// count (custom_device_spec), so a link or a --hardware option can name it again; its source is empty. A custom CPU
// is taken to have int8 dot products (avx512_vnni, as the CPUs the classes were calibrated on).
Result<Device> custom_device(const HardwareCatalog& catalog, std::string_view kind, uint64_t memory_bytes,
                             double bandwidth_gbs, double compute_tflops, std::string_view device_class = "");

// A custom device's figures as its spec states them, read without the catalog (a page restores its fields so).
struct CustomSpec {
    DeviceKind kind = DeviceKind::gpu;
    uint64_t memory_bytes = 0;              // 0 for a CPU
    double bandwidth_gbs = 0, compute_tflops = 0;
    uint32_t count = 1;
};
Result<CustomSpec> parse_custom_spec(std::string_view spec);

// "custom-gpu:24GiB:1008GB/s:82.6TFLOPS": the text parse_hardware_spec reads back to the same figures.
std::string custom_device_spec(DeviceKind kind, uint64_t memory_bytes, double bandwidth_gbs, double compute_tflops);

// True for "custom-..." specs and ids (a custom device, not a catalog id).
bool is_custom_spec(std::string_view spec);

// "102.4GB/s", "1.2 TB/s", "800 GB/s" -> decimal GB/s. Other units are rejected with the accepted list.
Result<double> parse_bandwidth(std::string_view text);

}  // namespace contextfit
