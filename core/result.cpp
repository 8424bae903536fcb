#include "result.h"

#include <cstdio>
#include <cstdlib>

namespace contextfit {

const char* error_code_name(ErrorCode code) {
    switch (code) {
        case ErrorCode::invalid_input: return "invalid_input";
        case ErrorCode::unknown_name: return "unknown_name";
        case ErrorCode::does_not_fit: return "does_not_fit";
        case ErrorCode::bad_data: return "bad_data";
        case ErrorCode::internal: return "internal";
    }
    return "internal";
}

void fatal_error(const char* what, const std::string& message) {
    std::fprintf(stderr, "contextfit: %s: %s\n", what, message.c_str());
    std::abort();
}

}  // namespace contextfit
