#include "size_parse.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "ascii.h"

namespace contextfit {
namespace {

struct Unit {
    const char* name;  // lower case
    uint64_t bytes;
};

constexpr uint64_t k10 = 1000;
constexpr uint64_t k2 = 1024;

// Longest names first is not needed: a unit must match the whole suffix.
constexpr Unit units[] = {
    {"", 1},          {"b", 1},
    {"kb", k10},      {"mb", k10 * k10}, {"gb", k10 * k10 * k10}, {"tb", k10 * k10 * k10 * k10},
    {"pb", k10 * k10 * k10 * k10 * k10},
    {"kib", k2},      {"mib", k2 * k2},  {"gib", k2 * k2 * k2},   {"tib", k2 * k2 * k2 * k2},
    {"pib", k2 * k2 * k2 * k2 * k2},
    {"k", k2},        {"m", k2 * k2},    {"g", k2 * k2 * k2},     {"t", k2 * k2 * k2 * k2},
    {"p", k2 * k2 * k2 * k2 * k2},
    {"ki", k2},       {"mi", k2 * k2},   {"gi", k2 * k2 * k2},    {"ti", k2 * k2 * k2 * k2},
    {"pi", k2 * k2 * k2 * k2 * k2},
};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string quoted(std::string_view text) {
    // Keep messages short and printable even for hostile input.
    std::string out = "\"";
    for (size_t i = 0; i < text.size() && i < 40; ++i) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        out += (c >= 0x20 && c < 0x7f) || c >= 0x80 ? static_cast<char>(c) : '?';
    }
    if (text.size() > 40) out += "...";
    return out + "\"";
}

using ErrorArgs = std::vector<std::pair<std::string, std::string>>;

// `key` names the reason for a shell to phrase (strings.json "error_size_<key>"), with the input as {input}.
Error invalid(std::string_view text, const std::string& why, const char* key, ErrorArgs args = {}) {
    args.emplace_back("input", quoted(text));
    return make_error(ErrorCode::invalid_input,
                      why + " in " + quoted(text) + "; write a number and a unit, e.g. 512GiB, 1 TB, 64G, 65536MB (" +
                          accepted_size_units() + ")",
                      std::string("error_size_") + key, std::move(args));
}

// A comma is the decimal mark ("1,5TiB", as Russian and most of Europe write it), unless it could as well be
// a thousands separator: exactly three digits after it and nothing more ("1,500GB" is 1.5 GB or 1500 GB).
// A second mark after the digits ("1,000,000", "1,000.5") is digit grouping, which is not accepted either.
Status decimal_comma(std::string_view text, size_t comma) {
    size_t end = comma + 1;
    while (end < text.size() && is_digit(text[end])) ++end;
    const size_t digits = end - comma - 1;
    if (end < text.size() && (text[end] == ',' || text[end] == '.'))
        return invalid(text, "digit grouping is not accepted: write the number without separators, with one decimal "
                             "mark ('.' or ',')",
                       "grouping");
    if (digits != 3) return ok_status();
    std::string before(text.substr(0, comma));
    before.erase(0, before.find_first_not_of(" \t"));
    const std::string after(text.substr(comma + 1, text.find_last_not_of(" \t") - comma));
    const std::string point = quoted(before + "." + after), whole = quoted(before + after);
    return invalid(text, "the comma is ambiguous (" + point + " or " + whole + "?): write one of them", "comma",
                   {{"point", point}, {"whole", whole}});
}

}  // namespace

const char* accepted_size_units() {
    return "accepted units: B, KB, MB, GB, TB, PB (powers of 1000), KiB, MiB, GiB, TiB, PiB and K, M, G, T, P "
           "(powers of 1024)";
}

