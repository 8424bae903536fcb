// The page's state as the request core answers (web/app_state.h): the interface language and the text's
// language are two settings, as the CLI's --ui and --lang are.
#include <gtest/gtest.h>

#include <string>

#include "app_state.h"
#include "estimate.h"
#include "test_assets.h"

namespace contextfit::web {
namespace {

bool has_cyrillic(const std::string& s) {
    // U+0400..U+04FF are encoded as 0xD0..0xD3 followed by a continuation byte.
    for (size_t i = 0; i + 1 < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0xD0 && c <= 0xD3) return true;
    }
    return false;
}

// A Russian interface over an English text (a link "#ui=ru" with no lang=): the notes are interface text, so
// they are Russian, while the text figures stay English (Qwen3 8B's 131,072 tokens at English density give more
// characters than at Russian density).
TEST(AppStateRequest, NotesFollowTheInterfaceLanguageNotTheText) {
    AppState ru_ui;
    ru_ui.ui = "ru";
    ru_ui.lang = "en";
    ru_ui.model = "qwen3-8b";
    const EstimateRequest r = to_request(ru_ui);
    EXPECT_EQ(r.ui, "ru");
    EXPECT_EQ(r.language, "en");
    Result<Estimate> e = estimate(test::assets(), r);
    ASSERT_TRUE(e) << e.error().message;
    ASSERT_FALSE(e->notes.empty());
    for (const std::string& note : e->notes) EXPECT_TRUE(has_cyrillic(note)) << note;

    AppState ru_text = ru_ui;
    ru_text.lang = "ru";
    Result<Estimate> russian_text = estimate(test::assets(), to_request(ru_text));
    ASSERT_TRUE(russian_text) << russian_text.error().message;
    EXPECT_GT(e->text.chars, russian_text->text.chars);
}

TEST(AppStateRequest, EnglishInterfaceKeepsEnglishNotes) {
    AppState en_ui;
    en_ui.ui = "en";
    en_ui.lang = "ru";
    en_ui.model = "qwen3-8b";
    Result<Estimate> e = estimate(test::assets(), to_request(en_ui));
    ASSERT_TRUE(e) << e.error().message;
    ASSERT_FALSE(e->notes.empty());
    for (const std::string& note : e->notes) EXPECT_FALSE(has_cyrillic(note)) << note;
}

// A bad config.json: the notice names the file once. The reader's own message starts "config.json: " (a file
// called config.json must not read "config.json: config.json: ..."); another name still comes first.
TEST(AppStateFile, BadConfigNamesTheFileOnce) {
    const std::string bad = R"({"model_type": "llama", "num_hidden_layers": -4})";
    AppState s;
    s.ui = "en";
    load_config(test::assets(), s, bad, "config.json");
    ASSERT_EQ(s.file_messages.size(), 1u);
    EXPECT_EQ(s.file_messages[0].rfind("config.json: field 'num_hidden_layers'", 0), 0u) << s.file_messages[0];
    AppState t;
    t.ui = "en";
    load_config(test::assets(), t, bad, "llama.json");
    ASSERT_EQ(t.file_messages.size(), 1u);
    EXPECT_EQ(t.file_messages[0].rfind("llama.json: config.json: field 'num_hidden_layers'", 0), 0u) << t.file_messages[0];
}

}  // namespace
}  // namespace contextfit::web
