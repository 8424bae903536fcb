# Generates a C++ source holding the JSON assets as string literals, so the CLI and the page carry their data
# with them (no files to find at run time; the page must be one file). Run in script mode:
#   cmake -DOUT=path.cpp -DASSETS="name1=file1;name2=file2" -P embed-assets.cmake
set(body "// Generated from assets/ by cmake/embed-assets.cmake; do not edit.\n#include \"embedded_assets.h\"\n\nnamespace contextfit {\n")

# Drops the whitespace between JSON tokens; strings are copied byte for byte (escapes untouched), so the parsed
# value is the same. models.json goes from 128 KB to 112 KB, which the page carries inside its wasm.
# Tokens: a string ("...", with \-escapes) or a run of other non-blank characters. A CMake list splits on ';'
# except inside [ ], so ';', '[' and ']' travel as control characters 1, 2, 3 (JSON text cannot hold them raw).
function(minify_json file text_var)
  set(text "${${text_var}}")
  string(ASCII 1 semi)
  string(ASCII 2 open)
  string(ASCII 3 close)
  string(REGEX MATCH "[${semi}${open}${close}]" raw_control "${text}")
  if(raw_control)
    message(FATAL_ERROR "${file} holds a raw control character; JSON text cannot")
  endif()
  string(REPLACE ";" "${semi}" text "${text}")
  string(REPLACE "[" "${open}" text "${text}")
  string(REPLACE "]" "${close}" text "${text}")
  string(REGEX MATCHALL "\"([^\"\\\\]|\\\\.)*\"|[^\" \t\r\n]+" tokens "${text}")
  list(JOIN tokens "" text)
  string(REPLACE "${semi}" ";" text "${text}")
  string(REPLACE "${open}" "[" text "${text}")
  string(REPLACE "${close}" "]" text "${text}")
  set(${text_var} "${text}" PARENT_SCOPE)
endfunction()

# For the page (-DFOR_PAGE=ON): each catalog record loses its research "notes", the RoPE and layer-pattern fields
# core/catalog.cpp does not read (rope_theta, rope_scaling, layer_pattern: the layer counts carry the pattern), and
# all sources but the first. The page shows none of them (its trace names assets/models.json and the record id);
# every field an estimate reads stays, so the page's figures equal the CLI's. string(JSON) rewrites the text with keys sorted; values and
# number forms (10000.0 stays a float) are unchanged.
function(trim_catalog_for_page text_var)
  set(text "${${text_var}}")
  string(JSON count LENGTH "${text}" models)
  math(EXPR last "${count} - 1")
  foreach(i RANGE ${last})
    foreach(key IN ITEMS notes rope_theta rope_scaling layer_pattern)
      string(JSON value ERROR_VARIABLE absent GET "${text}" models ${i} ${key})
      if(NOT absent)
        string(JSON text REMOVE "${text}" models ${i} ${key})
      endif()
    endforeach()
    string(JSON sources LENGTH "${text}" models ${i} sources)
    while(sources GREATER 1)
      math(EXPR at "${sources} - 1")
      string(JSON text REMOVE "${text}" models ${i} sources ${at})
      string(JSON sources LENGTH "${text}" models ${i} sources)
    endwhile()
  endforeach()
  set(${text_var} "${text}" PARENT_SCOPE)
endfunction()

foreach(pair IN LISTS ASSETS)
  string(REPLACE "=" ";" kv "${pair}")
  list(GET kv 0 name)
  list(GET kv 1 file)
  file(READ "${file}" text)
  if(FOR_PAGE AND name STREQUAL "embedded_models_json")
    trim_catalog_for_page(text)
  endif()
  minify_json("${file}" text)
  string(FIND "${text}" ")cfjson\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${file} contains the raw-string delimiter )cfjson\"")
  endif()
  # Split into 16 KB pieces: MSVC caps a literal at 16 KB and some compilers warn on long ones.
  string(LENGTH "${text}" len)
  set(pieces "")
  set(pos 0)
  while(pos LESS len)
    string(SUBSTRING "${text}" ${pos} 16000 piece)
    string(APPEND pieces "R\"cfjson(${piece})cfjson\"\n")
    math(EXPR pos "${pos} + 16000")
  endwhile()
  string(APPEND body "const std::string& ${name}() {\n    static const std::string text =\n${pieces};\n    return text;\n}\n\n")
endforeach()
string(APPEND body "}  // namespace contextfit\n")
file(WRITE "${OUT}.tmp" "${body}")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUT}.tmp")
