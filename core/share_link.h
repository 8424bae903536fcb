// Share links: the calculator's inputs in a URL fragment, so a link reproduces an estimate.
//
// Layout (keys in this order when serialized; every key optional; values percent-encoded UTF-8):
//   #ram=1000GiB&reserve=2GiB&model=llama-3.1-70b&weights=q4_k_m&kv=f16&runtime=llama.cpp&seqs=1
//    &lang=ru&page=standard&ui=ru
//   ram, reserve   sizes as size_parse.h reads them ("1000GiB", "1.5TB"); ram > 0
//   model          catalog id                  weights   weight format id (assets/weight-formats.json)
//   kv             KV cache type (kv_cache.h)  runtime   theory | llama.cpp | vllm
//   seqs           1..4096 parallel sequences  lang      text language id (assets/text.json), as the CLI's --lang
//   page           page convention id          ui        user-interface language: en | ru
//
// Hostile input never crashes and never silently changes state: a link longer than max_share_link_bytes is
// ignored whole; each bad escape, unknown key, repeated key (the first one wins) or bad value becomes a
// ShareNotice (key, value as seen, problem, what is accepted) and that pair is skipped; the rest is applied.
// Web practice: shared/reference/web-imgui-emscripten.md section 8 (fragment, not query; percent-decode).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace contextfit {

struct Assets;

inline constexpr size_t max_share_link_bytes = 4096;
inline constexpr size_t max_share_notices = 16;     // further problems are counted in one last notice
inline constexpr uint32_t max_share_seqs = 4096;    // as estimate() accepts

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

struct ShareNotice {
    std::string key;       // printable, at most 40 bytes
    std::string value;     // as seen (decoded when possible), printable, at most 40 bytes + "..."
    ShareProblem problem = ShareProblem::bad_value;
    std::string accepted;  // what would have been accepted (English, ids and units are not translated)
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
};

struct ShareParse {
    ShareLink link;
    std::vector<ShareNotice> notices;
};

// Reads a fragment ("#a=b&c=d" or "a=b&c=d"). Checks syntax and the values that need no data (sizes,
// seqs, runtime, ui, id characters); ids that need the catalog are checked by check_share_link().
ShareParse parse_share_link(std::string_view fragment);

// Checks model, weights, kv (for the link's runtime, or llama.cpp), lang and page against the assets;
// clears each unknown one and appends its notice (with "did you mean" for models).
void check_share_link(const Assets& assets, ShareParse& parsed);

// "#ram=…&model=…": only the fields that are set, in the layout's order, percent-encoding every byte
// outside A-Z a-z 0-9 - . _ ~
std::string serialize_share_link(const ShareLink& link);

// Percent-encoding of one value (exposed for tests and for shells building links by hand).
std::string percent_encode(std::string_view value);

// A size text split into its number and unit: "1.5 TiB" -> {1.5, "TiB"}; ok false when it is not
// "<decimal number><optional spaces><letters>". Lets a UI show a link's "1000GiB" as 1000 + [GiB].
struct SizeParts {
    bool ok = false;
    double amount = 0;
    std::string unit;
};
SizeParts split_size_text(std::string_view text);

}  // namespace contextfit
