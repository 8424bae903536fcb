#include "estimate.h"

#include "size_parse.h"



namespace contextfit {
namespace {

constexpr uint32_t max_seqs = 4096;
constexpr uint32_t max_ubatch = 65536;

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
    if (e.weights->kind != "exact")
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

}  // namespace

Result<Assets> Assets::parse(const std::string& models_json, const std::string& formats_json,
                             const std::string& text_json, const std::string& strings_json) {
    Result<Catalog> catalog = Catalog::parse(models_json);
    if (!catalog) return catalog.error();
    Result<WeightFormats> formats = WeightFormats::parse(formats_json);
    if (!formats) return formats.error();
    Result<TextTables> text = TextTables::parse(text_json);
    if (!text) return text.error();
    Result<Strings> strings = Strings::parse(strings_json);
    if (!strings) return strings.error();
    return Assets{std::move(catalog).value(), std::move(formats).value(), std::move(text).value(),
                  std::move(strings).value()};
}

std::string ui_language(const std::string& language) { return language == "ru" ? "ru" : "en"; }

Result<Estimate> estimate(const Assets& a, const EstimateRequest& r) {
    Estimate e;
    Result<const ModelSpec*> model = a.catalog.lookup(r.model);
    if (!model) return model.error();
    e.model = *model;
    Result<const WeightFormat*> weights = a.formats.lookup(r.weights);
    if (!weights) return weights.error();
    e.weights = *weights;
    Result<RuntimeOptions> options = runtime_options(r.runtime, r.kv_type, r.kv_type_v, r.seqs, r.ubatch);
    if (!options) return options.error();
    e.options = *options;
    e.options.flash_attn = r.flash_attn;
    if (r.ram_bytes == 0) return make_error(ErrorCode::invalid_input, "memory size must be above zero");
    if (r.ram_bytes > max_size_bytes || r.reserve_bytes > max_size_bytes)
        return make_error(ErrorCode::invalid_input, "memory sizes above 1 PiB are not accepted");
    if (Result<const Language*> lang = a.text.language(r.language); !lang) return lang.error();
    if (Result<const PageConvention*> page = a.text.page(r.page); !page) return page.error();

    e.ram_bytes = r.ram_bytes;
    e.reserve_bytes = r.reserve_bytes;
    e.weights_bytes = weights_bytes(*e.model, *e.weights);
    e.kv_bytes_per_token = growth_per_token(*e.model, e.options.kv);
    e.fit = fit(*e.model, e.weights_bytes, r.ram_bytes, r.reserve_bytes, e.options);
    Result<TextSize> text = a.text.convert(e.fit.tokens, r.language, e.model->tokenizer, r.page);
    if (!text) return text.error();
    e.text = *text;
    const double t = static_cast<double>(e.fit.tokens);
    e.quadratic_scores_bytes = static_cast<double>(e.model->n_head) * t * t * 4.0;
    add_notes(a, e, ui_language(r.language), e.notes);
    return e;
}

Result<KvSize> estimate_kv(const Assets& a, const KvRequest& r) {
    Result<const ModelSpec*> model = a.catalog.lookup(r.model);
    if (!model) return model.error();
    Result<RuntimeOptions> options = runtime_options(r.runtime, r.kv_type, r.kv_type_v, r.seqs, r.ubatch);
    if (!options) return options.error();
    if (r.ctx > max_search_tokens)
        return make_error(ErrorCode::invalid_input, "context of " + std::to_string(r.ctx) +
                                                        " tokens is above the largest accepted (2^40)");
    return kv_size(**model, r.ctx, options->kv);
}

std::string verdict(const Assets& a, const Estimate& e, const std::string& ui) {
    const Strings& s = a.strings;
    const FitResult& f = e.fit;
    const Substitutions subs = {
        {"model", e.model->display_name},
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
