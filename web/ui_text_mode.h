// The page's mode switch ("I have this memory" / "I have this text") and, in text mode, the text's amount (a size,
// pages or tokens, or a text file read in the page) with what it needs on the chosen model: tokens, whether the
// trained context takes it (else its parts), and the memory (weights, KV, buffers, total, RAM to have).
#pragma once

#include "app_state.h"
#include "imgui.h"
#include "view.h"

namespace contextfit::web {

// Draws the panel; returns true while its "Open a text file" button is held (the shell opens its chooser on
// pointerup, a user gesture).
bool text_mode_panel(AppState& s, const View& v, const Assets& a, ImFont* big);

}  // namespace contextfit::web
