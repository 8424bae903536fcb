// config.json reader (core/hf_config.h).
//
// Expected values are the catalog records of assets/models.json (researched from model cards and official
// configs, with their sources) and published parameter totals; never the reader's own output.
//   RealConfig       real config.json copies in tests/data/configs/ (provenance in SOURCES.md) vs the catalog
//   MinimalConfig    small configs for the model types without a real copy here, written from the fields the
//                    catalog's sources name; they check the mapping rules (layer patterns, experts, state sizes)
//   BrokenConfig     hostile or wrong input, each with the precise error expected
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "hf_config.h"
#include "english_words.h"
#include "test_assets.h"

namespace contextfit {
namespace {

std::string read_fixture(const std::string& name) {
    std::ifstream in(std::string(CONTEXTFIT_CONFIGS) + "/" + name + ".json", std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// Field by field, so a failure names the field. n_ctx_advertised/limit are the vendor's in the catalog and the
// config's in a config read, so only n_ctx_train is compared.
void expect_same_architecture(const ModelSpec& got, const ModelSpec& want, bool compare_tie = true) {
    EXPECT_EQ(got.arch, want.arch);
    EXPECT_EQ(got.tokenizer, want.tokenizer);
    EXPECT_EQ(got.n_layer, want.n_layer);
    EXPECT_EQ(got.n_embd, want.n_embd);
    EXPECT_EQ(got.n_head, want.n_head);
    EXPECT_EQ(got.n_head_kv, want.n_head_kv);
    EXPECT_EQ(got.n_embd_head_k, want.n_embd_head_k);
    EXPECT_EQ(got.n_embd_head_v, want.n_embd_head_v);
    EXPECT_EQ(got.n_vocab, want.n_vocab);
    if (compare_tie) EXPECT_EQ(got.tie_word_embeddings, want.tie_word_embeddings);
    EXPECT_EQ(got.n_ff, want.n_ff);
    EXPECT_EQ(got.n_ff_exp, want.n_ff_exp);
    EXPECT_EQ(got.n_ff_shexp, want.n_ff_shexp);
    EXPECT_EQ(got.attention_kind, want.attention_kind);
    EXPECT_EQ(got.n_layer_full, want.n_layer_full);
    EXPECT_EQ(got.n_layer_swa, want.n_layer_swa);
    EXPECT_EQ(got.n_swa, want.n_swa);
    EXPECT_EQ(got.swa_type, want.swa_type);
    EXPECT_EQ(got.swa_in_llama_cpp, want.swa_in_llama_cpp);
    EXPECT_EQ(got.is_mla, want.is_mla);
    EXPECT_EQ(got.mla.kv_lora_rank, want.mla.kv_lora_rank);
    EXPECT_EQ(got.mla.qk_rope_head_dim, want.mla.qk_rope_head_dim);
    EXPECT_EQ(got.mla.qk_nope_head_dim, want.mla.qk_nope_head_dim);
    EXPECT_EQ(got.mla.v_head_dim, want.mla.v_head_dim);
    EXPECT_EQ(got.mla.q_lora_rank, want.mla.q_lora_rank);
    EXPECT_EQ(got.recurrent.kind, want.recurrent.kind);
    EXPECT_EQ(got.recurrent.n_layer, want.recurrent.n_layer);
    EXPECT_EQ(got.recurrent.state_values, want.recurrent.state_values);
    EXPECT_EQ(got.recurrent.conv_values, want.recurrent.conv_values);
    EXPECT_EQ(got.moe.n_expert, want.moe.n_expert);
    EXPECT_EQ(got.moe.n_expert_shared, want.moe.n_expert_shared);
    EXPECT_EQ(got.moe.n_expert_used, want.moe.n_expert_used);
    EXPECT_EQ(got.moe.n_layer_moe, want.moe.n_layer_moe);
    EXPECT_EQ(got.moe.n_layer_dense, want.moe.n_layer_dense);
    EXPECT_EQ(got.n_ctx_train, want.n_ctx_train);
}

// ---- real configs ----

struct RealRow {
    const char* fixture;          // tests/data/configs/<fixture>.json
    const char* catalog_id;
    double published_total_b;     // vendor's total parameters (billions); 0: approximate count, -1: no precise figure
    bool expect_warning;          // an assumption must be reported
};

// Published totals: Llama 3.1 8B 8.03B (HF model page safetensors count), Mixtral 8x7B 46.7B (Mistral AI
// announcement), Qwen3-8B 8.2B and Qwen3-30B-A3B 30.5B (Qwen3 model cards), DeepSeek-V3 671B (model card),
// gpt-oss-20b 20.9B (OpenAI model card table), Phi-3-mini 3.8B (Microsoft model card). Kimi K2's card says
// only "1 trillion", too coarse to check.
const RealRow real_rows[] = {
    {"llama-3.1-8b", "llama-3.1-8b", 8.03, false},
    {"mixtral-8x7b", "mixtral-8x7b", 46.7, false},
    {"qwen3-8b", "qwen3-8b", 8.2, false},
    {"qwen3-30b-a3b", "qwen3-30b-a3b", 30.5, false},
    {"qwen3-next-80b-a3b", "qwen3-next-80b-a3b", 0, false},
    {"deepseek-v3", "deepseek-v3", 671, false},
    {"kimi-k2", "kimi-k2", -1, true},          // model_type kimi_k2: read as deepseek_v3 from architectures
    {"gpt-oss-20b", "gpt-oss-20b", 20.9, false},
    {"phi-3-mini-4k", "phi-3-mini-4k", 3.8, true},  // sliding_window 2047 dropped, as the catalog does
    {"jamba-1.5-mini", "jamba-1.5-mini", 0, false},
};

class RealConfig : public testing::TestWithParam<RealRow> {};

TEST_P(RealConfig, MatchesTheCatalogRecordFieldByField) {
    const RealRow& row = GetParam();
    const std::string text = read_fixture(row.fixture);
    ASSERT_FALSE(text.empty()) << "missing fixture " << row.fixture;
    Result<HfConfig> read = parse_hf_config(text, row.fixture);
    ASSERT_TRUE(read.ok()) << read.error().message;
    expect_same_architecture(read->model, test::model(row.catalog_id));
    EXPECT_EQ(!read->warnings.empty(), row.expect_warning) << (read->warnings.empty() ? "" : read->warnings[0].key);
    if (row.published_total_b > 0) {
        EXPECT_TRUE(read->model.params_exact);
        EXPECT_NEAR(static_cast<double>(read->model.n_params) / 1e9, row.published_total_b, row.published_total_b * 0.01);
    } else if (row.published_total_b == 0) {
        EXPECT_FALSE(read->model.params_exact);  // recurrent layers are approximated
    }
}

INSTANTIATE_TEST_SUITE_P(HfConfig, RealConfig, testing::ValuesIn(real_rows), [](const auto& info) {
    std::string name = info.param.fixture;
    for (char& c : name)
        if (!isalnum(static_cast<unsigned char>(c))) c = '_';
    return name;
});

// ---- minimal configs of the other model types ----

struct MinimalRow {
    const char* name;
    const char* catalog_id;
    const char* text;
    bool compare_tie;
};

// Field values are those of each model's official config as the catalog's sources quote them.
const MinimalRow minimal_rows[] = {
    // Gemma 3 4B: a multimodal config nests the text model and leaves class defaults out (heads 8/4, head_dim 256,
    // vocab 262208, context 131072, sliding_window_pattern 6 come from Gemma3TextConfig).
    {"gemma3_nested_text_config", "gemma-3-4b",
     R"({"architectures":["Gemma3ForConditionalGeneration"],"model_type":"gemma3","text_config":{"hidden_size":2560,
        "intermediate_size":10240,"model_type":"gemma3_text","num_hidden_layers":34,"sliding_window":1024,
        "rope_scaling":{"factor":8.0,"rope_type":"linear"}},"vision_config":{"hidden_size":1152}})", true},
    // Gemma 2 9B: even layers slide (window 4096), odd layers are global.
    {"gemma2", "gemma-2-9b",
     R"({"model_type":"gemma2","hidden_size":3584,"intermediate_size":14336,"num_hidden_layers":42,
        "num_attention_heads":16,"num_key_value_heads":8,"head_dim":256,"vocab_size":256000,
        "max_position_embeddings":8192,"sliding_window":4096})", true},
    // Mistral 7B v0.1: every layer slides over 4096 tokens, which llama.cpp does not apply.
    {"mistral_v01", "mistral-7b-v0.1",
     R"({"model_type":"mistral","hidden_size":4096,"intermediate_size":14336,"num_hidden_layers":32,
        "num_attention_heads":32,"num_key_value_heads":8,"vocab_size":32000,"max_position_embeddings":32768,
        "sliding_window":4096,"tie_word_embeddings":false})", true},
    // Qwen2 7B (transformers 4.41 config; Qwen2.5-7B has the same dimensions): use_sliding_window false.
    {"qwen2", "qwen2.5-7b",
     R"({"model_type":"qwen2","hidden_size":3584,"intermediate_size":18944,"max_position_embeddings":32768,
        "max_window_layers":28,"num_attention_heads":28,"num_hidden_layers":28,"num_key_value_heads":4,
        "sliding_window":131072,"tie_word_embeddings":false,"use_sliding_window":false,"vocab_size":152064})", true},
    // DeepSeek-V2-Lite: MLA without q compression, first layer dense, 2 shared experts.
    {"deepseek_v2_lite", "deepseek-v2-lite",
     R"({"model_type":"deepseek_v2","hidden_size":2048,"intermediate_size":10944,"num_hidden_layers":27,
        "num_attention_heads":16,"num_key_value_heads":16,"vocab_size":102400,"max_position_embeddings":163840,
        "kv_lora_rank":512,"q_lora_rank":null,"qk_rope_head_dim":64,"qk_nope_head_dim":128,"v_head_dim":128,
        "n_routed_experts":64,"n_shared_experts":2,"num_experts_per_tok":6,"moe_intermediate_size":1408,
        "first_k_dense_replace":1,"moe_layer_freq":1,"tie_word_embeddings":false})", true},
    // Command R v01: cohere, one LayerNorm per layer, tied embeddings.
    {"cohere", "command-r-v01",
     R"({"model_type":"cohere","hidden_size":8192,"intermediate_size":22528,"num_hidden_layers":40,
        "num_attention_heads":64,"num_key_value_heads":64,"vocab_size":256000,"max_position_embeddings":8192,
        "logit_scale":0.0625,"tie_word_embeddings":true})", true},
    // Granite 4.0 H Tiny: attention at layers 5, 15, 25, 35, Mamba-2 elsewhere, 64 experts + 1 shared.
    {"granitemoehybrid", "granite-4.0-h-tiny",
     R"({"model_type":"granitemoehybrid","hidden_size":1536,"intermediate_size":512,"shared_intermediate_size":1024,
        "num_hidden_layers":40,"num_attention_heads":12,"num_key_value_heads":4,"vocab_size":100352,
        "max_position_embeddings":131072,"num_local_experts":64,"num_experts_per_tok":6,"mamba_n_heads":48,
        "mamba_d_head":64,"mamba_d_state":128,"mamba_n_groups":1,"mamba_d_conv":4,"mamba_expand":2,
        "tie_word_embeddings":true,"layer_types":["mamba","mamba","mamba","mamba","mamba","attention","mamba",
        "mamba","mamba","mamba","mamba","mamba","mamba","mamba","mamba","attention","mamba","mamba","mamba","mamba",
        "mamba","mamba","mamba","mamba","mamba","attention","mamba","mamba","mamba","mamba","mamba","mamba","mamba",
        "mamba","mamba","attention","mamba","mamba","mamba","mamba"]})", true},
    // Falcon 180B: keys of TheBloke/Falcon-180B-GPTQ's copy (no ffn_hidden_size: 4 x hidden; no context: 2048).
    // The catalog records untied embeddings, which that config does not state: not compared.
    {"falcon", "falcon-180b",
     R"({"model_type":"falcon","alibi":false,"bias":false,"hidden_size":14848,"multi_query":true,
        "new_decoder_architecture":true,"num_attention_heads":232,"num_hidden_layers":80,"num_kv_heads":8,
        "parallel_attn":true,"vocab_size":65024})", false},
};

