// The table of all models for the current inputs (View::models): sortable by a column header, filtered by
// family, the chosen model highlighted, a click on a row chooses it. Drawn without ImGui's tables (their layout
// code is about 21 KB of the page's wasm): one selectable per row, the cells at fixed offsets.
#pragma once

#include "app_state.h"
#include "view.h"

namespace contextfit::web {

void models_panel(AppState& s, const View& v, const Assets& a);

}  // namespace contextfit::web
