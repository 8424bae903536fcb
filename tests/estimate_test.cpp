// The facade the shells call: request validation and the seed question end to end.
#include "estimate.h"

#include <gtest/gtest.h>

#include "test_assets.h"

namespace contextfit {
namespace {

EstimateRequest seed() {
    EstimateRequest r;
    r.model = "llama-3.1-70b";
    r.ram_bytes = 1000ull << 30;
    r.language = "ru";
    return r;
}

TEST(Estimate, SeedQuestionIsModelLimited) {
    Result<Estimate> e = estimate(test::assets(), seed());
    ASSERT_TRUE(e.ok()) << e.error().message;
    EXPECT_EQ(e->fit.limited_by, LimitedBy::model);
    EXPECT_EQ(e->fit.tokens, 131072u);
    // 80 layers x 8 KV heads x 128 x 2 x 2 B = 320 KiB per token (model card dims).
    EXPECT_EQ(e->kv_bytes_per_token, 327680u);
    // Russian, Llama 3 tokenizer: 131072 x 3.21 chars = 420,741 chars; / 1800 = 233.7 pages.
    EXPECT_NEAR(e->text.chars, 420741, 1);
    EXPECT_NEAR(e->text.pages, 233.7, 0.1);
    const std::string v = verdict(test::assets(), *e, "ru");
    EXPECT_NE(v.find("131\xC2\xA0" "072"), std::string::npos) << v;
    EXPECT_NE(v.find("потолок"), std::string::npos) << v;
}

TEST(Estimate, WeightsDoNotFitSaysHowMuchIsMissing) {
    EstimateRequest r = seed();
    r.model = "deepseek-v3";
    r.ram_bytes = 64ull << 30;
    Result<Estimate> e = estimate(test::assets(), r);
    ASSERT_TRUE(e.ok());
    EXPECT_EQ(e->fit.limited_by, LimitedBy::weights_do_not_fit);
    EXPECT_GT(e->fit.missing_bytes, 300ull << 30);  // ~380 GiB of Q4_K_M weights vs 62 GiB usable
    EXPECT_NE(verdict(test::assets(), *e, "en").find("does not fit"), std::string::npos);
}

TEST(Estimate, MemoryLimitedSmallBox) {
    EstimateRequest r = seed();
    r.model = "llama-3.1-8b";
    r.ram_bytes = 8ull << 30;
    r.language = "en";
    Result<Estimate> e = estimate(test::assets(), r);
    ASSERT_TRUE(e.ok());
    EXPECT_EQ(e->fit.limited_by, LimitedBy::memory);
    EXPECT_EQ(e->fit.tokens % 256, 0u);  // llama.cpp allocates whole 256-cell blocks
    EXPECT_LE(e->fit.at_tokens.total(), e->fit.usable_bytes);
}

struct BadRequest {
    const char* name;
    void (*edit)(EstimateRequest&);
    const char* message_part;
};

class EstimateRejects : public testing::TestWithParam<BadRequest> {};

TEST_P(EstimateRejects, NamesWhatIsAccepted) {
    EstimateRequest r = seed();
    GetParam().edit(r);
    Result<Estimate> e = estimate(test::assets(), r);
    ASSERT_FALSE(e.ok());
    EXPECT_NE(e.error().message.find(GetParam().message_part), std::string::npos) << e.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Requests, EstimateRejects,
    testing::Values(
        BadRequest{"unknown_model", [](EstimateRequest& r) { r.model = "lama-3.1-70b"; }, "did you mean llama-3.1-70b"},
        BadRequest{"zero_ram", [](EstimateRequest& r) { r.ram_bytes = 0; }, "above zero"},
        BadRequest{"weights", [](EstimateRequest& r) { r.weights = "q4_k_x"; }, "accepted: f32"},
        BadRequest{"kv_type", [](EstimateRequest& r) { r.kv_type = "q3"; }, "accepted: f32, f16"},
        BadRequest{"runtime", [](EstimateRequest& r) { r.runtime = "ollama"; }, "theory, llama.cpp, vllm"},
        BadRequest{"seqs_zero", [](EstimateRequest& r) { r.seqs = 0; }, "between 1 and"},
        BadRequest{"language", [](EstimateRequest& r) { r.language = "jp"; }, "accepted: en, ru"},
        BadRequest{"page", [](EstimateRequest& r) { r.page = "a5"; }, "standard"},
        // llama.cpp itself refuses this context (src/llama-context.cpp), with q8_0 for K and V or for V alone.
        BadRequest{"quantized_v_without_flash_attn",
                   [](EstimateRequest& r) {
                       r.kv_type = "q8_0";
                       r.flash_attn = false;
                   },
                   "quantized V cache (q8_0) only with flash attention"},
        BadRequest{"quantized_v_alone_without_flash_attn",
                   [](EstimateRequest& r) {
                       r.kv_type_v = "q4_0";
                       r.flash_attn = false;
                   },
                   "quantized V cache (q4_0) only with flash attention"}),
    [](const testing::TestParamInfo<BadRequest>& info) { return std::string(info.param.name); });

// A quantized K alone is what llama.cpp runs without flash attention; vLLM has no such rule.
TEST(Estimate, QuantizedKWithoutFlashAttentionIsAnswered) {
    EstimateRequest r = seed();
    r.kv_type = "q8_0";
    r.kv_type_v = "f16";
    r.flash_attn = false;
    EXPECT_TRUE(estimate(test::assets(), r).ok());
    r.kv_type = "fp8";
    r.kv_type_v = "";
    r.runtime = "vllm";
    EXPECT_TRUE(estimate(test::assets(), r).ok());
}

TEST(Estimate, EveryModelEveryFormatEveryRuntime) {
    for (const ModelSpec& m : test::assets().catalog.models())
        for (const WeightFormat& f : test::assets().formats.all())
            for (const char* rt : {"theory", "llama.cpp", "vllm"}) {
                EstimateRequest r = seed();
                r.model = m.id;
                r.weights = f.id;
                r.runtime = rt;
                Result<Estimate> e = estimate(test::assets(), r);
                ASSERT_TRUE(e.ok()) << m.id << " " << f.id << " " << rt << ": " << e.error().message;
                EXPECT_FALSE(verdict(test::assets(), *e, "en").empty());
            }
}

TEST(Estimate, KvCommandIsExactArithmetic) {
    KvRequest r;
    r.model = "llama-2-7b";
    r.ctx = 4096;
    Result<KvSize> kv = estimate_kv(test::assets(), r);
    ASSERT_TRUE(kv.ok());
    EXPECT_EQ(kv->k_bytes, 1ull << 30);
    EXPECT_EQ(kv->v_bytes, 1ull << 30);
}

// A model read from a file, shaped by hand like Llama 3.1 8B's config.json
// (https://huggingface.co/meta-llama/Llama-3.1-8B): 32 layers, 32 query heads, 8 KV heads of 128.
ModelSpec llama_3_1_8b_shape() {
    ModelSpec m;
    m.id = "my-llama";
    m.n_layer = m.n_layer_full = 32;
    m.n_embd = 4096;
    m.n_head = 32;
    m.n_head_kv = 8;
    m.n_embd_head_k = m.n_embd_head_v = 128;
    m.n_ctx_train = m.n_ctx_limit = 131072;
    m.n_params = 8'030'261'248;
    m.sources = {"https://huggingface.co/meta-llama/Llama-3.1-8B"};
    return m;
}

TEST(Estimate, KvCommandTakesAModelFromAFile) {
    const ModelSpec custom = llama_3_1_8b_shape();
    KvRequest r;
    r.custom_model = &custom;
    r.ctx = 1024;
    Result<KvSize> kv = estimate_kv(test::assets(), r);
    ASSERT_TRUE(kv.ok()) << kv.error().message;
    // 32 layers x 8 KV heads x 128 x 2 (K+V) x 2 B = 131,072 B per token; x 1024 tokens = 128 MiB, half each.
    EXPECT_EQ(kv->k_bytes, 64ull << 20);
    EXPECT_EQ(kv->v_bytes, 64ull << 20);
    EXPECT_EQ(kv->total(), 128ull << 20);
}

TEST(Estimate, KvCommandChecksAModelFromAFile) {
    ModelSpec custom = llama_3_1_8b_shape();
    custom.n_head_kv = 5;  // 32 query heads cannot share 5 KV heads evenly
    KvRequest r;
    r.custom_model = &custom;
    r.ctx = 1024;
    Result<KvSize> kv = estimate_kv(test::assets(), r);
    ASSERT_FALSE(kv.ok());
    EXPECT_NE(kv.error().message.find("not a multiple of n_head_kv"), std::string::npos) << kv.error().message;
}

}  // namespace
}  // namespace contextfit

