#include "gguf_model.h"

#include <algorithm>
#include <limits>
#include <map>
#include <optional>
#include <set>

#include "catalog.h"
#include "limits.h"

// Sections: 1. tables  2. metadata access with type checks  3. layers  4. tensors and split parts  5. the model

namespace contextfit {
namespace {

Error bad(uint64_t offset, const std::string& message, std::string key, Substitutions args) {
    return gguf_error(offset, message, std::move(key), std::move(args));
}
std::string shown(std::string_view bytes) { return gguf_printable(bytes); }

// ---- 1. tables ----

// llama.cpp include/llama.h enum llama_ftype, named as src/llama-model-loader.cpp llama_model_ftype_name
// shortens them; ids 4-6 and 33-35 were removed.
constexpr const char* file_type_names[] = {
    "F32",     "F16",     "Q4_0",    "Q4_1",   nullptr,   nullptr,  nullptr,    "Q8_0",    "Q5_0",
    "Q5_1",    "Q2_K",    "Q3_K_S",  "Q3_K_M", "Q3_K_L",  "Q4_K_S", "Q4_K_M",   "Q5_K_S",  "Q5_K_M",
    "Q6_K",    "IQ2_XXS", "IQ2_XS",  "Q2_K_S", "IQ3_XS",  "IQ3_XXS", "IQ1_S",   "IQ4_NL",  "IQ3_S",
    "IQ3_M",   "IQ2_S",   "IQ2_M",   "IQ4_XS", "IQ1_M",   "BF16",   nullptr,    nullptr,   nullptr,
    "TQ1_0",   "TQ2_0",   "MXFP4_MOE", "NVFP4",
};
static_assert(sizeof(file_type_names) / sizeof(file_type_names[0]) == 40, "llama_ftype ends at NVFP4 = 39");

// The assets/weight-formats.json id for a file type, where one matches.
const char* weights_id_for(const std::string& file_type) {
    static const std::map<std::string, const char*> ids = {
        {"F32", "f32"},   {"F16", "f16"},       {"BF16", "bf16"},     {"Q8_0", "q8_0"},     {"Q6_K", "q6_k"},
        {"Q5_K_M", "q5_k_m"}, {"Q5_0", "q5_0"}, {"Q4_K_M", "q4_k_m"}, {"Q4_0", "q4_0"},     {"IQ4_XS", "iq4_xs"},
        {"Q3_K_M", "q3_k_m"}, {"Q2_K", "q2_k"}, {"MXFP4_MOE", "mxfp4"},
    };
    auto it = ids.find(file_type);
    return it == ids.end() ? "" : it->second;
}

// ---- 2. metadata access with type checks ----

class Meta {
public:
    Meta(const GgufFile& f, std::string arch) : f_(f), arch_(std::move(arch)) {}

    std::string key(const char* suffix) const { return arch_ + "." + suffix; }
    const GgufKv* find(const std::string& k) const { return f_.find(k); }

    // An integer of any GGUF integer type, >= 0 and <= cap; nullopt when absent.
    Result<std::optional<uint64_t>> uint(const std::string& k, uint64_t cap = std::numeric_limits<uint32_t>::max()) const {
        const GgufKv* kv = f_.find(k);
        if (!kv) return std::optional<uint64_t>();
        return as_uint(kv->value, k, cap);
    }

    // `name`: the metadata key, with "[i]" for an array entry.
    static Result<std::optional<uint64_t>> as_uint(const GgufValue& v, const std::string& name, uint64_t cap) {
        const std::string what = "metadata '" + name + "'";
        uint64_t out = 0;
        switch (v.type) {
            case GgufType::u8: case GgufType::u16: case GgufType::u32: case GgufType::u64: case GgufType::boolean:
                out = v.u;
                break;
            case GgufType::i8: case GgufType::i16: case GgufType::i32: case GgufType::i64:
                if (v.i < 0)
                    return bad(v.offset, what + " is " + std::to_string(v.i) + ", expected a value >= 0",
                               "error_gguf_metadata_negative", {{"key", name}, {"value", std::to_string(v.i)}});
                out = static_cast<uint64_t>(v.i);
                break;
            default:
                return bad(v.offset, what + " is " + article(v.type) + ", expected an integer", "error_gguf_metadata_not_integer",
                           {{"key", name}, {"type", article(v.type)}});
        }
        if (out > cap)
            return bad(v.offset, what + " is " + std::to_string(out) + ", above the largest accepted " + std::to_string(cap),
                       "error_gguf_metadata_above", {{"key", name}, {"value", std::to_string(out)}, {"max", std::to_string(cap)}});
        return std::optional<uint64_t>(out);
    }

    Result<std::optional<double>> real(const std::string& k) const {
        const GgufKv* kv = f_.find(k);
        if (!kv) return std::optional<double>();
        const GgufValue& v = kv->value;
        if (v.type == GgufType::f32 || v.type == GgufType::f64) {
            if (!(v.f == v.f) || v.f < 0 || v.f > 1e12)
                return bad(v.offset, "metadata '" + k + "' is " + std::to_string(v.f) + ", expected a finite value >= 0",
                           "error_gguf_metadata_not_finite", {{"key", k}, {"value", std::to_string(v.f)}});
            return std::optional<double>(v.f);
        }
        Result<std::optional<uint64_t>> u = as_uint(v, k, std::numeric_limits<uint64_t>::max());
        if (!u) return u.error();
        return std::optional<double>(static_cast<double>(**u));
    }

