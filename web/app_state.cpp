#include "app_state.h"

#include <algorithm>
#include <cstdio>
#include <iterator>

#include "ascii.h"
#include "hf_config.h"
#include "size_parse.h"
#include "text_amount.h"
#include "utf8.h"

namespace contextfit::web {
namespace {

std::string amount_text(double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.10g", x);
    return buf;
}

RamUnit unit_from_suffix(const std::string& unit, bool& known) {
    const std::string u = ascii_lower(unit);
    known = true;
    if (u == "gib" || u == "gi" || u == "g") return RamUnit::gib_as_sold;
    if (u == "gb") return RamUnit::gb_decimal;
    if (u == "tb") return RamUnit::tb_decimal;
    if (u == "tib" || u == "ti" || u == "t") return RamUnit::tib;
    known = false;
    return RamUnit::gib_as_sold;
}

}  // namespace

std::string ram_text(const AppState& s) {
    return amount_text(s.ram_amount) + ram_unit_suffix[static_cast<size_t>(s.ram_unit)];
}

std::string reserve_text(const AppState& s) { return amount_text(s.reserve_gib) + "GiB"; }

namespace {

// A ByteSource over the first bytes of a file: reads past them record how far the reader wanted to go.
class PrefixSource : public ByteSource {
public:
    PrefixSource(std::string_view prefix, uint64_t size) : prefix_(prefix), size_(size) {}
    uint64_t size() const override { return size_; }
    Result<std::string_view> read(uint64_t offset, uint64_t size) override {
        if (offset > size_ || size > size_ - offset)
            return make_error(ErrorCode::invalid_input, "read past the end of the file at offset " + std::to_string(offset));
        if (offset + size > prefix_.size()) {
            need = offset + size;
            return make_error(ErrorCode::invalid_input, "more bytes needed");
        }
        // Both fit in size_t now: offset + size <= prefix_.size().
        return prefix_.substr(static_cast<size_t>(offset), static_cast<size_t>(size));
    }
    uint64_t need = 0;

private:
    std::string_view prefix_;
    uint64_t size_;
};

}  // namespace

const ModelSpec* selected_model(const Assets& a, const AppState& s) {
    if (s.model == arch_model_id) return s.file_model ? &s.file_model->spec : nullptr;
    return a.catalog.find(s.model);
}

GgufPrefixRead read_gguf_prefix(std::string_view prefix, uint64_t file_size) {
    PrefixSource source(prefix, file_size);
    GgufPrefixRead r{read_gguf(source), 0};
    if (!r.file && source.need > prefix.size()) r.need = source.need;
    return r;
}

void file_failed(const Assets& a, AppState& s, const std::string& name, const std::string& message) {
    // The config reader names "config.json" itself: a file of that name is not named twice.
    const bool named = message.compare(0, name.size() + 2, name + ": ") == 0;
    s.file_messages = {named ? message : a.strings.format("web_file_error", s.ui, {{"name", name}, {"message", message}})};
    s.changed = true;
}

void load_gguf(const Assets& a, AppState& s, const std::vector<GgufFile>& parts, const std::string& name,
               uint64_t read, uint64_t size) {
    Result<GgufModel> m = gguf_model(parts);
    if (!m) return file_failed(a, s, name, a.strings.error_message(m.error(), s.ui));
    GgufModel g = std::move(m).value();
    g.spec.id = arch_model_id;  // the link and the picker know the file's model by this id
    s.file_messages = phrased(a.strings, g.notes, s.ui);
    s.file_model = FileModel{std::move(g.spec), g.weights_bytes,
                             a.strings.format("web_file_read", s.ui, {{"name", name}, {"read", a.strings.bytes(read, s.ui)},
                                                                      {"size", a.strings.bytes(size, s.ui)}})};
    s.model = arch_model_id;
    if (!g.weights_id.empty()) s.weights = g.weights_id;
    s.changed = true;
}

void load_config(const Assets& a, AppState& s, std::string_view text, const std::string& name) {
    // The file's name stands for the model when the config names none ("llama-3.1-8b.json" -> "llama-3.1-8b").
    const size_t dot = name.rfind('.');
    const std::string stem = dot == std::string::npos || dot == 0 ? name : name.substr(0, dot);
    Result<HfConfig> c = parse_hf_config(text, stem);
    if (!c) return file_failed(a, s, name, a.strings.error_message(c.error(), s.ui));
    ModelSpec& m = c.value().model;
    m.id = arch_model_id;
    if (m.display_name == stem) m.display_name = a.strings.format("your_model", s.ui) + " (" + name + ")";
    s.file_messages = phrased(a.strings, c->warnings, s.ui);
    s.file_model = FileModel{c->model, 0, a.strings.format("web_file_config", s.ui, {{"name", name}})};
    s.model = arch_model_id;
    s.changed = true;
}

EstimateRequest to_request(const AppState& s) {
    EstimateRequest r;
    r.model = s.model;
    if (s.model == arch_model_id && s.file_model) {
        r.custom_model = &s.file_model->spec;
        if (s.file_model->weights_bytes) r.weights_bytes_override = s.file_model->weights_bytes;
    }
    // The same text the link carries, read by the same parser as the CLI's --ram: identical bytes.
    Result<uint64_t> ram = parse_size(ram_text(s));
    r.ram_bytes = ram ? *ram : 0;
    Result<uint64_t> reserve = parse_size(reserve_text(s));
    r.reserve_bytes = reserve ? *reserve : default_reserve_bytes;
    r.weights = s.weights;
    r.kv_type = s.kv;
    r.runtime = s.runtime;
    r.seqs = static_cast<uint32_t>(s.seqs);
    r.language = s.lang;
    r.ui = s.ui;  // notes and trace in the interface's language, not the text's (pick_ui_language)
    r.page = s.page;
    return r;
}

Result<NeedRequest> to_need_request(const AppState& s) {
    NeedRequest r;
    r.base = to_request(s);
    if (s.text_file) {
        r.unit = TextUnit::chars;
        r.amount = static_cast<double>(s.text_file->chars);
        return r;
    }
    Result<TextAmount> amount = parse_text_amount(s.text_amount);
    if (!amount) return amount.error();
    r.unit = amount->unit;
    r.amount = amount->amount;
    return r;
}

void load_text_file(const Assets& a, AppState& s, const Result<TextStats>& stats, const std::string& name) {
    if (!stats) return file_failed(a, s, name, a.strings.error_message(stats.error(), s.ui));
    s.text_file = *stats;
    s.text_file_name = name;
    s.lang = stats->language;
    s.mode = PageMode::text;
    s.file_messages.clear();
    s.changed = true;
}

namespace {

// The text's amount for a link: the field's text, or a counted file's UTF-8 size (the file itself never).
std::string link_text(const AppState& s) {
    if (s.text_file) return std::to_string(s.text_file->utf8_bytes) + "B";
    Result<TextAmount> amount = parse_text_amount(s.text_amount);
    return amount ? amount->text : std::string();
}

}  // namespace

ShareLink to_link(const AppState& s) {
    ShareLink l;
    l.ram = ram_text(s);
    l.reserve = reserve_text(s);
    l.has_reserve = true;
    l.model = s.model;
    if (s.model == arch_model_id && s.file_model) {
        // The file's architecture fields, never the file: the link reproduces the estimate.
        l.model.clear();
        l.arch = encode_arch(s.file_model->spec, s.file_model->weights_bytes);
        l.name = utf8_prefix(s.file_model->spec.display_name, max_share_name_bytes);
        l.tok = s.file_model->spec.tokenizer;
    }
    l.weights = s.weights;
    l.kv = s.kv;
    l.runtime = s.runtime;
    l.seqs = static_cast<uint32_t>(s.seqs);
    l.lang = s.lang;
    l.page = s.page;
    if (s.ui_in_link) l.ui = s.ui;
    if (s.mode == PageMode::text) {
        l.mode = "text";
        l.text = link_text(s);
    }
    hardware_to_link(s.hw, l);
    return l;
}

namespace {

// The state a link starts from: the defaults, in the reader's language, keeping what a link cannot carry.
void reset_to_defaults(AppState& s) {
    AppState fresh;
    fresh.preferred_ui = s.preferred_ui;
    fresh.ui = s.preferred_ui;
    fresh.lang = s.preferred_ui;
    fresh.file_model = std::move(s.file_model);
    fresh.file_messages = std::move(s.file_messages);
    std::copy(std::begin(s.model_filter), std::end(s.model_filter), std::begin(fresh.model_filter));
    s = std::move(fresh);
}

}  // namespace

void apply_link(AppState& s, const ShareParse& parsed) {
    const ShareLink& l = parsed.link;
    reset_to_defaults(s);
    if (!l.ram.empty()) {
        const SizeParts parts = split_size_text(l.ram);
        bool known = false;
        const RamUnit unit = parts.ok ? unit_from_suffix(parts.unit, known) : RamUnit::gib_as_sold;
        if (known) {
            s.ram_amount = parts.amount;
            s.ram_unit = unit;
        } else {  // "65536MB", "17179869184": shown in GiB, the same bytes up to 10 digits
            s.ram_amount = static_cast<double>(l.ram_bytes) / double(uint64_t{1} << 30);
            s.ram_unit = RamUnit::gib_as_sold;
        }
    }
    if (l.has_reserve) s.reserve_gib = static_cast<double>(l.reserve_bytes) / double(uint64_t{1} << 30);
    if (!l.model.empty()) s.model = l.model;
    if (!l.arch.empty()) {
        s.file_model = FileModel{l.arch_fields.model, l.arch_fields.weights_bytes, ""};
        s.model = arch_model_id;
    }
    if (!l.weights.empty()) s.weights = l.weights;
    if (!l.runtime.empty()) s.runtime = l.runtime;
    if (!l.kv.empty()) s.kv = l.kv;
    if (l.seqs) s.seqs = static_cast<int>(l.seqs);
    if (!l.lang.empty()) s.lang = l.lang;
    if (!l.page.empty()) s.page = l.page;
    if (!l.ui.empty()) {
        s.ui = l.ui;
        s.ui_in_link = true;
    }
    if (!l.mode.empty()) s.mode = l.mode == "text" ? PageMode::text : PageMode::memory;
    if (!l.text.empty() && l.text.size() < sizeof s.text_amount) {
        std::snprintf(s.text_amount, sizeof s.text_amount, "%s", l.text.c_str());
        s.text_file.reset();
    }
    hardware_from_link(s.hw, l);
    s.notices = parsed.notices;
    // A bare ram= or reserve= carries the GiB it was read in ("16" -> "16GiB"); the notice quotes the number.
    for (const auto& [bare, text] : {std::pair{l.ram_bare_number_as_gib, l.ram},
                                     std::pair{l.reserve_bare_number_as_gib, l.reserve}})
        if (bare) s.read_as_gib.push_back(text.substr(0, text.size() - 3));
    s.changed = true;
}

}  // namespace contextfit::web