class MinimalConfig : public testing::TestWithParam<MinimalRow> {};

TEST_P(MinimalConfig, MatchesTheCatalogRecordFieldByField) {
    const MinimalRow& row = GetParam();
    Result<HfConfig> read = parse_hf_config(row.text, row.name);
    ASSERT_TRUE(read.ok()) << read.error().message;
    expect_same_architecture(read->model, test::model(row.catalog_id), row.compare_tie);
}

INSTANTIATE_TEST_SUITE_P(HfConfig, MinimalConfig, testing::ValuesIn(minimal_rows),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(HfConfig, DefaultsUsedForGemma3AreListedAsWarnings) {
    Result<HfConfig> read = parse_hf_config(minimal_rows[0].text);
    ASSERT_TRUE(read.ok()) << read.error().message;
    std::string all;
    for (const std::string& w : phrased(test::assets().strings, read->warnings, "en")) all += w + "\n";
    EXPECT_NE(all.find("assumed num_attention_heads = 8"), std::string::npos) << all;
    EXPECT_NE(all.find("assumed vocab_size = 262208"), std::string::npos) << all;
    EXPECT_NE(all.find("assumed sliding_window_pattern = 6"), std::string::npos) << all;
}

TEST(HfConfig, UnknownModelTypeIsReadWithEveryAssumptionListed) {
    // A llama-shaped model of a type nobody registered: read from the standard fields.
    Result<HfConfig> read = parse_hf_config(
        R"({"model_type":"brand_new","hidden_size":2048,"intermediate_size":8192,"num_hidden_layers":16,
            "num_attention_heads":32,"vocab_size":128256,"max_position_embeddings":131072,"sliding_window":4096})");
    ASSERT_TRUE(read.ok()) << read.error().message;
    EXPECT_EQ(read->model.n_head_kv, 32u);        // absent: multi-head attention, as transformers assumes
    EXPECT_EQ(read->model.n_embd_head_k, 64u);    // 2048 / 32
    EXPECT_EQ(read->model.n_layer_full, 16u);     // sliding_window without a layer pattern: not applied
    EXPECT_FALSE(read->model.params_exact);
    std::string all;
    for (const std::string& w : phrased(test::assets().strings, read->warnings, "en")) all += w + "\n";
    for (const char* expected : {"model_type 'brand_new' is not a supported type", "assumed num_key_value_heads = 32",
                                 "sliding_window ignored", "tie_word_embeddings", "parameter count assumes"})
        EXPECT_NE(all.find(expected), std::string::npos) << expected << " not in:\n" << all;
}

