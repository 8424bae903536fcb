// Every character the page can show is in its font: each UI string of assets/strings.json (every language)
// and each name from the assets the page lists (models, families, weight formats, text languages; the pages'
// names are strings.json entries).
// The font is loaded as the page loads it: the subset font compiled in (cmake/font.cmake) through ImGui's
// atlas with ui.cpp's glyph_ranges(), so a code point missing from either the subset or the ranges is found.
// A miss would be drawn as ImGui's fallback character, so the test names the string and the code point.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "contextfit_font.h"
#include "embedded_assets.h"
#include "imgui.h"
#include "test_assets.h"
#include "ui.h"
#include "ui_text.h"
#include "utf8.h"

namespace contextfit::web {
namespace {

std::string hex(uint32_t cp) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(cp));
    return buf;
}

// A font of the page, loaded as web/main.cpp loads it, in its own ImGui atlas: by default the body font.
class PageFont {
public:
    explicit PageFont(const ImWchar* ranges = glyph_ranges(), float px = 16) {
        ImFontConfig cfg;
        cfg.FontDataOwnedByAtlas = false;
        font_ = atlas_.AddFontFromMemoryTTF(const_cast<unsigned char*>(contextfit_font_ttf),
                                            static_cast<int>(contextfit_font_ttf_size), px, &cfg, ranges);
        built_ = atlas_.Build();
    }
    bool ok() const { return font_ != nullptr && built_; }
    // Newlines are layout, not glyphs (ImGui never looks them up).
    bool has(uint32_t cp) const {
        if (cp == '\n') return true;
        return cp <= 0xFFFF && font_->FindGlyphNoFallback(static_cast<ImWchar>(cp)) != nullptr;
    }
    // "key: U+4E2D '中'" for each character of text the font lacks.
    std::vector<std::string> missing(const std::string& key, const std::string& text) const {
        std::vector<std::string> out;
        for (size_t byte = 0; byte < text.size();) {
            const Utf8Char c = utf8_decode(text, byte);
            if (!c.valid) out.push_back(key + ": invalid UTF-8 at byte " + std::to_string(byte));
            else if (!has(c.code_point))
                out.push_back(key + ": " + hex(c.code_point) + " '" + text.substr(byte, c.length) + "'");
            byte += c.length;
        }
        return out;
    }

private:
    ImFontAtlas atlas_;
    ImFont* font_ = nullptr;
    bool built_ = false;
};

const PageFont& page_font() {
    static const PageFont font;
    return font;
}

std::string listed(const std::vector<std::string>& lines) {
    std::string out;
    for (const std::string& l : lines) out += "  " + l + "\n";
    return out;
}

// ---- the big font: only the figures and the title ----

TEST(BigFont, HasEveryCharacterOfTheFiguresAndTheTitleAndLittleElse) {
    const ImVector<ImWchar> ranges = big_glyph_ranges(test::assets());
    const PageFont big(ranges.Data, 30);
    ASSERT_TRUE(big.ok());
    std::vector<std::string> missing;
    for (const std::string& lang : test::assets().strings.languages()) {
        // What ui.cpp's stat() and header() draw with the big font.
        const Strings& s = test::assets().strings;
        std::vector<std::string> shown = {s.format("web_title", lang), s.format("words_na", lang),
                                          s.count(1234567890123ull, lang), s.count(0, lang),
                                          s.real(0.5, 2, lang), s.real(98765.4321, 2, lang)};
        for (const std::string& text : shown)
            for (const std::string& m : big.missing(lang + " '" + text + "'", text)) missing.push_back(m);
    }
    EXPECT_TRUE(missing.empty()) << listed(missing);
    // Narrow on purpose: letters outside those strings are left to the body font ('Ж', 'q', '—').
    EXPECT_EQ(big.missing("rest", "\xD0\x96q\xE2\x80\x94"),
              (std::vector<std::string>{"rest: U+0416 '\xD0\x96'", "rest: U+0071 'q'", "rest: U+2014 '\xE2\x80\x94'"}));
}

// ---- the checker: the decoder and the font lookup can fail ----

TEST(PageFont, Loads) { ASSERT_TRUE(page_font().ok()); }

struct Probe {
    const char* name;
    const char* text;
    std::vector<std::string> missing;  // as the test reports them, worked out from the Unicode charts
};

class FontProbe : public testing::TestWithParam<Probe> {};

