// Fuzz target for the hardware inputs a person types (core/hardware.h, core/weights.h): a --hardware spec, a
// --bandwidth rate and a bits-per-weight format. Any text gives a value within its stated range or an error,
// never a crash.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "embedded_assets.h"
#include "hardware.h"
#include "weights.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace contextfit;
    static const Result<HardwareCatalog> catalog = HardwareCatalog::parse(embedded_hardware_json());
    if (!catalog) std::abort();
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const Result<DeviceCount> spec = parse_hardware_spec(*catalog, text);
    if (spec && (spec->count < 1 || spec->count > 4096 || !catalog->find(spec->device.id))) std::abort();
    const Result<double> rate = parse_bandwidth(text);
    if (rate && !(*rate > 0 && *rate < 1e6)) std::abort();
    const Result<WeightFormat> bpw = weight_format_from_bpw(text);
    if (bpw && !(bpw->bits_per_weight > 0 && bpw->bits_per_weight <= 32)) std::abort();
    return 0;
}
