// Sections: 1. limits and tables  2. the field reader  3. layer kinds  4. experts  5. recurrent state
//           6. parse_hf_config
#include "hf_config.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "catalog.h"
#include "json_fields.h"
#include "limits.h"
#include "params.h"

namespace contextfit {
namespace {

// ---- 1. limits and tables ----

// The bounds are core/limits.h's. A config.json's widths also feed params.cpp's products, so the ones that
// multiply there are capped finer, derived from those bounds, to keep the largest product below 2^63
// (n_layer x n_expert x 3 x n_embd x n_ff_exp) while staying far above any real model (largest seen: n_embd 25600,
// n_ff 59392, 512 experts, 126 layers, vocab 262208). validate_model() then checks the general bounds.
constexpr uint32_t max_layers = max_n_layer / 4;         // 1024
constexpr uint32_t max_embd = max_model_dim >> 6;        // 2^18
constexpr uint32_t max_heads = max_model_dim >> 12;      // 2^12
constexpr uint32_t max_head_dim = max_model_dim >> 12;   // 2^12
constexpr uint32_t max_ff = max_model_dim >> 4;          // 2^20
constexpr uint32_t max_vocab = max_model_dim >> 2;       // 2^22
constexpr uint32_t max_experts = max_model_dim >> 12;    // 2^12
constexpr uint32_t max_small = max_model_dim >> 12;      // state sizes, kernel widths, periods
static_assert(uint64_t{max_layers} * max_experts * 3 * max_embd * max_ff < (uint64_t{1} << 63),
              "the largest parameter product in params.cpp must stay below 2^63");

struct TypeInfo {
    const char* model_type;
    const char* arch;          // llama.cpp general.architecture (convert_hf_to_gguf.py)
    bool tie_default;          // transformers' default for tie_word_embeddings in configuration_<type>.py
};

const TypeInfo types[] = {
    {"llama", "llama", false},          {"mistral", "llama", false},        {"mixtral", "llama", false},
    {"qwen2", "qwen2", false},          {"qwen3", "qwen3", false},          {"qwen3_moe", "qwen3moe", false},
    {"qwen3_next", "qwen3next", false}, {"gemma2", "gemma2", true},         {"gemma3", "gemma3", true},
    {"gemma3_text", "gemma3", true},    {"phi3", "phi3", false},            {"deepseek_v2", "deepseek2", false},
    {"deepseek_v3", "deepseek2", false}, {"cohere", "command-r", true},     {"cohere2", "cohere2", true},
    {"gpt_oss", "gpt-oss", false},      {"jamba", "jamba", false},          {"granitemoehybrid", "granitehybrid", false},
    {"falcon", "falcon", true},
};

// Model classes in "architectures", for configs whose model_type is a fork's own name (kimi_k2 is DeepSeek-V3).
const std::pair<const char*, const char*> class_types[] = {
    {"LlamaForCausalLM", "llama"},         {"MistralForCausalLM", "mistral"},
    {"MixtralForCausalLM", "mixtral"},     {"Qwen2ForCausalLM", "qwen2"},
    {"Qwen3ForCausalLM", "qwen3"},         {"Qwen3MoeForCausalLM", "qwen3_moe"},
    {"Qwen3NextForCausalLM", "qwen3_next"}, {"Gemma2ForCausalLM", "gemma2"},
    {"Gemma3ForCausalLM", "gemma3_text"},  {"Gemma3ForConditionalGeneration", "gemma3"},
    {"Phi3ForCausalLM", "phi3"},           {"DeepseekV2ForCausalLM", "deepseek_v2"},
    {"DeepseekV3ForCausalLM", "deepseek_v3"}, {"CohereForCausalLM", "cohere"},
    {"Cohere2ForCausalLM", "cohere2"},     {"GptOssForCausalLM", "gpt_oss"},
    {"JambaForCausalLM", "jamba"},         {"GraniteMoeHybridForCausalLM", "granitemoehybrid"},
    {"FalconForCausalLM", "falcon"},       {"RWForCausalLM", "falcon"},
};

// transformers' class defaults for fields that published configs leave out (configuration_<type>.py).
struct Default {
    const char* model_type;
    const char* key;
    uint32_t value;
};
const Default defaults[] = {
    {"gemma3", "num_attention_heads", 8},   {"gemma3", "num_key_value_heads", 4},  {"gemma3", "head_dim", 256},
    {"gemma3", "vocab_size", 262208},       {"gemma3", "max_position_embeddings", 131072},
    {"gemma3", "sliding_window", 4096},     {"gemma3", "sliding_window_pattern", 6},
    {"gemma2", "sliding_window", 4096},     {"cohere2", "sliding_window", 4096},
    {"cohere2", "sliding_window_pattern", 4}, {"falcon", "max_position_embeddings", 2048},
    {"jamba", "mamba_d_state", 16},         {"jamba", "mamba_d_conv", 4},          {"jamba", "mamba_expand", 2},
    {"jamba", "expert_layer_period", 2},    {"jamba", "expert_layer_offset", 1},
    {"jamba", "attn_layer_period", 8},      {"jamba", "attn_layer_offset", 4},
    {"qwen3_next", "linear_conv_kernel_dim", 4}, {"qwen3_next", "linear_key_head_dim", 128},
    {"qwen3_next", "linear_value_head_dim", 128}, {"qwen3_next", "linear_num_key_heads", 16},
    {"qwen3_next", "linear_num_value_heads", 32}, {"qwen3_next", "full_attention_interval", 4},
    {"granitemoehybrid", "mamba_d_conv", 4}, {"granitemoehybrid", "mamba_n_groups", 1},
    {"granitemoehybrid", "mamba_expand", 2},
};

const TypeInfo* find_type(const std::string& model_type) {
    const std::string t = (model_type == "RefinedWeb" || model_type == "RefinedWebModel") ? "falcon" : model_type;
    for (const TypeInfo& info : types)
        if (t == info.model_type) return &info;
    return nullptr;
}

// Text cut to 60 printable ASCII bytes, so hostile strings never reach a message whole.
std::string printable(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (out.size() >= 60) return out + "...";
        out += (c >= 0x20 && c < 0x7f) ? c : '?';
    }
    return out;
}

// A field's value as a message shows it: scalars as written, containers by kind. Not json::dump(): that
// would link nlohmann's serializer into the page for three error messages.
std::string shown_value(const json& v) {
    if (v.is_string()) return "\"" + v.get<std::string>() + "\"";
    if (v.is_number_unsigned()) return std::to_string(v.get<uint64_t>());
    if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
    if (v.is_number_float()) {
        char text[32];
        std::snprintf(text, sizeof text, "%.17g", v.get<double>());
        return text;
    }
    if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
    if (v.is_null()) return "null";
    return v.is_array() ? "an array" : "an object";
}

// Refuses what nlohmann's recursive parser should never see: text over the size cap or nested too deep.
// Brackets inside strings do not count; unbalanced text is left for the parser to reject.
Status check_shape(std::string_view text) {
    if (text.size() > max_hf_config_bytes)
        return make_error(ErrorCode::invalid_input,
                          "config.json is " + std::to_string(text.size()) + " bytes; at most " +
                              std::to_string(max_hf_config_bytes) + " are read (real configs are under 100 KB)",
                          "error_config_too_big",
                          {{"n", std::to_string(text.size())}, {"max", std::to_string(max_hf_config_bytes)}});
    int depth = 0;
    bool in_string = false, escaped = false;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (escaped) escaped = false;
            else if (c == '\\') escaped = true;
            else if (c == '"') in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '{' || c == '[') {
            if (++depth > max_hf_config_depth)
                return make_error(ErrorCode::invalid_input,
                                  "config.json nests deeper than " + std::to_string(max_hf_config_depth) +
                                      " levels at byte " + std::to_string(i),
                                  "error_config_too_deep",
                                  {{"max", std::to_string(max_hf_config_depth)}, {"at", std::to_string(i)}});
        } else if ((c == '}' || c == ']') && depth > 0) {
            --depth;
        }
    }
    return ok_status();
}

