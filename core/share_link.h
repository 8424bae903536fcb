// Share links: the calculator's inputs in a URL fragment, so a link reproduces an estimate.
//
// Layout (keys in this order when serialized; every key optional; values percent-encoded UTF-8):
//   #ram=1000GiB&reserve=2GiB&model=llama-3.1-70b&arch=…&name=…&tok=…&weights=q4_k_m&kv=f16&runtime=llama.cpp
//    &seqs=1&lang=ru&page=standard&ui=ru&mode=text&text=80MB
//   ram, reserve   memory sizes as size_parse.h parse_memory_size reads them ("1000GiB", "1.5TB", "1,5TB"; a
//                  bare "16" is 16 GiB, flagged so the shell says so); ram > 0
//   model          catalog id                  weights   weight format id (assets/weight-formats.json)
//   arch           a model read from a file, carried as its architecture fields (never the file): see
//                  arch_fields.h; name: its display name (printable UTF-8, at most 64 bytes);
//                  tok: its tokenizer family id (assets/text.json). A link has model= or arch=, not both.
//   kv             KV cache type (kv_cache.h)  runtime   theory | llama.cpp | vllm; kv must be one the runtime
//                                                        accepts (accepted_kv_types)
//   seqs           1..max_seqs (limits.h)      lang      text language id (assets/text.json), as the CLI's --lang
//   page           page convention id          ui        user-interface language: a language of assets/strings.json
//   The interface language is not decided here: ui stays empty when the link has none, and the shell picks it with
//   estimate.h pick_ui_language(ui, lang, the browser's language), the rule the CLI follows with --ui, --lang, LANG.
//   mode           memory ("I have this memory", the default) | text ("I have this text")
//   text           the text's amount, never the text: a size of UTF-8 text (text=80MB), pages of the page
//                  convention (text=500pages) or tokens per sequence (text=32000tokens); text_amount.h
//   hw             hardware: ID[:COUNT] items joined by ',' (at most max_share_devices, count 1..max_share_device_count),
//                  ids of assets/hardware.json: "xeon-6980p", "epyc-9654,rtx-4090:2"; or a custom device as the CLI's
//                  --hardware writes it (hardware.h parse_hardware_spec): "custom-gpu:24GiB:1008GB/s:82.6TFLOPS:2"
//   ngl            llama.cpp -ngl, 0..max_n_layer (absent: the most that fit)   cpumoe  llama.cpp --cpu-moe: 1
//   tp, nodes      vLLM tensor-parallel size and machines, whole numbers 1..max_share_device_count
//
// Hostile input never crashes and never silently changes state: a link longer than max_share_link_bytes is
// ignored whole; each bad escape, unknown key, repeated key (the first one wins) or bad value becomes a
// ShareNotice (key, value as seen, problem, a code for what is accepted) and that pair is skipped; the rest is
// applied. Notices carry codes, not English, so a shell phrases them in its language (web/notice_text.h).
// The inputs ride in the fragment, which browsers never send to a server (RFC 3986 section 3.5); pairs are
// split and percent-decoded as the WHATWG URL Standard's application/x-www-form-urlencoded parser does, except
// that '+' stays '+' (sizes and ids never hold a space).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "arch_fields.h"
#include "result.h"

