// Browser glue: GLFW + WebGL + ImGui, render on demand, HiDPI, the share link in location.hash, and the
// embind API (EMSCRIPTEN_BINDINGS at the end) the HTML mirror (accessible view, no-WebGL form) and the tests use.
//
// Frames run only after an event: wake() starts a requestAnimationFrame chain that ends (EM_FALSE) after
// a few settle frames, or 0.6 s after pointer input for hover delays (docs/web-toolchain.md, "Render on demand").
// ImGui works in device pixels: the canvas backbuffer is CSS size x devicePixelRatio (Module.setCanvasSize,
// never glfwSetWindowSize) and fonts/style are scaled by the ratio (docs/web-toolchain.md, "Device pixels").
#include <emscripten/bind.h>
#include <emscripten/emscripten.h>
#include <emscripten/html5.h>

#include <cmath>
#include <string>
#include <vector>

#include "embedded_assets.h"
#include "imgui.h"
#include "imgui_impl_glfw.h"
#include "imgui_impl_opengl3.h"
#include "imgui_internal.h"  // the input event queue, drained in a tap
#include "json_out.h"
#include "style.h"
#include "ui.h"
#include <GLES2/gl2.h>
#include <GLFW/glfw3.h>

namespace {

using namespace contextfit;
using namespace contextfit::web;

constexpr int kSettleFrames = 3;
constexpr double kPointerTailMs = 600.0;

// A finger swipe scrolls. ImGui 1.90.1 makes a press on empty space active too (StartMouseMovingWindow sets
// ActiveId = the window's MoveId even with NoMove), so "no item active" never holds during a drag; instead a
// press becomes a swipe once the finger has moved this far, mostly up or down, from where it went down. The
// press is then dropped (ClearActiveID), so lifting the finger over a button does not click it.
constexpr float kSwipeStartCss = 10.0f;
constexpr float kMomentumDecayPerMs = 0.996f;  // velocity x 0.996^ms: a flick coasts about half a second
constexpr float kMomentumStopPxPerMs = 0.02f;

struct TouchScroll {
    ImGuiWindow* window = nullptr;  // the scrollable window under the finger at the press
    float start_x = 0, start_y = 0, last_y = 0;
    double last_ms = 0;
    bool swiping = false;
    float pending_px = 0;           // scroll to apply at the next frame (device pixels, down = positive)
    float velocity = 0;             // device pixels per ms, after the finger lifts
};

struct App {
    Result<Assets> assets;
    AppState state;
    View view;
    GLFWwindow* window = nullptr;
    PageFonts fonts;
    float dpr = 0;                 // the ratio the fonts were built for
    int frames_left = 0;
    double awake_until_ms = 0;
    bool loop_running = false;
    unsigned frame_count = 0;
    UiEvents events;               // from the last frame
};

App g_app;  // static storage: the browser calls back after main() returns
TouchScroll g_scroll;

// ---- JS side ----

EM_JS(void, js_publish, (const char* json), {
    if (window.cfPublish) window.cfPublish(JSON.parse(UTF8ToString(json)));
});

// The browser's first language ("ru-RU"), for pick_ui_language.
EM_JS(void, js_browser_language, (char* out, int size), {
    const langs = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || "en"];
    stringToUTF8(String(langs[0] || "en"), out, size);
});

// The canvas backbuffer size: CSS size x devicePixelRatio, in 1..8192.
EM_JS(int, js_canvas_side, (int height), {
    const canvas = Module.canvas;
    const css = height ? canvas.clientHeight : canvas.clientWidth;
    return Math.max(1, Math.min(8192, Math.round(css * (window.devicePixelRatio || 1))));
});

EM_JS(void, js_fit_canvas, (int w, int h), {
    if (Module.canvas.width !== w || Module.canvas.height !== h) Module.setCanvasSize(w, h);
});

EM_JS(void, js_set_cursor, (int kind), {
    const names = ['default', 'text', 'move', 'ns-resize', 'ew-resize', 'nesw-resize', 'nwse-resize', 'pointer', 'not-allowed'];
    const c = kind < 0 ? 'none' : (names[kind] || 'default');
    if (Module.canvas.style.cursor !== c) Module.canvas.style.cursor = c;
});

