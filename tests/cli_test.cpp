// The CLI end to end: runs the built `contextfit` and checks its JSON contract, exit codes and messages.
#include <chrono>
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

// ---- need: a text's tokens, parts and memory; models --ram: every model's fit ----

// "80 MB of Russian text": 80,000,000 B / 1.78 B per character (assets/text.json, ru) = 44,943,820 characters; the
// generic tokenizer's 3.27 characters per token gives 13,744,287.5 -> 13,744,288 tokens. The longest trained
// context in the catalog is Llama 4 Scout's 10,000,000 (its model card): no model takes it; Scout in
// ceil(13,744,288 / 10,000,000) = 2 parts, a 1,048,576-token model in 14.
TEST(CliNeed, EightyMegabytesOfRussianFitNoModel) {
    const CliRun r = run("need --text 80MB --lang ru --all --json");
    ASSERT_EQ(r.status, 0) << r.out;
    const nlohmann::json j = parse(r.out);
    EXPECT_EQ(j["longest_context"], 10000000);
    EXPECT_EQ(j["longest_context_model"], "llama-4-scout");
    EXPECT_EQ(j["any_fits_context"], false);
    ASSERT_EQ(j["models"].size(), 71u);
    for (const nlohmann::json& m : j["models"]) {
        EXPECT_NEAR(m["chars"].get<double>(), 44943820, 1) << m["model"];
        EXPECT_FALSE(m["fits_context"].get<bool>()) << m["model"];
        if (m["model"] == "llama-4-scout") {
            EXPECT_EQ(m["tokens"], 13744288);
            EXPECT_EQ(m["parts"], 2);
            EXPECT_EQ(m["part_tokens"], 10000000);
        }
    }
    const CliRun table = run("need --text 80MB --lang ru --all");
    EXPECT_NE(table.out.find("Ни одна модель не берёт его целиком"), std::string::npos) << table.out;
}

// "32K tokens x 4 users on Qwen3 32B": KV = 4 seqs x 32,768 x 64 layers x 8 KV heads x 128 x (K + V) x 2 B (f16)
// = 34,359,738,368 B = 32 GiB (Qwen3-32B config.json: 64 layers, 8 KV heads, head_dim 128); the context (131,072)
// takes 32,768, and the RAM to have is the total plus the 2 GiB reserve.
TEST(CliNeed, ThirtyTwoThousandTokensForFourUsers) {
    const CliRun r = run("need --tokens 32768 --seqs 4 --model qwen3-32b --json");
    ASSERT_EQ(r.status, 0) << r.out;
    const nlohmann::json j = parse(r.out);
    EXPECT_EQ(j["tokens"], 32768);
    EXPECT_EQ(j["seqs"], 4);
    EXPECT_EQ(j["kv_bytes"], 34359738368ull);
    EXPECT_EQ(j["fits_context"], true);
    EXPECT_EQ(j["parts"], 1);
    EXPECT_EQ(j["reserve_bytes"], 2147483648ull);
    EXPECT_EQ(j["ram_bytes"].get<uint64_t>(), j["total_bytes"].get<uint64_t>() + 2147483648ull);
    EXPECT_EQ(j["total_bytes"].get<uint64_t>(),
              j["weights_bytes"].get<uint64_t>() + j["kv_bytes"].get<uint64_t>() + j["state_bytes"].get<uint64_t>() +
                  j["compute_bytes"].get<uint64_t>() + j["output_bytes"].get<uint64_t>() +
                  j["runtime_bytes"].get<uint64_t>());
}

// models --ram 1TB is fit --ram 1TB for each model, ranked: the same tokens, limit and pages.
TEST(CliModels, RamRowsAreFitsAnswers) {
    const CliRun r = run("models --ram 1TB --json");
    ASSERT_EQ(r.status, 0) << r.out;
    const nlohmann::json rows = parse(r.out);
    ASSERT_EQ(rows.size(), 71u);
    // Llama 4 Scout's 10 M-token context (its model card) is the longest, and 1 TB holds it at Q4_K_M.
    EXPECT_EQ(rows[0]["id"], "llama-4-scout");
    EXPECT_EQ(rows[0]["tokens"], 10000000);
    for (size_t i = 1; i < rows.size(); ++i)
        EXPECT_GE(rows[i - 1]["tokens"].get<uint64_t>(), rows[i]["tokens"].get<uint64_t>()) << rows[i]["id"];
    for (const char* id : {"llama-3.1-70b", "deepseek-v3", "qwen3-32b", "gemma-3-27b"}) {
        const nlohmann::json fit = parse(run(std::string("fit --ram 1TB --json --model ") + id).out);
        bool found = false;
        for (const nlohmann::json& row : rows) {
            if (row["id"] != id) continue;
            found = true;
            EXPECT_EQ(row["tokens"], fit["tokens"]) << id;
            EXPECT_EQ(row["limited_by"], fit["limited_by"]) << id;
            EXPECT_EQ(row["pages"], fit["text"]["pages"]) << id;
        }
        EXPECT_TRUE(found) << id;
    }
}

TEST(CliModels, SortsByParams) {
    const nlohmann::json rows = parse(run("models --ram 64GiB --sort params --json").out);
    ASSERT_EQ(rows.size(), 71u);
    for (size_t i = 1; i < rows.size(); ++i)
        EXPECT_GE(rows[i - 1]["n_params"].get<uint64_t>(), rows[i]["n_params"].get<uint64_t>()) << rows[i]["id"];
}

