#include "catalog.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <set>

#include "ascii.h"
#include "limits.h"
#include "json_fields.h"
#include "params.h"

namespace contextfit {
namespace {


LocalAttention parse_swa_type(const std::string& s, FieldReader& r) {
    if (s == "sliding") return LocalAttention::sliding;
    if (s == "chunked") return LocalAttention::chunked;
    r.fail("swa_type '" + s + "' is not one of: sliding, chunked");
    return LocalAttention::none;
}

uint64_t billions(double b) { return static_cast<uint64_t>(std::llround(b * 1e9)); }

// The record's fields, in the order assets/models.json lists them; each step reads one group.
void read_identity(FieldReader& r, ModelSpec& m) {
    r.str("id", m.id);
    r.str("display_name", m.display_name);
    r.str("family", m.family);
    r.str("developer", m.developer);
    r.str("arch", m.arch);
    r.str("tokenizer", m.tokenizer);
}

void read_dimensions(FieldReader& r, ModelSpec& m) {
    r.u32("n_layer", m.n_layer, true, max_n_layer);
    r.u32("n_embd", m.n_embd, true, max_model_dim);
    r.u32("n_head", m.n_head, true, max_model_dim);
    r.u32("n_head_kv", m.n_head_kv, true, max_model_dim);
    r.u32("n_embd_head_k", m.n_embd_head_k, true, max_model_dim);
    r.u32("n_embd_head_v", m.n_embd_head_v, true, max_model_dim);
    r.u32("n_vocab", m.n_vocab, false, max_model_dim);
    r.boolean("tie_word_embeddings", m.tie_word_embeddings);
    r.u32("n_ff", m.n_ff, false, max_model_dim);
    r.u32("n_ff_exp", m.n_ff_exp, false, max_model_dim);
    r.u32("n_ff_shexp", m.n_ff_shexp, false, max_model_dim);
}

void read_layer_kinds(FieldReader& r, ModelSpec& m) {
    r.str("attention_kind", m.attention_kind);
    r.u32("n_layer_full", m.n_layer_full, true, max_model_dim);
    r.u32("n_layer_swa", m.n_layer_swa, true, max_model_dim);
    if (!r.ok() || m.n_layer_swa == 0) return;
    std::string type;
    r.u32("n_swa", m.n_swa, true, max_model_dim);
    r.str("swa_type", type);
    r.boolean("swa_in_llama_cpp", m.swa_in_llama_cpp);
    if (r.ok()) m.swa_type = parse_swa_type(type, r);
}

// The optional "mla", "recurrent" and "moe" objects.
Status read_sub_objects(const json& obj, const std::string& where, ModelSpec& m) {
    if (obj.contains("mla")) {
        FieldReader mr(obj["mla"], where + ".mla");
        mr.u32("kv_lora_rank", m.mla.kv_lora_rank, true, max_model_dim);
        mr.u32("qk_rope_head_dim", m.mla.qk_rope_head_dim, true, max_model_dim);
        mr.u32("qk_nope_head_dim", m.mla.qk_nope_head_dim, true, max_model_dim);
        mr.u32("v_head_dim", m.mla.v_head_dim, true, max_model_dim);
        mr.u32("q_lora_rank", m.mla.q_lora_rank, false, max_model_dim);
        if (!mr.ok()) return mr.error();
        m.is_mla = true;
    }
    if (obj.contains("recurrent")) {
        FieldReader rr(obj["recurrent"], where + ".recurrent");
        rr.str("kind", m.recurrent.kind);
        rr.u32("n_layer", m.recurrent.n_layer, true, max_model_dim);
        rr.u64("state_values", m.recurrent.state_values, true, max_state_values);
        rr.u64("conv_values", m.recurrent.conv_values, true, max_state_values);
        if (!rr.ok()) return rr.error();
    }
    if (obj.contains("moe")) {
        FieldReader er(obj["moe"], where + ".moe");
        er.u32("n_expert", m.moe.n_expert, true, max_n_expert);
        er.u32("n_expert_shared", m.moe.n_expert_shared, true, max_n_expert);
        er.u32("n_expert_used", m.moe.n_expert_used, true, max_n_expert);
        er.u32("n_layer_moe", m.moe.n_layer_moe, true, max_model_dim);
        er.u32("n_layer_dense", m.moe.n_layer_dense, true, max_model_dim);
        if (!er.ok()) return er.error();
    }
    return ok_status();
}

// Context, nominal parameters (billions) and the record's verification.
void read_context_and_params(FieldReader& r, ModelSpec& m, double& nominal_b, double& active_b) {
    r.u64("n_ctx_train", m.n_ctx_train, true, max_n_ctx);
    r.u64("n_ctx_advertised", m.n_ctx_advertised, true, max_n_ctx);
    r.u64("n_ctx_limit", m.n_ctx_limit, true, max_n_ctx);
    r.str("context_note", m.context_note);
    r.f64("params_nominal_b", nominal_b);
    r.f64("params_active_nominal_b", active_b, false);
    r.str("params_note", m.params_note);
    r.boolean("verified", m.verified);
    r.str("verification", m.verification);
    r.str("notes", m.notes, false);
}

Status read_sources(const json& obj, const std::string& where, ModelSpec& m) {
    Result<const json*> sources = array_field(obj, "sources", where);
    if (!sources) return sources.error();
    if ((*sources)->empty()) return make_error(ErrorCode::bad_data, where + ": no sources");
    for (const json& s : **sources) {
        if (!s.is_string()) return make_error(ErrorCode::bad_data, where + ": a source is not a string");
        m.sources.push_back(s.get<std::string>());
    }
    return ok_status();
}

// Exact counts from the dimensions where core/params.h can count them, else the vendor's nominal figures.
void set_params(ModelSpec& m, double nominal_b, double active_b) {
    m.n_params = billions(nominal_b);
    m.n_params_active = active_b > 0 ? billions(active_b) : m.n_params;
    m.n_params_embedding = uint64_t{m.n_vocab} * m.n_embd * (m.tie_word_embeddings ? 1 : 2);
    if (Result<ParamCount> counted = count_params(m)) {
        m.n_params = counted->total;
        m.n_params_active = counted->active;
        m.n_params_embedding = counted->embedding;
        m.params_exact = true;
    }
}

Result<ModelSpec> read_model(const json& obj, size_t index) {
    ModelSpec m;
    std::string where = "models[" + std::to_string(index) + "]";
    if (obj.is_object() && obj.contains("id") && obj["id"].is_string())
        where += " (" + obj["id"].get_ref<const std::string&>() + ")";
    FieldReader r(obj, where);
    read_identity(r, m);
    read_dimensions(r, m);
    read_layer_kinds(r, m);
    if (!r.ok()) return r.error();
    if (Status sub = read_sub_objects(obj, where, m); !sub) return sub.error();
    double nominal_b = 0, active_b = 0;
    read_context_and_params(r, m, nominal_b, active_b);
    if (!r.ok()) return r.error();
    if (Status sources = read_sources(obj, where, m); !sources) return sources.error();
    set_params(m, nominal_b, active_b);
    return m;
}

}  // namespace

size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            const size_t sub = prev[j - 1] + (ascii_lower(a[i - 1]) == ascii_lower(b[j - 1]) ? 0 : 1);
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
        }
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