// Capture phase on window: runs before GLFW's listeners. Touch is routed to ImGui here (3.1.6's GLFW
// presses at the previous position on every tap: docs/web-toolchain.md, "Touch").
EM_JS(void, js_install_listeners, (), {
    const wake = (e) => Module.wake(e.type.startsWith('pointer') || e.type === 'wheel' ? 1 : 0);
    for (const type of ['pointerdown', 'pointerup', 'pointermove', 'wheel', 'keydown', 'keyup', 'resize', 'focus', 'blur']) {
        window.addEventListener(type, wake, {capture: true, passive: true});
    }
    document.addEventListener('visibilitychange', wake, {capture: true, passive: true});
    // One finger drives ImGui; a second one (a pinch) is ignored, so the page keeps its layout.
    let primary = null;
    const touch = (e) => {
        if (e.target !== Module.canvas) return;
        e.stopPropagation();
        e.preventDefault();
        if (e.type === 'touchstart' && e.touches.length === 1) primary = e.changedTouches[0].identifier;
        const t = Array.from(e.changedTouches).find((c) => c.identifier === primary);
        if (!t || (e.type === 'touchstart' && e.touches.length > 1)) return;
        if (e.type === 'touchend' || e.type === 'touchcancel') primary = null;
        const r = Module.canvas.getBoundingClientRect();
        const x = (t.clientX - r.left) * Module.canvas.width / r.width;
        const y = (t.clientY - r.top) * Module.canvas.height / r.height;
        const down = e.type === 'touchstart' ? 1 : (e.type === 'touchmove' ? -1 : 0);
        if (Module.touch(x, y, down, e.timeStamp) && e.type === 'touchend' && window.cfImeFocus) window.cfImeFocus();
    };
    for (const type of ['touchstart', 'touchmove', 'touchend', 'touchcancel']) {
        window.addEventListener(type, touch, {capture: true, passive: false});
    }
    window.addEventListener('resize', () => Module.wake(0));
    if (window.matchMedia) {
        const watch = () => {
            const mq = window.matchMedia('(resolution: ' + (window.devicePixelRatio || 1) + 'dppx)');
            mq.addEventListener('change', () => { Module.wake(0); watch(); }, {once: true});
        };
        watch();
    }
});

// The phone keyboard (docs/web-toolchain.md, "Phone keyboard"): the shell's hidden <input> sits at the caret of the active ImGui text
// field and is blurred when no field is active; it is focused by the shell in a touchend (a user gesture).
EM_JS(void, js_ime_place, (int visible, float x, float y, float h, int numeric), {
    if (window.cfImePlace) window.cfImePlace(!!visible, x, y, h, !!numeric);
});

// Ctrl+C in an ImGui field: the system clipboard, best effort (3.1.6's GLFW clipboard is empty:
// docs/web-toolchain.md, "Clipboard").
EM_JS(void, js_write_clipboard, (const char* text), {
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(UTF8ToString(text)).catch(() => {});
});

// The "Copy link" button in CSS pixels, for the shell's quick-tap copy.
EM_JS(void, js_copy_rect, (float x, float y, float w, float h), { window.__cfCopyRect = [x, y, w, h]; });

void set_ime_data(ImGuiViewport*, ImGuiPlatformImeData* data) {
    const float dpr = g_app.dpr > 0 ? g_app.dpr : 1;
    js_ime_place(data->WantVisible, data->InputPos.x / dpr, data->InputPos.y / dpr, data->InputLineHeight / dpr,
                 g_app.events.numeric_input);
}

void set_clipboard_text(void*, const char* text) { js_write_clipboard(text); }

// ImGui's GLFW backend (1.90.1, imgui_impl_glfw.cpp ImGui_ImplEmscripten_WheelCallback) listens for wheel events on
// the document and returns EM_TRUE, so emscripten calls preventDefault in a listener Chrome makes passive there:
// "Unable to preventDefault inside passive event listener" on every wheel step. The same steps (100 pixels,
// 3 lines or 1/80 page each, as SDL counts them), without preventDefault: the canvas page has nothing else to
// scroll, and the text view scrolls as a page should.
EM_BOOL on_wheel(int, const EmscriptenWheelEvent* ev, void*) {
    double per_step = 100.0;
    if (ev->deltaMode == DOM_DELTA_LINE) per_step = 3.0;
    else if (ev->deltaMode == DOM_DELTA_PAGE) per_step = 1.0 / 80.0;
    ImGui::GetIO().AddMouseWheelEvent(static_cast<float>(-ev->deltaX / per_step), static_cast<float>(-ev->deltaY / per_step));
    return EM_FALSE;
}