namespace contextfit {
namespace {

TEST(Estimate, TraceNamesEveryFigureWithItsNumbers) {
    EstimateRequest r = seed();
    r.ui = "en";  // Russian text, English words
    Result<Estimate> e = estimate(test::assets(), r);
    ASSERT_TRUE(e.ok());
    std::string quantities;
    for (const TraceLine& t : e->trace) quantities += t.quantity + " ";
    EXPECT_EQ(quantities, "usable_bytes weights_bytes kv_bytes overhead_bytes tokens text ");
    // The KV line shows the model card's dimensions and the result: 80 layers x 131,072 cells x 8 x (128 + 128) x 2 B.
    const std::string& kv = e->trace[2].formula;
    EXPECT_NE(kv.find("full layers 80 x cells 131,072"), std::string::npos) << kv;
    EXPECT_NE(kv.find("= 42,949,672,960"), std::string::npos) << kv;
}

// In Russian the same line has Russian words and marks: 131 072 and 42 949 672 960 with no-break spaces.
TEST(Estimate, TraceInRussian) {
    Result<Estimate> e = estimate(test::assets(), seed());
    ASSERT_TRUE(e.ok());
    const std::string& kv = e->trace[2].formula;
    EXPECT_NE(kv.find("полные слои 80 x ячейки 131\u00a0072"), std::string::npos) << kv;
    EXPECT_NE(kv.find("= 42\u00a0949\u00a0672\u00a0960"), std::string::npos) << kv;
    EXPECT_EQ(test::assets().strings.format("trace_label_" + e->trace[2].quantity, "ru"), "KV-кэш");
    const std::string& tokens = e->trace[4].formula;
    EXPECT_NE(tokens.find("min(предел памяти"), std::string::npos) << tokens;
}

// Notes speak to the reader: no repository source files, no private case numbers, no jargon.
TEST(Estimate, NotesCiteNoSourceFiles) {
    for (const char* ui : {"en", "ru"})
        for (const char* runtime : {"llama.cpp", "vllm", "theory"}) {
            EstimateRequest r = seed();
            r.ui = ui;
            r.runtime = runtime;
            r.kv_type = std::string(runtime) == "vllm" ? "auto" : "f16";
            r.model = "gemma-3-27b";  // sliding window, nominal parameter count
            Result<Estimate> e = estimate(test::assets(), r);
            ASSERT_TRUE(e.ok()) << e.error().message;
            for (const std::string& note : e->notes)
                for (const char* bad : {"core/", "params.cpp", "fit.cpp", "memory.h", "engine-figures", "cases ", "ubatch", "attn_v"})
                    EXPECT_EQ(note.find(bad), std::string::npos) << ui << " " << runtime << ": " << note;
        }
}

// The errors a reader can cause carry a key the shells phrase in their language.
TEST(Estimate, ErrorsSayItInRussian) {
    EstimateRequest r = seed();
    r.ram_bytes = 0;
    Result<Estimate> zero = estimate(test::assets(), r);
    ASSERT_FALSE(zero.ok());
    EXPECT_EQ(test::assets().strings.error_message(zero.error(), "ru"), "размер памяти должен быть больше нуля");
    EXPECT_EQ(test::assets().strings.error_message(zero.error(), "en"), "memory size must be above zero");
    r = seed();
    r.seqs = 0;
    Result<Estimate> seqs = estimate(test::assets(), r);
    ASSERT_FALSE(seqs.ok());
    EXPECT_EQ(test::assets().strings.error_message(seqs.error(), "ru"),
              "число последовательностей должно быть от 1 до 4\u00a0096, получено 0");
    r = seed();
    r.weights = "q9";
    Result<Estimate> weights = estimate(test::assets(), r);
    ASSERT_FALSE(weights.ok());
    EXPECT_EQ(test::assets().strings.error_message(weights.error(), "ru").rfind("неизвестный формат весов «q9»; допустимо: f32, ", 0), 0u)
        << test::assets().strings.error_message(weights.error(), "ru");
}

}  // namespace
}  // namespace contextfit

