// Result<T>: a value or a precise error, never an exception; Status: success or a precise error, for calls that
// return no value.
//
// The wasm build has exceptions off, so core reports failure by value (as abseil's StatusOr / Status do).
// A default-built Result or Status is an error, so `return {};` can never pass for success. Reading value() of
// an error is a bug in the caller: it stops the program with the error's message instead of reading an empty
// optional.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace contextfit {

enum class ErrorCode {
    invalid_input,   // text or value that does not parse or is out of the accepted range
    unknown_name,    // an id, unit or option name that is not in the accepted list
    does_not_fit,    // a request that cannot be satisfied (kept apart: it is an answer, not a bug)
    bad_data,        // an asset or file whose structure is wrong
    internal,        // a default-built Result: someone returned {} by mistake
};

const char* error_code_name(ErrorCode code);

// Prints "contextfit: <what>: <message>" to stderr and aborts: a broken invariant, not an answer.
[[noreturn]] void fatal_error(const char* what, const std::string& message);

// {name} values of a strings.json template, in order.
using Substitutions = std::vector<std::pair<std::string, std::string>>;

struct Error {
    ErrorCode code = ErrorCode::internal;
    std::string message = "no value";  // a default-built result; short enough to need no allocation (SSO)
    // For errors a reader can cause (sizes, names, ranges): a key of assets/strings.json and its {name} values,
    // so a shell says it in the reader's language (Strings::error_message); empty: the message is all there is.
    std::string key;
    Substitutions args;
    // The steps it happened in, innermost first, each a strings.json template around the text so far ({reason})
    // with its own values: "--ram: {reason}", "the model in this file cannot be sized: {reason}" (within()).
    struct Step {
        std::string key;
        Substitutions args;
    };
    std::vector<Step> steps;
};

template <class T>
class [[nodiscard]] Result {
public:
    Result() = default;
    Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit on purpose, like StatusOr
    Result(Error error) : error_(std::move(error)) {}  // NOLINT

    bool ok() const { return value_.has_value(); }
    explicit operator bool() const { return ok(); }

    const T& value() const& { return checked(), *value_; }
    T& value() & { return checked(), *value_; }
    T&& value() && { return checked(), std::move(*value_); }
    const T* operator->() const { return &value(); }
    T* operator->() { return &value(); }
    const T& operator*() const { return value(); }

    const Error& error() const { return error_; }

private:
    void checked() const {
        if (!value_) fatal_error("Result::value() on an error", error_.message);
    }

    std::optional<T> value_;
    Error error_;
};

// Success, or the error of a call that returns nothing else. `return ok_status();` for success.
class [[nodiscard]] Status {
public:
    Status() = default;                                    // an error, as a default-built Result
    Status(Error error) : error_(std::move(error)) {}     // NOLINT: implicit on purpose, like Result
    static Status success() {
        Status s;
        s.ok_ = true;
        return s;
    }

    bool ok() const { return ok_; }
    explicit operator bool() const { return ok_; }
    const Error& error() const { return error_; }

private:
    bool ok_ = false;
    Error error_;
};

inline Status ok_status() { return Status::success(); }

inline Error make_error(ErrorCode code, std::string message) { return Error{code, std::move(message), {}, {}, {}}; }
// The same, with the strings.json key and values a shell phrases it with; `message` stays the English text.
inline Error make_error(ErrorCode code, std::string message, std::string key, Substitutions args) {
    return Error{code, std::move(message), std::move(key), std::move(args), {}};
}

// e, met inside a larger step: the English message gets `prefix` before it, a shell's phrasing the template `key`
// around its own ({reason}, plus `args`).
inline Error within(Error e, const std::string& prefix, std::string key, Substitutions args = {}) {
    e.message = prefix + e.message;
    e.steps.push_back({std::move(key), std::move(args)});
    return e;
}

}  // namespace contextfit
