#include "report.h"

#include <cstdio>
#include <cstdlib>

#include "ascii.h"
#include "size_parse.h"

namespace contextfit::cli {
namespace {

using nlohmann::ordered_json;

double round_to(double x, int decimals) {
    double scale = 1;
    for (int i = 0; i < decimals; ++i) scale *= 10;
    return static_cast<double>(static_cast<long long>(x * scale + 0.5)) / scale;
}

uint64_t whole(double x) { return x <= 0 ? 0 : static_cast<uint64_t>(x + 0.5); }

ordered_json text_json(const TextSize& t, const TextTables& tables) {
    ordered_json j;
    j["language"] = t.language;
    j["tokenizer"] = t.tokenizer;
    j["chars_per_token"] = t.chars_per_token;
    j["chars"] = whole(t.chars);
    j["chars_range"] = {whole(t.chars_low), whole(t.chars_high)};
    j["bytes"] = whole(t.bytes);
    j["megabytes"] = round_to(t.megabytes, 3);
    j["mebibytes"] = round_to(t.mebibytes, 3);
    j["words"] = t.words < 0 ? ordered_json(nullptr) : ordered_json(whole(t.words));
    if (t.lines >= 0) j["lines"] = whole(t.lines);
    j["pages"] = round_to(t.pages, 1);
    j["page_convention"] = t.page_convention;
    if (Result<const PageConvention*> p = tables.page(t.page_convention)) j["chars_per_page"] = (*p)->chars_per_page;
    j["estimate"] = true;
    return j;
}

std::string pad_right(const std::string& s, size_t width) {
    // Width in characters, not bytes: count UTF-8 lead bytes so Cyrillic labels align.
    size_t chars = 0;
    for (unsigned char c : s) chars += (c & 0xC0) != 0x80;
    return s + std::string(chars < width ? width - chars : 1, ' ');
}

ordered_json breakdown_json(const Estimate& e) {
    const FitResult& f = e.fit;
    const MemoryBreakdown& b = f.at_tokens;
    return {{"weights_bytes", b.weights_bytes},  {"kv_bytes", b.kv.k_bytes + b.kv.v_bytes},
            {"state_bytes", b.kv.state_bytes},   {"compute_bytes", b.compute_bytes},
            {"output_bytes", b.output_bytes},    {"runtime_bytes", b.runtime_bytes},
            {"reserve_bytes", e.reserve_bytes},
            {"free_bytes", f.usable_bytes > b.total() ? f.usable_bytes - b.total() : 0}};
}

ordered_json model_json(const ModelSpec& m) {
    return {{"id", m.id},
            {"display_name", m.display_name},
            {"n_params", m.n_params},
            {"n_params_active", m.n_params_active},
            {"params_exact", m.params_exact},
            {"n_ctx_train", m.n_ctx_train},
            {"n_ctx_advertised", m.n_ctx_advertised},
            {"n_ctx_limit", m.n_ctx_limit},
            {"context_note", m.context_note}};
}

ordered_json weights_json(const WeightFormat& w) {
    return {{"id", w.id},
            {"label", w.label},
            {"bits_per_weight", w.bits_per_weight},
            {"embedding_bits", w.embedding_bits},
            {"kind", w.kind},
            {"source", w.source}};
}

ordered_json trace_json(const std::vector<TraceLine>& trace) {
    ordered_json list = ordered_json::array();
    for (const TraceLine& t : trace) list.push_back({{"quantity", t.quantity}, {"formula", t.formula}, {"source", t.source}});
    return list;
}

// The answer's figures in bytes and tokens, in the order a reader checks them.
void fit_figures_json(const Estimate& e, ordered_json& j) {
    const FitResult& f = e.fit;
    const MemoryBreakdown& b = f.at_tokens;
    j["ram_bytes"] = e.ram_bytes;
    j["reserve_bytes"] = e.reserve_bytes;
    j["usable_bytes"] = f.usable_bytes;
    j["weights_bytes"] = e.weights_bytes;
    j["overhead_bytes"] = b.overhead_bytes();
    j["kv_bytes_per_token"] = e.kv_bytes_per_token;
    j["tokens_memory_limit"] = f.memory_unbounded ? ordered_json(nullptr) : ordered_json(f.tokens_memory_limit);
    j["memory_limit_unbounded"] = f.memory_unbounded;
    j["tokens_model_limit"] = f.tokens_model_limit;
    j["tokens"] = f.tokens;
    j["seqs"] = e.options.kv.n_seq;
    j["tokens_total"] = f.tokens_total;
    j["limited_by"] = limited_by_name(f.limited_by);
    j["kv_bytes"] = b.kv.k_bytes + b.kv.v_bytes;
    j["k_bytes"] = b.kv.k_bytes;
    j["v_bytes"] = b.kv.v_bytes;
    j["state_bytes"] = b.kv.state_bytes;
    j["missing_bytes"] = f.missing_bytes;
    j["ram_for_model_limit_bytes"] = f.ram_for_model_limit;
}

}  // namespace

ordered_json fit_json(const Assets& a, const Estimate& e, const std::string& ui) {
    ordered_json j;
    fit_figures_json(e, j);
    j["breakdown"] = breakdown_json(e);
    j["cells"] = {{"full", e.fit.at_tokens.kv.cells}, {"sliding", e.fit.at_tokens.kv.cells_swa}};
    j["model"] = model_json(*e.model);
    j["weights"] = weights_json(*e.weights);
    j["runtime"] = runtime_name(e.options.kv.runtime);
    j["kv_type"] = {{"k", kv_type_info(e.options.kv.type_k).name}, {"v", kv_type_info(e.options.kv.type_v).name}};
    j["text"] = text_json(e.text, a.text);
    j["quadratic_scores_bytes_one_layer"] = e.quadratic_scores_bytes;
    j["verdict"] = verdict(a, e, ui);
    j["notes"] = e.notes;
    j["trace"] = trace_json(e.trace);
    return j;
}

void add_formats_fit_json(const FormatsFit& formats, ordered_json& j) {
    ordered_json list = ordered_json::array();
    for (const FormatFit& f : formats.that_fit)
        list.push_back({{"format", f.format->id}, {"tokens", f.tokens}, {"pages", f.pages}});
    j["formats_that_fit"] = list;
    j["ram_needed_4096"] = formats.ram_needed_4096;
    j["ram_needed_full_context"] = formats.ram_needed_full_context;
}

namespace {

// One table row: label, amount, and the sentence that shows how the amount was reached.
class TableRows {
public:
    TableRows(const Strings& s, const std::string& ui, std::string& out) : s_(s), ui_(ui), out_(out) {}
    void add(const char* label_key, const std::string& amount, const std::string& detail) {
        out_ += "  " + pad_right(s_.format(label_key, ui_), 24) + pad_right(amount, 14) + detail + "\n";
    }

private:
    const Strings& s_;
    const std::string& ui_;
    std::string& out_;
};

void memory_rows(const Assets& a, const Estimate& e, const std::string& ram_input, const std::string& ui,
                 TableRows& row) {
    const Strings& s = a.strings;
    const FitResult& f = e.fit;
    const MemoryBreakdown& b = f.at_tokens;
    row.add("label_memory", format_bytes(f.usable_bytes, ui),
            s.format("memory_line", ui, {{"ram_input", ram_input}, {"ram_bytes", format_count(e.ram_bytes, ui)},
                                         {"ram", format_bytes(e.ram_bytes, ui)}, {"reserve", format_bytes(e.reserve_bytes, ui)},
                                         {"usable", format_bytes(f.usable_bytes, ui)}}));
    // Weights read from a GGUF tensor table are exact: no bits-per-weight product behind them.
    row.add("label_weights", format_bytes(e.weights_bytes, ui),
            s.format(e.weights_from_file ? "weights_line_file" : "weights_line", ui,
                     {{"params", format_count(e.model->n_params, ui)}, {"bytes", format_count(e.weights_bytes, ui)},
                      {"bpw", format_real(e.weights->bits_per_weight, 2, ui)}}));
    row.add("label_kv", format_bytes(b.kv.k_bytes + b.kv.v_bytes, ui),
            s.format("kv_line", ui, {{"tokens", format_count(f.tokens, ui)},
                                     {"seqs", std::to_string(e.options.kv.n_seq)},
                                     {"per_token", format_bytes(e.kv_bytes_per_token, ui)}}));
    if (b.kv.state_bytes) row.add("label_state", format_bytes(b.kv.state_bytes, ui), "");
    row.add("label_buffers", format_bytes(b.overhead_bytes(), ui), "");
    row.add("label_free", format_bytes(f.usable_bytes > b.total() ? f.usable_bytes - b.total() : 0, ui), "");
}

void token_rows(const Assets& a, const Estimate& e, const std::string& ui, TableRows& row) {
    const Strings& s = a.strings;
    const FitResult& f = e.fit;
    const std::string memory = f.memory_unbounded ? s.format("unbounded", ui) : format_count(f.tokens_memory_limit, ui);
    row.add("label_tokens", format_count(f.tokens, ui),
            s.format("tokens_line", ui, {{"tokens", format_count(f.tokens, ui)}, {"total", format_count(f.tokens_total, ui)},
                                         {"memory", memory}, {"model", format_count(f.tokens_model_limit, ui)}}));
    const char* limited = f.limited_by == LimitedBy::memory  ? "limited_memory"
                          : f.limited_by == LimitedBy::model ? "limited_model"
                                                             : "limited_weights";
    row.add("label_limited_by", s.format(limited, ui), "");
}

void text_row(const Assets& a, const TextSize& t, const std::string& ui, TableRows& row) {
    const Strings& s = a.strings;
    const std::string page_label = s.format("page_" + t.page_convention, ui);
    row.add("label_text", format_real(t.megabytes, 2, ui) + " MB",
            s.format("text_line", ui, {{"language", t.language}, {"chars", format_count(whole(t.chars), ui)},
                                       {"megabytes", format_real(t.megabytes, 2, ui)},
                                       {"words", t.words < 0 ? s.format("words_na", ui) : format_count(whole(t.words), ui)},
                                       {"pages", format_count(whole(t.pages), ui)}, {"page", page_label}}));
}

// The verdict, the notes and the trace under the table.
std::string fit_explanation(const Assets& a, const Estimate& e, const std::string& ui) {
    const Strings& s = a.strings;
    std::string out = "\n" + s.format("label_verdict", ui) + ": " + verdict(a, e, ui) + "\n\n" +
                      s.format("label_notes", ui) + ":\n";
    for (const std::string& n : e.notes) out += "  - " + n + "\n";
    out += "\n" + s.format("label_trace", ui) + ":\n";
    for (const TraceLine& line : e.trace) out += "  " + pad_right(line.quantity, 16) + line.formula + "\n";
    return out;
}

}  // namespace

std::string fit_table(const Assets& a, const Estimate& e, const std::string& ram_input, const std::string& ui) {
    std::string out = a.strings.format("title", ui, {{"model", e.model->display_name}, {"weights", e.weights->label},
                                                     {"kv", kv_type_info(e.options.kv.type_k).name},
                                                     {"runtime", runtime_name(e.options.kv.runtime)}}) + "\n";
    TableRows row(a.strings, ui, out);
    memory_rows(a, e, ram_input, ui, row);
    token_rows(a, e, ui, row);
    text_row(a, e.text, ui, row);
    return out + fit_explanation(a, e, ui);
}

ordered_json kv_json(const KvRequest& r, const KvSize& kv) {
    ordered_json j;
    j["model"] = r.model;
    j["ctx"] = r.ctx;
    j["seqs"] = r.seqs;
    j["runtime"] = r.runtime;
    j["cells"] = kv.cells;
    j["cells_sliding"] = kv.cells_swa;
    j["kv_bytes"] = kv.total();
    j["k_bytes"] = kv.k_bytes;
    j["v_bytes"] = kv.v_bytes;
    j["state_bytes"] = kv.state_bytes;
    return j;
}

ordered_json models_json(const Assets& a) {
    ordered_json list = ordered_json::array();
    for (const ModelSpec& m : a.catalog.models())
        list.push_back({{"id", m.id}, {"display_name", m.display_name}, {"family", m.family},
                        {"n_params", m.n_params}, {"params_exact", m.params_exact}, {"n_layer", m.n_layer},
                        {"attention_kind", m.attention_kind}, {"n_ctx_limit", m.n_ctx_limit},
                        {"verified", m.verified}});
    return list;
}

std::string models_table(const Assets& a) {
    std::string out;
    char line[256];
    std::snprintf(line, sizeof line, "%-30s %-34s %10s %7s %-7s %10s\n", "id", "name", "params", "layers", "attn",
                  "context");
    out += line;
    for (const ModelSpec& m : a.catalog.models()) {
        std::snprintf(line, sizeof line, "%-30s %-34s %9.2fB %7u %-7s %10llu\n", m.id.c_str(), m.display_name.c_str(),
                      static_cast<double>(m.n_params) / 1e9, m.n_layer, m.attention_kind.c_str(),
                      static_cast<unsigned long long>(m.n_ctx_limit));
        out += line;
    }
    return out;
}

std::string si_units_hint(const Assets& a, const std::string& input, uint64_t bytes, const std::string& ui) {
    std::string unit, number;
    for (char c : input) {
        if ((c >= '0' && c <= '9') || c == '.') number += c;
        else if (c != ' ') unit += ascii_lower(c);
    }
    if (unit != "gb" && unit != "tb") return {};
    if (unit == "tb") number = format_real(std::strtod(number.c_str(), nullptr) * 1024, 0, "en");
    return a.strings.format("hint_si_units", ui, {{"input", input}, {"bytes", format_count(bytes, ui)},
                                                  {"number", number}});
}

}  // namespace contextfit::cli

