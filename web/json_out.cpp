#include "json_out.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace contextfit::web {
namespace {

// The well-formed UTF-8 sequence starting at lead byte s[i] >= 0x80: its length, or 0 and in `bad` how many
// bytes to replace with one U+FFFD: the lead and the continuation bytes that still fitted (Unicode's "maximal
// subpart", Unicode 15 section 3.9, Table 3-7; what nlohmann's replace handler and TextDecoder do).
size_t utf8_sequence(std::string_view s, size_t i, size_t& bad) {
    const unsigned char lead = static_cast<unsigned char>(s[i]);
    size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // the second byte's range; later ones are always 80..BF
    if (lead >= 0xC2 && lead <= 0xDF) {
        len = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        len = 3;
        if (lead == 0xE0) lo = 0xA0;  // no overlong forms
        if (lead == 0xED) hi = 0x9F;  // no surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        len = 4;
        if (lead == 0xF0) lo = 0x90;  // no overlong forms
        if (lead == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
    } else {
        bad = 1;  // a continuation byte alone, C0/C1 (always overlong) or F5..FF
        return 0;
    }
    size_t k = 1;
    for (; k < len && i + k < s.size(); ++k) {
        const unsigned char c = static_cast<unsigned char>(s[i + k]);
        if (c < (k == 1 ? lo : 0x80) || c > (k == 1 ? hi : 0xBF)) break;
    }
    if (k == len) return len;
    bad = k;
    return 0;
}

void put_ascii(std::string& out, char c) {
    switch (c) {
        case '"': out += "\\\""; return;
        case '\\': out += "\\\\"; return;
        case '\b': out += "\\b"; return;
        case '\f': out += "\\f"; return;
        case '\n': out += "\\n"; return;
        case '\r': out += "\\r"; return;
        case '\t': out += "\\t"; return;
        default: break;
    }
    if (static_cast<unsigned char>(c) >= 0x20) {
        out += c;
        return;
    }
    static constexpr char hex[] = "0123456789abcdef";
    out += "\\u00";
    out += hex[c >> 4];
    out += hex[c & 0xF];
}

}  // namespace

void JsonOut::separate() {
    if (comma_) out_ += ',';
}

JsonOut& JsonOut::open(char bracket) {
    separate();
    out_ += bracket;
    comma_ = false;
    return *this;
}

JsonOut& JsonOut::close(char bracket) {
    out_ += bracket;
    comma_ = true;
    return *this;
}

JsonOut& JsonOut::begin_object() { return open('{'); }
JsonOut& JsonOut::end_object() { return close('}'); }
JsonOut& JsonOut::begin_array() { return open('['); }
JsonOut& JsonOut::end_array() { return close(']'); }

JsonOut& JsonOut::key(std::string_view name) {
    value(name);
    out_ += ':';
    comma_ = false;  // the value follows the colon
    return *this;
}

JsonOut& JsonOut::value(std::string_view s) {
    separate();
    out_ += '"';
    for (size_t i = 0; i < s.size();) {
        if (static_cast<unsigned char>(s[i]) < 0x80) {
            put_ascii(out_, s[i++]);
            continue;
        }
        size_t bad = 0;
        const size_t len = utf8_sequence(s, i, bad);
        if (len > 0) {
            out_.append(s, i, len);
            i += len;
        } else {
            out_ += "\xEF\xBF\xBD";
            i += bad;
        }
    }
    out_ += '"';
    comma_ = true;
    return *this;
}

// snprintf's decimal point follows LC_NUMERIC; neither the page nor the tests call setlocale, so it is '.'.
JsonOut& JsonOut::value(double x) {
    if (!std::isfinite(x)) return value(nullptr);  // JSON has no NaN or infinity
    // Whole numbers (token and byte counts in doubles) print exactly and without an exponent up to 2^53, above
    // which doubles no longer hold every integer.
    if (x == std::trunc(x) && std::fabs(x) <= 9007199254740992.0) {
        if (x == 0 && std::signbit(x)) {
            separate();
            out_ += "-0";
            comma_ = true;
            return *this;
        }
        return signed_value(static_cast<long long>(x));
    }
    separate();
    char buf[32];
    for (int digits = 15; digits <= 17; ++digits) {
        std::snprintf(buf, sizeof buf, "%.*g", digits, x);
        if (std::strtod(buf, nullptr) == x) break;  // 17 digits always read back the same
    }
    out_ += buf;
    comma_ = true;
    return *this;
}

JsonOut& JsonOut::value(bool b) {
    separate();
    out_ += b ? "true" : "false";
    comma_ = true;
    return *this;
}

JsonOut& JsonOut::value(std::nullptr_t) {
    separate();
    out_ += "null";
    comma_ = true;
    return *this;
}

JsonOut& JsonOut::signed_value(long long n) {
    separate();
    char buf[24];
    out_.append(buf, std::to_chars(buf, buf + sizeof buf, n).ptr);
    comma_ = true;
    return *this;
}

JsonOut& JsonOut::unsigned_value(unsigned long long n) {
    separate();
    char buf[24];
    out_.append(buf, std::to_chars(buf, buf + sizeof buf, n).ptr);
    comma_ = true;
    return *this;
}

}  // namespace contextfit::web
