#include "share_link.h"

#include <algorithm>

#include "estimate.h"
#include "kv_cache.h"
#include "limits.h"
#include "percent.h"
#include "size_parse.h"
#include "text_amount.h"
#include "utf8.h"

namespace contextfit {
namespace {

constexpr size_t max_shown_bytes = 40;
constexpr size_t max_id_bytes = 64;

bool valid_id(std::string_view s) {
    if (s.empty() || s.size() > max_id_bytes) return false;
    for (unsigned char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
              c == '-'))
            return false;
    return true;
}

std::string without_spaces(std::string_view s) {
    std::string out;
    for (char c : s)
        if (c != ' ' && c != '\t') out += c;
    return out;
}

class Collector {
public:
    explicit Collector(std::vector<ShareNotice>& notices) : notices_(notices) {}
    ~Collector() {
        if (dropped_ > 0)
            notices_.push_back({"", std::to_string(dropped_), ShareProblem::more_notices, ShareAccepts::nothing, {}, 0, {}});
    }
    void add(std::string_view key, std::string_view value, ShareProblem p, ShareAccepts accepts,
             std::vector<std::string> ids = {}, uint64_t limit = 0, Error reason = {}) {
        if (notices_.size() + 1 >= max_share_notices) { ++dropped_; return; }
        notices_.push_back({utf8_printable(key, max_shown_bytes), utf8_printable(value, max_shown_bytes), p, accepts,
                            std::move(ids), limit, std::move(reason)});
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
    Error reason;
};

// ---- one parser per kind of key: each stores a decoded value, or says what it accepts ----

using Apply = bool (*)(const std::string& value, ShareLink& link, Refusal& refusal);

// A size as the link shows it again: no spaces, '.' for a decimal comma ("1,5TiB" -> "1.5TiB") and the unit a
// bare number was read in ("16" -> "16GiB"), so a link written back says what was understood.
std::string normalized_size(const std::string& value, const MemorySize& size) {
    std::string out = without_spaces(value);
    for (char& c : out)
        if (c == ',') c = '.';
    return size.bare_number_as_gib ? out + "GiB" : out;
}

bool apply_ram(const std::string& value, ShareLink& link, Refusal& refusal) {
    Result<MemorySize> size = parse_memory_size(value);
    if (!size || size->bytes == 0) {
        refusal.accepts = ShareAccepts::positive_size;
        return false;
    }
    link.ram = normalized_size(value, *size);
    link.ram_bytes = size->bytes;
    link.ram_bare_number_as_gib = size->bare_number_as_gib;
    return true;
}

bool apply_reserve(const std::string& value, ShareLink& link, Refusal& refusal) {
    Result<MemorySize> size = parse_memory_size(value);
    if (!size) {
        refusal.accepts = ShareAccepts::size;
        return false;
    }
    link.reserve = normalized_size(value, *size);
    link.reserve_bytes = size->bytes;
    link.has_reserve = true;
    link.reserve_bare_number_as_gib = size->bare_number_as_gib;
    return true;
}

bool apply_seqs(const std::string& value, ShareLink& link, Refusal& refusal) {
    uint64_t n = 0;
    bool digits = !value.empty() && value.size() <= 6;
    for (char c : value) {
        if (c < '0' || c > '9') { digits = false; break; }
        n = n * 10 + static_cast<uint64_t>(c - '0');
    }
    if (!digits || n == 0 || n > max_seqs) {
        refusal = {ShareAccepts::whole_number, {}, max_seqs, {}};
        return false;
    }
    link.seqs = static_cast<uint32_t>(n);
    return true;
}

bool apply_runtime(const std::string& value, ShareLink& link, Refusal& refusal) {
    if (!parse_runtime(value)) {
        refusal.accepts = ShareAccepts::one_of;
        for (Runtime r : all_runtimes) refusal.ids.push_back(runtime_name(r));
        return false;
    }
    link.runtime = value;
    return true;
}

bool apply_arch(const std::string& value, ShareLink& link, Refusal& refusal) {
    Result<ArchFields> fields = decode_arch(value);
    if (!fields) {
        refusal = {ShareAccepts::arch_fields, {fields.error().message}, 0, fields.error()};
        return false;
    }
    link.arch = value;
    link.arch_fields = std::move(fields).value();
    return true;
}

bool apply_name(const std::string& value, ShareLink& link, Refusal& refusal) {
    bool printable = value.size() <= max_share_name_bytes;
    for (unsigned char c : value) printable &= c >= 0x20 && c != 0x7F;
    if (!printable) {
        refusal = {ShareAccepts::name_text, {}, max_share_name_bytes, {}};
        return false;
    }
    link.name = value;
    return true;
}

bool apply_mode(const std::string& value, ShareLink& link, Refusal& refusal) {
    if (value != "memory" && value != "text") {
        refusal = {ShareAccepts::one_of, {"memory", "text"}, 0, {}};
        return false;
    }
    link.mode = value;
    return true;
}

bool apply_text(const std::string& value, ShareLink& link, Refusal& refusal) {
    if (!parse_text_amount(value)) {
        refusal.accepts = ShareAccepts::text_amount;
        return false;
    }
    link.text = parse_text_amount(value)->text;
    return true;
}

// "0".."max" without sign, spaces or leading '+'; false for anything else.
bool whole_number(const std::string& value, uint64_t lo, uint64_t hi, uint64_t& n) {
    n = 0;
    if (value.empty() || value.size() > 6) return false;
    for (char c : value) {
        if (c < '0' || c > '9') return false;
        n = n * 10 + static_cast<uint64_t>(c - '0');
    }
    return n >= lo && n <= hi;
}

// A custom device's characters: an id's, ':' between fields and '/' of a rate ("1008GB/s"). Its fields are read
// with the catalog (check_share_link), by the CLI's parser.
bool valid_custom_spec(std::string_view s) {
    if (s.size() > 100) return false;  // hardware.h: far longer than any custom spec
    for (unsigned char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
              c == ':' || c == '/'))
            return false;
    return true;
}

// "xeon-6980p", "epyc-9654,rtx-4090:2", "custom-gpu:24GiB:1008GB/s:82.6TFLOPS": ids are checked against
// assets/hardware.json later (check_share_link), and custom devices read there.
bool apply_hw(const std::string& value, ShareLink& link, Refusal& refusal) {
    std::vector<ShareDevice> devices;
    std::string_view rest = value;
    while (true) {
        const size_t comma = rest.find(',');
        const std::string_view item = rest.substr(0, comma);
        const bool custom = is_custom_spec(item);
        const size_t colon = custom ? std::string_view::npos : item.find(':');
        ShareDevice d{std::string(item.substr(0, colon)), 1};
        uint64_t count = 1;
        const bool ok = (custom ? valid_custom_spec(d.id) : valid_id(d.id)) && devices.size() < max_share_devices &&
                        (colon == std::string_view::npos ||
                         whole_number(std::string(item.substr(colon + 1)), 1, max_share_device_count, count));
        if (!ok) {
            refusal = {ShareAccepts::hardware_items, {}, max_share_devices, {}};
            return false;
        }
        d.count = static_cast<uint32_t>(count);
        devices.push_back(std::move(d));
        if (comma == std::string_view::npos) break;
        rest.remove_prefix(comma + 1);
    }
    link.hw = std::move(devices);
    return true;
}

bool apply_ngl(const std::string& value, ShareLink& link, Refusal& refusal) {
    uint64_t n = 0;
    if (!whole_number(value, 0, max_n_layer, n)) {
        refusal = {ShareAccepts::layer_count, {}, max_n_layer, {}};
        return false;
    }
    link.ngl = static_cast<int64_t>(n);
    return true;
}

bool apply_cpu_moe(const std::string& value, ShareLink& link, Refusal& refusal) {
    if (value != "1") {
        refusal = {ShareAccepts::one_of, {"1"}, 0, {}};
        return false;
    }
    link.cpu_moe = true;
    return true;
}

template <uint32_t ShareLink::*field>
bool apply_device_count(const std::string& value, ShareLink& link, Refusal& refusal) {
    uint64_t n = 0;
    if (!whole_number(value, 1, max_share_device_count, n)) {
        refusal = {ShareAccepts::whole_number, {}, max_share_device_count, {}};
        return false;
    }
    link.*field = static_cast<uint32_t>(n);
    return true;
}

// Ids checked against the assets later (check_share_link); here only their characters.
template <std::string ShareLink::*field>
bool apply_id(const std::string& value, ShareLink& link, Refusal& refusal) {
    if (!valid_id(value)) {
        refusal = {ShareAccepts::id_chars, {}, max_id_bytes, {}};
        return false;
    }
    link.*field = value;
    return true;
}

// The layout's keys, in serialization order, each with its parser.
enum class Key { ram, reserve, model, arch, name, tok, weights, kv, runtime, seqs, lang, page, ui, mode, text, hw, ngl,
                 cpumoe, tp, nodes, count };
struct KeyRule {
    const char* name;
    Apply apply;
};
constexpr KeyRule keys[] = {
    {"ram", apply_ram},        {"reserve", apply_reserve},
    {"model", apply_id<&ShareLink::model>},     {"arch", apply_arch},
    {"name", apply_name},      {"tok", apply_id<&ShareLink::tok>},
    {"weights", apply_id<&ShareLink::weights>}, {"kv", apply_id<&ShareLink::kv>},
    {"runtime", apply_runtime}, {"seqs", apply_seqs},
    {"lang", apply_id<&ShareLink::lang>},       {"page", apply_id<&ShareLink::page>},
    {"ui", apply_id<&ShareLink::ui>},
    {"mode", apply_mode},      {"text", apply_text},
    {"hw", apply_hw},          {"ngl", apply_ngl},
    {"cpumoe", apply_cpu_moe}, {"tp", apply_device_count<&ShareLink::tp>},
    {"nodes", apply_device_count<&ShareLink::nodes>},
};
static_assert(sizeof(keys) / sizeof(keys[0]) == static_cast<size_t>(Key::count), "every Key needs its rule");

std::vector<std::string> key_names() {
    std::vector<std::string> out;
    for (const KeyRule& k : keys) out.push_back(k.name);
    return out;
}

// The ids of asset records (weight formats, languages, tokenizers, pages), in file order.
template <class Records>
std::vector<std::string> ids_of(const Records& records) {
    std::vector<std::string> out;
    for (const auto& r : records) out.push_back(r.id);
    return out;
}

// One "key=value" pair: decoded, checked against the layout and applied, or reported.
void read_pair(std::string_view pair, bool (&seen)[static_cast<size_t>(Key::count)], ShareLink& link,
               Collector& notices) {
    const size_t eq = pair.find('=');
    const std::string_view raw_key = pair.substr(0, eq);
    const std::string_view raw_value = eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1);
    Result<std::string> key = percent_decode(raw_key);
    if (!key) return notices.add(raw_key, raw_value, ShareProblem::bad_escape, ShareAccepts::escapes);
    size_t k = 0;
    while (k < static_cast<size_t>(Key::count) && *key != keys[k].name) ++k;
    if (k == static_cast<size_t>(Key::count))
        return notices.add(*key, raw_value, ShareProblem::unknown_key, ShareAccepts::keys, key_names());
    Result<std::string> value = percent_decode(raw_value);
    if (!value) return notices.add(*key, raw_value, ShareProblem::bad_escape, ShareAccepts::escapes);
    if (seen[k]) return notices.add(*key, *value, ShareProblem::repeated_key, ShareAccepts::once);
    seen[k] = true;
    if (value->empty()) return notices.add(*key, *value, ShareProblem::empty_value, ShareAccepts::key_value);
    Refusal refusal;
    if (!keys[k].apply(*value, link, refusal))
        notices.add(*key, *value, ShareProblem::bad_value, refusal.accepts, std::move(refusal.ids), refusal.limit,
                    std::move(refusal.reason));
}

