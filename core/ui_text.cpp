#include "ui_text.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "ascii.h"
#include "json_fields.h"

namespace contextfit {

namespace {

// "{n:number}" in a template: the value is a number written in code ("1048576", "0.95") and is shown by the
// language's rules ("1 048 576", "0,95"); a value that is not one is shown as it is.
constexpr std::string_view number_spec = "number";

constexpr size_t byte_unit_count = 7;  // B … EiB, as Strings::bytes steps by 1024

// Every language has every key of the base language, of the same kind, and number rules it can use.
Status check_language(const std::string& lang, const std::map<std::string, std::string, std::less<>>& table,
                      const std::map<std::string, std::vector<std::string>, std::less<>>& forms,
                      const std::map<std::string, std::string, std::less<>>& base_table,
                      const std::map<std::string, std::vector<std::string>, std::less<>>& base_forms) {
    const auto lacks = [&](const std::string& key) {
        return make_error(ErrorCode::bad_data, "UI strings: '" + lang + "' lacks key '" + key + "'");
    };
    for (const auto& [key, text] : base_table)
        if (table.find(key) == table.end()) return lacks(key);
    for (const auto& [key, list] : base_forms)
        if (forms.find(key) == forms.end()) return lacks(key);
    const auto rule = table.find("plural_rule");
    const size_t count = rule == table.end() ? 0 : plural_form_count(rule->second);
    if (count == 0)
        return make_error(ErrorCode::bad_data, "UI strings: '" + lang + "' needs a plural_rule: one_other or east_slavic");
    for (const auto& [key, list] : forms) {
        const size_t wanted = key == "byte_units" ? byte_unit_count : count;
        if (list.size() != wanted)
            return make_error(ErrorCode::bad_data, "UI strings: " + lang + "." + key + " has " +
                                                       std::to_string(list.size()) + " forms, " +
                                                       std::to_string(wanted) + " expected");
    }
    return ok_status();
}

}  // namespace

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
        s.table_[lang];
        s.forms_[lang];
        for (const auto& [key, value] : table.items()) {
            if (value.is_string()) {
                s.table_[lang][key] = value.get<std::string>();
                continue;
            }
            bool all_strings = value.is_array() && !value.empty();
            for (const json& form : value) all_strings = all_strings && form.is_string();
            if (!all_strings)
                return make_error(ErrorCode::bad_data,
                                  "UI strings: " + lang + "." + key + " is neither a string nor an array of strings");
            for (const json& form : value) s.forms_[lang][key].push_back(form.get<std::string>());
        }
    }
    for (const auto& [lang, table] : s.table_)
        if (Status ok = check_language(lang, table, s.forms_[lang], s.table_[base_language], s.forms_[base_language]); !ok)
            return ok.error();
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
                std::string_view name(tpl.data() + i + 1, close - i - 1), spec;
                if (const size_t colon = name.find(':'); colon != std::string_view::npos) {
                    spec = name.substr(colon + 1);
                    name = name.substr(0, colon);
                }
                bool replaced = false;
                for (const auto& [k, v] : subs)
                    if (k == name) {
                        out += spec.empty() ? v : spec == number_spec ? number_text(v, lang) : noun_for(spec, v, lang);
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

std::string Strings::noun_for(std::string_view noun, std::string_view value, std::string_view lang) const {
    // "tokens_of": the phrase stands in the genitive ("reading 131 072 tokens", «чтение 131 072 токенов»)
    constexpr std::string_view of = "_of";
    const bool genitive = noun.size() > of.size() && ends_with(noun, of);
    if (genitive) noun.remove_suffix(of.size());
    const std::string& rule = text(lang, "plural_rule");
    const auto form = [&](double n, int decimals) {
        return genitive ? plural_form_of(rule, n, decimals) : contextfit::plural_form(rule, n, decimals);
    };
    // The value as shown ("335 571", "4,2", "1,234.5"): its group marks dropped, its decimal mark read as one.
    const std::string& group = text(lang, "number_group");
    const std::string& mark = text(lang, "number_decimal");
    std::string digits;
    int decimals = -1;
    for (size_t i = 0; i < value.size();) {
        if (!group.empty() && value.compare(i, group.size(), group) == 0) {
            i += group.size();
        } else if (!mark.empty() && decimals < 0 && value.compare(i, mark.size(), mark) == 0) {
            digits += '.';
            decimals = 0;
            i += mark.size();
        } else if (value[i] >= '0' && value[i] <= '9') {
            digits += value[i++];
            if (decimals >= 0) ++decimals;
        } else {
            return noun_form(noun, lang, form(5, 0));  // not a number ("2.0 M"): the form of "many"
        }
    }
    if (digits.empty() || digits == ".") return noun_form(noun, lang, form(5, 0));
    return noun_form(noun, lang, form(std::strtod(digits.c_str(), nullptr), std::max(decimals, 0)));
}

std::string Strings::number_text(std::string_view value, std::string_view lang) const {
    const std::string_view sign = value.substr(0, !value.empty() && value[0] == '-' ? 1 : 0);  // "-3": a sign first
    const std::string_view number = value.substr(sign.size());
    const size_t point = std::min(number.find('.'), number.size());
    const std::string_view whole = number.substr(0, point);
    const std::string_view fraction = number.substr(std::min(point + 1, number.size()));
    const auto digits = [](std::string_view d) { return d.find_first_not_of("0123456789") == std::string_view::npos; };
    if (whole.empty() || !digits(whole) || !digits(fraction) || (point < number.size() && fraction.empty()))
        return std::string(value);
    const std::string& group = text(lang, "number_group");
    std::string out(sign);
    for (size_t i = 0; i < whole.size(); ++i) {
        if (i > 0 && (whole.size() - i) % 3 == 0) out += group;
        out += whole[i];
    }
    if (!fraction.empty()) out += text(lang, "number_decimal") + std::string(fraction);
    return out;
}

const Strings::Table& Strings::table(std::string_view lang) const {
    static const Table none;  // a default-built Strings, before parse()
    auto t = table_.find(lang);
    if (t == table_.end()) t = table_.find(base_language);
    return t == table_.end() ? none : t->second;
}

const std::string& Strings::text(std::string_view lang, std::string_view key) const {
    static const std::string none;
    const Table& t = table(lang);
    auto it = t.find(key);
    return it == t.end() ? none : it->second;
}

std::string Strings::error_message(const Error& error, std::string_view lang) const {
    if (error.key.empty() || text(lang, error.key).empty()) return error.message;
    std::string out = format(error.key, lang, error.args);
    for (const Error::Step& step : error.steps) {
        Substitutions subs = step.args;
        subs.emplace_back("reason", std::move(out));
        out = format(step.key, lang, subs);
    }
    return out;
}

std::string Strings::count(uint64_t n, std::string_view lang) const { return number_text(std::to_string(n), lang); }

std::string Strings::real(double x, int decimals, std::string_view lang) const {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, std::isfinite(x) ? x : 0.0);
    std::string s = buf;
    const size_t point = s.find('.');
    if (point == std::string::npos) return s;
    return s.substr(0, point) + text(lang, "number_decimal") + s.substr(point + 1);
}

