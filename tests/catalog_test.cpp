// The shipped catalog: 71 models, unique ids, consistent dimensions, a source each, and data the other
// tables can resolve. Broken catalogs get precise errors.
#include "catalog.h"

#include <set>

#include <gtest/gtest.h>

#include "test_assets.h"

namespace contextfit {
namespace {

TEST(Catalog, HasEveryResearchedModel) { EXPECT_EQ(test::assets().catalog.models().size(), 71u); }

TEST(Catalog, RecordsAreConsistent) {
    std::set<std::string> ids;
    const std::set<std::string> kinds = {"mha", "gqa", "mqa", "mla", "hybrid"};
    for (const ModelSpec& m : test::assets().catalog.models()) {
        EXPECT_TRUE(ids.insert(m.id).second) << m.id;
        EXPECT_TRUE(validate_model(m).ok()) << m.id;
        EXPECT_FALSE(m.sources.empty()) << m.id;
        EXPECT_TRUE(kinds.count(m.attention_kind)) << m.id << " " << m.attention_kind;
        if (m.attention_kind == "mha") EXPECT_EQ(m.n_head, m.n_head_kv) << m.id;
        if (m.attention_kind == "mqa") EXPECT_EQ(m.n_head_kv, 1u) << m.id;
        if (m.attention_kind == "mla") EXPECT_TRUE(m.is_mla) << m.id;
        if (m.attention_kind == "hybrid") EXPECT_GT(m.recurrent.n_layer, 0u) << m.id;
        EXPECT_LE(m.n_ctx_limit, std::max(m.n_ctx_train, m.n_ctx_advertised)) << m.id;
        EXPECT_GE(m.n_params, m.n_params_active) << m.id;
        // Tokenizer families resolve to a measured column or explicitly to generic.
        EXPECT_EQ(test::assets().text.tokenizer(m.tokenizer).id, m.tokenizer) << m.id;
    }
}

TEST(Catalog, MostParameterCountsAreComputed) {
    size_t exact = 0;
    for (const ModelSpec& m : test::assets().catalog.models()) exact += m.params_exact;
    EXPECT_GE(exact, 55u);
}

TEST(Catalog, KnownTraps) {
    // docs/catalog.md, with each model card: Llama 2 7B is MHA (not sku_list's 8 KV heads); Qwen3-0.6B head_dim
    // 128 != 1024/16; Gemma 3 1B window 512; gpt-oss window 128 on half the layers.
    EXPECT_EQ(test::model("llama-2-7b").n_head_kv, 32u);
    EXPECT_EQ(test::model("qwen3-0.6b").n_embd_head_k, 128u);
    EXPECT_EQ(test::model("gemma-3-1b").n_swa, 512u);
    EXPECT_EQ(test::model("gpt-oss-20b").n_layer_swa, 12u);
    EXPECT_EQ(test::model("gpt-oss-20b").n_swa, 128u);
    EXPECT_EQ(test::model("qwen3-8b").n_ctx_train, 40960u);
    EXPECT_EQ(test::model("qwen3-8b").n_ctx_limit, 131072u);
}

TEST(Catalog, UnknownIdSuggestsClosest) {
    Result<const ModelSpec*> r = test::assets().catalog.lookup("llama-3.1-7b");
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("llama-3.1-8b"), std::string::npos) << r.error().message;
    EXPECT_EQ(test::assets().catalog.suggest("qwen3-8")[0], "qwen3-8b");
}

TEST(Catalog, SuggestionsTieInCatalogOrder) {
    // From the empty id every distance is the id's length: phi-4 (5), yi-34b (6), then three ids of 7
    // (qwq-32b, kimi-k2, glm-4.5 in assets/models.json order), of which the first comes next.
    EXPECT_EQ(test::assets().catalog.suggest("", 4),
              (std::vector<std::string>{"phi-4", "yi-34b", "qwq-32b", "kimi-k2"}));
    EXPECT_EQ(test::assets().catalog.suggest("qwen3-8", 0), std::vector<std::string>{});
}

struct BrokenRow {
    const char* name;
    const char* json;
    const char* message_part;
};

class BrokenCatalog : public testing::TestWithParam<BrokenRow> {};

TEST_P(BrokenCatalog, PreciseError) {
    Result<Catalog> c = Catalog::parse(GetParam().json);
    ASSERT_FALSE(c.ok());
    EXPECT_NE(c.error().message.find(GetParam().message_part), std::string::npos) << c.error().message;
}

// One record of family "f" in a catalog naming the families `families`.
#define RECORD_IN(families, extra)                                                                              \
    "{\"schema\":1,\"families\":" families ",\"models\":[{\"id\":\"x\",\"display_name\":\"X\",\"family\":\"f\",\"developer\":\"d\","      \
    "\"arch\":\"llama\",\"tokenizer\":\"generic\",\"n_layer\":2,\"n_embd\":64,\"n_head\":4,\"n_head_kv\":2,"     \
    "\"n_embd_head_k\":16,\"n_embd_head_v\":16,\"n_vocab\":100,\"tie_word_embeddings\":false,"                   \
    "\"attention_kind\":\"gqa\",\"n_layer_swa\":0,\"n_ctx_train\":4096,\"n_ctx_advertised\":4096,"              \
    "\"n_ctx_limit\":4096,\"context_note\":\"\",\"params_nominal_b\":0.001,\"params_note\":\"\","               \
    "\"verified\":true,\"verification\":\"v\",\"sources\":[\"s\"]" extra "}]}"
#define RECORD(extra) RECORD_IN("{\"f\":\"F\"}", extra)

INSTANTIATE_TEST_SUITE_P(
    Errors, BrokenCatalog,
    testing::Values(BrokenRow{"not_json", "{", "not valid JSON"},
                    BrokenRow{"future_schema", "{\"schema\":2,\"models\":[]}", "schema 2"},
                    BrokenRow{"layers_do_not_add_up", RECORD(",\"n_layer_full\":3"), "!= n_layer"},
                    BrokenRow{"negative_dim", RECORD(",\"n_layer_full\":-2"), "must not be negative"},
                    BrokenRow{"string_dim", RECORD(",\"n_layer_full\":\"2\""), "must be a whole number"},
                    BrokenRow{"huge_dim", RECORD(",\"n_layer_full\":99999999999"), "is above"},
                    BrokenRow{"empty_catalog", "{\"schema\":1,\"families\":{},\"models\":[]}", "no models"},
                    // A family header is its vendor's name from the data, never an id made to look like one.
                    BrokenRow{"no_families", "{\"schema\":1,\"models\":[]}", "\"families\" must be an object"},
                    BrokenRow{"unnamed_family", RECORD_IN("{\"g\":\"G\"}", ",\"n_layer_full\":2"), "family 'f' has no name"},
                    BrokenRow{"empty_family_name", RECORD_IN("{\"f\":\"\"}", ",\"n_layer_full\":2"), "non-empty name"}),
    [](const testing::TestParamInfo<BrokenRow>& info) { return std::string(info.param.name); });

// Family headers (the page's model picker) as the vendors write them in their model cards' titles
// (huggingface.co/openai/gpt-oss-120b, deepseek-ai/DeepSeek-V3, meta-llama/Llama-3.3-70B-Instruct, Qwen/Qwen3-8B),
// not ids capitalised by rule ("Gpt oss", "Deepseek v3").
TEST(Catalog, FamilyNamesAreTheVendorsOwn) {
    const Catalog& c = test::assets().catalog;
    EXPECT_EQ(c.family_name("gpt-oss"), "gpt-oss");
    EXPECT_EQ(c.family_name("deepseek-v3"), "DeepSeek-V3");
    EXPECT_EQ(c.family_name("llama3.3"), "Llama 3.3");
    EXPECT_EQ(c.family_name("qwen3"), "Qwen3");
    EXPECT_EQ(c.family_name("no-such-family"), "");
    // DeepSeek's distills are its models, listed as "DeepSeek-R1-Distill-Llama-70B" (github deepseek-ai/DeepSeek-R1
    // README, "Distilled Models"), not under the Llama 3.3 or Qwen2.5 base they were trained from.
    for (const char* id : {"deepseek-r1-distill-llama-70b", "deepseek-r1-distill-qwen-32b"})
        EXPECT_EQ(c.family_name(test::model(id).family), "DeepSeek-R1-Distill") << id;
    for (const ModelSpec& m : c.models()) EXPECT_FALSE(c.family_name(m.family).empty()) << m.id;
}

TEST(Catalog, MissingSourcesIsAnErrorNotACrash) {
    std::string text = RECORD(",\"n_layer_full\":2");
    const std::string sources = ",\"sources\":[\"s\"]";
    text.erase(text.find(sources), sources.size());
    Result<Catalog> c = Catalog::parse(text);
    ASSERT_FALSE(c.ok());
    EXPECT_NE(c.error().message.find("models[0] (x): 'sources' must be an array"), std::string::npos)
        << c.error().message;
}

TEST(Catalog, MinimalRecordParsesAndDuplicatesDoNot) {
    Result<Catalog> one = Catalog::parse(RECORD(",\"n_layer_full\":2"));
    ASSERT_TRUE(one.ok()) << one.error().message;
    std::string twice = RECORD(",\"n_layer_full\":2");
    const std::string record = twice.substr(twice.find("[{") + 1, twice.rfind("}]") - twice.find("[{"));
    twice.insert(twice.rfind("]"), "," + record);
    Result<Catalog> dup = Catalog::parse(twice);
    ASSERT_FALSE(dup.ok());
    EXPECT_NE(dup.error().message.find("duplicate model id 'x'"), std::string::npos) << dup.error().message;
}

// validate_model() holds the caps of core/limits.h for every reader: one past each bound is refused with the
// field, the value and the range. The bounds are the published ones in limits.h (2^12 layers, 2^24 widths,
// 2^34 tokens), written out here as numbers so a changed constant fails this test.
struct CapRow {
    const char* name;
    void (*edit)(ModelSpec&);
    const char* message;
};

class ModelCaps : public ::testing::TestWithParam<CapRow> {};

TEST_P(ModelCaps, RefusesOnePastTheBound) {
    ModelSpec m = *test::assets().catalog.find("llama-3.1-8b");
    ASSERT_TRUE(validate_model(m).ok());
    GetParam().edit(m);
    Status s = validate_model(m);
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.error().message.find(GetParam().message), std::string::npos) << s.error().message;
}

const CapRow cap_rows[] = {
    {"n_layer", [](ModelSpec& m) { m.n_layer = m.n_layer_full = 4097; }, "n_layer is 4097, accepted: 0 to 4096"},
    {"n_embd", [](ModelSpec& m) { m.n_embd = 16777217; }, "n_embd is 16777217, accepted: 0 to 16777216"},
    {"n_vocab", [](ModelSpec& m) { m.n_vocab = 16777217; }, "n_vocab is 16777217, accepted: 0 to 16777216"},
    {"n_ctx_limit", [](ModelSpec& m) { m.n_ctx_limit = 17179869185u; },
     "n_ctx_limit is 17179869185, accepted: 0 to 17179869184"},
};
INSTANTIATE_TEST_SUITE_P(Limits, ModelCaps, ::testing::ValuesIn(cap_rows),
                         [](const ::testing::TestParamInfo<CapRow>& i) { return std::string(i.param.name); });

}  // namespace
}  // namespace contextfit
