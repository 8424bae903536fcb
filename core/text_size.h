// Tokens as text: characters, UTF-8 bytes, megabytes, words and pages, by language and tokenizer family.
//
//   chars = tokens x chars_per_token[tokenizer][language]      (measured, assets/text.json)
//   bytes = chars x bytes_per_char[language]                  (UTF-8: Cyrillic letters take 2 bytes)
//   words = chars / chars_per_word[language]                  (incl. spaces and punctuation; none for zh, code)
//   pages = chars / chars_per_page[convention]                (standard page = 1800 characters)
// Every figure is an estimate of typical prose: fiction and technical text differ by up to ±13 % (the ranges).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "result.h"

namespace contextfit {

struct Language {
    std::string id, label;
    double bytes_per_char = 1;
    double chars_per_word = 0;       // 0: words are not counted (zh, code)
    double chars_per_line = 0;       // code: lines instead of words
};

struct TokenizerDensity {
    std::string id, label;
    std::vector<std::pair<std::string, double>> chars_per_token;         // language id -> value
    std::vector<std::pair<std::string, std::pair<double, double>>> range; // language id -> (low, high)
};

struct PageConvention {
    std::string id, label, source;  // label: English, for the data file's reader; UI names: strings.json page_<id>
    double chars_per_page = 0;
    double words_per_page = 0;       // 0 unless the convention is word-based
    bool is_default = false;
};

struct TextSize {
    std::string language, tokenizer, page_convention;
    double chars_per_token = 0;
    double chars = 0, bytes = 0;
    double megabytes = 0;            // 10^6 bytes
    double mebibytes = 0;            // 2^20 bytes
    double words = -1;               // -1 when not counted for the language
    double lines = -1;               // code only
    double pages = 0;
    double chars_low = 0, chars_high = 0;  // fiction..technical range when measured, else equal to chars
};

class TextTables {
public:
    static Result<TextTables> parse(const std::string& json_text);

    const std::vector<Language>& languages() const { return languages_; }
    const std::vector<TokenizerDensity>& tokenizers() const { return tokenizers_; }
    const std::vector<PageConvention>& pages() const { return pages_; }
    const PageConvention& default_page() const;

    Result<const Language*> language(std::string_view id) const;
    Result<const PageConvention*> page(std::string_view id) const;
    // Unknown tokenizer ids fall back to "generic", which the table must have.
    const TokenizerDensity& tokenizer(std::string_view id) const;

    Result<TextSize> convert(uint64_t tokens, std::string_view language, std::string_view tokenizer,
                             std::string_view page) const;

private:
    std::vector<Language> languages_;
    std::vector<TokenizerDensity> tokenizers_;
    std::vector<PageConvention> pages_;
};

}  // namespace contextfit
