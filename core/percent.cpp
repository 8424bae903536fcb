#include "percent.h"

#include "utf8.h"

namespace contextfit {
namespace {

bool is_unreserved(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
           c == '_' || c == '~';
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

Error bad(std::string why) { return make_error(ErrorCode::invalid_input, std::move(why)); }

}  // namespace

std::string percent_encode(std::string_view value) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : value) {
        if (is_unreserved(c)) {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

Result<std::string> percent_decode(std::string_view text) {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            if (text[i] == '\0') return bad("a NUL byte at offset " + std::to_string(i));
            out += text[i];
            continue;
        }
        const int hi = i + 2 < text.size() ? hex_value(text[i + 1]) : -1;
        const int lo = hi >= 0 ? hex_value(text[i + 2]) : -1;
        if (lo < 0) return bad("'%' at offset " + std::to_string(i) + " is not followed by two hex digits");
        if (hi == 0 && lo == 0) return bad("%00 at offset " + std::to_string(i));
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
    }
    if (!utf8_valid(out)) return bad("the decoded text is not well-formed UTF-8");
    return out;
}

}  // namespace contextfit
