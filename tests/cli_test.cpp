// The CLI end to end: runs the built `contextfit` and checks its JSON contract, exit codes and messages.
#include <cstdio>
#include <fstream>
#include <string>
#include <unistd.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "gguf_writer.h"

namespace {

struct CliRun {
    int status = -1;
    std::string out;
};

CliRun run(const std::string& args) {
    CliRun r;
    const std::string cmd = std::string(CONTEXTFIT_CLI) + " " + args + " 2>/dev/null";
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) return r;
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
    const int raw = pclose(p);
    r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    return r;
}

nlohmann::json parse(const std::string& text) { return nlohmann::json::parse(text, nullptr, false); }

TEST(Cli, FitJsonContract) {
    const CliRun r = run("fit --ram 1000GiB --model llama-3.1-70b --weights q4_k_m --json");
    ASSERT_EQ(r.status, 0) << r.out;
    const nlohmann::json j = parse(r.out);
    ASSERT_FALSE(j.is_discarded()) << r.out;
    for (const char* key : {"ram_bytes", "weights_bytes", "overhead_bytes", "kv_bytes_per_token", "tokens_memory_limit",
                            "tokens_model_limit", "tokens", "limited_by", "kv_bytes", "text"})
        EXPECT_TRUE(j.contains(key)) << key;
    for (const char* key : {"language", "chars", "bytes", "megabytes", "words", "pages", "page_convention"})
        EXPECT_TRUE(j["text"].contains(key)) << key;
    EXPECT_EQ(j["ram_bytes"], 1073741824000ull);
    EXPECT_EQ(j["limited_by"], "model");
    EXPECT_EQ(j["tokens"], 131072);
    EXPECT_EQ(j["kv_bytes_per_token"], 327680);
    EXPECT_EQ(j["kv_bytes"], 131072ull * 327680);  // 40 GiB: 80 layers x 8 x 128 x 2 x 2 B per token
    EXPECT_EQ(j["text"]["page_convention"], "standard");
}

TEST(Cli, KvJsonTheoryIsExact) {
    const CliRun r = run("kv --model llama-3.1-8b --ctx 131072 --json");
    ASSERT_EQ(r.status, 0);
    const nlohmann::json j = parse(r.out);
    EXPECT_EQ(j["kv_bytes"], 17179869184ull);  // 16 GiB
    EXPECT_EQ(j["k_bytes"], 8589934592ull);
    EXPECT_EQ(j["v_bytes"], 8589934592ull);
    EXPECT_EQ(j["state_bytes"], 0);
}

TEST(Cli, ModelsListsTheCatalog) {
    const CliRun r = run("models --json");
    ASSERT_EQ(r.status, 0);
    EXPECT_EQ(parse(r.out).size(), 71u);
}

