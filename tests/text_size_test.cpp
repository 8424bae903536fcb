// Text conversion against the worked examples in docs/text-density.md (1,000,000 and 128,000 tokens), computed
// by hand from the measured tables there, not by this code.
#include "text_size.h"

#include <gtest/gtest.h>

#include "test_assets.h"

namespace contextfit {
namespace {

const TextTables& tables() { return test::assets().text; }

struct TextRow {
    const char* name;
    uint64_t tokens;
    const char* lang;
    double chars, words, megabytes;  // words < 0: not counted
};

class TextSizeD4 : public testing::TestWithParam<TextRow> {};

TEST_P(TextSizeD4, GenericModernMillionTokens) {
    const TextRow& row = GetParam();
    Result<TextSize> t = tables().convert(row.tokens, row.lang, "generic", "standard");
    ASSERT_TRUE(t.ok()) << t.error().message;
    EXPECT_NEAR(t->chars, row.chars, 1);
    if (row.words < 0)
        EXPECT_LT(t->words, 0);
    else
        EXPECT_NEAR(t->words, row.words, 1);
    EXPECT_NEAR(t->megabytes, row.megabytes, 0.01);
}

// D4: "what 1,000,000 tokens means (generic-modern column)".
INSTANTIATE_TEST_SUITE_P(
    D4, TextSizeD4,
    testing::Values(TextRow{"en", 1000000, "en", 4460000, 782456, 4.46}, TextRow{"ru", 1000000, "ru", 3270000, 495455, 5.82},
                    TextRow{"de", 1000000, "de", 3940000, 625397, 4.02}, TextRow{"fr", 1000000, "fr", 3510000, 575410, 3.62},
                    TextRow{"es", 1000000, "es", 3560000, 659259, 3.67}, TextRow{"zh", 1000000, "zh", 1350000, -1, 3.94},
                    TextRow{"code", 1000000, "code", 3930000, -1, 3.93}),
    [](const testing::TestParamInfo<TextRow>& info) { return std::string(info.param.name); });

TEST(TextSize, WorkedExample128kTokens) {
    // docs/text-density.md, 128,000 tokens, generic: English ~571 k chars ~100 k words ~317 standard pages ~0.57 MB;
    // Russian ~419 k chars ~63 k words ~233 standard pages ~10.5 author's sheets ~0.75 MB.
    TextSize en = *tables().convert(128000, "en", "generic", "standard");
    EXPECT_NEAR(en.chars, 571000, 500);
    EXPECT_NEAR(en.words, 100000, 200);
    EXPECT_NEAR(en.pages, 317, 0.5);
    EXPECT_NEAR(en.megabytes, 0.57, 0.005);
    TextSize ru = *tables().convert(128000, "ru", "generic", "standard");
    EXPECT_NEAR(ru.chars, 419000, 500);
    EXPECT_NEAR(ru.words, 63000, 500);
    EXPECT_NEAR(ru.pages, 233, 0.5);
    EXPECT_NEAR(ru.megabytes, 0.75, 0.005);
    EXPECT_NEAR(tables().convert(128000, "ru", "generic", "author-sheet")->pages, 10.5, 0.05);
}

TEST(TextSize, TokenizerFamilyMatters) {
    // docs/text-density.md characters per token: Llama 2 reads 2.61 Russian characters per token, o200k 3.60.
    EXPECT_DOUBLE_EQ(tables().convert(100, "ru", "llama2", "standard")->chars, 261);
    EXPECT_DOUBLE_EQ(tables().convert(100, "ru", "o200k", "standard")->chars, 360);
    // Unknown families fall back to generic rather than failing.
    EXPECT_DOUBLE_EQ(tables().convert(100, "en", "no-such-family", "standard")->chars, 446);
}

TEST(TextSize, RangesWhereMeasured) {
    const TextSize t = *tables().convert(1000, "ru", "qwen", "standard");  // docs/text-density.md ranges: 2.60-3.28
    EXPECT_DOUBLE_EQ(t.chars_low, 2600);
    EXPECT_DOUBLE_EQ(t.chars_high, 3280);
}

TEST(TextSize, ZeroTokensIsZeroText) {
    const TextSize t = *tables().convert(0, "en", "generic", "");
    EXPECT_EQ(t.chars, 0);
    EXPECT_EQ(t.pages, 0);
    EXPECT_EQ(t.page_convention, "standard");  // the default page
}

TEST(TextSize, UnknownLanguageAndPageNameTheAccepted) {
    Result<TextSize> lang = tables().convert(1, "xx", "generic", "standard");
    ASSERT_FALSE(lang.ok());
    EXPECT_NE(lang.error().message.find("en, ru, de, fr, es, zh, code"), std::string::npos) << lang.error().message;
    Result<TextSize> page = tables().convert(1, "en", "generic", "a4");
    ASSERT_FALSE(page.ok());
    EXPECT_NE(page.error().message.find("author-sheet"), std::string::npos) << page.error().message;
}

TEST(TextTables, BrokenAssetsAreRejected) {
    EXPECT_FALSE(TextTables::parse("{").ok());
    EXPECT_FALSE(TextTables::parse("[]").ok());
    EXPECT_FALSE(TextTables::parse(R"({"languages":[],"tokenizers":[],"pages":[]})").ok());  // no generic
}

// Page names are UI text: assets/strings.json "page_<id>" in every UI language (the shells show them).
TEST(PageNames, EveryPageHasANameInEveryUiLanguage) {
    const Strings& strings = test::assets().strings;
    for (const PageConvention& p : tables().pages())
        for (const std::string& lang : strings.languages())
            EXPECT_NE(strings.format("page_" + p.id, lang), "page_" + p.id) << lang << ": " << p.id;
    // The author's sheet, as Russian publishing names it (40 000 printed characters).
    EXPECT_EQ(strings.format("page_author-sheet", "ru"), "авторский лист (40 000 знаков)");
    EXPECT_EQ(strings.format("page_standard", "en"), "standard page (1800 characters)");
}

}  // namespace
}  // namespace contextfit