// ---- state changes ----

// Recomputes the view and hands the mirror JSON to the shell; returns it too, for calls that reply with it.
std::string publish() {
    AppState& s = g_app.state;
    g_app.view = compute(*g_app.assets, s);
    s.changed = false;
    std::string mirror = mirror_json(*g_app.assets, s, g_app.view);
    js_publish(mirror.c_str());
    return mirror;
}

void apply_fragment(const std::string& fragment) {
    ShareParse parsed = parse_share_link(fragment);
    check_share_link(*g_app.assets, parsed);
    apply_link(g_app.state, parsed);
    // One rule for the interface language, as the CLI's: ui=, else lang= when it is an interface language,
    // else the browser's.
    g_app.state.ui = pick_ui_language(g_app.assets->strings, parsed.link.ui, parsed.link.lang, g_app.state.preferred_ui);
}

// ---- scale ----

void rescale_if_needed() {
    const float dpr = static_cast<float>(emscripten_get_device_pixel_ratio());
    if (dpr == g_app.dpr) return;
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    set_up_page_style(*g_app.assets, dpr, g_app.fonts);
    g_app.dpr = dpr;
    ImGui_ImplOpenGL3_CreateFontsTexture();
}

// ---- frames ----

// The window a swipe scrolls: the one under the finger, or the nearest parent that can scroll.
ImGuiWindow* scrollable_at_finger() {
    ImGuiWindow* w = ImGui::GetCurrentContext()->HoveredWindow;
    while (w != nullptr && w->ScrollMax.y <= 0.0f) w = w->ParentWindow;
    return w;
}

// Called between NewFrame and the window's Begin, where SetScrollY takes effect the same frame.
void apply_touch_scroll(float dt_ms) {
    TouchScroll& t = g_scroll;
    if (t.window == nullptr) return;
    if (!t.swiping && t.velocity != 0.0f) {
        t.pending_px += t.velocity * dt_ms;
        t.velocity *= std::pow(kMomentumDecayPerMs, dt_ms);
        if (std::fabs(t.velocity) < kMomentumStopPxPerMs) t.velocity = 0.0f;
    }
    if (t.pending_px != 0.0f) ImGui::SetScrollY(t.window, ImClamp(t.window->Scroll.y + t.pending_px, 0.0f, t.window->ScrollMax.y));
    t.pending_px = 0.0f;
}

