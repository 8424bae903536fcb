// GGUF reader: fixtures written by tests/gguf_writer with the real metadata and tensor shapes of known models
// (data never written: SparseSource serves zeros), one named broken input per failure mode, split files and
// every metadata value type. Expected values are worked out by hand from model cards / config.json and
// llama.cpp's loader and KV cache (src/llama-model.cpp load_hparams, src/llama-hparams.cpp, src/llama-kv-cache.cpp),
// each with its arithmetic in a comment.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "gguf_model.h"
#include "gguf_writer.h"
#include "kv_cache.h"
#include "english_words.h"
#include "test_assets.h"

namespace {

using namespace contextfit;
using namespace gguf_test;

std::vector<std::string> tokens(size_t n) { return std::vector<std::string>(n, "t"); }

Result<GgufModel> model_of(const std::vector<Writer>& parts) {
    std::vector<GgufFile> files;
    for (const Writer& w : parts) {
        SparseSource src(w.header(), w.file_size());
        Result<GgufFile> f = read_gguf(src);
        if (!f) return f.error();
        files.push_back(std::move(f).value());
    }
    return gguf_model(files);
}

// ---- fixtures ----

// Llama 3.1 8B (config.json: 32 layers, hidden 4096, 32 heads, 8 KV heads, FFN 14336, vocab 128256, 131072 ctx),
// every matrix Q4_K, norms F32.
Writer llama_8b() {
    Writer w;
    w.string("general.architecture", "llama").string("general.name", "Meta Llama 3.1 8B Instruct")
        .u32("general.file_type", 15)
        .u32("llama.block_count", 32).u32("llama.context_length", 131072).u32("llama.embedding_length", 4096)
        .u32("llama.feed_forward_length", 14336).u32("llama.attention.head_count", 32)
        .u32("llama.attention.head_count_kv", 8).u32("llama.rope.dimension_count", 128)
        .f32("llama.rope.freq_base", 500000.0f).f32("llama.attention.layer_norm_rms_epsilon", 1e-5f)
        .string("tokenizer.ggml.model", "gpt2").string("tokenizer.ggml.pre", "llama-bpe")
        .raw("tokenizer.ggml.tokens", GgufType::array, str_array(tokens(128256)));
    w.tensor("token_embd.weight", {4096, 128256}, Q4_K);
    for (int i = 0; i < 32; ++i) {
        const std::string b = "blk." + std::to_string(i) + ".";
        w.tensor(b + "attn_norm.weight", {4096}, F32).tensor(b + "ffn_norm.weight", {4096}, F32);
        w.tensor(b + "attn_q.weight", {4096, 4096}, Q4_K).tensor(b + "attn_k.weight", {4096, 1024}, Q4_K);
        w.tensor(b + "attn_v.weight", {4096, 1024}, Q4_K).tensor(b + "attn_output.weight", {4096, 4096}, Q4_K);
        w.tensor(b + "ffn_gate.weight", {4096, 14336}, Q4_K).tensor(b + "ffn_up.weight", {4096, 14336}, Q4_K);
        w.tensor(b + "ffn_down.weight", {14336, 4096}, Q4_K);
    }
    w.tensor("output_norm.weight", {4096}, F32).tensor("output.weight", {4096, 128256}, Q4_K);
    return w;
}

// Gemma 3 27B (config.json text_config: 62 layers, hidden 5376, 32 heads, 16 KV, head_dim 128, window 1024,
// vocab 262208, tied embeddings); only two tensors, so the counts below are theirs.
Writer gemma3_27b() {
    Writer w;
    w.string("general.architecture", "gemma3").string("general.name", "Gemma 3 27b It").u32("general.file_type", 32)
        .u32("gemma3.block_count", 62).u32("gemma3.context_length", 131072).u32("gemma3.embedding_length", 5376)
        .u32("gemma3.feed_forward_length", 21504).u32("gemma3.attention.head_count", 32)
        .u32("gemma3.attention.head_count_kv", 16).u32("gemma3.attention.key_length", 128)
        .u32("gemma3.attention.value_length", 128).u32("gemma3.attention.sliding_window", 1024)
        .string("tokenizer.ggml.model", "llama").raw("tokenizer.ggml.tokens", GgufType::array, str_array(tokens(262208)));
    w.tensor("token_embd.weight", {5376, 262208}, BF16).tensor("blk.0.attn_q.weight", {5376, 4096}, F16);
    return w;
}

// DeepSeek-V3 as converted after llama.cpp PR #12801 (MLA keys), config.json: 61 layers, hidden 7168, 128 heads,
// kv_lora_rank 512, q_lora_rank 1536, qk_rope 64, qk_nope 128, v_head 128, 256 experts (8 used, 1 shared),
// first 3 layers dense. Tensors: the embedding, one router per MoE layer, one expert stack.
Writer deepseek_v3(bool mla_keys) {
    Writer w;
    w.string("general.architecture", "deepseek2").string("general.name", "DeepSeek V3").u32("general.file_type", 7)
        .u32("deepseek2.block_count", 61).u32("deepseek2.context_length", 163840)
        .u32("deepseek2.embedding_length", 7168).u32("deepseek2.feed_forward_length", 18432)
        .u32("deepseek2.expert_feed_forward_length", 2048).u32("deepseek2.expert_count", 256)
        .u32("deepseek2.expert_shared_count", 1).u32("deepseek2.expert_used_count", 8)
        .u32("deepseek2.leading_dense_block_count", 3).u32("deepseek2.attention.head_count", 128)
        .u32("deepseek2.attention.kv_lora_rank", 512).u32("deepseek2.attention.q_lora_rank", 1536)
        .u32("deepseek2.rope.dimension_count", 64).u32("deepseek2.vocab_size", 129280)
        .string("deepseek2.rope.scaling.type", "yarn").f32("deepseek2.rope.scaling.factor", 40.0f)
        .u32("deepseek2.rope.scaling.original_context_length", 4096);
    if (mla_keys)
        w.u32("deepseek2.attention.head_count_kv", 1).u32("deepseek2.attention.key_length", 576)
            .u32("deepseek2.attention.value_length", 512).u32("deepseek2.attention.key_length_mla", 192)
            .u32("deepseek2.attention.value_length_mla", 128);
    else
        w.u32("deepseek2.attention.head_count_kv", 128).u32("deepseek2.attention.key_length", 192)
            .u32("deepseek2.attention.value_length", 128);
    w.tensor("token_embd.weight", {7168, 129280}, Q8_0);
    for (int i = 3; i < 61; ++i) w.tensor("blk." + std::to_string(i) + ".ffn_gate_inp.weight", {7168, 256}, F32);
    w.tensor("blk.3.ffn_up_exps.weight", {7168, 2048, 256}, Q4_K);
    return w;
}

// Granite 4.0-H Small (config.json: 40 layers, 4 attention at 5, 15, 25, 35; 32 heads, 8 KV; mamba d_state 128,
// d_conv 4, expand 2 -> d_inner 8192, n_groups 1). head_count_kv is a per-layer array with zeros (gguf-parser #31).
Writer granite_hybrid() {
    std::vector<uint32_t> kv(40, 0);
    for (int il : {5, 15, 25, 35}) kv[il] = 8;
    Writer w;
    w.string("general.architecture", "granitehybrid").u32("granitehybrid.block_count", 40)
        .u32("granitehybrid.context_length", 131072).u32("granitehybrid.embedding_length", 4096)
        .u32("granitehybrid.attention.head_count", 32).raw("granitehybrid.attention.head_count_kv", GgufType::array, u32_array(kv))
        .u32("granitehybrid.ssm.conv_kernel", 4).u32("granitehybrid.ssm.inner_size", 8192)
        .u32("granitehybrid.ssm.state_size", 128).u32("granitehybrid.ssm.group_count", 1)
        .u32("granitehybrid.ssm.time_step_rank", 128).u32("granitehybrid.vocab_size", 100352);
    w.tensor("token_embd.weight", {4096, 100352}, Q8_0);
    return w;
}

// gpt-oss-20b (config.json: 24 layers, sliding window 128 on even layers, 64 heads, 8 KV, head_dim 64).
Writer gpt_oss_20b() {
    Writer w;
    w.string("general.architecture", "gpt-oss").u32("gpt-oss.block_count", 24).u32("gpt-oss.context_length", 131072)
        .u32("gpt-oss.embedding_length", 2880).u32("gpt-oss.attention.head_count", 64)
        .u32("gpt-oss.attention.head_count_kv", 8).u32("gpt-oss.attention.key_length", 64)
        .u32("gpt-oss.attention.value_length", 64).u32("gpt-oss.attention.sliding_window", 128)
        .u32("gpt-oss.expert_count", 32).u32("gpt-oss.expert_used_count", 4).u32("gpt-oss.vocab_size", 201088);
    w.tensor("token_embd.weight", {2880, 201088}, Q8_0);
    return w;
}

// LFM2-1.2B (config.json layer_types: attention at 2, 5, 8, 10, 12, 14 of 16; 32 heads, 8 KV; conv L_cache 3).
Writer lfm2() {
    std::vector<uint32_t> kv(16, 0);
    for (int il : {2, 5, 8, 10, 12, 14}) kv[il] = 8;
    Writer w;
    w.string("general.architecture", "lfm2").u32("lfm2.block_count", 16).u32("lfm2.context_length", 128000)
        .u32("lfm2.embedding_length", 2048).u32("lfm2.attention.head_count", 32)
        .raw("lfm2.attention.head_count_kv", GgufType::array, u32_array(kv)).u32("lfm2.shortconv.l_cache", 3)
        .u32("lfm2.vocab_size", 65536);
    w.tensor("token_embd.weight", {2048, 65536}, Q8_0);
    return w;
}

// Qwen3-Next-80B-A3B (config.json: 48 layers, full attention every 4th, 16 heads, 2 KV, head_dim 256; linear
// attention conv 4, 16 key heads x 128, 32 value heads x 128 -> inner 4096).
Writer qwen3_next() {
    Writer w;
    w.string("general.architecture", "qwen3next").u32("qwen3next.block_count", 48)
        .u32("qwen3next.context_length", 262144).u32("qwen3next.embedding_length", 2048)
        .u32("qwen3next.attention.head_count", 16).u32("qwen3next.attention.head_count_kv", 2)
        .u32("qwen3next.attention.key_length", 256).u32("qwen3next.attention.value_length", 256)
        .u32("qwen3next.ssm.conv_kernel", 4).u32("qwen3next.ssm.inner_size", 4096)
        .u32("qwen3next.ssm.state_size", 128).u32("qwen3next.ssm.group_count", 16)
        .u32("qwen3next.vocab_size", 151936);
    w.tensor("token_embd.weight", {2048, 151936}, Q8_0);
    return w;
}

// An architecture llama.cpp does not know with an explicit per-layer pattern: SWA, SWA, SWA, full, x2.
Writer explicit_pattern(bool per_layer) {
    Writer w;
    w.string("general.architecture", "newarch").u32("newarch.block_count", per_layer ? 8 : 7)
        .u32("newarch.context_length", 32768).u32("newarch.embedding_length", 1024)
        .u32("newarch.attention.head_count", 8).u32("newarch.attention.head_count_kv", 2)
        .u32("newarch.attention.sliding_window", 4096);
    if (per_layer)
        w.raw("newarch.attention.sliding_window_pattern", GgufType::array,
              bool_array({true, true, true, false, true, true, true, false}));
    else
        w.u32("newarch.attention.sliding_window_pattern", 3);
    w.tensor("token_embd.weight", {1024, 1000}, F16);
    return w;
}

// ---- models ----

struct ModelRow {
    const char* name;
    std::function<Writer()> make;
    std::function<void(const GgufModel&)> check;
};

void print_to(const ModelRow& r, std::ostream* os) { *os << r.name; }

class GgufModels : public ::testing::TestWithParam<ModelRow> {};

TEST_P(GgufModels, MapsLikeLlamaCpp) {
    Result<GgufModel> m = model_of({GetParam().make()});
    ASSERT_TRUE(m.ok()) << m.error().message;
    GetParam().check(*m);
}

const ModelRow model_rows[] = {
    {"llama_3_1_8b_q4_k", llama_8b, [](const GgufModel& m) {
         const ModelSpec& s = m.spec;
         EXPECT_EQ(s.arch, "llama");
         EXPECT_EQ(s.n_layer, 32u);
         EXPECT_EQ(s.n_embd, 4096u);
         EXPECT_EQ(s.n_head, 32u);
         EXPECT_EQ(s.n_head_kv, 8u);
         EXPECT_EQ(s.n_embd_head_k, 128u);  // no key_length: n_embd / n_head = 4096 / 32
         EXPECT_EQ(s.n_vocab, 128256u);     // tokenizer.ggml.tokens count
         EXPECT_EQ(s.n_layer_full, 32u);
         EXPECT_EQ(s.n_ctx_train, 131072u);
         EXPECT_EQ(s.tokenizer, "llama3");
         EXPECT_FALSE(s.tie_word_embeddings);
         EXPECT_EQ(s.attention_kind, "gqa");
         // HF safetensors total for Llama-3.1-8B: 8,030,261,248 = 2 x 128256 x 4096 (embedding + output)
         // + 32 x (2 x 4096^2 + 2 x 4096 x 1024 + 3 x 4096 x 14336 + 2 x 4096) + 4096.
         EXPECT_EQ(s.n_params, 8030261248u);
         EXPECT_TRUE(s.params_exact);
         // Q4_K = 144 bytes per 256 values: (8,030,261,248 - 266,240 norm values) / 256 x 144 = 4,516,872,192,
         // plus 266,240 F32 norm values x 4 = 1,064,960.
         EXPECT_EQ(m.weights_bytes, 4517937152u);
         EXPECT_EQ(m.file_type_name, "Q4_K_M");
         EXPECT_EQ(m.weights_id, "q4_k_m");
         EXPECT_EQ(m.n_tensors, 291u);  // 1 + 32 x 9 + 2
         // llama.cpp src/llama-kv-cache.cpp logs "size = 512.00 MiB (4096 cells, 32 layers ...)" for Llama 3.1 8B:
         // 32 layers x 4096 cells x 8 KV heads x 128 x (K + V) x 2 B = 536,870,912 B.
         KvOptions o;
         EXPECT_EQ(kv_size(s, 4096, o).total(), uint64_t{512} << 20);
     }},
    {"gemma3_27b_swa_6", gemma3_27b, [](const GgufModel& m) {
         const ModelSpec& s = m.spec;
         // llama.cpp gemma3: layer il is SWA when il % 6 < 5; of 62 layers, 5, 11, ..., 59 are global (10).
         EXPECT_EQ(s.n_layer_full, 10u);
         EXPECT_EQ(s.n_layer_swa, 52u);
         EXPECT_EQ(s.n_swa, 1024u);
         EXPECT_TRUE(s.swa_in_llama_cpp);
         EXPECT_EQ(s.swa_type, LocalAttention::sliding);
         EXPECT_TRUE(s.tie_word_embeddings);  // no output.weight
         EXPECT_EQ(s.tokenizer, "gemma");
         EXPECT_EQ(s.n_vocab, 262208u);
         // 5376 x 262208 + 5376 x 4096 = 1,409,630,208 + 22,020,096 elements; BF16 and F16 at 2 bytes each.
         EXPECT_EQ(s.n_params, 1431650304u);
         EXPECT_EQ(m.weights_bytes, 2863300608u);
         EXPECT_EQ(m.file_type_name, "BF16");
     }},
    {"deepseek_v3_mla", [] { return deepseek_v3(true); }, [](const GgufModel& m) {
         const ModelSpec& s = m.spec;
         EXPECT_TRUE(s.is_mla);
         EXPECT_EQ(s.attention_kind, "mla");
         EXPECT_EQ(s.mla.kv_lora_rank, 512u);
         EXPECT_EQ(s.mla.qk_rope_head_dim, 64u);
         EXPECT_EQ(s.mla.qk_nope_head_dim, 128u);  // key_length_mla 192 - rope 64
         EXPECT_EQ(s.mla.v_head_dim, 128u);
         EXPECT_EQ(s.mla.q_lora_rank, 1536u);
         EXPECT_EQ(s.n_head_kv, 128u);             // as the catalog describes MLA: per query head, expanded
         EXPECT_EQ(s.n_embd_head_k, 192u);
         EXPECT_EQ(s.moe.n_expert, 256u);
         EXPECT_EQ(s.moe.n_expert_used, 8u);
         EXPECT_EQ(s.moe.n_layer_moe, 58u);        // routers in blocks 3..60
         EXPECT_EQ(s.moe.n_layer_dense, 3u);
         EXPECT_EQ(s.n_ctx_train, 163840u);
         // llama.cpp caches the MLA latent only (src/llama-kv-cache.cpp, since PR #12801: K holds kv_lora_rank +
         // rope dim = 576 values, no V): 61 layers x 576 values x 2 B = 70,272 B (68.6 KiB) per token.
         KvOptions o;
         o.runtime = Runtime::theory;
         const KvSize kv = kv_size(s, 1, o);
         EXPECT_EQ(kv.k_bytes, 70272u);
         EXPECT_EQ(kv.v_bytes, 0u);
         // Elements: 7168 x 129280 + 58 x 7168 x 256 + 7168 x 2048 x 256 = 926,679,040 + 106,430,464 +
         // 3,758,096,384. Active: minus the embedding and 248/256 of the expert stack (3,640,655,872).
         EXPECT_EQ(s.n_params, 4791205888u);
         EXPECT_EQ(s.n_params_active, 223870976u);
     }},
    {"deepseek_v3_pre_mla_file", [] { return deepseek_v3(false); }, [](const GgufModel& m) {
         // Without *_mla keys llama.cpp caches full K and V per head: 61 x 128 x (192 + 128) x 2 B per token
         // = 4,997,120 B (4.77 MiB) per token (src/llama-hparams.cpp n_embd_k_gqa / n_embd_v_gqa).
         EXPECT_FALSE(m.spec.is_mla);
         KvOptions o;
         o.runtime = Runtime::theory;
         EXPECT_EQ(kv_size(m.spec, 1, o).total(), 4997120u);
         EXPECT_EQ(m.notes.size(), 1u);
     }},
    {"granite_hybrid_kv_array_with_zeros", granite_hybrid, [](const GgufModel& m) {
         const ModelSpec& s = m.spec;
         // llama.cpp src/llama-model.cpp: recurrent_layer_arr[il] = n_head_kv(il) == 0, so 4 of 40 layers get a KV cache
         EXPECT_EQ(s.n_layer_full, 4u);
         EXPECT_EQ(s.recurrent.n_layer, 36u);
         EXPECT_EQ(s.n_head_kv, 8u);
         EXPECT_EQ(s.attention_kind, "hybrid");
         EXPECT_EQ(s.recurrent.kind, "mamba2");
         EXPECT_EQ(s.recurrent.state_values, 1048576u);  // d_state 128 x d_inner 8192
         EXPECT_EQ(s.recurrent.conv_values, 25344u);     // (4 - 1) x (8192 + 2 x 1 x 128)
         KvOptions o;
         o.runtime = Runtime::theory;
         EXPECT_EQ(kv_size(s, 1, o).state_bytes, 154644480u);  // 36 x 1,073,920 x 4 B
     }},
    {"gpt_oss_20b_swa_2", gpt_oss_20b, [](const GgufModel& m) {
         // llama.cpp gpt-oss: set_swa_pattern(2), even layers SWA (gguf-parser #32 counted all 24 as full).
         EXPECT_EQ(m.spec.n_layer_swa, 12u);
         EXPECT_EQ(m.spec.n_layer_full, 12u);
         EXPECT_EQ(m.spec.n_swa, 128u);
         EXPECT_EQ(m.spec.n_embd_head_k, 64u);
     }},
    {"lfm2_kv_array", lfm2, [](const GgufModel& m) {
         // gguf-parser #31 read element 0 of [0,0,8,...] and estimated zero KV.
         EXPECT_EQ(m.spec.n_layer_full, 6u);
         EXPECT_EQ(m.spec.recurrent.n_layer, 10u);
         EXPECT_EQ(m.spec.n_head_kv, 8u);
         EXPECT_EQ(m.spec.recurrent.conv_values, 4096u);  // n_embd 2048 x (L_cache 3 - 1)
         EXPECT_EQ(m.spec.recurrent.state_values, 0u);
     }},
    {"qwen3_next_interval_4", qwen3_next, [](const GgufModel& m) {
         EXPECT_EQ(m.spec.n_layer_full, 12u);
         EXPECT_EQ(m.spec.recurrent.n_layer, 36u);
         EXPECT_EQ(m.spec.recurrent.kind, "gated_deltanet");
         EXPECT_EQ(m.spec.recurrent.state_values, 524288u);  // 128 x 4096
         EXPECT_EQ(m.spec.recurrent.conv_values, 24576u);    // 3 x (4096 + 2 x 16 x 128)
     }},
    {"explicit_pattern_array", [] { return explicit_pattern(true); }, [](const GgufModel& m) {
         EXPECT_EQ(m.spec.n_layer_swa, 6u);
         EXPECT_EQ(m.spec.n_layer_full, 2u);
         EXPECT_EQ(m.spec.n_swa, 4096u);
     }},
    {"explicit_pattern_period_3", [] { return explicit_pattern(false); }, [](const GgufModel& m) {
         // il % 3 < 2 over 7 layers: 0, 1, 3, 4, 6 windowed; 2, 5 full.
         EXPECT_EQ(m.spec.n_layer_swa, 5u);
         EXPECT_EQ(m.spec.n_layer_full, 2u);
     }},
};
INSTANTIATE_TEST_SUITE_P(Fixtures, GgufModels, ::testing::ValuesIn(model_rows),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(Gguf, SameFieldsAsTheCatalogForLlama31_8b) {
    // assets/models.json llama-3.1-8b, from Meta's config.json: compare by eye with the fixture above.
    Result<GgufModel> m = model_of({llama_8b()});
    ASSERT_TRUE(m.ok());
    EXPECT_EQ(m->spec.n_layer, 32u);
    EXPECT_EQ(m->spec.n_head_kv * m->spec.n_embd_head_k, 1024u);
}

TEST(Gguf, ReadsOnlyTheHeaderOfAHugeFile) {
    Writer w = llama_8b();
    const std::string h = w.header();
    SparseSource src(h, uint64_t{100} << 30);
    Result<GgufFile> f = read_gguf(src);
    ASSERT_TRUE(f.ok()) << f.error().message;
    EXPECT_GE(f->bytes_read, h.size() - 32);
    EXPECT_LE(f->bytes_read, h.size() + (uint64_t{64} << 10));  // at most one chunk past the header
}

// ---- split files ----

Writer split_part(int no, int count, int tensors_total) {
    Writer w;
    w.raw("split.no", GgufType::u16, le(no, 2)).raw("split.count", GgufType::u16, le(count, 2))
        .raw("split.tensors.count", GgufType::i32, le(tensors_total, 4));
    if (no == 0)
        w.string("general.architecture", "llama").u32("llama.block_count", 2).u32("llama.context_length", 4096)
            .u32("llama.embedding_length", 256).u32("llama.attention.head_count", 4).u32("llama.vocab_size", 1000);
    return w;
}

std::vector<Writer> split_model() {
    std::vector<Writer> p = {split_part(0, 3, 4), split_part(1, 3, 4), split_part(2, 3, 4)};
    p[0].tensor("token_embd.weight", {256, 1000}, Q8_0);  // 256/32 x 34 x 1000 = 272,000 B
    p[1].tensor("blk.0.attn_q.weight", {256, 256}, Q4_K).tensor("blk.1.attn_q.weight", {256, 256}, Q4_K);  // 144 x 256 each
    p[2].tensor("output.weight", {256, 1000}, F16);       // 512,000 B
    return p;
}

TEST(GgufSplit, SumsAllParts) {
    std::vector<Writer> p = split_model();
    Result<GgufModel> m = model_of({p[2], p[0], p[1]});  // any order
    ASSERT_TRUE(m.ok()) << m.error().message;
    EXPECT_EQ(m->n_parts, 3u);
    EXPECT_EQ(m->weights_bytes, 272000u + 2 * 36864u + 512000u);
    EXPECT_EQ(m->spec.n_params, 256000u + 2 * 65536u + 256000u);
}

TEST(GgufSplit, NamesTheMissingPart) {
    std::vector<Writer> p = split_model();
    Result<GgufModel> m = model_of({p[0], p[2]});
    ASSERT_FALSE(m.ok());
    EXPECT_NE(m.error().message.find("missing part(s) 2"), std::string::npos) << m.error().message;
}

TEST(GgufSplit, TensorCountMustMatch) {
    std::vector<Writer> p = split_model();
    p[0] = split_part(0, 3, 5);
    p[0].tensor("token_embd.weight", {256, 1000}, Q8_0);
    Result<GgufModel> m = model_of(p);
    ASSERT_FALSE(m.ok());
    EXPECT_NE(m.error().message.find("split.tensors.count is 5 but the parts hold 4"), std::string::npos);
}

// ---- every metadata value type ----

TEST(GgufValues, EveryTypeAndNestedArrays) {
    Writer w;
    w.version = 2;
    w.raw("t.u8", GgufType::u8, le(200, 1)).raw("t.i8", GgufType::i8, le(0xfb, 1))
        .raw("t.u16", GgufType::u16, le(65535, 2)).raw("t.i16", GgufType::i16, le(0x8000, 2))
        .u32("t.u32", 4000000000u).raw("t.i32", GgufType::i32, le(0xffffffff, 4)).f32("t.f32", 1.5f)
        .boolean("t.bool", true).string("t.string", "h\xc3\xa9llo").u64("t.u64", uint64_t{1} << 40)
        .raw("t.i64", GgufType::i64, le(static_cast<uint64_t>(-(int64_t{1} << 40)), 8))
        .raw("t.f64", GgufType::f64, le(0x3fd0000000000000ull, 8))  // 0.25
        .raw("t.nested", GgufType::array,
             array(GgufType::array, 2, u32_array({1, 2}) + u32_array({3})))
        .raw("t.strings", GgufType::array, str_array({"a", "bc"}))
        .raw("t.empty", GgufType::array, array(GgufType::f64, 0, ""));
    const std::string bytes = w.bytes();
    MemorySource src(bytes);
    Result<GgufFile> f = read_gguf(src);
    ASSERT_TRUE(f.ok()) << f.error().message;
    EXPECT_EQ(f->version, 2u);
    EXPECT_EQ(f->find("t.u8")->value.u, 200u);
    EXPECT_EQ(f->find("t.i8")->value.i, -5);
    EXPECT_EQ(f->find("t.u16")->value.u, 65535u);
    EXPECT_EQ(f->find("t.i16")->value.i, -32768);
    EXPECT_EQ(f->find("t.u32")->value.u, 4000000000u);
    EXPECT_EQ(f->find("t.i32")->value.i, -1);
    EXPECT_EQ(f->find("t.f32")->value.f, 1.5);
    EXPECT_EQ(f->find("t.bool")->value.u, 1u);
    EXPECT_EQ(f->find("t.string")->value.s, "h\xc3\xa9llo");
    EXPECT_EQ(f->find("t.u64")->value.u, uint64_t{1} << 40);
    EXPECT_EQ(f->find("t.i64")->value.i, -(int64_t{1} << 40));
    EXPECT_EQ(f->find("t.f64")->value.f, 0.25);
    const GgufValue& nested = f->find("t.nested")->value;
    ASSERT_EQ(nested.items.size(), 2u);
    EXPECT_EQ(nested.elem_type, GgufType::array);
    EXPECT_EQ(nested.items[0].items[1].u, 2u);
    EXPECT_EQ(nested.items[1].items[0].u, 3u);
    EXPECT_EQ(f->find("t.strings")->value.items[1].s, "bc");
    EXPECT_EQ(f->find("t.empty")->value.count, 0u);
    EXPECT_TRUE(f->find("t.empty")->value.complete);
}

TEST(GgufTypes, BlockSizesFromGgml) {
    // ggml-common.h: block_q4_K = 2 halves + 12 scale bytes + 128 quant bytes = 144 per 256 values;
    // block_q6_K = 128 + 64 + 16 + 2 = 210; block_iq4_xs = 2 + 2 + 4 + 128 = 136; block_mxfp4 = 1 + 16 = 17 per 32.
    EXPECT_EQ(ggml_type_info(12)->type_size, 144u);
    EXPECT_EQ(ggml_type_info(14)->type_size, 210u);
    EXPECT_EQ(ggml_type_info(23)->type_size, 136u);
    EXPECT_EQ(ggml_type_info(39)->type_size, 17u);
    EXPECT_EQ(ggml_type_info(39)->block_size, 32u);
    EXPECT_EQ(ggml_type_info(4), nullptr);   // Q4_2, removed
    EXPECT_EQ(ggml_type_info(41), nullptr);
}

// ---- broken inputs: one per failure mode ----

struct BrokenRow {
    const char* name;
    std::function<std::string()> bytes;
    const char* error;      // expected substring of the reader's error
    bool model = false;     // the header reads; the model mapping fails
};

void PrintTo(const BrokenRow& r, std::ostream* os) { *os << r.name; }

std::string head(uint32_t version, uint64_t n_tensors, uint64_t n_kv) {
    return "GGUF" + le(version, 4) + le(n_tensors, 8) + le(n_kv, 8);
}

// A count is checked against the header budget as well as the file: a 4,008-byte array in a 64-byte budget fails
// at its count, before any element is read. Key "a" at 24..33, types to 41, count at 41..49: 64 - 49 = 15 bytes.
TEST(GgufLimitsTest, ArrayCountAgainstTheHeaderBudget) {
    const std::string bytes = head(3, 0, 1) + str("a") + le(9, 4) + le(4, 4) + le(1000, 8) + std::string(4000, '\0');
    MemorySource src(bytes);
    GgufLimits limits;
    limits.max_header = 64;
    Result<GgufFile> f = read_gguf(src, limits);
    ASSERT_FALSE(f.ok());
    EXPECT_NE(f.error().message.find("array of 1000 u32 needs at least 4 bytes each but only 15 bytes are left within "
                                     "the header limit (offset 41)"),
              std::string::npos)
        << f.error().message;
}

class GgufBroken : public ::testing::TestWithParam<BrokenRow> {};

// The error of reading `bytes` as a GGUF file, or of mapping its model when `model`; ok when neither fails.
Error error_of(const std::string& bytes, bool model) {
    MemorySource src(bytes);
    Result<GgufFile> f = read_gguf(src);
    if (!f.ok() || !model) return f.ok() ? make_error(ErrorCode::internal, "ok") : f.error();
    Result<GgufModel> m = gguf_model({*f});
    return m.ok() ? make_error(ErrorCode::internal, "ok") : m.error();
}

TEST_P(GgufBroken, FailsWithItsMessage) {
    const Error e = error_of(GetParam().bytes(), GetParam().model);
    ASSERT_NE(e.code, ErrorCode::internal);
    EXPECT_NE(e.message.find(GetParam().error), std::string::npos) << e.message;
    // A keyed error says the same in English through strings.json as its message (the CLI's and page's text).
    if (!e.key.empty()) EXPECT_EQ(test::english_error(e), e.message);
}

const BrokenRow broken_rows[] = {
    {"empty", [] { return std::string(); }, "magic needs 4 bytes but the file ends after 0"},
    {"bad_magic", [] { return "GGML" + le(3, 4) + le(0, 16); }, "bad magic 'GGML': a GGUF file starts with 'GGUF' (offset 0)"},
    {"version_1", [] { return head(1, 0, 0); }, "GGUF version 1 is not supported"},
    {"version_4", [] { return head(4, 0, 0); }, "GGUF version 4 is not supported (accepted: 2, 3) (offset 4)"},
    {"big_endian", [] { return "GGUF" + std::string("\0\0\0\3", 4) + le(0, 16); }, "big-endian"},
    {"truncated_header", [] { return "GGUF" + le(3, 4) + le(0, 4); },
     "n_tensors needs 8 bytes but the file ends after 4 (file size 12, truncated?) (offset 8)"},
    {"huge_string_length", [] { return head(3, 0, 1) + le(uint64_t{1} << 62, 8) + le(0, 8); },
     "metadata key 0: string length 4611686018427387904 is above the limit 65536 (offset 24)"},
    {"string_past_end", [] { return head(3, 0, 1) + le(100, 8) + "abcdefgh"; },
     "string length 100 is above the 8 bytes left in the file (offset 24)"},
    // key "a" at 24..33, type at 33, element type at 37, count at 41
    {"huge_array_count", [] { return head(3, 0, 1) + str("a") + le(9, 4) + le(4, 4) + le(uint64_t{1} << 40, 8); },
     "metadata 'a': array of 1099511627776 u32 is above the limit of 4294967296 elements (offset 41)"},
    {"array_past_end", [] { return head(3, 0, 1) + str("a") + le(9, 4) + le(4, 4) + le(1000, 8) + le(0, 8); },
     "array of 1000 u32 needs at least 4 bytes each but only 8 bytes are left (offset 41)"},
    // core/limits.h: at most 4096 layers; the reader says which key and the bound.
    {"block_count_above_limit", [] {
         Writer w;
         w.string("general.architecture", "llama").u32("llama.block_count", 4097).tensor("x", {32}, F32);
         return w.bytes();
     }, "metadata 'llama.block_count' is 4097, above the largest accepted 4096", true},
    {"huge_tensor_count", [] { return head(3, uint64_t{1} << 40, 0); },
     "n_tensors is 1099511627776 but must be at most 0"},
    {"huge_kv_count", [] { return head(3, 0, uint64_t{1} << 62); }, "n_kv is 4611686018427387904 but must be at most 0"},
    {"unknown_value_type", [] { return head(3, 0, 1) + str("a") + le(13, 4) + le(0, 8); },
     "metadata 'a': value type 13 is not a GGUF type (accepted: 0..12) (offset 33)"},
    {"bool_not_0_or_1", [] { return head(3, 0, 1) + str("a") + le(7, 4) + le(2, 1); }, "bool value 2 is not 0 or 1"},
    {"nested_too_deep", [] {
         std::string v = le(4, 4) + le(0, 8);  // innermost: empty u32 array
         for (int i = 0; i < 9; ++i) v = le(9, 4) + le(1, 8) + v;
         return head(3, 0, 1) + str("a") + le(9, 4) + v;
     }, "arrays nested deeper than 8"},
    {"duplicate_key", [] { Writer w; w.u32("general.alignment", 32).u32("general.alignment", 64); return w.bytes(); },
     "duplicate metadata key 'general.alignment' (offset 57)"},  // 24 + key (8 + 17) + type 4 + value 4
    {"alignment_not_power_of_two", [] { Writer w; w.alignment = 3; w.u32("general.alignment", 3); return w.bytes(); },
     "general.alignment must be a u32 power of two, got u32 3"},
    // tensor "blk.0.attn_q.weight" (19 chars) at 24: name 8 + 19, n_dims 4, two dims 16 -> type at 71
    {"unknown_ggml_type", [] { Writer w; w.tensor_at("blk.0.attn_q.weight", {32, 32}, 99, 0); return w.header(); },
     "tensor 0 'blk.0.attn_q.weight': type 99 is not a known ggml type (offset 71)"},
    {"removed_ggml_type", [] { Writer w; w.tensor_at("x", {32}, 31, 0); return w.header(); }, "type 31 is not a known ggml type"},
    // tensor "x" at 24: name 9 bytes, n_dims at 33, ne[0] at 37, ne[1] at 45
    {"tensor_dims_overflow", [] { Writer w; w.tensor_at("x", {uint64_t{1} << 32, uint64_t{1} << 32}, F32, 0); return w.header(); },
     "tensor 0 'x': the element count overflows int64 at ne[1] = 4294967296 (offset 45)"},
    {"tensor_dim_negative", [] { Writer w; w.tensor_at("x", {~uint64_t{0}}, F32, 0); return w.header(); }, "is negative as int64"},
    {"too_many_dims", [] { Writer w; w.tensor_at("x", {1, 1, 1, 1, 1}, F32, 0); return w.header(); },
     "n_dims is 5 but must be in [1, 4] (offset 33)"},
    {"row_not_whole_blocks", [] { Writer w; w.tensor_at("x", {100}, Q4_K, 0); return w.header(); },
     "ne[0] = 100 is not a multiple of the Q4_K block size 256"},
    {"duplicate_tensor", [] { Writer w; w.tensor("x", {32}, F32).tensor("x", {32}, F32); return w.bytes(); }, "duplicate tensor 1 'x'"},
    {"misaligned_data_offset", [] { Writer w; w.tensor_at("x", {32}, F32, 7); return w.bytes() + std::string(256, '\0'); },
     "tensor 0 'x': data offset 7 is not a multiple of the alignment 32"},
    {"data_past_end_of_file", [] { Writer w; w.tensor_at("x", {32}, F32, 0); return w.header(); },
     "tensor 0 'x': its 128 bytes of data from byte 0 of the data section lie past the end of the file (the data section has 0 bytes)"},
    // first entry 24 + (8 + 20) + 4 + (8 + 5) = 69; second key 8 + 17, type 4: value at 98
    {"block_count_is_a_string", [] {
         Writer b;
         b.string("general.architecture", "llama").string("llama.block_count", "32").tensor("x", {32}, F32);
         return b.bytes();
     }, "metadata 'llama.block_count' is a string, expected an integer (offset 98)", true},
    {"no_architecture", [] { Writer w; w.tensor("x", {32}, F32); return w.bytes(); }, "general.architecture' is missing", true},
    {"head_count_array_wrong_length", [] {
         Writer w;
         w.string("general.architecture", "a").u32("a.block_count", 3).u32("a.context_length", 8)
             .u32("a.embedding_length", 64).raw("a.attention.head_count", GgufType::array, u32_array({4, 4}))
             .tensor("x", {32}, F32);
         return w.bytes();
     }, "metadata 'a.attention.head_count' has 2 entries, expected one per layer (3)", true},
    {"pure_mamba", [] {
         Writer w;
         w.string("general.architecture", "mamba").u32("mamba.block_count", 2).u32("mamba.context_length", 8)
             .u32("mamba.embedding_length", 64).u32("mamba.attention.head_count", 0).tensor("x", {32}, F32);
         return w.bytes();
     }, "has no attention layers", true},
};
INSTANTIATE_TEST_SUITE_P(Inputs, GgufBroken, ::testing::ValuesIn(broken_rows),
                         [](const auto& info) { return std::string(info.param.name); });

// ---- the errors in Russian (issue #13: a Russian screen shows no English word) ----


struct RussianRow {
    const char* name;
    std::function<std::string()> bytes;
    bool model;           // the header reads; the model mapping fails
    const char* russian;  // the whole message, written from the key's "ru" template in assets/strings.json
    std::vector<std::string> ids;
};

void PrintTo(const RussianRow& r, std::ostream* os) { *os << r.name; }

class GgufRussian : public ::testing::TestWithParam<RussianRow> {};

TEST_P(GgufRussian, SaysItInRussian) {
    const Error e = error_of(GetParam().bytes(), GetParam().model);
    ASSERT_NE(e.code, ErrorCode::internal);
    const std::string ru = test::assets().strings.error_message(e, "ru");
    EXPECT_EQ(ru, GetParam().russian);
    EXPECT_TRUE(test::english_words(ru, GetParam().ids).empty()) << testing::PrintToString(test::english_words(ru, GetParam().ids));
}

const RussianRow russian_rows[] = {
    {"bad_magic", [] { return "GGML" + le(3, 4) + le(0, 16); }, false,
     "неверная сигнатура 'GGML': файл GGUF начинается с 'GGUF' (смещение 0)", {"GGML", "GGUF"}},
    {"version_1", [] { return head(1, 0, 0); }, false,
     "версия GGUF 1 не поддерживается (в ней 32-битные счётчики; допустимы: 2, 3) (смещение 4)", {"GGUF"}},
    {"version_4", [] { return head(4, 0, 0); }, false, "версия GGUF 4 не поддерживается (допустимы: 2, 3) (смещение 4)",
     {"GGUF"}},
    // bytes 00 00 00 03 read little-endian: 3 x 2^24 = 50331648
    {"big_endian", [] { return "GGUF" + std::string("\0\0\0\3", 4) + le(0, 16); }, false,
     "поле версии равно 50\u00a0331\u00a0648 (3, если переставить байты): файл GGUF с обратным порядком байтов (от старшего к "
     "младшему) не поддерживается, читаются только файлы с порядком от младшего к старшему (смещение 4)",
     {"GGUF"}},
    {"truncated_header", [] { return "GGUF" + le(3, 4) + le(0, 4); }, false,
     "файл обрывается: нужно 8 Б, а осталось 4 Б (размер файла 12 Б; файл обрезан?) (смещение 8)", {}},
    {"huge_string_length", [] { return head(3, 0, 1) + le(uint64_t{1} << 62, 8) + le(0, 8); }, false,
     "строка длиной 4\u00a0611\u00a0686\u00a0018\u00a0427\u00a0387\u00a0904 Б длиннее предела 65\u00a0536 Б (смещение 24)", {}},
    // tensor "x" at 24: name 9 bytes, n_dims at 33
    {"too_many_dims", [] { Writer w; w.tensor_at("x", {1, 1, 1, 1, 1}, F32, 0); return w.header(); }, false,
     "n_dims равно 5, а должно быть от 1 до 4 (смещение 33)", {}},
    {"row_not_whole_blocks", [] { Writer w; w.tensor_at("x", {100}, Q4_K, 0); return w.header(); }, false,
     "ne[0] = 100 не кратно размеру блока Q4_K, 256 (смещение 33)", {"ne", "Q4_K"}},  // ne: ggml's name for the dims
    // tensor "blk.0.attn_q.weight" at 24: name 8 + 19, n_dims 4, two dims 16 -> type at 71
    {"unknown_ggml_type", [] { Writer w; w.tensor_at("blk.0.attn_q.weight", {32, 32}, 99, 0); return w.header(); }, false,
     "тип 99 не из известных типов ggml (смещение 71)", {"ggml"}},
    // key (8 + 17) at 24, type 4: the value at 53
    {"alignment_not_power_of_two", [] { Writer w; w.alignment = 3; w.u32("general.alignment", 3); return w.bytes(); }, false,
     "general.alignment должно быть степенью двойки типа u32 (смещение 53)", {"u32"}},
    {"duplicate_key", [] { Writer w; w.u32("general.alignment", 32).u32("general.alignment", 64); return w.bytes(); }, false,
     "ключ метаданных 'general.alignment' повторяется (смещение 57)", {}},
    // header 24 + tensor "x" (8 + 1 name, 4 n_dims, 8 ne, 4 type, 8 offset) = 57, padded to 64 where data starts
    {"data_past_end_of_file", [] { Writer w; w.tensor_at("x", {32}, F32, 0); return w.header(); }, false,
     "тензор 0 'x': данные [0, 0 + 128) выходят за конец файла (в разделе данных 0 Б) (смещение 64)", {"x"}},
    {"no_architecture", [] { Writer w; w.tensor("x", {32}, F32); return w.bytes(); }, true,
     "в метаданных нет 'general.architecture': это не файл модели llama.cpp?", {}},
    {"no_block_count", [] {
         Writer w;
         w.string("general.architecture", "llama").u32("llama.context_length", 8).tensor("x", {32}, F32);
         return w.bytes();
     }, true, "в метаданных нет 'llama.block_count' или там 0", {}},
    {"no_tensors", [] {
         Writer w;
         w.string("general.architecture", "llama").u32("llama.block_count", 1).u32("llama.context_length", 8)
             .u32("llama.embedding_length", 64).u32("llama.attention.head_count", 4);
         return w.bytes();
     }, true, "в файле нет тензоров, и считать веса не из чего", {}},
    // core/limits.h: at most 4096 layers; offsets as in the GgufBroken rows of the same files
    {"block_count_above_limit", [] {
         Writer w;
         w.string("general.architecture", "llama").u32("llama.block_count", 4097).tensor("x", {32}, F32);
         return w.bytes();
     }, true, "в метаданных 'llama.block_count' равно 4\u00a0097, больше допустимого максимума 4\u00a0096 (смещение 98)", {}},
    {"block_count_is_a_string", [] {
         Writer b;
         b.string("general.architecture", "llama").string("llama.block_count", "32").tensor("x", {32}, F32);
         return b.bytes();
     }, true, "в метаданных 'llama.block_count' должно быть целое число, а там значение другого типа (смещение 98)", {}},
    {"pure_mamba", [] {
         Writer w;
         w.string("general.architecture", "mamba").u32("mamba.block_count", 2).u32("mamba.context_length", 8)
             .u32("mamba.embedding_length", 64).u32("mamba.attention.head_count", 0).tensor("x", {32}, F32);
         return w.bytes();
     }, true, "у архитектуры 'mamba' нет слоёв внимания; ContextFit считает KV-кэш только моделей со вниманием и гибридов",
     {"mamba", "ContextFit", "KV"}},
};
INSTANTIATE_TEST_SUITE_P(Inputs, GgufRussian, ::testing::ValuesIn(russian_rows),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(GgufRussianSplit, NamesTheMissingPart) {
    std::vector<Writer> p = split_model();
    Result<GgufModel> m = model_of({p[0], p[2]});
    ASSERT_FALSE(m.ok());
    EXPECT_EQ(test::assets().strings.error_message(m.error(), "ru"),
              "модель разбита на части (всего 3, файлы -0000N-of-3.gguf); не хватает частей: 2; укажите все части");
    EXPECT_EQ(test::english_error(m.error()), m.error().message);
}

}  // namespace

namespace {

// Leaves the fixtures on disk as sparse files (the data region is never written) for the peer cross-check
// (tests/web/gguf_peer.mjs) and the fuzz seeds; a 100 GB file for the benchmark line.
TEST(GgufFixtures, WriteForPeers) {
    const std::string dir = CONTEXTFIT_GGUF_FIXTURES;
    ASSERT_EQ(std::system(("mkdir -p '" + dir + "'").c_str()), 0);
    const std::pair<const char*, Writer> files[] = {
        {"llama-3.1-8b.gguf", llama_8b()},        {"gemma3-27b.gguf", gemma3_27b()},
        {"deepseek-v3.gguf", deepseek_v3(true)},  {"granite-hybrid.gguf", granite_hybrid()},
        {"gpt-oss-20b.gguf", gpt_oss_20b()},      {"lfm2.gguf", lfm2()},
        {"qwen3-next.gguf", qwen3_next()},        {"pattern.gguf", explicit_pattern(true)},
    };
    for (const auto& [name, w] : files) EXPECT_TRUE(w.write_sparse(dir + "/" + name)) << name;
    const std::vector<Writer> parts = split_model();
    for (int i = 0; i < 3; ++i)
        EXPECT_TRUE(parts[i].write_sparse(dir + "/split-0000" + std::to_string(i + 1) + "-of-00003.gguf"));
    // 100 GB: Llama 3.1 8B's header, then the file extended with a 100 GB data tensor nobody reads.
    Writer huge = llama_8b();
    huge.tensor("blk.99.pad.weight", {100000, 1000000}, 24);  // I8, 1 byte per value: 10^11 bytes
    EXPECT_TRUE(huge.write_sparse(dir + "/huge-100g.gguf"));
}

}  // namespace

namespace {

// Seeds for tests/fuzz/corpus/gguf/: headers of the small fixtures and every broken input. Written only when
// CONTEXTFIT_WRITE_GGUF_SEEDS names a folder (the corpus is committed; rerun this after changing fixtures).
TEST(GgufFixtures, WriteFuzzSeeds) {
    const char* dir = std::getenv("CONTEXTFIT_WRITE_GGUF_SEEDS");
    if (!dir) GTEST_SKIP() << "set CONTEXTFIT_WRITE_GGUF_SEEDS to write the fuzz seeds";
    auto save = [&](const std::string& name, const std::string& bytes) {
        FILE* f = std::fopen((std::string(dir) + "/" + name).c_str(), "wb");
        ASSERT_NE(f, nullptr) << name;
        EXPECT_EQ(std::fwrite(bytes.data(), 1, bytes.size(), f), bytes.size());
        std::fclose(f);
    };
    const std::pair<const char*, Writer> files[] = {
        {"deepseek-v3", deepseek_v3(true)},  {"deepseek-v3-pre-mla", deepseek_v3(false)},
        {"granite-hybrid", granite_hybrid()}, {"gpt-oss-20b", gpt_oss_20b()}, {"lfm2", lfm2()},
        {"qwen3-next", qwen3_next()},         {"pattern-array", explicit_pattern(true)},
        {"pattern-period", explicit_pattern(false)},
    };
    for (const auto& [name, w] : files) save(std::string(name) + ".gguf", w.header());
    const std::vector<Writer> parts = split_model();
    for (int i = 0; i < 3; ++i) save("split-" + std::to_string(i + 1) + ".gguf", parts[i].header());
    for (const BrokenRow& row : broken_rows) save(std::string("bad-") + row.name, row.bytes());
}

}  // namespace
