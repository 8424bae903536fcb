// KV cache sizes checked against hand arithmetic from model cards and llama.cpp's rules (docs/llama-cpp-sizing.md,
// the section named per case). The sizes llama.cpp and ik_llama.cpp printed in public logs are rows of
// tests/data/engine-cases.json ("kv"), checked to the byte by memory_test. 1 MiB = 1048576 B.
#include "kv_cache.h"

#include <gtest/gtest.h>

#include "test_assets.h"

namespace contextfit {
namespace {

constexpr uint64_t MiB = 1ull << 20;
constexpr uint64_t GiB = 1ull << 30;

struct KvRow {
    const char* name;
    const char* model;
    uint64_t ctx;
    Runtime runtime;
    KvType k, v;
    uint32_t seqs;
    uint64_t expected_bytes;  // K + V (+ state)
};

class KvCache : public testing::TestWithParam<KvRow> {};

TEST_P(KvCache, MatchesHandOrEngineFigure) {
    const KvRow& row = GetParam();
    KvOptions o;
    o.runtime = row.runtime;
    o.type_k = row.k;
    o.type_v = row.v;
    o.n_seq = row.seqs;
    EXPECT_EQ(kv_size(test::model(row.model), row.ctx, o).total(), row.expected_bytes);
}

INSTANTIATE_TEST_SUITE_P(
    Figures, KvCache,
    testing::Values(
        // Model card: 32 layers x 8 KV heads x 128 x (K+V) x 2 B = 128 KiB/token; x 131072 = 16 GiB.
        KvRow{"llama31_8b_131072_f16", "llama-3.1-8b", 131072, Runtime::theory, KvType::f16, KvType::f16, 1, 16 * GiB},
        // Llama 2 7B is MHA: 32 layers x 32 heads x 128 x 2 x 2 B = 512 KiB/token; x 4096 = 2 GiB.
        KvRow{"llama2_7b_4096_mha", "llama-2-7b", 4096, Runtime::theory, KvType::f16, KvType::f16, 1, 2 * GiB},
        // Gemma 3 12B, docs/llama-cpp-sizing.md (sliding-window layers) with llama-server's n_ubatch 512: SWA cells pad256(1024+512) = 1536;
        // 8 global layers x 32768 + 40 SWA layers x 1536, x 8 heads x 256 x 2 x 2 B = 2048 + 480 MiB.
        KvRow{"gemma3_12b_iswa", "gemma-3-12b", 32768, Runtime::llama_cpp, KvType::f16, KvType::f16, 1, 2528 * MiB},
        // Same in theory: 40 x 1024 window cells: 2048 + 320 MiB.
        KvRow{"gemma3_12b_theory", "gemma-3-12b", 32768, Runtime::theory, KvType::f16, KvType::f16, 1, 2368 * MiB},
        // Phi-3's window is ignored by llama.cpp (https://github.com/ggml-org/llama.cpp/pull/13676): full 32 layers x 32 heads x 96 x 2 x 2 B = 384 KiB/token x 4096.
        KvRow{"phi3_no_window", "phi-3-mini-4k", 4096, Runtime::llama_cpp, KvType::f16, KvType::f16, 1, 1536 * MiB},
        // Mistral 7B v0.1 in theory keeps 4096 cells: 4096 x 128 KiB/token = 512 MiB at any longer context.
        KvRow{"mistral_v01_window_theory", "mistral-7b-v0.1", 8192, Runtime::theory, KvType::f16, KvType::f16, 1, 512 * MiB},
        // ...but a llama.cpp GGUF of it has no window (docs/llama-cpp-sizing.md): 8192 x 128 KiB (32 layers x 8 KV heads
        // x 128 x 2 x 2 B, https://huggingface.co/mistralai/Mistral-7B-v0.1) = 1 GiB.
        KvRow{"mistral_v01_llamacpp", "mistral-7b-v0.1", 8192, Runtime::llama_cpp, KvType::f16, KvType::f16, 1, 1 * GiB},
        // vLLM pads to 16-token blocks: 1000 -> 1008 tokens x 128 KiB.
        KvRow{"vllm_blocks_of_16", "llama-3.1-8b", 1000, Runtime::vllm, KvType::f16, KvType::f16, 1, 1008ull * 131072},
        // vLLM fp8: 1 byte per value: 64 KiB/token.
        KvRow{"vllm_fp8", "llama-3.1-8b", 1024, Runtime::vllm, KvType::fp8, KvType::fp8, 1, 64 * MiB}),
    [](const testing::TestParamInfo<KvRow>& info) { return std::string(info.param.name); });

struct TypeRow {
    const char* name;
    KvType type;
    uint64_t bytes_per_1024;  // ggml block sizes: q8_0 34 B / 32 values …
};

class KvTypes : public testing::TestWithParam<TypeRow> {};

TEST_P(KvTypes, RowBytes) { EXPECT_EQ(row_bytes(GetParam().type, 1024), GetParam().bytes_per_1024); }

INSTANTIATE_TEST_SUITE_P(
    Ggml, KvTypes,
    testing::Values(TypeRow{"f32", KvType::f32, 4096}, TypeRow{"f16", KvType::f16, 2048}, TypeRow{"bf16", KvType::bf16, 2048},
                    TypeRow{"q8_0", KvType::q8_0, 1088}, TypeRow{"q5_1", KvType::q5_1, 768}, TypeRow{"q5_0", KvType::q5_0, 704},
                    TypeRow{"q4_1", KvType::q4_1, 640}, TypeRow{"q4_0", KvType::q4_0, 576},
                    TypeRow{"iq4_nl", KvType::iq4_nl, 576}, TypeRow{"fp8", KvType::fp8, 1024}),
    [](const testing::TestParamInfo<TypeRow>& info) { return std::string(info.param.name); });

TEST(KvTypes, EveryTypeHasANameThatParses) {
    for (size_t i = 0; i < static_cast<size_t>(KvType::count); ++i) {
        const KvType t = static_cast<KvType>(i);
        Result<KvType> parsed = parse_kv_type(kv_type_info(t).name, Runtime::theory);
        ASSERT_TRUE(parsed.ok()) << kv_type_info(t).name;
        EXPECT_EQ(*parsed, t);
    }
}

TEST(KvTypes, RuntimeRejectsTypesItDoesNotHave) {
    Result<KvType> r = parse_kv_type("q4_0", Runtime::vllm);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("fp8"), std::string::npos) << r.error().message;
    EXPECT_FALSE(parse_kv_type("fp8", Runtime::llama_cpp).ok());
    EXPECT_EQ(*parse_kv_type("auto", Runtime::vllm), KvType::f16);
}

TEST(KvCache, ZeroContextHoldsOnlyRecurrentState) {
    KvOptions o;
    EXPECT_EQ(kv_size(test::model("llama-3.1-8b"), 0, o).total(), 0u);
}

TEST(KvCache, MlaIsFarSmallerThanExpandedHeads) {
    // The popular "expanded" DeepSeek-V3 figure: 61 x 128 heads x (192 + 128) x 2 B = 4.77 MiB/token; MLA caches
    // 61 x 576 x 2 B = 70,272 B/token.
    KvOptions o;
    o.runtime = Runtime::theory;
    EXPECT_EQ(kv_size(test::model("deepseek-v3"), 1, o).total(), 70272u);
    // Kimi K2: 64 heads, the same 512 + 64 latent over 61 layers (https://huggingface.co/moonshotai/Kimi-K2-Instruct).
    EXPECT_EQ(kv_size(test::model("kimi-k2"), 1, o).total(), 70272u);
}

TEST(KvCache, SwaCacheGrowsWithUbatchInLlamaCpp) {
    // docs/llama-cpp-sizing.md, sliding-window layers: Gemma 2 window 4096 with ubatch 2048 -> pad256(6144) = 6144 cells.
    KvOptions o;
    o.n_ubatch = 2048;
    const KvSize s = kv_size(test::model("gemma-2-9b"), 32768, o);
    EXPECT_EQ(s.cells_swa, 6144u);
    o.swa_full = true;
    EXPECT_EQ(kv_size(test::model("gemma-2-9b"), 32768, o).cells_swa, 0u);  // all layers full-size then
}

TEST(Runtime, NamesRoundTrip) {
    for (Runtime r : all_runtimes) EXPECT_EQ(*parse_runtime(runtime_name(r)), r);
    Result<Runtime> bad = parse_runtime("ollama");
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().message.find("theory, llama.cpp, vllm"), std::string::npos);
}

}  // namespace
}  // namespace contextfit
