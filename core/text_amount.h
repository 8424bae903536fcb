// An amount of text as one short string, for share links and the page's text field:
//   "80MB", "1.5GiB"   a size of UTF-8 text, as size_parse.h reads it (unit bytes)
//   "500pages"         pages of the chosen page convention (unit pages)
//   "32000tokens"      tokens per sequence, a whole number (unit tokens)
// The text itself never goes into a link: only its amount.
#pragma once

#include <string>
#include <string_view>

#include "need.h"

namespace contextfit {

struct TextAmount {
    TextUnit unit = TextUnit::bytes;
    double amount = 0;
    std::string text;   // normalized: no spaces, the size as given ("80MB"), pages and tokens as numbers
};

// Positive amounts only; an error names what is accepted.
Result<TextAmount> parse_text_amount(std::string_view text);

}  // namespace contextfit