    Result<std::optional<std::string>> str(const std::string& k) const {
        const GgufKv* kv = f_.find(k);
        if (!kv) return std::optional<std::string>();
        if (kv->value.type != GgufType::string)
            return bad(kv->value.offset, "metadata '" + k + "' is " + article(kv->value.type) + ", expected a string",
                       "error_gguf_metadata_not_string", {{"key", k}, {"type", article(kv->value.type)}});
        return std::optional<std::string>(kv->value.s);
    }

    // A value per layer: a scalar repeated, or an array of exactly n_layer integers or bools (llama.cpp
    // llama_model_loader::get_key_or_arr). Empty when absent.
    Result<std::vector<uint64_t>> per_layer(const std::string& k, uint32_t n_layer, uint64_t cap) const {
        const GgufKv* kv = f_.find(k);
        if (!kv) return std::vector<uint64_t>();
        const GgufValue& v = kv->value;
        const std::string what = "metadata '" + k + "'";
        if (v.type != GgufType::array) {
            Result<std::optional<uint64_t>> u = as_uint(v, k, cap);
            if (!u) return u.error();
            return std::vector<uint64_t>(n_layer, **u);
        }
        if (v.count != n_layer)
            return bad(v.offset, what + " has " + std::to_string(v.count) + " entries, expected one per layer (" +
                                     std::to_string(n_layer) + ")",
                       "error_gguf_metadata_per_layer",
                       {{"key", k}, {"n", std::to_string(v.count)}, {"layers", std::to_string(n_layer)}});
        if (!v.complete)
            return bad(v.offset, what + " was too large to keep in memory", "error_gguf_per_layer_room", {{"key", k}});
        std::vector<uint64_t> out;
        for (size_t i = 0; i < v.items.size(); ++i) {
            Result<std::optional<uint64_t>> u = as_uint(v.items[i], k + "[" + std::to_string(i) + "]", cap);
            if (!u) return u.error();
            out.push_back(**u);
        }
        return out;
    }

