#include "text_size.h"

#include "json_fields.h"

namespace contextfit {
namespace {

template <class T>
std::string id_list(const std::vector<T>& items) {
    std::string out;
    for (const T& x : items) out += (out.empty() ? "" : ", ") + x.id;
    return out;
}

Status read_languages(const json& root, std::vector<Language>& out) {
    Result<const json*> records = array_field(root, "languages", "text tables");
    if (!records) return records.error();
    for (const json& obj : **records) {
        Language l;
        FieldReader r(obj, "languages[" + std::to_string(out.size()) + "]");
        r.str("id", l.id);
        r.str("label", l.label);
        r.f64("bytes_per_char", l.bytes_per_char);
        r.f64("chars_per_word", l.chars_per_word, false);
        r.f64("chars_per_line", l.chars_per_line, false);
        if (!r.ok()) return r.error();
        if (l.bytes_per_char < 1 || l.bytes_per_char > 4 || l.chars_per_word < 0 || l.chars_per_line < 0)
            return make_error(ErrorCode::bad_data, "language '" + l.id + "': densities out of range");
        out.push_back(std::move(l));
    }
    return ok_status();
}

Status read_tokenizers(const json& root, std::vector<TokenizerDensity>& out) {
    Result<const json*> records = array_field(root, "tokenizers", "text tables");
    if (!records) return records.error();
    for (const json& obj : **records) {
        TokenizerDensity t;
        FieldReader r(obj, "tokenizers[" + std::to_string(out.size()) + "]");
        r.str("id", t.id);
        r.str("label", t.label);
        if (!r.ok()) return r.error();
        if (!obj.contains("chars_per_token") || !obj["chars_per_token"].is_object())
            return make_error(ErrorCode::bad_data, "tokenizer '" + t.id + "': chars_per_token must be an object");
        for (const auto& [lang, value] : obj["chars_per_token"].items()) {
            if (!value.is_number() || value.get<double>() <= 0.1 || value.get<double>() > 20)
                return make_error(ErrorCode::bad_data, "tokenizer '" + t.id + "': bad chars_per_token for " + lang);
            t.chars_per_token.emplace_back(lang, value.get<double>());
        }
        if (obj.contains("range_chars_per_token") && obj["range_chars_per_token"].is_object())
            for (const auto& [lang, pair] : obj["range_chars_per_token"].items())
                if (pair.is_array() && pair.size() == 2 && pair[0].is_number() && pair[1].is_number())
                    t.range.emplace_back(lang, std::make_pair(pair[0].get<double>(), pair[1].get<double>()));
        out.push_back(std::move(t));
    }
    return ok_status();
}

Status read_pages(const json& root, std::vector<PageConvention>& out) {
    Result<const json*> records = array_field(root, "pages", "text tables");
    if (!records) return records.error();
    for (const json& obj : **records) {
        PageConvention p;
        FieldReader r(obj, "pages[" + std::to_string(out.size()) + "]");
        r.str("id", p.id);
        r.str("label", p.label);
        r.str("source", p.source);
        r.f64("chars_per_page", p.chars_per_page);
        r.f64("words_per_page", p.words_per_page, false);
        r.boolean("default", p.is_default, false);
        if (!r.ok()) return r.error();
        if (p.chars_per_page < 100) return make_error(ErrorCode::bad_data, "page '" + p.id + "': too few characters");
        out.push_back(std::move(p));
    }
    return ok_status();
}

}  // namespace

Result<TextTables> TextTables::parse(const std::string& json_text) {
    Result<json> doc = parse_json(json_text, "the text tables");
    if (!doc) return doc.error();
    TextTables t;
    for (const Status& step : {read_languages(*doc, t.languages_), read_tokenizers(*doc, t.tokenizers_),
                                     read_pages(*doc, t.pages_)})
        if (!step) return step.error();
    bool has_generic = false, has_default = false;
    for (const TokenizerDensity& d : t.tokenizers_) {
        has_generic |= d.id == "generic";
        for (const Language& l : t.languages_) {
            bool found = false;
            for (const auto& [lang, v] : d.chars_per_token) found |= lang == l.id;
            if (!found)
                return make_error(ErrorCode::bad_data, "tokenizer '" + d.id + "' has no density for '" + l.id + "'");
        }
    }
    for (const PageConvention& p : t.pages_) has_default |= p.is_default;
    if (!has_generic) return make_error(ErrorCode::bad_data, "text tables: no 'generic' tokenizer");
    if (!has_default) return make_error(ErrorCode::bad_data, "text tables: no default page convention");
    return t;
}

const PageConvention& TextTables::default_page() const {
    for (const PageConvention& p : pages_)
        if (p.is_default) return p;
    return pages_.front();
}

Result<const Language*> TextTables::language(std::string_view id) const {
    for (const Language& l : languages_)
        if (l.id == id) return &l;
    return make_error(ErrorCode::unknown_name,
                      "unknown language '" + std::string(id.substr(0, 40)) + "'; accepted: " + id_list(languages_),
                      "error_unknown_lang", {{"value", std::string(id.substr(0, 40))}, {"accepted", id_list(languages_)}});
}

Result<const PageConvention*> TextTables::page(std::string_view id) const {
    if (id.empty()) return &default_page();
    for (const PageConvention& p : pages_)
        if (p.id == id) return &p;
    return make_error(ErrorCode::unknown_name,
                      "unknown page convention '" + std::string(id.substr(0, 40)) + "'; accepted: " + id_list(pages_),
                      "error_unknown_page", {{"value", std::string(id.substr(0, 40))}, {"accepted", id_list(pages_)}});
}

const TokenizerDensity& TextTables::tokenizer(std::string_view id) const {
    const TokenizerDensity* generic = nullptr;
    for (const TokenizerDensity& d : tokenizers_) {
        if (d.id == id) return d;
        if (d.id == "generic") generic = &d;
    }
    return *generic;  // parse() guarantees it exists
}

Result<TextSize> TextTables::convert(uint64_t tokens, std::string_view lang_id, std::string_view tokenizer_id,
                                     std::string_view page_id) const {
    Result<const Language*> lang = language(lang_id);
    if (!lang) return lang.error();
    Result<const PageConvention*> conv = page(page_id);
    if (!conv) return conv.error();
    const TokenizerDensity& density = tokenizer(tokenizer_id);
    const Language& l = **lang;

    TextSize s;
    s.language = l.id;
    s.tokenizer = density.id;
    s.page_convention = (*conv)->id;
    for (const auto& [id, v] : density.chars_per_token)
        if (id == l.id) s.chars_per_token = v;
    const double n = static_cast<double>(tokens);
    s.chars = n * s.chars_per_token;
    s.chars_low = s.chars_high = s.chars;
    for (const auto& [id, range] : density.range)
        if (id == l.id) {
            s.chars_low = n * range.first;
            s.chars_high = n * range.second;
        }
    s.bytes = s.chars * l.bytes_per_char;
    s.megabytes = s.bytes / 1e6;
    s.mebibytes = s.bytes / 1048576.0;
    if (l.chars_per_word > 0) s.words = s.chars / l.chars_per_word;
    if (l.chars_per_line > 0) s.lines = s.chars / l.chars_per_line;
    s.pages = s.chars / (*conv)->chars_per_page;
    return s;
}

}  // namespace contextfit