namespace {

// Every count and width against core/limits.h, whichever reader filled it in.
Status check_ranges(const ModelSpec& m, const std::string& where) {
    struct Field {
        const char* name;
        uint64_t value, max;
    };
    const Field fields[] = {
        {"n_layer", m.n_layer, max_n_layer},
        {"n_embd", m.n_embd, max_model_dim},
        {"n_head", m.n_head, max_model_dim},
        {"n_head_kv", m.n_head_kv, max_model_dim},
        {"n_embd_head_k", m.n_embd_head_k, max_model_dim},
        {"n_embd_head_v", m.n_embd_head_v, max_model_dim},
        {"n_vocab", m.n_vocab, max_model_dim},
        {"n_ff", m.n_ff, max_model_dim},
        {"n_ff_exp", m.n_ff_exp, max_model_dim},
        {"n_ff_shexp", m.n_ff_shexp, max_model_dim},
        {"n_swa", m.n_swa, max_n_ctx},
        {"mla.kv_lora_rank", m.mla.kv_lora_rank, max_model_dim},
        {"mla.qk_rope_head_dim", m.mla.qk_rope_head_dim, max_model_dim},
        {"mla.qk_nope_head_dim", m.mla.qk_nope_head_dim, max_model_dim},
        {"mla.v_head_dim", m.mla.v_head_dim, max_model_dim},
        {"mla.q_lora_rank", m.mla.q_lora_rank, max_model_dim},
        {"moe.n_expert", m.moe.n_expert, max_n_expert},
        {"moe.n_expert_shared", m.moe.n_expert_shared, max_n_expert},
        {"moe.n_expert_used", m.moe.n_expert_used, max_n_expert},
        {"recurrent.state_values", m.recurrent.state_values, max_state_values},
        {"recurrent.conv_values", m.recurrent.conv_values, max_state_values},
        {"n_ctx_train", m.n_ctx_train, max_n_ctx},
        {"n_ctx_advertised", m.n_ctx_advertised, max_n_ctx},
        {"n_ctx_limit", m.n_ctx_limit, max_n_ctx},
    };
    for (const Field& f : fields)
        if (f.value > f.max)
            return make_error(ErrorCode::bad_data,
                              where + f.name + " is " + std::to_string(f.value) + ", accepted: 0 to " + std::to_string(f.max),
                              "error_model_field_range",
                              {{"model", m.id}, {"field", f.name}, {"value", std::to_string(f.value)},
                               {"max", std::to_string(f.max)}});
    return ok_status();
}

}  // namespace

