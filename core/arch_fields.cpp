#include "arch_fields.h"

#include <algorithm>

#include "catalog.h"
#include "limits.h"
#include "size_parse.h"
#include "utf8.h"

namespace contextfit {
namespace {

constexpr size_t max_shown_bytes = 40;

enum class Tag {
    l, e, h, kv, dk, dv, voc, ff, ffe, x, xu, lf, ls, swa, st, sl, mla, mr, mn, mv, mq, rk, rl, rs, rc, ctx, p, pa, pe,
    px, w, count
};
struct TagInfo {
    const char* name;
    const char* field;   // the ModelSpec field, for messages
    uint64_t min, max;
    bool required;
};
// Ranges: layer counts, widths, head and expert counts and contexts as core/limits.h bounds every input;
// parameters, state values and bytes as sizes go (at most 1 PiB, size_parse.h).
constexpr uint64_t layers = max_n_layer, dim = max_model_dim, big = max_size_bytes;
constexpr TagInfo tags[] = {
    {"l", "n_layer", 1, layers, true},            {"e", "n_embd", 1, dim, true},
    {"h", "n_head", 1, dim, true},                {"kv", "n_head_kv", 1, dim, true},
    {"dk", "n_embd_head_k", 1, dim, true},        {"dv", "n_embd_head_v", 1, dim, true},
    {"voc", "n_vocab", 0, dim, false},            {"ff", "n_ff", 0, dim, false},
    {"ffe", "n_ff_exp", 0, dim, false},           {"x", "n_expert", 0, dim, false},
    {"xu", "n_expert_used", 0, dim, false},       {"lf", "n_layer_full", 0, layers, false},
    {"ls", "n_layer_swa", 0, layers, false},      {"swa", "n_swa", 0, dim, false},
    {"st", "swa type", 0, 2, false},              {"sl", "swa_in_llama_cpp", 0, 1, false},
    {"mla", "kv_lora_rank", 0, dim, false},       {"mr", "qk_rope_head_dim", 0, dim, false},
    {"mn", "qk_nope_head_dim", 0, dim, false},    {"mv", "v_head_dim", 0, dim, false},
    {"mq", "q_lora_rank", 0, dim, false},         {"rk", "recurrent kind", 0, 5, false},
    {"rl", "recurrent layers", 0, layers, false}, {"rs", "state values", 0, big, false},
    {"rc", "conv values", 0, big, false},         {"ctx", "n_ctx_limit", 1, max_n_ctx, true},
    {"p", "n_params", 1, big, true},              {"pa", "n_params_active", 0, big, false},
    {"pe", "n_params_embedding", 0, big, false},  {"px", "params_exact", 0, 1, false},
    {"w", "weights bytes", 0, big, false},
};
static_assert(sizeof(tags) / sizeof(tags[0]) == static_cast<size_t>(Tag::count), "one TagInfo per Tag");

// rk: 0 none or unknown; the kinds core/model.h names.
constexpr const char* recurrent_kinds[] = {"", "mamba1", "mamba2", "gated_deltanet", "lightning_attention", "shortconv"};
static_assert(sizeof(recurrent_kinds) / sizeof(recurrent_kinds[0]) == 6, "rk's range in tags[] is 0..5");

ArchFields model_from_tags(const uint64_t (&v)[static_cast<size_t>(Tag::count)], const bool (&seen)[static_cast<size_t>(Tag::count)]) {
    auto at = [&](Tag t) { return v[static_cast<size_t>(t)]; };
    auto u32 = [&](Tag t) { return static_cast<uint32_t>(at(t)); };
    ArchFields a;
    ModelSpec& m = a.model;
    m.id = arch_model_id;
    m.tokenizer = "generic";
    m.n_layer = u32(Tag::l);
    m.n_embd = u32(Tag::e);
    m.n_head = u32(Tag::h);
    m.n_head_kv = u32(Tag::kv);
    m.n_embd_head_k = u32(Tag::dk);
    m.n_embd_head_v = u32(Tag::dv);
    m.n_vocab = u32(Tag::voc);
    m.n_ff = u32(Tag::ff);
    m.n_ff_exp = u32(Tag::ffe);
    m.moe.n_expert = u32(Tag::x);
    m.moe.n_expert_used = u32(Tag::xu);
    m.n_layer_swa = u32(Tag::ls);
    m.recurrent.n_layer = u32(Tag::rl);
    const uint64_t rest = uint64_t{m.n_layer_swa} + m.recurrent.n_layer;
    m.n_layer_full = seen[static_cast<size_t>(Tag::lf)] ? u32(Tag::lf) : m.n_layer > rest ? static_cast<uint32_t>(m.n_layer - rest) : 0;
    m.n_swa = u32(Tag::swa);
    m.swa_type = at(Tag::st) == 2 ? LocalAttention::chunked : at(Tag::st) == 1 ? LocalAttention::sliding : LocalAttention::none;
    m.swa_in_llama_cpp = at(Tag::sl) == 1;
    m.mla = {u32(Tag::mla), u32(Tag::mr), u32(Tag::mn), u32(Tag::mv), u32(Tag::mq)};
    m.is_mla = m.mla.kv_lora_rank > 0;
    m.recurrent.kind = m.recurrent.n_layer ? recurrent_kinds[at(Tag::rk)] : "";
    if (m.recurrent.n_layer && m.recurrent.kind.empty()) m.recurrent.kind = "unknown";
    m.recurrent.state_values = at(Tag::rs);
    m.recurrent.conv_values = at(Tag::rc);
    m.n_ctx_train = m.n_ctx_advertised = m.n_ctx_limit = at(Tag::ctx);
    m.n_params = at(Tag::p);
    m.n_params_active = at(Tag::pa) ? at(Tag::pa) : m.n_params;
    m.n_params_embedding = at(Tag::pe);
    m.params_exact = at(Tag::px) == 1;
    m.params_note = m.params_exact ? "" : "from the link's fields";
    // As the catalog labels attention (core/model.h): MLA, hybrid with recurrent layers, else by KV heads.
    m.attention_kind = m.is_mla                    ? "mla"
                       : m.recurrent.n_layer       ? "hybrid"
                       : m.n_head_kv == 1          ? "mqa"
                       : m.n_head_kv == m.n_head   ? "mha"
                                                   : "gqa";
    m.verification = "architecture fields from a share link";
    m.sources = {"share link (arch=)"};
    a.weights_bytes = at(Tag::w);
    return a;
}

}  // namespace

std::string encode_arch(const ModelSpec& m, uint64_t weights_bytes) {
    std::string out;
    auto put = [&](Tag t, uint64_t value) {
        const TagInfo& info = tags[static_cast<size_t>(t)];
        if (!info.required && value == 0) return;
        out += out.empty() ? "" : ".";
        out += info.name + std::to_string(value);
    };
    uint64_t rk = 0;
    for (uint64_t i = 1; i < sizeof(recurrent_kinds) / sizeof(recurrent_kinds[0]); ++i)
        if (m.recurrent.kind == recurrent_kinds[i]) rk = i;
    put(Tag::l, m.n_layer);
    put(Tag::e, m.n_embd);
    put(Tag::h, m.n_head);
    put(Tag::kv, m.n_head_kv);
    put(Tag::dk, m.n_embd_head_k);
    put(Tag::dv, m.n_embd_head_v);
    put(Tag::voc, m.n_vocab);
    put(Tag::ff, m.n_ff);
    put(Tag::ffe, m.n_ff_exp);
    put(Tag::x, m.moe.n_expert);
    put(Tag::xu, m.moe.n_expert_used);
    put(Tag::lf, m.n_layer_full);
    put(Tag::ls, m.n_layer_swa);
    put(Tag::swa, m.n_layer_swa ? m.n_swa : 0);
    put(Tag::st, m.n_layer_swa ? static_cast<uint64_t>(m.swa_type) : 0);
    put(Tag::sl, m.n_layer_swa && m.swa_in_llama_cpp);
    if (m.is_mla) {
        put(Tag::mla, m.mla.kv_lora_rank);
        put(Tag::mr, m.mla.qk_rope_head_dim);
        put(Tag::mn, m.mla.qk_nope_head_dim);
        put(Tag::mv, m.mla.v_head_dim);
        put(Tag::mq, m.mla.q_lora_rank);
    }
    if (m.recurrent.n_layer) {
        put(Tag::rk, rk);
        put(Tag::rl, m.recurrent.n_layer);
        put(Tag::rs, m.recurrent.state_values);
        put(Tag::rc, m.recurrent.conv_values);
    }
    put(Tag::ctx, m.n_ctx_limit);
    put(Tag::p, m.n_params);
    put(Tag::pa, m.n_params_active != m.n_params ? m.n_params_active : 0);
    put(Tag::pe, m.n_params_embedding);
    put(Tag::px, m.params_exact);
    put(Tag::w, weights_bytes);
    return out;
}

Result<ArchFields> decode_arch(std::string_view text) {
    constexpr size_t n = static_cast<size_t>(Tag::count);
    uint64_t values[n] = {};
    bool seen[n] = {};
    auto bad = [](const std::string& why, const char* key, Substitutions args) {
        return make_error(ErrorCode::invalid_input, why, key, std::move(args));
    };
    size_t at = 0;
    while (at <= text.size()) {
        const size_t dot = std::min(text.find('.', at), text.size());
        const std::string_view item = text.substr(at, dot - at);
        at = dot + 1;
        size_t split = 0;
        while (split < item.size() && item[split] >= 'a' && item[split] <= 'z') ++split;
        const std::string_view tag = item.substr(0, split), digits = item.substr(split);
        size_t t = 0;
        while (t < n && tag != tags[t].name) ++t;
        if (item.empty() || t == n) {
            std::string names;
            for (const TagInfo& info : tags) names += (names.empty() ? "" : " ") + std::string(info.name);
            return bad("'" + utf8_printable(item, max_shown_bytes) +
                           "' is not a field; fields are a tag and a number joined by '.', tags: " + names,
                       "error_arch_not_field", {{"item", utf8_printable(item, max_shown_bytes)}, {"tags", names}});
        }
        const TagInfo& info = tags[t];
        if (seen[t])
            return bad(std::string(info.name) + " (" + info.field + ") appears twice", "error_arch_twice",
                       {{"tag", info.name}, {"field", info.field}});
        bool number = !digits.empty() && digits.size() <= 16;
        uint64_t v = 0;
        for (char c : digits) {
            if (c < '0' || c > '9') { number = false; break; }
            v = v * 10 + static_cast<uint64_t>(c - '0');
        }
        if (!number || v < info.min || v > info.max)
            return bad(std::string(info.name) + "=" + utf8_printable(digits, max_shown_bytes) + ": " + info.field +
                           " must be a whole number from " + std::to_string(info.min) + " to " + std::to_string(info.max),
                       "error_arch_range",
                       {{"tag", info.name}, {"value", utf8_printable(digits, max_shown_bytes)}, {"field", info.field},
                        {"min", std::to_string(info.min)}, {"max", std::to_string(info.max)}});
        seen[t] = true;
        values[t] = v;
    }
    for (size_t t = 0; t < n; ++t)
        if (tags[t].required && !seen[t])
            return bad(std::string(tags[t].name) + " (" + tags[t].field + ") is missing; required: l e h kv dk dv ctx p",
                       "error_arch_missing", {{"tag", tags[t].name}, {"field", tags[t].field}});
    ArchFields a = model_from_tags(values, seen);
    if (Status valid = validate_model(a.model); !valid) return valid.error();
    return a;
}

}  // namespace contextfit
