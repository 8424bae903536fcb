// What the page shows, computed from AppState by core calls only: the estimate, the points of the
// memory-vs-context chart, and the JSON the HTML mirror (accessible view and no-WebGL form) is filled from.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "app_state.h"
#include "estimate.h"
#include "models_table.h"
#include "need.h"
#include "formats_fit.h"

namespace contextfit::web {

struct ChartPoint {
    uint64_t tokens = 0;        // per sequence
    uint64_t ram_bytes = 0;     // RAM (incl. reserve) the runtime needs at that context: ram_for_usable(memory_at)
};

struct View {
    Result<Estimate> estimate;
    std::vector<ChartPoint> curve;   // from 0 to chart_max_tokens, evenly spaced
    uint64_t chart_max_tokens = 0;
    std::string verdict;             // in the UI language
    Result<Need> need;               // text mode: what the text needs on the chosen model
    std::vector<ModelRow> models;    // every model for the current inputs (models_table.h)
    SpeedView speed;                 // placement and time on the picked hardware
    FormatsFit formats;              // every weight format for the same request; empty when the estimate failed
};

View compute(const Assets& assets, const AppState& state);

// A text language's name in the UI language ("web_lang_<id>": "German" / "немецкий"), else its label.
std::string language_name(const Strings& strings, const Language& l, const std::string& ui);

// { "hash", "ui", "inputs": {...}, "result": {tokens, megabytes, pages, words, limited_by, verdict} | "error",
//   "notices": [...], "options": {models, weights, kv, runtimes, langs, pages}, "labels": {...},
//   "mode": "memory" | "text", "text": {amount, file?}, "need": {tokens, fits_context, parts, ... bytes} | "need_error",
//   "models": [{id, name, family, tokens, limited_by, pages, parts, total_bytes, ram_bytes}] }
//   "formats": [{id, fits, tokens, pages}], "formats_that_fit": [ids, best first], "ram_needed_4096",
//   "ram_needed_full_context" }
std::string mirror_json(const Assets& assets, const AppState& state, const View& view);

}  // namespace contextfit::web
