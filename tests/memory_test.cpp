// Runtime buffers against sizes the engines logged (shared/reference/llamacpp-rules.md rule 7, engine-figures
// case 43). The llama.cpp compute buffer is an estimate: rows say the residual they allow and why.
#include "memory.h"
#include "weights.h"

#include <cmath>

#include <gtest/gtest.h>

#include "test_assets.h"

namespace contextfit {
namespace {

constexpr double MiB = 1048576.0;

struct ComputeRow {
    const char* name;
    const char* model;
    uint64_t ctx;
    bool flash_attn;
    double logged_mib;
    double tolerance;  // relative
};

class LlamaCppCompute : public testing::TestWithParam<ComputeRow> {};

TEST_P(LlamaCppCompute, NearLoggedSize) {
    const ComputeRow& row = GetParam();
    RuntimeOptions o;
    o.flash_attn = row.flash_attn;
    const MemoryBreakdown b = memory_at(test::model(row.model), 0, row.ctx, o);
    EXPECT_NEAR(static_cast<double>(b.compute_bytes) / MiB, row.logged_mib, row.logged_mib * row.tolerance);
}

INSTANTIATE_TEST_SUITE_P(
    Rule7, LlamaCppCompute,
    testing::Values(
        // Logits phase dominates with flash attention; these two match to the 0.01 MiB.
        ComputeRow{"llama31_8b_fa_ub512", "llama-3.1-8b", 4096, true, 266.50, 0.001},
        ComputeRow{"qwen3_8b_fa_ub512", "qwen3-8b", 4096, true, 312.75, 0.001},
        // Small vocabulary: the FFN phase wins; the estimate is 96.5 MiB (-4 %).
        ComputeRow{"llama2_7b_fa_ub512", "llama-2-7b", 4096, true, 100.51, 0.05},
        // Without flash attention the f32 KQ scores grow with context: 2152 vs 2156.01 MiB (-0.2 %).
        ComputeRow{"llama31_8b_nofa_32k", "llama-3.1-8b", 32768, false, 2156.01, 0.005},
        // 7459 vs 7461.01 MiB.
        ComputeRow{"qwen25_7b_nofa_131k", "qwen2.5-7b", 131072, false, 7461.01, 0.005}),
    [](const testing::TestParamInfo<ComputeRow>& info) { return std::string(info.param.name); });

TEST(LlamaCppOutput, OneLogitsRowPerSequence) {
    // Rule 8: n_vocab x 4 B x n_seq; Llama 3: 128256 x 4 = 501 KiB per sequence.
    RuntimeOptions o;
    o.kv.n_seq = 3;
    EXPECT_EQ(memory_at(test::model("llama-3.1-8b"), 0, 4096, o).output_bytes, 128256u * 4 * 3);
}

TEST(Vllm, Case43KvBudgetWithinTwoPercent) {
    // vLLM V0, RTX 3090 (23.58 GiB), utilization 0.9, max_model_len = batched tokens 29000: the engine logged weights
    // 14.9888 GiB, KV 2.89 GiB = 1478 blocks x 16 = 23648 tokens. The activation peak here is our estimate.
    RuntimeOptions o;
    o.kv.runtime = Runtime::vllm;
    o.max_num_batched_tokens = 29000;
    o.cuda_graph_bytes = 0;  // V0 did not subtract CUDA graphs
    const ModelSpec& m = test::model("llama-3.1-8b");
    const uint64_t ram = static_cast<uint64_t>(23.58 * (1 << 30));
    const uint64_t weights = static_cast<uint64_t>(14.9888 * (1 << 30));
    const MemoryBreakdown b = memory_at(m, weights, 0, o);
    const double kv_budget = static_cast<double>(usable_bytes(ram, 0, o)) - static_cast<double>(b.total());
    const double tokens = std::floor(kv_budget / (16.0 * 131072)) * 16;
    EXPECT_NEAR(tokens, 23648, 23648 * 0.02);
}

TEST(Usable, ReserveAndUtilization) {
    RuntimeOptions o;
    EXPECT_EQ(usable_bytes(100, 30, o), 70u);
    EXPECT_EQ(usable_bytes(100, 100, o), 0u);
    EXPECT_EQ(usable_bytes(100, 200, o), 0u);
    o.kv.runtime = Runtime::vllm;
    EXPECT_EQ(usable_bytes(1000, 0, o), 900u);
    EXPECT_EQ(ram_for_usable(900, 0, o), 1000u);
}

}  // namespace
}  // namespace contextfit

namespace contextfit {
namespace {

struct WeightsRow {
    const char* name;
    const char* model;
    const char* format;
    double logged_gib;  // llama.cpp "model size = X GiB"
};

class WeightsVsLog : public testing::TestWithParam<WeightsRow> {};

TEST_P(WeightsVsLog, WithinOnePercent) {
    const WeightsRow& row = GetParam();
    const WeightFormat& f = **test::assets().formats.lookup(row.format);
    const double gib = static_cast<double>(weights_bytes(test::model(row.model), f)) / (1 << 30);
    EXPECT_NEAR(gib, row.logged_gib, row.logged_gib * 0.01);
}

INSTANTIATE_TEST_SUITE_P(
    EngineFigures, WeightsVsLog,
    testing::Values(WeightsRow{"deepseek_v3_q4_k_m_case3", "deepseek-v3", "q4_k_m", 379.030},
                    WeightsRow{"qwen3_32b_q5_k_m_case21", "qwen3-32b", "q5_k_m", 21.603},
                    WeightsRow{"llama2_13b_q8_0_case23", "llama-2-13b", "q8_0", 12.881}),
    [](const testing::TestParamInfo<WeightsRow>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace contextfit
