#include "ui_text.h"

#include <cmath>
#include <cstdio>

#include "json_fields.h"

namespace contextfit {

Result<Strings> Strings::parse(const std::string& json_text) {
    Result<json> doc = parse_json(json_text, "the UI strings");
    if (!doc) return doc.error();
    if (!doc->is_object() || !doc->contains(base_language))
        return make_error(ErrorCode::bad_data, std::string("UI strings: an object with a '") + base_language +
                                                   "' table is required");
    Strings s;
    for (const auto& [lang, table] : doc->items()) {
        if (lang.rfind('_', 0) == 0) continue;  // "_about" and other notes
        if (!table.is_object()) return make_error(ErrorCode::bad_data, "UI strings: '" + lang + "' is not an object");
        for (const auto& [key, text] : table.items()) {
            if (!text.is_string())
                return make_error(ErrorCode::bad_data, "UI strings: " + lang + "." + key + " is not a string");
            s.table_[lang][key] = text.get<std::string>();
        }
    }
    for (const auto& [lang, table] : s.table_)
        for (const auto& [key, text] : s.table_[base_language])
            if (table.find(key) == table.end())
                return make_error(ErrorCode::bad_data, "UI strings: '" + lang + "' lacks key '" + key + "'");
    return s;
}

bool Strings::has_language(std::string_view lang) const { return table_.find(lang) != table_.end(); }

std::vector<std::string> Strings::languages() const {
    std::vector<std::string> out;
    for (const auto& [lang, table] : table_) out.push_back(lang);
    return out;
}

std::string Strings::format(std::string_view key, std::string_view lang, const Substitutions& subs) const {
    auto t = table_.find(lang);
    if (t == table_.end()) t = table_.find(base_language);
    if (t == table_.end()) return std::string(key);
    auto it = t->second.find(key);
    if (it == t->second.end()) return std::string(key);
    std::string out;
    const std::string& tpl = it->second;
    for (size_t i = 0; i < tpl.size();) {
        if (tpl[i] == '{') {
            const size_t close = tpl.find('}', i);
            if (close != std::string::npos) {
                const std::string_view name(tpl.data() + i + 1, close - i - 1);
                bool replaced = false;
                for (const auto& [k, v] : subs)
                    if (k == name) {
                        out += v;
                        replaced = true;
                        break;
                    }
                if (replaced) {
                    i = close + 1;
                    continue;
                }
            }
        }
        out += tpl[i++];
    }
    return out;
}

std::string shown_model_name(const Strings& strings, const ModelSpec& model, std::string_view lang) {
    return model.display_name.empty() ? strings.format("your_model", lang) : model.display_name;
}

std::string format_count(uint64_t n, std::string_view lang) {
    const std::string sep = lang == "ru" ? "\xC2\xA0" : ",";
    std::string digits = std::to_string(n), out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += sep;
        out += digits[i];
    }
    return out;
}

std::string format_real(double x, int decimals, std::string_view lang) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, std::isfinite(x) ? x : 0.0);
    std::string s = buf;
    if (lang == "ru")
        for (char& c : s)
            if (c == '.') c = ',';
    return s;
}

std::string format_bytes(uint64_t bytes, std::string_view lang) {
    static const char* const en[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    static const char* const ru[] = {"Б", "КиБ", "МиБ", "ГиБ", "ТиБ", "ПиБ", "ЭиБ"};
    double v = static_cast<double>(bytes);
    int unit = 0;
    while (v >= 1024.0 && unit < 6) {
        v /= 1024.0;
        ++unit;
    }
    return format_real(v, unit == 0 ? 0 : 2, lang) + "\xC2\xA0" + (lang == "ru" ? ru[unit] : en[unit]);
}

}  // namespace contextfit