std::string Strings::bytes(uint64_t bytes, std::string_view lang) const {
    double v = static_cast<double>(bytes);
    size_t unit = 0;
    while (v >= 1024.0 && unit + 1 < byte_unit_count) {
        v /= 1024.0;
        ++unit;
    }
    return real(v, unit == 0 ? 0 : 2, lang) + "\xC2\xA0" + noun_form("byte_units", lang, unit);
}

size_t Strings::plural_form(std::string_view lang, double n, int decimals) const {
    return contextfit::plural_form(text(lang, "plural_rule"), n, decimals);
}

std::string Strings::noun_form(std::string_view noun, std::string_view lang, size_t form) const {
    auto f = forms_.find(lang);
    if (f == forms_.end() || f->second.find(noun) == f->second.end()) f = forms_.find(base_language);
    if (f == forms_.end()) return std::string(noun);
    auto it = f->second.find(noun);
    if (it == f->second.end() || it->second.empty()) return std::string(noun);
    return it->second[std::min(form, it->second.size() - 1)];
}

std::string Strings::counted(std::string_view noun, std::string_view lang, uint64_t n) const {
    return count(n, lang) + " " + noun_form(noun, lang, plural_form(lang, static_cast<double>(n)));
}

std::string Strings::counted_real(std::string_view noun, std::string_view lang, double x, int decimals) const {
    return real(x, decimals, lang) + " " + noun_form(noun, lang, plural_form(lang, x, decimals));
}

size_t plural_form_count(std::string_view rule) {
    if (rule == "one_other") return 2;
    if (rule == "east_slavic") return 3;
    return 0;
}

size_t plural_form(std::string_view rule, double n, int decimals) {
    const double whole = std::floor(std::fabs(n));
    const bool shows_fraction = decimals > 0;
    if (rule == "east_slavic") {
        if (shows_fraction) return 1;  // "1,5 токена", "0,5 слоя": genitive singular, the few form
        const uint64_t i = whole < 1e18 ? static_cast<uint64_t>(whole) : 0;
        if (i % 10 == 1 && i % 100 != 11) return 0;
        if (i % 10 >= 2 && i % 10 <= 4 && (i % 100 < 12 || i % 100 > 14)) return 1;
        return 2;
    }
    return !shows_fraction && whole == 1.0 && std::fabs(n) == 1.0 ? 0 : 1;
}

size_t plural_form_of(std::string_view rule, double n, int decimals) {
    if (rule != "east_slavic") return plural_form(rule, n, decimals);
    // The genitive: 1, 21, 101 (not 11) and numbers shown with decimals take the genitive singular, the few form
    // («из 21 знака», «до 7,5 токена»); all others the genitive plural, the many form («до 131 072 токенов»).
    return plural_form(rule, n, decimals) == 0 || decimals > 0 ? 1 : 2;
}

std::vector<std::string> phrased(const Strings& strings, const std::vector<Message>& messages, std::string_view lang) {
    std::vector<std::string> out;
    for (const Message& m : messages) out.push_back(strings.format(m.key, lang, m.args));
    return out;
}

std::string shown_model_name(const Strings& strings, const ModelSpec& model, std::string_view lang) {
    return model.display_name.empty() ? strings.format("your_model", lang) : model.display_name;
}

}  // namespace contextfit
