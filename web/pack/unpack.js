// --pre-js for the page (web/CMakeLists.txt), after web/pack/lzma.js: the wasm inside the page is stored
// LZMA-compressed, and this decodes it with lzmaDecode before instantiating it.
// web/pack/pack.mjs writes the compressed wasm after the link: it swaps the base64 of the wasm in wasmBinaryFile
// (emscripten's SINGLE_FILE data: URL) for the base64 of `xz --format=lzma` of it, and fills in
// '@CONTEXTFIT_START_FAILED@' with web_start_failed from assets/strings.json ({"en": ..., "ru": ...}).
// Why: base64 of the raw wasm gzips badly (base64 breaks byte alignment, so gzip finds fewer repeats); stored
// compressed, the page is half the size raw and much smaller gzipped, and LZMA is 12 % smaller than the
// best gzip (zopfli) here (docs/web-toolchain.md, "The packed wasm"). Decoding in JS needs no DecompressionStream and no fetch.
//
// Module.instantiateWasm is emscripten's hook for loading the module itself (src/preamble.js, createWasm):
// it gets the imports and a callback taking the instance, and returns {} to say "asynchronously".
Module['instantiateWasm'] = function (imports, receiveInstance) {
  function bytesOf(base64) {
    var text = atob(base64), data = new Uint8Array(text.length);
    for (var i = 0; i < data.length; i++) data[i] = text.charCodeAt(i);
    return data;
  }
  Promise.resolve().then(function () {
    var data = bytesOf(wasmBinaryFile.slice(wasmBinaryFile.indexOf(',') + 1));
    // A raw wasm (00 61 73 6d) when the pack step did not run (-DCONTEXTFIT_WEB_PACK=OFF).
    if (!data[0] && data[1] == 0x61) return WebAssembly.instantiate(data, imports);
    // The decoder, web/pack/lzma_dec.c as a wasm module of its own (2 KB), put here by pack.mjs. 16 MiB caps what
    // a damaged page can make it write; the wasm is 0.5 MB.
    return WebAssembly.instantiate(bytesOf('@CONTEXTFIT_LZMA_DECODER@')).then(function (decoder) {
      return WebAssembly.instantiate(lzmaDecode(decoder.instance.exports, data, 16 << 20), imports);
    });
  }).then(function (output) {
    receiveInstance(output.instance, output.module);
  }, function (reason) {
    // A damaged page (or a browser without WebAssembly): say so on top of the empty canvas, in the browser's
    // language, with the decoder's precise reason.
    var texts = '@CONTEXTFIT_START_FAILED@';
    var langs = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || 'en'];
    var text = typeof texts == 'string' ? texts : texts[/^ru/i.test(String(langs[0])) ? 'ru' : 'en'];
    var box = document.createElement('p');
    box.id = 'cf-start-failed';
    box.setAttribute('role', 'alert');
    box.textContent = text.replace('{message}', reason && reason.message || String(reason));
    // Above the canvas, which is position: fixed over the whole page.
    box.style.cssText = 'position:fixed;inset:0;z-index:3;margin:0;padding:16px;background:#17191e;color:#e6e6e6';
    document.body.appendChild(box);
    var loading = document.getElementById('loading');
    if (loading) loading.hidden = true;
    // abort() stops the runtime and sets body[data-error] through Module.onAbort (shell.html); it then
    // throws, which here would only be an unhandled rejection.
    try { abort(reason); } catch (e) {}
  });
  return {};
};
