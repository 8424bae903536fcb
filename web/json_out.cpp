#include "json_out.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "utf8.h"

namespace contextfit::web {
namespace {

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
        // Ill-formed bytes become one U+FFFD per maximal subpart, as TextDecoder would show them (core/utf8.h).
        const Utf8Char c = utf8_decode(s, i);
        if (c.valid) out_.append(s, i, c.length);
        else out_ += "\xEF\xBF\xBD";
        i += c.length;
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
