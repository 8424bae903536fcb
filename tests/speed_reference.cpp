// speed_reference: what core/speed.h says for a page's inputs, as JSON, for tests/web/time.mjs to compare the
// page's mirror with. Built from core calls only (estimate() for the runtime options and the tokens that fit,
// then place + estimate_speed), not from web/, so a slip in the page's request building or the wasm build shows.
// The CLI's `contextfit time` answers the same question; this tool exists so the page test does not wait for it.
//
//   speed_reference --model deepseek-v3 --weights q4_k_m --kv q8_0 --ram 1000GiB --hw xeon-6980p [--hw rtx-4090:2]
//                   [--runtime llama.cpp]
// prints {"tokens", "decode_tokens_per_s", "prefill_tokens_per_s", "prefill_seconds",
//         "devices": [{"id", "count", "weights_bytes", "kv_bytes", "layers"}]}; exit 1 with a message on bad input.
#include <cstdio>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "embedded_assets.h"
#include "estimate.h"
#include "size_parse.h"
#include "speed.h"

using namespace contextfit;

namespace {

int fail(const std::string& message) {
    std::fprintf(stderr, "speed_reference: %s\n", message.c_str());
    return 1;
}

}  // namespace

int main(int argc, char** argv) {
    Result<Assets> assets = Assets::parse(embedded_models_json(), embedded_weight_formats_json(), embedded_text_json(),
                                          embedded_strings_json(), embedded_hardware_json());
    if (!assets) return fail(assets.error().message);
    EstimateRequest er;
    std::vector<DeviceCount> hardware;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i], value = argv[i + 1];
        if (flag == "--model") er.model = value;
        else if (flag == "--weights") er.weights = value;
        else if (flag == "--kv") er.kv_type = value;
        else if (flag == "--runtime") er.runtime = value;
        else if (flag == "--ram") {
            Result<uint64_t> ram = parse_size(value);
            if (!ram) return fail(ram.error().message);
            er.ram_bytes = *ram;
        } else if (flag == "--hw") {
            Result<DeviceCount> d = parse_hardware_spec(assets->hardware, value);
            if (!d) return fail(d.error().message);
            hardware.push_back(*d);
        } else {
            return fail("unknown flag " + flag + "; accepted: --model --weights --kv --runtime --ram --hw");
        }
    }
    Result<Estimate> e = estimate(*assets, er);
    if (!e) return fail(e.error().message);
    SpeedRequest sr;
    sr.placement = {e->model, *e->weights, e->options, e->fit.tokens, hardware, e->ram_bytes, e->reserve_bytes, {}};
    sr.depth = sr.tokens = e->fit.tokens;
    Result<SpeedResult> s = estimate_speed(assets->hardware, sr, assets->strings, "en");
    if (!s) return fail(s.error().message);
    nlohmann::json out = {{"tokens", e->fit.tokens},
                          {"decode_tokens_per_s", s->decode_tokens_per_s},
                          {"prefill_tokens_per_s", s->prefill_tokens_per_s},
                          {"prefill_seconds", s->prefill_seconds},
                          {"devices", nlohmann::json::array()}};
    for (const DevicePlacement& d : s->placement.devices)
        out["devices"].push_back({{"id", d.device.id}, {"count", d.count}, {"weights_bytes", d.weights_bytes},
                                  {"kv_bytes", d.kv_bytes}, {"layers", d.layers}});
    std::printf("%s\n", out.dump().c_str());
    return 0;
}
