// Fuzz target for the hardware inputs a person types (core/hardware.h, core/weights.h): a --hardware spec (a catalog
// id or a custom device), a --bandwidth rate and a bits-per-weight format. Any text gives a value within its stated
// range or an error, never a crash; a custom device's canonical spec reads back to the same device.
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
    if (spec && (spec->count < 1 || spec->count > 4096)) std::abort();
    if (spec && !is_custom_spec(text) && !catalog->find(spec->device.id)) std::abort();
    if (spec && is_custom_spec(text)) {
        // A custom device's id is its canonical spec: it reads back to the same figures (what a link relies on).
        const Result<DeviceCount> again = parse_hardware_spec(*catalog, spec->device.id);
        if (!again || again->device.id != spec->device.id || again->device.memory_bytes != spec->device.memory_bytes ||
            again->device.bandwidth_gbs != spec->device.bandwidth_gbs ||
            again->device.compute_tflops != spec->device.compute_tflops)
            std::abort();
    }
    const Result<double> rate = parse_bandwidth(text);
    if (rate && !(*rate > 0 && *rate < 1e6)) std::abort();
    const Result<WeightFormat> bpw = weight_format_from_bpw(text);
    if (bpw && !(bpw->bits_per_weight > 0 && bpw->bits_per_weight <= 32)) std::abort();
    return 0;
}
