// The hardware half of the page: the picker and the runtime's placement options (inputs column), and the
// placement per device and the time panel (figures column). Drawn with Dear ImGui's core only, like ui.cpp.
#pragma once

#include "app_state.h"
#include "ui.h"
#include "view.h"

namespace contextfit::web {

// Devices from assets/hardware.json by search and group, a count each, a custom device, -ngl / --cpu-moe
// (llama.cpp) or TP / nodes (vLLM). Sets state.changed on an edit.
void hardware_inputs(AppState& state, const UiContext& ctx);

// A bar per device (weights, KV, buffers against its capacity; which fills first; layers held), then decode and
// prefill speed at the answer's depth, the time to read it, and a chart of both against context length.
void placement_and_time(const AppState& state, const View& view, const UiContext& ctx);

}  // namespace contextfit::web