TEST_P(FontProbe, ReportsExactlyTheMissingCodePoints) {
    ASSERT_TRUE(page_font().ok());
    EXPECT_EQ(page_font().missing("probe", GetParam().text), GetParam().missing);
}

INSTANTIATE_TEST_SUITE_P(
    Texts, FontProbe,
    testing::Values(
        // Basic Latin, Cyrillic (U+0400-045F), the em dash U+2014, NBSP U+00A0, ≈ U+2248: all in the subset.
        Probe{"latin_cyrillic_punctuation", "Fits \xE2\x80\x94 \xD0\x92\xD0\xBB\xD0\xB5\xD0\xB7\xD0\xB5\xD1\x82 \xE2\x89\x88 131\xC2\xA0" "072", {}},
        // 中 U+4E2D (CJK) and 😀 U+1F600 (outside ImGui's 16-bit ImWchar): not in the subset.
        Probe{"cjk_and_emoji", "a\xE4\xB8\xAD" "b\xF0\x9F\x98\x80",
              {"probe: U+4E2D '\xE4\xB8\xAD'", "probe: U+1F600 '\xF0\x9F\x98\x80'"}},
        // Ukrainian ґ U+0491 and the Russian thousands separator U+202F are kept; Kazakh Қ U+049A and
        // ‽ U+203D (from the unused rest of the punctuation block) were cut from the subset.
        Probe{"cyrillic_edges", "\xD2\x91\xE2\x80\xAF\xD2\x9A\xE2\x80\xBD",
              {"probe: U+049A '\xD2\x9A'", "probe: U+203D '\xE2\x80\xBD'"}},
        // Ω U+03A9 (Greek): the subset keeps Latin and Cyrillic only.
        Probe{"greek", "\xCE\xA9", {"probe: U+03A9 '\xCE\xA9'"}},
        // A lone continuation byte, then a 3-byte sequence cut after two bytes: E2 80 is one ill-formed
        // subpart (Unicode 15.0 section 3.9), reported once at its first byte.
        Probe{"invalid_utf8", "x\x80y\xE2\x80",
              {"probe: invalid UTF-8 at byte 1", "probe: invalid UTF-8 at byte 3"}}),
    [](const testing::TestParamInfo<Probe>& row) { return std::string(row.param.name); });

// ---- the assets ----

TEST(Glyphs, EveryUiStringInEveryLanguage) {
    ASSERT_TRUE(page_font().ok());
    const nlohmann::json strings = nlohmann::json::parse(embedded_strings_json(), nullptr, false);
    ASSERT_TRUE(strings.is_object());
    std::vector<std::string> missing;
    size_t checked = 0;
    for (const std::string& lang : test::assets().strings.languages()) {
        ASSERT_TRUE(strings.contains(lang) && strings[lang].is_object()) << lang;
        for (const auto& [key, value] : strings[lang].items()) {
            // A plural noun is an array of its forms; every form is shown somewhere.
            const nlohmann::json forms = value.is_array() ? value : nlohmann::json::array({value});
            for (const nlohmann::json& form : forms) {
                ASSERT_TRUE(form.is_string()) << lang << "." << key;
                for (const std::string& m : page_font().missing(std::string(lang) + "." + key, form.get<std::string>()))
                    missing.push_back(m);
            }
            ++checked;
        }
    }
    EXPECT_GT(checked, 100u);  // assets/strings.json has dozens of keys per language
    EXPECT_TRUE(missing.empty()) << "characters the page font lacks:\n" << listed(missing);
}

TEST(Glyphs, EveryNameThePageLists) {
    ASSERT_TRUE(page_font().ok());
    const Assets& a = test::assets();
    std::vector<std::string> missing;
    auto check = [&](const std::string& key, const std::string& text) {
        for (const std::string& m : page_font().missing(key, text)) missing.push_back(m);
    };
    for (const ModelSpec& m : a.catalog.models()) {
        check("model " + m.id + " display_name", m.display_name);
        check("model " + m.id + " family", m.family);
    }
    for (const WeightFormat& f : a.formats.all()) check("weights " + f.id, f.label);
    for (const Language& l : a.text.languages()) check("language " + l.id, l.label);
    EXPECT_GE(a.catalog.models().size(), 50u);
    EXPECT_TRUE(missing.empty()) << "characters the page font lacks:\n" << listed(missing);
}

}  // namespace
}  // namespace contextfit::web
