// ASCII case folding for ids and units typed by people ("Q4_K_M", "GiB"); locale-free on purpose,
// since std::tolower follows the C locale.
#pragma once

#include <string>
#include <string_view>

namespace contextfit {

constexpr char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// At most `max` characters, lower-cased: input echoed in messages stays short.
inline std::string ascii_lower(std::string_view s, size_t max = 40) {
    std::string out(s.substr(0, max));
    for (char& c : out) c = ascii_lower(c);
    return out;
}

// Whether `s` ends with `tail` (units after a number: "82.6tflops", "500pages", "4.14bpw").
constexpr bool ends_with(std::string_view s, std::string_view tail) {
    return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

}  // namespace contextfit
