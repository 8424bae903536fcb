// Decode and prefill speed: hand-worked cases per device class (the arithmetic in each comment, per-layer
// parameters from the model cards' dimensions), then the public llama-bench rows of tests/data/speed-rows.json,
// each within its stated tolerance; rows marked hold-out never fed a constant in assets/hardware.json.
#include "speed.h"

#include <cmath>
#include <cstdio>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "test_assets.h"

namespace contextfit {

const std::string& speed_rows_json();  // generated from tests/data/speed-rows.json

namespace {

SpeedRequest request(const char* model, const char* weights, const char* kv, std::vector<const char*> hardware,
                     uint64_t depth = 0, uint64_t tokens = 0, Runtime runtime = Runtime::llama_cpp) {
    SpeedRequest r;
    PlacementRequest& p = r.placement;
    p.model = &test::model(model);
    Result<const WeightFormat*> format = test::assets().formats.lookup(weights);
    p.weights = format ? **format : weight_format_from_bpw(weights).value();
    p.options.kv.runtime = runtime;
    p.options.kv.type_k = p.options.kv.type_v = parse_kv_type(kv, runtime).value();
    p.ctx = std::max<uint64_t>(depth, tokens) + 512;
    for (const char* spec : hardware) p.hardware.push_back(parse_hardware_spec(test::hardware(), spec).value());
    r.depth = depth;
    r.tokens = tokens;
    return r;
}

SpeedResult speed(const SpeedRequest& r) {
    Result<SpeedResult> s = estimate_speed(test::hardware(), r, test::assets().strings, "en");
    if (!s) ADD_FAILURE() << s.error().message;
    return s ? s.value() : SpeedResult{};
}

// The headline: DeepSeek-V3 at 4.141 bpw, q8_0 KV, one Xeon 6980P socket, 1,000,000 tokens from empty.
//   prefill per token a = 2 x 36.6e9 active (37B less the input table) / 16.38e12 FLOP/s
//                         + 347.3 GB / (512 x 614.4e9 x 0.34) = 4.5 + 3.2 ms
//   attention per token of depth: 61 layers x 2 x 128 heads x (2 x 512 + 64) = 16.99e6 FLOPs / 16.38e12
//     -> b = 1.04e-6 s per token of depth
//   seconds(1e6) = 1e6 x 7.7e-3 + 1.04e-6 x 1e12 / 2 = 7.7e3 + 5.2e5 s = 6.1 days (the public sweep extrapolated:
//   ~170 h, a week). Days, not minutes.
TEST(Speed, HeadlineDeepSeekOnOneXeonTakesDays) {
    const SpeedResult s = speed(request("deepseek-v3", "4.141bpw", "q8_0", {"xeon-6980p"}, 0, 1000000));
    const double days = s.prefill_seconds / 86400;
    EXPECT_GT(days, 5.0);
    EXPECT_LT(days, 7.5);
    // Decode once the million tokens are in: KV read 1e6 x 61 x 612 B (q8_0 of 576 values) = 37.3 GB plus
    // attention 1.7e13 FLOPs / (16.38e12 x 0.27) = 3.8 s a token: well under one token per second.
    EXPECT_LT(s.decode_tokens_per_s_at_tokens, 0.5);
    EXPECT_NEAR(s.decode_tokens_per_s, 10.2, 1.0);  // public: 9.7-10.7 t/s at depth 0
}

// GPU, dense: Llama 2 7B Q4_0 on an RTX 3090 at depth 0.
//   active: 32 x (4 x 4096^2 + 3 x 4096 x 11008 + 2 x 4096) + output 32000 x 4096 = 6,607,208,448 params
//   x 4.5 / 8 = 3.7166 GB / (936e9 x 0.735) = 5.402 ms (> floor 32 x 0.111 = 3.55 ms) -> 185.1 t/s
TEST(Speed, HandWorkedGpuDecode) {
    const SpeedResult s = speed(request("llama-2-7b", "q4_0", "f16", {"rtx-3090"}));
    EXPECT_NEAR(s.decode_tokens_per_s, 185.1, 185.1 * 0.005);
}

// CPU, dense: Llama 3.1 8B Q8_0 on a Ryzen 9 7950X (mainline llama.cpp), depth 0.
//   active: 32 x (2 x 4096^2 + 2 x 4096 x 1024 + 3 x 4096 x 14336 + 2 x 4096) + output 128256 x 4096
//         = 7,504,924,672 params; decode 7.5049e9 x 8.5 / 8 = 7.974 GB / (83.2e9 x 0.57) = 168.2 ms -> 5.95 t/s
//   prefill: 2 x 7.5049e9 / (16 x 4.5e9 x 32 x 1.0) = 6.515 ms + all 8.0306e9 x 8.5 / 8 = 8.532 GB of weights /
//            (512 x 47.42e9) = 0.351 ms -> 145.6 t/s
TEST(Speed, HandWorkedCpu) {
    const SpeedResult s = speed(request("llama-3.1-8b", "q8_0", "f16", {"ryzen-9-7950x"}));
    EXPECT_NEAR(s.decode_tokens_per_s, 5.95, 5.95 * 0.005);
    EXPECT_NEAR(s.prefill_tokens_per_s, 145.6, 145.6 * 0.005);
}

// CPU without VNNI: Llama 3.1 8B Q8_0 on 2x Xeon Gold 6138 (Skylake-SP: AVX-512 without VNNI), depth 0.
//   compute: 40 cores x 2.0 GHz x 64 FP32 FLOPs = 5.12 TFLOPS, cpu_server prefill_fraction 1.0, and int8 dot products
//            at 1/3 (VPMADDUBSW + VPMADDWD + VPADDD for one VPDPBUSD: llama.cpp ggml/src/ggml-cpu/arch/x86/repack.cpp)
//   prefill: 2 x 7.5049e9 / (5.12e12 x 1.0 / 3) = 8.795 ms + 8.532 GB of weights / (512 x 127.95e9 x 0.34 = 22,273.5
//            GB/s; one socket's half of the preset's 255.9 GB/s) = 0.383 ms -> 9.178 ms -> 109.0 t/s (with VNNI: 301.7)
//   BF16 weights are not multiplied with int8 dot products and keep the full rate: 2 x 7.5049e9 / 5.12e12 = 2.932 ms
//            + 16.061 GB / 22,273.5 GB/s = 0.721 ms -> 3.653 ms -> 273.8 t/s
TEST(Speed, HandWorkedCpuWithoutVnni) {
    const SpeedResult q8 = speed(request("llama-3.1-8b", "q8_0", "f16", {"xeon-gold-6138-2s"}));
    EXPECT_NEAR(q8.prefill_tokens_per_s, 109.0, 109.0 * 0.005);
    const SpeedResult bf16 = speed(request("llama-3.1-8b", "bf16", "f16", {"xeon-gold-6138-2s"}));
    EXPECT_NEAR(bf16.prefill_tokens_per_s, 273.8, 273.8 * 0.005);
}

// The trace names the factor where it applies, and only there.
TEST(Speed, TraceNamesTheInt8Factor) {
    const auto device_line = [](const char* hardware, const char* weights) {
        const SpeedResult s = speed(request("llama-3.1-8b", weights, "f16", {hardware}));
        return s.trace.empty() ? std::string() : s.trace.front().formula;
    };
    EXPECT_NE(device_line("xeon-gold-6138-2s", "q8_0").find("x 1/3 (int8_dot none: without VNNI"),
              std::string::npos) << device_line("xeon-gold-6138-2s", "q8_0");
    EXPECT_EQ(device_line("xeon-gold-6138-2s", "bf16").find("VNNI"), std::string::npos);
    EXPECT_EQ(device_line("ryzen-9-7950x", "q8_0").find("VNNI"), std::string::npos);
}

// Unified: Llama 2 7B Q4_0 on a DGX Spark. Decode 3.7166 GB / (273e9 x 0.8) = 17.02 ms -> 58.76 t/s.
// Prefill: 2 x 6.6072e9 / (125e12 x 0.33) = 0.3203 ms + 3.7905 GB (with the embedding) / (512 x 218.4e9)
//          = 0.0339 ms -> 2,824 t/s.
TEST(Speed, HandWorkedUnified) {
    const SpeedResult s = speed(request("llama-2-7b", "q4_0", "f16", {"dgx-spark"}));
    EXPECT_NEAR(s.decode_tokens_per_s, 58.76, 58.76 * 0.005);
    EXPECT_NEAR(s.prefill_tokens_per_s, 2824, 2824 * 0.01);
}

// Apple: the per-layer floor binds for a small quant on an Ultra: Llama 2 7B Q4_0, M2 Ultra 60c:
// memory 3.7166 GB / (800e9 x 0.67) = 6.93 ms < floor 32 x 0.35 = 11.2 ms -> 89.3 t/s.
TEST(Speed, HandWorkedAppleFloor) {
    const SpeedResult s = speed(request("llama-2-7b", "q4_0", "f16", {"apple-m2-ultra-60c"}));
    EXPECT_NEAR(s.decode_tokens_per_s, 89.3, 89.3 * 0.005);
}

// A GPU + RAM split runs its parts one after another: the split is slower than the CPU's part alone would
// allow for all layers on the GPU, and faster than everything on the CPU.
TEST(Speed, SplitAddsDeviceTimes) {
    const SpeedResult split = speed(request("llama-3.1-70b", "q4_k_m", "f16", {"rtx-4090", "epyc-9654"}));
    const SpeedResult cpu = speed(request("llama-3.1-70b", "q4_k_m", "f16", {"epyc-9654"}));
    ASSERT_EQ(split.devices.size(), 2u);
    EXPECT_NEAR(1 / split.decode_tokens_per_s, split.devices[0].decode_seconds + split.devices[1].decode_seconds, 1e-9);
    EXPECT_GT(split.decode_tokens_per_s, cpu.decode_tokens_per_s);
    // 34 of 80 blocks on the CPU: its share of the CPU-only time is about 34/80 (the output layer aside).
    EXPECT_NEAR(split.devices[1].decode_seconds / (1 / cpu.decode_tokens_per_s), 34.0 / 80, 0.03);
}

// Prefill slows with depth as attention grows: the closed-form integral equals a numeric one.
TEST(Speed, TimeToReadIsTheIntegralOfPerTokenTime) {
    const SpeedRequest r = request("gemma-3-27b", "q4_k_m", "f16", {"rtx-4090", "ryzen-9-9950x"}, 0, 60000);
    const SpeedResult s = speed(r);
    double numeric = 0;
    const uint64_t step = 1000;
    for (uint64_t d = step / 2; d < r.tokens; d += step) {
        SpeedRequest at = r;
        at.depth = d;
        numeric += double(step) / speed(at).prefill_tokens_per_s;
    }
    EXPECT_NEAR(s.prefill_seconds, numeric, numeric * 0.002);
}

// vLLM TP divides each GPU's bytes: Llama 3.1 70B BF16 on 4 H100s reads 141.1 GB / 4 = 35.3 GB per GPU and
// token -> 35.3e9 / (3350e9 x 0.735) = 14.3 ms -> ~70 t/s (all-reduce neglected).
TEST(Speed, VllmTensorParallelDividesBytes) {
    const SpeedResult s = speed(request("llama-3.1-70b", "bf16", "f16", {"h100-sxm:4"}, 0, 0, Runtime::vllm));
    EXPECT_NEAR(s.decode_tokens_per_s, 70, 70 * 0.03);
}

TEST(Speed, LayersInRamNeedACpu) {
    const SpeedRequest r = request("llama-3.1-70b", "q4_k_m", "f16", {"rtx-4090"});
    Result<SpeedResult> s = estimate_speed(test::hardware(), r, test::assets().strings, "en");
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.error().message.find("no CPU was listed"), std::string::npos) << s.error().message;
}

// --bandwidth replaces the CPU's peak (here DDR5-4800 in 2 channels = 76.8 GB/s instead of 83.2): decode
// scales by 76.8 / 83.2.
TEST(Speed, BandwidthOverride) {
    SpeedRequest r = request("llama-3.1-8b", "q8_0", "f16", {"ryzen-9-7950x"});
    const double base = speed(r).decode_tokens_per_s;
    r.bandwidth_gbs = 76.8;
    EXPECT_NEAR(speed(r).decode_tokens_per_s / base, 76.8 / 83.2, 1e-6);
}

struct Row {
    std::string name, model, weights, kv, hardware, test, calibration, source;
    uint64_t depth = 0;
    double measured = 0, tolerance = 0;
};

std::vector<Row> rows() {
    const nlohmann::json doc = nlohmann::json::parse(speed_rows_json());
    std::vector<Row> out;
    for (const nlohmann::json& j : doc["rows"])
        out.push_back({j["name"], j["model"], j["weights"], j["kv"], j["hardware"], j["test"], j["calibration"],
                       j["source"], j["depth"], j["measured_tps"], j["tolerance"]});
    return out;
}

void PrintTo(const Row& row, std::ostream* os) { *os << row.name; }

class PublicRows : public testing::TestWithParam<Row> {};

TEST_P(PublicRows, WithinTolerance) {
    const Row& row = GetParam();
    const SpeedResult s = speed(request(row.model.c_str(), row.weights.c_str(), row.kv.c_str(), {row.hardware.c_str()},
                                        row.depth));
    const double predicted = row.test == "decode" ? s.decode_tokens_per_s : s.prefill_tokens_per_s;
    const double error = predicted / row.measured - 1;
    std::printf("[ row ] %-48s %-11s predicted %9.2f measured %9.2f  %+6.1f %%\n", row.name.c_str(),
                row.calibration.c_str(), predicted, row.measured, error * 100);
    EXPECT_LE(std::abs(error), row.tolerance) << row.name << " (" << row.source << ")";
}

INSTANTIATE_TEST_SUITE_P(Measured, PublicRows, testing::ValuesIn(rows()),
                         [](const testing::TestParamInfo<Row>& i) { return i.param.name; });

}  // namespace
}  // namespace contextfit
