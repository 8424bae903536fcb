// The ImGui page drawn headless: web/ui.cpp's draw() over real AppStates, with the real subset font, at phone
// and desktop sizes and at 1x and 2x device pixels. No GL: ImGui builds its draw lists and we read them back.
//
//   - no ImGui assertion fires (IM_ASSERT goes to a hook in native builds: tests/CMakeLists.txt)
//   - the figures drawn are the estimate's, and for the seed question the ones worked out by hand
//   - nothing is laid out past the right edge of the window (at 390 CSS px a cut-off line is unreadable)
//   - no ImGui table is used (their layout code is about 21 KB of the page)
//   - notices from a bad share link are drawn
// Text is read back with ImGui's logging (ImGui::LogToClipboard), which records every string ImGui renders, and, for
// what is drawn straight into a draw list (the chart's ticks, labels and readout), from the glyphs in the draw data.
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

#include "imgui.h"
#include "imgui_internal.h"
#include "style.h"
#include "test_assets.h"
#include "ui.h"
#include "view.h"

namespace contextfit::web {
namespace {

std::vector<std::string> g_asserts;

void record_assert(const char* expr, const char* file, int line) {
    std::string where = file;
    where = where.substr(where.find_last_of('/') + 1);
    g_asserts.push_back(where + ":" + std::to_string(line) + ": " + expr);
}

std::string joined(const std::vector<std::string>& lines) {
    std::string out;
    for (const std::string& l : lines) out += "  " + l + "\n";
    return out;
}

// An ImGui context set up as web/main.cpp sets up the page: the same style and fonts (web/style.h), scaled by the
// device pixel ratio; display size in device pixels.
class Harness {
public:
    Harness(float css_width, float css_height, float dpr) : dpr_(dpr) {
        g_asserts.clear();
        contextfit_imgui::assert_hook = record_assert;
        ctx_ = ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(css_width * dpr, css_height * dpr);
        io.DeltaTime = 1.0f / 60;
        io.SetClipboardTextFn = [](void*, const char* text) { logged_ = text; };
        set_up_page_style(test::assets(), dpr, fonts_);
    }
    ~Harness() {
        ImGui::DestroyContext(ctx_);
        contextfit_imgui::assert_hook = nullptr;
    }
    Harness(const Harness&) = delete;
    Harness& operator=(const Harness&) = delete;

    // One frame as web/main.cpp runs it: draw, render, recompute the view if the state changed.
    // Returns the text ImGui rendered in the frame.
    std::string frame(AppState& s, View& v) {
        ImGui::NewFrame();
        // Logging to the clipboard records every string ImGui renders until the page window's End(), which
        // hands the text to the clipboard callback.
        logged_.clear();
        ImGui::LogToClipboard();
        draw(s, v, UiContext{&test::assets(), fonts_.big, dpr_});
        const std::string text = logged_;
        ImGui::Render();
        drawn_ = glyphs_drawn();
        if (s.changed) {
            v = compute(test::assets(), s);
            s.changed = false;
        }
        return text;
    }

    // Every glyph the last frame drew, in draw order, as text: what a reader sees, including the chart's labels.
    const std::string& drawn() const { return drawn_; }

    // How far the page's content reaches past the visible right edge of its window, in device pixels (<= 0: none).
    static float overflow_right() {
        ImGuiWindow* w = ImGui::FindWindowByName("ContextFit");
        if (!w) return 1e9f;
        return w->DC.CursorMaxPos.x - w->InnerClipRect.Max.x;
    }

