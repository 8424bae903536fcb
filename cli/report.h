// Presentation of core results for the terminal: a stable JSON object (--json) or an aligned table.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "estimate.h"
#include "formats_fit.h"
#include "gguf_model.h"
#include "hf_config.h"

namespace contextfit::cli {

// x rounded half up to `decimals` places, as every JSON figure with a fraction is printed.
double round_to(double x, int decimals);
// `s` padded to `width` characters (UTF-8 aware, so Cyrillic labels align); at least one space follows.
std::string pad_right(const std::string& s, size_t width);
void print_json(const nlohmann::ordered_json& j);
// The message on stderr, and {"error": message} on stdout with --json; returns exit code 1 (bad input).
int print_error(const std::string& message, bool as_json);
// e with "WHERE: " before it in every language: the option ("--ram") or the file it came from.
Error prefixed(const std::string& where, Error e);
// The same for an error, phrased in `ui` (Strings::error_message).
int print_error(const Strings& strings, const std::string& ui, const Error& error, bool as_json);
// Why `path` could not be opened, keyed for the reader's language: no such file, no permission, or neither known.
Error open_error(const std::string& path, int errno_value);

// With `speed` (fit on hardware: estimate_speed at the answer's tokens) the answer also gives the time to read
// those tokens, the decode speed once they fill the context and the placement per device.
nlohmann::ordered_json fit_json(const Assets& assets, const Estimate& e, const std::string& ui_lang,
                                const SpeedResult* speed = nullptr);
std::string fit_table(const Assets& assets, const Estimate& e, const std::string& ram_input, const std::string& ui_lang,
                      const SpeedResult* speed = nullptr);
// Adds to a fit answer what would fit: formats_that_fit [{format, tokens, pages}] best first, ram_needed_4096 and
// ram_needed_full_context (bytes of RAM to have, reserve included, for the chosen format).
void add_formats_fit_json(const FormatsFit& formats, nlohmann::ordered_json& j);

nlohmann::ordered_json kv_json(const KvRequest& request, const KvSize& kv);
// `contextfit kv` as one sentence in the interface language.
std::string kv_line(const Assets& assets, const KvRequest& request, const KvSize& kv, const std::string& ui_lang);
nlohmann::ordered_json models_json(const Assets& assets);
std::string models_table(const Assets& assets, const std::string& ui_lang);

// `contextfit inspect`: what the GGUF header(s) said and what ContextFit made of it; the JSON also lists the
// metadata (scalars, strings cut at 256 bytes, arrays as type and count) and the tensor table.
nlohmann::ordered_json inspect_json(const Strings& strings, const GgufModel& model, const std::vector<GgufFile>& files,
                                    const std::vector<std::string>& paths, const std::string& ui_lang);
std::string inspect_table(const Assets& assets, const GgufModel& model, const std::vector<GgufFile>& files,
                          const std::vector<std::string>& paths, const std::string& ui_lang);

// `contextfit inspect config.json`: the model the config describes (the same fields as for a GGUF, without the
// file's weights) and every assumption the reader made.
nlohmann::ordered_json config_inspect_json(const Strings& strings, const HfConfig& config, const std::string& path,
                                           const std::string& ui_lang);
std::string config_inspect_table(const Assets& assets, const HfConfig& config, const std::string& path,
                                 const std::string& ui_lang);

// `contextfit time`: the placement per device, decode and prefill speed at `depth`, and the time to read
// `tokens` from empty, with notes and trace.
struct TimeAnswer {
    const ModelSpec* model = nullptr;
    WeightFormat weights;                      // a copy: "4.14bpw" is made for the request, not in the catalog
    std::string kv_type;                       // as shown: "q8_0", "q8_0/f16"
    uint64_t depth = 0, tokens = 0, ctx = 0;   // ctx: the tokens the KV cache is sized for
    SpeedResult speed;
    std::vector<std::string> notes;            // the shell's own (the model file's assumptions, RAM assumed)
};
nlohmann::ordered_json placement_json(const Placement& placement);
std::string placement_lines(const Assets& assets, const Placement& placement, const std::string& ui_lang);
nlohmann::ordered_json time_json(const TimeAnswer& answer);
std::string time_table(const Assets& assets, const TimeAnswer& answer, const std::string& ui_lang);

// A hint when a size was written in decimal units (GB/TB) that RAM is usually meant in GiB; empty otherwise.
std::string si_units_hint(const Assets& assets, const std::string& input, uint64_t bytes, const std::string& ui_lang);

}  // namespace contextfit::cli
