// Presentation of core results for the terminal: a stable JSON object (--json) or an aligned table.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "estimate.h"
#include "formats_fit.h"
#include "gguf_model.h"
#include "hf_config.h"

namespace contextfit::cli {

nlohmann::ordered_json fit_json(const Assets& assets, const Estimate& e, const std::string& ui_lang);
// Adds to a fit answer what would fit: formats_that_fit [{format, tokens, pages}] best first, ram_needed_4096 and
// ram_needed_full_context (bytes of RAM to have, reserve included, for the chosen format).
void add_formats_fit_json(const FormatsFit& formats, nlohmann::ordered_json& j);
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
