#include "catalog_fit.h"

#include <algorithm>
#include <iterator>

#include "ascii.h"

namespace contextfit {
namespace {

constexpr const char* sort_names[] = {"tokens", "pages", "params"};
static_assert(std::size(sort_names) == static_cast<size_t>(CatalogSort::params) + 1, "one name per CatalogSort");

ModelFit row_of(const Estimate& e) {
    ModelFit f;
    f.id = e.model->id;
    f.display_name = e.model->display_name;
    f.family = e.model->family;
    f.tokens = e.fit.tokens;
    f.limited_by = e.fit.limited_by;
    f.pages = e.text.pages;
    f.n_params = e.model->n_params;
    f.n_ctx_limit = e.model->n_ctx_limit;
    f.weights_bytes = e.weights_bytes;
    f.total_bytes = e.fit.at_tokens.total();
    f.missing_bytes = e.fit.missing_bytes;
    return f;
}

bool ranks_before(const ModelFit& a, const ModelFit& b, CatalogSort sort) {
    switch (sort) {
        case CatalogSort::tokens:
            if (a.tokens != b.tokens) return a.tokens > b.tokens;
            break;
        case CatalogSort::pages:
            if (a.pages != b.pages) return a.pages > b.pages;
            break;
        case CatalogSort::params:
            if (a.n_params != b.n_params) return a.n_params > b.n_params;
            break;
    }
    return a.id < b.id;
}

}  // namespace

const char* catalog_sort_name(CatalogSort s) { return sort_names[static_cast<size_t>(s)]; }

Result<CatalogSort> parse_catalog_sort(std::string_view name) {
    const std::string lower = ascii_lower(name);
    for (size_t i = 0; i < std::size(sort_names); ++i)
        if (lower == sort_names[i]) return static_cast<CatalogSort>(i);
    return make_error(ErrorCode::unknown_name, "unknown sort key '" + lower + "'; accepted: tokens, pages, params",
                      "error_sort_key", {{"value", lower.substr(0, 40)}});
}

Result<std::vector<ModelFit>> fit_catalog(const Assets& a, const EstimateRequest& request, CatalogSort sort) {
    std::vector<ModelFit> rows;
    rows.reserve(a.catalog.models().size());
    for (const ModelSpec& m : a.catalog.models()) {
        EstimateRequest r = request;
        r.model = m.id;
        r.custom_model = nullptr;
        r.weights_bytes_override.reset();
        Result<Estimate> e = estimate(a, r);
        if (!e) return e.error();
        rows.push_back(row_of(*e));
    }
    // ranks_before ends on the unique id: a total order, so std::sort (smaller than stable_sort in the page).
    std::sort(rows.begin(), rows.end(), [sort](const ModelFit& x, const ModelFit& y) { return ranks_before(x, y, sort); });
    return rows;
}

}  // namespace contextfit
