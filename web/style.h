// The page's look, set up in one place for the page (web/main.cpp) and the headless UI tests
// (tests/ui_test.cpp): ImGui's style and the two sizes of the subset UI font, at a device pixel ratio.
#pragma once

#include "estimate.h"
#include "imgui.h"

namespace contextfit::web {

// The fonts of one atlas build. big_ranges is read by the atlas whenever it builds, so it lives as long as
// the fonts do.
struct PageFonts {
    ImFont* big = nullptr;         // results and title; the body font is the atlas's first, ImGui's default
    ImVector<ImWchar> big_ranges;  // big_glyph_ranges(): the figures and the title only
};

// Style and fonts of the current ImGui context for `dpr` device pixels per CSS pixel (ImGui runs in device
// pixels): the style scaled from its 1x sizes, the atlas cleared and rebuilt with the body (16 CSS px) and the
// big (30 CSS px) font. The caller recreates the renderer's font texture if it had one.
void set_up_page_style(const Assets& assets, float dpr, PageFonts& fonts);

}  // namespace contextfit::web
