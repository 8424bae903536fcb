#include "fit.h"

#include <algorithm>

namespace contextfit {

const char* limited_by_name(LimitedBy l) {
    switch (l) {
        case LimitedBy::memory: return "memory";
        case LimitedBy::model: return "model";
        case LimitedBy::weights_do_not_fit: return "weights_do_not_fit";
    }
    return "weights_do_not_fit";
}

FitResult fit(const ModelSpec& m, uint64_t weights, uint64_t ram, uint64_t reserve, const RuntimeOptions& o) {
    FitResult r;
    r.usable_bytes = usable_bytes(ram, reserve, o);
    r.tokens_model_limit = m.n_ctx_limit;
    auto total = [&](uint64_t ctx) { return memory_at(m, weights, ctx, o).total(); };

    const uint64_t n_seq = std::max<uint32_t>(o.kv.n_seq, 1);
    r.ram_for_model_limit = ram_for_usable(total(m.n_ctx_limit), reserve, o);

    const uint64_t smallest = total(1);
    if (smallest > r.usable_bytes) {
        r.limited_by = LimitedBy::weights_do_not_fit;
        r.missing_bytes = smallest - r.usable_bytes;
        r.at_tokens = memory_at(m, weights, 0, o);
        return r;
    }
    if (total(max_search_tokens) <= r.usable_bytes) {
        r.memory_unbounded = true;
        r.tokens_memory_limit = max_search_tokens;
    } else {
        // Invariant: total(lo) fits, total(hi) does not.
        uint64_t lo = 1, hi = max_search_tokens;
        while (hi - lo > 1) {
            const uint64_t mid = lo + (hi - lo) / 2;
            (total(mid) <= r.usable_bytes ? lo : hi) = mid;
        }
        r.tokens_memory_limit = lo;
    }
    if (r.tokens_memory_limit < r.tokens_model_limit) {
        r.limited_by = LimitedBy::memory;
        r.tokens = r.tokens_memory_limit;
    } else {
        r.limited_by = LimitedBy::model;
        r.tokens = r.tokens_model_limit;
    }
    r.tokens_total = r.tokens * n_seq;
    r.at_tokens = memory_at(m, weights, r.tokens, o);
    return r;
}

}  // namespace contextfit