// A catalog id and file fields would name two models: the file's fields win, the id is reported. name= and
// tok= belong to the file's model.
void settle_model(ShareLink& l, Collector& notices) {
    if (l.arch.empty()) return;
    if (!l.model.empty()) {
        notices.add("model", l.model, ShareProblem::bad_value, ShareAccepts::one_of, {"model=ID", "arch=FIELDS"});
        l.model.clear();
    }
    if (!l.name.empty()) l.arch_fields.model.display_name = l.name;
    if (!l.tok.empty()) l.arch_fields.model.tokenizer = l.tok;
}

// A custom device read as the CLI reads --hardware: its spec in the canonical form and its count, or the part
// refused (error_custom_* args).
bool check_custom(const HardwareCatalog& catalog, ShareDevice& d, Collector& notices) {
    Result<DeviceCount> parsed = parse_hardware_spec(catalog, d.id);
    if (parsed) {
        d = {parsed->device.id, parsed->count};
        return true;
    }
    std::string part = d.id;
    for (const auto& [name, value] : parsed.error().args)
        if (name == "part" && !value.empty()) part = value;
    notices.add("hw", d.id, ShareProblem::bad_value, ShareAccepts::custom_device, {part});
    return false;
}

// Devices the catalog does not know are reported with the nearest ids and left out; the others stay.
void check_hardware(const HardwareCatalog& catalog, std::vector<ShareDevice>& hw, Collector& notices) {
    std::vector<ShareDevice> known;
    for (ShareDevice& d : hw) {
        if (is_custom_spec(d.id)) {
            if (check_custom(catalog, d, notices)) known.push_back(std::move(d));
        } else if (catalog.find(d.id)) {
            known.push_back(std::move(d));
        } else {
            notices.add("hw", d.id, ShareProblem::bad_value, ShareAccepts::hardware, catalog.suggest(d.id));
        }
    }
    hw = std::move(known);
}