void render_frame() {
    js_fit_canvas(js_canvas_side(0), js_canvas_side(1));
    rescale_if_needed();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGuiIO& io = ImGui::GetIO();
    if (io.DeltaTime > 0.1f) io.DeltaTime = 0.1f;  // after an idle gap
    ImGui::NewFrame();
    apply_touch_scroll(io.DeltaTime * 1000.0f);
    g_app.events = draw(g_app.state, g_app.view, UiContext{&*g_app.assets, g_app.fonts.big, g_app.dpr});
    EM_ASM({ window.__cfCopyArmed = !!$0; window.__cfOpenArmed = !!$1; }, g_app.events.copy_armed ? 1 : 0,
           g_app.events.open_armed ? 1 : 0);
    EM_ASM({ window.__cfTextOpenArmed = !!$0; }, g_app.events.text_open_armed ? 1 : 0);
    const ImVec4 copy = g_app.events.copy_rect;
    const float dpr = g_app.dpr > 0 ? g_app.dpr : 1.0f;
    js_copy_rect(copy.x / dpr, copy.y / dpr, copy.z / dpr, copy.w / dpr);
    js_set_cursor(ImGui::GetMouseCursor());
    ImGui::Render();
    if (g_app.state.changed) {
        publish();
        if (g_app.frames_left < 2) g_app.frames_left = 2;  // draw the new figures
    }

    int width = 0, height = 0;
    glfwGetFramebufferSize(g_app.window, &width, &height);
    glViewport(0, 0, width, height);
    glClearColor(0.09f, 0.10f, 0.12f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    ++g_app.frame_count;
    if (g_app.frame_count == 1) EM_ASM(window.__firstFrameMs = performance.now(););
    EM_ASM({ window.__frameCount = $0; }, g_app.frame_count);
}

EM_BOOL tick(double now_ms, void*) {
    render_frame();
    const bool busy = --g_app.frames_left > 0 || g_scroll.velocity != 0.0f || now_ms < g_app.awake_until_ms || ImGui::IsAnyItemActive() ||
                      g_app.state.changed;
    g_app.loop_running = busy;
    return busy ? EM_TRUE : EM_FALSE;  // EM_FALSE ends the requestAnimationFrame chain
}

// ---- the page's API (EMSCRIPTEN_BINDINGS at the end): Module.applyHash(...) etc. for the shell and tests ----
//
// Plain values and std::string in and out, JSON for structured results; nothing throws (core returns errors
// as values, which come back as {"error": ...} or in the mirror JSON). A std::string parameter takes a JS string
// as UTF-8, or a Uint8Array / ArrayBuffer byte for byte (NUL and bytes >= 0x80 included): a GGUF prefix.

void wake(int pointer) {
    if (g_app.window == nullptr) return;
    if (g_app.frames_left < kSettleFrames) g_app.frames_left = kSettleFrames;
    if (pointer) g_app.awake_until_ms = emscripten_performance_now() + kPointerTailMs;
    if (!g_app.loop_running) {
        g_app.loop_running = true;
        emscripten_request_animation_frame_loop(tick, nullptr);
    }
}

// Runs the queued input through frames now, so ImGui's answer to it (the hovered window, the active item) is known.
void drain_input() {
    for (int i = 0; i < 4 && !ImGui::GetCurrentContext()->InputEventsQueue.empty(); ++i) render_frame();
}

// A move of the finger while it is down: past kSwipeStartCss, mostly vertical, the press turns into a swipe.
void touch_move(float x, float y, double now) {
    TouchScroll& t = g_scroll;
    if (!t.swiping && t.window != nullptr) {
        const float threshold = kSwipeStartCss * (g_app.dpr > 0 ? g_app.dpr : 1.0f);
        const float dx = std::fabs(x - t.start_x), dy = std::fabs(y - t.start_y);
        if (dy > threshold && dy > dx) {
            t.swiping = true;
            t.last_y = t.start_y;
            ImGui::ClearActiveID();
        }
    }
    if (!t.swiping) return;
    const float step = t.last_y - y;  // finger up: content moves up, scroll grows
    const double dt = now - t.last_ms;
    if (dt > 0) t.velocity = static_cast<float>(step / dt);
    t.pending_px += step;
    t.last_y = y;
    t.last_ms = now;
}

// down: 1 press, 0 release, -1 move; ms: the event's own time (Event.timeStamp, performance.now()'s clock). The
// fling's speed comes from these times, not from when the page got to the events: a page busy drawing handles a
// flick's moves late, but the finger moved when they say. On release the queued touch is run through frames now,
// inside the touchend handler, and the result says whether a text field is active: then the shell focuses its
// hidden input, which a browser only lets raise the keyboard during a user gesture.
bool touch(float x, float y, int down, double ms) {
    if (g_app.window == nullptr) return false;
    ImGuiIO& io = ImGui::GetIO();
    if (down == -1 && g_scroll.swiping) {
        touch_move(x, y, ms);
        wake(1);
        return false;
    }
    io.AddMouseSourceEvent(ImGuiMouseSource_TouchScreen);
    io.AddMousePosEvent(x, y);
    if (down >= 0) io.AddMouseButtonEvent(0, down == 1);
    wake(1);
    if (down == 1) {
        drain_input();
        g_scroll = TouchScroll{scrollable_at_finger(), x, y, y, ms};
        return false;
    }
    if (down == -1) {
        touch_move(x, y, ms);
        return false;
    }
    const bool swiped = g_scroll.swiping;
    g_scroll.swiping = false;
    if (!swiped || ms - g_scroll.last_ms > 100.0) g_scroll.velocity = 0.0f;
    drain_input();
    return io.WantTextInput;
}

std::vector<GgufFile> g_parts;  // parts of the GGUF being read

// After a change from the page: the view, the mirror and the frames that draw it; returns the mirror JSON.
std::string publish_and_wake() {
    std::string mirror = publish();
    wake(0);
    return mirror;
}

// {"error": message} for the file reader in the shell.
std::string error_json(const std::string& message) {
    JsonOut j;
    j.begin_object().field("error", message).end_object();
    return j.text();
}

// A fragment from location.hash (load, hashchange) or from the HTML form; returns the mirror JSON.
std::string apply_hash(const std::string& fragment) {
    if (!g_app.assets) return "{}";
    apply_fragment(fragment);
    return publish_and_wake();
}

std::string current_json() {
    if (!g_app.assets) return "{}";
    return mirror_json(*g_app.assets, g_app.state, g_app.view);
}

void set_ui_language(const std::string& ui) {
    if (!g_app.assets || !g_app.assets->strings.has_language(ui)) return;
    g_app.state.ui = ui;
    g_app.state.ui_in_link = true;
    publish_and_wake();
}

void copy_result(int ok) {
    g_app.state.copy_status = ok ? 1 : -1;
    wake(0);
}

unsigned frame_count() { return g_app.frame_count; }

// ---- files: the shell reads a GGUF's first bytes with File.slice and grows the prefix until the header fits ----

void gguf_begin() { g_parts.clear(); }

// {"need": N}: call again with the first N bytes (or more); {"ok": true}: the part is kept; {"error": ...}: shown.
std::string gguf_part(const std::string& prefix, double file_size, const std::string& name) {
    if (!g_app.assets || !(file_size >= 0) || file_size > 9.0e15) return error_json("bad file size");
    GgufPrefixRead r = read_gguf_prefix(prefix, static_cast<uint64_t>(file_size));
    JsonOut j;
    if (r.need) return j.begin_object().field("need", r.need).end_object().text();
    if (!r.file) {
        const std::string message = g_app.assets->strings.error_message(r.file.error(), g_app.state.ui);
        file_failed(*g_app.assets, g_app.state, name, message);
        publish_and_wake();
        return error_json(message);
    }
    g_parts.push_back(std::move(r.file).value());
    return j.begin_object().field("ok", true).end_object().text();
}

// All parts read: the model is built, selected and published; `read` and `size` are in bytes.
std::string gguf_end(const std::string& name, double read, double size) {
    if (!g_app.assets) return "{}";
    load_gguf(*g_app.assets, g_app.state, g_parts, name, static_cast<uint64_t>(read), static_cast<uint64_t>(size));
    g_parts.clear();
    return publish_and_wake();
}

std::string load_config_text(const std::string& text, const std::string& name) {
    if (!g_app.assets) return "{}";
    load_config(*g_app.assets, g_app.state, text, name);
    return publish_and_wake();
}

// A file the shell refused before reading it (too big for a config, unreadable).
std::string file_error(const std::string& name, const std::string& message) {
    if (!g_app.assets) return "{}";
    file_failed(*g_app.assets, g_app.state, name, message);
    return publish_and_wake();
}

// ---- text files: the shell feeds a text file's 1 MiB File.slice chunks; only the counts stay ----

TextCounter g_text;

void text_begin() { g_text = TextCounter(); }

// False once the file is known not to be text (a NUL byte): the shell stops reading.
bool text_chunk(const std::string& bytes) {
    g_text.feed(bytes);
    return !g_text.rejected_early();
}

// All chunks fed (or reading stopped): the counts become text mode's text; returns the mirror JSON.
std::string text_end(const std::string& name) {
    if (!g_app.assets) return "{}";
    load_text_file(*g_app.assets, g_app.state, g_text.finish(), name);
    g_text = TextCounter();
    return publish_and_wake();
}

// Text from the phone keyboard or a paste, for the active ImGui text field.
void type_text(const std::string& text) {
    if (g_app.window == nullptr) return;
    ImGui::GetIO().AddInputCharactersUTF8(text.c_str());
    wake(0);
}

// Keys the hidden input cannot type as text: 0 Backspace, 1 Enter, 2 Escape, 3 Tab, 4 Left, 5 Right,
// 6 Delete, 7 Home, 8 End.
void press_key(int code) {
    static constexpr ImGuiKey keys[] = {ImGuiKey_Backspace, ImGuiKey_Enter,      ImGuiKey_Escape,
                                        ImGuiKey_Tab,       ImGuiKey_LeftArrow,  ImGuiKey_RightArrow,
                                        ImGuiKey_Delete,    ImGuiKey_Home,       ImGuiKey_End};
    if (g_app.window == nullptr || code < 0 || code >= static_cast<int>(sizeof keys / sizeof keys[0])) return;
    ImGuiIO& io = ImGui::GetIO();
    io.AddKeyEvent(keys[code], true);
    io.AddKeyEvent(keys[code], false);
    wake(0);
}

bool wants_text() { return g_app.window != nullptr && ImGui::GetIO().WantTextInput; }

// Where a text field is, in CSS pixels: [x, y, w, h] (for tests that tap it). 0: ram, 1: reserve, 2: search, 3: seqs.
std::string field_rect(int field) {
    if (field < 0 || field >= static_cast<int>(TextField::count) || g_app.dpr <= 0) return "[]";
    const ImVec4 r = g_app.events.fields[field];
    const float d = g_app.dpr;
    return "[" + std::to_string(r.x / d) + "," + std::to_string(r.y / d) + "," + std::to_string(r.z / d) + "," +
           std::to_string(r.w / d) + "]";
}

}  // namespace