// ---- 2. the field reader ----

// Looks a key up in text_config first, then at the top level; keeps the first error.
class Reader {
public:
    Reader(const json& root, const json* text, std::string model_type, std::vector<Message>& warnings)
        : root_(root), text_(text), type_(std::move(model_type)), warnings_(warnings) {}

    bool ok() const { return ok_; }
    const Error& error() const { return error_; }
    const std::string& type() const { return type_; }

    // `key` and `args` phrase the error in the reader's language (Strings::error_message).
    void fail(const std::string& message, std::string key = {}, Substitutions args = {}) {
        if (!ok_) return;
        ok_ = false;
        error_ = make_error(ErrorCode::invalid_input, "config.json: " + message, std::move(key), std::move(args));
    }
    void warn(const char* key, Substitutions args = {}) { warnings_.push_back({key, std::move(args)}); }

    const json* find(const char* key) const {
        for (const json* obj : {text_, &root_}) {
            if (!obj) continue;
            auto it = obj->find(key);
            if (it != obj->end() && !it->is_null()) return &*it;
        }
        return nullptr;
    }
    std::string path(const char* key) const {
        return (text_ && text_->contains(key)) ? std::string("text_config.") + key : std::string(key);
    }

    // A whole number in [min, max]; false when absent (or after an error).
    bool u64(const char* key, uint64_t& out, uint64_t min, uint64_t max) {
        const json* v = ok_ ? find(key) : nullptr;
        if (!v) return false;
        const std::string where = "field '" + path(key) + "'";
        const std::string range =
            " must be a whole number from " + std::to_string(min) + " to " + std::to_string(max);
        Substitutions args{{"field", path(key)}, {"min", std::to_string(min)}, {"max", std::to_string(max)}};
        const auto out_of_range = [&](const std::string& value) {
            args.emplace_back("value", value);
            fail(where + " = " + value + range, "error_config_field_range", std::move(args));
        };
        uint64_t x = 0;
        if (v->is_number_unsigned()) {
            x = v->get<uint64_t>();
        } else if (v->is_number_integer()) {
            out_of_range(std::to_string(v->get<int64_t>()));
            return false;
        } else if (v->is_number_float()) {
            const double d = v->get<double>();
            if (!std::isfinite(d) || d != std::floor(d) || d < 0 || d > 1e18) {
                char shown[32];
                std::snprintf(shown, sizeof shown, "%.17g", d);
                out_of_range(shown);
                return false;
            }
            x = static_cast<uint64_t>(d);
        } else {
            args.emplace_back("type", v->type_name());
            fail(where + " is " + v->type_name() + ";" + range, "error_config_field_not_number", std::move(args));
            return false;
        }
        if (x < min || x > max) {
            out_of_range(std::to_string(x));
            return false;
        }
        out = x;
        return true;
    }
    bool u32(const char* key, uint32_t& out, uint32_t min, uint32_t max) {
        uint64_t x = 0;
        if (!u64(key, x, min, max)) return false;
        out = static_cast<uint32_t>(x);
        return true;
    }
    // First of `keys` present, else the transformers default for this model_type (with a warning), else an error.
    uint32_t need(std::initializer_list<const char*> keys, uint32_t min, uint32_t max) {
        uint32_t x = 0;
        for (const char* k : keys)
            if (find(k)) return u32(k, x, min, max) ? x : 0;
        const char* first = *keys.begin();
        if (const uint32_t d = default_of(first)) {
            warn("config_note_default", {{"field", first}, {"value", std::to_string(d)}, {"type", type_}});
            return d;
        }
        std::string names, listed;
        for (const char* k : keys) {
            names += (names.empty() ? "'" : " or '") + std::string(k) + "'";
            listed += (listed.empty() ? "'" : ", '") + std::string(k) + "'";
        }
        fail("field " + names + " is missing", "error_config_field_missing", {{"names", names}, {"listed", listed}});
        return 0;
    }
    uint32_t optional(const char* key, uint32_t min, uint32_t max) {
        uint32_t x = 0;
        if (find(key)) return u32(key, x, min, max) ? x : 0;
        return default_of(key);
    }
    bool flag(const char* key, bool fallback) {
        const json* v = ok_ ? find(key) : nullptr;
        if (!v) return fallback;
        if (!v->is_boolean()) {
            fail("field '" + path(key) + "' is " + v->type_name() + "; must be true or false", "error_config_field_not_bool",
                 {{"field", path(key)}, {"type", v->type_name()}});
            return fallback;
        }
        return v->get<bool>();
    }
    // The array at key with exactly n entries, or nullptr (absent, or an error was recorded).
    const json* array(const char* key, size_t n) {
        const json* v = ok_ ? find(key) : nullptr;
        if (!v) return nullptr;
        if (!v->is_array()) {
            fail("field '" + path(key) + "' is " + v->type_name() + "; must be an array", "error_config_field_not_array",
                 {{"field", path(key)}, {"type", v->type_name()}});
            return nullptr;
        }
        if (n && v->size() != n) {
            fail("field '" + path(key) + "' has " + std::to_string(v->size()) + " entries; num_hidden_layers is " +
                     std::to_string(n),
                 "error_config_field_entries",
                 {{"field", path(key)}, {"n", std::to_string(v->size())}, {"layers", std::to_string(n)}});
            return nullptr;
        }
        return v;
    }

private:
    uint32_t default_of(const char* key) const {
        const std::string t = type_ == "gemma3_text" ? "gemma3" : type_;
        for (const Default& d : defaults)
            if (t == d.model_type && std::string(key) == d.key) return d.value;
        return 0;
    }