// A custom spec keeps its ':' and '/' readable (RFC 3986 allows both in a fragment); other bytes are escaped.
std::string hardware_id_text(const std::string& id) {
    if (!is_custom_spec(id)) return percent_encode(id);
    std::string out;
    for (char c : id) out += c == ':' || c == '/' ? std::string(1, c) : percent_encode(std::string(1, c));
    return out;
}

std::string hardware_text(const std::vector<ShareDevice>& hw) {
    std::string out;
    for (const ShareDevice& d : hw) {
        out += (out.empty() ? "" : ",") + hardware_id_text(d.id);
        if (d.count != 1) out += ":" + std::to_string(d.count);
    }
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
    case ShareAccepts::text_amount: return "text_amount";
    case ShareAccepts::layer_count: return "layer_count";
    case ShareAccepts::hardware_items: return "hardware_items";
    case ShareAccepts::hardware: return "hardware";
    case ShareAccepts::custom_device: return "custom_device";
    }
    return "nothing";
}

ShareParse parse_share_link(std::string_view fragment) {
    ShareParse out;
    if (fragment.size() > max_share_link_bytes) {
        out.notices.push_back({"", std::to_string(fragment.size()), ShareProblem::too_long, ShareAccepts::link_bytes,
                               {}, max_share_link_bytes, {}});
        return out;
    }
    if (!fragment.empty() && fragment.front() == '#') fragment.remove_prefix(1);
    Collector notices(out.notices);
    bool seen[static_cast<size_t>(Key::count)] = {};
    while (!fragment.empty()) {
        const size_t amp = fragment.find('&');
        const std::string_view pair = fragment.substr(0, amp);
        fragment = amp == std::string_view::npos ? std::string_view{} : fragment.substr(amp + 1);
        if (!pair.empty()) read_pair(pair, seen, out.link, notices);  // "a=b&&c=d", a trailing '&': harmless
    }
    settle_model(out.link, notices);
    return out;
}

