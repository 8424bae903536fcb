// Every model at a glance: one row per catalog model with estimate()'s answer, ranked.
#include "catalog_fit.h"

#include <gtest/gtest.h>

#include "test_assets.h"

namespace contextfit {
namespace {

constexpr uint64_t GiB = uint64_t{1} << 30;

EstimateRequest at(uint64_t ram_bytes, const char* language = "en") {
    EstimateRequest r;
    r.ram_bytes = ram_bytes;
    r.language = language;
    return r;
}

std::vector<ModelFit> rows(const EstimateRequest& r, CatalogSort sort) {
    Result<std::vector<ModelFit>> f = fit_catalog(test::assets(), r, sort);
    if (!f) ADD_FAILURE() << f.error().message;
    return f ? f.value() : std::vector<ModelFit>{};
}

size_t index_of(const std::vector<ModelFit>& v, const std::string& id) {
    for (size_t i = 0; i < v.size(); ++i)
        if (v[i].id == id) return i;
    ADD_FAILURE() << "no row for " << id;
    return v.size();
}

TEST(CatalogFit, EveryModelIsListedEvenWhenItsWeightsDoNotFit) {
    // 16 GiB: DeepSeek-V3's Q4_K_M weights alone are about 671 B x 4.84 / 8 = 406 GB.
    const std::vector<ModelFit> v = rows(at(16 * GiB), CatalogSort::tokens);
    ASSERT_EQ(v.size(), test::assets().catalog.models().size());
    const ModelFit& ds = v[index_of(v, "deepseek-v3")];
    EXPECT_EQ(ds.limited_by, LimitedBy::weights_do_not_fit);
    EXPECT_EQ(ds.tokens, 0u);
    EXPECT_GT(ds.missing_bytes, 350 * GiB);
    // Models whose weights do not fit have 0 tokens: they rank last.
    EXPECT_EQ(v.back().tokens, 0u);
}

TEST(CatalogFit, RowsAreEstimatesAnswers) {
    const EstimateRequest r = at(64 * GiB, "ru");
    for (const ModelFit& row : rows(r, CatalogSort::params)) {
        EstimateRequest one = r;
        one.model = row.id;
        Result<Estimate> e = estimate(test::assets(), one);
        ASSERT_TRUE(e.ok()) << row.id;
        EXPECT_EQ(row.tokens, e->fit.tokens) << row.id;
        EXPECT_EQ(row.limited_by, e->fit.limited_by) << row.id;
        EXPECT_DOUBLE_EQ(row.pages, e->text.pages) << row.id;
        EXPECT_EQ(row.total_bytes, e->fit.at_tokens.total()) << row.id;
    }
}

TEST(CatalogFit, OneTerabyteRanksLlama4ScoutFirst) {
    // 1 TB (10^12 B) less the 2 GiB reserve = 997.9 GB usable. Llama 4 Scout caches only its 12 global layers for
    // the whole context: 12 x 8 KV heads x 128 x 2 (K, V) x 2 B = 49,152 B per token, 491.5 GB at its 10 M
    // tokens, plus ~66 GB of Q4_K_M weights (109 B x 4.84 / 8): it reaches its 10 M limit. The next are the
    // 1 M-token models (Llama 4 Maverick, MiniMax-Text-01 and -M1), ties ranked by id.
    const std::vector<ModelFit> v = rows(at(1000000000000), CatalogSort::tokens);
    ASSERT_GE(v.size(), 4u);
    EXPECT_EQ(v[0].id, "llama-4-scout");
    EXPECT_EQ(v[0].tokens, 10000000u);
    EXPECT_EQ(v[0].limited_by, LimitedBy::model);
    EXPECT_EQ(v[1].id, "llama-4-maverick");
    EXPECT_EQ(v[2].id, "minimax-m1");
    EXPECT_EQ(v[3].id, "minimax-text-01");
    for (size_t i = 1; i < 4; ++i) EXPECT_EQ(v[i].tokens, 1000000u) << v[i].id;
}

TEST(CatalogFit, SortedLargestFirstTiesById) {
    for (CatalogSort sort : {CatalogSort::tokens, CatalogSort::pages, CatalogSort::params}) {
        const std::vector<ModelFit> v = rows(at(256 * GiB), sort);
        for (size_t i = 1; i < v.size(); ++i) {
            const ModelFit &a = v[i - 1], &b = v[i];
            switch (sort) {
                case CatalogSort::tokens:
                    EXPECT_TRUE(a.tokens > b.tokens || (a.tokens == b.tokens && a.id < b.id)) << a.id << " " << b.id;
                    break;
                case CatalogSort::pages:
                    EXPECT_TRUE(a.pages > b.pages || (a.pages == b.pages && a.id < b.id)) << a.id << " " << b.id;
                    break;
                case CatalogSort::params:
                    EXPECT_TRUE(a.n_params > b.n_params || (a.n_params == b.n_params && a.id < b.id))
                        << a.id << " " << b.id;
                    break;
            }
        }
    }
}

TEST(CatalogFit, ByParamsKimiK2FirstQwen25HalfBLast) {
    // Model cards: Kimi K2 has 1 T parameters (the most in the catalog; DeepSeek-V3 671 B), Qwen2.5-0.5B 0.49 B
    // (the fewest; Qwen3-0.6B 0.6 B).
    const std::vector<ModelFit> v = rows(at(64 * GiB), CatalogSort::params);
    EXPECT_EQ(v.front().id, "kimi-k2");
    EXPECT_EQ(v.back().id, "qwen2.5-0.5b");
}

TEST(CatalogFit, PagesFollowTheTokenizer) {
    // With 1 TB both reach their 131,072-token limit; in Russian gpt-oss (o200k, 3.60 chars per token) holds
    // 131,072 x 3.60 / 1800 = 262.1 pages, the Llama 3 tokenizer (3.21) 233.7. By tokens they tie and the ids
    // decide (deepseek-r1-distill-llama-70b first); by pages gpt-oss-120b comes first.
    const EstimateRequest r = at(1000000000000, "ru");
    const std::vector<ModelFit> by_tokens = rows(r, CatalogSort::tokens), by_pages = rows(r, CatalogSort::pages);
    const ModelFit& gpt = by_pages[index_of(by_pages, "gpt-oss-120b")];
    const ModelFit& llama = by_pages[index_of(by_pages, "deepseek-r1-distill-llama-70b")];
    EXPECT_NEAR(gpt.pages, 262.1, 0.1);
    EXPECT_NEAR(llama.pages, 233.7, 0.1);
    EXPECT_LT(index_of(by_tokens, "deepseek-r1-distill-llama-70b"), index_of(by_tokens, "gpt-oss-120b"));
    EXPECT_LT(index_of(by_pages, "gpt-oss-120b"), index_of(by_pages, "deepseek-r1-distill-llama-70b"));
}

TEST(CatalogFit, RequestErrorsAndSortNames) {
    EstimateRequest r = at(0);
    Result<std::vector<ModelFit>> f = fit_catalog(test::assets(), r, CatalogSort::tokens);
    ASSERT_FALSE(f.ok());
    EXPECT_NE(f.error().message.find("above zero"), std::string::npos);
    EXPECT_EQ(*parse_catalog_sort("Pages"), CatalogSort::pages);
    EXPECT_STREQ(catalog_sort_name(CatalogSort::params), "params");
    Result<CatalogSort> bad = parse_catalog_sort("size");
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().message.find("accepted: tokens, pages, params"), std::string::npos);
}

}  // namespace
}  // namespace contextfit
