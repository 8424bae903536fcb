// Memory sizes as people write them: "1000GB", "1 TB", "512GiB", "1.5TiB", "1,5TiB", "64G", "65536MB", "17179869184".
//
// Convention (stated, never guessed):
//   B                       1 byte
//   KB MB GB TB PB          SI: 10^3 10^6 10^9 10^12 10^15 bytes
//   KiB MiB GiB TiB PiB     IEC: 2^10 2^20 2^30 2^40 2^50 bytes
//   K M G T P (and Ki Gi …) IEC as well, as GNU dd/du/df and `free -g` read a bare letter
// Units are case-insensitive ("gb", "Gib"). The decimal mark is '.' or ',' ("1.5TiB" = "1,5TiB"), except that a
// comma followed by exactly three digits ("1,500GB": 1.5 GB or 1500 GB?) is refused as ambiguous, showing both
// readings; digit grouping ("1,000,000") is refused too.
// For memory (RAM, reserve) a bare number is GiB, not bytes: parse_memory_size("16") is 16 GiB, and says so.
// RAM sold as "512 GB" holds 512 GiB: shells print the interpretation so a person sees which one was used.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "result.h"

namespace contextfit {

// The largest size accepted: 1 PiB. Anything larger is a typo for a calculator of one machine's memory.
inline constexpr uint64_t max_size_bytes = uint64_t{1} << 50;

// Parses a size into bytes, rounded to the nearest byte. Errors name the input and the accepted forms.
Result<uint64_t> parse_size(std::string_view text);

// A memory size as people type one for RAM: parse_size(), except that a number without a unit is GiB, since
// nobody means 16 bytes of RAM ("16" -> 16 GiB, with bare_number_as_gib set so the shell says how it read it;
// "0" is 0 bytes in any unit, so it is not flagged). The CLI's --ram/--reserve and the link's ram=/reserve= read
// sizes with this one function.
struct MemorySize {
    uint64_t bytes = 0;
    bool bare_number_as_gib = false;
};
Result<MemorySize> parse_memory_size(std::string_view text);

// "16.00 GiB" (binary divisors) or "17.18 GB" (SI divisors), with `decimals` digits after the point.
std::string format_size(uint64_t bytes, bool binary, int decimals = 2);

// A decimal number as people type one: digits with one '.' or ',' as the decimal mark ("102.4", "102,4", "0,9"),
// read exactly (no strtod: it follows the C locale and accepts "inf"). Refused: a comma before exactly three digits
// ("1,500": 1.5 or 1500?, as for sizes), signs, exponents, spaces.
bool parse_decimal(std::string_view text, double& out);

// A number as people write it and as this file's parsers read it back: up to 15 significant digits, no exponent,
// no trailing zeros ("0.95", "2", "246"); what a message quotes and a link or an id carries.
std::string decimal_text(double x);

// The accepted units, for messages and help texts.
const char* accepted_size_units();

// A size text split into its number and unit: "1.5 TiB" or "1,5 TiB" -> {1.5, "TiB"}; ok false when it is not
// "<decimal number><optional spaces><letters>". Lets a UI show a link's "1000GiB" as 1000 + [GiB].
struct SizeParts {
    bool ok = false;
    double amount = 0;
    std::string unit;
};
SizeParts split_size_text(std::string_view text);

}  // namespace contextfit
