// The hardware and placement options `time` and `fit` share: one definition adds them to both commands, one
// function turns them into the devices and placement options of core/placement.h.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "hardware.h"
#include "model.h"
#include "placement.h"
#include "result.h"
#include "ui_text.h"
#include "weights.h"

namespace contextfit::cli {

struct HardwareArgs {
    std::vector<std::string> hardware;                 // "epyc-9654", "rtx-4090:2"
    std::string bandwidth;                             // "102.4GB/s"
    uint32_t n_gpu_layers = 0;
    CLI::Option* n_gpu_layers_given = nullptr;         // set: -ngl was given (else the most that fit)
    std::string tensor_split;                          // "3,1"
    bool cpu_moe = false;
    uint32_t n_cpu_moe = 0;
    uint32_t tensor_parallel_size = 0, pipeline_parallel_size = 0, nodes = 1;
    double gpu_memory_utilization = 0.9;               // vLLM default
    std::string device_kind, device_memory, device_bandwidth;
    double device_tflops = 0;
};

// What the options say, checked against the catalog.
struct Hardware {
    std::vector<DeviceCount> devices;                  // empty: no hardware given
    PlacementOptions placement;
    std::optional<double> bandwidth_gbs;
    double gpu_memory_utilization = 0.9;
};

void add_hardware_options(CLI::App& command, HardwareArgs& args);

// Each bad option gets its own message naming the option and what it accepts.
Result<Hardware> parse_hardware_args(const HardwareCatalog& catalog, const HardwareArgs& args);

// The memory `fit` answers for, and the sentence saying where it comes from. Without hardware: --ram. With it,
// llama.cpp: --ram (system RAM; a unified chip's pool) plus every GPU's memory; vLLM: the GPUs' memory over all
// nodes (it keeps weights and KV on the GPUs). A CPU alone needs --ram: its memory is the RAM the user has.
struct FitMemory {
    uint64_t memory_bytes = 0;                 // what fit() divides
    uint64_t system_ram_bytes = 0;             // --ram as given (0 = not given), for the placement
    std::string note;                          // empty without hardware
    bool ram_bare_number_as_gib = false;       // --ram was a bare number, read as GiB (parse_memory_size)
};
Result<FitMemory> fit_memory(const Strings& strings, const std::string& ram, const Hardware& hardware, bool vllm,
                             const std::string& ui_lang);

// --cpu-moe and --n-cpu-moe only on a model with routed experts.
Status check_for_model(const Hardware& hardware, const ModelSpec& model);

// `--weights 4.14bpw`: a format made from bits per weight; an empty optional for a catalog id (looked up later).
Result<std::optional<WeightFormat>> bpw_weights(const std::string& text);

}  // namespace contextfit::cli
