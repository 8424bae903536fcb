#include "view.h"

#include "json_out.h"
#include "kv_cache.h"
#include "memory.h"
#include "notice_text.h"

namespace contextfit::web {
namespace {

constexpr int chart_points = 96;

double round_to(double x, int decimals) {
    double scale = 1;
    for (int i = 0; i < decimals; ++i) scale *= 10;
    return static_cast<double>(static_cast<long long>(x * scale + 0.5)) / scale;
}

// The chart spans both limits with some room: the larger of the two, plus 15 %.
uint64_t chart_span(const FitResult& f) {
    uint64_t top = f.tokens_model_limit;
    if (!f.memory_unbounded && f.tokens_memory_limit > top) top = f.tokens_memory_limit;
    if (top == 0) top = 1024;
    return top + top / 100 * 15;
}

// Spaces inside `name` become no-break spaces (U+00A0) wherever it appears in `text`, so lines never end
// inside a model name ("Llama 3.1" / "70B").
std::string glue_name(std::string text, const std::string& name) {
    std::string glued;
    for (char c : name) glued += c == ' ' ? std::string("\xC2\xA0") : std::string(1, c);
    if (glued == name) return text;
    for (size_t at = text.find(name); at != std::string::npos; at = text.find(name, at + glued.size()))
        text.replace(at, name.size(), glued);
    return text;
}

void compute_text_mode(const Assets& a, const AppState& s, View& v) {
    v.models = model_rows(a, s);
    if (s.mode != PageMode::text) return;
    Result<NeedRequest> r = to_need_request(s);
    v.need = r ? need(a, *r) : Result<Need>(r.error());
}

}  // namespace

std::string language_name(const Strings& strings, const Language& l, const std::string& ui) {
    const std::string key = "web_lang_" + l.id;
    std::string name = strings.format(key, ui);
    return name == key ? l.label : name;
}

View compute(const Assets& a, const AppState& s) {
    View v;
    v.estimate = estimate(a, to_request(s));
    compute_text_mode(a, s, v);
    if (!v.estimate) return v;
    const Estimate& e = *v.estimate;
    v.verdict = glue_name(verdict(a, e, s.ui), shown_model_name(a.strings, *e.model, s.ui));
    v.chart_max_tokens = chart_span(e.fit);
    v.curve.reserve(chart_points + 1);
    for (int i = 0; i <= chart_points; ++i) {
        const uint64_t tokens = v.chart_max_tokens / chart_points * static_cast<uint64_t>(i);
        const uint64_t need = memory_at(*e.model, e.weights_bytes, tokens, e.options).total();
        v.curve.push_back({tokens, ram_for_usable(need, e.reserve_bytes, e.options)});
    }
    v.speed = compute_speed(a, s.hw, e, s.ui);
    if (const std::string t = time_sentence(a.strings, v.speed, s.ui); !t.empty()) v.verdict += " " + t;
    Result<FormatsFit> formats = formats_fit(a, to_request(s));
    if (formats) v.formats = std::move(formats).value();
    return v;
}

// The keys are written in the order the mirror has always had (nlohmann's objects sorted them by name).
namespace {

void write_inputs(JsonOut& j, const AppState& s) {
    j.key("inputs").begin_object();
    j.field("kv", s.kv).field("lang", s.lang).field("model", s.model).field("page", s.page);
    j.field("ram", ram_text(s)).field("reserve", reserve_text(s)).field("runtime", s.runtime);
    j.field("seqs", s.seqs).field("weights", s.weights);
    j.end_object();
}

void write_result(JsonOut& j, const Estimate& e, const View& v) {
    j.key("result").begin_object();
    j.field("kv_bytes_per_token", e.kv_bytes_per_token).field("limited_by", limited_by_name(e.fit.limited_by));
    j.field("megabytes", round_to(e.text.megabytes, 3));
    j.key("notes").begin_array();
    for (const std::string& note : e.notes) j.value(note);
    j.end_array();
    j.field("pages", round_to(e.text.pages, 1)).field("tokens", e.fit.tokens);
    j.key("trace").begin_array();  // as the CLI's --json has it: how each figure was computed, and its source
    for (const TraceLine& t : e.trace)
        j.begin_object().field("formula", t.formula).field("quantity", t.quantity).field("source", t.source).end_object();
    j.end_array();
    j.field("verdict", v.verdict).field("weights_bytes", e.weights_bytes);
    j.key("words");
    if (e.text.words < 0) j.value(nullptr);  // not counted for the language
    else j.value(static_cast<uint64_t>(e.text.words + 0.5));
    j.end_object();
}

void write_file_model(JsonOut& j, const FileModel& f, const std::string& name) {
    const ModelSpec& m = f.spec;
    j.key("file_model").begin_object();
    j.field("n_ctx_limit", m.n_ctx_limit).field("n_layer", m.n_layer).field("n_layer_full", m.n_layer_full);
    j.field("n_layer_recurrent", m.recurrent.n_layer).field("n_layer_swa", m.n_layer_swa);
    j.field("n_params", m.n_params).field("name", name).field("origin", f.origin);
    j.field("weights_bytes", f.weights_bytes);
    j.end_object();
}

void write_option(JsonOut& j, std::string_view id, std::string_view name) {
    j.begin_object().field("id", id).field("name", name).end_object();
}

void write_options(JsonOut& j, const Assets& a, const AppState& s) {
    const std::string& ui = s.ui;
    j.key("options").begin_object();
    j.key("kv").begin_array();
    Result<Runtime> runtime = parse_runtime(s.runtime);
    for (const std::string& kv : kv_type_ids(runtime ? *runtime : Runtime::theory)) write_option(j, kv, kv);
    j.end_array();
    j.key("lang").begin_array();
    for (const Language& l : a.text.languages()) write_option(j, l.id, language_name(a.strings, l, ui));
    j.end_array();
    j.key("model").begin_array();
    if (s.file_model) {
        j.begin_object().field("family", a.strings.format("your_model", ui)).field("id", arch_model_id);
        j.field("name", shown_model_name(a.strings, s.file_model->spec, ui)).end_object();
    }
    for (const ModelSpec& m : a.catalog.models())
        j.begin_object().field("family", m.family).field("id", m.id).field("name", m.display_name).end_object();
    j.end_array();
    j.key("page").begin_array();
    for (const PageConvention& p : a.text.pages()) write_option(j, p.id, a.strings.format("page_" + p.id, ui));
    j.end_array();
    j.key("runtime").begin_array();
    for (Runtime r : all_runtimes) write_option(j, runtime_name(r), runtime_name(r));
    j.end_array();
    j.key("weights").begin_array();
    for (const WeightFormat& f : a.formats.all()) write_option(j, f.id, f.label);
    j.end_array();
    j.end_object();
}

void write_need(JsonOut& j, const Need& n) {
    j.key("need").begin_object();
    j.field("tokens", n.tokens).field("n_ctx_limit", n.n_ctx_limit).field("fits_context", n.fits_context);
    j.field("parts", n.parts).field("part_tokens", n.part_tokens).field("seqs", n.seqs);
    j.field("weights_bytes", n.weights_bytes).field("kv_bytes", n.kv_bytes).field("state_bytes", n.state_bytes);
    j.field("compute_bytes", n.compute_bytes).field("output_bytes", n.output_bytes);
    j.field("runtime_bytes", n.runtime_bytes).field("total_bytes", n.total_bytes);
    j.field("reserve_bytes", n.reserve_bytes).field("ram_bytes", n.ram_bytes);
    j.end_object();
}

void write_text_mode(JsonOut& j, const Assets& a, const AppState& s, const View& v) {
    j.field("mode", s.mode == PageMode::text ? "text" : "memory");
    j.key("text").begin_object().field("amount", std::string_view(s.text_amount));
    if (s.text_file) {
        const TextStats& f = *s.text_file;
        j.key("file").begin_object().field("name", s.text_file_name).field("encoding", text_encoding_name(f.encoding));
        j.field("chars", f.chars).field("words", f.words).field("lines", f.lines).field("utf8_bytes", f.utf8_bytes);
        j.field("language", f.language).end_object();
    }
    j.end_object();
    if (s.mode != PageMode::text) return;
    if (v.need) write_need(j, *v.need);
    else j.field("need_error", a.strings.error_message(v.need.error(), s.ui));
}

void write_models(JsonOut& j, const View& v) {
    j.key("models").begin_array();
    for (const ModelRow& m : v.models) {
        j.begin_object().field("id", m.id).field("name", m.name).field("family", m.family).field("tokens", m.tokens);
        j.field("limited_by", m.limited_by).field("pages", round_to(m.pages, 1)).field("parts", m.parts);
        j.field("total_bytes", m.total_bytes).field("ram_bytes", m.ram_bytes).end_object();
    }
    j.end_array();
}

// The formats table (each weight format: fits or not, tokens, pages) and what the chosen one needs.
void write_formats(JsonOut& j, const FormatsFit& f) {
    j.key("formats").begin_array();
    for (const FormatFit& row : f.formats) {
        j.begin_object().field("id", row.format->id).field("fits", row.fits).field("tokens", row.tokens);
        j.field("pages", round_to(row.pages, 1)).end_object();
    }
    j.end_array();
    j.key("formats_that_fit").begin_array();
    for (const FormatFit& row : f.that_fit) j.value(row.format->id);
    j.end_array();
    j.field("ram_needed_4096", f.ram_needed_4096).field("ram_needed_full_context", f.ram_needed_full_context);
}

}  // namespace

std::string mirror_json(const Assets& a, const AppState& s, const View& v) {
    const std::string& ui = s.ui;
    JsonOut j;
    j.begin_object();
    if (!v.estimate)
        j.field("error", a.strings.format("web_error", ui, {{"message", a.strings.error_message(v.estimate.error(), ui)}}));
    if (s.file_model) write_file_model(j, *s.file_model, shown_model_name(a.strings, s.file_model->spec, ui));
    j.field("hash", serialize_share_link(to_link(s)));
    write_inputs(j, s);
    j.key("labels").begin_object();
    for (const char* key : {"web_apply", "web_how_title", "web_kv", "web_load_config", "web_memory", "web_model",
                            "web_no_webgl", "web_open_file", "web_page", "web_paste_config", "web_reserve",
                            "web_runtime", "web_seqs", "web_tagline", "web_text_lang", "web_text_version", "web_title",
                            "web_ui_lang", "web_weights", "web_formats_title", "web_formats_fits", "web_formats_yes",
                            "web_formats_no", "web_tokens", "web_pages"})
        j.field(key, a.strings.format(key, ui));
    j.end_object();
    j.key("notices").begin_array();
    for (const ShareNotice& n : s.notices) j.value(notice_text(a.strings, n, ui));
    for (const std::string& input : s.read_as_gib) j.value(a.strings.format("notice_bare_gib", ui, {{"input", input}}));
    for (const std::string& m : s.file_messages) j.value(m);
    j.end_array();
    write_options(j, a, s);
    if (v.estimate) write_result(j, *v.estimate, v);
    write_speed_json(j, a.strings, v.speed, ui);
    if (v.estimate) write_formats(j, v.formats);
    j.field("ui", ui);
    write_text_mode(j, a, s, v);
    write_models(j, v);
    j.end_object();
    return j.text();
}

}  // namespace contextfit::web
