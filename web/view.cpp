#include "view.h"

#include <nlohmann/json.hpp>

#include "kv_cache.h"
#include "memory.h"

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

}  // namespace

std::string notice_text(const Assets& a, const ShareNotice& n, const std::string& ui) {
    return contextfit::notice_text(a.strings, n, ui);
}

std::string language_name(const Strings& strings, const Language& l, const std::string& ui) {
    const std::string key = "web_lang_" + l.id;
    std::string name = strings.format(key, ui);
    return name == key ? l.label : name;
}

View compute(const Assets& a, const AppState& s) {
    View v;
    v.estimate = estimate(a, to_request(s));
    if (!v.estimate) return v;
    const Estimate& e = *v.estimate;
    v.verdict = glue_name(verdict(a, e, s.ui), e.model->display_name);
    v.chart_max_tokens = chart_span(e.fit);
    v.curve.reserve(chart_points + 1);
    for (int i = 0; i <= chart_points; ++i) {
        const uint64_t tokens = v.chart_max_tokens / chart_points * static_cast<uint64_t>(i);
        const uint64_t need = memory_at(*e.model, e.weights_bytes, tokens, e.options).total();
        v.curve.push_back({tokens, ram_for_usable(need, e.reserve_bytes, e.options)});
    }
    return v;
}

std::string mirror_json(const Assets& a, const AppState& s, const View& v) {
    using nlohmann::json;
    const Strings& str = a.strings;
    const std::string& ui = s.ui;
    json j;
    j["hash"] = serialize_share_link(to_link(s));
    j["ui"] = ui;
    j["inputs"] = {{"ram", ram_text(s)}, {"reserve", reserve_text(s)}, {"model", s.model}, {"weights", s.weights},
                   {"kv", s.kv}, {"runtime", s.runtime}, {"seqs", s.seqs}, {"lang", s.lang}, {"page", s.page}};
    if (v.estimate) {
        const Estimate& e = *v.estimate;
        j["result"] = {{"tokens", e.fit.tokens},
                       {"megabytes", round_to(e.text.megabytes, 3)},
                       {"pages", round_to(e.text.pages, 1)},
                       {"words", e.text.words < 0 ? json(nullptr) : json(static_cast<uint64_t>(e.text.words + 0.5))},
                       {"limited_by", limited_by_name(e.fit.limited_by)},
                       {"weights_bytes", e.weights_bytes},
                       {"kv_bytes_per_token", e.kv_bytes_per_token},
                       {"verdict", v.verdict}};
    } else {
        j["error"] = str.format("web_error", ui, {{"message", v.estimate.error().message}});
    }
    json notices = json::array();
    for (const ShareNotice& n : s.notices) notices.push_back(notice_text(a, n, ui));
    for (const std::string& m : s.file_messages) notices.push_back(m);
    j["notices"] = notices;
    if (s.file_model) {
        const ModelSpec& m = s.file_model->spec;
        j["file_model"] = {{"name", m.display_name}, {"origin", s.file_model->origin}, {"n_params", m.n_params},
                           {"n_layer", m.n_layer}, {"n_layer_full", m.n_layer_full}, {"n_layer_swa", m.n_layer_swa},
                           {"n_layer_recurrent", m.recurrent.n_layer}, {"n_ctx_limit", m.n_ctx_limit},
                           {"weights_bytes", s.file_model->weights_bytes}};
    }

    json models = json::array();
    if (s.file_model)
        models.push_back({{"id", arch_model_id}, {"name", s.file_model->spec.display_name},
                          {"family", str.format("web_your_model", ui)}});
    for (const ModelSpec& m : a.catalog.models())
        models.push_back({{"id", m.id}, {"name", m.display_name}, {"family", m.family}});
    json weights = json::array();
    for (const WeightFormat& f : a.formats.all()) weights.push_back({{"id", f.id}, {"name", f.label}});
    json kv = json::array();
    Result<Runtime> runtime = parse_runtime(s.runtime);
    for (size_t t = 0; t < static_cast<size_t>(KvType::count); ++t) {
        const KvTypeInfo& info = kv_type_info(static_cast<KvType>(t));
        const bool ok = !runtime || *runtime == Runtime::theory || (*runtime == Runtime::vllm ? info.vllm : info.llama_cpp);
        if (ok) kv.push_back({{"id", info.name}, {"name", info.name}});
    }
    json runtimes = json::array();
    for (Runtime r : all_runtimes) runtimes.push_back({{"id", runtime_name(r)}, {"name", runtime_name(r)}});
    json langs = json::array();
    for (const Language& l : a.text.languages()) langs.push_back({{"id", l.id}, {"name", language_name(str, l, ui)}});
    json pages = json::array();
    for (const PageConvention& p : a.text.pages())
        pages.push_back({{"id", p.id}, {"name", ui == "ru" && !p.label_ru.empty() ? p.label_ru : p.label}});
    j["options"] = {{"model", models}, {"weights", weights}, {"kv", kv}, {"runtime", runtimes},
                    {"lang", langs}, {"page", pages}};
    json labels;
    for (const char* key : {"web_title", "web_tagline", "web_memory", "web_reserve", "web_model", "web_weights",
                            "web_kv", "web_runtime", "web_seqs", "web_text_lang", "web_page", "web_ui_lang",
                            "web_text_version", "web_no_webgl", "web_apply", "web_open_file", "web_paste_config",
                            "web_load_config"})
        labels[key] = str.format(key, ui);
    j["labels"] = labels;
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace contextfit::web