namespace contextfit::cli {
namespace {

nlohmann::ordered_json gguf_value_json(const GgufValue& v) {
    switch (v.type) {
        case GgufType::u8: case GgufType::u16: case GgufType::u32: case GgufType::u64: return v.u;
        case GgufType::i8: case GgufType::i16: case GgufType::i32: case GgufType::i64: return v.i;
        case GgufType::f32: case GgufType::f64: return v.f;
        case GgufType::boolean: return v.u != 0;
        case GgufType::string: return v.s.size() > 256 ? v.s.substr(0, 256) + "..." : v.s;
        case GgufType::array: {
            nlohmann::ordered_json a{{"type", "array"}, {"element_type", gguf_type_name(v.elem_type)}, {"count", v.count}};
            if (v.count <= 64 && v.complete) {
                nlohmann::ordered_json items = nlohmann::ordered_json::array();
                for (const GgufValue& item : v.items) items.push_back(gguf_value_json(item));
                a["items"] = items;
            }
            return a;
        }
        default: return nullptr;
    }
}

uint64_t total(const std::vector<GgufFile>& files, uint64_t GgufFile::*field) {
    uint64_t n = 0;
    for (const GgufFile& f : files) n += f.*field;
    return n;
}

}  // namespace

namespace {

// The first part's key-value pairs.
nlohmann::ordered_json metadata_json(const GgufFile& first) {
    nlohmann::ordered_json metadata = nlohmann::ordered_json::object();
    for (const GgufKv& kv : first.kv) metadata[kv.key] = gguf_value_json(kv.value);
    return metadata;
}

// Every part's tensor table, in file order.
nlohmann::ordered_json tensors_json(const std::vector<GgufFile>& files) {
    nlohmann::ordered_json tensors = nlohmann::ordered_json::array();
    for (const GgufFile& f : files)
        for (const GgufTensor& t : f.tensors) {
            const GgmlTypeInfo* info = ggml_type_info(t.type);
            tensors.push_back({{"name", t.name}, {"type", info ? info->name : "?"},
                               {"shape", std::vector<uint64_t>(t.ne, t.ne + t.n_dims)}, {"offset", t.offset},
                               {"bytes", t.n_bytes}});
        }
    return tensors;
}

// The ModelSpec fields both inspect outputs print.
void model_fields_json(const ModelSpec& m, nlohmann::ordered_json& j) {
    j["arch"] = m.arch;
    j["name"] = m.display_name;
    j["n_layer"] = m.n_layer;
    j["n_embd"] = m.n_embd;
    j["n_head"] = m.n_head;
    j["n_head_kv"] = m.n_head_kv;
    j["n_embd_head_k"] = m.n_embd_head_k;
    j["n_embd_head_v"] = m.n_embd_head_v;
    j["n_vocab"] = m.n_vocab;
    j["n_ctx_train"] = m.n_ctx_train;
    j["context_note"] = m.context_note;
    j["attention_kind"] = m.attention_kind;
    j["layers"] = {{"full", m.n_layer_full}, {"swa", m.n_layer_swa}, {"recurrent", m.recurrent.n_layer}};
    j["n_swa"] = m.n_swa;
    j["swa_type"] = m.swa_type == LocalAttention::chunked ? "chunked" : m.swa_type == LocalAttention::sliding ? "sliding" : "none";
    j["swa_in_llama_cpp"] = m.swa_in_llama_cpp;
    if (m.is_mla)
        j["mla"] = {{"kv_lora_rank", m.mla.kv_lora_rank}, {"qk_rope_head_dim", m.mla.qk_rope_head_dim},
                    {"qk_nope_head_dim", m.mla.qk_nope_head_dim}, {"v_head_dim", m.mla.v_head_dim},
                    {"q_lora_rank", m.mla.q_lora_rank}};
    if (m.recurrent.n_layer)
        j["recurrent"] = {{"kind", m.recurrent.kind}, {"n_layer", m.recurrent.n_layer},
                          {"state_values", m.recurrent.state_values}, {"conv_values", m.recurrent.conv_values}};
    if (m.moe.n_expert)
        j["moe"] = {{"n_expert", m.moe.n_expert}, {"n_expert_used", m.moe.n_expert_used},
                    {"n_expert_shared", m.moe.n_expert_shared}, {"n_layer_moe", m.moe.n_layer_moe}};
    j["n_params"] = m.n_params;
    j["n_params_active"] = m.n_params_active;
}

}  // namespace

nlohmann::ordered_json inspect_json(const GgufModel& g, const std::vector<GgufFile>& files,
                                    const std::vector<std::string>& paths) {
    nlohmann::ordered_json j;
    j["files"] = paths;
    j["version"] = files.front().version;
    j["file_type"] = g.file_type_name;
    model_fields_json(g.spec, j);
    j["n_tensors"] = g.n_tensors;
    j["weights_bytes"] = g.weights_bytes;
    j["parts"] = g.n_parts;
    j["file_size"] = total(files, &GgufFile::file_size);
    j["bytes_read"] = total(files, &GgufFile::bytes_read);
    j["notes"] = g.notes;
    j["metadata"] = metadata_json(files.front());
    j["tensors"] = tensors_json(files);
    return j;
}

namespace {

void line_to(std::string& o, const std::string& k, const std::string& v) {
    o += "  " + k + std::string(k.size() < 16 ? 16 - k.size() : 1, ' ') + v + "\n";
}

// Layers, attention, experts, embedding, context and parameters: the lines both inspect tables print.
void model_lines(const ModelSpec& m, std::string& o) {
    auto line = [&](const std::string& k, const std::string& v) { line_to(o, k, v); };
    line("layers", std::to_string(m.n_layer) + ": " + std::to_string(m.n_layer_full) + " full attention, " +
                       std::to_string(m.n_layer_swa) + " window " + std::to_string(m.n_swa) + ", " +
                       std::to_string(m.recurrent.n_layer) + " recurrent" +
                       (m.recurrent.n_layer ? " (" + m.recurrent.kind + ")" : ""));
    line("attention", m.attention_kind + ", " + std::to_string(m.n_head) + " heads, " + std::to_string(m.n_head_kv) +
                          " KV heads, head dims " + std::to_string(m.n_embd_head_k) + "/" + std::to_string(m.n_embd_head_v) +
                          (m.is_mla ? ", MLA latent " + std::to_string(m.mla.kv_lora_rank) + " + rope " +
                                          std::to_string(m.mla.qk_rope_head_dim)
                                    : ""));
    if (m.moe.n_expert)
        line("experts", std::to_string(m.moe.n_expert) + " (" + std::to_string(m.moe.n_expert_used) + " used) in " +
                            std::to_string(m.moe.n_layer_moe) + " layers");
    line("embedding", std::to_string(m.n_embd) + ", vocabulary " + std::to_string(m.n_vocab));
    line("context", m.context_note.empty() ? std::to_string(m.n_ctx_limit) + " tokens" : m.context_note);
    line("parameters", format_count(m.n_params, "en") + (m.params_exact ? "" : " (nominal)"));
}

}  // namespace

std::string inspect_table(const GgufModel& g, const std::vector<GgufFile>& files, const std::vector<std::string>& paths) {
    const ModelSpec& m = g.spec;
    std::string o;
    auto line = [&](const std::string& k, const std::string& v) { line_to(o, k, v); };
    o += paths.size() == 1 ? paths[0] + "\n" : paths[0] + " (+" + std::to_string(paths.size() - 1) + " parts)\n";
    line("architecture", m.arch + " (" + m.display_name + ")");
    line("file type", g.file_type_name + ", GGUF v" + std::to_string(files.front().version));
    model_lines(m, o);
    line("tensors", std::to_string(g.n_tensors));
    line("weights", format_size(g.weights_bytes, true) + " (" + std::to_string(g.weights_bytes) + " bytes)");
    line("read", std::to_string(total(files, &GgufFile::bytes_read)) + " bytes of " +
                     std::to_string(total(files, &GgufFile::file_size)) + " (header only)");
    for (const std::string& n : g.notes) o += "  - " + n + "\n";
    return o;
}

nlohmann::ordered_json config_inspect_json(const HfConfig& c, const std::string& path) {
    nlohmann::ordered_json j;
    j["file"] = path;
    j["kind"] = "config.json";
    model_fields_json(c.model, j);
    j["params_exact"] = c.model.params_exact;
    j["n_ctx_limit"] = c.model.n_ctx_limit;
    j["tokenizer"] = c.model.tokenizer;
    j["warnings"] = c.warnings;
    return j;
}

std::string config_inspect_table(const HfConfig& c, const std::string& path) {
    const ModelSpec& m = c.model;
    std::string o = path + " (config.json: no weights; parameters from the dimensions)\n";
    line_to(o, "architecture", m.arch + " (" + m.display_name + ")");
    model_lines(m, o);
    for (const std::string& w : c.warnings) o += "  - " + w + "\n";
    return o;
}

}  // namespace contextfit::cli
