// Compact JSON text written front to back, for what the page hands to JavaScript (the mirror, the file
// replies). The page only writes JSON, so it needs no document type: nlohmann's values, initializer lists and
// serializer cost wasm bytes for nothing here (core/ still parses with nlohmann).
//
//   JsonOut j;
//   j.begin_object().field("tokens", uint64_t{131072}).field("verdict", "fits").end_object();
//   j.text()  ->  {"tokens":131072,"verdict":"fits"}
//
// Strings: '"', '\' and U+0000-001F escaped (\b \f \n \r \t, else \u00xx), valid UTF-8 copied, each
// ill-formed part replaced by U+FFFD as nlohmann's error_handler_t::replace does (file names and GGUF strings
// come from users). Numbers: integers exact; doubles that are whole and within 2^53 without a fraction or
// exponent, others in the shortest of %.15g-%.17g that reads back the same; NaN and infinities as null.
// The caller pairs begin/end and puts a key before each value in an object; nothing is checked.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>

namespace contextfit::web {

class JsonOut {
public:
    JsonOut& begin_object();
    JsonOut& end_object();
    JsonOut& begin_array();
    JsonOut& end_array();
    JsonOut& key(std::string_view name);

    JsonOut& value(std::string_view s);
    JsonOut& value(const std::string& s) { return value(std::string_view(s)); }
    JsonOut& value(const char* s) { return value(std::string_view(s)); }
    JsonOut& value(double x);
    JsonOut& value(bool b);
    JsonOut& value(std::nullptr_t);
    template <class T, std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>, int> = 0>
    JsonOut& value(T n) {
        if constexpr (std::is_signed_v<T>) return signed_value(n);
        else return unsigned_value(n);
    }

    template <class T>
    JsonOut& field(std::string_view name, const T& v) {
        key(name);
        return value(v);
    }

    const std::string& text() const { return out_; }

private:
    JsonOut& signed_value(long long n);
    JsonOut& unsigned_value(unsigned long long n);
    void separate();  // a comma before every value or key but the first of its container
    JsonOut& open(char bracket);   // '{' or '[': a value of the enclosing container, first of its own
    JsonOut& close(char bracket);  // '}' or ']': what follows in the enclosing container needs a comma

    std::string out_;
    bool comma_ = false;
};

}  // namespace contextfit::web