// ---- broken input ----

struct BrokenRow {
    const char* name;
    std::string text;
    const char* error_part;  // must appear in the message
};

const std::string llama_head = R"({"model_type":"llama","hidden_size":4096,"intermediate_size":14336,)"
                               R"("vocab_size":128256,"max_position_embeddings":8192,)";

const BrokenRow broken_rows[] = {
    {"empty", "", "not valid JSON"},
    {"nan_literal", R"({"hidden_size": NaN})", "not valid JSON"},
    {"array_root", "[1, 2]", "is a JSON array; must be an object"},
    {"too_deep", std::string(40, '[') + std::string(40, ']'), "nests deeper than 32 levels at byte 32"},
    {"brackets_in_strings_do_not_count", R"({"a":")" + std::string(40, '[') + R"("})", "field 'num_hidden_layers'"},
    {"too_big", std::string(max_hf_config_bytes + 1, ' '), "at most 1048576 are read"},
    {"negative_layers", llama_head + R"("num_hidden_layers":-1,"num_attention_heads":32})",
     "field 'num_hidden_layers' = -1 must be a whole number from 1 to 1024"},
    {"fractional_width", R"({"model_type":"llama","num_hidden_layers":2,"hidden_size":4096.5})",
     "field 'hidden_size' = 4096.5 must be a whole number"},
    {"huge_width", R"({"model_type":"llama","num_hidden_layers":2,"hidden_size":1e30})",
     "field 'hidden_size' = 1e+30 must be a whole number from 1 to 262144"},
    {"string_heads", llama_head + R"("num_hidden_layers":32,"num_attention_heads":"32"})",
     "field 'num_attention_heads' is string; must be a whole number from 1 to 4096"},
    {"missing_vocab", R"({"model_type":"llama","hidden_size":4096,"num_hidden_layers":32,"num_attention_heads":32})",
     "field 'vocab_size' is missing"},
    {"kv_not_divisor", llama_head + R"("num_hidden_layers":32,"num_attention_heads":32,"num_key_value_heads":5})",
     "num_attention_heads (32) is not a multiple of num_key_value_heads (5)"},
    {"kv_above_heads", llama_head + R"("num_hidden_layers":32,"num_attention_heads":32,"num_key_value_heads":64})",
     "field 'num_key_value_heads' = 64 must be a whole number from 1 to 32"},
    {"layer_types_short", llama_head + R"("num_hidden_layers":4,"num_attention_heads":32,"layer_types":["full_attention","full_attention"]})",
     "field 'layer_types' has 2 entries; num_hidden_layers is 4"},
    {"layer_types_unknown", llama_head + R"("num_hidden_layers":2,"num_attention_heads":32,"layer_types":["full_attention","bogus"]})",
     "field 'layer_types[1]' = \"bogus\" is not one of"},
    // Non-string entries are shown as written, or by kind for containers.
    {"layer_types_number", llama_head + R"("num_hidden_layers":2,"num_attention_heads":32,"layer_types":[0.5,"full_attention"]})",
     "field 'layer_types[0]' = 0.5 is not one of"},
    {"layer_types_object", llama_head + R"("num_hidden_layers":2,"num_attention_heads":32,"layer_types":["full_attention",{"a":1}]})",
     "field 'layer_types[1]' = an object is not one of"},
    {"layer_types_bool", llama_head + R"("num_hidden_layers":2,"num_attention_heads":32,"layer_types":[true,null]})",
     "field 'layer_types[0]' = true is not one of"},
    {"text_config_number", R"({"model_type":"gemma3","text_config":7})", "field 'text_config' is number; must be an object"},
    {"tie_as_string", llama_head + R"("num_hidden_layers":2,"num_attention_heads":32,"tie_word_embeddings":"yes"})",
     "field 'tie_word_embeddings' is string; must be true or false"},
    {"all_recurrent", R"({"model_type":"jamba","hidden_size":64,"intermediate_size":128,"vocab_size":100,)"
                      R"("max_position_embeddings":64,"num_hidden_layers":2,"num_attention_heads":4,"layer_types":["mamba","mamba"]})",
     "no attention layer among 2"},
    {"unknown_recurrent", R"({"model_type":"foo","hidden_size":64,"intermediate_size":128,"vocab_size":100,)"
                          R"("max_position_embeddings":64,"num_hidden_layers":2,"num_attention_heads":4,"layer_types":["mamba","attention"]})",
     "recurrent layers whose state size is not known"},
    {"no_ffn_width", R"({"model_type":"llama","hidden_size":4096,"vocab_size":32000,"max_position_embeddings":4096,)"
                     R"("num_hidden_layers":32,"num_attention_heads":32})",
     "parameters cannot be counted"},
    // Found by fuzz_hf_config: a rejected expert_layer_period of 0 was then used as a divisor.
    {"expert_layer_period_zero", R"({"model_type":"jamba","hidden_size":64,"intermediate_size":128,"vocab_size":100,)"
                                 R"("max_position_embeddings":64,"num_hidden_layers":8,"num_attention_heads":4,)"
                                 R"("num_experts":4,"num_experts_per_tok":2,"expert_layer_period":0})",
     "field 'expert_layer_period' = 0 must be a whole number from 1 to 4096"},
    {"mlp_only_layers_out_of_range", R"({"model_type":"qwen3_moe","hidden_size":64,"moe_intermediate_size":32,)"
                                     R"("vocab_size":100,"max_position_embeddings":64,"num_hidden_layers":2,)"
                                     R"("num_attention_heads":4,"num_experts":4,"num_experts_per_tok":2,"mlp_only_layers":[5]})",
     "field 'mlp_only_layers' holds 5; entries must be layer indices below 2"},
};

