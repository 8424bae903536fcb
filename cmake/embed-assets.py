#!/usr/bin/env python3
"""Writes a C++ source holding the JSON assets as string literals, so the CLI and the page carry their data with
them (no files to find at run time; the page must be one file).

    embed-assets.py [--for-page] OUT.cpp name1=file1 name2=file2 ...

Each file is parsed and written back without whitespace (json.dumps with compact separators), so the embedded
text parses to the same values: models.json goes from 128 KB to 112 KB, which the page carries inside its wasm.

--for-page: each catalog record loses its research "notes", the RoPE and layer-pattern fields core/catalog.cpp
does not read (rope_theta, rope_scaling, layer_pattern: the layer counts carry the pattern) and all sources but
the first. The page shows none of them (its trace names assets/models.json and the record id); every field an
estimate reads stays, so the page's figures equal the CLI's. The hardware catalog likewise loses its "about", the
device fields core/hardware.cpp does not read (how each figure was derived), each device's source text (replaced by the
file's name: the page shows no speed trace; its figures are the same) and all but the first calibration thread of each efficiency class.
"""
import json
import sys

DELIMITER = ")cfjson\""
PIECE_BYTES = 16000  # MSVC caps a string literal at 16 KB and some compilers warn on long ones
PAGE_DROPPED_FIELDS = ("notes", "rope_theta", "rope_scaling", "layer_pattern")
# Hardware fields core/hardware.cpp does not read (the figures' derivations); the page keeps every figure.
HARDWARE_PAGE_DROPPED_FIELDS = ("compute_source", "memory_channels", "memory_mts", "simd", "gpu_cores",
                                "gpu_memory_fraction_source", "note")


def trim_catalog_for_page(catalog):
    for model in catalog["models"]:
        for key in PAGE_DROPPED_FIELDS:
            model.pop(key, None)
        del model["sources"][1:]


def trim_hardware_for_page(hardware):
    del hardware["about"]
    for device in hardware["devices"]:
        for key in HARDWARE_PAGE_DROPPED_FIELDS:
            device.pop(key, None)
        device["source"] = "assets/hardware.json"  # core requires one; the repository's file has the text
    for efficiency in hardware["efficiency"]:
        del efficiency["calibrated_on"][1:]


def minified(path, for_page, name):
    with open(path, encoding="utf-8") as f:
        value = json.load(f)
    if for_page and name == "embedded_models_json":
        trim_catalog_for_page(value)
    if for_page and name == "embedded_hardware_json":
        trim_hardware_for_page(value)
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    if DELIMITER in text:
        sys.exit(f"{path} contains the raw-string delimiter {DELIMITER}")
    return text


def pieces(text):
    """Raw-string literals of at most PIECE_BYTES of UTF-8 each, never splitting a character."""
    out, current, size = [], [], 0
    for ch in text:
        n = len(ch.encode("utf-8"))
        if size + n > PIECE_BYTES:
            out.append("".join(current))
            current, size = [], 0
        current.append(ch)
        size += n
    out.append("".join(current))
    return "".join(f'R"cfjson({p}{DELIMITER}\n' for p in out)


def accessor(name, text):
    return (f"const std::string& {name}() {{\n    static const std::string text =\n{pieces(text)};\n"
            f"    return text;\n}}\n\n")


def main(argv):
    for_page = "--for-page" in argv
    args = [a for a in argv if a != "--for-page"]
    if len(args) < 2 or any("=" not in a for a in args[1:]):
        sys.exit("usage: embed-assets.py [--for-page] OUT.cpp name=file.json ...")
    body = ("// Generated from assets/ by cmake/embed-assets.py; do not edit.\n"
            "#include \"embedded_assets.h\"\n\nnamespace contextfit {\n")
    for pair in args[1:]:
        name, path = pair.split("=", 1)
        body += accessor(name, minified(path, for_page, name))
    body += "}  // namespace contextfit\n"
    out = args[0]
    try:
        with open(out, encoding="utf-8") as f:
            if f.read() == body:
                return  # unchanged: keep the timestamp, so nothing recompiles
    except FileNotFoundError:
        pass
    with open(out, "w", encoding="utf-8") as f:
        f.write(body)


if __name__ == "__main__":
    main(sys.argv[1:])
