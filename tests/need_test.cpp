// "I have this much text": text -> tokens -> parts -> memory, worked by hand from assets/text.json's densities
// (characters per token by tokenizer family, UTF-8 bytes per character, characters per page) and the models'
// cards, in the comments next to each expectation.
#include "need.h"

#include <cmath>
#include <limits>

#include <gtest/gtest.h>

#include "test_assets.h"

namespace contextfit {
namespace {

constexpr uint64_t GiB = uint64_t{1} << 30;

NeedRequest request(const char* model, TextUnit unit, double amount, const char* language) {
    NeedRequest r;
    r.base.model = model;
    r.base.language = language;
    r.unit = unit;
    r.amount = amount;
    return r;
}

struct TextRow {
    const char* name;
    const char* model;
    TextUnit unit;
    double amount;
    const char* language;
    double chars;             // hand-worked
    uint64_t tokens;
    bool fits_context;
    uint64_t parts;
    uint64_t kv_bytes;        // llama.cpp, f16 K and V, one sequence, at min(tokens, n_ctx_limit) padded to 256
};

class NeedText : public testing::TestWithParam<TextRow> {};

TEST_P(NeedText, TokensPartsAndCache) {
    const TextRow& row = GetParam();
    Result<Need> n = need(test::assets(), request(row.model, row.unit, row.amount, row.language));
    ASSERT_TRUE(n.ok()) << n.error().message;
    EXPECT_NEAR(n->chars, row.chars, 0.5);
    EXPECT_EQ(n->tokens, row.tokens);
    EXPECT_EQ(n->fits_context, row.fits_context);
    EXPECT_EQ(n->parts, row.parts);
    EXPECT_EQ(n->kv_bytes, row.kv_bytes);
    EXPECT_EQ(n->state_bytes, 0u);
    EXPECT_EQ(n->total_bytes,
              n->weights_bytes + n->kv_bytes + n->state_bytes + n->compute_bytes + n->output_bytes + n->runtime_bytes);
    EXPECT_EQ(n->ram_bytes, n->total_bytes + default_reserve_bytes);  // llama.cpp: no utilization factor
}

// Llama 3.1 8B (model card: 32 layers, 8 KV heads, head dim 128): K + V = 32 x 8 x 128 x 2 x 2 B = 128 KiB per cell.
// Mistral 7B v0.3 (same attention shape): 128 KiB per cell as well.
INSTANTIATE_TEST_SUITE_P(
    HandWorked, NeedText,
    testing::Values(
        // 100 standard pages of English = 100 x 1800 = 180,000 chars; Llama 3 reads 4.47 chars per token:
        // 40,268.5 -> 40,269 tokens, within 131,072; cells pad(40,269, 256) = 158 x 256 = 40,448;
        // 40,448 x 128 KiB = 5,301,600,256 B.
        TextRow{"en_100_pages_llama31_8b", "llama-3.1-8b", TextUnit::pages, 100, "en", 180000, 40269, true, 1,
                5301600256},
        // 500 standard pages of Russian = 900,000 chars; Llama 3 reads 3.21 Russian chars per token:
        // 280,373.8 -> 280,374 tokens; 280,374 / 131,072 = 2.14 -> 3 parts; one part is the full 131,072 cells:
        // 131,072 x 128 KiB = 16 GiB.
        TextRow{"ru_500_pages_llama31_8b", "llama-3.1-8b", TextUnit::pages, 500, "ru", 900000, 280374, false, 3,
                16 * GiB},
        // 200,000 bytes of Russian / 1.78 bytes per char = 112,359.55 chars; Mistral v1 reads 2.41 per token:
        // 46,622.2 -> 46,623 tokens, above 32,768: 2 parts; one part 32,768 x 128 KiB = 4 GiB.
        TextRow{"ru_200kb_mistral_7b", "mistral-7b-v0.3", TextUnit::bytes, 200000, "ru", 112359.55, 46623, false, 2,
                4 * GiB},
        // 1,000,000 English characters / 3.96 (Mistral v1) = 252,525.3 -> 252,526 tokens: 8 parts of 32,768
        // (7.7); 4 GiB per part.
        TextRow{"en_1m_chars_mistral_7b", "mistral-7b-v0.3", TextUnit::chars, 1e6, "en", 1e6, 252526, false, 8,
                4 * GiB},
        // Exactly the context: 131,072 tokens given as tokens take one part of 131,072 cells (16 GiB); chars =
        // 131,072 x 4.47 = 585,891.84.
        TextRow{"tokens_at_the_limit", "llama-3.1-8b", TextUnit::tokens, 131072, "en", 585891.84, 131072, true, 1,
                16 * GiB},
        // One token more: two parts, the first still the full context.
        TextRow{"one_token_over", "llama-3.1-8b", TextUnit::tokens, 131073, "en", 585896.31, 131073, false, 2,
                16 * GiB}),
    [](const testing::TestParamInfo<TextRow>& info) { return std::string(info.param.name); });

TEST(Need, TextFiguresForTheModelsTokenizer) {
    // 500 Russian pages (900,000 chars): x 1.78 = 1,602,000 UTF-8 bytes; / 6.6 chars per word = 136,363.6 words;
    // Llama 3's Russian range 2.87..3.49 chars per token gives 900,000 / 3.49 = 257,879.7 -> 257,880 to
    // 900,000 / 2.87 = 313,588.9 -> 313,589 tokens.
    Need n = *need(test::assets(), request("llama-3.1-8b", TextUnit::pages, 500, "ru"));
    EXPECT_EQ(n.tokenizer, "llama3");
    EXPECT_DOUBLE_EQ(n.chars_per_token, 3.21);
    EXPECT_NEAR(n.text_bytes, 1602000, 0.5);
    EXPECT_NEAR(n.words, 136363.6, 0.1);
    EXPECT_NEAR(n.pages, 500, 1e-9);
    EXPECT_EQ(n.tokens_low, 257880u);
    EXPECT_EQ(n.tokens_high, 313589u);
    EXPECT_EQ(n.part_tokens, 131072u);
    // Author's sheets: 900,000 / 40,000 = 22.5.
    NeedRequest sheets = request("llama-3.1-8b", TextUnit::pages, 500, "ru");
    sheets.base.page = "author-sheet";
    EXPECT_NEAR(need(test::assets(), sheets)->chars, 500 * 40000.0, 0.5);
}

TEST(Need, AnExactQuotientIsNotRoundedUp) {
    // 146,169 English chars at Llama 3's 4.47 chars per token are exactly 32,700 tokens (in binary floating point
    // the quotient comes out as 32,700.000000000004).
    EXPECT_EQ(need(test::assets(), request("llama-3.1-8b", TextUnit::chars, 146169, "en"))->tokens, 32700u);
}

// "32K tokens x 4 users on Qwen3 32B". Model card (huggingface.co/Qwen/Qwen3-32B, config.json): 64 layers,
// 64 query heads, 8 KV heads, head_dim 128, hidden 5120, intermediate 25600, vocabulary 151,936, untied.
//   parameters: embedding + output 2 x 151,936 x 5,120 = 1,555,824,640; per layer Wq 5,120 x 8,192 + Wk, Wv
//   5,120 x 1,024 each + Wo 8,192 x 5,120 = 94,371,840, FFN 3 x 5,120 x 25,600 = 393,216,000, norms
//   2 x 5,120 + 2 x 128 = 10,496 -> 487,598,336 x 64 = 31,206,293,504; + final norm 5,120 = 32,762,123,264
//   (the card: 32.8 B, 31.2 B without embeddings).
//   weights Q4_K_M (4.84 bits per weight as llama.cpp reports it): 32,762,123,264 x 4.84 / 8 = 19,821,084,575 B.
//   KV: 4 sequences x 32,768 cells x 64 layers x 8 heads x (128 + 128) x 2 B = 34,359,738,368 B = 32 GiB.
//   llama.cpp output buffer: one f32 logits row per sequence, 4 x 151,936 x 4 B = 2,430,976 B.
//   llama.cpp compute buffer: the logits phase n_ubatch 512 x (151,936 + 2 x 5,120) x 4 B = 332,136,448 B
//   (316.75 MiB; 2 KiB more with the inputs' alignment, below) outgrows a layer's: FFN 512 x (3 x 25,600 + 4 x 5,120) x 4 B = 199,229,440 B, even with the
//   flash-attention KQ mask (32,768 cells x 512 x 2 B = 32 MiB) on top (llama.cpp src/llama-graph.cpp,
//   build_attn_inp_kq_mask).
constexpr uint64_t qwen3_32b_weights = 19821084575;
constexpr uint64_t qwen3_32b_kv = 34359738368;

NeedRequest qwen3_32k_x4(const char* runtime) {
    NeedRequest r = request("qwen3-32b", TextUnit::tokens, 32768, "en");
    r.base.seqs = 4;
    r.base.runtime = runtime;
    return r;
}

TEST(Need, Qwen3_32B_32kTokensFourUsersTheory) {
    Need n = *need(test::assets(), qwen3_32k_x4("theory"));
    EXPECT_TRUE(n.fits_context);
    EXPECT_EQ(n.parts, 1u);
    EXPECT_EQ(n.seqs, 4u);
    EXPECT_NEAR(static_cast<double>(n.weights_bytes), static_cast<double>(qwen3_32b_weights), 1);
    EXPECT_EQ(n.kv_bytes, qwen3_32b_kv);
    EXPECT_EQ(n.compute_bytes + n.output_bytes + n.runtime_bytes, 0u);
    EXPECT_NEAR(static_cast<double>(n.total_bytes), 54180822943.0, 1);             // weights + KV
    EXPECT_NEAR(static_cast<double>(n.ram_bytes), 54180822943.0 + 2147483648, 1);  // + the 2 GiB reserve
}

TEST(Need, Qwen3_32B_32kTokensFourUsersLlamaCpp) {
    Need n = *need(test::assets(), qwen3_32k_x4("llama.cpp"));
    EXPECT_EQ(n.kv_bytes, qwen3_32b_kv);  // 32,768 is already a multiple of 256: no padding
    EXPECT_EQ(n.output_bytes, 2430976u);
    // llama.cpp v0.5.0 (tests/engine/alloc-trace, a 2-layer file, 4 sequences, n_ctx 131072) printed 316.7520 MiB:
    // 332,138,496 B, the logits 512 x 151936 x 4 B above two rows of n_embd (332,136,448 B) and 2 KiB of the small
    // inputs' 32-byte alignment.
    EXPECT_EQ(n.compute_bytes, 332138496u);
    // 19,821,084,575 + 34,359,738,368 + 332,138,496 + 2,430,976 = 54,515,392,415 B (50.8 GiB); 52.8 GiB of RAM
    // with the 2 GiB reserve.
    EXPECT_NEAR(static_cast<double>(n.total_bytes), 54515392415.0, 1);
    EXPECT_EQ(n.reserve_bytes, default_reserve_bytes);
    EXPECT_EQ(n.ram_bytes, n.total_bytes + n.reserve_bytes);
}

TEST(Need, VllmRamIsOverTheUtilization) {
    // vLLM may use gpu_memory_utilization 0.9 of what is left after the reserve: RAM = total / 0.9 + reserve.
    Need n = *need(test::assets(), qwen3_32k_x4("vllm"));
    EXPECT_NEAR(static_cast<double>(n.ram_bytes),
                static_cast<double>(n.total_bytes) / 0.9 + static_cast<double>(default_reserve_bytes), 1);
    EXPECT_GT(n.runtime_bytes, 0u);
}

TEST(Need, SameMemoryAsTheEstimateAtItsAnswer) {
    // A second route to the same figure: estimate() solves 24 GiB for Llama 3.1 8B; asking need() for that many
    // tokens must give the memory estimate() reports at its answer.
    EstimateRequest e;
    e.model = "llama-3.1-8b";
    e.ram_bytes = 24 * GiB;
    Result<Estimate> est = estimate(test::assets(), e);
    ASSERT_TRUE(est.ok());
    NeedRequest r;
    r.base = e;
    r.unit = TextUnit::tokens;
    r.amount = static_cast<double>(est->fit.tokens);
    Need n = *need(test::assets(), r);
    EXPECT_EQ(n.total_bytes, est->fit.at_tokens.total());
    EXPECT_LE(n.ram_bytes, e.ram_bytes);
}

TEST(Need, ModelFromAFileWithItsWeights) {
    ModelSpec custom = test::model("llama-3.1-8b");
    custom.id = "my-model";
    custom.n_ctx_limit = 8192;
    NeedRequest r = request("", TextUnit::tokens, 10000, "en");
    r.base.custom_model = &custom;
    r.base.weights_bytes_override = 4000000000;
    Need n = *need(test::assets(), r);
    EXPECT_EQ(n.model, &custom);
    EXPECT_EQ(n.parts, 2u);  // 10,000 / 8,192
    EXPECT_EQ(n.weights_bytes, 4000000000u);
    EXPECT_TRUE(n.weights_from_file);
    EXPECT_EQ(n.kv_bytes, 8192u * 131072);  // 8,192 cells x 128 KiB
}

// The archive question (issue: "80 MB of Russian text"): 80,000,000 B / 1.78 = 44,943,820.2 chars.
//   generic (Llama 4, MiniMax): / 3.27 = 13,744,287.5 -> 13,744,288 tokens; Scout 10,000,000 -> 2 parts;
//     Maverick and MiniMax 1,000,000 -> 14 parts.
//   qwen (Qwen3-Next, 262,144): / 2.97 = 15,132,599.4 -> 15,132,600 tokens -> 57.7 -> 58 parts.
//   llama3 (Llama 3.1 8B, 131,072): / 3.21 = 14,001,190.1 -> 14,001,191 tokens -> 106.8 -> 107 parts.
TEST(Need, EightyMegabytesOfRussianFitNoModel) {
    NeedRequest r = request("", TextUnit::bytes, 80e6, "ru");
    Result<NeedAll> all = need_all(test::assets(), r);
    ASSERT_TRUE(all.ok()) << all.error().message;
    EXPECT_EQ(all->models.size(), test::assets().catalog.models().size());
    EXPECT_FALSE(all->any_fits_context);
    EXPECT_EQ(all->longest_context, 10000000u);
    EXPECT_EQ(all->longest_context_model, "llama-4-scout");
    struct Expect {
        const char* id;
        uint64_t tokens, parts;
    };
    for (const Expect& x : {Expect{"llama-4-scout", 13744288, 2}, Expect{"llama-4-maverick", 13744288, 14},
                            Expect{"minimax-text-01", 13744288, 14}, Expect{"qwen3-next-80b-a3b", 15132600, 58},
                            Expect{"llama-3.1-8b", 14001191, 107}}) {
        const Need* found = nullptr;
        for (const Need& n : all->models)
            if (n.model->id == x.id) found = &n;
        ASSERT_NE(found, nullptr) << x.id;
        EXPECT_EQ(found->tokens, x.tokens) << x.id;
        EXPECT_EQ(found->parts, x.parts) << x.id;
        EXPECT_FALSE(found->fits_context) << x.id;
        EXPECT_NEAR(found->chars, 44943820.2, 0.1) << x.id;
    }
}

TEST(Need, AllSaysWhenSomeModelTakesIt) {
    // 5,000 tokens: seven models cannot take them at once (4,096 tokens: Llama 2 7B, 13B, 70B, Phi-3 mini 4k,
    // Phi-3 medium 4k, Yi 34B; 2,048: Falcon 180B), the others can.
    Result<NeedAll> all = need_all(test::assets(), request("", TextUnit::tokens, 5000, "en"));
    ASSERT_TRUE(all.ok());
    EXPECT_TRUE(all->any_fits_context);
    size_t too_short = 0;
    for (const Need& n : all->models) {
        EXPECT_EQ(n.fits_context, n.model->n_ctx_limit >= 5000) << n.model->id;
        too_short += !n.fits_context;
    }
    EXPECT_EQ(too_short, 7u);
}

struct BadNeed {
    const char* name;
    void (*edit)(NeedRequest&);
    const char* message_part;
    bool all_rejects = true;  // need_all() too (it does not use the model id)
};

class NeedRejects : public testing::TestWithParam<BadNeed> {};

TEST_P(NeedRejects, NamesWhatIsAccepted) {
    NeedRequest r = request("llama-3.1-8b", TextUnit::pages, 10, "en");
    GetParam().edit(r);
    Result<Need> n = need(test::assets(), r);
    ASSERT_FALSE(n.ok());
    EXPECT_NE(n.error().message.find(GetParam().message_part), std::string::npos) << n.error().message;
    EXPECT_EQ(need_all(test::assets(), r).ok(), !GetParam().all_rejects);
}

INSTANTIATE_TEST_SUITE_P(
    Requests, NeedRejects,
    testing::Values(
        BadNeed{"zero", [](NeedRequest& r) { r.amount = 0; }, "positive number of pages"},
        BadNeed{"negative", [](NeedRequest& r) { r.amount = -5; }, "positive number"},
        BadNeed{"nan", [](NeedRequest& r) { r.amount = std::numeric_limits<double>::quiet_NaN(); }, "positive"},
        BadNeed{"huge", [](NeedRequest& r) { r.amount = 1e20; }, "up to 2^50"},
        // 2^49 bytes of Chinese for Llama 2: / 2.92 / 0.69 = 2.8e14 tokens, above 2^40.
        BadNeed{"too_many_tokens",
                [](NeedRequest& r) {
                    r.base.model = "llama-2-7b";
                    r.base.language = "zh";
                    r.unit = TextUnit::bytes;
                    r.amount = std::ldexp(1.0, 49);
                },
                "above the largest accepted (2^40 tokens)"},
        BadNeed{"unknown_model", [](NeedRequest& r) { r.base.model = "lama-3.1-8b"; }, "did you mean llama-3.1-8b",
                false},
        BadNeed{"language", [](NeedRequest& r) { r.base.language = "jp"; }, "accepted: en, ru"},
        BadNeed{"page", [](NeedRequest& r) { r.base.page = "a5"; }, "standard"},
        BadNeed{"kv_type", [](NeedRequest& r) { r.base.kv_type = "q3"; }, "accepted: f32, f16"},
        BadNeed{"seqs", [](NeedRequest& r) { r.base.seqs = 0; }, "between 1 and"},
        BadNeed{"reserve", [](NeedRequest& r) { r.base.reserve_bytes = uint64_t{1} << 51; }, "above 1 PiB"}),
    [](const testing::TestParamInfo<BadNeed>& info) { return std::string(info.param.name); });

TEST(Need, TextUnitNames) {
    EXPECT_EQ(*parse_text_unit("Pages"), TextUnit::pages);
    EXPECT_STREQ(text_unit_name(TextUnit::bytes), "bytes");
    Result<TextUnit> bad = parse_text_unit("lines");
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().message.find("accepted: tokens, chars, bytes, pages"), std::string::npos);
}

}  // namespace
}  // namespace contextfit
