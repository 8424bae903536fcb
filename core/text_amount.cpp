#include "text_amount.h"

#include <cmath>

#include "ascii.h"
#include "size_parse.h"

namespace contextfit {
namespace {

constexpr const char* accepted = "accepted: a size of UTF-8 text (80MB, 1.5GiB), pages (500pages) or tokens (32000tokens)";
constexpr double max_amount = 1125899906842624.0;  // 2^50, as core/need.cpp bounds any unit

Error not_an_amount(std::string_view raw) {
    return make_error(ErrorCode::invalid_input, "'" + std::string(raw) + "' is not a text amount; " + accepted,
                      "error_text_amount", {{"value", std::string(raw)}});
}

// "500" from "500pages", "1,5" from "1,5pages": a plain decimal number with '.' or ',' as its mark (parse_decimal:
// no sign, exponent, "inf" or hex), nothing else.
Result<double> number(std::string_view digits, std::string_view whole) {
    double x = 0;
    if (!parse_decimal(digits, x) || !(x > 0) || x > max_amount) return not_an_amount(whole);
    return x;
}

}  // namespace

Result<TextAmount> parse_text_amount(std::string_view raw) {
    std::string text;
    for (char c : raw)
        if (c != ' ') text += c;
    TextAmount t;
    t.text = text;
    for (TextUnit unit : {TextUnit::pages, TextUnit::tokens}) {
        const std::string_view name = text_unit_name(unit);
        if (!ends_with(text, name)) continue;
        Result<double> x = number(std::string_view(text).substr(0, text.size() - name.size()), raw);
        if (!x) return x.error();
        if (unit == TextUnit::tokens && *x != std::floor(*x))
            return make_error(ErrorCode::invalid_input, "'" + std::string(raw) + "': tokens are a whole number; " + accepted,
                              "error_text_amount_tokens", {{"value", std::string(raw)}});
        t.unit = unit;
        t.amount = *x;
        return t;
    }
    Result<uint64_t> bytes = parse_size(text);
    if (!bytes || *bytes == 0) return not_an_amount(raw);
    t.unit = TextUnit::bytes;
    t.amount = static_cast<double>(*bytes);
    return t;
}

}  // namespace contextfit
