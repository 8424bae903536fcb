// `contextfit models [--ram SIZE [fit's flags] [--sort tokens|pages|params]] [--json]`: the catalog; with --ram,
// every model's answer of `fit` for that memory (tokens, the limit that binds, pages), ranked.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include "estimate.h"
#include "runtime_flags.h"

namespace contextfit::cli {

struct ModelsArgs {
    std::string ram;                      // empty: list the catalog
    std::string sort = "tokens";
    RuntimeFlags flags;
};

CLI::App* add_models_command(CLI::App& app, ModelsArgs& a, bool& as_json);
int run_models(const Assets& assets, const ModelsArgs& a, const std::string& ui, bool as_json);

}  // namespace contextfit::cli
