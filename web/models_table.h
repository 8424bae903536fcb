// The table of all models for the page's inputs: in memory mode each model's answer of fit (tokens, the limit
// that binds, pages; core/catalog_fit.h), in text mode each model's need (tokens, parts, memory; core/need.h).
// Computed when the inputs change, never per frame.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "app_state.h"

namespace contextfit::web {

struct ModelRow {
    std::string id, name, family;
    uint64_t tokens = 0;            // memory mode: fit's tokens; text mode: the text's tokens for this model
    std::string limited_by;         // memory mode: limited_by_name(); text mode: "model" when it splits, else ""
    double pages = 0;               // memory mode: the pages that fit
    uint64_t parts = 0;             // text mode: parts of the trained context (1 when it fits)
    uint64_t total_bytes = 0;       // memory at those tokens
    uint64_t ram_bytes = 0;         // text mode: the RAM to have (total + reserve)
    uint64_t n_params = 0;
};

// Sorted by state.models_sort (largest first; by name A to Z), ties by id. Empty when the inputs are invalid.
std::vector<ModelRow> model_rows(const Assets& assets, const AppState& state);

}  // namespace contextfit::web
