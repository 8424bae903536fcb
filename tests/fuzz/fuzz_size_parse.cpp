// Fuzz target for parse_size (core/size_parse.h): any text gives a size within the cap or an error, never a crash;
// a size it accepts, printed with format_size, parses again to a size within 1% of it (below the cap's last 1%).
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "size_parse.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const contextfit::Result<uint64_t> bytes = contextfit::parse_size(text);
    if (!bytes) return 0;
    if (*bytes > contextfit::max_size_bytes) std::abort();
    for (const bool binary : {true, false}) {
        const contextfit::Result<uint64_t> again = contextfit::parse_size(contextfit::format_size(*bytes, binary, 4));
        if (!again) {
            // Rounding to 4 digits may lift a size near the 1 PiB cap just over it ("1.1259 PB"): refused, fine.
            if (*bytes >= contextfit::max_size_bytes / 100 * 99) continue;
            std::abort();
        }
        const uint64_t diff = *again > *bytes ? *again - *bytes : *bytes - *again;
        if (diff > *bytes / 100 + 1) std::abort();
    }
    return 0;
}
