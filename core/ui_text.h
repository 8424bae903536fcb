// User-facing text as data (assets/strings.json): templates per language with {name} placeholders, plural
// forms of the nouns that meet a count, and each language's number rules (digit group mark, decimal mark,
// byte unit names, plural rule), so a new language is a new table and no code.
//
// A table's values are strings, except plural nouns: an array of forms in the order of the language's
// plural rule ("plural_rule"):
//   one_other    2 forms: one (exactly 1, no decimals shown), other                 English: token, tokens
//   east_slavic  3 forms: one (1, 21, 101; not 11), few (2-4, 22-24; not 12-14), many (0, 5-20, 25, 11-14);
//                a number shown with decimals takes the few form, the genitive singular ("1,5 токена")
//                (CLDR plural rules for ru: unicode.org/cldr/charts/latest/supplemental/language_plural_rules.html)
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

class Strings {
public:
    // The language every other one falls back to; its table must exist.
    static constexpr const char* base_language = "en";

    // { "en": { "key": "template", … }, "ru": { … } }; every language must have every key of "en".
    static Result<Strings> parse(const std::string& json_text);

    // The template for key in lang (the base language when lang has none), with {name} replaced; {name:number}
    // shows a value written in code ("1048576", "0.95") by the language's number rules, and {name:NOUN} the form
    // of the plural noun NOUN for the number `name` holds as shown ("{n} {n:tokens}": "335 571 токен", "4,2 токена");
    // {name:NOUN_of} the form for a count in the genitive («чтение {n} {n:tokens_of}»: «чтение 131 072 токенов»).
    std::string format(std::string_view key, std::string_view lang, const Substitutions& subs = {}) const;
    // The UI languages are the tables of assets/strings.json, and only they: the link's ui=, the page's
    // language buttons and the CLI's choice of output language all ask here.
    bool has_language(std::string_view lang) const;
    std::vector<std::string> languages() const;  // sorted ids: "en", "ru"

    // An error in lang: its key's template with its values when the error has one, else its English message.
    std::string error_message(const Error& error, std::string_view lang) const;

    // Numbers by the language's rules: "131,072" / "131 072" (no-break space), "0.58" / "0,58",
    // "16.00 GiB" / "16,00 ГиБ".
    std::string count(uint64_t n, std::string_view lang) const;
    std::string real(double x, int decimals, std::string_view lang) const;
    std::string bytes(uint64_t bytes, std::string_view lang) const;
    // The form index of the plural rule of lang for n shown with `decimals` digits after the mark.
    size_t plural_form(std::string_view lang, double n, int decimals = 0) const;
    // A count and its noun in the right form: counted("tokens", "ru", 2) -> "2 токена".
    std::string counted(std::string_view noun, std::string_view lang, uint64_t n) const;
    // The same for a number shown with decimals: counted_real("tokens", "ru", 1.5, 1) -> "1,5 токена".
    std::string counted_real(std::string_view noun, std::string_view lang, double x, int decimals) const;

private:
    using Table = std::map<std::string, std::string, std::less<>>;
    using Forms = std::map<std::string, std::vector<std::string>, std::less<>>;
    const Table& table(std::string_view lang) const;
    const std::string& text(std::string_view lang, std::string_view key) const;
    std::string noun_form(std::string_view noun, std::string_view lang, size_t form) const;
    // A decimal number written in code ("1048576", "0.95") by the language's rules; anything else unchanged.
    std::string number_text(std::string_view value, std::string_view lang) const;
    // The form of `noun` for a number as the language shows it; the "many" form for text that is not one.
    std::string noun_for(std::string_view noun, std::string_view value, std::string_view lang) const;

    std::map<std::string, Table, std::less<>> table_;
    std::map<std::string, Forms, std::less<>> forms_;
};

// Strings bound to one reader's language: what core phrases its notes, trace formulas and messages with.
struct Words {
    const Strings& strings;
    const std::string& ui;
    std::string operator()(const char* key, const Substitutions& subs = {}) const { return strings.format(key, ui, subs); }
    std::string real(double x, int decimals) const { return strings.real(x, decimals, ui); }
    std::string count(uint64_t n) const { return strings.count(n, ui); }
};

// The plural form index of n under a rule named in strings.json ("one_other", "east_slavic"); `decimals`
// is how many digits are shown after the decimal mark. An unknown rule is one_other.
size_t plural_form(std::string_view rule, double n, int decimals = 0);
// The same for a count in the genitive ("reading 131 072 tokens", "up to 7.5 tokens/s"): east_slavic takes the
// genitive singular for 1, 21, 101 and shown decimals, the genitive plural for the rest; other rules as above.
size_t plural_form_of(std::string_view rule, double n, int decimals = 0);
// How many forms a rule has; 0 for an unknown rule.
size_t plural_form_count(std::string_view rule);

// A sentence for the reader kept as data until it is shown: a strings.json key and its {name} values. The model
// file readers (gguf_model, hf_config) record what they assumed this way, so each shell says it in its reader's
// language.
struct Message {
    std::string key;
    Substitutions args;
};

// Each message in lang.
std::vector<std::string> phrased(const Strings& strings, const std::vector<Message>& messages, std::string_view lang);

// The name to show for a model: its display name, or the "your_model" words for one that has none (a model
// from a share link's arch= without name=).
std::string shown_model_name(const Strings& strings, const ModelSpec& model, std::string_view lang);

}  // namespace contextfit