    const json& root_;
    const json* text_;
    std::string type_;
    std::vector<Message>& warnings_;
    bool ok_ = true;
    Error error_;
};

// ---- 3. layer kinds ----

enum Kind : char { full = 'F', sliding = 'S', chunked = 'C', recurrent = 'R' };

bool kinds_from_names(Reader& r, const char* key, std::vector<char>& kinds) {
    const json* list = r.array(key, kinds.size());
    if (!list) return false;
    for (size_t i = 0; i < kinds.size(); ++i) {
        const json& e = (*list)[i];
        const std::string s = e.is_string() ? e.get<std::string>() : std::string();
        if (s == "full_attention" || s == "attention") kinds[i] = full;
        else if (s == "sliding_attention") kinds[i] = sliding;
        else if (s == "chunked_attention") kinds[i] = chunked;
        else if (s == "linear_attention" || s == "mamba" || s == "mamba2") kinds[i] = recurrent;
        else {
            r.fail("field '" + r.path(key) + "[" + std::to_string(i) + "]' = " + printable(shown_value(e)) +
                       " is not one of: full_attention, sliding_attention, chunked_attention, linear_attention, "
                       "attention, mamba",
                   "error_config_layer_type",
                   {{"field", r.path(key) + "[" + std::to_string(i) + "]"}, {"value", printable(shown_value(e))}});
            return false;
        }
    }
    return true;
}