class BrokenConfig : public testing::TestWithParam<BrokenRow> {};

TEST_P(BrokenConfig, FailsWithAPreciseMessage) {
    const BrokenRow& row = GetParam();
    Result<HfConfig> read = parse_hf_config(row.text);
    ASSERT_FALSE(read.ok());
    EXPECT_EQ(read.error().code, ErrorCode::invalid_input);
    EXPECT_NE(read.error().message.find(row.error_part), std::string::npos) << read.error().message;
    // A keyed error says the same in English through strings.json as its message (the CLI's and page's text).
    if (!read.error().key.empty())
        EXPECT_EQ(test::english_error(read.error()), read.error().message);
}

INSTANTIATE_TEST_SUITE_P(HfConfig, BrokenConfig, testing::ValuesIn(broken_rows),
                         [](const auto& info) { return std::string(info.param.name); });

// ---- the errors in Russian (issue #13: a Russian screen shows no English word) ----


struct RussianRow {
    const char* name;
    std::string text;
    const char* russian;  // the whole message, written from the row's "ru" template in assets/strings.json
    std::vector<std::string> ids;
};

void PrintTo(const RussianRow& r, std::ostream* os) { *os << r.name; }

class RussianConfigError : public testing::TestWithParam<RussianRow> {};

TEST_P(RussianConfigError, SaysItInRussian) {
    Result<HfConfig> read = parse_hf_config(GetParam().text);
    ASSERT_FALSE(read.ok());
    const std::string ru = test::assets().strings.error_message(read.error(), "ru");
    EXPECT_EQ(ru, GetParam().russian);
    EXPECT_TRUE(test::english_words(ru, GetParam().ids).empty()) << testing::PrintToString(test::english_words(ru, GetParam().ids));
}

