// Result<T>: a value or a precise error, never an exception.
//
// The wasm build has exceptions off, so core reports failure by value (STYLE.md "Errors").
// A default-built Result is an error, so `return {};` can never pass for success.
#pragma once

#include <optional>
#include <string>
#include <utility>

namespace contextfit {

enum class ErrorCode {
    invalid_input,   // text or value that does not parse or is out of the accepted range
    unknown_name,    // an id, unit or option name that is not in the accepted list
    does_not_fit,    // a request that cannot be satisfied (kept apart: it is an answer, not a bug)
    bad_data,        // an asset or file whose structure is wrong
    internal,        // a default-built Result: someone returned {} by mistake
};

const char* error_code_name(ErrorCode code);

struct Error {
    ErrorCode code = ErrorCode::internal;
    std::string message = "no value (default-built result)";
};

template <class T>
class [[nodiscard]] Result {
public:
    Result() = default;
    Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit on purpose, like StatusOr
    Result(Error error) : error_(std::move(error)) {}  // NOLINT

    bool ok() const { return value_.has_value(); }
    explicit operator bool() const { return ok(); }

    const T& value() const& { return *value_; }
    T& value() & { return *value_; }
    T&& value() && { return std::move(*value_); }
    const T* operator->() const { return &*value_; }
    const T& operator*() const { return *value_; }

    const Error& error() const { return error_; }

private:
    std::optional<T> value_;
    Error error_;
};

inline Error make_error(ErrorCode code, std::string message) { return Error{code, std::move(message)}; }

}  // namespace contextfit
