#include "need.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iterator>
#include <tuple>

#include "ascii.h"
#include "size_parse.h"

namespace contextfit {
namespace {

constexpr const char* unit_names[] = {"tokens", "chars", "bytes", "pages"};
static_assert(std::size(unit_names) == static_cast<size_t>(TextUnit::pages) + 1, "one name per TextUnit");

// A bound on the amount of any unit before it is converted: 2^50 (1 PiB as bytes), far above any real text.
constexpr double max_amount = 1125899906842624.0;

// A partial token still takes a cell; the small slack keeps an exact quotient (146,169 chars / 4.47) from rounding
// up through floating-point error.
uint64_t whole_tokens(double tokens) { return static_cast<uint64_t>(std::ceil(tokens - 1e-6)); }

// The language and page convention of the text, looked up once.
struct TextContext {
    const Language* language = nullptr;
    const PageConvention* page = nullptr;
};

Result<TextContext> text_context(const TextTables& t, const EstimateRequest& r) {
    Result<const Language*> language = t.language(r.language);
    if (!language) return language.error();
    Result<const PageConvention*> page = t.page(r.page);
    if (!page) return page.error();
    return TextContext{*language, *page};
}

Status check_amount(const NeedRequest& r) {
    if (!std::isfinite(r.amount) || r.amount <= 0 || r.amount > max_amount)
        return make_error(ErrorCode::invalid_input,
                          "the text amount must be a positive number of " + std::string(text_unit_name(r.unit)) +
                              " up to 2^50, got " + decimal_text(r.amount),
                          "need_error_amount", {{"value", decimal_text(r.amount)}});
    return ok_status();
}

// Characters of the text when it was given in characters, bytes or pages (the tokenizer does not change them).
double chars_of(const NeedRequest& r, const TextContext& c) {
    switch (r.unit) {
        case TextUnit::tokens: break;
        case TextUnit::chars: return r.amount;
        case TextUnit::bytes: return r.amount / c.language->bytes_per_char;
        case TextUnit::pages: return r.amount * c.page->chars_per_page;
    }
    return 0;
}

void size_text(const NeedRequest& r, const TextContext& c, const TokenizerDensity& density, Need& n) {
    const std::string& lang = c.language->id;
    n.language = lang;
    n.tokenizer = density.id;
    n.page_convention = c.page->id;
    for (const auto& [id, v] : density.chars_per_token)
        if (id == lang) n.chars_per_token = v;
    double low = n.chars_per_token, high = n.chars_per_token;
    for (const auto& [id, range] : density.range)
        if (id == lang) std::tie(low, high) = range;

    if (r.unit == TextUnit::tokens) {
        n.tokens = n.tokens_low = n.tokens_high = static_cast<uint64_t>(std::ceil(r.amount));
        n.chars = static_cast<double>(n.tokens) * n.chars_per_token;
    } else {
        n.chars = chars_of(r, c);
        n.tokens = whole_tokens(n.chars / n.chars_per_token);
        n.tokens_low = whole_tokens(n.chars / high);   // more characters per token: fewer tokens
        n.tokens_high = whole_tokens(n.chars / low);
    }
    n.text_bytes = n.chars * c.language->bytes_per_char;
    if (c.language->chars_per_word > 0) n.words = n.chars / c.language->chars_per_word;
    n.pages = n.chars / c.page->chars_per_page;
}

void size_memory(const ResolvedRequest& q, uint64_t reserve, Need& n) {
    const ModelSpec& m = *q.model;
    n.n_ctx_limit = m.n_ctx_limit;
    n.fits_context = n.tokens <= m.n_ctx_limit;
    n.parts = (n.tokens + m.n_ctx_limit - 1) / m.n_ctx_limit;
    n.part_tokens = std::min(n.tokens, m.n_ctx_limit);
    n.seqs = q.options.kv.n_seq;
    n.memory = memory_at(m, q.weights_bytes, n.part_tokens, q.options);
    n.weights_bytes = n.memory.weights_bytes;
    n.kv_bytes = n.memory.kv.k_bytes + n.memory.kv.v_bytes;
    n.state_bytes = n.memory.kv.state_bytes;
    n.compute_bytes = n.memory.compute_bytes;
    n.output_bytes = n.memory.output_bytes;
    n.runtime_bytes = n.memory.runtime_bytes;
    n.total_bytes = n.memory.total();
    n.reserve_bytes = reserve;
    n.ram_bytes = ram_for_usable(n.total_bytes, reserve, q.options);
    n.weights_from_file = q.weights_from_file;
}

Result<Need> need_for(const Assets& a, const NeedRequest& r, const TextContext& c, const ResolvedRequest& q) {
    Need n;
    n.model = q.model;
    size_text(r, c, a.text.tokenizer(q.model->tokenizer), n);
    if (n.tokens > max_search_tokens)
        return make_error(ErrorCode::invalid_input,
                          "the text is " + std::to_string(n.tokens) + " tokens for " + q.model->id +
                              ", above the largest accepted (2^40 tokens)",
                          "need_error_too_many_tokens", {{"tokens", std::to_string(n.tokens)}, {"model", q.model->id}});
    size_memory(q, r.base.reserve_bytes, n);
    return n;
}

}  // namespace

const char* text_unit_name(TextUnit u) { return unit_names[static_cast<size_t>(u)]; }

Result<TextUnit> parse_text_unit(std::string_view name) {
    const std::string lower = ascii_lower(name);
    for (size_t i = 0; i < std::size(unit_names); ++i)
        if (lower == unit_names[i]) return static_cast<TextUnit>(i);
    return make_error(ErrorCode::unknown_name, "unknown text unit '" + lower + "'; accepted: tokens, chars, bytes, pages",
                      "need_error_unit", {{"value", lower}});
}

Result<Need> need(const Assets& a, const NeedRequest& r) {
    if (Status amount = check_amount(r); !amount) return amount.error();
    Result<ResolvedRequest> q = resolve_request(a, r.base);
    if (!q) return q.error();
    Result<TextContext> c = text_context(a.text, r.base);
    if (!c) return c.error();
    return need_for(a, r, *c, *q);
}

Result<NeedAll> need_all(const Assets& a, const NeedRequest& r) {
    if (Status amount = check_amount(r); !amount) return amount.error();
    Result<TextContext> c = text_context(a.text, r.base);
    if (!c) return c.error();
    NeedAll all;
    for (const ModelSpec& m : a.catalog.models()) {
        EstimateRequest base = r.base;
        base.model = m.id;
        base.custom_model = nullptr;
        base.weights_bytes_override.reset();
        Result<ResolvedRequest> q = resolve_request(a, base);
        if (!q) return q.error();
        Result<Need> n = need_for(a, r, *c, *q);
        if (!n) return n.error();
        if (m.n_ctx_limit > all.longest_context) {
            all.longest_context = m.n_ctx_limit;
            all.longest_context_model = m.id;
        }
        all.any_fits_context |= n->fits_context;
        all.models.push_back(std::move(n).value());
    }
    return all;
}

}  // namespace contextfit