    // The draw data read back as text. A glyph is a quad of 4 vertices whose texture corners are a glyph's of the
    // font atlas (ImFont::RenderText writes them so). Words end where the next glyph does not start at the pen
    // position the last one left (a space draws nothing, so it shows as a gap); a new baseline starts a new line.
    static std::string glyphs_drawn() {
        std::map<std::pair<float, float>, std::pair<const ImFontGlyph*, ImWchar>> by_uv;
        for (const ImFont* font : ImGui::GetIO().Fonts->Fonts)
            for (const ImFontGlyph& g : font->Glyphs)
                if (g.Visible) by_uv[{g.U0, g.V0}] = {&g, static_cast<ImWchar>(g.Codepoint)};
        std::string out;
        float pen_x = 0, baseline = 0;
        const ImDrawData* data = ImGui::GetDrawData();
        for (int l = 0; data && l < data->CmdListsCount; ++l) {
            const ImVector<ImDrawVert>& v = data->CmdLists[l]->VtxBuffer;
            for (int i = 0; i + 3 < v.Size; ++i) {
                const auto it = by_uv.find({v[i].uv.x, v[i].uv.y});
                if (it == by_uv.end()) continue;
                const ImFontGlyph& g = *it->second.first;
                if (v[i + 2].uv.x != g.U1 || v[i + 2].uv.y != g.V1 || g.Y1 <= g.Y0) continue;
                const float scale = (v[i + 2].pos.y - v[i].pos.y) / (g.Y1 - g.Y0);
                const float x = v[i].pos.x - g.X0 * scale, y = v[i].pos.y - g.Y0 * scale;
                if (std::fabs(y - baseline) > 0.5f) out += '\n';
                else if (std::fabs(x - pen_x) > 0.5f) out += ' ';
                char utf8[5] = {};
                ImTextCharToUtf8(utf8, it->second.second);
                out += utf8;
                pen_x = x + g.AdvanceX * scale;
                baseline = y;
                i += 3;
            }
        }
        return out;
    }

private:
    static inline std::string logged_;
    std::string drawn_;
    ImGuiContext* ctx_ = nullptr;
    PageFonts fonts_;
    float dpr_ = 1;
};

// ---- the states ----

// The seed question of the estimate tests: 1000 GiB, Llama 3.1 70B, Q4_K_M, llama.cpp.
AppState seed(const char* ui) {
    AppState s;
    s.ram_amount = 1000;
    s.ram_unit = RamUnit::gib_as_sold;
    s.model = "llama-3.1-70b";
    s.lang = ui;
    s.ui = ui;
    return s;
}

AppState english() { return seed("en"); }
AppState russian() { return seed("ru"); }

AppState weights_do_not_fit() {
    AppState s = seed("en");
    s.model = "deepseek-v3";  // ~380 GiB of Q4_K_M weights (671B params x ~4.85 bits) against 64 GiB
    s.ram_amount = 64;
    return s;
}

AppState memory_limited() {
    AppState s = seed("ru");
    s.model = "llama-3.1-8b";
    s.ram_amount = 8;
    return s;
}

AppState bad_link() {
    AppState s = seed("en");
    ShareParse parsed = parse_share_link("ram=lots&model=gpt-9&weights=q4_k_m&zzz=1");
    check_share_link(test::assets(), parsed);
    apply_link(s, parsed);
    return s;
}

// The CPU server: DeepSeek-V3 in 1000 GiB on one Xeon 6980P socket (a link's hw=xeon-6980p).
AppState cpu_server() {
    AppState s = seed("en");
    s.model = "deepseek-v3";
    s.kv = "q8_0";
    s.hw.picks = {{"xeon-6980p", 1}};
    return s;
}

// A GPU + RAM split in Russian: two RTX 4090 (24 GiB each) and an EPYC 9654 holding the rest in 1000 GiB.
AppState gpus_and_ram() {
    AppState s = seed("ru");
    s.hw.picks = {{"epyc-9654", 1}, {"rtx-4090", 2}};
    return s;
}

// A vLLM cluster in Russian: two nodes of eight H100 SXM, tensor parallel over each node's eight.
AppState vllm_cluster() {
    AppState s = seed("ru");
    s.runtime = "vllm";
    s.hw.picks = {{"h100-sxm", 8}};
    s.hw.tp = 8;
    s.hw.nodes = 2;
    return s;
}

// A CPU the catalog lacks, typed in: the custom device's fields and the -ngl / --cpu-moe options are drawn.
AppState custom_cpu() {
    AppState s = seed("en");
    s.hw.custom = {true, 0, 0, 204.8, 20};
    s.hw.cpu_moe = true;
    return s;
}

struct StateRow {
    const char* name;
    AppState (*make)();
    LimitedBy limited_by;
    // The token count as the page must print it, worked out by hand; nullptr: compare with the estimate only.
    // Llama 3.1 70B's model card states a 131072-token context; 1000 GiB holds far more (estimate_test.cpp),
    // so the model is the ceiling. English groups with commas, Russian with no-break spaces (U+00A0).
    const char* tokens_text;
};

const StateRow state_rows[] = {
    {"en", english, LimitedBy::model, "131,072"},
    {"ru", russian, LimitedBy::model, "131\xC2\xA0" "072"},
    {"weights_do_not_fit", weights_do_not_fit, LimitedBy::weights_do_not_fit, nullptr},
    {"memory_limited", memory_limited, LimitedBy::memory, nullptr},
    {"bad_link_notices", bad_link, LimitedBy::model, "131,072"},
    // DeepSeek-V3's vendor states a 128K (131072-token) context; 1000 GiB holds more.
    {"cpu_server", cpu_server, LimitedBy::model, "131,072"},
    {"gpus_and_ram_ru", gpus_and_ram, LimitedBy::model, "131\xC2\xA0" "072"},
};

struct Screen {
    const char* name;
    float css_width, css_height, dpr;
};

const Screen screens[] = {
    {"phone_1x", 390, 844, 1}, {"phone_2x", 390, 844, 2}, {"desktop_1x", 1440, 900, 1}, {"desktop_2x", 1440, 900, 2}};

// gtest prints parameters with these instead of their bytes.
void PrintTo(const StateRow& row, std::ostream* os) { *os << row.name; }
void PrintTo(const Screen& screen, std::ostream* os) { *os << screen.name; }

std::string row_name(const testing::TestParamInfo<std::tuple<StateRow, Screen>>& row) {
    return std::string(std::get<0>(row.param).name) + "_" + std::get<1>(row.param).name;
}

class DrawPage : public testing::TestWithParam<std::tuple<StateRow, Screen>> {};

TEST_P(DrawPage, ShowsTheEstimate) {
    const StateRow& row = std::get<0>(GetParam());
    const Screen& screen = std::get<1>(GetParam());
    Harness h(screen.css_width, screen.css_height, screen.dpr);
    AppState s = row.make();
    View v = compute(test::assets(), s);
    s.changed = false;
    ASSERT_TRUE(v.estimate.ok()) << v.estimate.error().message;
    const Estimate& e = *v.estimate;
    EXPECT_EQ(e.fit.limited_by, row.limited_by);

    std::string text;
    for (int i = 0; i < 4; ++i) text = h.frame(s, v);  // the scrollbar and wrapping settle after the first frames
    EXPECT_TRUE(g_asserts.empty()) << "ImGui assertions:\n" << joined(g_asserts);

    const std::string tokens = test::assets().strings.count(e.fit.tokens, s.ui);
    EXPECT_NE(text.find(tokens), std::string::npos) << "tokens " << tokens << " not drawn; drawn:\n" << text;
    if (row.tokens_text) {
        EXPECT_EQ(tokens, row.tokens_text);
    }
    const std::string megabytes = test::assets().strings.real(e.text.megabytes, 2, s.ui);
    EXPECT_NE(text.find(megabytes), std::string::npos) << "megabytes " << megabytes << " not drawn";
    // The verdict is wrapped over several lines on a phone; its first words are on the first line.
    ASSERT_FALSE(v.verdict.empty());
    EXPECT_NE(text.find(v.verdict.substr(0, 12)), std::string::npos) << "verdict not drawn: " << v.verdict;
    // Each notice starts with the pair as the link had it: "ram=lots: not a valid value; accepted: …".
    for (const ShareNotice& n : s.notices) {
        const std::string pair = n.key + "=" + n.value;
        EXPECT_NE(text.find(pair), std::string::npos) << "notice for " << pair << " not drawn; drawn:\n" << text;
    }
}

INSTANTIATE_TEST_SUITE_P(StatesAndScreens, DrawPage,
                         testing::Combine(testing::ValuesIn(state_rows), testing::ValuesIn(screens)), row_name);

// Content laid out past the visible right edge is cut off: on a phone a wrapped line loses its last letters.
class PageWidth : public testing::TestWithParam<std::tuple<StateRow, Screen>> {};

TEST_P(PageWidth, FitsTheScreen) {
    const StateRow& row = std::get<0>(GetParam());
    const Screen& screen = std::get<1>(GetParam());
    Harness h(screen.css_width, screen.css_height, screen.dpr);
    AppState s = row.make();
    View v = compute(test::assets(), s);
    s.changed = false;
    for (int i = 0; i < 4; ++i) h.frame(s, v);
    EXPECT_LE(Harness::overflow_right(), 0.5f) << "content runs past the right edge at " << screen.css_width
                                               << " CSS px x" << screen.dpr << " (device pixels past it)";
    EXPECT_TRUE(g_asserts.empty()) << "ImGui assertions:\n" << joined(g_asserts);
}

INSTANTIATE_TEST_SUITE_P(StatesAndScreens, PageWidth,
                         testing::Combine(testing::ValuesIn(state_rows), testing::ValuesIn(screens)), row_name);

// Text mode on every screen: 80 MB of Russian on Llama 4 Scout is 80,000,000 / 1.78 / 3.27 = 13,744,288 tokens
// (assets/text.json: UTF-8 bytes per Russian character, the generic tokenizer's characters per token), drawn with
// Russian grouping, in 2 parts of its 10,000,000-token context; the models table fits the width too.
class TextModePage : public testing::TestWithParam<Screen> {};

TEST_P(TextModePage, ShowsWhatTheTextNeeds) {
    Harness h(GetParam().css_width, GetParam().css_height, GetParam().dpr);
    AppState s = seed("ru");
    s.mode = PageMode::text;
    s.model = "llama-4-scout";
    View v = compute(test::assets(), s);
    s.changed = false;
    std::string text;
    for (int i = 0; i < 4; ++i) text = h.frame(s, v);
    EXPECT_NE(text.find("13\xC2\xA0" "744\xC2\xA0" "288"), std::string::npos) << text;
    EXPECT_NE(text.find("частей — 2"), std::string::npos) << text;
    EXPECT_LE(Harness::overflow_right(), 0.5f) << "content runs past the right edge";
    EXPECT_TRUE(g_asserts.empty()) << "ImGui assertions:\n" << joined(g_asserts);
}

INSTANTIATE_TEST_SUITE_P(Screens, TextModePage, testing::ValuesIn(screens),
                         [](const testing::TestParamInfo<Screen>& screen) { return std::string(screen.param.name); });

// ImGui's tables would bring about 21 KB of layout code into the page's wasm; web/ui.cpp lays out its columns
// without them. A table anywhere on the page (one screen per layout: phone, desktop) brings that code back.
TEST(DrawPage, UsesNoImGuiTable) {
    for (const Screen& screen : {screens[0], screens[2]}) {
        Harness h(screen.css_width, screen.css_height, screen.dpr);
        AppState s = english();
        View v = compute(test::assets(), s);
        s.changed = false;
        h.frame(s, v);
        EXPECT_EQ(GImGui->Tables.GetAliveCount(), 0) << screen.name;
    }
}

// ---- the checks themselves can fail ----

TEST(UiHarness, SeesAnItemWiderThanThePhone) {
    Harness h(390, 844, 1);
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
    ImGui::Begin("ContextFit", nullptr, ImGuiWindowFlags_NoTitleBar);
    ImGui::Dummy(ImVec2(500, 10));
    ImGui::End();
    ImGui::Render();
    EXPECT_GT(Harness::overflow_right(), 100.0f);
}

TEST(UiHarness, RecordsImGuiAssertions) {
    Harness h(390, 844, 1);
    ImGui::NewFrame();
    ImGui::End();  // one End() too many: IM_ASSERT_USER_ERROR in ImGui::End
    ImGui::Render();
    EXPECT_EQ(g_asserts.size(), 1u) << joined(g_asserts);
}

TEST(UiHarness, ReadsBackDrawnText) {
    Harness h(390, 844, 1);
    AppState s = english();
    View v = compute(test::assets(), s);
    s.changed = false;
    const std::string text = h.frame(s, v);
    EXPECT_NE(text.find("English"), std::string::npos) << text;
    EXPECT_EQ(text.find("not on the page"), std::string::npos);
}

// The glyph reader sees text drawn straight into a draw list, which ImGui's logging does not, with its word gaps.
TEST(UiHarness, ReadsBackGlyphsDrawnIntoADrawList) {
    Harness h(390, 844, 1);
    AppState s = english();
    View v = compute(test::assets(), s);
    s.changed = false;
    h.frame(s, v);
    for (int frame = 0; frame < 2; ++frame) {  // a new window is hidden in its first frame while it sizes itself
        ImGui::NewFrame();
        ImGui::SetNextWindowSize(ImVec2(400, 100));
        ImGui::Begin("probe");
        ImGui::GetWindowDrawList()->AddText(ImGui::GetCursorScreenPos(), IM_COL32_WHITE, "Axis 64K tokens");
        ImGui::End();
        ImGui::Render();
    }
    const std::string drawn = Harness::glyphs_drawn();
    EXPECT_NE(drawn.find("Axis 64K tokens"), std::string::npos) << drawn;
}

// ---- every figure can be followed back ----

TEST(DrawPage, ShowsHowEachFigureWasComputedWithItsSource) {
    Harness h(1440, 6000, 1);  // tall enough that the last section is drawn, not clipped
    for (AppState s : {english(), russian()}) {
        View v = compute(test::assets(), s);
        ASSERT_TRUE(v.estimate.ok());
        s.changed = false;
        const std::string text = h.frame(s, v);
        // The title says these are estimates; the KV line names the model record and the cell rules it used
        // (public docs a reader can open, not this repository's source files).
        const std::string title = test::assets().strings.format("web_how_title", s.ui);
        EXPECT_NE(text.find(title.substr(0, title.find(' '))), std::string::npos) << s.ui << ": " << title;
        // Each figure is named in the reader's words (strings.json trace_label_*), not by its code name.
        const std::string kv_label = test::assets().strings.format("trace_label_kv_bytes", s.ui) + " = ";
        EXPECT_NE(text.find(kv_label), std::string::npos) << s.ui << ": " << kv_label;
        EXPECT_EQ(text.find("kv_bytes ="), std::string::npos) << s.ui;
        EXPECT_NE(text.find("(llama-3.1-70b, docs/catalog.md);"), std::string::npos) << s.ui;
        EXPECT_NE(text.find("(docs/llama-cpp-sizing.md);"), std::string::npos) << s.ui;
        // Each note of the estimate is drawn as a bullet.
        size_t bullets = 0;
        for (size_t at = text.find("\xE2\x80\xA2"); at != std::string::npos; at = text.find("\xE2\x80\xA2", at + 1)) ++bullets;
        EXPECT_EQ(bullets, v.estimate->notes.size()) << s.ui;
        EXPECT_GE(v.estimate->notes.size(), 2u);  // weights and buffers are estimates for this model
    }
}

// ---- input: a click edits the state ----

TEST(DrawPage, ClickingRussianSwitchesTheInterface) {
    Harness h(1440, 900, 1);
    AppState s = english();
    View v = compute(test::assets(), s);
    s.changed = false;
    h.frame(s, v);
    ImGuiWindow* w = ImGui::FindWindowByName("ContextFit");
    ASSERT_NE(w, nullptr);
    const ImGuiID id = w->GetID("Русский");  // the button's id: its label in the page window
    // ImGui keeps no rectangles by id: move the mouse over the header until ImGui reports the button hovered.
    ImGuiIO& io = ImGui::GetIO();
    bool found = false;
    for (float y = 4; y < 240 && !found; y += 8)
        for (float x = 4; x < 400 && !found; x += 8) {
            io.AddMousePosEvent(x, y);
            h.frame(s, v);
            found = GImGui->HoveredId == id;
        }
    ASSERT_TRUE(found) << "the Русский button was not found in the header";
    io.AddMouseButtonEvent(0, true);
    h.frame(s, v);
    io.AddMouseButtonEvent(0, false);
    h.frame(s, v);
    EXPECT_EQ(s.ui, "ru");
    EXPECT_TRUE(s.ui_in_link);
    const std::string text = h.frame(s, v);
    EXPECT_NE(text.find("131\xC2\xA0" "072"), std::string::npos) << text;  // the seed's 131072, Russian grouping
    EXPECT_TRUE(g_asserts.empty()) << joined(g_asserts);
}

// Moves the pointer over the page until ImGui reports the item `id` hovered, then clicks it.
bool click_item(Harness& h, AppState& s, View& v, const char* id, float max_x, float max_y) {
    ImGuiWindow* w = ImGui::FindWindowByName("ContextFit");
    if (!w) return false;
    const ImGuiID target = w->GetID(id);
    ImGuiIO& io = ImGui::GetIO();
    for (float y = 4; y < max_y; y += 8)
        for (float x = 4; x < max_x; x += 16) {
            io.AddMousePosEvent(x, y);
            h.frame(s, v);
            if (GImGui->HoveredId != target) continue;
            io.AddMouseButtonEvent(0, true);
            h.frame(s, v);
            io.AddMouseButtonEvent(0, false);
            h.frame(s, v);
            return true;
        }
    return false;
}

// The open model picker's family headers are the catalog's family names ("families" in assets/models.json), as
// the vendors write them: never an id with a capital put on it ("Gpt oss", "Deepseek v3" were drawn before).
struct FamilyRow {
    const char* filter;     // typed in the picker's search, so the family's models are in view
    const char* header;     // the family's name as its model card titles write it
    const char* by_rule;    // what capitalising the id gave (the start of it)
};

class PickerHeaders : public testing::TestWithParam<FamilyRow> {};

TEST_P(PickerHeaders, AreTheFamiliesNames) {
    Harness h(1440, 900, 1);
    AppState s = english();
    std::snprintf(s.model_filter, sizeof s.model_filter, "%s", GetParam().filter);
    View v = compute(test::assets(), s);
    s.changed = false;
    h.frame(s, v);
    ASSERT_TRUE(click_item(h, s, v, "##model", 700, 600)) << "the model picker was not found";
    h.frame(s, v);
    const std::string drawn = h.drawn();
    EXPECT_NE(drawn.find(GetParam().header), std::string::npos) << drawn;
    EXPECT_EQ(drawn.find(GetParam().by_rule), std::string::npos) << drawn;
}

INSTANTIATE_TEST_SUITE_P(Families, PickerHeaders,
                         testing::Values(FamilyRow{"gpt-oss", "gpt-oss", "Gpt oss"},
                                         FamilyRow{"deepseek-v3", "DeepSeek-V3", "Deepseek"},
                                         FamilyRow{"kimi", "Kimi K2", "Kimi k"},
                                         FamilyRow{"qwen3-8b", "Qwen3", "Qwen 3"}),
                         [](const testing::TestParamInfo<FamilyRow>& row) {
                             std::string name = row.param.filter;
                             for (char& c : name) c = (c == '-' || c == '.') ? '_' : c;
                             return name;
                         });

// The hardware picker, the placement bars and the time panel draw in both languages without ImGui assertions,
// and show the device names and the speed the view computed (the view's figures come from core/speed.h).
TEST(DrawHardware, ShowsPlacementAndTime) {
    for (AppState (*make)() : {cpu_server, gpus_and_ram, vllm_cluster, custom_cpu}) {
        Harness h(1440, 2400, 1);
        AppState s = make();
        View v = compute(test::assets(), s);
        s.changed = false;
        ASSERT_TRUE(v.speed.result.ok()) << v.speed.result.error().message;
        std::string text;
        for (int i = 0; i < 4; ++i) text = h.frame(s, v);
        EXPECT_TRUE(g_asserts.empty()) << "ImGui assertions:\n" << joined(g_asserts);
        for (const DevicePlacement& d : v.speed.result->placement.devices)
            EXPECT_NE(text.find(d.device.name), std::string::npos) << d.device.name << " not drawn";
        const std::string decode = test::assets().strings.real(v.speed.result->decode_tokens_per_s,
                                               v.speed.result->decode_tokens_per_s < 10 ? 1 : 0, s.ui);
        EXPECT_NE(text.find(decode), std::string::npos) << "decode speed " << decode << " not drawn";
        EXPECT_NE(text.find(s.ui == "ru" ? "Время" : "Time"), std::string::npos);
        Harness phone(390, 844, 2);
        for (int i = 0; i < 4; ++i) phone.frame(s, v);
        EXPECT_LE(Harness::overflow_right(), 0.5f) << "hardware panels run past a phone's right edge";
        EXPECT_TRUE(g_asserts.empty()) << "ImGui assertions:\n" << joined(g_asserts);
    }
}

// Without hardware the time panel says what to pick instead of drawing empty figures.
TEST(DrawHardware, AsksForHardwareWhenNoneIsPicked) {
    Harness h(1440, 2400, 1);
    AppState s = english();
    View v = compute(test::assets(), s);
    EXPECT_FALSE(v.speed.asked);
    const std::string text = h.frame(s, v);
    EXPECT_NE(text.find("Pick a CPU"), std::string::npos);
}

// ---- a Russian screen shows no English word ----

// Latin words a Russian page may show besides the names in the data (model and family names, weight format
// labels): units, engine and format names, abbreviations Russian text keeps as they are, the attention kinds, and
// llama.cpp's symbols in the formulas.
bool allowed_latin(const std::string& w) {
    static const std::set<std::string> allowed = {
        "KV", "GGUF", "llama", "cpp", "vLLM", "f16", "f32", "bf16", "fp8", "q8_0", "GB", "GiB", "TB", "TiB",
        "MB", "MiB", "KB", "KiB", "ContextFit", "LLM", "CPU", "UTF", "json", "config", "English",
        "MLA", "gqa", "mla", "mha", "mqa", "hybrid", "min",
        "n_params", "n_head_kv", "n_embd_head_k", "n_embd_head_v", "kv_lora_rank", "qk_rope_head_dim", "type_traits"};
    return allowed.count(w) > 0;
}

// The page's text split at spaces and punctuation into words of letters, digits and '_' (a llama.cpp symbol is one
// word). A path or address ("docs/catalog.md", "https://…") is a citation a reader can open, not a word.
std::set<std::string> latin_words(const std::string& text) {
    std::set<std::string> out;
    std::string token;
    auto flush = [&] {
        const bool citation = token.find('/') != std::string::npos;
        std::string w;
        for (char c : token + " ") {
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || (!w.empty() && c >= '0' && c <= '9')) {
                w += c;
                continue;
            }
            if (!citation && w.size() >= 2 && !allowed_latin(w)) out.insert(w);
            w.clear();
        }
        token.clear();
    };
    for (char c : text) {
        if (c == ' ' || c == '\n' || c == '(' || c == ')' || c == ',' || c == ';' || c == '\'') flush();
        else token += c;
    }
    flush();
    return out;
}

// The names and ids a Russian page shows as they are: the catalog's model ids and names and family names, the
// tokenizer and text language ids, and the weight formats' labels, word by word.
std::set<std::string> names_in_the_data() {
    std::set<std::string> names;
    std::vector<std::string> texts;
    for (const ModelSpec& m : test::assets().catalog.models()) {
        texts.insert(texts.end(), {m.id, m.display_name, m.tokenizer, test::assets().catalog.family_name(m.family)});
    }
    for (const Language& l : test::assets().text.languages()) texts.push_back(l.id);
    for (const WeightFormat& f : test::assets().formats.all()) texts.push_back(f.label);
    for (const std::string& t : texts)
        for (const std::string& w : latin_words(t)) names.insert(w);
    return names;
}

size_t occurrences(const std::string& text, const std::string& part) {
    size_t n = 0;
    for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
    return n;
}

// The page drawn with the pointer over the chart, so its readout ("токенов: 65 536 — 47,20 ГиБ") is drawn too: the
// pointer moves down the figures' column until one more readout lead-in is drawn than without it. Empty when none is.
std::string drawn_with_readout(Harness& h, AppState& s, View& v, float x) {
    const std::string tpl = test::assets().strings.format("web_chart_readout", s.ui, {{"tokens", "\x01"}});
    const std::string lead = tpl.substr(0, tpl.find('\x01'));
    h.frame(s, v);
    const size_t without = occurrences(h.drawn(), lead);
    for (float y = 0; y < ImGui::GetIO().DisplaySize.y; y += 48) {
        ImGui::GetIO().AddMousePosEvent(x, y);
        h.frame(s, v);
        if (occurrences(h.drawn(), lead) > without) return h.drawn();
    }
    return {};
}

// Every text the Russian page draws: widgets, notices, the chart's ticks, limit labels and readout, the notes and the
// formulas of "how each figure was computed". The Latin words in it that are neither allowed nor in `ids`.
std::set<std::string> english_on_russian_page(AppState s, const std::set<std::string>& ids) {
    Harness h(1440, 8000, 1);
    View v = compute(test::assets(), s);
    s.changed = false;
    const bool has_chart = v.estimate.ok() && v.curve.size() >= 2;
    std::string text = drawn_with_readout(h, s, v, 900);
    EXPECT_EQ(text.empty(), !has_chart) << s.model << ": the chart's readout was not found";
    if (text.empty()) text = h.drawn();
    for (char& c : text) c = c == '\n' ? ' ' : c;  // the page wraps lines at spaces
    // The sources quoted as written: the weight format's and the model record's citations (their data is English).
    if (v.estimate.ok())
        for (const std::string& quoted : {v.estimate->weights->source, v.estimate->model->context_note,
                                          v.estimate->model->params_note})
            for (size_t at; !quoted.empty() && (at = text.find(quoted)) != std::string::npos;) text.erase(at, quoted.size());
    std::set<std::string> words = latin_words(text);
    for (const std::string& id : ids) words.erase(id);
    for (const std::string& name : names_in_the_data()) words.erase(name);
    return words;
}

TEST(RussianScreen, ShowsNoEnglishWord) {
    AppState not_fit = weights_do_not_fit();
    not_fit.ui = not_fit.lang = "ru";
    AppState link = bad_link();
    link.ui = link.lang = "ru";
    // A notice about a bad link quotes what the link said and lists the keys, units and model ids it accepts.
    const std::set<std::string> link_ids = {"lots", "zzz", "gpt", "glm", "phi", "qwq", "KB", "PB", "PiB", "ram", "reserve",
                                            "model", "weights", "kv", "runtime", "seqs", "lang", "page", "ui", "arch",
                                            "name", "tok", "id", "mode", "text", "hw", "ngl", "cpumoe", "tp", "nodes"};
    AppState zero = seed("ru");
    zero.ram_amount = 0;  // an error instead of an answer
    const std::pair<AppState, std::set<std::string>> cases[] = {
        {russian(), {}}, {memory_limited(), {}}, {not_fit, {}}, {link, link_ids}, {zero, {}}};
    for (const auto& [s, ids] : cases) {
        const std::set<std::string> words = english_on_russian_page(s, ids);
        std::string list;
        for (const std::string& w : words) list += w + " ";
        EXPECT_TRUE(words.empty()) << s.model << " " << s.ram_amount << ": " << list;
    }
}

// An Apple M2 Ultra alone, in Russian: one unified pool, its GPU share noted (assets/hardware.json: 75 %).
AppState unified_ru() {
    AppState s = seed("ru");
    s.ram_amount = 192;
    s.hw.picks = {{"apple-m2-ultra", 1}};
    return s;
}

// A GPU the catalog lacks next to an EPYC, in Russian (the custom device's name is its spec).
AppState custom_gpu_ru() {
    AppState s = seed("ru");
    s.hw.picks = {{"epyc-9654", 1}};
    s.hw.custom = {true, 1, 24, 1008, 82.6};
    return s;
}

// The time panel in Russian: every note of the placement and the speed is drawn, in Russian (the notes come from
// core in the page's language), and the panels show no English word besides device names and cited names.
TEST(RussianScreen, TimePanelNotesAreRussian) {
    for (AppState (*make)() : {gpus_and_ram, vllm_cluster, unified_ru, custom_gpu_ru}) {
        AppState s = make();
        Harness h(1440, 8000, 1);
        View v = compute(test::assets(), s);
        s.changed = false;
        ASSERT_TRUE(v.speed.result.ok()) << v.speed.result.error().message;
        const SpeedResult& r = *v.speed.result;
        const std::string text = h.frame(s, v);
        std::vector<std::string> notes = r.placement.notes;
        notes.insert(notes.end(), r.notes.begin(), r.notes.end());
        ASSERT_FALSE(notes.empty());
        // Each note is drawn; its first words are Russian (the estimate note opens "скорости — оценки").
        for (const std::string& n : notes) EXPECT_NE(text.find(n), std::string::npos) << n << " not drawn";
        EXPECT_NE(text.find(test::assets().strings.format("speed_note_estimate", "ru")), std::string::npos);
        EXPECT_EQ(text.find("speeds are estimates"), std::string::npos);
        // Device names (a custom one's is its spec: custom-gpu:...), engine options (--cpu-moe, TP), and the ids and
        // symbols the notes cite (ik_llama.cpp, llama-bench rows, docs/speed.md, ...).
        const std::set<std::string> ids = {"Apple", "NVIDIA", "AMD", "EPYC", "RTX", "Zen", "socket", "SXM", "Ultra",
                                           "custom", "gpu", "CPU", "GPU", "MoE", "cpu", "moe", "TP", "TFLOPS", "ik",
                                           "bench", "docs", "speed", "md", "LLaMA", "Ryzen", "pp",
                                           // names and cited tokens: a project, a llama-bench test, a platform,
                                           // device names, vLLM's parameter and source path
                                           "ik_llama", "pp512", "CUDA", "H100", "SXM5", "M2", "gpu_memory_utilization",
                                           "vllm"};
        const std::set<std::string> words = english_on_russian_page(s, ids);
        std::string list;
        for (const std::string& w : words) list += w + " ";
        EXPECT_TRUE(words.empty()) << list;
    }
}

// The page's own sentences in Russian: a keyed error in the reader's language (not core's English message), the
// bare-number notice of a link ("ram=16" is read as 16 GiB), plurals by the Russian rule in the model line (Llama
// 3.1 8B: 32 layers, "32 слоя"; 131072 tokens, "131 072 токена": 2 and 72 take the few form), and the trace's
// quantities named in Russian.
TEST(RussianScreen, PhrasesErrorsNoticesAndPlurals) {
    const Strings& str = test::assets().strings;
    Harness h(1440, 8000, 1);
    AppState zero = seed("ru");
    zero.ram_amount = 0;
    View v = compute(test::assets(), zero);
    zero.changed = false;
    ASSERT_FALSE(v.estimate.ok());
    h.frame(zero, v);
    EXPECT_NE(h.drawn().find(str.format("error_ram_zero", "ru")), std::string::npos) << h.drawn();
    EXPECT_EQ(h.drawn().find("must be"), std::string::npos) << h.drawn();

    AppState bare;
    bare.preferred_ui = "ru";
    ShareParse parsed = parse_share_link("ram=16&model=llama-3.1-8b");
    check_share_link(test::assets(), parsed);
    apply_link(bare, parsed);
    v = compute(test::assets(), bare);
    bare.changed = false;
    for (int i = 0; i < 2; ++i) h.frame(bare, v);  // the notices box sizes itself in its first frame
    std::string drawn = h.drawn();
    for (char& c : drawn) c = c == '\n' ? ' ' : c;  // the page wraps lines at spaces
    EXPECT_NE(drawn.find("16 понято как 16 GiB"), std::string::npos) << drawn;
    EXPECT_NE(drawn.find("32 слоя"), std::string::npos) << drawn;
    EXPECT_NE(drawn.find("контекст 131 072 токена"), std::string::npos) << drawn;  // a no-break space draws as a gap
    EXPECT_NE(drawn.find("KV-кэш = "), std::string::npos) << drawn;
}

// A hand-edited partial link is the whole request: what it leaves out is the default, not the last setting.
TEST(ApplyLink, APartialLinkResetsTheFieldsItDoesNotCarry) {
    AppState s;
    s.preferred_ui = "ru";
    s.ram_amount = 512;
    s.weights = "q8_0";
    s.runtime = "vllm";
    s.seqs = 4;
    ShareParse parsed = parse_share_link("model=qwen3-8b");
    check_share_link(test::assets(), parsed);
    apply_link(s, parsed);
    const AppState defaults;
    EXPECT_EQ(s.model, "qwen3-8b");
    EXPECT_EQ(s.ram_amount, defaults.ram_amount);
    EXPECT_EQ(s.weights, defaults.weights);
    EXPECT_EQ(s.runtime, defaults.runtime);
    EXPECT_EQ(s.seqs, defaults.seqs);
    // The languages default to the reader's (the browser's), not to English.
    EXPECT_EQ(s.ui, "ru");
    EXPECT_EQ(s.lang, "ru");
}

}  // namespace
}  // namespace contextfit::web