Status validate_model(const ModelSpec& m) {
    const std::string where = "model '" + m.id + "': ";
    // Each reason keyed (error_model_*) with the model's id and the values it names, as a reader's file may fail it.
    auto bad = [&](const std::string& why, const char* key, Substitutions args = {}) {
        args.insert(args.begin(), {"model", m.id});
        return make_error(ErrorCode::bad_data, where + why, key, std::move(args));
    };
    const auto n = [](uint64_t v) { return std::to_string(v); };
    if (m.id.empty()) return bad("empty id", "error_model_empty_id");
    if (Status in_range = check_ranges(m, where); !in_range) return in_range;
    if (m.n_layer == 0) return bad("n_layer is 0", "error_model_no_layers");
    if (m.n_layer_full + m.n_layer_swa + m.recurrent.n_layer != m.n_layer)
        return bad("full (" + n(m.n_layer_full) + ") + sliding (" + n(m.n_layer_swa) + ") + recurrent (" +
                       n(m.recurrent.n_layer) + ") layers != n_layer (" + n(m.n_layer) + ")",
                   "error_model_layer_sum",
                   {{"full", n(m.n_layer_full)}, {"swa", n(m.n_layer_swa)}, {"recurrent", n(m.recurrent.n_layer)},
                    {"n", n(m.n_layer)}});
    if (m.n_layer_full + m.n_layer_swa == 0) return bad("no attention layer", "error_model_no_attention");
    if (m.n_head == 0 || m.n_head_kv == 0) return bad("head counts must be positive", "error_model_heads_zero");
    if (m.n_head % m.n_head_kv != 0)
        return bad("n_head (" + n(m.n_head) + ") is not a multiple of n_head_kv (" + n(m.n_head_kv) + ")",
                   "error_model_heads_multiple", {{"heads", n(m.n_head)}, {"kv", n(m.n_head_kv)}});
    if (m.n_embd_head_k == 0 || m.n_embd_head_v == 0) return bad("head dims must be positive", "error_model_head_dims");
    if (m.n_layer_swa > 0 && m.n_swa == 0) return bad("sliding layers without a window", "error_model_no_window");
    if (m.is_mla && (m.mla.kv_lora_rank == 0 || m.mla.qk_rope_head_dim == 0))
        return bad("MLA without ranks", "error_model_mla_ranks");
    if (m.n_ctx_limit == 0) return bad("no context limit", "error_model_no_context");
    if (m.n_params == 0) return bad("no parameter count", "error_model_no_params");
    if (m.sources.empty()) return bad("no source", "error_model_no_source");
    return ok_status();
}

