#include "estimate.h"

#include "limits.h"
#include "size_parse.h"



namespace contextfit {
namespace {


Result<RuntimeOptions> runtime_options(const std::string& runtime_name, const std::string& kv_k,
                                       const std::string& kv_v, uint32_t seqs, uint32_t ubatch) {
    Result<Runtime> runtime = parse_runtime(runtime_name);
    if (!runtime) return runtime.error();
    RuntimeOptions o;
    o.kv.runtime = *runtime;
    Result<KvType> k = parse_kv_type(kv_k, *runtime);
    if (!k) return k.error();
    Result<KvType> v = parse_kv_type(kv_v.empty() ? kv_k : kv_v, *runtime);
    if (!v) return v.error();
    o.kv.type_k = *k;
    o.kv.type_v = *v;
    if (seqs == 0 || seqs > max_seqs)
        return make_error(ErrorCode::invalid_input, "sequences must be between 1 and " + std::to_string(max_seqs) +
                                                        ", got " + std::to_string(seqs));
    if (ubatch == 0 || ubatch > max_ubatch)
        return make_error(ErrorCode::invalid_input, "ubatch must be between 1 and " + std::to_string(max_ubatch) +
                                                        ", got " + std::to_string(ubatch));
    o.kv.n_seq = seqs;
    o.kv.n_ubatch = ubatch;
    return o;
}

uint64_t growth_per_token(const ModelSpec& m, const KvOptions& kv) {
    // Past every window and padding boundary the cache grows by the same amount per token.
    KvOptions one = kv;
    one.n_seq = 1;
    constexpr uint64_t far = uint64_t{1} << 24, step = uint64_t{1} << 16;
    return (kv_size(m, far + step, one).total() - kv_size(m, far, one).total()) / step;
}

void add_notes(const Assets& a, const Estimate& e, const std::string& ui, std::vector<std::string>& notes) {
    const Strings& s = a.strings;
    const ModelSpec& m = *e.model;
    if (!m.params_exact) notes.push_back(s.format("note_params_nominal", ui, {{"note", m.params_note}}));
    if (e.weights->kind != "exact" && !e.weights_from_file)
        notes.push_back(s.format("note_weights_" + e.weights->kind, ui, {{"format", e.weights->label},
                                                                         {"source", e.weights->source}}));
    if (e.options.kv.runtime == Runtime::llama_cpp) notes.push_back(s.format("note_llama_cpp_buffers", ui));
    if (e.options.kv.runtime == Runtime::vllm) notes.push_back(s.format("note_vllm_buffers", ui));
    if (m.n_layer_swa > 0 && e.options.kv.runtime == Runtime::llama_cpp && !m.swa_in_llama_cpp)
        notes.push_back(s.format("note_swa_ignored", ui));
    if (m.n_layer_swa > 0 && e.options.kv.runtime == Runtime::vllm) notes.push_back(s.format("note_swa_vllm", ui));
    if (!m.context_note.empty()) notes.push_back(s.format("note_context", ui, {{"note", m.context_note}}));
    if (!m.verified) notes.push_back(s.format("note_unverified", ui, {{"verification", m.verification}}));
    notes.push_back(s.format("note_text", ui));
}

std::string num(uint64_t n) { return format_count(n, "en"); }
std::string real(double x, int decimals) { return format_real(x, decimals, "en"); }

void add_trace(const Estimate& e, std::vector<TraceLine>& t) {
    const ModelSpec& m = *e.model;
    const FitResult& f = e.fit;
    const MemoryBreakdown& b = f.at_tokens;
    const KvOptions& kv = e.options.kv;
    t.push_back({"usable_bytes",
                 e.options.kv.runtime == Runtime::vllm
                     ? "(ram " + num(e.ram_bytes) + " - reserve " + num(e.reserve_bytes) + ") x gpu_memory_utilization " +
                           real(e.options.gpu_memory_utilization, 2) + " = " + num(f.usable_bytes)
                     : "ram " + num(e.ram_bytes) + " - reserve " + num(e.reserve_bytes) + " = " + num(f.usable_bytes),
                 "reserve: user setting (default 2 GiB)"});
    if (e.weights_from_file)
        t.push_back({"weights_bytes", "sum over the tensor table of rows x ceil(row / block) x block bytes = " +
                                          num(e.weights_bytes),
                     "the model file's tensor table; ggml block sizes: ggml/src/ggml.c type_traits (core/gguf.cpp)"});
    else
        t.push_back({"weights_bytes",
                     "(n_params " + num(m.n_params) + " - embedding " + num(std::min(m.n_params_embedding, m.n_params)) +
                         ") x " + real(e.weights->bits_per_weight, 3) + " / 8 + embedding x " +
                         real(e.weights->embedding_bits, 3) + " / 8 = " + num(e.weights_bytes),
                     std::string(m.params_exact ? "n_params computed from dimensions (core/params.cpp)"
                                                : "n_params: vendor's nominal figure") +
                         "; bits per weight: " + e.weights->source});
    const bool mla = m.is_mla;
    const std::string per_cell =
        mla ? "(kv_lora_rank " + std::to_string(m.mla.kv_lora_rank) + " + qk_rope_head_dim " +
                  std::to_string(m.mla.qk_rope_head_dim) + ") x " + kv_type_info(kv.type_k).name + " (K only, MLA)"
            : "n_head_kv " + std::to_string(m.n_head_kv) + " x (n_embd_head_k " + std::to_string(m.n_embd_head_k) +
                  " x " + kv_type_info(kv.type_k).name + " + n_embd_head_v " + std::to_string(m.n_embd_head_v) + " x " +
                  kv_type_info(kv.type_v).name + ")";
    std::string layers = "full layers " + std::to_string(m.n_layer_full) + " x cells " + num(b.kv.cells);
    if (b.kv.cells_swa > 0)
        layers += " + window layers " + std::to_string(m.n_layer_swa) + " x cells " + num(b.kv.cells_swa);
    else if (m.n_layer_swa > 0)
        layers = "layers " + std::to_string(m.n_layer_full + m.n_layer_swa) + " x cells " + num(b.kv.cells) +
                 " (window not applied by this runtime)";
    t.push_back({"kv_bytes", "sequences " + std::to_string(kv.n_seq) + " x (" + layers + ") x " + per_cell + " = " +
                                 num(b.kv.k_bytes + b.kv.v_bytes),
                 "dimensions: assets/models.json (" + m.id + "); cells: " + std::string(runtime_name(kv.runtime)) +
                     " rules in core/kv_cache.h; element sizes: ggml/src/ggml-common.h"});
    if (b.kv.state_bytes)
        t.push_back({"state_bytes", "sequences " + std::to_string(kv.n_seq) + " x recurrent layers " +
                                        std::to_string(m.recurrent.n_layer) + " x (state " +
                                        num(m.recurrent.state_values) + " + conv " + num(m.recurrent.conv_values) +
                                        ") x 4 B = " + num(b.kv.state_bytes),
                     "llama.cpp src/llama-memory-recurrent.cpp (f32 R and S tensors)"});
    if (b.overhead_bytes())
        t.push_back({"overhead_bytes", "compute " + num(b.compute_bytes) + " + output " + num(b.output_bytes) +
                                           " + runtime " + num(b.runtime_bytes) + " = " + num(b.overhead_bytes()),
                     "core/memory.h (estimate; residuals in docs/accuracy.md)"});
    t.push_back({"tokens", "min(memory limit " + (f.memory_unbounded ? std::string("unbounded") : num(f.tokens_memory_limit)) +
                               ", model limit " + num(f.tokens_model_limit) + ") = " + num(f.tokens),
                 "memory limit: largest context with total <= usable (binary search, core/fit.cpp); model limit: " +
                     (m.context_note.empty() ? std::string("vendor's stated context") : m.context_note)});
    t.push_back({"text", "chars = tokens " + num(f.tokens) + " x " + real(e.text.chars_per_token, 2) +
                             " chars/token; pages = chars / chars_per_page; bytes = chars x UTF-8 bytes/char",
                 "assets/text.json (tokenizer '" + e.text.tokenizer + "', language '" + e.text.language + "')"});
}

// A model read from a file, checked as the catalog's own records are, or else the catalog id.
Result<const ModelSpec*> requested_model(const Catalog& catalog, const std::string& id, const ModelSpec* custom) {
    if (!custom) return catalog.lookup(id);
    if (Status valid = validate_model(*custom); !valid) return valid.error();
    return custom;
}

}  // namespace

Result<Assets> Assets::parse(const std::string& models_json, const std::string& formats_json,
                             const std::string& text_json, const std::string& strings_json,
                             const std::string& hardware_json) {
    Result<Catalog> catalog = Catalog::parse(models_json);
    if (!catalog) return catalog.error();
    Result<WeightFormats> formats = WeightFormats::parse(formats_json);
    if (!formats) return formats.error();
    Result<TextTables> text = TextTables::parse(text_json);
    if (!text) return text.error();
    Result<Strings> strings = Strings::parse(strings_json);
    if (!strings) return strings.error();
    Result<HardwareCatalog> hardware = HardwareCatalog::parse(hardware_json);
    if (!hardware) return hardware.error();
    return Assets{std::move(catalog).value(), std::move(formats).value(), std::move(text).value(),
                  std::move(strings).value(), std::move(hardware).value()};
}

std::string ui_language(const Strings& strings, const std::string& language) {
    return strings.has_language(language) ? language : Strings::base_language;
}

Result<ResolvedRequest> resolve_request(const Assets& a, const EstimateRequest& r) {
    ResolvedRequest q;
    Result<const ModelSpec*> model = requested_model(a.catalog, r.model, r.custom_model);
    if (!model) return model.error();
    q.model = *model;
    Result<const WeightFormat*> weights = a.formats.lookup(r.weights);
    if (!weights) return weights.error();
    q.weights = *weights;
    Result<RuntimeOptions> options = runtime_options(r.runtime, r.kv_type, r.kv_type_v, r.seqs, r.ubatch);
    if (!options) return options.error();
    q.options = *options;
    q.options.flash_attn = r.flash_attn;
    q.options.kv.swa_full = r.swa_full;
    if (r.reserve_bytes > max_size_bytes)
        return make_error(ErrorCode::invalid_input, "memory sizes above 1 PiB are not accepted");
    q.weights_from_file = r.weights_bytes_override.has_value();
    q.weights_bytes = r.weights_bytes_override ? *r.weights_bytes_override : weights_bytes(*q.model, *q.weights);
    return q;
}

Result<Estimate> estimate(const Assets& a, const EstimateRequest& r) {
    Result<ResolvedRequest> q = resolve_request(a, r);
    if (!q) return q.error();
    if (r.ram_bytes == 0) return make_error(ErrorCode::invalid_input, "memory size must be above zero");
    if (r.ram_bytes > max_size_bytes)
        return make_error(ErrorCode::invalid_input, "memory sizes above 1 PiB are not accepted");

    Estimate e;
    e.model = q->model;
    e.weights = q->weights;
    e.options = q->options;
    e.ram_bytes = r.ram_bytes;
    e.reserve_bytes = r.reserve_bytes;
    e.weights_from_file = q->weights_from_file;
    e.weights_bytes = q->weights_bytes;
    e.kv_bytes_per_token = growth_per_token(*e.model, e.options.kv);
    e.fit = fit(*e.model, e.weights_bytes, r.ram_bytes, r.reserve_bytes, e.options);
    Result<TextSize> text = a.text.convert(e.fit.tokens, r.language, e.model->tokenizer, r.page);
    if (!text) return text.error();
    e.text = *text;
    const double t = static_cast<double>(e.fit.tokens);
    e.quadratic_scores_bytes = static_cast<double>(e.model->n_head) * t * t * 4.0;
    add_notes(a, e, ui_language(a.strings, r.language), e.notes);
    add_trace(e, e.trace);
    return e;
}

Result<KvSize> estimate_kv(const Assets& a, const KvRequest& r) {
    Result<const ModelSpec*> model = requested_model(a.catalog, r.model, r.custom_model);
    if (!model) return model.error();
    Result<RuntimeOptions> options = runtime_options(r.runtime, r.kv_type, r.kv_type_v, r.seqs, r.ubatch);
    if (!options) return options.error();
    if (r.ctx > max_search_tokens)
        return make_error(ErrorCode::invalid_input, "context of " + std::to_string(r.ctx) +
                                                        " tokens is above the largest accepted (2^40)");
    options->kv.swa_full = r.swa_full;
    return kv_size(**model, r.ctx, options->kv);
}

std::string verdict(const Assets& a, const Estimate& e, const std::string& ui) {
    const Strings& s = a.strings;
    const FitResult& f = e.fit;
    const Substitutions subs = {
        {"model", shown_model_name(s, *e.model, ui)},
        {"tokens", format_count(f.tokens, ui)},
        {"tokens_memory", format_count(f.tokens_memory_limit, ui)},
        {"tokens_model", format_count(f.tokens_model_limit, ui)},
        {"ram", format_bytes(e.ram_bytes, ui)},
        {"usable", format_bytes(f.usable_bytes, ui)},
        {"weights", format_bytes(e.weights_bytes, ui)},
        {"missing", format_bytes(f.missing_bytes, ui)},
        {"ram_needed", format_bytes(f.ram_for_model_limit, ui)},
        {"pages", format_count(static_cast<uint64_t>(e.text.pages + 0.5), ui)},
    };
    switch (f.limited_by) {
        case LimitedBy::weights_do_not_fit: return s.format("verdict_weights", ui, subs);
        case LimitedBy::memory: return s.format("verdict_memory", ui, subs);
        case LimitedBy::model:
            return s.format(f.memory_unbounded ? "verdict_model_unbounded" : "verdict_model", ui, subs);
    }
    return {};
}

}  // namespace contextfit
