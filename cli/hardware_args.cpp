#include "hardware_args.h"

#include <cstdlib>

#include "report.h"
#include "size_parse.h"

namespace contextfit::cli {
namespace {

// "0,9" -> "0.9" before CLI11 reads a number option: the decimal comma is accepted wherever a number is typed.
std::string decimal_point(std::string text) {
    double x = 0;
    return text.find(',') != std::string::npos && parse_decimal(text, x) ? decimal_text(x) : text;
}

// "3,1" -> {3, 1}: llama.cpp --tensor-split, one non-negative ratio per GPU.
Result<std::vector<double>> parse_ratios(const std::string& text) {
    std::vector<double> ratios;
    size_t start = 0;
    while (start <= text.size()) {
        const size_t comma = std::min(text.find(',', start), text.size());
        const std::string part = text.substr(start, comma - start);
        char* end = nullptr;
        const double x = std::strtod(part.c_str(), &end);
        if (part.empty() || *end != '\0' || !(x >= 0 && x <= 1e6))
            return make_error(ErrorCode::invalid_input,
                              "--tensor-split: '" + part.substr(0, 40) + "' is not a ratio; accepted: non-negative "
                                                                         "numbers separated by commas, one per GPU, e.g. 3,1",
                              "hw_error_tensor_split", {{"value", part.substr(0, 40)}});
        ratios.push_back(x);
        start = comma + 1;
    }
    return ratios;
}

Result<Device> parse_custom_device(const HardwareCatalog& catalog, const HardwareArgs& a) {
    uint64_t memory = 0;
    if (!a.device_memory.empty()) {
        Result<uint64_t> m = parse_size(a.device_memory);
        if (!m) return prefixed("--device-memory", m.error());
        memory = *m;
    }
    if (a.device_bandwidth.empty())
        return make_error(ErrorCode::invalid_input, "--device-kind needs --device-bandwidth (e.g. 273GB/s)",
                          "hw_error_device_bandwidth", {});
    Result<double> bw = parse_bandwidth(a.device_bandwidth);
    if (!bw) return prefixed("--device-bandwidth", bw.error());
    Result<Device> d = custom_device(catalog, a.device_kind, memory, *bw, a.device_tflops);
    if (!d) return prefixed("--device-kind", d.error());
    return d;
}

Status check_parallel_sizes(const HardwareArgs& a) {
    if (a.tensor_parallel_size > 4096 || a.pipeline_parallel_size > 4096)
        return make_error(ErrorCode::invalid_input,
                          "--tensor-parallel-size and --pipeline-parallel-size must be at most 4096",
                          "hw_error_parallel_sizes", {});
    if (!(a.gpu_memory_utilization > 0 && a.gpu_memory_utilization <= 1))
        return make_error(ErrorCode::invalid_input,
                          "--gpu-memory-utilization must be in (0, 1], got " + decimal_text(a.gpu_memory_utilization),
                          "hw_error_gpu_utilization", {{"value", decimal_text(a.gpu_memory_utilization)}});
    return ok_status();
}

}  // namespace

void add_hardware_options(CLI::App& c, HardwareArgs& a) {
    c.add_option("--hardware", a.hardware, "a device id with an optional count, repeatable: epyc-9654, rtx-4090:2 "
                                           "(ids: assets/hardware.json)");
    c.add_option("--bandwidth", a.bandwidth, "memory bandwidth replacing the CPU's peak (DIMM speed), e.g. 102.4GB/s");
    a.n_gpu_layers_given = c.add_option("--n-gpu-layers", a.n_gpu_layers, "llama.cpp -ngl: blocks on the GPUs "
                                                                          "(default: the most that fit)");
    c.add_option("--tensor-split", a.tensor_split, "llama.cpp: share of the blocks per GPU, e.g. 3,1");
    c.add_flag("--cpu-moe", a.cpu_moe, "llama.cpp: every block's routed experts in system RAM");
    c.add_option("--n-cpu-moe", a.n_cpu_moe, "llama.cpp: routed experts of the first N blocks in system RAM");
    c.add_option("--tensor-parallel-size", a.tensor_parallel_size, "vLLM: GPUs per tensor-parallel group "
                                                                   "(default: every GPU of a node)");
    c.add_option("--pipeline-parallel-size", a.pipeline_parallel_size, "vLLM: pipeline stages (default: one per node)");
    c.add_option("--nodes", a.nodes, "vLLM: machines, each with the listed GPUs")->capture_default_str();
    c.add_option("--gpu-memory-utilization", a.gpu_memory_utilization, "vLLM: share of each GPU's memory it may use")
        ->capture_default_str()
        ->transform(decimal_point);
    c.add_option("--device-kind", a.device_kind, "a device the catalog lacks: cpu | gpu | unified");
    c.add_option("--device-memory", a.device_memory, "its memory, e.g. 24GiB (not for a CPU)");
    c.add_option("--device-bandwidth", a.device_bandwidth, "its memory bandwidth, e.g. 273GB/s");
    c.add_option("--device-tflops", a.device_tflops, "its dense FP16 (GPU) or FP32 (CPU) compute, TFLOPS")
        ->transform(decimal_point);
}

Result<Hardware> parse_hardware_args(const HardwareCatalog& catalog, const HardwareArgs& a) {
    if (Status ok = check_parallel_sizes(a); !ok) return ok.error();
    Hardware h;
    for (const std::string& spec : a.hardware) {
        Result<DeviceCount> d = parse_hardware_spec(catalog, spec);
        if (!d) return prefixed("--hardware", d.error());
        h.devices.push_back(std::move(d).value());
    }
    if (!a.device_kind.empty()) {
        Result<Device> d = parse_custom_device(catalog, a);
        if (!d) return d.error();
        h.devices.push_back({std::move(d).value(), 1});
    }
    if (!a.bandwidth.empty()) {
        Result<double> bw = parse_bandwidth(a.bandwidth);
        if (!bw) return prefixed("--bandwidth", bw.error());
        h.bandwidth_gbs = *bw;
    }
    if (!a.tensor_split.empty()) {
        Result<std::vector<double>> ratios = parse_ratios(a.tensor_split);
        if (!ratios) return ratios.error();
        h.placement.tensor_split = std::move(ratios).value();
    }
    if (*a.n_gpu_layers_given) h.placement.n_gpu_layers = a.n_gpu_layers;
    h.placement.cpu_moe = a.cpu_moe;
    h.placement.n_cpu_moe = a.n_cpu_moe;
    h.placement.tensor_parallel_size = a.tensor_parallel_size;
    h.placement.pipeline_parallel_size = a.pipeline_parallel_size;
    h.placement.nodes = a.nodes;
    h.gpu_memory_utilization = a.gpu_memory_utilization;
    return h;
}

Result<FitMemory> fit_memory(const Strings& s, const std::string& ram, const Hardware& h, bool vllm, const std::string& ui) {
    FitMemory m;
    if (!ram.empty()) {
        Result<MemorySize> bytes = parse_memory_size(ram);
        if (!bytes) return prefixed("--ram", bytes.error());
        m.system_ram_bytes = bytes->bytes;
        m.ram_bare_number_as_gib = bytes->bare_number_as_gib;
    }
    // A unified chip's memory is --ram when given (the placement reads it so), else the preset's.
    uint64_t gpus = 0;
    for (const DeviceCount& d : h.devices)
        if (d.device.kind == DeviceKind::gpu || (d.device.kind == DeviceKind::unified && ram.empty()))
            gpus += d.device.memory_bytes * d.count * (vllm ? h.placement.nodes : 1);
    const Substitutions subs = {{"ram", ram}, {"gpus", s.bytes(gpus, ui)}};
    if (h.devices.empty() || (gpus == 0 && !ram.empty())) {
        if (ram.empty())
            return make_error(ErrorCode::invalid_input,
                              "--ram is required: the memory to fit in (or --hardware with GPUs or a unified chip)",
                              "hw_error_ram_required", {});
        m.memory_bytes = m.system_ram_bytes;
        if (!h.devices.empty()) m.note = s.format("fit_memory_devices", ui, {{"memory", s.format("fit_memory_ram", ui, subs)}});
        return m;
    }
    if (gpus == 0)
        return make_error(ErrorCode::invalid_input, "--ram is required with a CPU alone: its memory is the RAM you have",
                          "hw_error_ram_cpu_alone", {});
    const char* key = vllm ? "fit_memory_vllm" : ram.empty() ? "fit_memory_gpus" : "fit_memory_ram_and_gpus";
    m.memory_bytes = vllm ? gpus : gpus + m.system_ram_bytes;
    m.note = s.format("fit_memory_devices", ui, {{"memory", s.format(key, ui, subs)}});
    return m;
}

Status check_for_model(const Hardware& h, const ModelSpec& m) {
    // n_params_active alone does not tell: a dense model's active count leaves out the input embedding.
    if ((h.placement.cpu_moe || h.placement.n_cpu_moe > 0) && m.moe.n_expert == 0) {
        const std::string option = h.placement.cpu_moe ? "--cpu-moe" : "--n-cpu-moe";
        return make_error(ErrorCode::invalid_input,
                          option + ": " + m.id + " is a dense model (no routed experts); the option applies to "
                                                 "mixture-of-experts models only",
                          "hw_error_dense_moe", {{"option", option}, {"model", m.id}});
    }
    return ok_status();
}

Result<std::optional<WeightFormat>> bpw_weights(const std::string& text) {
    const bool bpw = text.size() > 3 && (text.compare(text.size() - 3, 3, "bpw") == 0 ||
                                         text.compare(text.size() - 3, 3, "BPW") == 0);
    if (!bpw) return std::optional<WeightFormat>{};
    Result<WeightFormat> f = weight_format_from_bpw(text);
    if (!f) return prefixed("--weights", f.error());
    return std::optional<WeightFormat>{std::move(f).value()};
}

}  // namespace contextfit::cli
