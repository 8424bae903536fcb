# GoogleTest for the wasm build, compiled from Debian's sources (libgtest-dev installs them in
# /usr/src/googletest). find_package(GTest) cannot serve Emscripten: Debian's libgtest.a is x86-64
# code, and the toolchain file searches packages only inside the Emscripten sysroot.
# Defines GTest::gtest and GTest::gtest_main, the names find_package(GTest) gives, so the test
# targets read the same in both builds.
#   GTEST_HAS_EXCEPTIONS=0  wasm builds here do not catch exceptions (Emscripten disables catching by
#                           default: emscripten.org/docs/porting/exceptions.html); gtest then
#                           reports failures by return value instead of throwing
#   GTEST_HAS_PTHREAD=0     no threads in a plain -sENVIRONMENT=node build
include_guard(GLOBAL)

set(CONTEXTFIT_GTEST_SRC "/usr/src/googletest/googletest"
    CACHE PATH "GoogleTest sources (googletest/ of Debian's libgtest-dev) for the wasm build")
if(NOT EXISTS "${CONTEXTFIT_GTEST_SRC}/src/gtest-all.cc")
  message(FATAL_ERROR "GoogleTest sources not found in CONTEXTFIT_GTEST_SRC=${CONTEXTFIT_GTEST_SRC}: "
                      "run scripts/setup (installs libgtest-dev) or set -DCONTEXTFIT_GTEST_SRC=<googletest/>.")
endif()

add_library(contextfit_gtest STATIC "${CONTEXTFIT_GTEST_SRC}/src/gtest-all.cc")
# gtest-all.cc includes src/*.cc by paths relative to the googletest folder.
target_include_directories(contextfit_gtest PRIVATE "${CONTEXTFIT_GTEST_SRC}")
target_include_directories(contextfit_gtest SYSTEM PUBLIC "${CONTEXTFIT_GTEST_SRC}/include")
target_compile_definitions(contextfit_gtest PUBLIC GTEST_HAS_EXCEPTIONS=0 GTEST_HAS_PTHREAD=0)
target_compile_options(contextfit_gtest PRIVATE -w)

add_library(contextfit_gtest_main STATIC "${CONTEXTFIT_GTEST_SRC}/src/gtest_main.cc")
target_link_libraries(contextfit_gtest_main PUBLIC contextfit_gtest)
target_compile_options(contextfit_gtest_main PRIVATE -w)

add_library(GTest::gtest ALIAS contextfit_gtest)
add_library(GTest::gtest_main ALIAS contextfit_gtest_main)