bool kinds_from_type_list(Reader& r, std::vector<char>& kinds) {
    const json* list = r.array("attn_type_list", kinds.size());
    if (!list) return false;
    for (size_t i = 0; i < kinds.size(); ++i) {
        const json& e = (*list)[i];
        if (!e.is_number_integer() || (e.get<int64_t>() != 0 && e.get<int64_t>() != 1)) {
            r.fail("field 'attn_type_list[" + std::to_string(i) + "]' = " + printable(shown_value(e)) +
                       " must be 0 (linear attention) or 1 (softmax attention)",
                   "error_config_attn_type", {{"i", std::to_string(i)}, {"value", printable(shown_value(e))}});
            return false;
        }
        kinds[i] = e.get<int64_t>() == 1 ? full : recurrent;
    }
    return true;
}

// Every layer's kind, from the first layer-pattern field the config has (see the header's list).
std::vector<char> layer_kinds(Reader& r, uint32_t n_layer) {
    std::vector<char> kinds(n_layer, full);
    const std::string& t = r.type();
    if (kinds_from_names(r, "layer_types", kinds) || kinds_from_names(r, "layers_block_type", kinds) ||
        kinds_from_type_list(r, kinds) || !r.ok())
        return kinds;
    if (r.find("attn_layer_period") || t == "jamba") {
        const uint32_t period = r.need({"attn_layer_period"}, 1, max_small);
        const uint32_t offset = r.need({"attn_layer_offset"}, 0, max_small);
        if (r.ok() && offset >= period) r.fail("attn_layer_offset (" + std::to_string(offset) +
                                                   ") must be below attn_layer_period (" + std::to_string(period) + ")",
                                               "error_config_layer_offset",
                                               {{"offset", std::to_string(offset)}, {"period", std::to_string(period)}});
        for (uint32_t i = 0; r.ok() && i < n_layer; ++i) kinds[i] = i % period == offset ? full : recurrent;
        return kinds;
    }
    if (r.find("full_attention_interval") || t == "qwen3_next") {
        const uint32_t interval = r.need({"full_attention_interval"}, 1, max_small);
        for (uint32_t i = 0; r.ok() && i < n_layer; ++i) kinds[i] = (i + 1) % interval == 0 ? full : recurrent;
        return kinds;
    }
    if (r.find("sliding_window_pattern") || t == "gemma3" || t == "gemma3_text" || t == "cohere2") {
        const uint32_t pattern = r.need({"sliding_window_pattern"}, 1, max_small);
        for (uint32_t i = 0; r.ok() && i < n_layer; ++i) kinds[i] = (i + 1) % pattern == 0 ? full : sliding;
        return kinds;
    }
    if (t == "gemma2") {
        // Gemma 2: even layers use the local window, odd layers attend globally (modeling_gemma2.py, layer_idx % 2 == 0).
        for (uint32_t i = 0; i < n_layer; ++i) kinds[i] = i % 2 == 0 ? sliding : full;
        return kinds;
    }
    const bool has_window = r.find("sliding_window") != nullptr;
    if (has_window && t == "mistral") {
        std::fill(kinds.begin(), kinds.end(), sliding);
    } else if (has_window && t == "phi3") {
        r.warn("config_note_phi3_window");
    } else if (has_window && (t == "qwen2" || t == "qwen3" || t == "qwen3_moe") && r.flag("use_sliding_window", false)) {
        r.warn("config_note_qwen_window");
    } else if (has_window && t != "qwen2" && t != "qwen3" && t != "qwen3_moe" && t != "mixtral") {
        r.warn("config_note_window_no_pattern");
    }
    return kinds;
}

// ---- 4. experts ----

