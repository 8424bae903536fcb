#include "bench_assets.h"

#include "embedded_assets.h"

namespace contextfit::bench {

const Assets& assets() {
    static const Result<Assets> a = Assets::parse(embedded_models_json(), embedded_weight_formats_json(),
                                                  embedded_text_json(), embedded_strings_json(),
                                                  embedded_hardware_json());
    return a.value();
}

}  // namespace contextfit::bench
