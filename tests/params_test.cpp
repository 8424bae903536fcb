// Parameter counts from dimensions against counts printed elsewhere: llama.cpp/ik_llama.cpp load logs
// ("model params = …", docs/engine-figures.md, linked per row) and model cards.
#include "params.h"

#include <gtest/gtest.h>

#include "test_assets.h"

namespace contextfit {
namespace {

struct ParamRow {
    const char* name;
    const char* model;
    double published;   // parameters
    double tolerance;   // relative
};

class Params : public testing::TestWithParam<ParamRow> {};

TEST_P(Params, MatchPublished) {
    const ParamRow& row = GetParam();
    Result<ParamCount> c = count_params(test::model(row.model));
    ASSERT_TRUE(c.ok()) << c.error().message;
    EXPECT_NEAR(static_cast<double>(c->total), row.published, row.published * row.tolerance);
}

INSTANTIATE_TEST_SUITE_P(
    Published, Params,
    testing::Values(
        ParamRow{"llama31_8b_hf_8030261248", "llama-3.1-8b", 8030261248.0, 0},           // HF safetensors total
        ParamRow{"llama2_13b_log_13016B", "llama-2-13b", 13.016e9, 0.0005},               // ik_llama.cpp#328 log
        ParamRow{"qwen3_32b_log_32762B", "qwen3-32b", 32.762e9, 0.0005},                  // ik_llama.cpp#397 log
        ParamRow{"qwen3_235b_log_235094B", "qwen3-235b-a22b", 235.094e9, 0.0005},         // ik_llama.cpp#437 log
        ParamRow{"deepseek_v3_log_671026B", "deepseek-v3", 671.026e9, 0.0005},            // ik_llama.cpp#485 log
        ParamRow{"qwen25_7b_card_761B", "qwen2.5-7b", 7.61e9, 0.002},                     // model card "7.61B"
        ParamRow{"gpt_oss_20b_card_209B", "gpt-oss-20b", 20.9e9, 0.005},                  // model card 20.9B
        ParamRow{"gpt_oss_120b_card_1168B", "gpt-oss-120b", 116.8e9, 0.005},              // model card 116.8B
        ParamRow{"mixtral_8x7b_467B", "mixtral-8x7b", 46.7e9, 0.005},  // announcement 46.7B
        // Two shared experts: the DeepSeek-V2 paper gives 15.7B for V2-Lite and 236B for V2.
        ParamRow{"deepseek_v2_lite_paper_157B", "deepseek-v2-lite", 15.7e9, 0.005},
        ParamRow{"deepseek_v2_readme_236B", "deepseek-v2", 236e9, 0.005}),                    // announcement 46.7B
    [](const testing::TestParamInfo<ParamRow>& info) { return std::string(info.param.name); });

TEST(Params, ActiveParametersOfMoe) {
    // DeepSeek-V3 README: 37B activated per token; gpt-oss-120b model card: 5.13B active.
    EXPECT_NEAR(static_cast<double>(count_params(test::model("deepseek-v3"))->active), 37e9, 0.7e9);
    EXPECT_NEAR(static_cast<double>(count_params(test::model("gpt-oss-120b"))->active), 5.13e9, 0.1e9);
}

TEST(Params, RecurrentModelsKeepTheVendorFigure) {
    EXPECT_FALSE(count_params(test::model("jamba-1.5-mini")).ok());
    const ModelSpec& m = test::model("jamba-1.5-mini");
    EXPECT_FALSE(m.params_exact);
    EXPECT_EQ(m.n_params, 52000000000u);
}

TEST(Params, MissingFfnWidthIsAnError) {
    ModelSpec m = test::model("llama-3.1-8b");
    m.n_ff = 0;
    EXPECT_FALSE(count_params(m).ok());
}

}  // namespace
}  // namespace contextfit