// Which layers route to experts, and the FFN widths; widths follow the catalog's convention (import-catalog):
// n_ff only when some layer is dense, n_ff_shexp = total shared width.
// Which layers route to experts: DeepSeek, Qwen-MoE and Jamba name the dense ones in different ways.
std::vector<char> moe_layers(Reader& r, uint32_t n_layer) {
    std::vector<char> is_moe(n_layer, true);  // char: vector<bool> links its own bit-packing code
    const uint32_t first_dense = r.optional("first_k_dense_replace", 0, n_layer);
    const uint32_t freq = r.optional("moe_layer_freq", 1, max_small);
    const uint32_t step = r.optional("decoder_sparse_step", 1, max_small);
    const bool jamba_rule = r.find("expert_layer_period") || r.type() == "jamba";
    const uint32_t period = jamba_rule ? r.need({"expert_layer_period"}, 1, max_small) : 1;
    const uint32_t offset = jamba_rule ? r.need({"expert_layer_offset"}, 0, max_small) : 0;
    if (!r.ok()) return is_moe;  // a rejected period reads as 0: never divide by it
    for (uint32_t i = 0; i < n_layer; ++i) {
        if (i < first_dense) is_moe[i] = false;                          // DeepSeek: first_k_dense_replace
        if (freq > 1 && i % freq != 0) is_moe[i] = false;                // DeepSeek: moe_layer_freq
        if (step > 1 && (i + 1) % step != 0) is_moe[i] = false;          // Qwen-MoE: decoder_sparse_step
        if (jamba_rule && i % period != offset) is_moe[i] = false;       // Jamba: expert_layer_period/offset
    }
    if (const json* only = r.array("mlp_only_layers", 0)) {             // Qwen-MoE: dense layers by index
        for (const json& idx : *only) {
            if (!idx.is_number_unsigned() || idx.get<uint64_t>() >= n_layer) {
                r.fail("field 'mlp_only_layers' holds " + printable(shown_value(idx)) + "; entries must be layer indices below " +
                           std::to_string(n_layer),
                       "error_config_mlp_only_layers", {{"value", printable(shown_value(idx))}, {"n", std::to_string(n_layer)}});
                return is_moe;
            }
            is_moe[static_cast<size_t>(idx.get<uint64_t>())] = false;  // below n_layer, checked above
        }
    }
    return is_moe;
}

void read_shared_experts(Reader& r, ModelSpec& m) {
    uint32_t shared_width = r.optional("shared_expert_intermediate_size", 1, max_ff);
    if (r.type() == "granitemoehybrid") shared_width = r.optional("shared_intermediate_size", 1, max_ff);
    const uint32_t n_shared = r.optional("n_shared_experts", 0, max_experts);
    if (n_shared > 0) {
        m.moe.n_expert_shared = n_shared;
        m.n_ff_shexp = n_shared * m.n_ff_exp;
    } else if (shared_width > 0) {
        m.moe.n_expert_shared = 1;
        m.n_ff_shexp = shared_width;
    }
}

void read_experts(Reader& r, ModelSpec& m, uint32_t intermediate) {
    const std::string& t = r.type();
    const uint32_t n_expert = r.optional(r.find("n_routed_experts") ? "n_routed_experts"
                                         : r.find("num_local_experts") ? "num_local_experts" : "num_experts",
                                         0, max_experts);
    if (n_expert <= 1 || !r.ok()) {
        m.n_ff = t == "granitemoehybrid" ? r.optional("shared_intermediate_size", 1, max_ff) : intermediate;
        if (t == "granitemoehybrid" && m.n_ff == 0) m.n_ff = intermediate;
        return;
    }
    MoeSpec& e = m.moe;
    e.n_expert = n_expert;
    e.n_expert_used = r.need({"num_experts_per_tok", "experts_per_token"}, 1, n_expert);
    const uint32_t moe_width = r.optional("moe_intermediate_size", 1, max_ff);
    m.n_ff_exp = moe_width ? moe_width : intermediate;
    const std::vector<char> is_moe = moe_layers(r, m.n_layer);
    if (!r.ok()) return;
    for (char b : is_moe) (b ? e.n_layer_moe : e.n_layer_dense)++;
    if (e.n_layer_dense > 0) m.n_ff = intermediate;
    read_shared_experts(r, m);
}

// ---- 5. recurrent state ----

// State and convolution values per layer and sequence, as the catalog records them:
//   mamba1 (Jamba)            d_inner = expand * n_embd; state d_inner * d_state; conv (d_conv - 1) * d_inner
//   mamba2 (Granite 4.0-H)    state n_heads * d_head * d_state; conv (d_conv - 1) * (d_inner + 2 * n_groups * d_state)
//   gated DeltaNet (Qwen3-Next) state v_heads * k_dim * v_dim; conv (kernel - 1) * (2 * k_heads * k_dim + v_heads * v_dim)
//   lightning (MiniMax)       state n_head * head_dim^2; no convolution
// (llama.cpp src/llama-model.cpp n_embd_r / n_embd_s for each arch.)
void read_recurrent(Reader& r, ModelSpec& m, uint32_t n_rec) {
    RecurrentSpec& s = m.recurrent;
    s.n_layer = n_rec;
    const std::string& t = r.type();
    if (t == "jamba") {
        s.kind = "mamba1";
        const uint64_t d_inner = uint64_t{r.need({"mamba_expand"}, 1, 64)} * m.n_embd;
        s.state_values = d_inner * r.need({"mamba_d_state"}, 1, max_small);
        s.conv_values = (r.need({"mamba_d_conv"}, 2, max_small) - 1) * d_inner;
    } else if (t == "granitemoehybrid") {
        s.kind = "mamba2";
        const uint64_t heads = r.need({"mamba_n_heads"}, 1, max_heads);
        const uint64_t d_head = r.need({"mamba_d_head"}, 1, max_head_dim);
        const uint64_t d_state = r.need({"mamba_d_state"}, 1, max_small);
        const uint64_t groups = r.need({"mamba_n_groups"}, 1, max_small);
        s.state_values = heads * d_head * d_state;
        s.conv_values = (r.need({"mamba_d_conv"}, 2, max_small) - 1) * (heads * d_head + 2 * groups * d_state);
    } else if (t == "qwen3_next") {
        s.kind = "gated_deltanet";
        const uint64_t k_heads = r.need({"linear_num_key_heads"}, 1, max_heads);
        const uint64_t v_heads = r.need({"linear_num_value_heads"}, 1, max_heads);
        const uint64_t k_dim = r.need({"linear_key_head_dim"}, 1, max_head_dim);
        const uint64_t v_dim = r.need({"linear_value_head_dim"}, 1, max_head_dim);
        s.state_values = v_heads * k_dim * v_dim;
        s.conv_values = (r.need({"linear_conv_kernel_dim"}, 2, max_small) - 1) * (2 * k_heads * k_dim + v_heads * v_dim);
    } else if (r.find("attn_type_list")) {
        s.kind = "lightning_attention";
        s.state_values = uint64_t{m.n_head} * m.n_embd_head_k * m.n_embd_head_v;
        r.warn("config_note_lightning");
    } else {
        r.fail("model_type '" + printable(t) + "' has " + std::to_string(n_rec) +
                   " recurrent layers whose state size is not known (read for jamba, granitemoehybrid, qwen3_next, minimax)",
               "error_config_recurrent_unknown", {{"type", printable(t)}, {"n", std::to_string(n_rec)}});
    }
}

