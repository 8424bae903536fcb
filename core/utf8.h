// UTF-8 as RFC 3629 defines it: one to four bytes per character, no overlong forms, no surrogates
// (U+D800..U+DFFF), nothing above U+10FFFF. Everything in the project that reads or cuts UTF-8 text goes
// through here: share-link values, the page's JSON, names cut to fit a link, the font coverage test.
//
// An ill-formed sequence is one "maximal subpart" (Unicode 15.0 section 3.9, Table 3-7 and "U+FFFD
// Substitution of Maximal Subparts"): the lead byte and the continuation bytes that could still have
// completed a character. Each becomes one U+FFFD, as the WHATWG Encoding Standard's decoder and
// JavaScript's TextDecoder do.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace contextfit {

inline constexpr uint32_t utf8_replacement = 0xFFFD;

struct Utf8Char {
    uint32_t code_point = utf8_replacement;  // U+FFFD when !valid
    size_t length = 1;                       // bytes consumed: the sequence, or its maximal subpart (>= 1)
    bool valid = false;
};

// The character starting at byte `at` of s (at < s.size()).
Utf8Char utf8_decode(std::string_view s, size_t at);

// True when every byte belongs to a well-formed sequence.
bool utf8_valid(std::string_view s);

// At most max_bytes of s, cut at a character boundary ("л" is 2 bytes: utf8_prefix("aл", 2) == "a").
std::string utf8_prefix(std::string_view s, size_t max_bytes);

// s with each ill-formed maximal subpart replaced by U+FFFD (EF BF BD), for showing text from outside.
std::string utf8_replace_invalid(std::string_view s);

// Text from outside made safe to show in a message: invalid bytes become U+FFFD, control characters (C0 and
// DEL) '?', and text over max_bytes is cut at a character boundary and ends in "...".
std::string utf8_printable(std::string_view s, size_t max_bytes);

}  // namespace contextfit
