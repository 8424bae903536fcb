// The web app's inputs: one struct with static storage (the browser keeps calling back after main()
// returns), turned into a core EstimateRequest and into a share link. No formulas here: sizes are parsed by
// core/size_parse, links by core/share_link.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "estimate.h"
#include "gguf_model.h"
#include "need.h"
#include "hardware_state.h"
#include "share_link.h"
#include "text_stats.h"

namespace contextfit::web {

// The RAM units the picker offers; the suffix is what size_parse reads.
enum class RamUnit { gib_as_sold, gb_decimal, tb_decimal, tib, count };
inline constexpr const char* ram_unit_suffix[] = {"GiB", "GB", "TB", "TiB"};
inline constexpr const char* ram_unit_label_key[] = {"web_unit_gib", "web_unit_gb", "web_unit_tb", "web_unit_tib"};
static_assert(sizeof(ram_unit_suffix) / sizeof(ram_unit_suffix[0]) == static_cast<size_t>(RamUnit::count));
static_assert(sizeof(ram_unit_label_key) / sizeof(ram_unit_label_key[0]) == static_cast<size_t>(RamUnit::count));

// A model read from a file the user gave (GGUF header, config.json) or from a link's arch= fields. It is
// selected when AppState::model is arch_model_id ("your-model").
struct FileModel {
    ModelSpec spec;
    uint64_t weights_bytes = 0;     // a GGUF tensor table; 0: n_params x the weight format's bits per weight
    std::string origin;             // "model.gguf: read 1.2 MB of 4.5 GB (header only)", in the UI language
};

// "I have this memory" (how much text fits) or "I have this text" (what it needs, which models take it).
enum class PageMode { memory, text };

// The models table's sort column; largest first except by name.
enum class ModelsSort { name, tokens, pages_or_parts, memory, count };

struct AppState {
    double ram_amount = 64;
    RamUnit ram_unit = RamUnit::gib_as_sold;
    double reserve_gib = 2;
    std::string model = "llama-3.1-8b";
    std::string weights = "q4_k_m";
    std::string kv = "f16";
    std::string runtime = "llama.cpp";
    int seqs = 1;
    std::string lang = "en";        // language of the text (as the CLI's --lang)
    std::string page = "standard";
    std::string ui = "en";          // interface language
    bool ui_in_link = false;        // the user chose ui (or a link did): keep it in the link

    char model_filter[64] = {};
    std::vector<ShareNotice> notices;   // from the last link applied; shown until dismissed
    std::optional<FileModel> file_model;
    std::vector<std::string> file_messages;  // the last file's error or the reader's assumptions
    int copy_status = 0;                // 0 none, 1 copied, -1 failed
    bool changed = true;                // inputs changed since the estimate, hash and mirror were updated

    PageMode mode = PageMode::memory;
    char text_amount[32] = "80MB";      // text_amount.h: "80MB", "500pages", "32000tokens"
    std::optional<TextStats> text_file; // a file read in the page (its counts only); replaces text_amount
    std::string text_file_name;
    ModelsSort models_sort = ModelsSort::tokens;
    char family_filter[32] = {};
    HardwareInputs hw;                  // devices, placement options: the time panel's inputs
    std::string preferred_ui = "en";    // the browser's language as an interface language: the default ui and lang
    std::vector<std::string> read_as_gib;  // the last link's bare ram= / reserve= numbers ("16"), read as GiB
};

// "64GiB", "1.5TB": the amount with up to 10 significant digits and the unit's suffix.
std::string ram_text(const AppState& s);
std::string reserve_text(const AppState& s);

EstimateRequest to_request(const AppState& s);
// Text mode's question: the amount field (or the counted file) with the same model and runtime inputs.
Result<NeedRequest> to_need_request(const AppState& s);
// A counted file becomes the text (its language is the guessed one), or its error is shown.
void load_text_file(const Assets& assets, AppState& s, const Result<TextStats>& stats, const std::string& name);
ShareLink to_link(const AppState& s);

// Applies a checked link. A link is the whole request: fields it carries are set, the others go back to their
// defaults (a hand-edited "#model=qwen3-8b" is that model with default memory, not the last memory typed); the
// interface and text language default to preferred_ui. Its notices replace the old ones; a model read from a file
// stays loaded.
void apply_link(AppState& s, const ShareParse& parsed);

// The model the state selects: the catalog's, the file's, or nullptr for an unknown id.
const ModelSpec* selected_model(const Assets& assets, const AppState& s);

// ---- files (the page reads them with File.slice; only header bytes cross into wasm) ----

// A GGUF part seen through a prefix of its bytes. read_gguf() asks for ranges; one past the prefix sets
// `need` (the end offset the reader wanted) instead of failing, so the shell reads more and tries again.
struct GgufPrefixRead {
    Result<GgufFile> file;
    uint64_t need = 0;              // > 0: call again with at least this many bytes
};
GgufPrefixRead read_gguf_prefix(std::string_view prefix, uint64_t file_size);

// The parts read so far (any order) become the file model; `read` and `size` are the bytes the shell read and
// the files' total size. Errors and the reader's notes go to file_messages; on success the model is selected.
void load_gguf(const Assets& assets, AppState& s, const std::vector<GgufFile>& parts, const std::string& name,
               uint64_t read, uint64_t size);
void load_config(const Assets& assets, AppState& s, std::string_view text, const std::string& name);
void file_failed(const Assets& assets, AppState& s, const std::string& name, const std::string& message);

}  // namespace contextfit::web