Result<uint64_t> parse_size(std::string_view text) {
    size_t i = 0;
    while (i < text.size() && is_space(text[i])) ++i;
    if (i == text.size()) return invalid(text, "empty size", "empty");
    if (text[i] == '-') return invalid(text, "negative size", "negative");
    if (text[i] == '+') ++i;

    // Integer and fraction digits, read exactly (no strtod: it follows the C locale and accepts "nan", "inf", hex).
    uint64_t integer = 0;
    size_t int_digits = 0;
    for (; i < text.size() && is_digit(text[i]); ++i, ++int_digits) {
        if (integer > (UINT64_MAX - 9) / 10) return invalid(text, "number too large", "too_large");
        integer = integer * 10 + static_cast<uint64_t>(text[i] - '0');
    }
    double fraction = 0.0;
    size_t frac_digits = 0;
    if (i < text.size() && text[i] == ',') {
        if (Status comma = decimal_comma(text, i); !comma) return comma.error();
    }
    if (i < text.size() && (text[i] == '.' || text[i] == ',')) {
        ++i;
        double scale = 0.1;
        for (; i < text.size() && is_digit(text[i]); ++i, ++frac_digits) {
            fraction += scale * (text[i] - '0');
            scale /= 10;
        }
    }
    if (int_digits == 0 && frac_digits == 0) return invalid(text, "no number", "no_number");
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E') && i + 1 < text.size() &&
        (is_digit(text[i + 1]) || text[i + 1] == '-' || text[i + 1] == '+'))
        return invalid(text, "exponents are not accepted", "exponent");

    while (i < text.size() && is_space(text[i])) ++i;
    std::string unit;
    for (; i < text.size() && !is_space(text[i]); ++i) unit += ascii_lower(text[i]);
    while (i < text.size() && is_space(text[i])) ++i;
    if (i != text.size()) return invalid(text, "unexpected text after the unit", "trailing");

    const Unit* found = nullptr;
    for (const Unit& u : units)
        if (unit == u.name) found = &u;
    if (!found) {
        if (unit == "nan" || unit == "inf" || unit == "infinity") return invalid(text, "not a finite number", "not_finite");
        const std::string shown = quoted(unit.substr(0, 12));
        const std::string name = shown.substr(1, shown.size() - 2);
        return make_error(ErrorCode::unknown_name,
                          "unknown unit '" + name + "' in " + quoted(text) + "; " + accepted_size_units(),
                          "error_size_unit", {{"input", quoted(text)}, {"unit", name}});
    }

    if (integer > max_size_bytes / found->bytes) return invalid(text, "size above the largest accepted (1 PiB)", "too_large");
    const uint64_t whole = integer * found->bytes;
    const uint64_t part = static_cast<uint64_t>(std::llround(fraction * static_cast<double>(found->bytes)));
    if (whole + part > max_size_bytes) return invalid(text, "size above the largest accepted (1 PiB)", "too_large");
    return whole + part;
}

Result<MemorySize> parse_memory_size(std::string_view text) {
    const size_t last = text.find_last_not_of(" \t\n\r");
    const bool bare = last != std::string_view::npos && is_digit(text[last]);
    if (!bare) {
        Result<uint64_t> bytes = parse_size(text);
        if (!bytes) return bytes.error();
        return MemorySize{*bytes, false};
    }
    Result<uint64_t> bytes = parse_size(std::string(text.substr(0, last + 1)) + "GiB");
    if (!bytes)
        return make_error(bytes.error().code,
                          "a number without a unit is read as GiB: " + bytes.error().message + " (write B for bytes)",
                          "error_size_bare", {{"input", std::string(text.substr(0, last + 1))}});
    return MemorySize{*bytes, *bytes > 0};
}

std::string format_size(uint64_t bytes, bool binary, int decimals) {
    static const char* const si[] = {"B", "KB", "MB", "GB", "TB", "PB", "EB"};
    static const char* const iec[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    const double base = binary ? 1024.0 : 1000.0;
    double value = static_cast<double>(bytes);
    int unit = 0;
    while (value >= base && unit < 6) {
        value /= base;
        ++unit;
    }
    char buf[64];
    if (unit == 0)
        std::snprintf(buf, sizeof buf, "%llu B", static_cast<unsigned long long>(bytes));
    else
        std::snprintf(buf, sizeof buf, "%.*f %s", decimals, value, binary ? iec[unit] : si[unit]);
    return buf;
}

SizeParts split_size_text(std::string_view text) {
    SizeParts parts;
    size_t i = 0;
    while (i < text.size() && text[i] == ' ') ++i;
    const size_t start = i;
    bool digit = false, point = false;
    for (; i < text.size(); ++i) {
        if (text[i] >= '0' && text[i] <= '9') digit = true;
        else if ((text[i] == '.' || text[i] == ',') && !point) point = true;
        else break;
    }
    if (!digit || i - start > 24) return parts;
    std::string number(text.substr(start, i - start));
    for (char& c : number)
        if (c == ',') c = '.';
    while (i < text.size() && text[i] == ' ') ++i;
    const size_t unit_start = i;
    for (; i < text.size(); ++i) {
        const char c = text[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) break;
    }
    if (i != text.size()) return parts;
    parts.ok = true;
    parts.amount = std::strtod(number.c_str(), nullptr);
    parts.unit = std::string(text.substr(unit_start));
    return parts;
}

bool parse_decimal(std::string_view text, double& out) {
    const size_t comma = text.find(',');
    if (comma != std::string_view::npos && text.size() - comma - 1 == 3) return false;  // "1,500": which one?
    double value = 0, scale = 1;
    bool point = false, digits = false;
    for (char c : text) {
        if ((c == '.' || c == ',') && !point) {
            point = true;
            continue;
        }
        if (c < '0' || c > '9') return false;
        digits = true;
        if (point) scale /= 10;
        value = point ? value + (c - '0') * scale : value * 10 + (c - '0');
    }
    out = value;
    return digits;
}

std::string decimal_text(double x) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.15g", x);
    std::string s = buf;
    if (s.find('e') == std::string::npos) return s;
    std::snprintf(buf, sizeof buf, "%.12f", x);
    s = buf;
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
    return s;
}

}  // namespace contextfit
