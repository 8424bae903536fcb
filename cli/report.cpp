#include "report.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "ascii.h"
#include "size_parse.h"

namespace contextfit::cli {

using nlohmann::ordered_json;

double round_to(double x, int decimals) {
    double scale = 1;
    for (int i = 0; i < decimals; ++i) scale *= 10;
    return static_cast<double>(static_cast<long long>(x * scale + 0.5)) / scale;
}

std::string pad_right(const std::string& s, size_t width) {
    // Width in characters, not bytes: count UTF-8 lead bytes so Cyrillic labels align.
    size_t chars = 0;
    for (unsigned char c : s) chars += (c & 0xC0) != 0x80;
    return s + std::string(chars < width ? width - chars : 1, ' ');
}

void print_json(const ordered_json& j) {
    std::cout << j.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

int print_error(const std::string& message, bool as_json) {
    std::cerr << "contextfit: " << message << "\n";
    if (as_json) print_json(ordered_json{{"error", message}});
    return 1;
}

Error prefixed(const std::string& where, Error e) { return within(std::move(e), where + ": ", "error_in", {{"where", where}}); }

int print_error(const Strings& strings, const std::string& ui, const Error& error, bool as_json) {
    return print_error(strings.error_message(error, ui), as_json);
}

Error open_error(const std::string& path, int errno_value) {
    if (errno_value == ENOENT)
        return make_error(ErrorCode::invalid_input, path + ": no such file", "error_no_such_file", {{"path", path}});
    if (errno_value == EACCES)
        return make_error(ErrorCode::invalid_input, path + ": permission denied", "error_permission_denied", {{"path", path}});
    return make_error(ErrorCode::invalid_input, path + ": cannot open", "error_cannot_open", {{"path", path}});
}

namespace {

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

// The placement and speed trace (core/speed.h): formulas with llama.cpp's symbols, no per-quantity label.
ordered_json trace_json(const std::vector<TraceLine>& trace) {
    ordered_json list = ordered_json::array();
    for (const TraceLine& t : trace) list.push_back({{"quantity", t.quantity}, {"formula", t.formula}, {"source", t.source}});
    return list;
}

ordered_json trace_json(const Strings& s, const std::vector<TraceLine>& trace, const std::string& ui) {
    ordered_json list = ordered_json::array();
    for (const TraceLine& t : trace)
        list.push_back({{"quantity", t.quantity}, {"label", s.format("trace_label_" + t.quantity, ui)},
                        {"formula", t.formula}, {"source", t.source}});
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

namespace {

// The placement's notes and trace, then the speed's: one list each for an answer on hardware.
std::vector<std::string> speed_notes(const SpeedResult& s) {
    std::vector<std::string> notes = s.placement.notes;
    notes.insert(notes.end(), s.notes.begin(), s.notes.end());
    return notes;
}

std::vector<TraceLine> speed_trace(const SpeedResult& s) {
    std::vector<TraceLine> trace = s.placement.trace;
    trace.insert(trace.end(), s.trace.begin(), s.trace.end());
    return trace;
}

}  // namespace

ordered_json placement_json(const Placement& p) {
    const bool vllm = p.runtime == Runtime::vllm;
    ordered_json devices = ordered_json::array();
    for (const DevicePlacement& d : p.devices)
        devices.push_back({{"id", d.device.id}, {"name", d.device.name}, {"kind", device_kind_name(d.device.kind)},
                           {"count", d.count}, {"capacity_bytes", d.capacity_bytes}, {"weights_bytes", d.weights_bytes},
                           {"kv_bytes", d.kv_bytes}, {"buffer_bytes", d.buffer_bytes}, {"layers", d.layers},
                           {"output_layer", d.output_layer}});
    return {{"runtime", runtime_name(p.runtime)},
            {"fits", p.fits},
            {"fills_first", p.fills_first < 0 ? ordered_json(nullptr) : ordered_json(p.devices[size_t(p.fills_first)].device.id)},
            {"n_gpu_layers", p.n_gpu_layers},
            {"tensor_parallel_size", p.tensor_parallel_size},
            {"pipeline_parallel_size", p.pipeline_parallel_size},
            {"nodes", p.nodes},
            {"kv_heads_per_gpu", vllm ? ordered_json(p.kv_heads_per_gpu) : ordered_json(nullptr)},
            {"tokens_memory_limit", vllm ? ordered_json(p.tokens_memory_limit) : ordered_json(nullptr)},
            {"devices", devices}};
}

ordered_json fit_json(const Assets& a, const Estimate& e, const std::string& ui, const SpeedResult* speed) {
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
    j["verdict"] = speed ? verdict_with_time(a, e, *speed, ui) : verdict(a, e, ui);
    j["notes"] = e.notes;
    j["trace"] = trace_json(a.strings, e.trace, ui);
    if (speed) {
        // Reading the answer's tokens from empty, and answering once they fill the context.
        j["prefill_seconds"] = speed->prefill_seconds;
        j["decode_tokens_per_s"] = speed->decode_tokens_per_s_at_tokens;
        j["placement"] = placement_json(speed->placement);
        for (const std::string& n : speed_notes(*speed)) j["notes"].push_back(n);
        for (const ordered_json& t : trace_json(a.strings, speed_trace(*speed), ui)) j["trace"].push_back(t);
    }
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
    row.add("label_memory", s.bytes(f.usable_bytes, ui),
            s.format("memory_line", ui, {{"ram_input", ram_input}, {"ram_bytes_n", s.counted("bytes", ui, e.ram_bytes)},
                                         {"ram", s.bytes(e.ram_bytes, ui)}, {"reserve", s.bytes(e.reserve_bytes, ui)},
                                         {"usable", s.bytes(f.usable_bytes, ui)}}));
    // Weights read from a GGUF tensor table are exact: no bits-per-weight product behind them.
    row.add("label_weights", s.bytes(e.weights_bytes, ui),
            s.format(e.weights_from_file ? "weights_line_file" : "weights_line", ui,
                     {{"params_n", s.counted("parameters", ui, e.model->n_params)},
                      {"bytes_n", s.counted("bytes", ui, e.weights_bytes)},
                      {"bpw", s.real(e.weights->bits_per_weight, 2, ui)}}));
    row.add("label_kv", s.bytes(b.kv.k_bytes + b.kv.v_bytes, ui),
            s.format("kv_line", ui, {{"tokens_n", s.counted("tokens", ui, f.tokens)},
                                     {"seqs_n", s.counted("sequences", ui, e.options.kv.n_seq)},
                                     {"per_token", s.bytes(e.kv_bytes_per_token, ui)}}));
    if (b.kv.state_bytes) row.add("label_state", s.bytes(b.kv.state_bytes, ui), "");
    row.add("label_buffers", s.bytes(b.overhead_bytes(), ui), "");
    row.add("label_free", s.bytes(f.usable_bytes > b.total() ? f.usable_bytes - b.total() : 0, ui), "");
}

void token_rows(const Assets& a, const Estimate& e, const std::string& ui, TableRows& row) {
    const Strings& s = a.strings;
    const FitResult& f = e.fit;
    const std::string memory = f.memory_unbounded ? s.format("unbounded", ui) : s.count(f.tokens_memory_limit, ui);
    row.add("label_tokens", s.count(f.tokens, ui),
            s.format("tokens_line", ui, {{"tokens", s.count(f.tokens, ui)}, {"total", s.count(f.tokens_total, ui)},
                                         {"memory", memory}, {"model", s.count(f.tokens_model_limit, ui)}}));
    const char* limited = f.limited_by == LimitedBy::memory  ? "limited_memory"
                          : f.limited_by == LimitedBy::model ? "limited_model"
                                                             : "limited_weights";
    row.add("label_limited_by", s.format(limited, ui), "");
}

void text_row(const Assets& a, const TextSize& t, const std::string& ui, TableRows& row) {
    const Strings& s = a.strings;
    const std::string page_label = s.format("page_" + t.page_convention, ui);
    row.add("label_text", s.real(t.megabytes, 2, ui) + " " + s.format("unit_mb", ui),
            s.format("text_line", ui, {{"language", s.format("web_lang_" + t.language, ui)},
                                       {"chars_n", s.counted("characters", ui, whole(t.chars))},
                                       {"megabytes", s.real(t.megabytes, 2, ui)},
                                       {"words_n", t.words < 0 ? s.format("words_na", ui) : s.counted("words", ui, whole(t.words))},
                                       {"pages_n", s.counted("pages", ui, whole(t.pages))}, {"page", page_label}}));
}

// The verdict, the notes and the trace under the table.
std::string fit_explanation(const Assets& a, const Estimate& e, const std::string& ui, const SpeedResult* speed) {
    const Strings& s = a.strings;
    std::string out = "\n" + s.format("label_verdict", ui) + ": " +
                      (speed ? verdict_with_time(a, e, *speed, ui) : verdict(a, e, ui)) + "\n\n" +
                      s.format("label_notes", ui) + ":\n";
    for (const std::string& n : e.notes) out += "  - " + n + "\n";
    if (speed)
        for (const std::string& n : speed_notes(*speed)) out += "  - " + n + "\n";
    out += "\n" + s.format("label_trace", ui) + ":\n";
    for (const TraceLine& line : e.trace)
        out += "  " + pad_right(s.format("trace_label_" + line.quantity, ui), 16) + line.formula + "\n";
    if (speed)
        for (const TraceLine& line : speed_trace(*speed))
            out += "  " + pad_right(s.format("trace_label_" + line.quantity, ui), 16) + line.formula + "\n";
    return out;
}

// Tokens per second as a reader compares them: 0.42, 4.2, 42.
std::string rate(const Strings& s, double tokens_per_s, const std::string& ui) {
    return s.real(tokens_per_s, tokens_per_s < 1 ? 2 : tokens_per_s < 10 ? 1 : 0, ui);
}

std::string device_line(const Strings& s, const DevicePlacement& d, bool first, const std::string& ui) {
    const std::string name = d.count > 1 ? std::to_string(d.count) + " x " + d.device.name : d.device.name;
    std::string line = "  " + pad_right(name, 28) +
                       s.format("placement_device", ui, {{"weights", s.bytes(d.weights_bytes, ui)},
                                                         {"kv", s.bytes(d.kv_bytes, ui)},
                                                         {"buffers", s.bytes(d.buffer_bytes, ui)},
                                                         {"layers", s.real(d.layers, d.layers == double(uint64_t(d.layers)) ? 0 : 1, ui)}});
    if (d.output_layer) line += s.format("placement_output", ui);
    if (d.capacity_bytes)
        line += "; " + s.format("placement_capacity", ui, {{"used", s.bytes(d.total(), ui)},
                                                           {"capacity", s.bytes(d.capacity_bytes, ui)}});
    if (first) line += " (" + s.format("placement_fills_first", ui) + ")";
    return line + "\n";
}

}  // namespace

std::string placement_lines(const Assets& a, const Placement& p, const std::string& ui) {
    std::string out = a.strings.format("label_placement", ui) + ":\n";
    for (size_t i = 0; i < p.devices.size(); ++i)
        out += device_line(a.strings, p.devices[i], int(i) == p.fills_first, ui);
    if (p.runtime == Runtime::vllm)
        out += "  " + a.strings.format("placement_vllm", ui, {{"tp", std::to_string(p.tensor_parallel_size)},
                                                               {"pp", std::to_string(p.pipeline_parallel_size)},
                                                               {"nodes", std::to_string(p.nodes)},
                                                               {"heads", std::to_string(p.kv_heads_per_gpu)},
                                                               {"tokens", a.strings.count(p.tokens_memory_limit, ui)}}) + "\n";
    if (!p.fits) out += "  " + a.strings.format("placement_does_not_fit", ui) + "\n";
    return out;
}

std::string fit_table(const Assets& a, const Estimate& e, const std::string& ram_input, const std::string& ui,
                      const SpeedResult* speed) {
    std::string out = a.strings.format("title", ui, {{"model", e.model->display_name}, {"weights", e.weights->label},
                                                     {"kv", kv_type_info(e.options.kv.type_k).name},
                                                     {"runtime", a.strings.format(std::string("runtime_") +
                                                                                  runtime_name(e.options.kv.runtime), ui)}}) +
                      "\n";
    TableRows row(a.strings, ui, out);
    memory_rows(a, e, ram_input, ui, row);
    token_rows(a, e, ui, row);
    text_row(a, e.text, ui, row);
    if (speed) out += "\n" + placement_lines(a, speed->placement, ui);
    return out + fit_explanation(a, e, ui, speed);
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

namespace {

// The runtime's canonical id ("llama.cpp") for a name the request accepted.
std::string runtime_id(const std::string& name) {
    Result<Runtime> runtime = parse_runtime(name);
    return runtime ? runtime_name(*runtime) : name;
}

}  // namespace

std::string kv_line(const Assets& a, const KvRequest& r, const KvSize& kv, const std::string& ui) {
    const Strings& s = a.strings;
    return s.format("kv_answer", ui, {{"model", r.model}, {"ctx_n", s.counted("tokens", ui, r.ctx)},
                                      {"seqs_n", s.counted("sequences", ui, r.seqs)},
                                      {"runtime", s.format("runtime_" + runtime_id(r.runtime), ui)},
                                      {"k", s.bytes(kv.k_bytes, ui)},
                                      {"v", s.bytes(kv.v_bytes, ui)}, {"state", s.bytes(kv.state_bytes, ui)},
                                      {"total", s.bytes(kv.total(), ui)}, {"bytes_n", s.counted("bytes", ui, kv.total())}});
}

// Columns padded by characters, not bytes, so Cyrillic headers line up.
std::string models_table(const Assets& a, const std::string& ui) {
    const Strings& s = a.strings;
    std::vector<std::string> header;
    const std::string names = s.format("models_header", ui);
    for (size_t start = 0, bar; start <= names.size(); start = bar + 1) {
        bar = std::min(names.find('|', start), names.size());
        header.push_back(names.substr(start, bar - start));
    }
    header.resize(6);
    const auto row = [](const std::vector<std::string>& cells) {
        static constexpr size_t width[] = {30, 34, 14, 8, 10, 10};
        std::string out;
        for (size_t i = 0; i < cells.size(); ++i) out += pad_right(cells[i], width[i]);
        return out.substr(0, out.find_last_not_of(' ') + 1) + "\n";
    };
    std::string out = row(header);
    for (const ModelSpec& m : a.catalog.models())
        out += row({m.id, m.display_name,
                    s.format("params_billions", ui, {{"billions", s.real(static_cast<double>(m.n_params) / 1e9, 2, ui)}}),
                    std::to_string(m.n_layer), m.attention_kind, s.count(m.n_ctx_limit, ui)});
    return out;
}

std::string si_units_hint(const Assets& a, const std::string& input, uint64_t bytes, const std::string& ui) {
    std::string unit, number;
    for (char c : input) {
        if ((c >= '0' && c <= '9') || c == '.' || c == ',') number += c == ',' ? '.' : c;
        else if (c != ' ') unit += ascii_lower(c);
    }
    if (unit != "gb" && unit != "tb") return {};
    if (unit == "tb") number = a.strings.real(std::strtod(number.c_str(), nullptr) * 1024, 0, ui);
    return a.strings.format("hint_si_units", ui, {{"input", input}, {"bytes_n", a.strings.counted("bytes", ui, bytes)},
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

nlohmann::ordered_json inspect_json(const Strings& strings, const GgufModel& g, const std::vector<GgufFile>& files,
                                    const std::vector<std::string>& paths, const std::string& ui) {
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
    j["notes"] = phrased(strings, g.notes, ui);
    j["metadata"] = metadata_json(files.front());
    j["tensors"] = tensors_json(files);
    return j;
}

namespace {

// Inspect tables in the interface language: labels and counted nouns from strings.json; the file's own names
// (arch, file type, tensor types) and the readers' notes stay as they are.
class InspectLines {
public:
    InspectLines(const Strings& strings, const std::string& ui_lang, std::string& out)
        : s(strings), ui(ui_lang), out_(out) {}
    void line(const char* label_key, const std::string& value) {
        out_ += "  " + pad_right(s.format(label_key, ui), 16) + value + "\n";
    }
    std::string n(uint64_t value) const { return s.count(value, ui); }

    const Strings& s;
    const std::string& ui;

private:
    std::string& out_;
};

// Layers, attention, experts, embedding, context and parameters: the lines both inspect tables print.
void model_lines(const ModelSpec& m, InspectLines& o) {
    const Strings& s = o.s;
    o.line("inspect_layers",
           s.format("inspect_layers_line", o.ui,
                    {{"n", o.n(m.n_layer)}, {"full", o.n(m.n_layer_full)}, {"swa", o.n(m.n_layer_swa)},
                     {"n_swa", o.n(m.n_swa)}, {"recurrent", o.n(m.recurrent.n_layer)},
                     {"kind", m.recurrent.n_layer ? " (" + m.recurrent.kind + ")" : ""}}));
    const std::string mla = m.is_mla ? s.format("inspect_mla", o.ui, {{"rank", o.n(m.mla.kv_lora_rank)},
                                                                       {"rope", o.n(m.mla.qk_rope_head_dim)}})
                                     : "";
    o.line("inspect_attention",
           s.format("inspect_attention_line", o.ui,
                    {{"kind", m.attention_kind}, {"heads_n", s.counted("heads", o.ui, m.n_head)},
                     {"kv_heads", o.n(m.n_head_kv)}, {"k", o.n(m.n_embd_head_k)}, {"v", o.n(m.n_embd_head_v)},
                     {"mla", mla}}));
    if (m.moe.n_expert)
        o.line("inspect_experts", s.format("inspect_experts_line", o.ui,
                                           {{"n", o.n(m.moe.n_expert)}, {"used", o.n(m.moe.n_expert_used)},
                                            {"layers_n", s.counted("layers", o.ui, m.moe.n_layer_moe)},
                                            {"layers", o.n(m.moe.n_layer_moe)}}));
    o.line("inspect_embedding", s.format("inspect_embedding_line", o.ui, {{"n", o.n(m.n_embd)}, {"vocab", o.n(m.n_vocab)}}));
    // The readers' context note is English: the Russian line has the count alone.
    const std::string tokens = s.counted("tokens", o.ui, m.n_ctx_limit);
    o.line("inspect_context", m.context_note.empty() ? tokens
                                                     : s.format("inspect_context_line", o.ui,
                                                                {{"tokens_n", tokens}, {"note", m.context_note}}));
    o.line("inspect_parameters", o.n(m.n_params) + (m.params_exact ? "" : s.format("inspect_nominal", o.ui)));
}

}  // namespace

std::string inspect_table(const Assets& a, const GgufModel& g, const std::vector<GgufFile>& files,
                          const std::vector<std::string>& paths, const std::string& ui) {
    const Strings& s = a.strings;
    const ModelSpec& m = g.spec;
    std::string out = paths[0];
    if (paths.size() > 1)
        out += " " + s.format("inspect_more_parts", ui, {{"parts_n", s.counted("parts", ui, paths.size() - 1)}});
    out += "\n";
    InspectLines o(s, ui, out);
    o.line("inspect_architecture", m.arch + " (" + m.display_name + ")");
    o.line("inspect_file_type", g.file_type_name + ", GGUF v" + std::to_string(files.front().version));
    model_lines(m, o);
    o.line("inspect_tensors", o.n(g.n_tensors));
    o.line("inspect_weights", s.bytes(g.weights_bytes, ui) + " (" + s.counted("bytes", ui, g.weights_bytes) + ")");
    o.line("inspect_read", s.format("inspect_read_line", ui,
                                    {{"read_n", s.counted("bytes", ui, total(files, &GgufFile::bytes_read))},
                                     {"size", o.n(total(files, &GgufFile::file_size))}}));
    for (const std::string& n : phrased(s, g.notes, ui)) out += "  - " + n + "\n";
    return out;
}

nlohmann::ordered_json config_inspect_json(const Strings& strings, const HfConfig& c, const std::string& path,
                                           const std::string& ui) {
    nlohmann::ordered_json j;
    j["file"] = path;
    j["kind"] = "config.json";
    model_fields_json(c.model, j);
    j["params_exact"] = c.model.params_exact;
    j["n_ctx_limit"] = c.model.n_ctx_limit;
    j["tokenizer"] = c.model.tokenizer;
    j["warnings"] = phrased(strings, c.warnings, ui);
    return j;
}

std::string config_inspect_table(const Assets& a, const HfConfig& c, const std::string& path, const std::string& ui) {
    const ModelSpec& m = c.model;
    std::string out = a.strings.format("inspect_config_title", ui, {{"path", path}}) + "\n";
    InspectLines o(a.strings, ui, out);
    o.line("inspect_architecture", m.arch + " (" + m.display_name + ")");
    model_lines(m, o);
    for (const std::string& w : phrased(a.strings, c.warnings, ui)) out += "  - " + w + "\n";
    return out;
}

ordered_json time_json(const TimeAnswer& t) {
    const SpeedResult& s = t.speed;
    ordered_json j;
    j["decode_tokens_per_s"] = s.decode_tokens_per_s;
    j["prefill_tokens_per_s"] = s.prefill_tokens_per_s;
    j["depth"] = t.depth;
    j["tokens"] = t.tokens;
    j["prefill_seconds"] = s.prefill_seconds;
    j["decode_tokens_per_s_at_tokens"] = s.decode_tokens_per_s_at_tokens;
    j["placement"] = placement_json(s.placement);
    j["notes"] = t.notes;
    for (const std::string& n : speed_notes(s)) j["notes"].push_back(n);
    j["trace"] = trace_json(speed_trace(s));
    j["model"] = model_json(*t.model);
    j["weights"] = weights_json(t.weights);
    return j;
}

std::string time_table(const Assets& a, const TimeAnswer& t, const std::string& ui) {
    const Strings& str = a.strings;
    const SpeedResult& s = t.speed;
    std::string out = str.format("title", ui, {{"model", t.model->display_name}, {"weights", t.weights.label},
                                               {"kv", t.kv_type}, {"runtime", runtime_name(s.placement.runtime)}}) + "\n";
    out += str.format("time_ctx", ui, {{"ctx", str.count(t.ctx, ui)}}) + "\n";
    out += placement_lines(a, s.placement, ui) + "\n";
    out += str.format("time_speed", ui, {{"depth", str.count(t.depth, ui)}, {"decode", rate(str, s.decode_tokens_per_s, ui)},
                                         {"prefill", rate(str, s.prefill_tokens_per_s, ui)}}) + "\n";
    if (t.tokens > 0)
        out += str.format("time_reading", ui, {{"tokens", str.count(t.tokens, ui)},
                                               {"duration", format_duration(str, s.prefill_seconds, ui)},
                                               {"decode", rate(str, s.decode_tokens_per_s_at_tokens, ui)}}) + "\n";
    out += "\n" + str.format("label_notes", ui) + ":\n";
    for (const std::string& n : t.notes) out += "  - " + n + "\n";
    for (const std::string& n : speed_notes(s)) out += "  - " + n + "\n";
    out += "\n" + str.format("label_trace", ui) + ":\n";
    for (const TraceLine& line : speed_trace(s))
        out += "  " + str.format("trace_label_" + line.quantity, ui) + ": " + line.formula + "\n      " + line.source + "\n";
    return out;
}

}  // namespace contextfit::cli
