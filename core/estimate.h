// The one call the CLI and the web app make: request in, every figure out, with the notes that say which
// figures are estimates and where each comes from. Shells format; they do not compute.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog.h"
#include "embedded_assets.h"
#include "fit.h"
#include "hardware.h"
#include "memory.h"
#include "result.h"
#include "speed.h"
#include "ui_text.h"
#include "text_size.h"
#include "trace.h"
#include "weights.h"

namespace contextfit {

// The data in assets/, parsed once.
struct Assets {
    Catalog catalog;
    WeightFormats formats;
    TextTables text;
    Strings strings;
    HardwareCatalog hardware;

    // The hardware catalog defaults to the embedded one, read at the caller (which links an assets library), so
    // every shell has it without passing a fifth text.
    static Result<Assets> parse(const std::string& models_json, const std::string& formats_json,
                                const std::string& text_json, const std::string& strings_json,
                                const std::string& hardware_json = embedded_hardware_json());
};

inline constexpr uint64_t default_reserve_bytes = uint64_t{2} << 30;  // 2 GiB for the OS and other programs

struct EstimateRequest {
    std::string model;                     // catalog id
    uint64_t ram_bytes = 0;
    uint64_t reserve_bytes = default_reserve_bytes;
    std::string weights = "q4_k_m";
    std::string kv_type = "f16";           // both K and V unless kv_type_v is set
    std::string kv_type_v;
    std::string runtime = "llama.cpp";
    uint32_t seqs = 1;
    std::string language = "en";           // language of the text the tokens stand for
    std::string page;                      // page convention id; empty = the default (standard, 1800 chars)
    bool flash_attn = true;
    uint32_t ubatch = 512;
    bool swa_full = false;                 // llama.cpp --swa-full: sliding-window layers keep every cell
    // A model read from a file (GGUF header, config.json) instead of the catalog id above; the caller keeps it
    // alive while the Estimate is used. It must pass validate_model().
    const ModelSpec* custom_model = nullptr;
    // Exact weight bytes (a GGUF tensor table) instead of n_params x the format's bits per weight.
    std::optional<uint64_t> weights_bytes_override;
    // A format the catalog lacks (weight_format_from_bpw("4.14bpw")) instead of the id in `weights`; the caller
    // keeps it alive while the Estimate is used.
    const WeightFormat* custom_weights = nullptr;
    // The interface language of the notes and the trace (pick_ui_language); empty: the text language when it is
    // an interface language, else English.
    std::string ui;
};

struct Estimate {
    const ModelSpec* model = nullptr;
    const WeightFormat* weights = nullptr;
    RuntimeOptions options;
    uint64_t ram_bytes = 0, reserve_bytes = 0;
    uint64_t weights_bytes = 0;
    bool weights_from_file = false;        // weights_bytes came from the request (a file's tensor table)
    uint64_t kv_bytes_per_token = 0;       // growth per extra token of one sequence (global layers; after windows)
    FitResult fit;
    TextSize text;                         // for fit.tokens (one sequence)
    double quadratic_scores_bytes = 0;     // what a naive attention would materialise: n_head x tokens^2 x 4 B (one layer)
    std::vector<std::string> notes;        // estimates and context caveats, in the request's UI language
    std::vector<TraceLine> trace;          // how each figure was computed, in the UI language (sources as cited)
};

// The parts of a request every answer needs (estimate, need, the catalog at a glance), checked once: the model,
// the weights format and bytes, the runtime options and the reserve. The RAM size is estimate()'s own check.
struct ResolvedRequest {
    const ModelSpec* model = nullptr;
    const WeightFormat* weights = nullptr;
    RuntimeOptions options;
    uint64_t weights_bytes = 0;
    bool weights_from_file = false;        // weights_bytes came from the request (a file's tensor table)
};
Result<ResolvedRequest> resolve_request(const Assets& assets, const EstimateRequest& request);

// Validates the request (each bad field gets its own message naming what is accepted) and solves it.
Result<Estimate> estimate(const Assets& assets, const EstimateRequest& request);

// KV only, for `contextfit kv`: the model at ctx tokens per sequence.
struct KvRequest {
    std::string model;                     // catalog id
    uint64_t ctx = 0;
    std::string kv_type = "f16", kv_type_v;
    std::string runtime = "theory";
    uint32_t seqs = 1;
    uint32_t ubatch = 512;
    bool swa_full = false;
    // A model read from a file instead of the catalog id, as in EstimateRequest; it must pass validate_model().
    const ModelSpec* custom_model = nullptr;
};
Result<KvSize> estimate_kv(const Assets& assets, const KvRequest& request);

// The UI language for a text language: the same when assets/strings.json has it (Strings::languages()),
// else the base language, English.
std::string ui_language(const Strings& strings, const std::string& language);

// The one rule both shells follow for the interface language: `ui` (the link's ui=, the CLI's --ui) when
// strings.json has it; else the text language (lang=, --lang) when it is an interface language; else
// `preferred` (the browser's language, the environment's LANG) when it is one; else English. Each argument may
// be empty; a regional form such as "ru-RU" or "ru_RU.UTF-8" counts as its language.
std::string pick_ui_language(const Strings& strings, std::string_view ui, std::string_view text_language,
                             std::string_view preferred);

// One plain sentence saying how much fits and which limit binds, in the UI language.
std::string verdict(const Assets& assets, const Estimate& e, const std::string& ui_lang);

// fit on a vLLM cluster: vLLM counts KV per GPU (each keeps max(1, n_head_kv / TP) heads of its stage's layers,
// core/placement.h), so the memory limit is the cluster's `tokens_memory_limit` (all sequences), not the pooled
// memory's. Re-solves the tokens, the limit that binds and the text for it; a model that does not fit is left as is.
Status limit_to_cluster(const Assets& assets, const EstimateRequest& request, uint64_t tokens_memory_limit, Estimate& e);

// A duration in the unit a reader grasps at once: "42 s", "12 min", "3.1 h", "6.1 days" (RU "6,1 дн.").
std::string format_duration(const Strings& strings, double seconds, const std::string& ui_lang);

// The devices that hold the model, for a sentence: "Intel Xeon 6980P", "2 x NVIDIA RTX 4090 + AMD EPYC 9654"; system
// RAM alone (no CPU listed) in the reader's words.
std::string hardware_label(const Strings& strings, const Placement& placement, const std::string& ui);

// verdict() and, on hardware, how long reading the answer's tokens takes from empty and how fast it answers once
// the context is full ("...; reading them takes ≈ 3 h on Intel Xeon 6980P, then it answers at ≈ 4 tokens/s.").
// `speed` is estimate_speed() at the answer's tokens (SpeedRequest::tokens = fit.tokens).
std::string verdict_with_time(const Assets& assets, const Estimate& e, const SpeedResult& speed,
                              const std::string& ui_lang);

}  // namespace contextfit
