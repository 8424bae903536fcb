# Debian's emscripten runs its JS tools (acorn-optimizer, at link time with -O1 and above) on the
# machine's node, which does not look in /usr/share/nodejs where Debian installs acorn; the link
# then fails with "acorn-optimizer.js ... failed". Link through
# `cmake -E env NODE_PATH=/usr/share/nodejs` so the build works from any shell, whatever NODE_PATH
# was at configure or build time. Include after project(); does nothing outside Emscripten, off
# Debian's layout, or when a linker launcher is already set.

include_guard(GLOBAL)

if(EMSCRIPTEN AND EXISTS /usr/share/nodejs/acorn)
  foreach(lang C CXX)
    if(NOT CMAKE_${lang}_LINKER_LAUNCHER)
      set(CMAKE_${lang}_LINKER_LAUNCHER "${CMAKE_COMMAND};-E;env;NODE_PATH=/usr/share/nodejs")
    endif()
  endforeach()
endif()
