#include "time_command.h"

#include <algorithm>

#include "report.h"
#include "size_parse.h"

namespace contextfit::cli {
namespace {

EstimateRequest estimate_request(const TimeArgs& a, const RequestedModel& m, const WeightFormat* bpw) {
    EstimateRequest r;
    r.model = a.model;
    r.custom_model = m.custom;
    r.weights = m.file_weights.empty() ? a.weights : m.file_weights;
    r.custom_weights = m.file_weights.empty() ? bpw : nullptr;
    r.kv_type = a.kv;
    r.kv_type_v = a.kv_v;
    r.runtime = a.runtime;
    r.seqs = a.seqs;
    r.ubatch = a.ubatch;
    return r;
}

// --ram and --reserve in bytes; no --ram leaves 0: system RAM holds whatever the GPUs do not.
Status read_memory(const TimeArgs& a, PlacementRequest& p) {
    if (!a.ram.empty()) {
        Result<uint64_t> ram = parse_size(a.ram);
        if (!ram) return prefixed("--ram", ram.error());
        p.ram_bytes = *ram;
    }
    Result<uint64_t> reserve = parse_size(a.reserve);
    if (!reserve) return prefixed("--reserve", reserve.error());
    p.reserve_bytes = *reserve;
    return ok_status();
}

}  // namespace

CLI::App* add_time_command(CLI::App& app, TimeArgs& a, bool& as_json) {
    CLI::App* c = app.add_subcommand("time", "placement on hardware, decode and prefill speed, and the time to read "
                                             "a long prompt");
    c->add_option("--model", a.model, "catalog id (see `contextfit models`)");
    c->add_option("--gguf", a.gguf, "a GGUF model file (all parts of a split model) instead of --model")->expected(1, -1);
    c->add_option("--config", a.config, "a Hugging Face config.json instead of --model");
    c->add_option("--weights", a.weights, "a format id (q4_k_m, q8_0, ...) or bits per weight, e.g. 4.14bpw")
        ->capture_default_str();
    c->add_option("--kv-type", a.kv, "KV cache type (llama.cpp -ctk; vllm f16/auto fp8)")->capture_default_str();
    c->add_option("--kv-type-v", a.kv_v, "V cache type when it differs from K (llama.cpp -ctv)");
    c->add_option("--runtime", a.runtime, "llama.cpp | vllm")->capture_default_str();
    c->add_option("--seqs", a.seqs, "parallel sequences")->capture_default_str();
    c->add_option("--ubatch", a.ubatch, "llama.cpp micro-batch")->capture_default_str();
    c->add_option("--ram", a.ram, "system RAM (a unified chip: its memory); default: holds whatever the GPUs do not");
    c->add_option("--reserve", a.reserve, "RAM kept for the OS and other programs")->capture_default_str();
    c->add_option("--depth", a.depth, "tokens already in the context for the two speeds")->capture_default_str();
    c->add_option("--tokens", a.tokens, "a prompt read from empty: how long it takes")->capture_default_str();
    c->add_option("--lang", a.lang, "text language (as fit's --lang); also the interface language when it is one")
        ->capture_default_str();
    add_hardware_options(*c, a.hardware);
    c->add_flag("--json", as_json, "print one JSON object");
    return c;
}

Result<TimeAnswer> time_answer(const Assets& assets, const TimeArgs& a, const RequestedModel& m, const std::string& ui) {
    Result<Hardware> hw = parse_hardware_args(assets.hardware, a.hardware);
    if (!hw) return hw.error();
    if (hw->devices.empty())
        return make_error(ErrorCode::invalid_input, "time needs the hardware: --hardware ID[:COUNT] (e.g. xeon-6980p, "
                                                    "rtx-4090:2) or a custom device (--hardware custom-gpu:24GiB:1008GB/s:82.6TFLOPS)",
                          "time_error_no_hardware", {});
    Result<std::optional<WeightFormat>> bpw = bpw_weights(a.weights);
    if (!bpw) return bpw.error();
    Result<ResolvedRequest> q = resolve_request(assets, estimate_request(a, m, *bpw ? &**bpw : nullptr));
    if (!q) return q.error();
    if (Status ok = check_for_model(*hw, *q->model); !ok) return ok.error();
    SpeedRequest r;
    if (Status ok = read_memory(a, r.placement); !ok) return ok.error();
    r.placement.model = q->model;
    r.placement.weights = *q->weights;
    r.placement.options = q->options;
    r.placement.options.gpu_memory_utilization = hw->gpu_memory_utilization;
    r.placement.ctx = std::max(a.depth, a.tokens);
    r.placement.hardware = hw->devices;
    r.placement.placement = hw->placement;
    r.depth = a.depth;
    r.tokens = a.tokens;
    r.bandwidth_gbs = hw->bandwidth_gbs;
    Result<SpeedResult> speed = estimate_speed(assets.hardware, r, assets.strings, ui);
    if (!speed) return speed.error();
    TimeAnswer t;
    t.model = q->model;
    t.weights = *q->weights;
    t.kv_type = kv_type_info(q->options.kv.type_k).name;
    if (q->options.kv.type_v != q->options.kv.type_k) t.kv_type += std::string("/") + kv_type_info(q->options.kv.type_v).name;
    t.depth = a.depth;
    t.tokens = a.tokens;
    t.ctx = r.placement.ctx;
    t.speed = std::move(speed).value();
    t.notes = m.notes;
    return t;
}

}  // namespace contextfit::cli