// Counted by hand: "Привет, мир! Это тест.\n" is 23 characters (7 + 1 + 4 + 1 + 3 + 1 + 5 + 1), 4 words, 1 line,
// Cyrillic letters only, so the language guessed is ru; Llama 3's 3.21 Russian characters per token
// (assets/text.json) give ceil(23 / 3.21) = 8 tokens.
TEST(CliNeedFile, Utf8) {
    const TempFile f("Привет, мир! Это тест.\n", ".txt");
    const nlohmann::json j = parse(run("need --file " + f.path + " --model llama-3.1-8b --json").out);
    EXPECT_EQ(j["file"]["encoding"], "UTF-8");
    EXPECT_EQ(j["file"]["chars"], 23);
    EXPECT_EQ(j["file"]["words"], 4);
    EXPECT_EQ(j["file"]["lines"], 1);
    EXPECT_EQ(j["file"]["language"], "ru");
    EXPECT_EQ(j["file"]["language_guessed"], true);
    EXPECT_EQ(j["tokens"], 8);
    const nlohmann::json named = parse(run("need --file " + f.path + " --model llama-3.1-8b --lang en --json").out);
    EXPECT_EQ(named["file"]["language"], "en");
    EXPECT_EQ(named["file"]["language_guessed"], false);
}

// FF FE then "Hello world, hello.\n" in UTF-16 LE: 2 + 20 x 2 = 42 bytes, 20 characters, 3 words, 20 UTF-8 bytes.
TEST(CliNeedFile, Utf16LittleEndianWithBom) {
    std::string bytes = "\xFF\xFE";
    for (char c : std::string("Hello world, hello.\n")) bytes += std::string{c, '\0'};
    const TempFile f(bytes, ".txt");
    const nlohmann::json j = parse(run("need --file " + f.path + " --model llama-3.1-8b --json").out);
    EXPECT_EQ(j["file"]["encoding"], "UTF-16 LE");
    EXPECT_EQ(j["file"]["file_bytes"], 42);
    EXPECT_EQ(j["file"]["utf8_bytes"], 20);
    EXPECT_EQ(j["file"]["chars"], 20);
    EXPECT_EQ(j["file"]["words"], 3);
    EXPECT_EQ(j["file"]["language"], "en");
}

struct NeedErrorRow {
    const char* name;
    const char* args;
    const char* message_part;
};

class CliNeedErrors : public testing::TestWithParam<NeedErrorRow> {};

TEST_P(CliNeedErrors, ExitOneWithAMessage) {
    const CliRun r = run(std::string(GetParam().args) + " --json");
    EXPECT_EQ(r.status, 1) << r.out;
    const nlohmann::json j = parse(r.out);
    ASSERT_TRUE(j.contains("error")) << r.out;
    EXPECT_NE(j["error"].get<std::string>().find(GetParam().message_part), std::string::npos) << j["error"];
}

INSTANTIATE_TEST_SUITE_P(
    Bad, CliNeedErrors,
    testing::Values(NeedErrorRow{"no_text", "need --model qwen3-8b", "one of --tokens, --text, --pages and --file"},
                    NeedErrorRow{"two_texts", "need --tokens 5 --pages 2 --model qwen3-8b", "one of --tokens"},
                    NeedErrorRow{"fraction_of_a_token", "need --tokens 1.5 --model qwen3-8b", "whole number"},
                    NeedErrorRow{"all_and_model", "need --tokens 5 --all --model qwen3-8b", "not both"},
                    NeedErrorRow{"bad_size", "need --text 80MX --all", "unknown unit"},
                    NeedErrorRow{"missing_file", "need --file /nonexistent/x.txt --all", "cannot open"},
                    NeedErrorRow{"directory", "need --file /tmp --all", "a directory"},
                    NeedErrorRow{"bad_sort", "models --ram 1TB --sort size", "accepted: tokens, pages, params"}),
    [](const testing::TestParamInfo<NeedErrorRow>& info) { return std::string(info.param.name); });

TEST(CliNeedFile, BinaryAndEmptyAreRefused) {
    const TempFile binary(std::string("\x7F" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0", 16), ".bin");
    EXPECT_NE(parse(run("need --file " + binary.path + " --all --json").out)["error"].get<std::string>().find("binary"),
              std::string::npos);
    const TempFile empty("", ".txt");
    EXPECT_NE(parse(run("need --file " + empty.path + " --all --json").out)["error"].get<std::string>().find("empty"),
              std::string::npos);
}

// A 2 GB sparse file is all NUL bytes: refused as binary after its first 1 MiB chunk, in about 0.1 s with the
// process start; counting all 2 GB byte by byte would take several seconds, so 2 s tells the two apart under load.
TEST(CliNeedFile, SparseTwoGigabytesRefusedAfterOneChunk) {
    const TempFile sparse("", ".bin");
    ASSERT_EQ(truncate(sparse.path.c_str(), 2000000000), 0);
    const auto start = std::chrono::steady_clock::now();
    const CliRun r = run("need --file " + sparse.path + " --model qwen3-8b --json");
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(parse(r.out)["error"].get<std::string>().find("NUL"), std::string::npos) << r.out;
    EXPECT_LT(seconds, 2.0);
}

}  // namespace
