// Architecture fields (core/arch_fields.h). Expected texts are written by hand from the layout in the header;
// the model figures from Llama 3.1 8B's config.json; the ranges from core/limits.h.
#include <gtest/gtest.h>

#include <string>

#include "arch_fields.h"
#include "test_assets.h"

namespace contextfit {
namespace {

// Llama 3.1 8B by hand from its config.json (32 layers, hidden 4096, 32 heads, 8 KV heads, head 128, FFN 14336,
// vocab 128256, 131072 positions), 8,030,261,248 parameters (hand count in cli_test.cpp), embedding + untied output
// 2 x 128256 x 4096 = 1,050,673,152; the Q4_K_M GGUF fixture's tensor table: 4,517,937,152 bytes.
ModelSpec llama_8b_by_hand() {
    ModelSpec m;
    m.id = arch_model_id;
    m.n_layer = 32;
    m.n_embd = 4096;
    m.n_head = 32;
    m.n_head_kv = 8;
    m.n_embd_head_k = m.n_embd_head_v = 128;
    m.n_vocab = 128256;
    m.n_ff = 14336;
    m.n_layer_full = 32;
    m.n_ctx_limit = 131072;
    m.n_params = m.n_params_active = 8030261248ull;
    m.n_params_embedding = 1050673152ull;
    m.params_exact = true;
    return m;
}

TEST(ArchFields, EncodesTheLayoutText) {
    EXPECT_EQ(encode_arch(llama_8b_by_hand(), 4517937152ull),
              "l32.e4096.h32.kv8.dk128.dv128.voc128256.ff14336.lf32.ctx131072.p8030261248.pe1050673152.px1.w4517937152");
}

TEST(ArchFields, EncodesWindowsMlaAndRecurrentLayers) {
    ModelSpec m = llama_8b_by_hand();  // the dimensions do not matter here, only which tags appear
    m.n_layer_full = 8;
    m.n_layer_swa = 16;
    m.n_swa = 1024;
    m.swa_type = LocalAttention::sliding;
    m.swa_in_llama_cpp = true;
    m.recurrent = {"mamba2", 8, 4096, 768};
    m.is_mla = true;
    m.mla = {512, 64, 128, 128, 1536};
    m.n_params_active = 1000;
    EXPECT_EQ(encode_arch(m, 0),
              "l32.e4096.h32.kv8.dk128.dv128.voc128256.ff14336.lf8.ls16.swa1024.st1.sl1.mla512.mr64.mn128.mv128.mq1536"
              ".rk2.rl8.rs4096.rc768.ctx131072.p8030261248.pa1000.pe1050673152.px1");
}

TEST(ArchFields, DecodesTheHandWrittenText) {
    Result<ArchFields> a = decode_arch("l32.e4096.h32.kv8.dk128.dv128.voc128256.ff14336.ctx131072.p8030261248.w4517937152");
    ASSERT_TRUE(a) << a.error().message;
    const ModelSpec& m = a->model;
    EXPECT_EQ(m.n_layer, 32u);
    EXPECT_EQ(m.n_layer_full, 32u);  // lf absent: l - ls - rl = 32 - 0 - 0
    EXPECT_EQ(m.n_head_kv, 8u);
    EXPECT_EQ(m.attention_kind, "gqa");  // 8 KV heads for 32 query heads
    EXPECT_EQ(m.n_ctx_limit, 131072u);
    EXPECT_EQ(m.n_ctx_train, 131072u);
    EXPECT_EQ(m.n_params, 8030261248ull);
    EXPECT_EQ(m.n_params_active, 8030261248ull);  // pa absent: dense
    EXPECT_FALSE(m.params_exact);
    EXPECT_EQ(a->weights_bytes, 4517937152ull);
    EXPECT_EQ(m.id, "your-model");
    EXPECT_EQ(m.display_name, "");  // no name= yet: a shell shows its own words ("your_model")
    EXPECT_EQ(m.tokenizer, "generic");
}

// Catalog models of every attention kind: encoded, decoded, the KV arithmetic sees the same model.
class ArchRoundTrip : public testing::TestWithParam<const char*> {};

TEST_P(ArchRoundTrip, SameKvFigures) {
    const ModelSpec* m = test::assets().catalog.find(GetParam());
    ASSERT_NE(m, nullptr);
    const std::string text = encode_arch(*m, 123456789);
    Result<ArchFields> a = decode_arch(text);
    ASSERT_TRUE(a) << text << ": " << a.error().message;
    EXPECT_EQ(encode_arch(a->model, a->weights_bytes), text);
    EXPECT_EQ(a->weights_bytes, 123456789u);
    const ModelSpec& d = a->model;
    EXPECT_EQ(d.n_layer_full, m->n_layer_full);
    EXPECT_EQ(d.n_layer_swa, m->n_layer_swa);
    EXPECT_EQ(d.n_swa, m->n_swa);
    EXPECT_EQ(d.swa_in_llama_cpp, m->swa_in_llama_cpp);
    EXPECT_EQ(d.is_mla, m->is_mla);
    EXPECT_EQ(d.mla.kv_lora_rank, m->mla.kv_lora_rank);
    EXPECT_EQ(d.recurrent.n_layer, m->recurrent.n_layer);
    EXPECT_EQ(d.recurrent.kind, m->recurrent.kind);
    EXPECT_EQ(d.recurrent.state_values, m->recurrent.state_values);
    EXPECT_EQ(d.n_params_active, m->n_params_active);
    EXPECT_EQ(d.attention_kind, m->attention_kind);
    EXPECT_LT(text.size(), 300u);  // well inside the 4 KiB link
}

INSTANTIATE_TEST_SUITE_P(Catalog, ArchRoundTrip,
                         testing::Values("llama-3.1-8b", "gemma-3-27b", "deepseek-v3", "jamba-1.5-mini",
                                         "qwen3-next-80b-a3b", "gpt-oss-20b", "mixtral-8x7b"),
                         [](const testing::TestParamInfo<const char*>& info) {
                             std::string name = info.param;
                             for (char& c : name) c = (c == '-' || c == '.') ? '_' : c;
                             return name;
                         });

struct ArchErrorRow {
    const char* name;
    const char* text;
    const char* message_part;
};

class ArchErrors : public testing::TestWithParam<ArchErrorRow> {};

TEST_P(ArchErrors, PreciseMessage) {
    Result<ArchFields> a = decode_arch(GetParam().text);
    ASSERT_FALSE(a);
    EXPECT_NE(a.error().message.find(GetParam().message_part), std::string::npos) << a.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Rows, ArchErrors,
    testing::Values(
        ArchErrorRow{"Empty", "", "'' is not a field"},
        ArchErrorRow{"UnknownTag", "l32.zz5", "'zz5' is not a field"},
        ArchErrorRow{"EmptyItem", "l32..e4096", "'' is not a field"},
        // Layer counts are bounded by core/limits.h max_n_layer = 4096.
        ArchErrorRow{"NoNumber", "l", "l=: n_layer must be a whole number from 1 to 4096"},
        ArchErrorRow{"LayersOverLimit", "l4097", "l=4097: n_layer must be a whole number from 1 to 4096"},
        // Widths and head counts by max_model_dim = 2^24 = 16777216.
        ArchErrorRow{"WidthOverLimit", "l32.e16777217", "e=16777217: n_embd must be a whole number from 1 to 16777216"},
        ArchErrorRow{"ZeroLayers", "l0.e4096.h32.kv8.dk128.dv128.ctx1.p1", "l=0: n_layer must be"},
        ArchErrorRow{"NegativeHeads", "l32.e4096.h-32", "h=-32: n_head must be"},
        ArchErrorRow{"Fraction", "l32.e4096.h32.kv8.dk128.dv128.ctx1.5.p1", "'5' is not a field"},
        ArchErrorRow{"TwentyDigits", "l32.p99999999999999999999", "p=99999999999999999999"},
        // Contexts by max_n_ctx = 2^34 = 17179869184 tokens.
        ArchErrorRow{"ContextOver2To34", "l32.e4096.h32.kv8.dk128.dv128.ctx17179869185.p1", "ctx=17179869185: n_ctx_limit must be a whole number from 1 to 17179869184"},
        ArchErrorRow{"Twice", "l32.l16", "l (n_layer) appears twice"},
        ArchErrorRow{"MissingParams", "l32.e4096.h32.kv8.dk128.dv128.ctx131072", "p (n_params) is missing"},
        // validate_model(): 32 query heads cannot share 5 KV heads evenly
        ArchErrorRow{"HeadsNotMultiple", "l32.e4096.h32.kv5.dk128.dv128.ctx131072.p1", "not a multiple of n_head_kv (5)"},
        ArchErrorRow{"LayersDoNotAddUp", "l32.e4096.h32.kv8.dk128.dv128.lf30.ctx131072.p1", "!= n_layer (32)"},
        ArchErrorRow{"WindowMissing", "l32.e4096.h32.kv8.dk128.dv128.ls16.ctx131072.p1", "sliding layers without a window"},
        ArchErrorRow{"SwaTypeOutOfRange", "l32.st3", "st=3: swa type must be a whole number from 0 to 2"}),
    [](const testing::TestParamInfo<ArchErrorRow>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace contextfit
