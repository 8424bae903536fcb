// Bare Dear ImGui page: the size and start-up baseline the ContextFit web app is measured against.
// One ImGui window with one line of text, GLFW + OpenGL3 backends on WebGL, the product's link
// flags (see CMakeLists.txt) and, as the product, embind (one function: Module.wake); no font, no
// app code.
//
// Rendering is on demand as in the product (docs/web-toolchain.md, "Render on demand"): a few frames
// at start and after each input event, then the requestAnimationFrame chain stops, so an idle page
// costs nothing. Capture-phase DOM listeners call Module.wake(); GLFW's own listeners queue the event
// into ImGui in the same tick, and the next animation frame renders it.
//
// For the smoke test the page exposes window.__firstFrameMs (performance.now() after the first
// frame was drawn) and window.__frameCount (frames rendered so far).
#include <emscripten/bind.h>
#include <emscripten/emscripten.h>
#include <emscripten/html5.h>

#include "imgui.h"
#include "imgui_impl_glfw.h"
#include "imgui_impl_opengl3.h"  // selects the GLES2 / WebGL path on Emscripten
#include <GLES2/gl2.h>
#include <GLFW/glfw3.h>

namespace {

// ImGui settles popups, auto-fit and hover over 2-3 frames after an event.
constexpr int kSettleFrames = 3;
// Hover highlights and tooltips appear after a delay (HoverDelayNormal = 0.40 s).
constexpr double kPointerTailMs = 600.0;

struct Hello {
    GLFWwindow* window = nullptr;
    int frames_left = 0;
    double awake_until_ms = 0.0;
    bool loop_running = false;
    unsigned frame_count = 0;
};

// Static storage: the browser keeps calling back after main() has returned.
Hello g_hello;

void render_frame() {
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();

    ImGui::SetNextWindowPos(ImVec2(20, 20), ImGuiCond_Always);
    ImGui::Begin("ContextFit", nullptr, ImGuiWindowFlags_AlwaysAutoResize);
    ImGui::TextUnformatted("Hello from Dear ImGui " IMGUI_VERSION " on WebGL");
    ImGui::End();

    ImGui::Render();
    int width = 0, height = 0;
    glfwGetFramebufferSize(g_hello.window, &width, &height);
    glViewport(0, 0, width, height);
    glClearColor(0.12f, 0.13f, 0.15f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

    if (++g_hello.frame_count == 1) {
        EM_ASM(window.__firstFrameMs = performance.now(););
    }
    EM_ASM({ window.__frameCount = $0; }, g_hello.frame_count);
}

EM_BOOL tick(double now_ms, void*) {
    render_frame();
    const bool busy = --g_hello.frames_left > 0 || now_ms < g_hello.awake_until_ms
                   || ImGui::IsAnyItemActive();
    g_hello.loop_running = busy;
    return busy ? EM_TRUE : EM_FALSE;  // EM_FALSE ends the requestAnimationFrame chain
}

// Capture phase on window: runs before GLFW's listeners, for every event that can change the UI.
EM_JS(void, install_wake_listeners, (), {
    const wake = (e) => Module.wake(e.type.startsWith('pointer') || e.type === 'wheel' ? 1 : 0);
    for (const type of ['pointerdown', 'pointerup', 'pointermove', 'wheel', 'keydown', 'keyup',
                        'touchstart', 'touchmove', 'touchend', 'resize', 'focus', 'blur']) {
        window.addEventListener(type, wake, {capture: true, passive: true});
    }
    document.addEventListener('visibilitychange', wake, {capture: true, passive: true});
});

void wake(int pointer) {
    if (g_hello.frames_left < kSettleFrames) g_hello.frames_left = kSettleFrames;
    if (pointer) g_hello.awake_until_ms = emscripten_performance_now() + kPointerTailMs;
    if (!g_hello.loop_running) {
        g_hello.loop_running = true;
        emscripten_request_animation_frame_loop(tick, nullptr);
    }
}

}  // namespace

int main() {
    if (!glfwInit()) return 1;
    glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
    // Sets the canvas backbuffer size. Never glfwSetWindowSize: with the screen size it turns
    // into a fullscreen request in emscripten 3.1.6 (docs/web-toolchain.md, "Device pixels").
    g_hello.window = glfwCreateWindow(640, 360, "ContextFit hello", nullptr, nullptr);
    if (g_hello.window == nullptr) {
        EM_ASM(document.body.setAttribute('data-error', 'WebGL unavailable'););
        return 1;
    }
    glfwMakeContextCurrent(g_hello.window);
    // No glfwSwapInterval: on the web it switches the main loop timing (docs/web-toolchain.md,
    // "Render on demand").

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // no filesystem in the single-file build
    ImGui::StyleColorsDark();
    ImGui_ImplGlfw_InitForOpenGL(g_hello.window, true);
    ImGui_ImplOpenGL3_Init("#version 100");

    install_wake_listeners();
    wake(0);
    return 0;
}

EMSCRIPTEN_BINDINGS(hello) { emscripten::function("wake", &wake); }
