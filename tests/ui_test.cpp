// The ImGui page drawn headless: web/ui.cpp's draw() over real AppStates, with the real subset font, at phone
// and desktop sizes and at 1x and 2x device pixels. No GL: ImGui builds its draw lists and we read them back.
//
//   - no ImGui assertion fires (IM_ASSERT goes to a hook in native builds: tests/CMakeLists.txt)
//   - the figures drawn are the estimate's, and for the seed question the ones worked out by hand
//   - nothing is laid out past the right edge of the window (at 390 CSS px a cut-off line is unreadable)
//   - no ImGui table is used (their layout code is about 21 KB of the page)
//   - notices from a bad share link are drawn
// Text is read back with ImGui's logging (ImGui::LogToClipboard), which records every string ImGui renders.
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
        if (s.changed) {
            v = compute(test::assets(), s);
            s.changed = false;
        }
        return text;
    }

    // How far the page's content reaches past the visible right edge of its window, in device pixels (<= 0: none).
    static float overflow_right() {
        ImGuiWindow* w = ImGui::FindWindowByName("ContextFit");
        if (!w) return 1e9f;
        return w->DC.CursorMaxPos.x - w->InnerClipRect.Max.x;
    }

private:
    static inline std::string logged_;
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

    const std::string tokens = format_count(e.fit.tokens, s.ui);
    EXPECT_NE(text.find(tokens), std::string::npos) << "tokens " << tokens << " not drawn; drawn:\n" << text;
    if (row.tokens_text) {
        EXPECT_EQ(tokens, row.tokens_text);
    }
    const std::string megabytes = format_real(e.text.megabytes, 2, s.ui);
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
        EXPECT_NE(text.find("kv_bytes"), std::string::npos) << s.ui;
        EXPECT_NE(text.find("(llama-3.1-70b, docs/catalog.md);"), std::string::npos) << s.ui;
        EXPECT_NE(text.find("rules (docs/llama-cpp-sizing.md);"), std::string::npos) << s.ui;
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
        const std::string decode = format_real(v.speed.result->decode_tokens_per_s,
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

// Latin words a Russian page may show: ids, units, format and engine names, model names.
bool allowed_latin(const std::string& w) {
    static const std::set<std::string> allowed = {
        "KV", "GGUF", "llama", "cpp", "vLLM", "vllm", "theory", "f16", "f32", "bf16", "fp8", "q8", "Q8", "Q6", "Q5",
        "Q4", "Q3", "Q2", "K", "M", "S", "XS", "IQ4", "MXFP4", "INT4", "FP8", "F16", "BF16", "F32", "B", "GB", "GiB",
        "TB", "TiB", "MB", "MiB", "KiB", "Llama", "DeepSeek", "Qwen", "Gemma", "Mistral", "json", "config", "ContextFit",
        "MLA", "GQA", "MHA", "MQA", "SWA", "RAM", "Meta", "YaRN", "English",
        "AWQ", "GPTQ", "BF", "FP", "IQ", "MXFP", "LLM", "int", "gqa", "mla", "mha", "mqa"};
    return allowed.count(w) > 0;
}

std::set<std::string> latin_words(const std::string& text) {
    std::set<std::string> out;
    std::string w;
    for (char c : text + " ") {
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
            w += c;
            continue;
        }
        if (w.size() >= 2 && !allowed_latin(w)) out.insert(w);
        w.clear();
    }
    return out;
}

// The Russian page's own words, up to "how each figure was computed": the notes and formulas below it are the
// core's (assets/strings.json, checked with the core), and its formulas name code quantities on purpose.
std::set<std::string> english_on_russian_page(AppState s, const std::set<std::string>& ids) {
    Harness h(1440, 8000, 1);
    View v = compute(test::assets(), s);
    s.changed = false;
    const std::string text = h.frame(s, v);
    const std::string how = test::assets().strings.format("web_how_title", "ru");
    std::set<std::string> words = latin_words(text.substr(0, text.find(how)));
    for (const std::string& id : ids) words.erase(id);
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
    const std::pair<AppState, std::set<std::string>> cases[] = {
        {russian(), {}}, {memory_limited(), {}}, {not_fit, {}}, {link, link_ids}};
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
                                           "bench", "docs", "speed", "md", "LLaMA", "Ryzen", "pp"};
        const std::set<std::string> words = english_on_russian_page(s, ids);
        std::string list;
        for (const std::string& w : words) list += w + " ";
        EXPECT_TRUE(words.empty()) << list;
    }
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
