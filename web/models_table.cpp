#include "models_table.h"

#include <algorithm>

#include "catalog_fit.h"

namespace contextfit::web {
namespace {

std::vector<ModelRow> fit_rows(const Assets& a, const AppState& s) {
    std::vector<ModelRow> rows;
    Result<std::vector<ModelFit>> fits = fit_catalog(a, to_request(s), CatalogSort::tokens);
    if (!fits) return rows;
    for (const ModelFit& f : *fits)
        rows.push_back({f.id, f.display_name, f.family, f.tokens, limited_by_name(f.limited_by), f.pages, 0,
                        f.total_bytes, 0, f.n_params});
    return rows;
}

std::vector<ModelRow> need_rows(const Assets& a, const AppState& s) {
    std::vector<ModelRow> rows;
    Result<NeedRequest> r = to_need_request(s);
    if (!r) return rows;
    Result<NeedAll> all = need_all(a, *r);
    if (!all) return rows;
    for (const Need& n : all->models)
        rows.push_back({n.model->id, n.model->display_name, n.model->family, n.tokens, n.fits_context ? "" : "model",
                        0, n.parts, n.total_bytes, n.ram_bytes, n.model->n_params});
    return rows;
}

// The key a column sorts by: larger first, so a text's parts and memory rank the models that need least last.
bool before(const ModelRow& x, const ModelRow& y, ModelsSort sort, bool text_mode) {
    switch (sort) {
        case ModelsSort::name: return x.name != y.name ? x.name < y.name : x.id < y.id;
        case ModelsSort::tokens:
            if (x.tokens != y.tokens) return x.tokens > y.tokens;
            break;
        case ModelsSort::pages_or_parts:
            if (text_mode && x.parts != y.parts) return x.parts > y.parts;
            if (!text_mode && x.pages != y.pages) return x.pages > y.pages;
            break;
        case ModelsSort::memory:
            if (x.total_bytes != y.total_bytes) return x.total_bytes > y.total_bytes;
            break;
        case ModelsSort::count: break;
    }
    return x.id < y.id;
}

}  // namespace

std::vector<ModelRow> model_rows(const Assets& a, const AppState& s) {
    const bool text_mode = s.mode == PageMode::text;
    std::vector<ModelRow> rows = text_mode ? need_rows(a, s) : fit_rows(a, s);
    std::sort(rows.begin(), rows.end(),
              [&](const ModelRow& x, const ModelRow& y) { return before(x, y, s.models_sort, text_mode); });
    return rows;
}

}  // namespace contextfit::web
