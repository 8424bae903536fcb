// The ImGui page: draw(state, view) shows the estimate and edits the state. Links Dear ImGui's core only
// (no GLFW, no GL), so it also runs headless in native tests.
#pragma once

#include <cstddef>

#include "app_state.h"
#include "imgui.h"
#include "view.h"

namespace contextfit::web {

struct UiContext {
    const Assets* assets = nullptr;
    ImFont* big = nullptr;      // results and title; the body font is the default one
    float dpr = 1;              // device pixels per CSS pixel: ImGui runs in device pixels
};

// The flags of every number field: ImGui 1.90.1's InputDouble filters nothing by itself, so a typed ',' stayed a
// comma and "1,5" read as 1; with a named filter ImGui turns '.' and ',' into the decimal point (imgui_widgets.cpp
// InputTextFilterCharacter) and drops letters, on a desktop keyboard and a phone's alike.
inline constexpr ImGuiInputTextFlags number_chars = ImGuiInputTextFlags_CharsScientific;

// The text fields, for the shell's phone keyboard and for tests.
enum class TextField { ram, reserve, search, seqs, count };

struct UiEvents {
    bool copy_armed = false;    // the "Copy link" button is held: the shell copies on pointerup (user gesture)
    bool open_armed = false;    // the "Open file" button is held: the shell opens its file chooser on pointerup
    bool numeric_input = false; // the active text field takes a number
    ImVec4 fields[static_cast<size_t>(TextField::count)] = {};  // x, y, w, h in device pixels; 0 when not drawn
    bool text_open_armed = false; // the "Open a text file" button is held: the shell opens its text file chooser
    // The "Copy link" button (x, y, w, h in device pixels): a tap shorter than a frame never makes it active, so
    // the shell arms the copy on a pointerdown inside it and copies on the pointerup.
    ImVec4 copy_rect = {};
};

UiEvents draw(AppState& state, const View& view, const UiContext& ctx);

// Code points every UI text may use, for the font atlas (a 0-terminated ImWchar range list).
const unsigned short* glyph_ranges();

// The few code points the big font draws (the title and the figures: digits, separators, "n/a"), taken from
// the assets so a changed string cannot go missing; a 0-terminated range list. Rasterizing only these at
// 30 px instead of all ~350 glyphs makes start-up faster and the font texture smaller.
ImVector<ImWchar> big_glyph_ranges(const Assets& assets);

}  // namespace contextfit::web
