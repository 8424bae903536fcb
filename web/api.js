// --post-js for the page (web/CMakeLists.txt): Module.applyHash(...) and the rest of the API that web/shell.html
// and tests/web/*.mjs call, over the plain C exports in web/main.cpp (cf_*). It replaces embind, whose glue
// and registration code cost the page about 6 KB gzipped for fourteen functions taking strings and numbers.
//
// A post-js runs inside the module's scope, so it uses _malloc, HEAPU8, stringToUTF8 and UTF8ToString directly
// (HEAPU8 is re-read on each call: memory growth replaces it) and nothing has to be exported onto Module for
// the shell. The functions appear when the runtime starts, as embind's did, so the shell's
// `Module.wantsText && Module.wantsText()` stays false while the wasm is still loading.
//
// Strings go in as UTF-8 (as embind's std::string did; other values through String(), where embind threw);
// bytes (Uint8Array, Int8Array, ArrayBuffer) go in unchanged, NUL and bytes >= 0x80 included. Each argument is
// a malloc'd copy, freed after the call. Strings come back with UTF8ToString from a buffer the C side keeps
// until its next call.
addOnInit(function () {
  // [pointer, byte count] of a copy of `value` in the wasm heap.
  function copyIn(value) {
    if (value instanceof ArrayBuffer) value = new Uint8Array(value);
    var bytes = value instanceof Uint8Array || value instanceof Uint8ClampedArray || value instanceof Int8Array;
    var text = bytes ? '' : String(value);
    var size = bytes ? value.length : lengthBytesUTF8(text);
    var ptr = _malloc(size + 1);
    if (!ptr) throw new Error('out of memory for a ' + size + '-byte argument');
    if (bytes) HEAPU8.set(value, ptr);
    else stringToUTF8(text, ptr, size + 1);
    return [ptr, size];
  }

  // fn(pointer, size, ...) for each string argument marked by `kinds` ('s' string, 'n' number).
  function wrap(fn, kinds, returnsText) {
    return function () {
      var args = [], owned = [];
      try {
        for (var i = 0; i < kinds.length; i++) {
          if (kinds[i] == 's') {
            var arg = copyIn(arguments[i]);
            owned.push(arg[0]);
            args.push(arg[0], arg[1]);
          } else {
            args.push(+arguments[i]);
          }
        }
        var result = fn.apply(null, args);
        return returnsText ? UTF8ToString(result) : result;
      } finally {
        owned.forEach(function (ptr) { _free(ptr); });
      }
    };
  }

  Module['applyHash'] = wrap(_cf_apply_hash, 's', true);
  Module['currentJson'] = wrap(_cf_current_json, '', true);
  Module['setUiLanguage'] = wrap(_cf_set_ui_language, 's', false);
  Module['copyResult'] = wrap(_cf_copy_result, 'n', false);
  Module['frameCount'] = function () { return _cf_frame_count() >>> 0; };
  Module['typeText'] = wrap(_cf_type_text, 's', false);
  Module['pressKey'] = wrap(_cf_press_key, 'n', false);
  Module['wantsText'] = function () { return _cf_wants_text() != 0; };
  Module['fieldRect'] = wrap(_cf_field_rect, 'n', true);
  Module['ggufBegin'] = wrap(_cf_gguf_begin, '', false);
  Module['ggufPart'] = wrap(_cf_gguf_part, 'sns', true);
  Module['ggufEnd'] = wrap(_cf_gguf_end, 'snn', true);
  Module['loadConfig'] = wrap(_cf_load_config, 'ss', true);
  Module['fileError'] = wrap(_cf_file_error, 'ss', true);
});