TEST(Cli, RussianHumanOutput) {
    const CliRun r = run("fit --ram 1000GB --model llama-3.1-70b --lang ru");
    ASSERT_EQ(r.status, 0);
    EXPECT_NE(r.out.find("Итог"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("1000 ГиБ"), std::string::npos) << r.out;  // the GB-vs-GiB hint
}

struct ErrorRow {
    const char* name;
    const char* args;
    int status;
    const char* message_part;
};

class CliErrors : public testing::TestWithParam<ErrorRow> {};

TEST_P(CliErrors, JsonErrorObject) {
    const CliRun r = run(std::string(GetParam().args) + " --json");
    EXPECT_EQ(r.status, GetParam().status) << r.out;
    const nlohmann::json j = parse(r.out);
    ASSERT_TRUE(j.is_object()) << r.out;
    ASSERT_TRUE(j.contains("error")) << r.out;
    EXPECT_NE(j["error"].get<std::string>().find(GetParam().message_part), std::string::npos) << j["error"];
}

INSTANTIATE_TEST_SUITE_P(
    Bad, CliErrors,
    testing::Values(ErrorRow{"unknown_model", "fit --ram 64GiB --model qwen3-8", 1, "did you mean qwen3-8b"},
                    ErrorRow{"bad_unit", "fit --ram '16 GX' --model qwen3-8b", 1, "unknown unit"},
                    ErrorRow{"negative_ram", "fit --ram -5GB --model qwen3-8b", 1, "negative"},
                    ErrorRow{"bad_ctx", "kv --model qwen3-8b --ctx 1e9", 1, "not a whole number"},
                    ErrorRow{"missing_ram", "fit --model qwen3-8b", 2, "ram"},
                    ErrorRow{"bad_weights", "fit --ram 64GiB --model qwen3-8b --weights q9", 1, "accepted"}),
    [](const testing::TestParamInfo<ErrorRow>& info) { return std::string(info.param.name); });

TEST(Cli, WeightsDoNotFitExitsThree) {
    const CliRun r = run("fit --ram 16GiB --model deepseek-v3 --json");
    EXPECT_EQ(r.status, 3);
    EXPECT_EQ(parse(r.out)["limited_by"], "weights_do_not_fit");
}

TEST(Cli, FitJsonSaysWhichFormatsWouldFit) {
    // Llama 3.1 70B in 32 GiB, theory (weights + KV): 32 GiB - 2 GiB reserve = 32,212,254,720 B; Q2_K weights
    // 70,553,706,496 params x 3.35 / 8 = 29,544,364,595 B leave room for (32,212,254,720 - 29,544,364,595) /
    // 327,680 B per token (80 layers x 2 x 1024 x 2 B) = 8,141 tokens; Q3_K_M (3.91 bits, 34.5 GB) and every
    // wider format do not fit. RAM for Q4_K_M (42,684,992,430 B) at 4,096 tokens: + 1,342,177,280 + 2 GiB.
    const CliRun r = run("fit --ram 32GiB --model llama-3.1-70b --runtime theory --json");
    EXPECT_EQ(r.status, 3);
    const auto j = parse(r.out);
    ASSERT_EQ(j["formats_that_fit"].size(), 1u);
    EXPECT_EQ(j["formats_that_fit"][0]["format"], "q2_k");
    EXPECT_EQ(j["formats_that_fit"][0]["tokens"], 8141);
    EXPECT_GT(j["formats_that_fit"][0]["pages"].get<double>(), 0.0);
    EXPECT_NEAR(j["ram_needed_4096"].get<double>(), 42684992430.0 + 1342177280.0 + 2147483648.0, 1.0);
    EXPECT_NEAR(j["ram_needed_full_context"].get<double>(), 42684992430.0 + 42949672960.0 + 2147483648.0, 1.0);
}

// ---- models from files: --config and --gguf wherever --model works, inspect for both ----

std::string config_path(const std::string& id) { return std::string(CONTEXTFIT_CONFIGS) + "/" + id + ".json"; }

// A temporary file that is removed with the test.
struct TempFile {
    std::string path;
    explicit TempFile(const std::string& bytes, const char* suffix) {
        char name[] = "/tmp/contextfit_cli_XXXXXX";
        const int fd = mkstemp(name);
        if (fd >= 0) close(fd);
        path = std::string(name) + suffix;
        std::rename(name, path.c_str());
        std::ofstream(path, std::ios::binary) << bytes;
    }
    ~TempFile() { std::remove(path.c_str()); }
};

struct ConfigRow {
    const char* name;
    const char* id;             // tests/data/configs/<id>.json and the catalog id of the same model
    uint64_t tokens;            // at 256 GiB: the context of max_position_embeddings (memory is not the limit)
    uint64_t kv_bytes_per_token;
};

class CliConfig : public testing::TestWithParam<ConfigRow> {};

// The config of a catalog model gives the catalog's figures: the same context limit and cache growth.
TEST_P(CliConfig, SameFiguresAsTheCatalogEntry) {
    const ConfigRow& row = GetParam();
    const CliRun file = run("fit --ram 256GiB --config " + config_path(row.id) + " --json");
    const CliRun catalog = run("fit --ram 256GiB --model " + std::string(row.id) + " --json");
    ASSERT_EQ(file.status, 0) << file.out;
    ASSERT_EQ(catalog.status, 0) << catalog.out;
    const nlohmann::json f = parse(file.out), c = parse(catalog.out);
    EXPECT_EQ(f["tokens"], row.tokens);
    EXPECT_EQ(f["kv_bytes_per_token"], row.kv_bytes_per_token);
    EXPECT_EQ(f["tokens"], c["tokens"]);
    EXPECT_EQ(f["kv_bytes_per_token"], c["kv_bytes_per_token"]);
    EXPECT_EQ(f["model"]["n_params"], c["model"]["n_params"]);
}

INSTANTIATE_TEST_SUITE_P(
    Configs, CliConfig,
    testing::Values(
        // 32 layers x (K + V) x 8 KV heads x 128 x 2 B = 131,072 B; max_position_embeddings 131072
        ConfigRow{"llama_3_1_8b", "llama-3.1-8b", 131072, 131072},
        // 32 layers x 2 x 8 KV heads x 128 x 2 B = 131,072 B; max_position_embeddings 32768
        ConfigRow{"mixtral_8x7b", "mixtral-8x7b", 32768, 131072},
        // 12 of 24 layers attend globally (the other 12 slide over 128 tokens): 12 x 2 x 8 x 64 x 2 B = 24,576 B
        ConfigRow{"gpt_oss_20b", "gpt-oss-20b", 131072, 24576}),
    [](const testing::TestParamInfo<ConfigRow>& info) { return std::string(info.param.name); });

TEST(CliConfigFile, KvMatchesTheCatalog) {
    // 131072 tokens x 131,072 B per token = 16 GiB, as `kv --model llama-3.1-8b` (README)
    const CliRun r = run("kv --config " + config_path("llama-3.1-8b") + " --ctx 131072 --json");
    ASSERT_EQ(r.status, 0) << r.out;
    EXPECT_EQ(parse(r.out)["kv_bytes"], 17179869184ull);
}

TEST(CliConfigFile, InspectReadsAConfigByContent) {
    const CliRun r = run("inspect " + config_path("llama-3.1-8b") + " --json");
    ASSERT_EQ(r.status, 0) << r.out;
    const nlohmann::json j = parse(r.out);
    EXPECT_EQ(j["kind"], "config.json");
    EXPECT_EQ(j["n_layer"], 32);
    EXPECT_EQ(j["n_head_kv"], 8);
    // By hand: embeddings 2 x 128256 x 4096 = 1,050,673,152 (untied); per layer q,o 2 x 4096^2 + k,v 2 x 4096 x 1024
    // + MLP 3 x 4096 x 14336 + 2 norms x 4096 = 218,112,000, x 32 = 6,979,584,000; final norm 4096: 8,030,261,248
    EXPECT_EQ(j["n_params"], 8030261248ull);
    EXPECT_TRUE(j["warnings"].is_array());
}

// A two-layer llama whose weights are counted by hand from the tensor table (ggml block sizes).
std::string tiny_gguf() {
    gguf_test::Writer w;
    w.string("general.architecture", "llama").u32("llama.block_count", 2).u32("llama.context_length", 4096)
        .u32("llama.embedding_length", 256).u32("llama.attention.head_count", 4).u32("llama.vocab_size", 1000);
    w.tensor("token_embd.weight", {256, 1000}, gguf_test::Q8_0);   // 256 / 32 x 34 B x 1000 = 272,000 B
    w.tensor("output.weight", {256, 1000}, gguf_test::F16);        // 256 x 1000 x 2 B = 512,000 B
    return w.bytes();
}

TEST(CliGguf, WeightsRowSaysTheTensorTable) {
    const TempFile f(tiny_gguf(), ".gguf");
    const CliRun j = run("fit --ram 8GiB --gguf " + f.path + " --json");
    ASSERT_EQ(j.status, 0) << j.out;
    EXPECT_EQ(parse(j.out)["weights_bytes"], 784000u);  // 272,000 + 512,000
    EXPECT_EQ(parse(j.out)["kv_bytes_per_token"], 2048u);  // 2 layers x (K + V) x 4 heads x 64 (256 / 4) x 2 B
    const CliRun table = run("fit --ram 8GiB --gguf " + f.path);
    EXPECT_NE(table.out.find("784,000 bytes: the GGUF tensor table"), std::string::npos) << table.out;
    EXPECT_EQ(table.out.find("bits per weight"), std::string::npos) << table.out;
    const CliRun catalog = run("fit --ram 64GiB --model llama-3.1-8b");
    EXPECT_NE(catalog.out.find("bits per weight"), std::string::npos) << catalog.out;
}

TEST(CliGguf, InspectTellsGgufFromJson) {
    const TempFile f(tiny_gguf(), ".bin");  // by content, not by name
    const CliRun r = run("inspect " + f.path + " --json");
    ASSERT_EQ(r.status, 0) << r.out;
    EXPECT_EQ(parse(r.out)["weights_bytes"], 784000u);
    EXPECT_EQ(parse(r.out)["n_layer"], 2);
}

struct FileErrorRow {
    const char* name;
    const char* bytes;
    const char* suffix;
    const char* command;        // the file's path is appended
    const char* message_part;
};

class CliFileErrors : public testing::TestWithParam<FileErrorRow> {};

TEST_P(CliFileErrors, PreciseMessage) {
    const FileErrorRow& row = GetParam();
    const TempFile f(row.bytes, row.suffix);
    const CliRun r = run(std::string(row.command) + " " + f.path + " --json");
    EXPECT_EQ(r.status, 1) << r.out;
    const nlohmann::json j = parse(r.out);
    ASSERT_TRUE(j.is_object() && j.contains("error")) << r.out;
    EXPECT_NE(j["error"].get<std::string>().find(row.message_part), std::string::npos) << j["error"];
}

INSTANTIATE_TEST_SUITE_P(
    Bad, CliFileErrors,
    testing::Values(
        FileErrorRow{"garbage_inspect", "garbage bytes", ".gguf", "inspect", "bad magic"},
        FileErrorRow{"garbage_config", "garbage bytes", ".json", "fit --ram 8GiB --config", "not valid JSON"},
        FileErrorRow{"config_without_layers", "{\"model_type\": \"llama\"}", ".json", "inspect", "num_hidden_layers"},
        FileErrorRow{"negative_dim", "{\"model_type\": \"llama\", \"num_hidden_layers\": -4}", ".json",
                     "fit --ram 8GiB --config", "num_hidden_layers"}),
    [](const testing::TestParamInfo<FileErrorRow>& info) { return std::string(info.param.name); });

TEST(CliFiles, OneModelSourceOnly) {
    const CliRun r = run("fit --ram 8GiB --model llama-3.1-8b --config " + config_path("llama-3.1-8b") + " --json");
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(parse(r.out)["error"].get<std::string>().find("not several"), std::string::npos) << r.out;
}

}  // namespace
