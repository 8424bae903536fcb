// The ImGui page: draw(state, view) shows the estimate and edits the state. Links Dear ImGui's core only
// (no GLFW, no GL), so it also runs headless in native tests.
#pragma once

#include "app_state.h"
#include "view.h"

struct ImFont;

namespace contextfit::web {

struct UiContext {
    const Assets* assets = nullptr;
    ImFont* big = nullptr;      // results and title; the body font is the default one
    float dpr = 1;              // device pixels per CSS pixel: ImGui runs in device pixels
};

struct UiEvents {
    bool copy_armed = false;    // the "Copy link" button is held: the shell copies on pointerup (user gesture)
};

UiEvents draw(AppState& state, const View& view, const UiContext& ctx);

// Code points every UI text may use, for the font atlas (a 0-terminated ImWchar range list).
const unsigned short* glyph_ranges();

}  // namespace contextfit::web