// Result::value() on an error is a caller's bug: it must stop loudly with the error's message, not read an
// empty optional (death tests need fork(), which the wasm build has not).
#if GTEST_HAS_DEATH_TEST
TEST(ResultDeath, ValueOfAnErrorAborts) {
    contextfit::Result<int> r = contextfit::make_error(contextfit::ErrorCode::invalid_input, "the reason");
    EXPECT_DEATH((void)r.value(), "Result::value\\(\\) on an error: the reason");
}
#endif

TEST(Status, DefaultBuiltIsAnErrorAndSuccessIsOk) {
    contextfit::Status none;
    EXPECT_FALSE(none.ok());
    EXPECT_EQ(none.error().code, contextfit::ErrorCode::internal);
    EXPECT_TRUE(contextfit::ok_status().ok());
    contextfit::Status bad = contextfit::make_error(contextfit::ErrorCode::bad_data, "x");
    EXPECT_FALSE(bad);
    EXPECT_EQ(bad.error().message, "x");
}

// The interface-language rule both shells follow (issue: a Russian link showed an English page). strings.json
// has "en" and "ru"; "de" is a text language with no interface.
struct UiPick {
    const char* name;
    const char* ui;
    const char* text_language;
    const char* preferred;
    const char* expected;
};
class PickUiLanguage : public ::testing::TestWithParam<UiPick> {};
TEST_P(PickUiLanguage, Rule) {
    const UiPick& c = GetParam();
    EXPECT_EQ(contextfit::pick_ui_language(contextfit::test::assets().strings, c.ui, c.text_language, c.preferred), c.expected);
}
INSTANTIATE_TEST_SUITE_P(
    Rows, PickUiLanguage,
    ::testing::Values(UiPick{"ui_wins", "en", "ru", "ru-RU", "en"},
                      UiPick{"text_language_next", "", "ru", "en-US", "ru"},
                      UiPick{"text_language_without_interface_falls_to_browser", "", "de", "ru-RU", "ru"},
                      UiPick{"unknown_ui_skipped", "fr", "", "ru", "ru"},
                      UiPick{"posix_locale", "", "", "ru_RU.UTF-8", "ru"},
                      UiPick{"upper_case_region", "", "", "RU", "ru"},
                      UiPick{"nothing_given", "", "", "", "en"},
                      UiPick{"nothing_known", "zh", "de", "ja-JP", "en"}),
    [](const ::testing::TestParamInfo<UiPick>& i) { return std::string(i.param.name); });
