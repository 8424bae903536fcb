# Dear ImGui 1.90.1 from the Debian source package, unpacked by scripts/setup --web into an ignored
# folder (nothing vendored). Defines:
#   imgui_core  static library: the four core sources, no backend. Builds natively, so UI code can
#               be tested headless (build the atlas, feed io events, step NewFrame/Render).
#   imgui_web   (Emscripten only) imgui_core + the GLFW and OpenGL3 backends, with the link options
#               for Emscripten's built-in GLFW 3 and WebGL 2 (falls back to WebGL 1 as permitted).
# Input: CONTEXTFIT_IMGUI_DIR (cache path), default ${PROJECT_SOURCE_DIR}/third_party/imgui.
# Include it after project(); including it twice is harmless.

include_guard(GLOBAL)

set(CONTEXTFIT_IMGUI_DIR "${PROJECT_SOURCE_DIR}/third_party/imgui"
    CACHE PATH "Dear ImGui 1.90.1 sources (filled by scripts/setup --web)")

if(NOT EXISTS "${CONTEXTFIT_IMGUI_DIR}/imgui.cpp")
  message(FATAL_ERROR
    "Dear ImGui sources not found (no imgui.cpp in CONTEXTFIT_IMGUI_DIR=${CONTEXTFIT_IMGUI_DIR}): "
    "run scripts/setup --web from the repository root (it unpacks ImGui 1.90.1 from the Debian source "
    "package), or pass -DCONTEXTFIT_IMGUI_DIR=<folder with imgui.cpp>.")
endif()

# CONTEXTFIT_IMGUI_NO_DEFAULT_FONT (the page sets it; the bare hello page, which draws with the default font,
# does not): the atlas's fallback to the embedded ProggyClean font is taken out, which lets the linker drop the
# font (12 KB of base85 data) and its decompressor. The page always adds its own font before the atlas is built.
# Later ImGui versions have this as IMGUI_DISABLE_DEFAULT_FONT ("AddFontDefault() will assert"); 1.90.1 has no
# such switch, so its one call site is replaced in a copy of imgui_draw.cpp made at configure time.
set(contextfit_imgui_draw "${CONTEXTFIT_IMGUI_DIR}/imgui_draw.cpp")
if(CONTEXTFIT_IMGUI_NO_DEFAULT_FONT)
  file(READ "${contextfit_imgui_draw}" contextfit_draw_text)
  set(contextfit_fallback "    if (ConfigData.Size == 0)\n        AddFontDefault();")
  string(FIND "${contextfit_draw_text}" "${contextfit_fallback}" contextfit_at)
  if(contextfit_at EQUAL -1)
    message(FATAL_ERROR "${contextfit_imgui_draw}: the default-font fallback of ImFontAtlas::Build() was not found; "
                        "this build expects Dear ImGui 1.90.1 (scripts/setup --web)")
  endif()
  string(REPLACE "${contextfit_fallback}"
         "    IM_ASSERT(ConfigData.Size > 0 && \"no default font in this build: add a font first\");"
         contextfit_draw_text "${contextfit_draw_text}")
  set(contextfit_imgui_draw "${CMAKE_BINARY_DIR}/generated/imgui/imgui_draw.cpp")
  file(WRITE "${contextfit_imgui_draw}.tmp" "${contextfit_draw_text}")
  file(COPY_FILE "${contextfit_imgui_draw}.tmp" "${contextfit_imgui_draw}" ONLY_IF_DIFFERENT)  # no needless rebuild
  file(REMOVE "${contextfit_imgui_draw}.tmp")
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${CONTEXTFIT_IMGUI_DIR}/imgui_draw.cpp")
endif()

add_library(imgui_core STATIC
  "${CONTEXTFIT_IMGUI_DIR}/imgui.cpp"
  "${contextfit_imgui_draw}"
  "${CONTEXTFIT_IMGUI_DIR}/imgui_tables.cpp"
  "${CONTEXTFIT_IMGUI_DIR}/imgui_widgets.cpp")
# SYSTEM: ImGui's headers do not raise warnings in our targets that include them.
target_include_directories(imgui_core SYSTEM PUBLIC "${CONTEXTFIT_IMGUI_DIR}")
target_compile_features(imgui_core PUBLIC cxx_std_11)
# Third-party code: not ours to fix, keep the build log about our code.
target_compile_options(imgui_core PRIVATE -w)
# The atlas and widgets never need the obsolete API; keeping it out catches accidental use.
target_compile_definitions(imgui_core PUBLIC IMGUI_DISABLE_OBSOLETE_FUNCTIONS IMGUI_DISABLE_OBSOLETE_KEYIO)
set_target_properties(imgui_core PROPERTIES POSITION_INDEPENDENT_CODE ON)

if(EMSCRIPTEN)
  # No demo window, metrics window, debug log or ID stack tool in the pages: nothing opens them there.
  target_compile_definitions(imgui_core PUBLIC IMGUI_DISABLE_DEMO_WINDOWS IMGUI_DISABLE_DEBUG_TOOLS)
  add_library(imgui_web STATIC
    "${CONTEXTFIT_IMGUI_DIR}/backends/imgui_impl_glfw.cpp"
    "${CONTEXTFIT_IMGUI_DIR}/backends/imgui_impl_opengl3.cpp")
  target_include_directories(imgui_web SYSTEM PUBLIC "${CONTEXTFIT_IMGUI_DIR}/backends")
  target_link_libraries(imgui_web PUBLIC imgui_core)
  target_compile_options(imgui_web PRIVATE -w)
  # <GLFW/glfw3.h> is in emscripten's sysroot; the link flag adds the JS implementation.
  # SHELL: keeps CMake from de-duplicating the repeated -s words. GLFW asks for WebGL 2 when the
  # browser has it; MIN 1 keeps WebGL 1 allowed (the backend's ES2 path runs on both): Emscripten's
  # src/settings.js (MIN_WEBGL_VERSION, MAX_WEBGL_VERSION) and ImGui's backends/imgui_impl_opengl3.cpp ("#version 100").
  target_link_options(imgui_web PUBLIC
    "SHELL:-sUSE_GLFW=3"
    "SHELL:-sMIN_WEBGL_VERSION=1"
    "SHELL:-sMAX_WEBGL_VERSION=2")
endif()
