// Presentation of core results for the terminal: a stable JSON object (--json) or an aligned table.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "estimate.h"
#include "gguf_model.h"
#include "hf_config.h"

namespace contextfit::cli {

nlohmann::ordered_json fit_json(const Assets& assets, const Estimate& e, const std::string& ui_lang);
std::string fit_table(const Assets& assets, const Estimate& e, const std::string& ram_input, const std::string& ui_lang);

nlohmann::ordered_json kv_json(const KvRequest& request, const KvSize& kv);
// `contextfit kv` as one sentence in the interface language.
std::string kv_line(const Assets& assets, const KvRequest& request, const KvSize& kv, const std::string& ui_lang);
nlohmann::ordered_json models_json(const Assets& assets);
std::string models_table(const Assets& assets, const std::string& ui_lang);

// `contextfit inspect`: what the GGUF header(s) said and what ContextFit made of it; the JSON also lists the
// metadata (scalars, strings cut at 256 bytes, arrays as type and count) and the tensor table.
nlohmann::ordered_json inspect_json(const GgufModel& model, const std::vector<GgufFile>& files,
                                    const std::vector<std::string>& paths);
std::string inspect_table(const Assets& assets, const GgufModel& model, const std::vector<GgufFile>& files,
                          const std::vector<std::string>& paths, const std::string& ui_lang);

// `contextfit inspect config.json`: the model the config describes (the same fields as for a GGUF, without the
// file's weights) and every assumption the reader made.
nlohmann::ordered_json config_inspect_json(const HfConfig& config, const std::string& path);
std::string config_inspect_table(const Assets& assets, const HfConfig& config, const std::string& path,
                                 const std::string& ui_lang);

// A hint when a size was written in decimal units (GB/TB) that RAM is usually meant in GiB; empty otherwise.
std::string si_units_hint(const Assets& assets, const std::string& input, uint64_t bytes, const std::string& ui_lang);

}  // namespace contextfit::cli
