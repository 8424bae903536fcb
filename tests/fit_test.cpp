// Solver edges on a tiny synthetic model whose arithmetic fits in a comment:
// one full-attention layer, 1 KV head of 64 dims, f16: K + V = 2 x 64 x 2 B = 256 B per token.
#include "fit.h"

#include <gtest/gtest.h>

#include "test_assets.h"

namespace contextfit {
namespace {

ModelSpec tiny(uint64_t ctx_limit) {
    ModelSpec m;
    m.id = "tiny";
    m.n_layer = m.n_layer_full = 1;
    m.n_head = m.n_head_kv = 1;
    m.n_embd_head_k = m.n_embd_head_v = 64;
    m.n_ctx_limit = ctx_limit;
    return m;
}

RuntimeOptions theory() {
    RuntimeOptions o;
    o.kv.runtime = Runtime::theory;
    return o;
}

TEST(Fit, MemoryBindsExactly) {
    // 1000 B of weights + 10 tokens x 256 B = 3560 B.
    const FitResult r = fit(tiny(100), 1000, 3560, 0, theory());
    EXPECT_EQ(r.limited_by, LimitedBy::memory);
    EXPECT_EQ(r.tokens, 10u);
    EXPECT_EQ(r.tokens_memory_limit, 10u);
    EXPECT_EQ(r.at_tokens.total(), 3560u);
}

TEST(Fit, OneByteLessIsOneTokenLess) {
    EXPECT_EQ(fit(tiny(100), 1000, 3559, 0, theory()).tokens, 9u);
}

TEST(Fit, WeightsBarelyFitButNoToken) {
    // 1255 B leaves 255 B after the weights: one token needs 256.
    const FitResult r = fit(tiny(100), 1000, 1255, 0, theory());
    EXPECT_EQ(r.limited_by, LimitedBy::weights_do_not_fit);
    EXPECT_EQ(r.missing_bytes, 1u);
    EXPECT_EQ(r.tokens, 0u);
}

TEST(Fit, WeightsBarelyFitWithOneToken) {
    const FitResult r = fit(tiny(100), 1000, 1256, 0, theory());
    EXPECT_EQ(r.limited_by, LimitedBy::memory);
    EXPECT_EQ(r.tokens, 1u);
}

TEST(Fit, ReserveComesOffFirst) {
    EXPECT_EQ(fit(tiny(100), 1000, 3560 + 500, 500, theory()).tokens, 10u);
    EXPECT_EQ(fit(tiny(100), 1000, 3560, 3560, theory()).limited_by, LimitedBy::weights_do_not_fit);
}

TEST(Fit, ModelCapBinds) {
    const FitResult r = fit(tiny(8), 1000, 3560, 0, theory());
    EXPECT_EQ(r.limited_by, LimitedBy::model);
    EXPECT_EQ(r.tokens, 8u);
    EXPECT_EQ(r.tokens_memory_limit, 10u);
    EXPECT_EQ(r.ram_for_model_limit, 1000u + 8 * 256);
}

TEST(Fit, SequencesShareMemory) {
    RuntimeOptions o = theory();
    o.kv.n_seq = 2;
    const FitResult r = fit(tiny(100), 1000, 3560, 0, o);  // 2560 B of KV for 2 sequences: 5 tokens each
    EXPECT_EQ(r.tokens, 5u);
    EXPECT_EQ(r.tokens_total, 10u);
}

TEST(Fit, SlidingWindowBoundaryAndUnboundedMemory) {
    // All layers windowed at 8 tokens: memory stops growing at 8 tokens x 256 B = 2048 B.
    ModelSpec m = tiny(1u << 20);
    m.n_layer_full = 0;
    m.n_layer_swa = 1;
    m.n_swa = 8;
    m.swa_type = LocalAttention::sliding;
    EXPECT_EQ(fit(m, 1000, 1000 + 7 * 256, 0, theory()).tokens, 7u);     // below the window: linear
    const FitResult r = fit(m, 1000, 1000 + 8 * 256, 0, theory());        // the window fits: no more growth
    EXPECT_TRUE(r.memory_unbounded);
    EXPECT_EQ(r.limited_by, LimitedBy::model);
    EXPECT_EQ(r.tokens, 1u << 20);
}

TEST(Fit, LlamaCppAnswersWholeBlocksOf256) {
    // Llama 3.1 8B at llama.cpp: 128 KiB per token; weights 0; buffers 266.5 MiB + 501 KiB of logits.
    const ModelSpec& m = test::model("llama-3.1-8b");
    RuntimeOptions o;
    const uint64_t buffers = 279445504ull + 128256ull * 4;
    const uint64_t ram = buffers + 1000ull * 131072;  // room for 1000 tokens, but cells come in 256s
    const FitResult r = fit(m, 0, ram, 0, o);
    EXPECT_EQ(r.tokens, 768u);
    EXPECT_EQ(r.limited_by, LimitedBy::memory);
}

TEST(Fit, Llama70bAt1000GiBIsCappedByTheModel) {
    // 1000 GiB easily holds Llama 3.1 70B at Q4_K_M (~40 GiB) plus 131072 tokens x 320 KiB (40 GiB).
    const ModelSpec& m = test::model("llama-3.1-70b");
    RuntimeOptions o;
    const FitResult r = fit(m, 42ull << 30, 1000ull << 30, 2ull << 30, o);
    EXPECT_EQ(r.limited_by, LimitedBy::model);
    EXPECT_EQ(r.tokens, 131072u);
    EXPECT_GT(r.tokens_memory_limit, 2500000u);  // (1000-2-42 GiB - buffers) / 320 KiB ~ 3.13 M, padded
}

TEST(Fit, EveryCatalogModelSolvesEverywhere) {
    for (const ModelSpec& m : test::assets().catalog.models())
        for (Runtime rt : all_runtimes) {
            RuntimeOptions o;
            o.kv.runtime = rt;
            for (uint64_t ram : {uint64_t{1} << 30, uint64_t{64} << 30, uint64_t{1} << 40}) {
                const FitResult r = fit(m, m.n_params, ram, 0, o);
                if (r.limited_by != LimitedBy::weights_do_not_fit) {
                    EXPECT_LE(r.at_tokens.total(), r.usable_bytes) << m.id;
                    EXPECT_LE(r.tokens, m.n_ctx_limit) << m.id;
                    EXPECT_GT(r.tokens, 0u) << m.id;
                } else {
                    EXPECT_GT(r.missing_bytes, 0u) << m.id;
                }
            }
        }
}

}  // namespace
}  // namespace contextfit
