#include "models_command.h"

#include <cstdio>
#include <iostream>

#include "catalog_fit.h"
#include "report.h"
#include "size_parse.h"

namespace contextfit::cli {
namespace {

using nlohmann::ordered_json;

// The same values `fit --json` gives for the model: tokens, limited_by, text.pages (one decimal).
ordered_json fits_json(const std::vector<ModelFit>& rows) {
    ordered_json list = ordered_json::array();
    for (const ModelFit& f : rows)
        list.push_back({{"id", f.id}, {"display_name", f.display_name}, {"family", f.family}, {"tokens", f.tokens},
                        {"limited_by", limited_by_name(f.limited_by)}, {"pages", round_to(f.pages, 1)},
                        {"n_params", f.n_params}, {"n_ctx_limit", f.n_ctx_limit}, {"weights_bytes", f.weights_bytes},
                        {"total_bytes", f.total_bytes}, {"missing_bytes", f.missing_bytes}});
    return list;
}

const char* limited_key(LimitedBy l) {
    return l == LimitedBy::memory ? "limited_memory" : l == LimitedBy::model ? "limited_model" : "limited_weights";
}

std::string fits_table(const Assets& a, const std::vector<ModelFit>& rows, const std::string& ram_input,
                       const std::string& ui) {
    const Strings& s = a.strings;
    std::string out = s.format("models_ram_title", ui, {{"ram", ram_input}}) + "\n";
    out += "  " + pad_right("#", 4) + pad_right("id", 30) + pad_right(s.format("label_tokens", ui), 14) +
           pad_right(s.format("models_col_pages", ui), 12) + pad_right(s.format("models_col_params", ui), 10) +
           s.format("label_limited_by", ui) + "\n";
    int rank = 0;
    for (const ModelFit& f : rows) {
        out += "  " + pad_right(std::to_string(++rank), 4) + pad_right(f.id, 30) +
               pad_right(s.count(f.tokens, ui), 14) + pad_right(s.count(static_cast<uint64_t>(f.pages + 0.5), ui), 12) +
               pad_right(s.real(static_cast<double>(f.n_params) / 1e9, 1, ui) + "B", 10) +
               s.format(limited_key(f.limited_by), ui) + "\n";
    }
    return out;
}

}  // namespace

CLI::App* add_models_command(CLI::App& app, ModelsArgs& a, bool& as_json) {
    CLI::App* models = app.add_subcommand("models", "list the model catalog; with --ram, every model's fit, ranked");
    models->add_option("--ram", a.ram, "memory size, e.g. 1TB, 512GiB: adds fit's answer per model");
    models->add_option("--sort", a.sort, "with --ram: tokens | pages | params, largest first")->capture_default_str();
    add_runtime_flags(*models, a.flags);
    models->add_flag("--json", as_json, "print a JSON array");
    return models;
}

int run_models(const Assets& assets, const ModelsArgs& a, const std::string& ui, bool as_json) {
    if (a.ram.empty()) {
        if (as_json)
            print_json(models_json(assets));
        else
            std::cout << models_table(assets, ui);
        return 0;
    }
    Result<MemorySize> ram = parse_memory_size(a.ram);
    if (!ram) return print_error(assets.strings, ui, prefixed("--ram", ram.error()), as_json);
    Result<CatalogSort> sort = parse_catalog_sort(a.sort);
    if (!sort) return print_error(assets.strings, ui, prefixed("--sort", sort.error()), as_json);
    Result<EstimateRequest> request = runtime_request(a.flags);
    if (!request) return print_error(assets.strings, ui, request.error(), as_json);
    request->ram_bytes = ram->bytes;
    Result<std::vector<ModelFit>> rows = fit_catalog(assets, *request, *sort);
    if (!rows) return print_error(assets.strings, ui, rows.error(), as_json);
    if (as_json)
        print_json(fits_json(*rows));
    else
        std::cout << fits_table(assets, *rows, a.ram, ui);
    return 0;
}

}  // namespace contextfit::cli