namespace contextfit {

struct Assets;

inline constexpr size_t max_share_link_bytes = 4096;
inline constexpr size_t max_share_notices = 16;     // further problems are counted in one last notice

enum class ShareProblem {
    too_long,       // the whole link is over max_share_link_bytes: nothing applied
    bad_escape,     // "%" not followed by two hex digits, or an escape decoding to NUL / invalid UTF-8
    unknown_key,    // key not in the layout above
    repeated_key,   // key seen before in the same link; the first value is kept
    bad_value,      // value does not parse or is not one of the accepted ids
    empty_value,    // "key=" or a key without "="
    more_notices,   // stands for `value` further notices that were not listed
};
const char* share_problem_name(ShareProblem p);  // "too_long", "bad_escape", …

// What would have been accepted, as a code a shell phrases in its language (web/notice_text.h).
enum class ShareAccepts {
    nothing,         // more_notices
    link_bytes,      // a link of at most `limit` bytes
    escapes,         // %XX escapes of UTF-8 text, no %00
    keys,            // one of `ids`: the layout's keys
    once,            // each key once
    key_value,       // key=value
    size,            // a size as size_parse.h reads it
    positive_size,   // the same, above 0
    whole_number,    // a whole number from 1 to `limit`
    one_of,          // one of `ids`
    id_chars,        // letters, digits, '.', '_' and '-', at most `limit` bytes
    catalog_model,   // a model id of the catalog; `ids` are the nearest ones (may be empty)
    arch_fields,     // architecture fields as below; `ids` holds the one problem found, in English
    name_text,       // printable text of at most `limit` bytes
    tokenizer,       // one of `ids`: the tokenizer families of assets/text.json
    text_amount,     // a size of text, pages or tokens: 80MB, 500pages, 32000tokens
    layer_count,     // a whole number from 0 to `limit`
    hardware_items,  // ID[:COUNT] items joined by ',', at most `limit` of them
    hardware,        // a device id of assets/hardware.json; `ids` are the nearest ones
    custom_device,   // custom-KIND:MEMORY:BANDWIDTH:COMPUTE[:COUNT]; `ids` holds the part refused
};
const char* share_accepts_name(ShareAccepts a);  // "nothing", "link_bytes", …

struct ShareNotice {
    std::string key;       // printable, at most 40 bytes
    std::string value;     // as seen (decoded when possible), printable, at most 40 bytes + "..."; for too_long
                           // the link's length in bytes, for more_notices the count of notices left out
    ShareProblem problem = ShareProblem::bad_value;
    ShareAccepts accepts = ShareAccepts::nothing;
    std::vector<std::string> ids;  // accepted ids or suggestions (ids are not translated)
    uint64_t limit = 0;            // the bound of link_bytes, whole_number, id_chars
    Error reason;                  // arch_fields: why decode_arch refused them, keyed for the reader's language
};

inline constexpr size_t max_share_name_bytes = 64;
inline constexpr size_t max_share_devices = 8;            // hw= items
inline constexpr uint32_t max_share_device_count = 4096;  // a device's count, tp=, nodes=

// One hw= item: a hardware id (a custom device: its spec without the count, hardware.h custom_device_spec) and
// how many of it.
struct ShareDevice {
    std::string id;
    uint32_t count = 1;
};

// Parsed inputs. Empty strings and zeros mean "not in the link".
struct ShareLink {
    std::string ram;          // normalized size text, e.g. "1000GiB"
    uint64_t ram_bytes = 0;
    std::string reserve;
    uint64_t reserve_bytes = 0;
    bool has_reserve = false; // a reserve of 0 B is a valid request
    std::string model, weights, kv, runtime;
    uint32_t seqs = 0;
    std::string lang, page, ui;
    std::string arch;         // the arch= text as read; non-empty only when it decoded and validated
    ArchFields arch_fields;   // its model, with name= and tok= applied
    std::string name, tok;
    // ram= / reserve= was a bare number, read as GiB (size_parse.h parse_memory_size); the shell says so
    // (strings.json "notice_bare_gib"). ram and reserve then carry the unit: "16" -> "16GiB".
    bool ram_bare_number_as_gib = false;
    bool reserve_bare_number_as_gib = false;
    std::string mode;         // "memory" or "text"
    std::string text;         // a text amount as text_amount.h reads it, normalized ("80MB", "500pages")
    std::vector<ShareDevice> hw;
    int64_t ngl = -1;         // -1: not in the link
    bool cpu_moe = false;
    uint32_t tp = 0, nodes = 0;
};

struct ShareParse {
    ShareLink link;
    std::vector<ShareNotice> notices;
};

// Reads a fragment ("#a=b&c=d" or "a=b&c=d"). Checks syntax and the values that need no data (sizes,
// seqs, runtime, arch, name, id characters); ids that need the assets are checked by check_share_link().
ShareParse parse_share_link(std::string_view fragment);

// Checks model, weights, kv (for the link's runtime, or llama.cpp), lang, page, tok, ui and hw against the assets;
// clears each unknown one and appends its notice (with "did you mean" for models).
void check_share_link(const Assets& assets, ShareParse& parsed);

// "#ram=…&model=…": only the fields that are set, in the layout's order, percent-encoding every byte
// outside A-Z a-z 0-9 - . _ ~
std::string serialize_share_link(const ShareLink& link);

}  // namespace contextfit
