// Share links: the calculator's inputs in a URL fragment, so a link reproduces an estimate.
//
// Layout (keys in this order when serialized; every key optional; values percent-encoded UTF-8):
//   #ram=1000GiB&reserve=2GiB&model=llama-3.1-70b&arch=…&name=…&tok=…&weights=q4_k_m&kv=f16&runtime=llama.cpp
//    &seqs=1&lang=ru&page=standard&ui=ru
//   ram, reserve   sizes as size_parse.h reads them ("1000GiB", "1.5TB"); ram > 0
//   model          catalog id                  weights   weight format id (assets/weight-formats.json)
//   arch           a model read from a file, carried as its architecture fields (never the file): see
//                  "Architecture fields" below; name: its display name (printable UTF-8, at most 64 bytes);
//                  tok: its tokenizer family id (assets/text.json). A link has model= or arch=, not both.
//   kv             KV cache type (kv_cache.h)  runtime   theory | llama.cpp | vllm
//   seqs           1..4096 parallel sequences  lang      text language id (assets/text.json), as the CLI's --lang
//   page           page convention id          ui        user-interface language: en | ru
//
// Hostile input never crashes and never silently changes state: a link longer than max_share_link_bytes is
// ignored whole; each bad escape, unknown key, repeated key (the first one wins) or bad value becomes a
// ShareNotice (key, value as seen, problem, a code for what is accepted) and that pair is skipped; the rest is
// applied. Notices carry codes, not English, so a shell phrases them in its language (notice_text).
// Web practice: shared/reference/web-imgui-emscripten.md section 8 (fragment, not query; percent-decode).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model.h"
#include "result.h"

namespace contextfit {

struct Assets;
class Strings;

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

// What would have been accepted, as a code a shell phrases in its language (notice_text below).
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
};

// ---- Architecture fields (arch=) ----
//
// Fields joined by '.', each a lowercase tag and a decimal whole number, so the value needs no escapes:
//   arch=l32.e4096.h32.kv8.dk128.dv128.voc128256.ff14336.lf32.ctx131072.p8030261248.pe1050673152.px1.w4517937152
// Required: l n_layer, e n_embd, h n_head, kv n_head_kv, dk n_embd_head_k, dv n_embd_head_v, ctx n_ctx_limit,
// p n_params. Optional (0 when absent): voc n_vocab, ff n_ff, ffe n_ff_exp, x n_expert, xu n_expert_used,
// lf n_layer_full (default l - ls - rl), ls n_layer_swa, swa n_swa, st swa type (0 none, 1 sliding, 2 chunked),
// sl swa_in_llama_cpp (0/1), mla kv_lora_rank, mr qk_rope_head_dim, mn qk_nope_head_dim, mv v_head_dim,
// mq q_lora_rank (mla > 0 makes the model MLA), rk recurrent kind (1 mamba1, 2 mamba2, 3 gated_deltanet,
// 4 lightning_attention), rl recurrent layers, rs state values, rc conv values, pa n_params_active,
// pe n_params_embedding, px params_exact (0/1), w the weights' bytes (a GGUF tensor table; 0: from the format).
// Each tag at most once, each number in the tag's range; the model must pass validate_model().
struct ArchFields {
    ModelSpec model;             // id arch_model_id, display name "Your model" until name= sets it
    uint64_t weights_bytes = 0;  // 0: weights from the format's bits per weight
};
inline constexpr const char* arch_model_id = "your-model";
inline constexpr size_t max_share_name_bytes = 64;

std::string encode_arch(const ModelSpec& model, uint64_t weights_bytes);
// Errors name the tag, the value seen and the accepted range ("kv=0: n_head_kv must be from 1 to 65536").
Result<ArchFields> decode_arch(std::string_view text);

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
};

struct ShareParse {
    ShareLink link;
    std::vector<ShareNotice> notices;
};

// Reads a fragment ("#a=b&c=d" or "a=b&c=d"). Checks syntax and the values that need no data (sizes,
// seqs, runtime, ui, id characters); ids that need the catalog are checked by check_share_link().
ShareParse parse_share_link(std::string_view fragment);

// Checks model, weights, kv (for the link's runtime, or llama.cpp), lang, page and tok against the assets;
// clears each unknown one and appends its notice (with "did you mean" for models).
void check_share_link(const Assets& assets, ShareParse& parsed);

// "#ram=…&model=…": only the fields that are set, in the layout's order, percent-encoding every byte
// outside A-Z a-z 0-9 - . _ ~
std::string serialize_share_link(const ShareLink& link);

// A notice as one sentence in the UI language, from the "web_notice*", "web_why_*" and "web_accept_*"
// templates of assets/strings.json: "ram=abc: not a valid value; accepted: a size above 0, e.g. …".
std::string notice_text(const Strings& strings, const ShareNotice& n, const std::string& lang);

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
