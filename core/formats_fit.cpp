#include "formats_fit.h"

#include <algorithm>
#include <functional>

#include "need.h"

namespace contextfit {
namespace {

// The short context people start from (llama.cpp's -c 4096 in its README examples) and the full one.
constexpr uint64_t short_context_tokens = 4096;

Result<FormatFit> fit_one(const Assets& a, EstimateRequest r, const WeightFormat& f) {
    if (r.weights != f.id) r.weights_bytes_override.reset();
    r.weights = f.id;
    Result<Estimate> e = estimate(a, r);
    if (!e) return e.error();
    FormatFit row;
    row.format = &f;
    row.fits = e->fit.limited_by != LimitedBy::weights_do_not_fit;
    row.tokens = e->fit.tokens;
    row.pages = e->text.pages;
    row.weights_bytes = e->weights_bytes;
    return row;
}

Result<uint64_t> ram_needed(const Assets& a, const EstimateRequest& request, uint64_t tokens) {
    NeedRequest n;
    n.base = request;
    n.unit = TextUnit::tokens;
    n.amount = static_cast<double>(tokens);
    Result<Need> need_result = need(a, n);
    if (!need_result) return need_result.error();
    return need_result->ram_bytes;
}

}  // namespace

Result<FormatsFit> formats_fit(const Assets& a, const EstimateRequest& request) {
    Result<ResolvedRequest> resolved = resolve_request(a, request);
    if (!resolved) return resolved.error();
    FormatsFit out;
    for (const WeightFormat& f : a.formats.all()) {
        Result<FormatFit> row = fit_one(a, request, f);
        if (!row) return row.error();
        out.formats.push_back(*row);
        if (row->fits) out.that_fit.push_back(*row);
    }
    // Equal bits per weight keep the formats file's order (pointers into one vector): a total order, so std::sort
    // gives what stable_sort did without its merge code in the page.
    std::sort(out.that_fit.begin(), out.that_fit.end(), [](const FormatFit& x, const FormatFit& y) {
        if (x.format->bits_per_weight != y.format->bits_per_weight)
            return x.format->bits_per_weight > y.format->bits_per_weight;
        return std::less<const WeightFormat*>()(x.format, y.format);
    });
    Result<uint64_t> short_ram = ram_needed(a, request, short_context_tokens);
    if (!short_ram) return short_ram.error();
    Result<uint64_t> full_ram = ram_needed(a, request, resolved->model->n_ctx_limit);
    if (!full_ram) return full_ram.error();
    out.ram_needed_4096 = *short_ram;
    out.ram_needed_full_context = *full_ram;
    return out;
}

}  // namespace contextfit