int main() {
    g_app.assets = Assets::parse(embedded_models_json(), embedded_weight_formats_json(), embedded_text_json(),
                                 embedded_strings_json(), embedded_hardware_json());
    if (!g_app.assets) {
        EM_ASM({ document.body.setAttribute('data-error', UTF8ToString($0)); }, g_app.assets.error().message.c_str());
        return 1;
    }
    char browser_language[64] = {};
    js_browser_language(browser_language, sizeof browser_language);
    g_app.state.preferred_ui = pick_ui_language(g_app.assets->strings, "", "", browser_language);
    g_app.state.ui = g_app.state.preferred_ui;
    // A Russian reader asks about pages of Russian text; a link's lang= still decides (apply_link).
    g_app.state.lang = g_app.state.ui;
    g_app.state.changed = true;

    // The HTML view works without WebGL: it computes through the API functions above.
    if (!glfwInit()) {
        EM_ASM(window.cfNoWebGL && window.cfNoWebGL(););
        return 0;
    }
    glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
    // Created at its final size: resizing a live WebGL backbuffer on the first frame cost ~90 ms of start-up
    // (docs/web-toolchain.md, "Budget").
    g_app.window = glfwCreateWindow(js_canvas_side(0), js_canvas_side(1), "ContextFit", nullptr, nullptr);
    if (g_app.window == nullptr) {
        EM_ASM(window.cfNoWebGL && window.cfNoWebGL(););
        return 0;
    }
    glfwMakeContextCurrent(g_app.window);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    io.ConfigInputTextCursorBlink = false;  // a frozen half-blink would look broken between frames
    const float dpr = static_cast<float>(emscripten_get_device_pixel_ratio());
    set_up_page_style(*g_app.assets, dpr, g_app.fonts);
    g_app.dpr = dpr;
    ImGui_ImplGlfw_InitForOpenGL(g_app.window, true);
    // ImGui's wheel listener out, the one without preventDefault in (on_wheel).
    emscripten_set_wheel_callback(EMSCRIPTEN_EVENT_TARGET_DOCUMENT, nullptr, false, nullptr);
    emscripten_set_wheel_callback(EMSCRIPTEN_EVENT_TARGET_DOCUMENT, nullptr, false, on_wheel);
    ImGui_ImplOpenGL3_Init("#version 100");
    io.SetPlatformImeDataFn = set_ime_data;
    io.SetClipboardTextFn = set_clipboard_text;

    js_install_listeners();
    EM_ASM(window.cfReady && window.cfReady(););
    wake(0);
    return 0;
}

// wake and touch are the page's own listeners' (js_install_listeners); the rest is the shell's and the tests'.
EMSCRIPTEN_BINDINGS(contextfit_page) {
    using emscripten::function;
    function("wake", &wake);
    function("touch", &touch);
    function("applyHash", &apply_hash);
    function("currentJson", &current_json);
    function("setUiLanguage", &set_ui_language);
    function("copyResult", &copy_result);
    function("frameCount", &frame_count);
    function("typeText", &type_text);
    function("pressKey", &press_key);
    function("wantsText", &wants_text);
    function("fieldRect", &field_rect);
    function("ggufBegin", &gguf_begin);
    function("ggufPart", &gguf_part);
    function("ggufEnd", &gguf_end);
    function("loadConfig", &load_config_text);
    function("fileError", &file_error);
    function("textBegin", &text_begin);
    function("textChunk", &text_chunk);
    function("textEnd", &text_end);
}