void check_share_link(const Assets& assets, ShareParse& parsed) {
    ShareLink& l = parsed.link;
    Collector notices(parsed.notices);
    // An id the assets do not know is reported with what they do know, and cleared.
    auto refuse = [&](const char* key, std::string& field, ShareAccepts accepts, std::vector<std::string> ids) {
        notices.add(key, field, ShareProblem::bad_value, accepts, std::move(ids));
        field.clear();
    };
    if (!l.model.empty() && !assets.catalog.find(l.model))
        refuse("model", l.model, ShareAccepts::catalog_model, assets.catalog.suggest(l.model));
    if (!l.weights.empty() && !assets.formats.lookup(l.weights))
        refuse("weights", l.weights, ShareAccepts::one_of, ids_of(assets.formats.all()));
    if (!l.kv.empty()) {
        Result<Runtime> runtime = parse_runtime(l.runtime.empty() ? "llama.cpp" : l.runtime);
        const Runtime r = runtime ? *runtime : Runtime::llama_cpp;
        if (!parse_kv_type(l.kv, r)) refuse("kv", l.kv, ShareAccepts::one_of, kv_type_ids(r));
    }
    if (!l.lang.empty() && !assets.text.language(l.lang))
        refuse("lang", l.lang, ShareAccepts::one_of, ids_of(assets.text.languages()));
    const std::vector<std::string> tokenizers = ids_of(assets.text.tokenizers());
    if (!l.tok.empty() && std::find(tokenizers.begin(), tokenizers.end(), l.tok) == tokenizers.end()) {
        refuse("tok", l.tok, ShareAccepts::tokenizer, tokenizers);
        if (!l.arch.empty()) l.arch_fields.model.tokenizer = "generic";
    }
    if (!l.page.empty() && !assets.text.page(l.page))
        refuse("page", l.page, ShareAccepts::one_of, ids_of(assets.text.pages()));
    if (!l.ui.empty() && !assets.strings.has_language(l.ui))
        refuse("ui", l.ui, ShareAccepts::one_of, assets.strings.languages());
    check_hardware(assets.hardware, l.hw, notices);
}

std::string serialize_share_link(const ShareLink& l) {
    std::string out;
    auto put_encoded = [&](Key key, const std::string& encoded) {
        if (encoded.empty()) return;
        out += out.empty() ? "#" : "&";
        out += keys[static_cast<size_t>(key)].name;
        out += '=';
        out += encoded;
    };
    auto put = [&](Key key, const std::string& value) { put_encoded(key, percent_encode(value)); };
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
    put(Key::mode, l.mode);
    put(Key::text, l.text);
    put_encoded(Key::hw, hardware_text(l.hw));  // ',' and ':' stay readable: RFC 3986 allows both in a fragment
    put(Key::ngl, l.ngl >= 0 ? std::to_string(l.ngl) : std::string());
    put(Key::cpumoe, l.cpu_moe ? "1" : "");
    put(Key::tp, l.tp ? std::to_string(l.tp) : std::string());
    put(Key::nodes, l.nodes ? std::to_string(l.nodes) : std::string());
    return out;
}

}  // namespace contextfit