const RussianRow russian_rows[] = {
    // nlohmann counts bytes from 1: the stray "]" is the 6th.
    {"not_json", R"({"a":])", "config.json: это не JSON (ошибка на байте 6)", {"JSON"}},
    {"array_root", "[1, 2]", "config.json должен быть объектом JSON", {"JSON"}},
    {"too_deep", std::string(40, '[') + std::string(40, ']'), "в config.json глубина вложенности больше 32 (байт 32)", {}},
    {"text_config_number", R"({"model_type":"gemma3","text_config":7})",
     "config.json: поле 'text_config' должно быть объектом", {}},
    {"negative_layers", llama_head + R"("num_hidden_layers":-1,"num_attention_heads":32})",
     "config.json: поле 'num_hidden_layers' = -1, а должно быть целым числом от 1 до 1\u00a0024", {}},
    {"string_heads", llama_head + R"("num_hidden_layers":32,"num_attention_heads":"32"})",
     "config.json: в поле 'num_attention_heads' не число, а должно быть целое число от 1 до 4\u00a0096", {}},
    {"missing_vocab", R"({"model_type":"llama","hidden_size":4096,"num_hidden_layers":32,"num_attention_heads":32})",
     "config.json: нет поля 'vocab_size' (хватит любого из них)", {}},
    {"kv_not_divisor", llama_head + R"("num_hidden_layers":32,"num_attention_heads":32,"num_key_value_heads":5})",
     "config.json: num_attention_heads (32) не делится на num_key_value_heads (5)", {}},
    {"layer_types_short", llama_head + R"("num_hidden_layers":4,"num_attention_heads":32,"layer_types":["full_attention","full_attention"]})",
     "config.json: в поле 'layer_types' элементов: 2, а num_hidden_layers равно 4", {}},
    {"tie_as_string", llama_head + R"("num_hidden_layers":2,"num_attention_heads":32,"tie_word_embeddings":"yes"})",
     "config.json: поле 'tie_word_embeddings' должно быть true или false", {"true", "false"}},
    {"layer_types_unknown", llama_head + R"("num_hidden_layers":2,"num_attention_heads":32,"layer_types":["full_attention","bogus"]})",
     "config.json: поле 'layer_types[1]' = \"bogus\", а допустимы: full_attention, sliding_attention, chunked_attention, "
     "linear_attention, attention, mamba",
     {"bogus", "attention", "mamba"}},
    {"unknown_recurrent", R"({"model_type":"foo","hidden_size":64,"intermediate_size":128,"vocab_size":100,)"
                          R"("max_position_embeddings":64,"num_hidden_layers":2,"num_attention_heads":4,"layer_types":["mamba","attention"]})",
     "config.json: у model_type 'foo' рекуррентных слоёв: 1, а размер их состояния неизвестен (известен для jamba, "
     "granitemoehybrid, qwen3_next, minimax)",
     {"foo", "jamba", "granitemoehybrid", "minimax"}},
    {"no_ffn_width", R"({"model_type":"llama","hidden_size":4096,"vocab_size":32000,"max_position_embeddings":4096,)"
                     R"("num_hidden_layers":32,"num_attention_heads":32})",
     "config.json: число параметров не посчитать: нет ширины FFN (intermediate_size или moe_intermediate_size)", {"FFN"}},
};

INSTANTIATE_TEST_SUITE_P(HfConfig, RussianConfigError, testing::ValuesIn(russian_rows),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace contextfit
