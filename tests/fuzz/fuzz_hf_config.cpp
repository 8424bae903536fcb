// Fuzz target for the config.json reader (core/hf_config.h): any bytes give a model or an error, never a crash or
// a hang; a model it accepts has layer counts that add up and passes the catalog's own validation.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "catalog.h"
#include "hf_config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const contextfit::Result<contextfit::HfConfig> read = contextfit::parse_hf_config(text, "fuzz");
    if (!read) {
        if (read.error().message.empty()) std::abort();
        return 0;
    }
    const contextfit::ModelSpec& m = read->model;
    if (m.n_layer_full + m.n_layer_swa + m.recurrent.n_layer != m.n_layer) std::abort();
    if (!contextfit::validate_model(m)) std::abort();
    if (m.n_params_active > m.n_params) std::abort();
    return 0;
}
