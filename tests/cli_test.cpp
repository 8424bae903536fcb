// The CLI end to end: runs the built `contextfit` and checks its JSON contract, exit codes and messages.
#include <cstdio>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

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

}  // namespace
