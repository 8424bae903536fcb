// Every model at a glance: for one memory size and one set of fit's options, the answer of estimate() for each
// catalog model, ranked. A model whose weights do not fit is listed as such (0 tokens, limited_by
// weights_do_not_fit, missing_bytes), never left out.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "estimate.h"

namespace contextfit {

enum class CatalogSort { tokens, pages, params };
const char* catalog_sort_name(CatalogSort s);               // "tokens", "pages", "params"
Result<CatalogSort> parse_catalog_sort(std::string_view name);

// One row; field names are the JSON names the shells print. The figures are estimate()'s for this model.
struct ModelFit {
    std::string id, display_name, family;
    uint64_t tokens = 0;                  // per sequence (fit.tokens)
    LimitedBy limited_by = LimitedBy::weights_do_not_fit;
    double pages = 0;                     // of the request's page convention, in its language
    uint64_t n_params = 0;
    uint64_t n_ctx_limit = 0;
    uint64_t weights_bytes = 0;
    uint64_t total_bytes = 0;             // memory at `tokens` (weights and buffers only when nothing fits)
    uint64_t missing_bytes = 0;           // weights_do_not_fit: memory short of the smallest context
};

// request.model, custom_model and weights_bytes_override are not used: every row is a catalog model. Sorted by
// the key, largest first; ties by id (A to Z), so the order is the same on every run.
Result<std::vector<ModelFit>> fit_catalog(const Assets& assets, const EstimateRequest& request, CatalogSort sort);

}  // namespace contextfit