// ---- 6. parse_hf_config ----

std::string tokenizer_of(const std::string& t, uint32_t n_vocab) {
    // Families of assets/text.json, by the vocabulary each family's tokenizer has.
    if (t == "llama") return n_vocab == 128256 ? "llama3" : n_vocab == 32000 ? "llama2" : "generic";
    if (t == "mistral" || t == "mixtral") return n_vocab == 131072 ? "tekken" : n_vocab <= 32768 ? "mistral_v1" : "generic";
    if (t.rfind("qwen", 0) == 0) return "qwen";
    if (t.rfind("gemma", 0) == 0) return "gemma";
    if (t == "phi3") return n_vocab == 32064 ? "llama2" : n_vocab == 100352 ? "cl100k" : "generic";
    if (t == "deepseek_v3" && n_vocab == 129280) return "deepseek_v3";
    if (t == "gpt_oss") return "o200k";
    return "generic";
}

std::string attention_kind(const ModelSpec& m) {
    if (m.recurrent.n_layer > 0) return "hybrid";
    if (m.is_mla) return "mla";
    if (m.n_head_kv == m.n_head) return "mha";
    return m.n_head_kv == 1 ? "mqa" : "gqa";
}

// model_type, or the class in "architectures" when model_type is unknown; warns about what it assumed.
std::string resolve_type(const json& root, const json* text, std::vector<Message>& warnings) {
    std::string declared;
    for (const json* obj : {&root, text}) {
        if (!obj || !declared.empty()) continue;
        auto it = obj->find("model_type");
        if (it != obj->end() && it->is_string()) declared = it->get<std::string>();
    }
    if (const TypeInfo* info = find_type(declared)) return info->model_type;
    auto arch = root.find("architectures");
    if (arch != root.end() && arch->is_array() && !arch->empty() && (*arch)[0].is_string()) {
        const std::string cls = (*arch)[0].get<std::string>();
        for (const auto& [name, type] : class_types)
            if (cls == name) {
                warnings.push_back({"config_note_type_by_class",
                                    {{"declared", printable(declared)}, {"type", type}, {"class", printable(cls)}}});
                return type;
            }
    }
    warnings.push_back({"config_note_unknown_type", {{"declared", printable(declared)}, {"supported", supported_hf_model_types()}}});
    return declared;
}

void read_identity(const json& root, std::string_view id, const std::string& type, const TypeInfo* info, ModelSpec& m) {
    m.id = std::string(id);
    m.display_name = m.id;
    if (auto it = root.find("_name_or_path"); it != root.end() && it->is_string() && !it->get<std::string>().empty())
        m.display_name = printable(it->get<std::string>());
    m.family = printable(type);
    m.arch = info ? info->arch : printable(type);
    m.sources = {"config.json (" + m.display_name + ")"};
}