namespace {

// "families": an object of family id -> name, each name a non-empty string.
Result<Catalog::FamilyNames> read_family_names(const json& root) {
    const auto it = root.find("families");
    if (it == root.end() || !it->is_object())
        return make_error(ErrorCode::bad_data, "catalog: \"families\" must be an object of family id -> name");
    Catalog::FamilyNames names;
    for (const auto& [family, name] : it->items()) {
        if (!name.is_string() || name.get<std::string>().empty())
            return make_error(ErrorCode::bad_data, "catalog: families." + family + " must be a non-empty name");
        names[family] = name.get<std::string>();
    }
    return names;
}

}  // namespace

Result<Catalog> Catalog::parse(const std::string& json_text) {
    Result<json> doc = parse_json(json_text, "the model catalog");
    if (!doc) return doc.error();
    const json& root = doc.value();
    uint64_t schema = 0;
    FieldReader r(root, "catalog");
    r.u64("schema", schema);
    if (!r.ok()) return r.error();
    if (schema != 1)
        return make_error(ErrorCode::bad_data, "catalog schema " + std::to_string(schema) + " is not supported (1)");
    Result<const json*> records = array_field(root, "models", "catalog");
    if (!records) return records.error();

    Catalog catalog;
    Result<FamilyNames> names = read_family_names(root);
    if (!names) return names.error();
    catalog.family_names_ = std::move(names).value();
    std::set<std::string> ids;
    size_t index = 0;
    for (const json& obj : **records) {
        Result<ModelSpec> m = read_model(obj, index++);
        if (!m) return m.error();
        if (Status valid = validate_model(m.value()); !valid) return valid.error();
        if (!ids.insert(m->id).second) return make_error(ErrorCode::bad_data, "duplicate model id '" + m->id + "'");
        if (catalog.family_name(m->family).empty())
            return make_error(ErrorCode::bad_data, "model '" + m->id + "': family '" + m->family +
                                                       "' has no name in the catalog's \"families\"");
        catalog.models_.push_back(std::move(m).value());
    }
    if (catalog.models_.empty()) return make_error(ErrorCode::bad_data, "the catalog has no models");
    return catalog;
}

const std::string& Catalog::family_name(std::string_view family) const {
    static const std::string none;
    const auto it = family_names_.find(family);
    return it == family_names_.end() ? none : it->second;
}

const ModelSpec* Catalog::find(std::string_view id) const {
    for (const ModelSpec& m : models_)
        if (m.id == id) return &m;
    return nullptr;
}

std::vector<std::string> Catalog::suggest(std::string_view id, size_t count) const {
    std::vector<size_t> distance;
    for (const ModelSpec& m : models_) {
        size_t d = edit_distance(id, m.id);
        // A typed prefix or fragment ("qwen3-8") is closer than its edit distance suggests.
        if (!id.empty() && m.id.find(std::string(id)) != std::string::npos) d = d / 4;
        distance.push_back(d);
    }
    // The `count` closest, ties in catalog order: a few passes of selection, which is all a handful needs
    // (a sort would link a general sorting routine into the page for three names).
    std::vector<std::string> out;
    while (out.size() < count && out.size() < models_.size()) {
        size_t best = 0;
        for (size_t i = 1; i < distance.size(); ++i)
            if (distance[i] < distance[best]) best = i;
        out.push_back(models_[best].id);
        distance[best] = SIZE_MAX;
    }
    return out;
}

Result<const ModelSpec*> Catalog::lookup(std::string_view id) const {
    if (const ModelSpec* m = find(id)) return m;
    std::string message = "unknown model '" + std::string(id.substr(0, 80)) + "'";
    const std::vector<std::string> close = suggest(id);
    if (!close.empty()) {
        message += "; did you mean ";
        for (size_t i = 0; i < close.size(); ++i) message += (i ? ", " : "") + close[i];
        message += "?";
    }
    message += " (`contextfit models` lists all " + std::to_string(models_.size()) + ")";
    return make_error(ErrorCode::unknown_name, message);
}

}  // namespace contextfit
