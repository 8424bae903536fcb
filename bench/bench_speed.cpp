// Time for placement + speed: every catalog model on one hardware preset (a "whole-catalog sweep"), over every
// preset, per runtime profile. GPUs and unified chips are paired with an EPYC 9654 for the layers that spill
// to RAM; vLLM runs on the GPU presets alone.
// Run: build/native/bench/bench_speed   (seconds per whole-catalog sweep of one preset, and per placement + speed)
#include <benchmark/benchmark.h>

#include "bench_assets.h"
#include "estimate.h"
#include "speed.h"

namespace {

using namespace contextfit;

using bench::assets;

const HardwareCatalog& hardware() { return assets().hardware; }

std::vector<DeviceCount> machine(const Device& d) {
    std::vector<DeviceCount> hw{{d, 1}};
    if (d.kind == DeviceKind::gpu) hw.push_back({*hardware().find("epyc-9654"), 1});
    return hw;
}

void BM_CatalogSweepPerPreset(benchmark::State& state) {
    const Runtime runtime = static_cast<Runtime>(state.range(0));
    const WeightFormat& q4 = **assets().formats.lookup("q4_k_m");
    size_t answers = 0, sweeps = 0;
    for (auto _ : state) {
        for (const Device& d : hardware().devices()) {
            if (runtime == Runtime::vllm && d.kind == DeviceKind::cpu) continue;
            for (const ModelSpec& m : assets().catalog.models()) {
                SpeedRequest r;
                r.placement.model = &m;
                r.placement.weights = q4;
                r.placement.options.kv.runtime = runtime;
                r.placement.ctx = 32768;
                r.placement.hardware = machine(d);
                r.depth = 16384;
                r.tokens = 131072;
                Result<SpeedResult> s = estimate_speed(hardware(), r, assets().strings, "en");
                benchmark::DoNotOptimize(s);
                ++answers;
            }
            ++sweeps;
        }
    }
    state.SetLabel(runtime_name(runtime));
    state.counters["s_per_preset_sweep"] = benchmark::Counter(
        static_cast<double>(sweeps), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
    state.counters["s_per_answer"] = benchmark::Counter(
        static_cast<double>(answers), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_CatalogSweepPerPreset)->Arg(static_cast<int>(Runtime::llama_cpp))->Arg(static_cast<int>(Runtime::vllm))
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
