// --pre-js for the page (web/CMakeLists.txt): the wasm inside the page is stored gzip-compressed, and this
// inflates it with the browser's DecompressionStream before instantiating it.
// web/pack/pack.mjs writes the compressed wasm after the link: it swaps the base64 of the wasm in
// wasmBinaryFile (emscripten's SINGLE_FILE data: URL) for the base64 of gzip -9 of it, and fills in
// '@CONTEXTFIT_NO_DECOMPRESSION@' with web_no_decompression from assets/strings.json ({"en": ..., "ru": ...}).
// Why: base64 of the raw wasm gzips badly (base64 breaks byte alignment, so gzip finds fewer repeats); stored
// compressed, the page is half the size raw and a fifth smaller gzipped (docs/web-toolchain.md).
//
// Module.instantiateWasm is emscripten's hook for loading the module itself (src/preamble.js, createWasm):
// it gets the imports and a callback taking the instance, and returns {} to say "asynchronously".
// fetch() of a data: URL needs connect-src data: in web/shell.html's Content-Security-Policy (it has it);
// it is no network request. DecompressionStream: Chrome 80, Firefox 113, Safari 16.4. Without it the page
// says so in its HTML (the text form cannot help: it computes through the wasm too).
Module['instantiateWasm'] = function (imports, receiveInstance) {
  // gzip data starts 1f 8b 08, "H4sI" in base64; anything else is a raw wasm (the pack step did not run).
  var packed = wasmBinaryFile.indexOf(';base64,H4sI') > 0;
  if (packed && typeof DecompressionStream != 'function') {
    var texts = '@CONTEXTFIT_NO_DECOMPRESSION@';
    var langs = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || 'en'];
    var text = typeof texts == 'string' ? texts : texts[/^ru/i.test(String(langs[0])) ? 'ru' : 'en'];
    var box = document.createElement('p');
    box.id = 'cf-unsupported';
    box.setAttribute('role', 'alert');
    box.textContent = text;
    // Above the (empty) canvas, which is position: fixed over the whole page.
    box.style.cssText = 'position:fixed;inset:0;z-index:3;margin:0;padding:16px;background:#17191e;color:#e6e6e6';
    document.body.appendChild(box);
    var loading = document.getElementById('loading');
    if (loading) loading.hidden = true;
    document.body.setAttribute('data-error', 'DecompressionStream is not available');
    return {};
  }
  fetch(wasmBinaryFile).then(function (response) {
    return packed ? new Response(response.body.pipeThrough(new DecompressionStream('gzip'))).arrayBuffer()
                  : response.arrayBuffer();
  }).then(function (bytes) {
    return WebAssembly.instantiate(bytes, imports);
  }).then(function (output) {
    receiveInstance(output.instance, output.module);
  }, function (reason) {
    err('failed to asynchronously prepare wasm: ' + reason);
    abort(reason);
  });
  return {};
};
