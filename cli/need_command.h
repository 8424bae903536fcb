// `contextfit need`: the other direction of `fit`. Given a text (tokens, a size, pages or a local file) and a model
// (or the whole catalog), the tokens it is for the model's tokenizer, whether the trained context takes it (else
// into how many parts it splits) and the memory one part needs: core/need.h.
//   contextfit need (--tokens N | --text SIZE | --pages N | --file PATH) (--model ID | --gguf F... | --config F |
//                   --all) [fit's runtime flags] [--json]
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "estimate.h"
#include "runtime_flags.h"

namespace contextfit::cli {

struct NeedArgs {
    std::string tokens, text, pages, file;   // exactly one
    std::string model, config;
    std::vector<std::string> gguf;
    bool all = false;
    RuntimeFlags flags;
};

// A model read from a file by the caller (--gguf, --config); custom stays nullptr for a catalog id and --all.
struct NeedModel {
    const ModelSpec* custom = nullptr;
    uint64_t weights_bytes = 0;              // a GGUF tensor table's exact bytes; 0: from the weights format
    std::string weights_id;                  // the GGUF's own weight format, when it names one
    std::vector<std::string> notes;          // what the file reader assumed
};

// What picks the answer's interface language with the text's (estimate.h pick_ui_language): --ui, and the
// environment's LC_ALL / LC_MESSAGES / LANG. The text language is --lang, or the one guessed for --file.
struct UiChoice {
    std::string flag;
    std::string environment;
};

CLI::App* add_need_command(CLI::App& app, NeedArgs& a, bool& as_json);
int run_need(const Assets& assets, const NeedArgs& a, const NeedModel& model, const UiChoice& ui, bool as_json);

}  // namespace contextfit::cli
