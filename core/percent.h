// Percent-encoding of URL components (RFC 3986 section 2.1): a byte outside the unreserved set
// A-Z a-z 0-9 - . _ ~ (section 2.3) is written "%XX" with two uppercase hex digits.
#pragma once

#include <string>
#include <string_view>

#include "result.h"

namespace contextfit {

// Every byte outside the unreserved set as %XX: "a b&" -> "a%20b%26".
std::string percent_encode(std::string_view value);

// "%XX" escapes back to bytes. Errors: '%' not followed by two hex digits, a NUL byte (escaped or not), or
// a result that is not well-formed UTF-8 (core/utf8.h), since every value read this way is text.
Result<std::string> percent_decode(std::string_view text);

}  // namespace contextfit