    static std::string article(GgufType t) {
        return t == GgufType::array ? "an array" : t == GgufType::string ? "a string" : std::string("a ") + gguf_type_name(t);
    }

private:
    const GgufFile& f_;
    std::string arch_;
};

// ---- 3. layers: attention, windows, recurrent state ----

// Architectures whose SWA layers llama.cpp lays out with a fixed period (src/llama-model.cpp load_hparams:
// hparams.set_swa_pattern(n[, dense_first]); src/llama-hparams.cpp: layer il is SWA when il % n < n - 1, or with
// dense_first when il % n != 0). llama4 uses chunked attention with n_swa = 8192 set in code.
struct SwaArch {
    const char* arch;
    uint32_t period;
    bool dense_first;
    LocalAttention type;
    uint32_t default_window;  // when the file has no sliding_window key
};
constexpr SwaArch swa_archs[] = {
    {"gemma2", 2, false, LocalAttention::sliding, 4096},    {"gemma3", 6, false, LocalAttention::sliding, 0},
    {"gemma3n", 5, false, LocalAttention::sliding, 0},      {"gemma-embedding", 6, false, LocalAttention::sliding, 0},
    {"cohere2", 4, false, LocalAttention::sliding, 0},      {"gpt-oss", 2, false, LocalAttention::sliding, 0},
    {"llama4", 4, false, LocalAttention::chunked, 8192},    {"olmo3", 4, false, LocalAttention::sliding, 0},
    {"exaone4", 4, false, LocalAttention::sliding, 0},      {"smallthinker", 4, true, LocalAttention::sliding, 0},
};

const SwaArch* swa_arch(const std::string& arch) {
    for (const SwaArch& a : swa_archs)
        if (arch == a.arch) return &a;
    return nullptr;
}

bool is_pattern_swa(uint32_t il, uint32_t period, bool dense_first) {
    if (period == 0) return true;
    return dense_first ? il % period != 0 : il % period < period - 1;
}

// Tokenizer family (assets/text.json) from tokenizer.ggml.pre / model (llama.cpp src/llama-vocab.cpp names).
std::string tokenizer_family(const std::string& pre, const std::string& model, const std::string& arch, uint64_t n_vocab,
                             const std::string& name) {
    if (pre == "llama-bpe" || pre == "llama3") return "llama3";
    if (pre == "qwen2" || pre == "qwen35") return "qwen";
    if (pre == "deepseek-v3") return "deepseek_v3";
    if (pre == "tekken") return "tekken";
    if (pre == "gpt-4o") return "o200k";
    if (arch.rfind("gemma", 0) == 0) return "gemma";
    if (model == "llama" && (n_vocab == 32000 || n_vocab == 32768)) {
        std::string lower;
        for (char ch : name) lower += static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
        return lower.find("mistral") != std::string::npos || lower.find("mixtral") != std::string::npos ? "mistral_v1"
                                                                                                         : "llama2";
    }
    return "generic";
}

// The reader keeps per-layer arrays whole only up to max_kept_items elements.
static_assert(GgufLimits{}.max_kept_items >= max_n_layer, "a per-layer array of max_n_layer entries must be kept");

struct Layers {
    std::vector<uint64_t> n_head, n_head_kv;
    std::vector<char> recurrent, swa;  // flags per layer (char: vector<bool> links its own bit-packing code)
};

// Heads per layer, and which layers are recurrent.
Status map_layer_heads(const Meta& m, const std::string& arch, GgufModel& out, Layers& L) {
    const ModelSpec& s = out.spec;
    const uint32_t n = s.n_layer;
    Result<std::vector<uint64_t>> heads = m.per_layer(m.key("attention.head_count"), n, max_model_dim);
    if (!heads) return heads.error();
    if (heads->empty()) return make_error(ErrorCode::bad_data, "metadata '" + m.key("attention.head_count") + "' is missing",
                                                 "error_gguf_metadata_missing", {{"key", m.key("attention.head_count")}});
    L.n_head = *heads;
    Result<std::vector<uint64_t>> kv = m.per_layer(m.key("attention.head_count_kv"), n, max_model_dim);
    if (!kv) return kv.error();
    L.n_head_kv = kv->empty() ? L.n_head : *kv;  // llama.cpp: n_head_kv defaults to n_head

    // Recurrent layers: a full_attention_interval (qwen3next: every 4th layer attends) or no KV heads
    // (llama.cpp hparams.recurrent_layer_arr[il] = n_head_kv(il) == 0 for jamba, granitehybrid, lfm2, nemotron_h).
    Result<std::optional<uint64_t>> interval = m.uint(m.key("full_attention_interval"), max_n_layer);
    if (!interval) return interval.error();
    // src/models/qwen3next.cpp and minimax-01.cpp: full_attention_interval defaults to 4 and 8.
    const uint64_t every = interval->value_or(arch == "qwen3next" ? 4 : arch == "minimax-01" ? 8 : 0);
    L.recurrent.assign(n, false);
    for (uint32_t il = 0; il < n; ++il) L.recurrent[il] = every > 0 ? (il + 1) % every != 0 : L.n_head_kv[il] == 0;
    if (arch == "mamba" || arch == "mamba2" || arch.rfind("rwkv", 0) == 0)
        return make_error(ErrorCode::bad_data, "architecture '" + arch + "' has no attention layers; ContextFit sizes "
                                               "KV caches of attention models and hybrids only",
                          "error_gguf_no_attention", {{"arch", arch}});
    if (arch == "falcon-h1")
        out.notes.push_back({"gguf_note_falcon_h1", {}});
    return ok_status();
}

// One head count for the model: the widest layer's, with a note when layers differ.
Status map_head_counts(const Meta& m, GgufModel& out, Layers& L) {
    ModelSpec& s = out.spec;
    const uint32_t n = s.n_layer;
    uint64_t kv_min = 0, kv_max = 0, head_max = 0;
    for (uint32_t il = 0; il < n; ++il) {
        head_max = std::max(head_max, L.n_head[il]);
        if (L.recurrent[il]) continue;
        if (L.n_head_kv[il] == 0) L.n_head_kv[il] = L.n_head[il];
        kv_max = std::max(kv_max, L.n_head_kv[il]);
        kv_min = kv_min == 0 ? L.n_head_kv[il] : std::min(kv_min, L.n_head_kv[il]);
    }
    if (head_max == 0) return make_error(ErrorCode::bad_data, "metadata '" + m.key("attention.head_count") + "' is 0 in every layer",
                                                  "error_gguf_metadata_zero_all", {{"key", m.key("attention.head_count")}});
    s.n_head = static_cast<uint32_t>(head_max);
    s.n_head_kv = static_cast<uint32_t>(kv_max);
    if (kv_min != kv_max)
        out.notes.push_back({"gguf_note_kv_heads_differ", {{"min", std::to_string(kv_min)}, {"max", std::to_string(kv_max)}}});
    if (s.n_head_kv && s.n_head % s.n_head_kv != 0) s.n_head = s.n_head_kv * (s.n_head / s.n_head_kv + 1);
    return ok_status();
}

// Key and value widths: llama.cpp takes n_embd / n_head (the widest layer's, before any rounding to a multiple of
// n_head_kv) unless the file says otherwise.
Status map_head_dims(const Meta& m, const Layers& L, GgufModel& out) {
    ModelSpec& s = out.spec;
    const uint64_t head_max = *std::max_element(L.n_head.begin(), L.n_head.end());  // n_layer >= 1
    Result<std::optional<uint64_t>> key_len = m.uint(m.key("attention.key_length"), max_model_dim);
    if (!key_len) return key_len.error();
    Result<std::optional<uint64_t>> value_len = m.uint(m.key("attention.value_length"), max_model_dim);
    if (!value_len) return value_len.error();
    const uint64_t head_default = head_max ? s.n_embd / head_max : 0;
    s.n_embd_head_k = static_cast<uint32_t>(key_len->value_or(head_default));
    s.n_embd_head_v = static_cast<uint32_t>(value_len->value_or(head_default));
    return ok_status();
}

Status map_mla(const Meta& m, GgufModel& out) {
    ModelSpec& s = out.spec;
    // MLA (deepseek2 and its kin): files converted after llama.cpp PR #12801 carry key_length = kv_lora_rank +
    // rope dim (576), value_length = kv_lora_rank (512), n_head_kv = 1 and the per-head sizes in *_mla keys;
    // llama.cpp then caches the 576-value latent only (llama-kv-cache.cpp has_v = !is_mla).
    Result<std::optional<uint64_t>> k_mla = m.uint(m.key("attention.key_length_mla"), max_model_dim);
    if (!k_mla) return k_mla.error();
    Result<std::optional<uint64_t>> v_mla = m.uint(m.key("attention.value_length_mla"), max_model_dim);
    if (!v_mla) return v_mla.error();
    Result<std::optional<uint64_t>> kv_lora = m.uint(m.key("attention.kv_lora_rank"), max_model_dim);
    if (!kv_lora) return kv_lora.error();
    if (*k_mla && *v_mla && **k_mla && **v_mla) {
        Result<std::optional<uint64_t>> rope = m.uint(m.key("rope.dimension_count"), max_model_dim);
        if (!rope) return rope.error();
        Result<std::optional<uint64_t>> q_lora = m.uint(m.key("attention.q_lora_rank"), max_model_dim);
        if (!q_lora) return q_lora.error();
        s.is_mla = true;
        s.mla.kv_lora_rank = static_cast<uint32_t>(kv_lora->value_or(s.n_embd_head_v));
        s.mla.qk_rope_head_dim = static_cast<uint32_t>(rope->value_or(s.n_embd_head_k - s.mla.kv_lora_rank));
        s.mla.qk_nope_head_dim = static_cast<uint32_t>(**k_mla > s.mla.qk_rope_head_dim ? **k_mla - s.mla.qk_rope_head_dim : 0);
        s.mla.v_head_dim = static_cast<uint32_t>(**v_mla);
        s.mla.q_lora_rank = static_cast<uint32_t>(q_lora->value_or(0));
        // Described like the catalog: one "KV head" per query head at the expanded sizes; the cache uses the latent.
        s.n_head_kv = s.n_head;
        s.n_embd_head_k = static_cast<uint32_t>(**k_mla);
        s.n_embd_head_v = static_cast<uint32_t>(**v_mla);
    } else if (*kv_lora) {
        out.notes.push_back({"gguf_note_pre_mla", {}});
    }
    return ok_status();
}

// Heads, widths and MLA, in llama.cpp load_hparams order.
Status map_attention(const Meta& m, const std::string& arch, GgufModel& out, Layers& L) {
    Status ok = map_layer_heads(m, arch, out, L);
    if (ok) ok = map_head_counts(m, out, L);
    if (ok) ok = map_head_dims(m, L, out);
    if (ok) ok = map_mla(m, out);
    return ok;
}

Status map_windows(const Meta& m, const std::string& arch, GgufModel& out, Layers& L) {
    ModelSpec& s = out.spec;
    const uint32_t n = s.n_layer;
    Result<std::optional<uint64_t>> window = m.uint(m.key("attention.sliding_window"), uint64_t{1} << 32);
    if (!window) return window.error();
    const SwaArch* known = swa_arch(arch);
    L.swa.assign(n, false);
    // An explicit pattern: a bool (or 0/1) per layer, or one integer period.
    Result<std::vector<uint64_t>> pattern = m.per_layer(m.key("attention.sliding_window_pattern"), n, max_n_layer);
    if (!pattern) return pattern.error();
    const GgufValue* pattern_value = nullptr;
    uint64_t w = window->value_or(known ? known->default_window : 0);
    if (!pattern->empty()) {
        pattern_value = &m.find(m.key("attention.sliding_window_pattern"))->value;
        const bool per_layer = pattern_value->type == GgufType::array;
        for (uint32_t il = 0; il < n; ++il)
            L.swa[il] = per_layer ? (*pattern)[il] != 0
                                  : is_pattern_swa(il, static_cast<uint32_t>((*pattern)[il]), known && known->dense_first);
        s.swa_type = known ? known->type : LocalAttention::sliding;
        s.swa_in_llama_cpp = true;
    } else if (known) {
        for (uint32_t il = 0; il < n; ++il) L.swa[il] = is_pattern_swa(il, known->period, known->dense_first);
        s.swa_type = known->type;
        s.swa_in_llama_cpp = true;
    } else if (w > 0 && arch == "phi3") {
        // llama.cpp reads phi3's window but logs "Phi SWA is currently disabled" and caches every layer in full;
        // described like the catalog's Phi-3 entries: all layers windowed, not applied by llama.cpp.
        L.swa.assign(n, true);
        s.swa_type = LocalAttention::sliding;
        s.swa_in_llama_cpp = false;
    } else if (w > 0) {
        out.notes.push_back({"gguf_note_window_not_applied", {{"window", std::to_string(w)}, {"arch", arch}}});
        w = 0;
    }
    if (w == 0) L.swa.assign(n, false);
    if (w > std::numeric_limits<uint32_t>::max())
        return make_error(ErrorCode::bad_data, "metadata '" + m.key("attention.sliding_window") + "' is " +
                                                   std::to_string(w) + ", above 2^32",
                          "error_gguf_window_too_large", {{"key", m.key("attention.sliding_window")}, {"value", std::to_string(w)}});
    s.n_swa = static_cast<uint32_t>(w);
    return ok_status();
}

Status map_recurrent(const Meta& m, const std::string& arch, GgufModel& out, const Layers& L) {
    ModelSpec& s = out.spec;
    uint32_t n_rec = 0;
    for (bool r : L.recurrent) n_rec += r ? 1 : 0;
    s.recurrent.n_layer = n_rec;
    if (n_rec == 0) return ok_status();
    // MiniMax-01's lightning attention keeps a head_dim x head_dim matrix per head and no convolution
    // (src/llama-hparams.cpp n_embd_s: n_embd_head_la^2 x n_head).
    if (arch == "minimax-01") {
        s.recurrent.kind = "lightning_attention";
        s.recurrent.state_values = uint64_t{s.n_embd_head_k} * s.n_embd_head_k * s.n_head;
        return ok_status();
    }
    // llama.cpp src/llama-hparams.cpp: n_embd_r = (ssm_d_conv - 1) x (ssm_d_inner + 2 x ssm_n_group x ssm_d_state),
    // n_embd_s = ssm_d_state x ssm_d_inner; lfm2's short convolution: n_embd_r = n_embd x (l_cache - 1), no S.
    if (arch == "lfm2" || arch == "lfm2moe") {
        Result<std::optional<uint64_t>> l_cache = m.uint(m.key("shortconv.l_cache"), max_model_dim);
        if (!l_cache) return l_cache.error();
        s.recurrent.kind = "shortconv";
        s.recurrent.conv_values = uint64_t{s.n_embd} * (l_cache->value_or(1) > 0 ? l_cache->value_or(1) - 1 : 0);
        return ok_status();
    }
    Result<std::optional<uint64_t>> d_conv = m.uint(m.key("ssm.conv_kernel"), max_model_dim);
    if (!d_conv) return d_conv.error();
    Result<std::optional<uint64_t>> d_inner = m.uint(m.key("ssm.inner_size"), max_model_dim);
    if (!d_inner) return d_inner.error();
    Result<std::optional<uint64_t>> d_state = m.uint(m.key("ssm.state_size"), max_model_dim);
    if (!d_state) return d_state.error();
    Result<std::optional<uint64_t>> n_group = m.uint(m.key("ssm.group_count"), max_model_dim);
    if (!n_group) return n_group.error();
    if (!*d_inner || !*d_state) {
        out.notes.push_back({"gguf_note_no_ssm_sizes", {{"layers", std::to_string(n_rec)}}});
        s.recurrent.kind = "unknown";
        return ok_status();
    }
    const uint64_t conv = d_conv->value_or(0), inner = **d_inner, state = **d_state, group = n_group->value_or(0);
    s.recurrent.kind = arch == "qwen3next" ? "gated_deltanet" : group > 0 ? "mamba2" : "mamba1";
    s.recurrent.state_values = state * inner;
    s.recurrent.conv_values = (conv > 0 ? conv - 1 : 0) * (inner + 2 * group * state);
    return ok_status();
}

// ---- 4. tensors and split parts ----

// "blk.12.ffn_gate_inp.weight" -> 12; -1 when the name has no block number.
long block_of(const std::string& name) {
    if (name.rfind("blk.", 0) != 0) return -1;
    long b = 0;
    size_t i = 4;
    for (; i < name.size() && name[i] >= '0' && name[i] <= '9' && i < 12; ++i) b = b * 10 + (name[i] - '0');
    return i > 4 && i < name.size() && name[i] == '.' ? b : -1;
}

struct TensorTotals {
    uint64_t n_tensors = 0, elements = 0, bytes = 0, embd = 0, output = 0, experts = 0, vocab_rows = 0;
    std::set<long> moe_blocks;
};

Result<TensorTotals> sum_tensors(const std::vector<const GgufFile*>& parts) {
    TensorTotals t;
    std::set<std::string> names;
    for (size_t p = 0; p < parts.size(); ++p)
        for (const GgufTensor& x : parts[p]->tensors) {
            if (!names.insert(x.name).second)
                return make_error(ErrorCode::bad_data, "tensor '" + shown(x.name) + "' appears in two split parts",
                                  "error_gguf_split_tensor_twice", {{"name", shown(x.name)}});
            ++t.n_tensors;
            t.elements += x.n_elements;
            t.bytes += x.n_bytes;
            if (x.name == "token_embd.weight") {
                t.embd += x.n_elements;
                t.vocab_rows = x.n_dims >= 2 ? x.ne[1] : 0;
            }
            if (x.name == "output.weight") t.output += x.n_elements;
            if (x.name.find("_exps.") != std::string::npos) t.experts += x.n_elements;
            if (x.name.find(".ffn_gate_inp.") != std::string::npos) t.moe_blocks.insert(block_of(x.name));
        }
    return t;
}

// Orders split parts by split.no and checks that all split.count parts are there.
Result<std::vector<const GgufFile*>> order_parts(const std::vector<GgufFile>& parts) {
    if (parts.empty()) return make_error(ErrorCode::invalid_input, "no GGUF file given", "error_gguf_no_file", {});
    std::vector<const GgufFile*> ordered;
    uint64_t count = 0;
    for (size_t i = 0; i < parts.size(); ++i) {
        Meta m(parts[i], "split");
        Result<std::optional<uint64_t>> c = m.uint("split.count", 65535);
        if (!c) return c.error();
        Result<std::optional<uint64_t>> no = m.uint("split.no", 65535);
        if (!no) return no.error();
        const uint64_t part_count = c->value_or(1), part_no = no->value_or(0);
        if (i == 0) {
            count = part_count == 0 ? 1 : part_count;
            ordered.assign(static_cast<size_t>(count), nullptr);  // split.count <= 65535
        } else if (part_count != count) {
            return make_error(ErrorCode::invalid_input, "file " + std::to_string(i + 1) + " says split.count = " +
                                                            std::to_string(part_count) + ", the first file " +
                                                            std::to_string(count) + ": parts of different models?",
                              "error_gguf_split_count_differs",
                              {{"file", std::to_string(i + 1)}, {"count", std::to_string(part_count)},
                               {"first", std::to_string(count)}});
        }
        if (part_no >= count)
            return make_error(ErrorCode::bad_data, "file " + std::to_string(i + 1) + ": split.no " +
                                                       std::to_string(part_no) + " is not below split.count " +
                                                       std::to_string(count),
                              "error_gguf_split_no_range",
                              {{"file", std::to_string(i + 1)}, {"no", std::to_string(part_no)}, {"count", std::to_string(count)}});
        if (ordered[static_cast<size_t>(part_no)])
            return make_error(ErrorCode::invalid_input, "split part " + std::to_string(part_no + 1) + " of " +
                                                            std::to_string(count) + " was given twice",
                              "error_gguf_split_twice", {{"part", std::to_string(part_no + 1)}, {"count", std::to_string(count)}});
        ordered[static_cast<size_t>(part_no)] = &parts[i];
    }
    std::string missing;
    for (size_t i = 0; i < ordered.size(); ++i)
        if (!ordered[i]) missing += (missing.empty() ? "" : ", ") + std::to_string(i + 1);
    if (!missing.empty())
        return make_error(ErrorCode::invalid_input, "a split model of " + std::to_string(count) +
                                                        " parts (-0000N-of-" + std::to_string(count) +
                                                        ".gguf); missing part(s) " + missing + ": give all parts",
                          "error_gguf_split_missing", {{"count", std::to_string(count)}, {"missing", missing}});
    return ordered;
}

// ---- 5. sizes, context, vocabulary, identity: the whole model ----

std::string model_id(const std::string& name, const std::string& arch) {
    std::string id = "gguf:";
    for (char ch : name.empty() ? arch : name) {
        if (id.size() >= 80) break;
        const char lower = ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch - 'A' + 'a') : ch;
        const bool plain = (lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9') || lower == '.' ||
                           lower == '_';
        if (plain) id += lower;
        else if (id.back() != '-') id += '-';
    }
    return id;
}

Status map_context(const Meta& m, GgufModel& out) {
    ModelSpec& s = out.spec;
    Result<std::optional<uint64_t>> ctx = m.uint(m.key("context_length"), max_n_ctx);
    if (!ctx) return ctx.error();
    if (!*ctx || **ctx == 0)
        return make_error(ErrorCode::bad_data, "metadata '" + m.key("context_length") + "' is missing or 0",
                          "error_gguf_metadata_missing_or_zero", {{"key", m.key("context_length")}});
    s.n_ctx_train = s.n_ctx_advertised = s.n_ctx_limit = **ctx;
    s.context_note = "context_length " + std::to_string(**ctx) + " from the file";
    Result<std::optional<std::string>> type = m.str(m.key("rope.scaling.type"));
    if (!type) return type.error();
    Result<std::optional<double>> factor = m.real(m.key("rope.scaling.factor"));
    if (!factor) return factor.error();
    Result<std::optional<uint64_t>> original = m.uint(m.key("rope.scaling.original_context_length"), max_n_ctx);
    if (!original) return original.error();
    if (*type && **type != "none") {
        s.context_note += "; rope scaling " + **type;
        if (*factor) s.context_note += " x" + std::to_string(static_cast<uint64_t>(**factor + 0.5));
        if (*original) s.context_note += " from " + std::to_string(**original);
    }
    return ok_status();
}

Status map_sizes(const Meta& m, GgufModel& out) {
    ModelSpec& s = out.spec;
    Result<std::optional<uint64_t>> n_layer = m.uint(m.key("block_count"), max_n_layer);
    if (!n_layer) return n_layer.error();
    if (!*n_layer || **n_layer == 0)
        return make_error(ErrorCode::bad_data, "metadata '" + m.key("block_count") + "' is missing or 0",
                          "error_gguf_metadata_missing_or_zero", {{"key", m.key("block_count")}});
    s.n_layer = static_cast<uint32_t>(**n_layer);
    Result<std::optional<uint64_t>> n_embd = m.uint(m.key("embedding_length"), max_model_dim);
    if (!n_embd) return n_embd.error();
    if (!*n_embd || **n_embd == 0)
        return make_error(ErrorCode::bad_data, "metadata '" + m.key("embedding_length") + "' is missing or 0",
                          "error_gguf_metadata_missing_or_zero", {{"key", m.key("embedding_length")}});
    s.n_embd = static_cast<uint32_t>(**n_embd);
    Result<std::vector<uint64_t>> ff = m.per_layer(m.key("feed_forward_length"), s.n_layer, max_model_dim);
    if (!ff) return ff.error();
    for (uint64_t x : *ff) s.n_ff = std::max(s.n_ff, static_cast<uint32_t>(x));
    Result<std::optional<uint64_t>> ff_exp = m.uint(m.key("expert_feed_forward_length"), max_model_dim);
    if (!ff_exp) return ff_exp.error();
    Result<std::optional<uint64_t>> ff_shexp = m.uint(m.key("expert_shared_feed_forward_length"), max_model_dim);
    if (!ff_shexp) return ff_shexp.error();
    s.n_ff_exp = static_cast<uint32_t>(ff_exp->value_or(0));
    s.n_ff_shexp = static_cast<uint32_t>(ff_shexp->value_or(0));
    const char* moe_keys[] = {"expert_count", "expert_shared_count", "expert_used_count"};
    uint32_t* moe_fields[] = {&s.moe.n_expert, &s.moe.n_expert_shared, &s.moe.n_expert_used};
    for (int i = 0; i < 3; ++i) {
        Result<std::optional<uint64_t>> v = m.uint(m.key(moe_keys[i]), max_model_dim);
        if (!v) return v.error();
        *moe_fields[i] = static_cast<uint32_t>(v->value_or(0));
    }
    return ok_status();
}

Status map_vocab(const Meta& m, const TensorTotals& t, const std::string& arch, GgufModel& out) {
    ModelSpec& s = out.spec;
    Result<std::optional<uint64_t>> vocab = m.uint(m.key("vocab_size"), max_model_dim);
    if (!vocab) return vocab.error();
    uint64_t n_vocab = vocab->value_or(0);
    if (const GgufKv* tokens = m.find("tokenizer.ggml.tokens"); tokens && n_vocab == 0) {
        if (tokens->value.type != GgufType::array)
            return bad(tokens->value.offset, "metadata 'tokenizer.ggml.tokens' is " + Meta::article(tokens->value.type) +
                                                 ", expected an array",
                       "error_gguf_tokens_not_array", {{"type", Meta::article(tokens->value.type)}});
        n_vocab = tokens->value.count;
    }
    if (n_vocab == 0) n_vocab = t.vocab_rows;
    if (n_vocab > max_model_dim)
        return make_error(ErrorCode::bad_data, "vocabulary of " + std::to_string(n_vocab) + " tokens is above " +
                                                   std::to_string(max_model_dim) + ", the most accepted",
                          "error_gguf_vocab_too_large", {{"n", std::to_string(n_vocab)}, {"max", std::to_string(max_model_dim)}});
    s.n_vocab = static_cast<uint32_t>(n_vocab);
    Result<std::optional<std::string>> pre = m.str("tokenizer.ggml.pre");
    if (!pre) return pre.error();
    Result<std::optional<std::string>> model = m.str("tokenizer.ggml.model");
    if (!model) return model.error();
    s.tokenizer = tokenizer_family(pre->value_or(""), model->value_or(""), arch, n_vocab, s.display_name);
    return ok_status();
}

void map_params(const TensorTotals& t, GgufModel& out) {
    ModelSpec& s = out.spec;
    s.n_params = t.elements;
    s.n_params_embedding = t.embd + t.output;
    s.tie_word_embeddings = t.output == 0;
    uint64_t inactive = 0;
    if (s.moe.n_expert > 0 && s.moe.n_expert_used <= s.moe.n_expert)
        inactive = t.experts / s.moe.n_expert * (s.moe.n_expert - s.moe.n_expert_used);
    s.n_params_active = t.elements - std::min(t.elements, t.embd + inactive);
    if (s.moe.n_expert == 0) s.n_params_active = s.n_params;
    s.params_exact = true;
    s.params_note = "sum of the elements of the file's " + std::to_string(t.n_tensors) + " tensors";
    if (s.moe.n_expert > 0) {
        s.moe.n_layer_moe = static_cast<uint32_t>(t.moe_blocks.size());
        s.moe.n_layer_dense = s.n_layer > s.moe.n_layer_moe ? s.n_layer - s.moe.n_layer_moe : 0;
    }
}

// general.architecture names the key prefix of every model key ("llama.block_count").
Result<std::string> architecture(const GgufFile& first) {
    Result<std::optional<std::string>> arch = Meta(first, "").str("general.architecture");
    if (!arch) return arch.error();
    if (!*arch || (*arch)->empty())
        return make_error(ErrorCode::bad_data, "metadata 'general.architecture' is missing: not a llama.cpp model file?",
                          "error_gguf_no_architecture", {});
    if ((*arch)->size() > 64)
        return make_error(ErrorCode::bad_data, "general.architecture '" + shown(**arch) + "' is too long",
                          "error_gguf_architecture_too_long", {{"arch", shown(**arch)}});
    return **arch;
}

Status map_identity(const Meta& m, const std::string& arch, GgufModel& out) {
    ModelSpec& s = out.spec;
    s.arch = arch;
    s.family = arch;
    Result<std::optional<std::string>> name = m.str("general.name");
    if (!name) return name.error();
    s.display_name = name->value_or(arch).substr(0, 120);
    s.id = model_id(name->value_or(""), arch);
    Result<std::optional<std::string>> org = m.str("general.organization");
    if (!org) return org.error();
    s.developer = org->value_or("").substr(0, 120);
    s.sources.push_back("GGUF header of the file (" + std::to_string(out.n_parts) + " part(s))");
    s.verification = "read from the file's GGUF header; not checked against an engine";
    return ok_status();
}

// split.tensors.count (gguf-split) must match what the parts hold, and a model needs tensors to be sized.
Status check_tensor_count(const Meta& m, const TensorTotals& totals) {
    Result<std::optional<uint64_t>> split_tensors = m.uint("split.tensors.count", uint64_t{1} << 32);
    if (!split_tensors) return split_tensors.error();
    if (*split_tensors && **split_tensors != totals.n_tensors)
        return make_error(ErrorCode::bad_data, "split.tensors.count is " + std::to_string(**split_tensors) +
                                                   " but the parts hold " + std::to_string(totals.n_tensors) + " tensors",
                          "error_gguf_split_tensor_count",
                          {{"count", std::to_string(**split_tensors)}, {"n", std::to_string(totals.n_tensors)}});
    if (totals.n_tensors == 0) return make_error(ErrorCode::bad_data, "the file has no tensors, so no weights to size",
                          "error_gguf_no_tensors", {});
    return ok_status();
}

// Counts full and sliding layers (recurrent ones hold no KV cache) and names the attention variant.
Status map_layer_kinds(const Layers& layers, const std::string& arch, ModelSpec& s) {
    for (uint32_t il = 0; il < s.n_layer; ++il) {
        if (layers.recurrent[il]) continue;
        if (layers.swa[il]) ++s.n_layer_swa;
        else ++s.n_layer_full;
    }
    if (s.n_layer_full + s.n_layer_swa == 0)
        return make_error(ErrorCode::bad_data, "no layer of '" + arch + "' has attention heads (head_count_kv is 0 in all " +
                                                   std::to_string(s.n_layer) + ")",
                          "error_gguf_no_attention_heads", {{"arch", arch}, {"n", std::to_string(s.n_layer)}});
    s.attention_kind = s.is_mla ? "mla"
                       : s.recurrent.n_layer ? "hybrid"
                       : s.n_head_kv == s.n_head ? "mha"
                       : s.n_head_kv == 1        ? "mqa"
                                                 : "gqa";
    return ok_status();
}

Status map_file_type(const Meta& m, const TensorTotals& totals, GgufModel& out) {
    Result<std::optional<uint64_t>> ftype = m.uint("general.file_type");
    if (!ftype) return ftype.error();
    out.file_type = static_cast<uint32_t>(ftype->value_or(0));
    out.file_type_name = *ftype ? gguf_file_type_name(out.file_type) : "unknown";
    out.weights_id = weights_id_for(out.file_type_name);
    out.weights_bytes = totals.bytes;
    out.n_tensors = totals.n_tensors;
    return ok_status();
}

}  // namespace

std::string gguf_file_type_name(uint32_t file_type) {
    constexpr size_t n = sizeof(file_type_names) / sizeof(file_type_names[0]);
    if (file_type < n && file_type_names[file_type]) return file_type_names[file_type];
    return "unknown (" + std::to_string(file_type) + ")";
}

Result<GgufModel> gguf_model(const std::vector<GgufFile>& files) {
    Result<std::vector<const GgufFile*>> parts = order_parts(files);
    if (!parts) return parts.error();
    Result<std::string> arch = architecture(*parts->front());
    if (!arch) return arch.error();
    const Meta m(*parts->front(), *arch);
    GgufModel out;
    out.n_parts = static_cast<uint32_t>(parts->size());
    Result<TensorTotals> totals = sum_tensors(*parts);
    if (!totals) return totals.error();
    Layers layers;
    Status ok = map_identity(m, *arch, out);
    if (ok) ok = check_tensor_count(m, *totals);
    if (ok) ok = map_sizes(m, out);
    if (ok) ok = map_context(m, out);
    if (ok) ok = map_attention(m, *arch, out, layers);
    if (ok) ok = map_windows(m, *arch, out, layers);
    if (ok) ok = map_recurrent(m, *arch, out, layers);
    if (ok) ok = map_vocab(m, *totals, *arch, out);
    if (ok) ok = map_layer_kinds(layers, *arch, out.spec);
    if (ok) ok = map_file_type(m, *totals, out);
    if (!ok) return ok.error();
    map_params(*totals, out);
    if (Status valid = validate_model(out.spec); !valid)
        return within(valid.error(), "the model in this file cannot be sized: ", "error_gguf_cannot_size");
    return out;
}

}  // namespace contextfit