// K/V heads: absent means MHA in transformers, except Falcon's multi_query (one K/V head) when the
// new decoder architecture does not name num_kv_heads (configuration_falcon.py).
void read_kv_heads(Reader& r, const std::string& type, ModelSpec& m) {
    const bool kv_given = r.u32("num_key_value_heads", m.n_head_kv, 1, m.n_head) ||
                          (r.ok() && r.u32("num_kv_heads", m.n_head_kv, 1, m.n_head)) ||
                          (r.ok() && r.u32("n_head_kv", m.n_head_kv, 1, m.n_head));
    if (r.ok() && !kv_given) {
        const bool mqa = type == "falcon" && r.flag("multi_query", true) && !r.flag("new_decoder_architecture", false);
        const uint32_t type_default = r.optional("num_key_value_heads", 1, m.n_head);  // absent: the type's default
        m.n_head_kv = mqa ? 1 : type_default ? type_default : m.n_head;
        const std::string heads = std::to_string(m.n_head_kv);
        if (mqa) r.warn("config_note_kv_heads_mqa");
        else if (type_default) r.warn("config_note_default", {{"field", "num_key_value_heads"}, {"value", heads}, {"type", type}});
        else r.warn("config_note_kv_heads_mha", {{"value", heads}});
    }
    if (r.ok() && m.n_head % m.n_head_kv != 0)
        r.fail("num_attention_heads (" + std::to_string(m.n_head) + ") is not a multiple of num_key_value_heads (" +
                   std::to_string(m.n_head_kv) + ")",
               "error_config_kv_heads_multiple", {{"heads", std::to_string(m.n_head)}, {"kv", std::to_string(m.n_head_kv)}});
}

void read_head_dims(Reader& r, const std::string& type, ModelSpec& m) {
    if (r.find("kv_lora_rank")) {  // DeepSeek MLA (configuration_deepseek_v3.py)
        m.is_mla = true;
        m.mla.kv_lora_rank = r.need({"kv_lora_rank"}, 1, max_embd);
        m.mla.qk_rope_head_dim = r.need({"qk_rope_head_dim"}, 1, max_head_dim);
        m.mla.qk_nope_head_dim = r.need({"qk_nope_head_dim"}, 1, max_head_dim);
        m.mla.v_head_dim = r.need({"v_head_dim"}, 1, max_head_dim);
        m.mla.q_lora_rank = r.optional("q_lora_rank", 1, max_embd);
        m.n_embd_head_k = m.mla.qk_nope_head_dim + m.mla.qk_rope_head_dim;
        m.n_embd_head_v = m.mla.v_head_dim;
        m.n_head_kv = m.n_head;  // the catalog's convention for MLA: every head expands its own K and V
        return;
    }
    if (!r.u32("head_dim", m.n_embd_head_k, 1, max_head_dim) && r.ok()) {
        if (const uint32_t d = r.optional("head_dim", 1, max_head_dim)) {  // absent: the type's default, if any
            m.n_embd_head_k = d;
            r.warn("config_note_default", {{"field", "head_dim"}, {"value", std::to_string(d)}, {"type", type}});
        } else if (m.n_embd % m.n_head != 0) {
            r.fail("no head_dim, and hidden_size (" + std::to_string(m.n_embd) +
                       ") is not a multiple of num_attention_heads (" + std::to_string(m.n_head) + ")",
                   "error_config_head_dim", {{"embd", std::to_string(m.n_embd)}, {"heads", std::to_string(m.n_head)}});
        } else {
            m.n_embd_head_k = m.n_embd / m.n_head;
        }
    }
    m.n_embd_head_v = m.n_embd_head_k;
}

// Layer kinds, the window of the local ones and the state of the recurrent ones; returns the recurrent count.
uint32_t read_layers(Reader& r, const std::string& type, const TypeInfo* info, ModelSpec& m) {
    const std::vector<char> kinds = layer_kinds(r, m.n_layer);
    if (!r.ok()) return 0;
    uint32_t n_rec = 0;
    for (char k : kinds) {
        if (k == full) ++m.n_layer_full;
        else if (k == recurrent) ++n_rec;
        else ++m.n_layer_swa;
    }
    if (m.n_layer_swa > 0) {
        const bool chunk = std::count(kinds.begin(), kinds.end(), chunked) > 0;
        m.swa_type = chunk ? LocalAttention::chunked : LocalAttention::sliding;
        m.n_swa = chunk ? r.need({"attention_chunk_size"}, 1, max_model_dim) : r.need({"sliding_window"}, 1, max_model_dim);
        // llama.cpp shrinks local layers' caches for the archs it knows windows for; never for Mistral: a
        // Mistral-7B-v0.1 GGUF is arch llama, whose load_hparams in llama.cpp src/llama-model.cpp sets no window.
        m.swa_in_llama_cpp = type != "mistral" && info != nullptr;
        if (!info) r.warn("config_note_swa_cache");
    }
    if (n_rec > 0) read_recurrent(r, m, n_rec);
    if (r.ok() && m.n_layer_full + m.n_layer_swa == 0)
        r.fail("no attention layer among " + std::to_string(m.n_layer) + " (every layer is recurrent)",
               "error_config_no_attention", {{"n", std::to_string(m.n_layer)}});
    return n_rec;
}

void read_ffn(Reader& r, const std::string& type, ModelSpec& m) {
    const uint32_t falcon_ff = type == "falcon" ? 4 * m.n_embd : 0;  // configuration_falcon.py: ffn_hidden_size = 4 * hidden
    uint32_t intermediate = r.optional("intermediate_size", 1, max_ff);
    if (!intermediate) intermediate = r.optional("ffn_hidden_size", 1, max_ff);
    if (!intermediate && falcon_ff) intermediate = falcon_ff;
    read_experts(r, m, intermediate);
}

