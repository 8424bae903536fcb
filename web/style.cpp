#include "style.h"

#include <cmath>

#include "contextfit_font.h"
#include "ui.h"

namespace contextfit::web {
namespace {

constexpr float kBodyPx = 16, kBigPx = 30;  // CSS pixels

// ImGui's dark colours with roomier spacing for touch, at 1 device pixel per CSS pixel.
ImGuiStyle base_style() {
    ImGuiStyle style;
    ImGui::StyleColorsDark(&style);
    style.FramePadding = ImVec2(8, 6);
    style.ItemSpacing = ImVec2(8, 8);
    style.WindowPadding = ImVec2(16, 14);
    style.FrameRounding = 4;
    style.GrabRounding = 4;
    style.ScrollbarSize = 14;
    style.Colors[ImGuiCol_PopupBg].w = 1.0f;  // the model list over the page: no text showing through
    return style;
}

// At 2x and above a glyph already has enough pixels: no horizontal oversampling, snapped to whole pixels
// (smaller atlas, sharper text); at 1x ImGui's default 2x oversampling keeps small text smooth.
void load_fonts(const Assets& assets, float dpr, PageFonts& fonts) {
    ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
    atlas.Clear();
    ImFontConfig cfg;
    cfg.FontDataOwnedByAtlas = false;  // const static array
    cfg.OversampleH = dpr >= 2 ? 1 : 2;
    cfg.PixelSnapH = dpr >= 2;
    auto* data = const_cast<unsigned char*>(contextfit_font_ttf);
    const int size = static_cast<int>(contextfit_font_ttf_size);
    atlas.AddFontFromMemoryTTF(data, size, std::floor(kBodyPx * dpr), &cfg, glyph_ranges());
    fonts.big_ranges = big_glyph_ranges(assets);
    fonts.big = atlas.AddFontFromMemoryTTF(data, size, std::floor(kBigPx * dpr), &cfg, fonts.big_ranges.Data);
    atlas.Build();
}

}  // namespace

void set_up_page_style(const Assets& assets, float dpr, PageFonts& fonts) {
    ImGui::GetStyle() = base_style();
    ImGui::GetStyle().ScaleAllSizes(dpr);
    load_fonts(assets, dpr, fonts);
}

}  // namespace contextfit::web
