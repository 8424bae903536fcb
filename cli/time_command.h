// `contextfit time`: where a model's layers and KV cache go on the given hardware, how fast it writes and reads
// tokens at a depth, and how long reading N tokens from empty takes (core/placement.h, core/speed.h).
//   contextfit time --model deepseek-v3 --weights 4.14bpw --kv-type q8_0 --hardware xeon-6980p --tokens 1000000
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "estimate.h"
#include "hardware_args.h"
#include "report.h"

namespace contextfit::cli {

struct TimeArgs {
    std::string model, config, weights = "q4_k_m", kv = "f16", kv_v, runtime = "llama.cpp";
    std::vector<std::string> gguf;
    std::string ram, reserve = "2GiB", lang;  // lang empty: English text, interface by pick_ui_language
    uint32_t seqs = 1, ubatch = 512;
    uint64_t depth = 0, tokens = 0;
    HardwareArgs hardware;
};

CLI::App* add_time_command(CLI::App& app, TimeArgs& args, bool& as_json);

// The model chosen by --model, --gguf or --config (main.cpp reads the files): a file's model, the format its
// tensor table names, and what the reader assumed.
struct RequestedModel {
    const ModelSpec* custom = nullptr;         // nullptr: the catalog id of --model
    std::string file_weights;                  // a GGUF's own format id; empty: --weights
    std::vector<std::string> notes;
};

// The answer, or a message naming the option that was wrong and what it accepts; notes, trace and messages of the
// placement and speed in the interface language `ui`.
Result<TimeAnswer> time_answer(const Assets& assets, const TimeArgs& args, const RequestedModel& model,
                               const std::string& ui);

}  // namespace contextfit::cli
