#include "estimate.h"

#include <algorithm>

#include "ascii.h"

#include "limits.h"
#include "size_parse.h"

namespace contextfit {
namespace {

// An unknown id found by another part of the core, given the strings.json key a shell phrases it with: the
// value seen and what is accepted (ids are not translated). The English message stays as it was.
Error unknown(Error error, const char* key, const std::string& value, const std::string& accepted) {
    error.key = key;
    error.args = {{"value", value.substr(0, 40)}, {"accepted", accepted}};
    return error;
}


Result<RuntimeOptions> runtime_options(const std::string& runtime_name, const std::string& kv_k,
                                       const std::string& kv_v, uint32_t seqs, uint32_t ubatch) {
    Result<Runtime> runtime = parse_runtime(runtime_name);
    if (!runtime) return unknown(runtime.error(), "error_unknown_runtime", runtime_name, "theory, llama.cpp, vllm");
    RuntimeOptions o;
    o.kv.runtime = *runtime;
    Result<KvType> k = parse_kv_type(kv_k, *runtime);
    if (!k) return unknown(k.error(), "error_unknown_kv", kv_k, kv_type_list(*runtime, ", "));
    Result<KvType> v = parse_kv_type(kv_v.empty() ? kv_k : kv_v, *runtime);
    if (!v) return unknown(v.error(), "error_unknown_kv", kv_v, kv_type_list(*runtime, ", "));
    o.kv.type_k = *k;
    o.kv.type_v = *v;
    if (seqs == 0 || seqs > max_seqs)
        return make_error(ErrorCode::invalid_input,
                          "sequences must be between 1 and " + std::to_string(max_seqs) + ", got " + std::to_string(seqs),
                          "error_seqs_range", {{"max", std::to_string(max_seqs)}, {"value", std::to_string(seqs)}});
    if (ubatch == 0 || ubatch > max_ubatch)
        return make_error(ErrorCode::invalid_input,
                          "ubatch must be between 1 and " + std::to_string(max_ubatch) + ", got " + std::to_string(ubatch),
                          "error_ubatch_range", {{"max", std::to_string(max_ubatch)}, {"value", std::to_string(ubatch)}});
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

// Notes say what a figure means and how sure it is, in the reader's words; where the inputs come from is the
// trace's `source`.
void add_notes(const Assets& a, const Estimate& e, const std::string& ui, std::vector<std::string>& notes) {
    const Strings& s = a.strings;
    const ModelSpec& m = *e.model;
    if (!m.params_exact) notes.push_back(s.format("note_params_nominal", ui));
    if (e.weights->kind != "exact" && !e.weights_from_file)
        notes.push_back(s.format("note_weights_" + e.weights->kind, ui, {{"format", e.weights->label}}));
    if (e.options.kv.runtime == Runtime::llama_cpp) notes.push_back(s.format("note_llama_cpp_buffers", ui));
    if (e.options.kv.runtime == Runtime::vllm) notes.push_back(s.format("note_vllm_buffers", ui));
    if (m.n_layer_swa > 0 && e.options.kv.runtime == Runtime::llama_cpp && !m.swa_in_llama_cpp)
        notes.push_back(s.format("note_swa_ignored", ui));
    if (m.n_layer_swa > 0 && e.options.kv.runtime == Runtime::vllm) notes.push_back(s.format("note_swa_vllm", ui));
    if (!m.context_note.empty())
        notes.push_back(s.format("note_context", ui, {{"note", m.context_note},
                                                      {"tokens_n", s.counted("tokens", ui, m.n_ctx_limit)}}));
    if (!m.verified) notes.push_back(s.format("note_unverified", ui, {{"verification", m.verification}}));
    notes.push_back(s.format("note_text", ui));
}

// The trace's formulas in the reader's language and number marks; the sources stay as cited (public files,
// model cards, this repository's docs/).
class TraceWriter {
public:
    TraceWriter(const Strings& s, const std::string& ui, std::vector<TraceLine>& out) : s_(s), ui_(ui), out_(out) {}
    std::string num(uint64_t n) const { return s_.count(n, ui_); }
    std::string real(double x, int decimals) const { return s_.real(x, decimals, ui_); }
    std::string text(const char* key, const Substitutions& subs) const { return s_.format(key, ui_, subs); }
    void add(const std::string& quantity, const std::string& formula, const std::string& source) {
        out_.push_back({quantity, formula, source});
    }

private:
    const Strings& s_;
    const std::string& ui_;
    std::vector<TraceLine>& out_;
};

void trace_memory(const Estimate& e, TraceWriter& t) {
    const FitResult& f = e.fit;
    const Substitutions usable = {{"ram", t.num(e.ram_bytes)}, {"reserve", t.num(e.reserve_bytes)},
                                  {"share", t.real(e.options.gpu_memory_utilization, 2)}, {"usable", t.num(f.usable_bytes)}};
    t.add("usable_bytes", t.text(e.options.kv.runtime == Runtime::vllm ? "trace_usable_vllm" : "trace_usable", usable),
          t.text("trace_source_usable", {}));
    const ModelSpec& m = *e.model;
    if (e.weights_from_file) {
        t.add("weights_bytes", t.text("trace_weights_file", {{"bytes", t.num(e.weights_bytes)}}),
              t.text("trace_source_weights_file", {}));
        return;
    }
    t.add("weights_bytes",
          t.text("trace_weights", {{"params", t.num(m.n_params)},
                                   {"embedding", t.num(std::min(m.n_params_embedding, m.n_params))},
                                   {"bpw", t.real(e.weights->bits_per_weight, 3)},
                                   {"embedding_bits", t.real(e.weights->embedding_bits, 3)},
                                   {"bytes", t.num(e.weights_bytes)}}),
          t.text(m.params_exact ? "trace_source_weights_exact" : "trace_source_weights_nominal",
                 {{"note", m.params_note}, {"format_source", e.weights->source}}));
}

std::string trace_cell(const ModelSpec& m, const KvOptions& kv, const TraceWriter& t) {
    if (m.is_mla)
        return t.text("trace_cell_mla", {{"rank", std::to_string(m.mla.kv_lora_rank)},
                                         {"rope", std::to_string(m.mla.qk_rope_head_dim)},
                                         {"type", kv_type_info(kv.type_k).name}});
    return t.text("trace_cell", {{"heads", std::to_string(m.n_head_kv)}, {"k", std::to_string(m.n_embd_head_k)},
                                 {"type_k", kv_type_info(kv.type_k).name}, {"v", std::to_string(m.n_embd_head_v)},
                                 {"type_v", kv_type_info(kv.type_v).name}});
}

void trace_kv(const Estimate& e, TraceWriter& t) {
    const ModelSpec& m = *e.model;
    const MemoryBreakdown& b = e.fit.at_tokens;
    const KvOptions& kv = e.options.kv;
    const Substitutions layer_subs = {{"layers", std::to_string(m.n_layer_full)}, {"cells", t.num(b.kv.cells)},
                                      {"layers_swa", std::to_string(m.n_layer_swa)}, {"cells_swa", t.num(b.kv.cells_swa)}};
    std::string layers = t.text(b.kv.cells_swa > 0 ? "trace_kv_layers_window" : "trace_kv_layers", layer_subs);
    if (b.kv.cells_swa == 0 && m.n_layer_swa > 0)
        layers = t.text("trace_kv_layers_no_window", {{"layers", std::to_string(m.n_layer_full + m.n_layer_swa)},
                                                      {"cells", t.num(b.kv.cells)}});
    t.add("kv_bytes",
          t.text("trace_kv", {{"seqs", std::to_string(kv.n_seq)}, {"layers", layers},
                              {"per_cell", trace_cell(m, kv, t)}, {"bytes", t.num(b.kv.k_bytes + b.kv.v_bytes)}}),
          t.text("trace_source_kv", {{"model", m.id}, {"runtime", runtime_name(kv.runtime)}}));
    if (b.kv.state_bytes)
        t.add("state_bytes",
              t.text("trace_state", {{"seqs", std::to_string(kv.n_seq)}, {"layers", std::to_string(m.recurrent.n_layer)},
                                     {"state", t.num(m.recurrent.state_values)}, {"conv", t.num(m.recurrent.conv_values)},
                                     {"bytes", t.num(b.kv.state_bytes)}}),
              t.text("trace_source_state", {}));
}

void trace_answer(const Assets& a, const Estimate& e, const std::string& ui, TraceWriter& t) {
    const ModelSpec& m = *e.model;
    const FitResult& f = e.fit;
    const MemoryBreakdown& b = f.at_tokens;
    if (b.overhead_bytes())
        t.add("overhead_bytes",
              t.text("trace_overhead", {{"compute", t.num(b.compute_bytes)}, {"output", t.num(b.output_bytes)},
                                        {"runtime", t.num(b.runtime_bytes)}, {"bytes", t.num(b.overhead_bytes())}}),
              t.text("trace_source_overhead", {}));
    const std::string memory = f.memory_unbounded ? a.strings.format("unbounded", ui) : t.num(f.tokens_memory_limit);
    t.add("tokens",
          t.text("trace_tokens", {{"memory", memory}, {"model", t.num(f.tokens_model_limit)}, {"tokens", t.num(f.tokens)}}),
          t.text("trace_source_tokens", {{"context_note", m.context_note.empty() ? t.text("trace_source_vendor_context", {})
                                                                                 : m.context_note}}));
    t.add("text", t.text("trace_text", {{"tokens", t.num(f.tokens)}, {"chars_per_token", t.real(e.text.chars_per_token, 2)}}),
          t.text("trace_source_text", {{"tokenizer", e.text.tokenizer}, {"language", e.text.language}}));
}

void add_trace(const Assets& a, const Estimate& e, const std::string& ui, std::vector<TraceLine>& out) {
    TraceWriter t(a.strings, ui, out);
    trace_memory(e, t);
    trace_kv(e, t);
    trace_answer(a, e, ui, t);
}

std::string weight_format_ids(const WeightFormats& formats) {
    std::string ids;
    for (const WeightFormat& f : formats.all()) ids += (ids.empty() ? "" : ", ") + f.id;
    return ids;
}

std::string nearest_ids(const Catalog& catalog, const std::string& id) {
    std::string ids;
    for (const std::string& near : catalog.suggest(id)) ids += (ids.empty() ? "" : ", ") + near;
    return ids;
}

Error above_largest_size() {
    return make_error(ErrorCode::invalid_input, "memory sizes above 1 PiB are not accepted", "error_size_above_largest", {});
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

std::string pick_ui_language(const Strings& strings, std::string_view ui, std::string_view text_language,
                             std::string_view preferred) {
    for (std::string_view candidate : {ui, text_language, preferred}) {
        const std::string lower = ascii_lower(candidate.substr(0, candidate.find_first_of("-_.")));
        if (strings.has_language(lower)) return lower;
    }
    return Strings::base_language;
}

Result<ResolvedRequest> resolve_request(const Assets& a, const EstimateRequest& r) {
    ResolvedRequest q;
    Result<const ModelSpec*> model = requested_model(a.catalog, r.model, r.custom_model);
    if (!model)
        return r.custom_model ? model.error()
                              : unknown(model.error(), "error_unknown_model", r.model, nearest_ids(a.catalog, r.model));
    q.model = *model;
    Result<const WeightFormat*> weights = r.custom_weights ? r.custom_weights : a.formats.lookup(r.weights);
    if (!weights) return unknown(weights.error(), "error_unknown_weights", r.weights, weight_format_ids(a.formats));
    q.weights = *weights;
    Result<RuntimeOptions> options = runtime_options(r.runtime, r.kv_type, r.kv_type_v, r.seqs, r.ubatch);
    if (!options) return options.error();
    q.options = *options;
    q.options.flash_attn = r.flash_attn;
    q.options.kv.swa_full = r.swa_full;
    // llama.cpp refuses to create such a context (src/llama-context.cpp: "quantized V cache requires flash_attn to
    // be enabled"), so there is no figure to give.
    if (q.options.kv.runtime == Runtime::llama_cpp && !q.options.flash_attn &&
        kv_type_info(q.options.kv.type_v).block_size > 1) {
        const std::string v = kv_type_info(q.options.kv.type_v).name;
        return make_error(ErrorCode::invalid_input,
                          "llama.cpp keeps a quantized V cache (" + v +
                              ") only with flash attention; without it V is f32, f16 or bf16",
                          "error_quantized_v_without_flash_attn", {{"value", v}});
    }
    if (r.reserve_bytes > max_size_bytes) return above_largest_size();
    q.weights_from_file = r.weights_bytes_override.has_value();
    q.weights_bytes = r.weights_bytes_override ? *r.weights_bytes_override : weights_bytes(*q.model, *q.weights);
    return q;
}

Result<Estimate> estimate(const Assets& a, const EstimateRequest& r) {
    Result<ResolvedRequest> q = resolve_request(a, r);
    if (!q) return q.error();
    if (r.ram_bytes == 0)
        return make_error(ErrorCode::invalid_input, "memory size must be above zero", "error_ram_zero", {});
    if (r.ram_bytes > max_size_bytes) return above_largest_size();

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
    if (!text) return text.error();  // an unknown language or page, keyed by text_size.cpp
    e.text = *text;
    const double t = static_cast<double>(e.fit.tokens);
    e.quadratic_scores_bytes = static_cast<double>(e.model->n_head) * t * t * 4.0;
    const std::string ui = r.ui.empty() ? ui_language(a.strings, r.language) : ui_language(a.strings, r.ui);
    add_notes(a, e, ui, e.notes);
    add_trace(a, e, ui, e.trace);
    return e;
}

Result<KvSize> estimate_kv(const Assets& a, const KvRequest& r) {
    Result<const ModelSpec*> model = requested_model(a.catalog, r.model, r.custom_model);
    if (!model) return model.error();
    Result<RuntimeOptions> options = runtime_options(r.runtime, r.kv_type, r.kv_type_v, r.seqs, r.ubatch);
    if (!options) return options.error();
    if (r.ctx > max_search_tokens)
        return make_error(ErrorCode::invalid_input,
                          "context of " + std::to_string(r.ctx) + " tokens is above the largest accepted (2^40)",
                          "error_ctx_too_large", {{"value", std::to_string(r.ctx)}});
    options->kv.swa_full = r.swa_full;
    return kv_size(**model, r.ctx, options->kv);
}

std::string verdict(const Assets& a, const Estimate& e, const std::string& ui) {
    const Strings& s = a.strings;
    const FitResult& f = e.fit;
    const Substitutions subs = {
        {"model", shown_model_name(s, *e.model, ui)},
        {"tokens", s.count(f.tokens, ui)},
        {"tokens_memory", s.count(f.tokens_memory_limit, ui)},
        {"tokens_model", s.count(f.tokens_model_limit, ui)},
        {"ram", s.bytes(e.ram_bytes, ui)},
        {"usable", s.bytes(f.usable_bytes, ui)},
        {"weights", s.bytes(e.weights_bytes, ui)},
        {"missing", s.bytes(f.missing_bytes, ui)},
        {"ram_needed", s.bytes(f.ram_for_model_limit, ui)},
        {"pages", s.count(static_cast<uint64_t>(e.text.pages + 0.5), ui)},
        {"tokens_n", s.counted("tokens", ui, f.tokens)},
        {"tokens_memory_n", s.counted("tokens", ui, f.tokens_memory_limit)},
        {"tokens_model_n", s.counted("tokens", ui, f.tokens_model_limit)},
        {"pages_n", s.counted("pages", ui, static_cast<uint64_t>(e.text.pages + 0.5))},
    };
    switch (f.limited_by) {
        case LimitedBy::weights_do_not_fit: return s.format("verdict_weights", ui, subs);
        case LimitedBy::memory: return s.format("verdict_memory", ui, subs);
        case LimitedBy::model:
            return s.format(f.memory_unbounded ? "verdict_model_unbounded" : "verdict_model", ui, subs);
    }
    return {};
}

Status limit_to_cluster(const Assets& a, const EstimateRequest& r, uint64_t limit, Estimate& e) {
    FitResult& f = e.fit;
    if (f.limited_by == LimitedBy::weights_do_not_fit) return ok_status();
    const uint64_t seqs = e.options.kv.n_seq;
    f.tokens_memory_limit = limit / seqs;
    f.memory_unbounded = false;
    f.tokens = std::min(f.tokens_memory_limit, f.tokens_model_limit);
    f.tokens_total = f.tokens * seqs;
    f.limited_by = f.tokens < f.tokens_model_limit ? LimitedBy::memory : LimitedBy::model;
    f.at_tokens = memory_at(*e.model, e.weights_bytes, f.tokens, e.options);
    Result<TextSize> text = a.text.convert(f.tokens, r.language, e.model->tokenizer, r.page);
    if (!text) return text.error();
    e.text = *text;
    const double t = static_cast<double>(f.tokens);
    e.quadratic_scores_bytes = static_cast<double>(e.model->n_head) * t * t * 4.0;
    const std::string ui = r.ui.empty() ? ui_language(a.strings, r.language) : r.ui;
    auto num = [&](uint64_t n) { return a.strings.count(n, ui); };
    e.trace.push_back({"tokens",
                       a.strings.format("trace_tokens_cluster", ui, {{"limit", num(limit)}, {"seqs", std::to_string(seqs)},
                                                                     {"model", num(f.tokens_model_limit)},
                                                                     {"tokens", num(f.tokens)}}),
                       "core/placement.h tokens_memory_limit"});
    return ok_status();
}

std::string format_duration(const Strings& s, double seconds, const std::string& ui) {
    struct Unit { const char* key; double seconds; };
    // The largest unit the duration reaches; below 10 of a unit one decimal is worth reading.
    constexpr Unit units[] = {{"duration_days", 86400}, {"duration_h", 3600}, {"duration_min", 60}, {"duration_s", 1}};
    for (const Unit& u : units) {
        const double n = seconds / u.seconds;
        if (n >= 1 || u.seconds == 1)
            return s.format(u.key, ui, {{"n", s.real(n, n < 10 ? 1 : 0, ui)}});
    }
    return {};
}

std::string hardware_label(const Strings& strings, const Placement& p, const std::string& ui) {
    std::string label;
    for (size_t i = 0; i < p.devices.size();) {
        const DevicePlacement& d = p.devices[i];
        size_t same = i + 1;
        uint64_t count = d.count;
        while (same < p.devices.size() && p.devices[same].device.id == d.device.id) count += p.devices[same++].count;
        if (d.device.id != "system-ram")
            label += (label.empty() ? "" : " + ") + (count > 1 ? std::to_string(count) + " x " : "") + d.device.name;
        i = same;
    }
    return label.empty() ? strings.format("hardware_system_ram", ui) : label;
}

std::string verdict_with_time(const Assets& a, const Estimate& e, const SpeedResult& speed, const std::string& ui) {
    std::string sentence = verdict(a, e, ui);
    if (e.fit.limited_by == LimitedBy::weights_do_not_fit || e.fit.tokens == 0) return sentence;
    if (!sentence.empty() && sentence.back() == '.') sentence.pop_back();
    const double tps = speed.decode_tokens_per_s_at_tokens;
    return sentence + a.strings.format("verdict_time", ui, {{"duration", format_duration(a.strings, speed.prefill_seconds, ui)},
                                                            {"hardware", hardware_label(a.strings, speed.placement, ui)},
                                                            {"decode", a.strings.real(tps, tps < 10 ? 1 : 0, ui)}});
}

}  // namespace contextfit
