// docs/accuracy.md's tables of engine figures, from tests/data/engine-cases.json (the rows memory_test checks):
// KV caches, weights and runtime buffers, each with what the engine printed, where, ContextFit's figure and the
// residual. Each table replaces what lies between its markers in the document (<!-- accuracy:NAME:begin --> and
// <!-- accuracy:NAME:end -->).
//   accuracy_table DOC           rewrites DOC (scripts/accuracy)
//   accuracy_table --check DOC   exits 1 when DOC is out of date (a ctest)
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "engine_cases.h"
#include "memory.h"
#include "test_assets.h"
#include "weights.h"

namespace {

using namespace contextfit;
using nlohmann::json;

constexpr double MiB = 1048576.0;
constexpr double GiB = 1073741824.0;

template <typename... Values>
std::string format(const char* pattern, Values... values) {
    char line[1024];
    std::snprintf(line, sizeof line, pattern, values...);
    return line;
}

RuntimeOptions llama_cpp_options(const json& c) {
    RuntimeOptions o;
    o.flash_attn = c.value("flash_attn", true);
    o.kv.n_ubatch = c.value("ubatch", 512u);
    o.kv.n_seq = c.value("seqs", 1u);
    const std::string k = c.value("type_k", c.value("kv_type", std::string("f16")));
    const std::string v = c.value("type_v", c.value("kv_type", std::string("f16")));
    o.kv.type_k = parse_kv_type(k, Runtime::llama_cpp).value();
    o.kv.type_v = parse_kv_type(v, Runtime::llama_cpp).value();
    return o;
}

std::string kv_table(const json& doc) {
    std::string out = "| model | context | K / V | sequences | engine printed | source | ContextFit | residual |\n"
                      "|---|---:|---|---:|---:|---|---:|---:|\n";
    for (const json& c : doc["kv"]) {
        const ModelSpec& m = test::model(c.value("model", "").c_str());
        const RuntimeOptions o = llama_cpp_options(c);
        const uint64_t ours = memory_at(m, 0, c.value("ctx", uint64_t{0}), o).kv.total();
        const uint64_t engine = c.value("bytes", uint64_t{0});
        const double residual = static_cast<double>(ours) - static_cast<double>(engine);
        out += format("| %s | %llu | %s / %s | %u | %s | %s | %.2f MiB | %+.0f B |\n", m.display_name.c_str(),
                      static_cast<unsigned long long>(c.value("ctx", uint64_t{0})), kv_type_info(o.kv.type_k).name,
                      kv_type_info(o.kv.type_v).name, o.kv.n_seq, c.value("printed", "").c_str(),
                      c.value("source", "").c_str(), static_cast<double>(ours) / MiB, residual);
    }
    return out;
}

std::string weights_table(const json& doc) {
    std::string out = "| model | format | llama.cpp \"model size\" | source | ContextFit | residual |\n"
                      "|---|---|---:|---|---:|---:|\n";
    for (const json& c : doc["weights"]) {
        const ModelSpec& m = test::model(c.value("model", "").c_str());
        const WeightFormat& f = **test::assets().formats.lookup(c.value("format", ""));
        const double ours = static_cast<double>(weights_bytes(m, f)) / GiB, engine = c.value("engine_gib", 0.0);
        out += format("| %s | %s | %.3f GiB | %s | %.3f GiB | %+.2f %% |\n", m.display_name.c_str(),
                      c.value("format", "").c_str(), engine, c.value("source", "").c_str(), ours,
                      100 * (ours - engine) / engine);
    }
    return out;
}

std::string options_text(const json& c) {
    std::string s = "ub " + std::to_string(c.value("ubatch", 512u));
    s += c.value("flash_attn", true) ? ", FA" : ", no FA";
    if (c.value("kv_type", std::string("f16")) != "f16") s += ", KV " + c.value("kv_type", std::string());
    return s;
}

std::string buffers_table(const json& doc) {
    const std::string measured = doc.value("measured", ""), built = doc.value("built", "");
    std::string out = "| model | cells | options | buffer | llama.cpp printed | source | ContextFit | residual | "
                      "residual of KV + compute + output |\n|---|---:|---|---|---:|---|---:|---:|---:|\n";
    for (const json& c : doc["cases"]) {
        const ModelSpec& m = test::model(c.value("model", "").c_str());
        const MemoryBreakdown b = memory_at(m, 0, c.value("ctx", uint64_t{0}), llama_cpp_options(c));
        const bool output = c.value("quantity", "") == "output";
        const double ours = static_cast<double>(output ? b.output_bytes : b.compute_bytes) / MiB;
        const double engine = c.value("engine_mib", 0.0);
        // The KV cache is exact (the KV table, measure.mjs), so the context part differs by the buffer alone.
        const double context = static_cast<double>(b.kv.total() + b.compute_bytes + b.output_bytes) / MiB - ours + engine;
        const std::string kind = c.value("source", "");
        const std::string source = kind == "measured" ? measured : kind == "built" ? built : kind;
        out += format("| %s | %llu | %s | %s | %.2f MiB | %s | %.2f MiB | %+.1f %% | %+.1f %% |\n", m.display_name.c_str(),
                      static_cast<unsigned long long>(b.kv.cells), options_text(c).c_str(),
                      output ? "output" : "compute", engine, source.c_str(), ours, 100 * (ours - engine) / engine,
                      100 * (ours - engine) / context);
    }
    return out;
}

// Replaces what lies between <!-- accuracy:NAME:begin --> and <!-- accuracy:NAME:end --> with `table`.
bool splice(std::string& text, const std::string& name, const std::string& table) {
    const std::string begin = "<!-- accuracy:" + name + ":begin -->\n", end = "<!-- accuracy:" + name + ":end -->";
    const size_t from = text.find(begin), to = text.find(end);
    if (from == std::string::npos || to == std::string::npos || to < from) {
        std::fprintf(stderr, "the markers %s and %s are missing\n", begin.c_str(), end.c_str());
        return false;
    }
    text.replace(from + begin.size(), to - from - begin.size(), table);
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    const bool check = argc == 3 && std::string(argv[1]) == "--check";
    if (argc != 2 && !check) {
        std::fputs("usage: accuracy_table [--check] docs/accuracy.md\n", stderr);
        return 2;
    }
    const char* path = argv[argc - 1];
    const json doc = json::parse(test::engine_cases_json, nullptr, false);
    if (doc.is_discarded()) {
        std::fputs("tests/data/engine-cases.json is not valid JSON\n", stderr);
        return 1;
    }
    std::ifstream in(path);
    std::stringstream read;
    read << in.rdbuf();
    const std::string before = read.str();
    std::string text = before;
    if (!in || !splice(text, "kv", kv_table(doc)) || !splice(text, "weights", weights_table(doc)) ||
        !splice(text, "buffers", buffers_table(doc))) {
        std::fprintf(stderr, "%s: cannot update the tables\n", path);
        return 1;
    }
    if (check) {
        if (text == before) return 0;
        std::fprintf(stderr, "%s is out of date with tests/data/engine-cases.json: run scripts/accuracy\n", path);
        return 1;
    }
    std::ofstream(path) << text;
    std::printf("wrote %s\n", path);
    return 0;
}
