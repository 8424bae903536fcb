// When a model does not fit, what would: each weight format's answer and the RAM the chosen one needs.
//
// Hand-worked for Llama 3.1 70B (dimensions from its model card and config.json: 80 layers, n_embd 8192,
// 8 KV heads of 128, n_ff 28672, vocabulary 128256, untied output):
//   n_params = 80 x (2 x 8192^2 + 2 x 8192 x 1024 + 3 x 8192 x 28672 + 2 x 8192) + 2 x 128256 x 8192 + 8192
//            = 70,553,706,496
//   KV f16 per token = 80 layers x 2 (K, V) x 1024 x 2 B = 327,680 B
//   32 GiB - 2 GiB reserve = 32,212,254,720 B usable (theory: weights + KV, no buffers)
//   Q2_K   3.35 bits: 70,553,706,496 x 3.35 / 8 = 29,544,364,595 B -> (32,212,254,720 - that) / 327,680 = 8,141
//   Q3_K_M 3.91 bits: 34,483,124,050 B, above the usable memory: does not fit; every wider format neither.
#include "formats_fit.h"

#include <gtest/gtest.h>

#include "test_assets.h"

namespace contextfit {
namespace {

constexpr uint64_t GiB = uint64_t{1} << 30;
constexpr uint64_t kv_per_token = 327680;
constexpr uint64_t q2_k_bytes = 29544364595;
constexpr uint64_t q4_k_m_bytes = 42684992430;  // 70,553,706,496 x 4.84 / 8

EstimateRequest llama70b_theory(uint64_t ram_bytes, const char* weights) {
    EstimateRequest r;
    r.model = "llama-3.1-70b";
    r.ram_bytes = ram_bytes;
    r.runtime = "theory";
    r.weights = weights;
    return r;
}

FormatsFit solve(const EstimateRequest& r) {
    Result<FormatsFit> f = formats_fit(test::assets(), r);
    if (!f) ADD_FAILURE() << f.error().message;
    return f ? f.value() : FormatsFit{};
}

const FormatFit* row(const FormatsFit& f, const char* id) {
    for (const FormatFit& x : f.formats)
        if (x.format->id == id) return &x;
    ADD_FAILURE() << "no row for " << id;
    return nullptr;
}

TEST(FormatsFit, Llama70bIn32GiBFitsOnlyAtQ2K) {
    const FormatsFit f = solve(llama70b_theory(32 * GiB, "q4_k_m"));
    ASSERT_EQ(f.that_fit.size(), 1u);
    EXPECT_EQ(f.that_fit[0].format->id, "q2_k");
    EXPECT_EQ(f.that_fit[0].tokens, 8141u);
    EXPECT_NEAR(static_cast<double>(f.that_fit[0].weights_bytes), static_cast<double>(q2_k_bytes), 1.0);
    const FormatFit* q3 = row(f, "q3_k_m");
    ASSERT_NE(q3, nullptr);
    EXPECT_FALSE(q3->fits);
    EXPECT_EQ(q3->tokens, 0u);
}

TEST(FormatsFit, TheTableListsEveryFormatInAssetsOrder) {
    const FormatsFit f = solve(llama70b_theory(32 * GiB, "q4_k_m"));
    const std::vector<WeightFormat>& all = test::assets().formats.all();
    ASSERT_EQ(f.formats.size(), all.size());
    for (size_t i = 0; i < all.size(); ++i) EXPECT_EQ(f.formats[i].format->id, all[i].id);
}

TEST(FormatsFit, BestFirstMeansMostBitsPerWeight) {
    // 1 TiB holds even F32 (70.55 B x 4 B = 282 GB): every format fits; the order is by bits per weight,
    // F32 (32) first, Q2_K (3.35) last (assets/weight-formats.json).
    const FormatsFit f = solve(llama70b_theory(1024 * GiB, "q4_k_m"));
    ASSERT_EQ(f.that_fit.size(), test::assets().formats.all().size());
    EXPECT_EQ(f.that_fit.front().format->id, "f32");
    EXPECT_EQ(f.that_fit.back().format->id, "q2_k");
    for (size_t i = 1; i < f.that_fit.size(); ++i)
        EXPECT_GE(f.that_fit[i - 1].format->bits_per_weight, f.that_fit[i].format->bits_per_weight);
    // Every one reaches the model's 131,072-token limit there.
    EXPECT_EQ(f.that_fit.front().tokens, 131072u);
}

TEST(FormatsFit, RamNeededForTheChosenFormat) {
    // Q4_K_M weights + KV + the 2 GiB reserve:
    //   4,096 tokens:   42,684,992,430 + 4,096 x 327,680 (1,342,177,280) + 2,147,483,648 = 46,174,653,358
    //   131,072 tokens: 42,684,992,430 + 131,072 x 327,680 (40 GiB)       + 2 GiB         = 87,782,148,686
    const FormatsFit f = solve(llama70b_theory(32 * GiB, "q4_k_m"));
    EXPECT_NEAR(static_cast<double>(f.ram_needed_4096),
                static_cast<double>(q4_k_m_bytes + 4096 * kv_per_token + 2 * GiB), 1.0);
    EXPECT_NEAR(static_cast<double>(f.ram_needed_full_context),
                static_cast<double>(q4_k_m_bytes + 131072 * kv_per_token + 2 * GiB), 1.0);
}

TEST(FormatsFit, NothingFitsInTooLittleMemory) {
    // 16 GiB - 2 GiB = 14 GiB, below even Q2_K's 27.5 GiB of weights.
    const FormatsFit f = solve(llama70b_theory(16 * GiB, "q4_k_m"));
    EXPECT_TRUE(f.that_fit.empty());
}

TEST(FormatsFit, ABadRequestIsAnError) {
    EstimateRequest r = llama70b_theory(32 * GiB, "q4_k_m");
    r.model = "no-such-model";
    EXPECT_FALSE(formats_fit(test::assets(), r));
}

}  // namespace
}  // namespace contextfit
