// User-facing text as data (assets/strings.json): templates per language with {name} placeholders,
// and number formatting by language ("131,072" in English, "131 072" in Russian).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model.h"
#include "result.h"

namespace contextfit {

using Substitutions = std::vector<std::pair<std::string, std::string>>;

class Strings {
public:
    // The language every other one falls back to; its table must exist.
    static constexpr const char* base_language = "en";

    // { "en": { "key": "template", … }, "ru": { … } }; every language must have every key of "en".
    static Result<Strings> parse(const std::string& json_text);

    // The template for key in lang (the base language when lang has none), with {name} replaced.
    std::string format(std::string_view key, std::string_view lang, const Substitutions& subs = {}) const;
    // The UI languages are the tables of assets/strings.json, and only they: the link's ui=, the page's
    // language buttons and the CLI's choice of output language all ask here.
    bool has_language(std::string_view lang) const;
    std::vector<std::string> languages() const;  // sorted ids: "en", "ru"

private:
    std::map<std::string, std::map<std::string, std::string, std::less<>>, std::less<>> table_;
};

// The name to show for a model: its display name, or the "your_model" words for one that has none (a model
// from a share link's arch= without name=).
std::string shown_model_name(const Strings& strings, const ModelSpec& model, std::string_view lang);

// Whole numbers with digit grouping: "1,048,576" (en) or "1 048 576" with no-break spaces (ru).
std::string format_count(uint64_t n, std::string_view lang);
// A real number with `decimals` digits and the language's decimal mark ("0.75" / "0,75").
std::string format_real(double x, int decimals, std::string_view lang);
// Bytes in binary units with localized unit names ("16.00 GiB" / "16,00 ГиБ").
std::string format_bytes(uint64_t bytes, std::string_view lang);

}  // namespace contextfit
