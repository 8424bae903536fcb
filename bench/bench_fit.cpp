// Time per estimate: fit + text conversion for every catalog model at 10 memory sizes, per runtime.
// Run: build/native/bench/bench_fit   (prints ns per estimate; the target is well under 1 ms for the whole catalog)
#include <benchmark/benchmark.h>

#include <cstdio>

#include "bench_assets.h"
#include "embedded_assets.h"
#include "estimate.h"

namespace {

using namespace contextfit;

using bench::assets;

constexpr uint64_t GiB = uint64_t{1} << 30;
const uint64_t sizes[] = {8 * GiB, 16 * GiB, 32 * GiB, 64 * GiB, 128 * GiB, 256 * GiB, 512 * GiB, 1024 * GiB,
                          1536 * GiB, 2048 * GiB};

void BM_WholeCatalog(benchmark::State& state) {
    const Runtime runtime = static_cast<Runtime>(state.range(0));
    const Assets& a = assets();
    size_t estimates = 0;
    for (auto _ : state) {
        for (const ModelSpec& m : a.catalog.models()) {
            const WeightFormat& f = **a.formats.lookup("q4_k_m");
            RuntimeOptions o;
            o.kv.runtime = runtime;
            const uint64_t w = weights_bytes(m, f);
            for (uint64_t ram : sizes) {
                FitResult r = fit(m, w, ram, 2 * GiB, o);
                Result<TextSize> t = a.text.convert(r.tokens, "ru", m.tokenizer, "standard");
                benchmark::DoNotOptimize(r);
                benchmark::DoNotOptimize(t);
                ++estimates;
            }
        }
    }
    state.SetLabel(runtime_name(runtime));
    state.counters["estimates"] = benchmark::Counter(static_cast<double>(estimates), benchmark::Counter::kIsRate);
    state.counters["ns_per_estimate"] = benchmark::Counter(
        static_cast<double>(estimates), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_WholeCatalog)->Arg(0)->Arg(1)->Arg(2)->Unit(benchmark::kMicrosecond);

void BM_FullEstimateRequest(benchmark::State& state) {
    EstimateRequest r;
    r.model = "llama-3.1-70b";
    r.ram_bytes = 1000 * GiB;
    r.language = "ru";
    for (auto _ : state) {
        Result<Estimate> e = estimate(assets(), r);
        benchmark::DoNotOptimize(e);
    }
}
BENCHMARK(BM_FullEstimateRequest)->Unit(benchmark::kMicrosecond);

void BM_ParseAssets(benchmark::State& state) {
    for (auto _ : state) {
        Result<Assets> a = Assets::parse(embedded_models_json(), embedded_weight_formats_json(), embedded_text_json(),
                                         embedded_strings_json(), embedded_hardware_json());
        benchmark::DoNotOptimize(a);
    }
}
BENCHMARK(BM_ParseAssets)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
