// Prints the runtime-buffer rows of docs/accuracy.md from tests/data/engine-cases.json (the table memory_test
// checks): model, context, options, what llama.cpp printed and where, ContextFit's figure and the residuals.
// scripts/accuracy runs it and splices its output into the document.
#include <cmath>
#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

#include "engine_cases.h"
#include "memory.h"
#include "test_assets.h"

namespace {

constexpr double MiB = 1048576.0;

std::string options_text(const nlohmann::json& c) {
    std::string s = "ub " + std::to_string(c.value("ubatch", 512u));
    s += c.value("flash_attn", true) ? ", FA" : ", no FA";
    if (c.value("kv_type", std::string("f16")) != "f16") s += ", KV " + c.value("kv_type", std::string());
    return s;
}

}  // namespace

int main() {
    using namespace contextfit;
    const nlohmann::json doc = nlohmann::json::parse(test::engine_cases_json, nullptr, false);
    if (doc.is_discarded()) {
        std::fputs("tests/data/engine-cases.json is not valid JSON\n", stderr);
        return 1;
    }
    const std::string measured = doc.value("measured", "");
    std::puts("| model | cells | options | buffer | llama.cpp printed | source | ContextFit | residual | "
              "residual of KV + compute + output |");
    std::puts("|---|---:|---|---|---:|---|---:|---:|---:|");
    for (const nlohmann::json& c : doc["cases"]) {
        const ModelSpec& m = test::model(c.value("model", "").c_str());
        RuntimeOptions o;
        o.flash_attn = c.value("flash_attn", true);
        o.kv.n_ubatch = c.value("ubatch", 512u);
        o.kv.type_k = o.kv.type_v = parse_kv_type(c.value("kv_type", std::string("f16")), Runtime::llama_cpp).value();
        const MemoryBreakdown b = memory_at(m, 0, c.value("ctx", uint64_t{0}), o);
        const bool output = c.value("quantity", "") == "output";
        const double ours = static_cast<double>(output ? b.output_bytes : b.compute_bytes) / MiB;
        const double engine = c.value("engine_mib", 0.0);
        // The KV cache is exact (kv_cache_test, measure.mjs), so the context part differs by the buffer alone.
        const double context = static_cast<double>(b.kv.total() + b.compute_bytes + b.output_bytes) / MiB - ours + engine;
        const std::string source = c.value("source", "") == "measured" ? measured : c.value("source", "");
        std::printf("| %s | %llu | %s | %s | %.2f MiB | %s | %.2f MiB | %+.1f %% | %+.1f %% |\n", m.display_name.c_str(),
                    static_cast<unsigned long long>(b.kv.cells), options_text(c).c_str(), output ? "output" : "compute",
                    engine, source.c_str(), ours, 100 * (ours - engine) / engine, 100 * (ours - engine) / context);
    }
    return 0;
}
