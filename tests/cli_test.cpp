// The CLI end to end: runs the built `contextfit` and checks its JSON contract, exit codes and messages.
#include <chrono>
#include <cstdio>
#include <algorithm>
#include <cctype>
#include <fstream>
#include <set>
#include <sstream>
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

// The CLI in a neutral locale (its interface follows LC_ALL / LC_MESSAGES / LANG when no --ui or --lang says
// otherwise); `env` sets variables for one run, `stderr_too` keeps the error lines.
CliRun run(const std::string& args, const std::string& env = "LANG=C", bool stderr_too = false) {
    CliRun r;
    const std::string cmd = "env -u LC_ALL -u LC_MESSAGES -u LANG " + env + " " + std::string(CONTEXTFIT_CLI) + " " +
                            args + (stderr_too ? " 2>&1" : " 2>/dev/null");
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

// ---- one language rule (estimate.h pick_ui_language): --ui, else --lang, else the environment, else English ----

struct UiRow {
    const char* name;
    const char* args;
    const char* env;
    const char* expected_word;  // a word only that language's output has
};

// One command line in one environment: its output has the word only that language's output has.
void expect_language(const std::string& command, const UiRow& row) {
    const CliRun r = run(command + " " + row.args, row.env);
    ASSERT_EQ(r.status, 0) << r.out;
    EXPECT_NE(r.out.find(row.expected_word), std::string::npos) << r.out;
}

class CliLanguage : public testing::TestWithParam<UiRow> {};

TEST_P(CliLanguage, FollowsTheRule) { expect_language("fit --ram 64GiB --model qwen3-8b", GetParam()); }

INSTANTIATE_TEST_SUITE_P(
    Rule, CliLanguage,
    testing::Values(UiRow{"default_english", "", "LANG=C", "Verdict"},
                    UiRow{"lang_ru_switches", "--lang ru", "LANG=C", "Итог"},
                    UiRow{"ui_beats_lang", "--lang ru --ui en", "LANG=C", "Verdict"},
                    UiRow{"ui_ru_with_english_text", "--ui ru --lang en", "LANG=C", "Итог"},
                    UiRow{"environment_lang", "", "LANG=ru_RU.UTF-8", "Итог"},
                    UiRow{"lc_all_beats_lang", "", "LANG=en_US.UTF-8 LC_ALL=ru_RU.UTF-8", "Итог"},
                    UiRow{"lc_messages_beats_lang", "", "LANG=ru_RU.UTF-8 LC_MESSAGES=en_US.UTF-8", "Verdict"},
                    UiRow{"text_language_beats_environment", "--lang en", "LANG=ru_RU.UTF-8", "Verdict"},
                    UiRow{"text_language_without_interface_falls_to_environment", "--lang de", "LANG=ru_RU.UTF-8", "Итог"}),
    [](const testing::TestParamInfo<UiRow>& info) { return std::string(info.param.name); });

// need follows the same rule: --ui, else the text's language, else the environment. The title of its table is
// "What the text needs on …" in English and "Что нужно тексту на …" in Russian (assets/strings.json need_title).
class CliNeedLanguage : public testing::TestWithParam<UiRow> {};

TEST_P(CliNeedLanguage, FollowsTheRule) { expect_language("need --tokens 4096 --model qwen3-8b", GetParam()); }

INSTANTIATE_TEST_SUITE_P(
    Rule, CliNeedLanguage,
    testing::Values(UiRow{"default_english", "", "LANG=C", "What the text needs"},
                    UiRow{"russian_text_english_ui", "--lang ru --ui en", "LANG=C", "What the text needs"},
                    UiRow{"english_text_russian_ui", "--lang en --ui ru", "LANG=C", "Что нужно тексту"},
                    UiRow{"russian_text", "--lang ru", "LANG=C", "Что нужно тексту"},
                    UiRow{"environment_lang", "", "LANG=ru_RU.UTF-8", "Что нужно тексту"}),
    [](const testing::TestParamInfo<UiRow>& info) { return std::string(info.param.name); });

// ---- errors in the reader's language: the CLI's own and CLI11's usage errors (exit 2) ----

struct LocalErrorRow {
    const char* name;
    const char* args;
    const char* env;
    int status;
    const char* expected;  // the Russian (or English) wording of assets/strings.json, as printed on stderr
};

class CliErrorLanguage : public testing::TestWithParam<LocalErrorRow> {};

TEST_P(CliErrorLanguage, PhrasesTheErrorInTheInterfaceLanguage) {
    const CliRun r = run(GetParam().args, GetParam().env, true);
    EXPECT_EQ(r.status, GetParam().status) << r.out;
    EXPECT_NE(r.out.find(GetParam().expected), std::string::npos) << r.out;
}

INSTANTIATE_TEST_SUITE_P(
    Errors, CliErrorLanguage,
    testing::Values(
        LocalErrorRow{"wrong_flag_ru", "fit --frob --ui ru", "LANG=C", 2, "--frob: у этой команды нет такого параметра"},
        LocalErrorRow{"wrong_flag_en", "fit --frob", "LANG=C", 2, "--frob: not an option or argument of this command"},
        LocalErrorRow{"missing_value_ru", "fit --model qwen3-8b --lang ru --ram", "LANG=C", 2, "--ram: не указано значение"},
        LocalErrorRow{"missing_value_en", "fit --model qwen3-8b --ram", "LANG=C", 2, "--ram needs a value"},
        LocalErrorRow{"no_command_environment_ru", "", "LANG=ru_RU.UTF-8", 2, "укажите команду"},
        LocalErrorRow{"cannot_open_gguf_ru", "fit --ram 64GiB --gguf /nonexistent/m.gguf --ui ru", "LANG=C", 1,
                      "/nonexistent/m.gguf: такого файла нет"},
        LocalErrorRow{"cannot_open_config_en", "kv --ctx 4096 --config /nonexistent/config.json", "LANG=C", 1,
                      "/nonexistent/config.json: no such file"},
        LocalErrorRow{"need_missing_file_ru", "need --file /nonexistent/x.txt --all --lang ru", "LANG=C", 1,
                      "/nonexistent/x.txt: такого файла нет"},
        LocalErrorRow{"need_no_text_ru", "need --model qwen3-8b --ui ru", "LANG=C", 1, "укажите что-то одно"},
        LocalErrorRow{"need_bad_size_ru", "need --text 80MX --all --lang ru", "LANG=C", 1,
                      "--text: \"80MX\": неизвестная единица «mx»"},
        LocalErrorRow{"need_fraction_environment_ru", "need --tokens 1.5 --model qwen3-8b", "LANG=ru_RU.UTF-8", 1,
                      "--tokens: «1.5» — не целое положительное число токенов"},
        LocalErrorRow{"need_all_and_model_ru", "need --tokens 5 --all --model qwen3-8b --ui ru", "LANG=C", 1,
                      "укажите либо --all"}),
    [](const testing::TestParamInfo<LocalErrorRow>& info) { return std::string(info.param.name); });

// ---- memory as people type it: a bare number is GiB, a decimal comma is a decimal mark ----

TEST(CliSizes, BareNumberIsGibAndSaysSo) {
    // 16 GiB = 17,179,869,184 bytes; the same rule as the link's ram=16.
    const CliRun json = run("fit --ram 16 --model qwen3-8b --json");
    ASSERT_EQ(json.status, 0) << json.out;
    EXPECT_EQ(parse(json.out)["ram_bytes"], 17179869184ull);
    const CliRun ru = run("fit --ram 16 --model qwen3-8b --ui ru");
    EXPECT_NE(ru.out.find("16 понято как 16 GiB"), std::string::npos) << ru.out;
    const CliRun en = run("fit --ram 16 --model qwen3-8b");
    EXPECT_NE(en.out.find("16 is read as 16 GiB"), std::string::npos) << en.out;
    const CliRun unit = run("fit --ram 16GiB --model qwen3-8b");
    EXPECT_EQ(unit.out.find("is read as"), std::string::npos) << unit.out;
}

TEST(CliSizes, DecimalComma) {
    // 1,5 TiB = 1.5 x 2^40 = 1,649,267,441,664 bytes; the reserve 1,5 GiB = 1,610,612,736.
    const CliRun r = run("fit --ram 1,5TiB --reserve 1,5GiB --model qwen3-8b --json");
    ASSERT_EQ(r.status, 0) << r.out;
    EXPECT_EQ(parse(r.out)["ram_bytes"], 1649267441664ull);
    EXPECT_EQ(parse(r.out)["reserve_bytes"], 1610612736ull);
    const CliRun ambiguous = run("fit --ram 1,500GB --model qwen3-8b --json");
    EXPECT_EQ(ambiguous.status, 1);
    EXPECT_NE(parse(ambiguous.out)["error"].get<std::string>().find("\"1.500GB\" or \"1500GB\""), std::string::npos)
        << ambiguous.out;
}

// Every number option takes the decimal comma (issue #13): the answer with "0,85" is the answer with "0.85".
class CliDecimalComma : public testing::TestWithParam<std::pair<const char*, const char*>> {};

TEST_P(CliDecimalComma, ReadsAsThePoint) {
    const CliRun comma = run(std::string(GetParam().first) + " --json");
    const CliRun point = run(std::string(GetParam().second) + " --json");
    ASSERT_EQ(point.status, 0) << point.out;
    EXPECT_EQ(comma.status, 0) << comma.out;
    EXPECT_EQ(comma.out, point.out);
}

INSTANTIATE_TEST_SUITE_P(
    Options, CliDecimalComma,
    testing::Values(
        std::pair{"fit --model llama-3.1-8b --runtime vllm --hardware h100-sxm --gpu-memory-utilization 0,85",
                  "fit --model llama-3.1-8b --runtime vllm --hardware h100-sxm --gpu-memory-utilization 0.85"},
        std::pair{"time --model llama-3.1-8b --hardware epyc-9654 --ram 64GiB --bandwidth 102,4GB/s",
                  "time --model llama-3.1-8b --hardware epyc-9654 --ram 64GiB --bandwidth 102.4GB/s"},
        std::pair{"fit --model llama-3.1-8b --ram 16GiB --weights 4,14bpw",
                  "fit --model llama-3.1-8b --ram 16GiB --weights 4.14bpw"},
        std::pair{"need --pages 1,5 --model llama-3.1-8b", "need --pages 1.5 --model llama-3.1-8b"},
        std::pair{"time --model llama-3.1-8b --device-kind gpu --device-memory 23,5GiB --device-bandwidth 1008GB/s "
                  "--device-tflops 82,6",
                  "time --model llama-3.1-8b --device-kind gpu --device-memory 23.5GiB --device-bandwidth 1008GB/s "
                  "--device-tflops 82.6"},
        std::pair{"time --model llama-3.1-8b --hardware custom-gpu:23,5GiB:1008GB/s:82,6TFLOPS",
                  "time --model llama-3.1-8b --hardware custom-gpu:23.5GiB:1008GB/s:82.6TFLOPS"}));

// ---- a Russian screen has no English word ----

// Latin words a Russian screen may show: ids, units, names of programs and formats, formula symbols. Anything
// else in Latin letters is an untranslated word.
std::string trimmed(std::string word) {
    while (!word.empty() && std::string(".,:;)(»«'\"?`").find(word.back()) != std::string::npos) word.pop_back();
    while (!word.empty() && std::string("(«'\"`").find(word.front()) != std::string::npos) word.erase(0, 1);
    return word;
}

bool allowed_latin(std::string word, const std::set<std::string>& names) {
    word = trimmed(word);
    if (names.count(word)) return true;
    size_t digits = 0;  // "1000GB", "16GiB": a number and its unit
    while (digits < word.size() && (std::isdigit(static_cast<unsigned char>(word[digits])) || word[digits] == '.' ||
                                    word[digits] == ',' || word[digits] == '^'))
        ++digits;
    const std::string rest = word.substr(digits);
    if (rest.find_first_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") == std::string::npos) return true;
    if (rest.rfind("--", 0) == 0) return true;                                    // a flag
    if (rest.find_first_of("_/") != std::string::npos) return true;               // n_head_kv, q4_k_m, docs/accuracy.md
    if (rest.find('(') != std::string::npos) return true;                         // max(1, min(depth: a formula
    const bool id_chars = std::all_of(rest.begin(), rest.end(), [](char c) {
        return std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '.' ||
               c == ':';
    });
    if (id_chars && rest.find('-') != std::string::npos && rest.find_first_of("0123456789") != std::string::npos)
        return true;                                                              // an id: epyc-9654-2s, rtx-4090:2
    static const std::set<std::string> fixed = {
        "B", "KB", "MB", "GB", "TB", "PB", "KiB", "MiB", "GiB", "TiB", "PiB", "K", "M", "G", "T", "P", "V", "x",
        "min", "ceil", "KV", "MLA", "SWA", "GQA", "MHA", "MQA", "gqa", "mha", "mqa", "mla", "hybrid", "GGUF", "JSON", "CPU",
        "CUDA", "UTF-8", "llama.cpp", "vLLM", "vllm", "theory", "ContextFit", "contextfit", "models", "id", "config.json",
        "en", "ru", "de", "fr", "es", "zh", "code", "standard", "manuscript", "single", "book", "author-sheet",
        "tokens", "pages", "params",  // --sort's values
        "fit", "need", "time", "kv", "inspect",  // the commands a message names
        "qwen", "gemma", "tekken", "o200k", "cl100k", "generic",  // tokenizer ids (assets/text.json)
        "int8", "VNNI", "VPDPBUSD",  // the instruction a CPU's int8 dot products use (speed trace)
        "RoPE", "llama", "deepseek2",  // ... and GGUF architecture ids
        // the speed's symbols (docs/speed.md) and units, and the names its notes cite
        "GPU", "TP", "PP", "TFLOPS", "FLOPs", "ngl", "ubatch", "max", "a", "b", "N", "llama-bench", "LLaMA-3.1-8B",
        "Ryzen", "7950X", "pp512",
        // the hardware specs' syntax and kinds (core/hardware.h) and the link's key for the RAM
        "custom-KIND:MEMORY:BANDWIDTH:COMPUTE[:COUNT]", "MEMORY", "ID[:COUNT]", "cpu", "gpu", "unified", "custom-cpu",
        "custom-gpu", "custom-unified", "ram="};
    return fixed.count(rest) > 0 || fixed.count(word) > 0 || names.count(rest) > 0;
}

std::string ascii_lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// Every word of the catalog's ids, display names, weight format ids and labels and KV types: names, not English.
std::set<std::string> catalog_names() {
    std::set<std::string> names;
    const auto add_words = [&](const std::string& text) {
        std::istringstream words(text);
        for (std::string w; words >> w;) names.insert(trimmed(w));
    };
    for (const nlohmann::json& m : parse(run("models --json").out)) {
        add_words(m["id"].get<std::string>());
        add_words(m["display_name"].get<std::string>());
        add_words(m["family"].get<std::string>());
    }
    for (const char* w : {"f32", "f16", "bf16", "fp8", "q8_0", "q6_k", "q5_k_m", "q5_0", "q4_k_m", "q4_0", "iq4_xs",
                          "q3_k_m", "q2_k", "mxfp4", "int4", "F32", "F16", "BF16", "FP8", "E4M3", "Q8_0", "Q6_K",
                          "Q5_K_M", "Q5_0", "Q4_K_M", "Q4_0", "IQ4_XS", "Q3_K_M", "Q2_K", "MXFP4", "INT4", "q5_1",
                          "q4_1", "iq4_nl", "auto", "AWQ", "GPTQ"})
        names.insert(w);
    return names;
}

// The words of the devices' names an answer on hardware shows (assets/hardware.json names: "AMD EPYC 9654 (Zen 4,
// 1 socket)"), from its --json placement; none for other commands.
std::set<std::string> device_names(const std::string& args) {
    std::set<std::string> names;
    if (args.find("--hardware") == std::string::npos) return names;
    const nlohmann::json j = parse(run(args + " --json").out);
    if (!j.is_object() || !j.contains("placement")) return names;
    for (const nlohmann::json& d : j["placement"]["devices"]) {
        names.insert(d["id"].get<std::string>());
        std::istringstream words(d["name"].get<std::string>());
        for (std::string w; words >> w;) names.insert(trimmed(w));
    }
    return names;
}

// The Latin words of `contextfit ARGS --ui ru` (stdout and stderr) that are not allowed.
std::vector<std::string> english_words(const std::string& args) {
    static const std::set<std::string> catalog = catalog_names();
    std::set<std::string> names = catalog;  // and what the reader typed, which messages quote back
    names.merge(device_names(args));
    std::istringstream typed(args);
    for (std::string w; typed >> w;) {
        names.insert(w);
        const std::string unit = ascii_lower(w.substr(std::min(w.find_first_not_of("-+0123456789.,"), w.size())));
        names.insert(unit);  // "16GX" is quoted back as the unit 'gx'
    }
    const CliRun r = run(args + " --ui ru", "LANG=C", true);
    std::vector<std::string> english;
    if (r.out.empty()) english.push_back("(no output)");
    std::istringstream words(r.out);
    for (std::string w; words >> w;) {
        // Split at Cyrillic and other non-ASCII bytes: "KV-кэш" holds the Latin word "KV".
        std::string latin;
        for (size_t i = 0; i <= w.size(); ++i) {
            const bool ascii = i < w.size() && static_cast<unsigned char>(w[i]) < 0x80;
            if (ascii) latin += w[i];
            if (!ascii || i == w.size()) {
                while (!latin.empty() && latin.back() == '-') latin.pop_back();
                if (!latin.empty() && !allowed_latin(latin, names)) english.push_back(latin);
                latin.clear();
            }
        }
    }
    return english;
}

class RussianScreen : public testing::TestWithParam<const char*> {};

TEST_P(RussianScreen, ShowsNoEnglishWord) {
    const std::vector<std::string> english = english_words(GetParam());
    EXPECT_TRUE(english.empty()) << testing::PrintToString(english);
}

INSTANTIATE_TEST_SUITE_P(
    Cli, RussianScreen,
    testing::Values("fit --ram 1000GB --model llama-3.1-70b", "fit --ram 16 --model qwen3-8b",
                    "fit --ram 1,5TiB --model deepseek-v3 --runtime vllm", "fit --ram 64GiB --model gemma-3-27b --runtime theory",
                    "fit --ram 48GiB --model gemma-3-27b --seqs 4 --lang en", "fit --ram 16GiB --model deepseek-v3",
                    "fit --ram 128GiB --model gpt-oss-120b --weights mxfp4", "kv --model llama-3.1-8b --ctx 131072",
                    "kv --model deepseek-v3 --ctx 4096 --runtime llama.cpp", "models",
                    "fit --ram 0 --model qwen3-8b", "fit --ram 1,500GB --model qwen3-8b", "fit --ram 16GX --model qwen3-8b",
                    "fit --ram -5GB --model qwen3-8b", "fit --ram 1e12 --model qwen3-8b", "fit --ram 2PiB --model qwen3-8b",
                    "fit --ram 99999999 --model qwen3-8b", "fit --ram 1,000,000 --model qwen3-8b",
                    "fit --ram 16GiB --model xx-model", "fit --ram 16GiB --model qwen3-8b --weights q9",
                    "fit --ram 16GiB --model qwen3-8b --kv-type zz", "fit --ram 16GiB --model qwen3-8b --runtime ollama",
                    "fit --ram 16GiB --model qwen3-8b --lang jp", "fit --ram 16GiB --model qwen3-8b --page zz",
                    "fit --ram 16GiB --model qwen3-8b --seqs 0", "fit --ram 16GiB --model qwen3-8b --ubatch 0",
                    "fit --ram 16GiB", "kv --model qwen3-8b --ctx abc",
                    // on hardware: a GPU + RAM split, a vLLM cluster, unified memory, a CPU alone, a custom device
                    "time --model llama-3.1-70b --hardware rtx-4090 --hardware epyc-9654 --ram 128GiB --tokens 8192",
                    "time --model llama-3.1-70b --hardware rtx-4090:2 --n-gpu-layers 40 --tensor-split 3,1 --tokens 8192",
                    "time --model deepseek-v3 --weights 4.14bpw --kv-type q8_0 --hardware xeon-6980p --tokens 1000000",
                    "time --model qwen3-30b-a3b --hardware rtx-4090 --hardware epyc-9654 --n-cpu-moe 10 --tokens 4096",
                    "time --model llama-3.1-70b --runtime vllm --hardware h100-sxm:8 --nodes 2 --tokens 8192",
                    "time --model deepseek-v3 --runtime vllm --weights fp8 --kv-type fp8 --hardware h200-sxm:8 --tokens 4096",
                    "time --model llama-3.1-70b --hardware apple-m2-ultra --tokens 8192",
                    "time --model llama-3.1-8b --hardware custom-gpu:24GiB:1008GB/s:82.6TFLOPS --hardware epyc-9654",
                    "fit --model llama-3.1-70b --hardware rtx-4090 --hardware epyc-9654 --ram 128GiB",
                    "fit --model llama-3.1-70b --runtime vllm --hardware h100-sxm:8 --nodes 2",
                    "fit --model llama-3.1-70b --hardware apple-m2-ultra",
                    "fit --model deepseek-v3 --weights 4.14bpw --hardware xeon-6980p --ram 1000GiB",
                    // their messages
                    "time --model llama-3.1-70b --hardware rtx-4090", "time --model llama-3.1-8b --hardware epyc-9654 "
                    "--hardware xeon-6980p", "time --model llama-3.1-8b --runtime vllm --hardware h100-sxm --hardware "
                    "a100-80g-sxm", "time --model llama-3.1-8b --runtime vllm --hardware h100-sxm:2 --nodes 2000",
                    "time --model llama-3.1-8b --hardware rtx-4090:2 --tensor-split 1,2,3",
                    "time --model llama-3.1-8b --hardware custom-gpu:24GiB:1008GB/h:82TFLOPS",
                    "time --model llama-3.1-8b --hardware custom-gpu:1008GB/s:82TFLOPS",
                    "time --model llama-3.1-8b --hardware custom-tpu:24GiB:1008GB/s:82TFLOPS",
                    "time --model llama-3.1-8b --hardware custom-cpu:64GiB:460GB/s:10TFLOPS",
                    "fit --model llama-3.1-8b --hardware custom-gpu:24GiB:1008GB/h:82TFLOPS",
                    "time --model llama-3.1-8b", "time --model llama-3.1-8b --hardware rtx-409",
                    "time --model llama-3.1-8b --hardware rtx-4090:0", "time --model llama-3.1-8b --hardware epyc-9654 "
                    "--bandwidth 100GB/h", "time --model llama-3.1-8b --hardware epyc-9654 --bandwidth 0GB/s",
                    "time --model llama-3.1-8b --hardware rtx-4090:2 --tensor-split 3,x",
                    // errors that were English before: bits per weight, sort key, a wrapped size, the context cap,
                    // a dense model given an MoE flag, a too-long spec, GPU utilisation
                    "fit --ram 16GiB --model qwen3-8b --weights 99bpw", "models --ram 1TB --sort foo",
                    "time --model llama-3.1-8b --hardware rtx-4090 --ram 5XB", "kv --model llama-3.1-8b --ctx 99999999999999",
                    "fit --ram 16GiB --model llama-3.1-8b --hardware rtx-4090 --n-cpu-moe 5",
                    "time --model llama-3.1-8b --hardware custom-gpu:24GiB:1008GB/s:82TFLOPS:1:1:1:1:1:1:1:1:1:1:1:1:1:1:1:1",
                    "fit --model llama-3.1-8b --runtime vllm --hardware h100-sxm --gpu-memory-utilization 2",
                    // the other direction, the whole catalog, and a CPU without VNNI (its trace names the factor)
                    "need --text 80MB --lang ru --all", "need --tokens 32768 --seqs 4 --model qwen3-32b",
                    "models --ram 1TB", "time --model qwen3-30b-a3b --hardware xeon-gold-6138-2s --tokens 4096",
                    "time --model llama-3.1-8b --device-kind tpu --device-bandwidth 100GB/s --device-tflops 5",
                    "time --model llama-3.1-8b --device-kind gpu", "time --model llama-3.1-8b --device-kind gpu "
                    "--device-bandwidth 900GB/s --device-tflops 80", "time --model llama-3.1-8b --hardware epyc-9654 "
                    "--cpu-moe", "fit --model llama-3.1-8b --hardware epyc-9654", "time --model llama-3.1-8b "
                    "--runtime vllm --hardware h100-sxm --gpu-memory-utilization 2"),
    [](const testing::TestParamInfo<const char*>& info) { return "case_" + std::to_string(info.index); });

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

// inspect in Russian: labels and counted nouns; the file's path and its own names are ids.
TEST(RussianInspect, ShowsNoEnglishWord) {
    const std::vector<std::string> english = english_words("inspect " + config_path("llama-3.1-8b"));
    EXPECT_TRUE(english.empty()) << testing::PrintToString(english);
}

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

// The reader's assumptions are phrased in the interface language (strings.json config_note_*): Phi-3's config has a
// sliding_window that neither llama.cpp nor vLLM applies.
TEST(CliConfigFile, ReaderNotesFollowTheInterfaceLanguage) {
    const CliRun ru = run("inspect " + config_path("phi-3-mini-4k") + " --ui ru");
    ASSERT_EQ(ru.status, 0) << ru.out;
    EXPECT_NE(ru.out.find("sliding_window не учтено: окно Phi-3 не применяют ни llama.cpp, ни vLLM"), std::string::npos)
        << ru.out;
    const nlohmann::json en = parse(run("inspect " + config_path("phi-3-mini-4k") + " --json").out);
    ASSERT_EQ(en["warnings"].size(), 1u) << en;
    EXPECT_EQ(en["warnings"][0], "sliding_window ignored: Phi-3's window is not applied by llama.cpp or vLLM (as in the catalog)");
    const CliRun fit = run("fit --ram 64GiB --config " + config_path("phi-3-mini-4k") + " --lang ru");
    EXPECT_NE(fit.out.find("окно Phi-3 не применяют"), std::string::npos) << fit.out;
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

// A broken model file with --ui ru: the reader's error phrased through strings.json, after the path it names.
struct RussianFileRow {
    const char* name;
    std::string bytes;
    const char* suffix;
    const char* command;  // the file's path is appended
    const char* russian;  // after "<path>: ", written from the key's "ru" template in assets/strings.json
};

void PrintTo(const RussianFileRow& r, std::ostream* os) { *os << r.name; }

class CliRussianFileErrors : public testing::TestWithParam<RussianFileRow> {};

TEST_P(CliRussianFileErrors, SayItInRussian) {
    const RussianFileRow& row = GetParam();
    const TempFile f(row.bytes, row.suffix);
    const std::string args = std::string(row.command) + " " + f.path;
    const CliRun r = run(args + " --ui ru", "LANG=C", true);
    EXPECT_EQ(r.status, 1) << r.out;
    EXPECT_NE(r.out.find(f.path + ": " + row.russian), std::string::npos) << r.out;
    const std::vector<std::string> english = english_words(args);
    EXPECT_TRUE(english.empty()) << testing::PrintToString(english);
}

gguf_test::Writer gguf_version(uint32_t version) {
    gguf_test::Writer w;
    w.version = version;
    return w;
}

INSTANTIATE_TEST_SUITE_P(
    Ru, CliRussianFileErrors,
    testing::Values(
        RussianFileRow{"inspect_gguf_version_4", gguf_version(4).bytes(), ".gguf", "inspect",
                       "версия GGUF 4 не поддерживается (допустимы: 2, 3) (смещение 4)"},
        RussianFileRow{"fit_gguf_bad_magic", "1234 garbage bytes", ".gguf", "fit --ram 8GiB --gguf",
                       "неверная сигнатура '1234': файл GGUF начинается с 'GGUF' (смещение 0)"},
        RussianFileRow{"inspect_config_not_object", "{\"a\": [1, 2]", ".json", "inspect",
                       "config.json: это не JSON (ошибка на байте 13)"},
        RussianFileRow{"fit_config_negative_layers", "{\"model_type\": \"llama\", \"num_hidden_layers\": -4}", ".json",
                       "fit --ram 8GiB --config",
                       "config.json: поле 'num_hidden_layers' = -4, а должно быть целым числом от 1 до 1\u00a0024"}),
    [](const testing::TestParamInfo<RussianFileRow>& info) { return std::string(info.param.name); });

TEST(CliFiles, OneModelSourceOnly) {
    const CliRun r = run("fit --ram 8GiB --model llama-3.1-8b --config " + config_path("llama-3.1-8b") + " --json");
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(parse(r.out)["error"].get<std::string>().find("not several"), std::string::npos) << r.out;
}

// --- time, and fit on hardware ---

// The headline: DeepSeek-V3 at 4.14 bpw on one Xeon 6980P socket reads a million tokens in days. By hand
// from public rows (ik_llama.cpp issue #296 on that machine): 130 t/s empty and ~20 t/s at 32K depth; the
// per-token time grows about linearly with depth, so 1M tokens average well under 10 t/s: over 2 days; and even at
// the empty rate of 130 t/s it would take 2.1 hours, so under 30 days is a loose upper bound for a sane model.
TEST(CliTime, DeepSeekMillionTokensOnOneXeonTakesDays) {
    const std::string args = "time --model deepseek-v3 --weights 4.14bpw --kv-type q8_0 --hardware xeon-6980p "
                             "--tokens 1000000";
    const CliRun r = run(args + " --json");
    ASSERT_EQ(r.status, 0) << r.out;
    const nlohmann::json j = parse(r.out);
    ASSERT_FALSE(j.is_discarded()) << r.out;
    const double days = j["prefill_seconds"].get<double>() / 86400;
    EXPECT_GT(days, 2);
    EXPECT_LT(days, 30);
    EXPECT_EQ(j["tokens"], 1000000);
    EXPECT_EQ(j["depth"], 0);
    EXPECT_EQ(j["weights"]["bits_per_weight"], 4.14);
    EXPECT_EQ(j["placement"]["devices"].size(), 1u);
    EXPECT_EQ(j["placement"]["devices"][0]["id"], "xeon-6980p");
    EXPECT_EQ(j["placement"]["devices"][0]["layers"], 61);  // DeepSeek-V3: 61 blocks, all in RAM
    EXPECT_TRUE(j["placement"]["devices"][0]["output_layer"]);
    for (const char* key : {"decode_tokens_per_s", "prefill_tokens_per_s", "decode_tokens_per_s_at_tokens", "notes",
                            "trace", "model"})
        EXPECT_TRUE(j.contains(key)) << key;
    EXPECT_NE(run(args).out.find(" days"), std::string::npos);
    EXPECT_NE(run(args + " --lang ru").out.find(" дн."), std::string::npos);
}

TEST(CliTime, JsonPlacementFields) {
    const nlohmann::json j = parse(run("time --model llama-3.1-8b --hardware rtx-4090 --hardware epyc-9654 --json").out);
    ASSERT_TRUE(j.contains("placement")) << j;
    for (const char* key : {"runtime", "fits", "fills_first", "n_gpu_layers", "tensor_parallel_size",
                            "pipeline_parallel_size", "nodes", "kv_heads_per_gpu", "tokens_memory_limit", "devices"})
        EXPECT_TRUE(j["placement"].contains(key)) << key;
    for (const char* key : {"id", "name", "kind", "count", "capacity_bytes", "weights_bytes", "kv_bytes", "buffer_bytes",
                            "layers", "output_layer"})
        EXPECT_TRUE(j["placement"]["devices"][0].contains(key)) << key;
    EXPECT_EQ(j["placement"]["n_gpu_layers"], 33);  // 8B Q4_K_M (~4.6 GiB) fits a 24 GiB card whole: 32 blocks + output
}

// Llama 3.1 70B Q4_K_M on one RTX 4090 with 128 GiB of RAM, KV for 8192 tokens. By hand from the model card's
// dimensions (n_embd 8192, n_ff 28672, 64 heads, 8 KV heads of 128, 80 blocks):
//   block params = 2 x 8192^2 + 2 x 8192 x 1024 + 3 x 8192 x 28672 + 2 x 8192 = 855,654,400
//   block bytes  = 855,654,400 x 4.84 / 8 = 517,670,912;  KV = 8192 x 2 x 1024 x 2 B = 33,554,432
//   24 GiB / (517,670,912 + 33,554,432) = 46.75, less a compute buffer of a few hundred MB -> 46 blocks on the GPU,
//   the other 34 and the output layer in RAM (llama.cpp offloads the last blocks).
TEST(CliTime, GpuAndRamSplit) {
    const nlohmann::json j = parse(run("time --model llama-3.1-70b --weights q4_k_m --hardware rtx-4090 "
                                       "--hardware epyc-9654 --ram 128GiB --tokens 8192 --json").out);
    ASSERT_TRUE(j.contains("placement")) << j;
    const nlohmann::json& p = j["placement"];
    EXPECT_EQ(p["n_gpu_layers"], 46);
    EXPECT_EQ(p["fills_first"], "rtx-4090");
    EXPECT_EQ(p["devices"][0]["layers"], 46);
    EXPECT_EQ(p["devices"][0]["weights_bytes"], 46ull * 517670912);
    EXPECT_EQ(p["devices"][1]["id"], "epyc-9654");
    EXPECT_EQ(p["devices"][1]["layers"], 34);
    EXPECT_TRUE(p["devices"][1]["output_layer"]);
    EXPECT_EQ(p["devices"][1]["capacity_bytes"], 126ull << 30);  // 128 GiB less the 2 GiB reserve
}

// vLLM, Llama 3.1 70B (8 KV heads, 80 layers, f16 KV: 80 x 8 x 128 x 2 x 2 B = 327,680 B per token) on H100s
// (80 GiB x 0.9 = 77.3e9 B usable each). Weights ~42.7e9 B at Q4_K_M. By hand:
//   TP 8 x PP 1: 1 KV head per GPU -> 40,960 B per token per GPU; (77.3 - 42.7/8 - ~3.2 buffers) e9 / 40,960 ~ 1.68 M
//   TP 8 x PP 2 (two nodes): 40 layers per GPU -> 20,480 B; (77.3 - 2.7 - 3.2) e9 / 20,480 ~ 3.49 M
//   TP 16: 8 heads cannot split 16 ways, each GPU keeps 1 head (replicated) -> still 40,960 B; ~ 1.74 M, not 2 x 1.68
struct ClusterRow {
    const char* name;
    const char* args;
    uint32_t gpus, tp, pp;
    double tokens;  // hand-worked above, within 3 % (the buffers are estimates)
};

class CliVllmCluster : public testing::TestWithParam<ClusterRow> {};

TEST_P(CliVllmCluster, KvHeadsAndTokens) {
    const ClusterRow& c = GetParam();
    const nlohmann::json j = parse(run(std::string("time --model llama-3.1-70b --runtime vllm --json ") + c.args).out);
    ASSERT_TRUE(j.contains("placement")) << j;
    const nlohmann::json& p = j["placement"];
    EXPECT_EQ(p["devices"][0]["count"], c.gpus);
    EXPECT_EQ(p["tensor_parallel_size"], c.tp);
    EXPECT_EQ(p["pipeline_parallel_size"], c.pp);
    EXPECT_EQ(p["kv_heads_per_gpu"], 1);
    EXPECT_NEAR(p["tokens_memory_limit"].get<double>(), c.tokens, c.tokens * 0.03);
}

INSTANTIATE_TEST_SUITE_P(
    Rows, CliVllmCluster,
    testing::Values(ClusterRow{"tp8", "--hardware h100-sxm:8", 8, 8, 1, 1.68e6},
                    ClusterRow{"tp8_pp2_two_nodes", "--hardware h100-sxm:8 --nodes 2", 16, 8, 2, 3.49e6},
                    ClusterRow{"tp16_replicated", "--hardware h100-sxm:8 --nodes 2 --tensor-parallel-size 16 "
                                                  "--pipeline-parallel-size 1", 16, 16, 1, 1.74e6}),
    [](const testing::TestParamInfo<ClusterRow>& info) { return std::string(info.param.name); });

TEST(CliTime, ReplicatedKvHeadsDoNotDoubleTheTokens) {
    const auto tokens = [](const std::string& args) {
        return parse(run("time --model llama-3.1-70b --runtime vllm --json " + args).out)["placement"]["tokens_memory_limit"]
            .get<double>();
    };
    const double tp8 = tokens("--hardware h100-sxm:8");
    const double tp16 = tokens("--hardware h100-sxm:16");
    EXPECT_GT(tp16, tp8);        // the weights' share per GPU halves
    EXPECT_LT(tp16, 1.1 * tp8);  // but every GPU still keeps one whole KV head per token
}

INSTANTIATE_TEST_SUITE_P(
    Time, CliErrors,
    testing::Values(ErrorRow{"unknown_hardware", "time --model llama-3.1-8b --hardware rtx-409", 1, "rtx-4090"},
                    ErrorRow{"bad_bandwidth_unit", "time --model llama-3.1-8b --hardware epyc-9654 --bandwidth 12XB/s", 1,
                             "GB/s"},
                    ErrorRow{"tensor_split_count", "time --model llama-3.1-8b --hardware rtx-4090:2 --hardware epyc-9654 "
                                                   "--tensor-split 1,1,1", 1, "one per GPU"},
                    ErrorRow{"n_cpu_moe_dense", "time --model llama-3.1-70b --hardware rtx-4090 --hardware epyc-9654 "
                                                "--n-cpu-moe 10", 1, "dense"},
                    ErrorRow{"no_hardware", "time --model llama-3.1-8b", 1, "--hardware"},
                    ErrorRow{"bad_bpw", "time --model llama-3.1-8b --hardware epyc-9654 --weights 40bpw", 1, "(0, 32]"},
                    ErrorRow{"cpu_alone_needs_ram", "fit --model llama-3.1-8b --hardware epyc-9654", 1, "--ram"}),
    [](const testing::TestParamInfo<ErrorRow>& info) { return std::string(info.param.name); });

// fit on hardware: the verdict adds the time to read the answer's tokens and the speed once they fill the context.
// DeepSeek-V3 in 1000 GiB holds its whole 131,072-token context; at the public rows' rates on this CPU
// (130 t/s empty, ~20 t/s at 32K, ik_llama.cpp issue #296) reading 131,072 tokens takes hours, not minutes or days.
TEST(CliFitHardware, VerdictGivesTimeAndSpeed) {
    const std::string args = "fit --model deepseek-v3 --weights 4.14bpw --kv-type q8_0 --hardware xeon-6980p --ram 1000GiB";
    const nlohmann::json j = parse(run(args + " --json").out);
    ASSERT_TRUE(j.contains("prefill_seconds")) << j;
    EXPECT_EQ(j["tokens"], 131072);
    EXPECT_GT(j["prefill_seconds"].get<double>(), 3600);
    EXPECT_LT(j["prefill_seconds"].get<double>(), 86400);
    EXPECT_GT(j["decode_tokens_per_s"].get<double>(), 0.5);  // public row: 4.1-4.5 t/s at 32K; slower at 131K
    EXPECT_LT(j["decode_tokens_per_s"].get<double>(), 5);
    EXPECT_EQ(j["placement"]["devices"][0]["id"], "xeon-6980p");
    const std::string verdict = j["verdict"];
    EXPECT_NE(verdict.find(" h on Intel Xeon 6980P"), std::string::npos) << verdict;
    EXPECT_NE(verdict.find("tokens/s"), std::string::npos) << verdict;
    EXPECT_NE(j["notes"][0].get<std::string>().find("--ram 1000GiB"), std::string::npos) << j["notes"][0];
    EXPECT_NE(run(args + " --lang ru").out.find(" ч на Intel Xeon 6980P"), std::string::npos);
}

// Without --ram, fit on GPUs answers for the GPUs' memory and says so (8 x 80 GiB = 640 GiB).
TEST(CliFitHardware, GpusMemoryIsStated) {
    const nlohmann::json j = parse(run("fit --model llama-3.1-70b --runtime vllm --hardware h100-sxm:8 --json").out);
    ASSERT_TRUE(j.contains("ram_bytes")) << j;
    EXPECT_EQ(j["ram_bytes"], 640ull << 30);
    EXPECT_NE(j["notes"][0].get<std::string>().find("GPUs' memory"), std::string::npos) << j["notes"][0];
    EXPECT_EQ(j["placement"]["kv_heads_per_gpu"], 1);
}

// fit --runtime vllm on one H100: vLLM's own count binds. By hand: 80 GiB x 0.9 = 77.31e9 B, less the weights
// (70,553,706,496 params x 4.84 / 8 = 42.68e9) and ~3.2e9 of buffers, over 327,680 B of KV per token -> ~95.8 K
// tokens, below the model's 131,072.
TEST(CliFitHardware, VllmCountsTheClusterKv) {
    const nlohmann::json j = parse(run("fit --model llama-3.1-70b --runtime vllm --hardware h100-sxm --json").out);
    ASSERT_TRUE(j.contains("placement")) << j;
    EXPECT_EQ(j["tokens_memory_limit"], j["placement"]["tokens_memory_limit"]);
    EXPECT_NEAR(j["tokens"].get<double>(), 95.8e3, 95.8e3 * 0.03);
    EXPECT_EQ(j["limited_by"], "memory");
}

TEST(CliFitHardware, WeightsAsBitsPerWeight) {
    // 8,030,261,248 parameters x 4.5 / 8 = 4,517,021,952 bytes (the bpw applies to every tensor).
    const nlohmann::json j = parse(run("fit --ram 64GiB --model llama-3.1-8b --weights 4.5bpw --json").out);
    EXPECT_EQ(j["weights_bytes"], 4517021952ull) << j;
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
                    NeedErrorRow{"missing_file", "need --file /nonexistent/x.txt --all", "no such file"},
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

// The same refusals for a Russian reader: the sentences of assets/strings.json's error_text_binary and
// error_text_empty, with no English word left.
TEST(CliNeedFile, BinaryAndEmptyAreRefusedInRussian) {
    const TempFile binary(std::string("\x7F" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0", 16), ".bin");
    const CliRun b = run("need --file " + binary.path + " --all --ui ru", "LANG=C", true);
    EXPECT_NE(b.out.find("двоичный файл"), std::string::npos) << b.out;
    EXPECT_EQ(b.out.find("binary"), std::string::npos) << b.out;
    const TempFile empty("", ".txt");
    const CliRun e = run("need --file " + empty.path + " --all --ui ru", "LANG=C", true);
    EXPECT_NE(e.out.find("входные данные пусты"), std::string::npos) << e.out;
    EXPECT_EQ(e.out.find("empty"), std::string::npos) << e.out;
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
