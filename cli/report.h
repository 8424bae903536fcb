// Presentation of core results for the terminal: a stable JSON object (--json) or an aligned table.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "estimate.h"
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

nlohmann::ordered_json fit_json(const Assets& assets, const Estimate& e, const std::string& ui_lang);
std::string fit_table(const Assets& assets, const Estimate& e, const std::string& ram_input, const std::string& ui_lang);

nlohmann::ordered_json kv_json(const KvRequest& request, const KvSize& kv);
nlohmann::ordered_json models_json(const Assets& assets);
std::string models_table(const Assets& assets);

// `contextfit inspect`: what the GGUF header(s) said and what ContextFit made of it; the JSON also lists the
// metadata (scalars, strings cut at 256 bytes, arrays as type and count) and the tensor table.
nlohmann::ordered_json inspect_json(const GgufModel& model, const std::vector<GgufFile>& files,
                                    const std::vector<std::string>& paths);
std::string inspect_table(const GgufModel& model, const std::vector<GgufFile>& files,
                          const std::vector<std::string>& paths);

// `contextfit inspect config.json`: the model the config describes (the same fields as for a GGUF, without the
// file's weights) and every assumption the reader made.
nlohmann::ordered_json config_inspect_json(const HfConfig& config, const std::string& path);
std::string config_inspect_table(const HfConfig& config, const std::string& path);

// A hint when a size was written in decimal units (GB/TB) that RAM is usually meant in GiB; empty otherwise.
std::string si_units_hint(const Assets& assets, const std::string& input, uint64_t bytes, const std::string& ui_lang);

}  // namespace contextfit::cli