void read_defaults(Reader& r, const std::string& type, const TypeInfo* info, ModelSpec& m) {
    m.tie_word_embeddings = r.flag("tie_word_embeddings", info ? info->tie_default : false);
    if (!r.find("tie_word_embeddings"))
        r.warn("config_note_default", {{"field", "tie_word_embeddings"},
                                       {"value", m.tie_word_embeddings ? "true" : "false"}, {"type", printable(type)}});
    m.tokenizer = tokenizer_of(type, m.n_vocab);
    m.attention_kind = attention_kind(m);
}

void read_context(Reader& r, ModelSpec& m) {
    uint64_t ctx = 0;
    if (!r.u64("max_position_embeddings", ctx, 1, max_n_ctx) && r.ok())
        ctx = r.need({"max_position_embeddings", "n_positions", "seq_length"}, 1, UINT32_MAX);
    m.n_ctx_train = m.n_ctx_advertised = m.n_ctx_limit = ctx;
    m.context_note = "config.json max_position_embeddings";
}

// Parameters from the dimensions. Recurrent layers have no count in params.cpp: they are counted as attention
// layers of the same width, which is close (both are a few n_embd^2 matrices) but not exact.
void count_config_params(Reader& r, const TypeInfo* info, uint32_t n_rec, ModelSpec& m) {
    ModelSpec countable = m;
    if (n_rec > 0) {
        countable.n_layer_full += n_rec;
        countable.recurrent = RecurrentSpec{};
    }
    Result<ParamCount> counted = count_params(countable);
    if (!counted) {
        r.fail("parameters cannot be counted: no FFN width (intermediate_size or moe_intermediate_size)",
               "error_config_no_ffn", {});
        return;
    }
    m.n_params = counted->total;
    m.n_params_active = counted->active;
    m.n_params_embedding = counted->embedding;
    m.params_exact = n_rec == 0 && info != nullptr;
    m.params_note = n_rec == 0 ? "counted from config.json dimensions"
                               : "counted from config.json dimensions; recurrent layers approximated as attention layers";
    if (!info) r.warn("config_note_params_llama_like");
}

Result<const json*> text_config(const json& root) {
    auto it = root.find("text_config");
    if (it == root.end() || it->is_null()) return static_cast<const json*>(nullptr);
    if (!it->is_object())
        return make_error(ErrorCode::invalid_input,
                          "config.json: field 'text_config' is " + std::string(it->type_name()) + "; must be an object",
                          "error_config_text_config", {{"type", it->type_name()}});
    return &*it;
}

Result<HfConfig> read_config(const json& root, std::string_view id) {
    HfConfig out;
    Result<const json*> text = text_config(root);
    if (!text) return text.error();
    const std::string type = resolve_type(root, *text, out.warnings);
    const TypeInfo* info = find_type(type);
    Reader r(root, *text, type, out.warnings);
    ModelSpec& m = out.model;
    read_identity(root, id, type, info, m);
    m.n_layer = r.need({"num_hidden_layers", "n_layer", "num_layers"}, 1, max_layers);
    m.n_embd = r.need({"hidden_size", "n_embd", "d_model"}, 1, max_embd);
    m.n_head = r.need({"num_attention_heads", "n_head"}, 1, max_heads);
    m.n_vocab = r.need({"vocab_size"}, 1, max_vocab);
    uint32_t n_rec = 0;
    if (r.ok()) read_kv_heads(r, type, m);
    if (r.ok()) read_head_dims(r, type, m);
    if (r.ok()) n_rec = read_layers(r, type, info, m);
    if (r.ok()) read_ffn(r, type, m);
    if (r.ok()) read_defaults(r, type, info, m);
    if (r.ok()) read_context(r, m);
    if (r.ok()) count_config_params(r, info, n_rec, m);
    if (!r.ok()) return r.error();
    if (Status valid = validate_model(m); !valid) {
        Error e = within(valid.error(), "config.json: ", "error_config_cannot_size");
        e.code = ErrorCode::invalid_input;
        return e;
    }
    return out;
}

}  // namespace

const char* supported_hf_model_types() {
    return "llama, mistral, mixtral, qwen2, qwen3, qwen3_moe, qwen3_next, gemma2, gemma3, phi3, deepseek_v2, "
           "deepseek_v3, cohere, cohere2, gpt_oss, jamba, granitemoehybrid, falcon";
}

Result<HfConfig> parse_hf_config(std::string_view text, std::string_view id) {
    if (Status shape = check_shape(text); !shape) return shape.error();
    Result<json> doc = parse_json_text(text, ErrorCode::invalid_input, "config.json");
    if (!doc) return doc.error();
    const json& root = doc.value();
    if (!root.is_object())
        return make_error(ErrorCode::invalid_input, std::string("config.json is a JSON ") + root.type_name() + "; must be an object",
                          "error_config_not_object", {{"type", root.type_name()}});
    return read_config(root, id);
}

}  // namespace contextfit
