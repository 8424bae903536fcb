#include "test_assets.h"

#include <cstdlib>
#include <cstdio>

#include "embedded_assets.h"

namespace contextfit::test {

const Assets& assets() {
    static const Result<Assets> parsed = Assets::parse(embedded_models_json(), embedded_weight_formats_json(),
                                                       embedded_text_json(), embedded_strings_json(),
                                                       embedded_hardware_json());
    if (!parsed) {
        std::fprintf(stderr, "assets do not parse: %s\n", parsed.error().message.c_str());
        std::abort();
    }
    return parsed.value();
}

const ModelSpec& model(const char* id) {
    const ModelSpec* m = assets().catalog.find(id);
    if (!m) {
        std::fprintf(stderr, "no model %s in the catalog\n", id);
        std::abort();
    }
    return *m;
}

const HardwareCatalog& hardware() {
    static const Result<HardwareCatalog> parsed = HardwareCatalog::parse(embedded_hardware_json());
    if (!parsed) {
        std::fprintf(stderr, "hardware catalog does not parse: %s\n", parsed.error().message.c_str());
        std::abort();
    }
    return parsed.value();
}

std::string english_error(const Error& e) {
    const std::string s = assets().strings.error_message(e, "en");
    const auto digit = [&](size_t i) { return i < s.size() && s[i] >= '0' && s[i] <= '9'; };
    std::string out;
    for (size_t i = 0; i < s.size(); ++i)
        if (!(s[i] == ',' && i > 0 && digit(i - 1) && digit(i + 1) && digit(i + 2) && digit(i + 3) && !digit(i + 4)))
            out += s[i];
    return out;
}

const Device& device(const char* id) {
    const Device* d = hardware().find(id);
    if (!d) {
        std::fprintf(stderr, "no device %s in the hardware catalog\n", id);
        std::abort();
    }
    return *d;
}

}  // namespace contextfit::test
