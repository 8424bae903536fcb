#include "share_link.h"

#include <cstdio>
#include <algorithm>
#include <cstdlib>

#include "estimate.h"
#include "kv_cache.h"
#include "size_parse.h"

namespace contextfit {
namespace {

constexpr size_t max_shown_bytes = 40;
constexpr size_t max_id_bytes = 64;

// The layout's keys, in serialization order.
enum class Key { ram, reserve, model, arch, name, tok, weights, kv, runtime, seqs, lang, page, ui, count };
constexpr const char* key_names[] = {"ram", "reserve", "model", "arch", "name", "tok", "weights", "kv",
                                     "runtime", "seqs", "lang", "page", "ui"};
static_assert(sizeof(key_names) / sizeof(key_names[0]) == static_cast<size_t>(Key::count),
              "every Key needs its name");


bool is_id_char(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
           c == '-';
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Well-formed UTF-8 (RFC 3629: no overlongs, no surrogates, at most U+10FFFF).
bool valid_utf8(std::string_view s) {
    size_t i = 0;
    while (i < s.size()) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        size_t n = 0;
        uint32_t cp = 0, min = 0;
        if (c < 0x80) { ++i; continue; }
        if ((c & 0xE0) == 0xC0) { n = 1; cp = c & 0x1F; min = 0x80; }
        else if ((c & 0xF0) == 0xE0) { n = 2; cp = c & 0x0F; min = 0x800; }
        else if ((c & 0xF8) == 0xF0) { n = 3; cp = c & 0x07; min = 0x10000; }
        else return false;
        for (size_t k = 1; k <= n; ++k) {
            if (i + k >= s.size()) return false;
            const unsigned char d = static_cast<unsigned char>(s[i + k]);
            if ((d & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (d & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        i += n + 1;
    }
    return true;
}

// Printable and short, for a notice a person reads: control bytes become '?', cut at a character boundary.
std::string shown(std::string_view s) {
    std::string out;
    size_t i = 0;
    for (; i < s.size() && out.size() < max_shown_bytes; ++i) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        out += c < 0x20 || c == 0x7f ? '?' : static_cast<char>(c);
    }
    if (i < s.size()) {
        while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) out.pop_back();
        if (!out.empty() && static_cast<unsigned char>(out.back()) >= 0xC0) out.pop_back();
        out += "...";
    }
    if (!valid_utf8(out)) {
        for (char& c : out)
            if (static_cast<unsigned char>(c) >= 0x80) c = '?';
    }
    return out;
}

// Percent-decodes; false on a bad escape, a NUL or invalid UTF-8 (then `out` is unspecified).
bool percent_decode(std::string_view in, std::string& out) {
    out.clear();
    for (size_t i = 0; i < in.size(); ++i) {
        if (in[i] != '%') {
            if (in[i] == '\0') return false;
            out += in[i];
            continue;
        }
        if (i + 2 >= in.size()) return false;
        const int hi = hex_value(in[i + 1]), lo = hex_value(in[i + 2]);
        if (hi < 0 || lo < 0) return false;
        const char c = static_cast<char>(hi * 16 + lo);
        if (c == '\0') return false;
        out += c;
        i += 2;
    }
    return valid_utf8(out);
}

std::string without_spaces(std::string_view s) {
    std::string out;
    for (char c : s)
        if (c != ' ' && c != '\t') out += c;
    return out;
}

bool valid_id(std::string_view s) {
    if (s.empty() || s.size() > max_id_bytes) return false;
    for (unsigned char c : s)
        if (!is_id_char(c)) return false;
    return true;
}

class Collector {
public:
    explicit Collector(std::vector<ShareNotice>& notices) : notices_(notices) {}
    ~Collector() {
        if (dropped_ > 0)
            notices_.push_back({"", std::to_string(dropped_), ShareProblem::more_notices, ShareAccepts::nothing, {}, 0});
    }
    void add(std::string_view key, std::string_view value, ShareProblem p, ShareAccepts accepts,
             std::vector<std::string> ids = {}, uint64_t limit = 0) {
        if (notices_.size() + 1 >= max_share_notices) { ++dropped_; return; }
        notices_.push_back({shown(key), shown(value), p, accepts, std::move(ids), limit});
    }

private:
    std::vector<ShareNotice>& notices_;
    size_t dropped_ = 0;
};

// What a refused value (bad_value) should have been.
struct Refusal {
    ShareAccepts accepts = ShareAccepts::nothing;
    std::vector<std::string> ids;
    uint64_t limit = 0;
};

// Applies one decoded pair; false with what is accepted when the value is refused.
bool apply(Key key, const std::string& value, ShareLink& link, Refusal& refusal) {
    switch (key) {
    case Key::ram:
    case Key::reserve: {
        Result<uint64_t> bytes = parse_size(value);
        const bool ram = key == Key::ram;
        if (!bytes || (ram && *bytes == 0)) {
            refusal.accepts = ram ? ShareAccepts::positive_size : ShareAccepts::size;
            return false;
        }
        (ram ? link.ram : link.reserve) = without_spaces(value);
        (ram ? link.ram_bytes : link.reserve_bytes) = *bytes;
        if (!ram) link.has_reserve = true;
        return true;
    }
    case Key::seqs: {
        uint64_t n = 0;
        bool digits = !value.empty() && value.size() <= 6;
        for (char c : value) {
            if (c < '0' || c > '9') { digits = false; break; }
            n = n * 10 + static_cast<uint64_t>(c - '0');
        }
        if (!digits || n == 0 || n > max_share_seqs) {
            refusal = {ShareAccepts::whole_number, {}, max_share_seqs};
            return false;
        }
        link.seqs = static_cast<uint32_t>(n);
        return true;
    }
    case Key::runtime:
        if (!parse_runtime(value)) {
            refusal.accepts = ShareAccepts::one_of;
            for (Runtime r : all_runtimes) refusal.ids.push_back(runtime_name(r));
            return false;
        }
        link.runtime = value;
        return true;
    case Key::ui:
        if (value != "en" && value != "ru") {
            refusal = {ShareAccepts::one_of, {"en", "ru"}, 0};
            return false;
        }
        link.ui = value;
        return true;
    case Key::arch: {
        Result<ArchFields> fields = decode_arch(value);
        if (!fields) {
            refusal = {ShareAccepts::arch_fields, {fields.error().message}, 0};
            return false;
        }
        link.arch = value;
        link.arch_fields = std::move(fields).value();
        return true;
    }
    case Key::name: {
        bool printable = value.size() <= max_share_name_bytes;
        for (unsigned char c : value) printable &= c >= 0x20 && c != 0x7F;
        if (!printable) {
            refusal = {ShareAccepts::name_text, {}, max_share_name_bytes};
            return false;
        }
        link.name = value;
        return true;
    }
    case Key::tok:
    case Key::model:
    case Key::weights:
    case Key::kv:
    case Key::lang:
    case Key::page: {
        if (!valid_id(value)) {
            refusal = {ShareAccepts::id_chars, {}, max_id_bytes};
            return false;
        }
        std::string* field = key == Key::model     ? &link.model
                             : key == Key::tok     ? &link.tok
                             : key == Key::weights ? &link.weights
                             : key == Key::kv      ? &link.kv
                             : key == Key::lang    ? &link.lang
                                                   : &link.page;
        *field = value;
        return true;
    }
    case Key::count:
        break;
    }
    return false;
}

// ---- architecture fields ----

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
constexpr uint64_t u16_max = 65535, dim_max = uint64_t{1} << 24, big_max = uint64_t{1} << 50;
// Ranges: counts of layers and heads fit 16 bits, widths 2^24 (the widest real FFN is ~10^5); contexts as
// fit.h searches (2^40); parameters and bytes as sizes go (1 PiB, size_parse.h).
constexpr TagInfo tags[] = {
    {"l", "n_layer", 1, u16_max, true},           {"e", "n_embd", 1, dim_max, true},
    {"h", "n_head", 1, u16_max, true},            {"kv", "n_head_kv", 1, u16_max, true},
    {"dk", "n_embd_head_k", 1, dim_max, true},    {"dv", "n_embd_head_v", 1, dim_max, true},
    {"voc", "n_vocab", 0, dim_max, false},        {"ff", "n_ff", 0, dim_max, false},
    {"ffe", "n_ff_exp", 0, dim_max, false},       {"x", "n_expert", 0, u16_max, false},
    {"xu", "n_expert_used", 0, u16_max, false},   {"lf", "n_layer_full", 0, u16_max, false},
    {"ls", "n_layer_swa", 0, u16_max, false},     {"swa", "n_swa", 0, dim_max, false},
    {"st", "swa type", 0, 2, false},              {"sl", "swa_in_llama_cpp", 0, 1, false},
    {"mla", "kv_lora_rank", 0, dim_max, false},   {"mr", "qk_rope_head_dim", 0, dim_max, false},
    {"mn", "qk_nope_head_dim", 0, dim_max, false}, {"mv", "v_head_dim", 0, dim_max, false},
    {"mq", "q_lora_rank", 0, dim_max, false},     {"rk", "recurrent kind", 0, 5, false},
    {"rl", "recurrent layers", 0, u16_max, false}, {"rs", "state values", 0, big_max, false},
    {"rc", "conv values", 0, big_max, false},     {"ctx", "n_ctx_limit", 1, max_search_tokens, true},
    {"p", "n_params", 1, big_max, true},          {"pa", "n_params_active", 0, big_max, false},
    {"pe", "n_params_embedding", 0, big_max, false}, {"px", "params_exact", 0, 1, false},
    {"w", "weights bytes", 0, big_max, false},
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
    m.display_name = "Your model";
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

std::string joined(const std::vector<std::string>& ids) {
    std::string out;
    for (const std::string& id : ids) out += (out.empty() ? "" : ", ") + id;
    return out;
}

}  // namespace

const char* share_problem_name(ShareProblem p) {
    switch (p) {
    case ShareProblem::too_long: return "too_long";
    case ShareProblem::bad_escape: return "bad_escape";
    case ShareProblem::unknown_key: return "unknown_key";
    case ShareProblem::repeated_key: return "repeated_key";
    case ShareProblem::bad_value: return "bad_value";
    case ShareProblem::empty_value: return "empty_value";
    case ShareProblem::more_notices: return "more_notices";
    }
    return "bad_value";
}

const char* share_accepts_name(ShareAccepts a) {
    switch (a) {
    case ShareAccepts::nothing: return "nothing";
    case ShareAccepts::link_bytes: return "link_bytes";
    case ShareAccepts::escapes: return "escapes";
    case ShareAccepts::keys: return "keys";
    case ShareAccepts::once: return "once";
    case ShareAccepts::key_value: return "key_value";
    case ShareAccepts::size: return "size";
    case ShareAccepts::positive_size: return "positive_size";
    case ShareAccepts::whole_number: return "whole_number";
    case ShareAccepts::one_of: return "one_of";
    case ShareAccepts::id_chars: return "id_chars";
    case ShareAccepts::catalog_model: return "catalog_model";
    case ShareAccepts::arch_fields: return "arch_fields";
    case ShareAccepts::name_text: return "name_text";
    case ShareAccepts::tokenizer: return "tokenizer";
    }
    return "nothing";
}

std::string notice_text(const Strings& strings, const ShareNotice& n, const std::string& lang) {
    const std::string limit = std::to_string(n.limit);
    const std::string ids = joined(n.ids);
    const std::string why = strings.format(std::string("web_why_") + share_problem_name(n.problem), lang);
    switch (n.problem) {
    case ShareProblem::more_notices: return strings.format("web_why_more", lang, {{"count", n.value}});
    case ShareProblem::too_long:
        return strings.format("web_notice_too_long", lang, {{"why", why}, {"bytes", n.value}, {"max", limit}});
    default: break;
    }
    std::string accepted;
    switch (n.accepts) {
    case ShareAccepts::one_of: accepted = ids; break;
    case ShareAccepts::catalog_model:
        accepted = strings.format(ids.empty() ? "web_accept_catalog_model" : "web_accept_catalog_model_near", lang,
                                  {{"ids", ids}});
        break;
    default:
        accepted = strings.format(std::string("web_accept_") + share_accepts_name(n.accepts), lang,
                                  {{"ids", ids}, {"max", limit}});
    }
    return strings.format("web_notice", lang,
                          {{"key", n.key.empty() ? "#" : n.key}, {"value", n.value}, {"why", why}, {"accepted", accepted}});
}

ShareParse parse_share_link(std::string_view fragment) {
    ShareParse out;
    if (fragment.size() > max_share_link_bytes) {
        out.notices.push_back({"", std::to_string(fragment.size()), ShareProblem::too_long, ShareAccepts::link_bytes,
                               {}, max_share_link_bytes});
        return out;
    }
    if (!fragment.empty() && fragment.front() == '#') fragment.remove_prefix(1);
    Collector notices(out.notices);
    bool seen[static_cast<size_t>(Key::count)] = {};
    std::string key, value;
    while (!fragment.empty()) {
        const size_t amp = fragment.find('&');
        const std::string_view pair = fragment.substr(0, amp);
        fragment = amp == std::string_view::npos ? std::string_view{} : fragment.substr(amp + 1);
        if (pair.empty()) continue;  // "a=b&&c=d" and a trailing '&' are harmless
        const size_t eq = pair.find('=');
        const std::string_view raw_key = pair.substr(0, eq);
        const std::string_view raw_value = eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1);
        if (!percent_decode(raw_key, key)) {
            notices.add(raw_key, raw_value, ShareProblem::bad_escape, ShareAccepts::escapes);
            continue;
        }
        size_t k = 0;
        while (k < static_cast<size_t>(Key::count) && key != key_names[k]) ++k;
        if (k == static_cast<size_t>(Key::count)) {
            notices.add(key, raw_value, ShareProblem::unknown_key, ShareAccepts::keys,
                        std::vector<std::string>(std::begin(key_names), std::end(key_names)));
            continue;
        }
        if (!percent_decode(raw_value, value)) {
            notices.add(key, raw_value, ShareProblem::bad_escape, ShareAccepts::escapes);
            continue;
        }
        if (seen[k]) {
            notices.add(key, value, ShareProblem::repeated_key, ShareAccepts::once);
            continue;
        }
        seen[k] = true;
        if (value.empty()) {
            notices.add(key, value, ShareProblem::empty_value, ShareAccepts::key_value);
            continue;
        }
        Refusal refusal;
        if (!apply(static_cast<Key>(k), value, out.link, refusal))
            notices.add(key, value, ShareProblem::bad_value, refusal.accepts, std::move(refusal.ids), refusal.limit);
    }
    ShareLink& l = out.link;
    if (!l.arch.empty()) {
        // A catalog id and file fields would name two models: the file's fields win, the id is reported.
        if (!l.model.empty()) {
            notices.add("model", l.model, ShareProblem::bad_value, ShareAccepts::one_of, {"model=ID", "arch=FIELDS"});
            l.model.clear();
        }
        if (!l.name.empty()) l.arch_fields.model.display_name = l.name;
        if (!l.tok.empty()) l.arch_fields.model.tokenizer = l.tok;
    }
    return out;
}

void check_share_link(const Assets& assets, ShareParse& parsed) {
    ShareLink& l = parsed.link;
    Collector notices(parsed.notices);
    if (!l.model.empty() && !assets.catalog.find(l.model)) {
        notices.add("model", l.model, ShareProblem::bad_value, ShareAccepts::catalog_model,
                    assets.catalog.suggest(l.model));
        l.model.clear();
    }
    if (!l.weights.empty() && !assets.formats.lookup(l.weights)) {
        std::vector<std::string> ids;
        for (const WeightFormat& f : assets.formats.all()) ids.push_back(f.id);
        notices.add("weights", l.weights, ShareProblem::bad_value, ShareAccepts::one_of, ids);
        l.weights.clear();
    }
    if (!l.kv.empty()) {
        Result<Runtime> runtime = parse_runtime(l.runtime.empty() ? "llama.cpp" : l.runtime);
        const Runtime r = runtime ? *runtime : Runtime::llama_cpp;
        if (!parse_kv_type(l.kv, r)) {
            std::vector<std::string> ids;
            for (size_t t = 0; t < static_cast<size_t>(KvType::count); ++t) {
                const KvTypeInfo& info = kv_type_info(static_cast<KvType>(t));
                if (r == Runtime::vllm ? info.vllm : info.llama_cpp || r == Runtime::theory) ids.push_back(info.name);
            }
            notices.add("kv", l.kv, ShareProblem::bad_value, ShareAccepts::one_of, ids);
            l.kv.clear();
        }
    }
    if (!l.lang.empty() && !assets.text.language(l.lang)) {
        std::vector<std::string> ids;
        for (const Language& lang : assets.text.languages()) ids.push_back(lang.id);
        notices.add("lang", l.lang, ShareProblem::bad_value, ShareAccepts::one_of, ids);
        l.lang.clear();
    }
    if (!l.tok.empty()) {
        std::vector<std::string> ids;
        bool known = false;
        for (const TokenizerDensity& t : assets.text.tokenizers()) {
            ids.push_back(t.id);
            known |= t.id == l.tok;
        }
        if (!known) {
            notices.add("tok", l.tok, ShareProblem::bad_value, ShareAccepts::tokenizer, ids);
            l.tok.clear();
            if (!l.arch.empty()) l.arch_fields.model.tokenizer = "generic";
        }
    }
    if (!l.page.empty() && !assets.text.page(l.page)) {
        std::vector<std::string> ids;
        for (const PageConvention& p : assets.text.pages()) ids.push_back(p.id);
        notices.add("page", l.page, ShareProblem::bad_value, ShareAccepts::one_of, ids);
        l.page.clear();
    }
}

std::string percent_encode(std::string_view value) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : value) {
        if (is_id_char(c) || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

std::string serialize_share_link(const ShareLink& l) {
    std::string out;
    auto put = [&](Key key, const std::string& value) {
        if (value.empty()) return;
        out += out.empty() ? "#" : "&";
        out += key_names[static_cast<size_t>(key)];
        out += '=';
        out += percent_encode(value);
    };
    put(Key::ram, l.ram);
    put(Key::reserve, l.has_reserve ? l.reserve : std::string());
    put(Key::model, l.model);
    put(Key::arch, l.arch);
    put(Key::name, l.arch.empty() ? std::string() : l.name);
    put(Key::tok, l.arch.empty() ? std::string() : l.tok);
    put(Key::weights, l.weights);
    put(Key::kv, l.kv);
    put(Key::runtime, l.runtime);
    put(Key::seqs, l.seqs ? std::to_string(l.seqs) : std::string());
    put(Key::lang, l.lang);
    put(Key::page, l.page);
    put(Key::ui, l.ui);
    return out;
}

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
    auto bad = [](const std::string& why) { return make_error(ErrorCode::invalid_input, why); };
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
            return bad("'" + shown(item) + "' is not a field; fields are a tag and a number joined by '.', tags: " + names);
        }
        const TagInfo& info = tags[t];
        if (seen[t]) return bad(std::string(info.name) + " (" + info.field + ") appears twice");
        bool number = !digits.empty() && digits.size() <= 16;
        uint64_t v = 0;
        for (char c : digits) {
            if (c < '0' || c > '9') { number = false; break; }
            v = v * 10 + static_cast<uint64_t>(c - '0');
        }
        if (!number || v < info.min || v > info.max)
            return bad(std::string(info.name) + "=" + shown(digits) + ": " + info.field + " must be a whole number from " +
                       std::to_string(info.min) + " to " + std::to_string(info.max));
        seen[t] = true;
        values[t] = v;
    }
    for (size_t t = 0; t < n; ++t)
        if (tags[t].required && !seen[t])
            return bad(std::string(tags[t].name) + " (" + tags[t].field + ") is missing; required: l e h kv dk dv ctx p");
    ArchFields a = model_from_tags(values, seen);
    if (Status valid = validate_model(a.model); !valid) return valid.error();
    return a;
}

SizeParts split_size_text(std::string_view text) {
    SizeParts parts;
    size_t i = 0;
    while (i < text.size() && text[i] == ' ') ++i;
    const size_t start = i;
    bool digit = false, point = false;
    for (; i < text.size(); ++i) {
        if (text[i] >= '0' && text[i] <= '9') digit = true;
        else if (text[i] == '.' && !point) point = true;
        else break;
    }
    if (!digit || i - start > 24) return parts;
    const std::string number(text.substr(start, i - start));
    while (i < text.size() && text[i] == ' ') ++i;
    const size_t unit_start = i;
    for (; i < text.size(); ++i) {
        const char c = text[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) break;
    }
    if (i != text.size()) return parts;
    parts.ok = true;
    parts.amount = std::strtod(number.c_str(), nullptr);
    parts.unit = std::string(text.substr(unit_start));
    return parts;
}

}  // namespace contextfit
