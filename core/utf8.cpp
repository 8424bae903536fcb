#include "utf8.h"

namespace contextfit {

Utf8Char utf8_decode(std::string_view s, size_t at) {
    const auto lead = static_cast<unsigned char>(s[at]);
    if (lead < 0x80) return {lead, 1, true};
    // Table 3-7: the second byte's range depends on the lead; later bytes are always 80..BF.
    size_t len = 0;
    uint32_t cp = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        len = 2;
        cp = lead & 0x1Fu;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        len = 3;
        cp = lead & 0x0Fu;
        if (lead == 0xE0) lo = 0xA0;  // below: overlong
        if (lead == 0xED) hi = 0x9F;  // above: surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        len = 4;
        cp = lead & 0x07u;
        if (lead == 0xF0) lo = 0x90;  // below: overlong
        if (lead == 0xF4) hi = 0x8F;  // above: beyond U+10FFFF
    } else {
        return {};  // a lone continuation byte, C0/C1 (always overlong) or F5..FF
    }
    size_t k = 1;
    for (; k < len && at + k < s.size(); ++k) {
        const auto c = static_cast<unsigned char>(s[at + k]);
        if (c < (k == 1 ? lo : 0x80) || c > (k == 1 ? hi : 0xBF)) break;
        cp = (cp << 6) | (c & 0x3Fu);
    }
    if (k < len) return {utf8_replacement, k, false};
    return {cp, len, true};
}

bool utf8_valid(std::string_view s) {
    for (size_t i = 0; i < s.size();) {
        const Utf8Char c = utf8_decode(s, i);
        if (!c.valid) return false;
        i += c.length;
    }
    return true;
}

std::string utf8_prefix(std::string_view s, size_t max_bytes) {
    size_t end = 0;
    for (size_t i = 0; i < s.size();) {
        const size_t next = i + utf8_decode(s, i).length;
        if (next > max_bytes) break;
        end = i = next;
    }
    return std::string(s.substr(0, end));
}

std::string utf8_replace_invalid(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size();) {
        const Utf8Char c = utf8_decode(s, i);
        if (c.valid) out.append(s, i, c.length);
        else out += "\xEF\xBF\xBD";
        i += c.length;
    }
    return out;
}

std::string utf8_printable(std::string_view s, size_t max_bytes) {
    std::string out = utf8_replace_invalid(s);
    for (char& c : out)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = '?';
    if (out.size() <= max_bytes) return out;
    return utf8_prefix(out, max_bytes) + "...";
}

}  // namespace contextfit
