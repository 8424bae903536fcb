// Weights, KV caches and runtime buffers against sizes the engines logged. The llama.cpp rows live in
// tests/data/engine-cases.json (one row per logged figure, with its source: a public issue or a run of
// tests/engine/measure.mjs on node-llama-cpp 3.22.1, which bundles llama.cpp v0.5.0); tests/accuracy_table.cpp turns
// the same rows into docs/accuracy.md's tables, and a ctest checks the document is up to date.
#include "memory.h"
#include "weights.h"

#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "engine_cases.h"
#include "test_assets.h"

namespace contextfit {
namespace {

constexpr double MiB = 1048576.0;

struct EngineCase {
    std::string name, model, kv_type, quantity, source;
    uint64_t ctx = 0;
    uint32_t ubatch = 512, seqs = 1;
    bool flash_attn = true;
    double engine_mib = 0, tolerance = 0;
};

std::vector<EngineCase> engine_cases() {
    const nlohmann::json doc = nlohmann::json::parse(test::engine_cases_json, nullptr, false);
    std::vector<EngineCase> rows;
    if (doc.is_discarded() || !doc.contains("cases")) return rows;
    for (const nlohmann::json& c : doc["cases"]) {
        EngineCase r;
        r.name = c.value("name", "");
        r.model = c.value("model", "");
        r.kv_type = c.value("kv_type", "f16");
        r.quantity = c.value("quantity", "");
        r.source = c.value("source", "");
        r.ctx = c.value("ctx", uint64_t{0});
        r.ubatch = c.value("ubatch", 512u);
        r.seqs = c.value("seqs", 1u);
        r.flash_attn = c.value("flash_attn", true);
        r.engine_mib = c.value("engine_mib", 0.0);
        r.tolerance = c.value("tolerance", 0.0);
        rows.push_back(r);
    }
    return rows;
}

struct KvCase {
    std::string name, model, type_k, type_v, source;
    uint64_t ctx = 0, bytes = 0;
    uint32_t seqs = 1;
};

std::vector<KvCase> kv_cases() {
    const nlohmann::json doc = nlohmann::json::parse(test::engine_cases_json, nullptr, false);
    std::vector<KvCase> rows;
    if (doc.is_discarded() || !doc.contains("kv")) return rows;
    for (const nlohmann::json& c : doc["kv"])
        rows.push_back({c.value("name", ""), c.value("model", ""), c.value("type_k", "f16"), c.value("type_v", "f16"),
                        c.value("source", ""), c.value("ctx", uint64_t{0}), c.value("bytes", uint64_t{0}),
                        c.value("seqs", 1u)});
    return rows;
}

struct WeightsCase {
    std::string name, model, format, source;
    double engine_gib = 0, tolerance = 0;  // llama.cpp "model size = X GiB"
};

std::vector<WeightsCase> weights_cases() {
    const nlohmann::json doc = nlohmann::json::parse(test::engine_cases_json, nullptr, false);
    std::vector<WeightsCase> rows;
    if (doc.is_discarded() || !doc.contains("weights")) return rows;
    for (const nlohmann::json& c : doc["weights"])
        rows.push_back({c.value("name", ""), c.value("model", ""), c.value("format", ""), c.value("source", ""),
                        c.value("engine_gib", 0.0), c.value("tolerance", 0.0)});
    return rows;
}

TEST(EngineCases, TableParsesAndEveryRowHasASource) {
    const std::vector<EngineCase> rows = engine_cases();
    ASSERT_GE(rows.size(), 15u);
    for (const EngineCase& r : rows) {
        EXPECT_FALSE(r.source.empty()) << r.name;
        EXPECT_GT(r.engine_mib, 0) << r.name;
        EXPECT_GT(r.tolerance, 0) << r.name;
        EXPECT_LE(r.tolerance, 0.15) << r.name << ": a wider tolerance checks nothing";
    }
    ASSERT_GE(kv_cases().size(), 10u);
    for (const KvCase& r : kv_cases()) EXPECT_TRUE(!r.source.empty() && r.bytes > 0) << r.name;
    ASSERT_GE(weights_cases().size(), 3u);
    for (const WeightsCase& r : weights_cases()) EXPECT_TRUE(!r.source.empty() && r.tolerance > 0 && r.tolerance <= 0.02) << r.name;
}

// The KV cache is exact: the bytes of the printed MiB (or of the source's rule worked by hand), to the byte.
class LlamaCppKv : public testing::TestWithParam<KvCase> {};

TEST_P(LlamaCppKv, ExactlyTheEnginesBytes) {
    const KvCase& row = GetParam();
    RuntimeOptions o;
    o.kv.n_seq = row.seqs;
    const Result<KvType> k = parse_kv_type(row.type_k, Runtime::llama_cpp), v = parse_kv_type(row.type_v, Runtime::llama_cpp);
    ASSERT_TRUE(k && v) << row.name;
    o.kv.type_k = *k;
    o.kv.type_v = *v;
    EXPECT_EQ(memory_at(test::model(row.model.c_str()), 0, row.ctx, o).kv.total(), row.bytes);
}

INSTANTIATE_TEST_SUITE_P(Logged, LlamaCppKv, testing::ValuesIn(kv_cases()),
                         [](const testing::TestParamInfo<KvCase>& info) { return info.param.name; });

class LlamaCppBuffers : public testing::TestWithParam<EngineCase> {};

TEST_P(LlamaCppBuffers, WithinTheRowsTolerance) {
    const EngineCase& row = GetParam();
    RuntimeOptions o;
    o.flash_attn = row.flash_attn;
    o.kv.n_ubatch = row.ubatch;
    o.kv.n_seq = row.seqs;
    const Result<KvType> type = parse_kv_type(row.kv_type, Runtime::llama_cpp);
    ASSERT_TRUE(type) << type.error().message;
    o.kv.type_k = o.kv.type_v = *type;
    const MemoryBreakdown b = memory_at(test::model(row.model.c_str()), 0, row.ctx, o);
    const uint64_t bytes = row.quantity == "output" ? b.output_bytes : b.compute_bytes;
    EXPECT_NEAR(static_cast<double>(bytes) / MiB, row.engine_mib, row.engine_mib * row.tolerance);
}

INSTANTIATE_TEST_SUITE_P(Logged, LlamaCppBuffers, testing::ValuesIn(engine_cases()),
                         [](const testing::TestParamInfo<EngineCase>& info) { return info.param.name; });

TEST(LlamaCppBuffers, SwaFullGivesSlidingLayersEveryCell) {
    // Gemma 3 12B at 32768 tokens: 8 global + 40 local layers x 8 KV heads x 256 x 2 B x (K + V) = 8 KiB per cell
    // and layer; windowed, the local layers hold pad256(1024 + 512) = 1536 cells, with --swa-full all 32768.
    RuntimeOptions o;
    const ModelSpec& m = test::model("gemma-3-12b");
    EXPECT_EQ(memory_at(m, 0, 32768, o).kv.total(), (8u * 32768 + 40u * 1536) * 8192);
    o.kv.swa_full = true;
    EXPECT_EQ(memory_at(m, 0, 32768, o).kv.total(), uint64_t{48} * 32768 * 8192);
}

TEST(LlamaCppBuffers, MixtralGgufGivesTheExpertWidthAsFeedForwardLength) {
    // A Mixtral GGUF has feed_forward_length 14336 and no expert_feed_forward_length (src/models/llama.cpp reads
    // the experts' width from the former). llama.cpp v0.5.0 logged 232.01 MiB at 32768 cells, ubatch 512:
    // 512 x (3 x 2 x 14336 + 4 x 4096) x 4 B = 200 MiB + the f16 mask 32768 x 512 x 2 B = 32 MiB.
    ModelSpec m = test::model("mixtral-8x7b");
    m.n_ff = 14336;
    m.n_ff_exp = 0;
    const MemoryBreakdown b = memory_at(m, 0, 32768, RuntimeOptions{});
    EXPECT_NEAR(static_cast<double>(b.compute_bytes) / MiB, 232.01, 232.01 * 0.02);
}

TEST(Catalog, EveryRecordCarriesWhatTheBuffersNeed) {
    // The logits phase needs n_vocab; the FFN phase a dense width or the experts' width (memory.cpp). A record
    // without them gets a compute buffer near zero (Granite 4.0 H-Micro had neither).
    for (const ModelSpec& m : test::assets().catalog.models()) {
        EXPECT_GT(m.n_vocab, 1000u) << m.id;
        EXPECT_GT(m.n_embd, 0u) << m.id;
        EXPECT_TRUE(m.n_ff > 0 || (m.n_ff_exp > 0 && m.moe.n_expert_used > 0)) << m.id << ": no FFN width";
        if (m.is_mla) EXPECT_GT(m.mla.qk_nope_head_dim, 0u) << m.id;
    }
}

TEST(Vllm, Case43KvBudgetWithinTwoPercent) {
    // vLLM V0, RTX 3090 (23.58 GiB), utilization 0.9, max_model_len = batched tokens 29000: the engine logged weights
    // 14.9888 GiB, KV 2.89 GiB = 1478 blocks x 16 = 23648 tokens. The activation peak here is our estimate.
    RuntimeOptions o;
    o.kv.runtime = Runtime::vllm;
    o.max_num_batched_tokens = 29000;
    o.cuda_graph_bytes = 0;  // V0 did not subtract CUDA graphs
    const ModelSpec& m = test::model("llama-3.1-8b");
    const uint64_t ram = static_cast<uint64_t>(23.58 * (1 << 30));
    const uint64_t weights = static_cast<uint64_t>(14.9888 * (1 << 30));
    const MemoryBreakdown b = memory_at(m, weights, 0, o);
    const double kv_budget = static_cast<double>(usable_bytes(ram, 0, o)) - static_cast<double>(b.total());
    const double tokens = std::floor(kv_budget / (16.0 * 131072)) * 16;
    EXPECT_NEAR(tokens, 23648, 23648 * 0.02);
}

TEST(Usable, ReserveAndUtilization) {
    RuntimeOptions o;
    EXPECT_EQ(usable_bytes(100, 30, o), 70u);
    EXPECT_EQ(usable_bytes(100, 100, o), 0u);
    EXPECT_EQ(usable_bytes(100, 200, o), 0u);
    o.kv.runtime = Runtime::vllm;
    EXPECT_EQ(usable_bytes(1000, 0, o), 900u);
    EXPECT_EQ(ram_for_usable(900, 0, o), 1000u);
}

class WeightsVsLog : public testing::TestWithParam<WeightsCase> {};

TEST_P(WeightsVsLog, WithinTheRowsTolerance) {
    const WeightsCase& row = GetParam();
    const WeightFormat& f = **test::assets().formats.lookup(row.format);
    const double gib = static_cast<double>(weights_bytes(test::model(row.model.c_str()), f)) / (1 << 30);
    EXPECT_NEAR(gib, row.engine_gib, row.engine_gib * row.tolerance);
}

INSTANTIATE_TEST_SUITE_P(EngineFigures, WeightsVsLog, testing::ValuesIn(weights_cases()),
                         [](const testing::TestParamInfo<WeightsCase>& info) { return info.param.name; });

}  // namespace
}  // namespace contextfit
