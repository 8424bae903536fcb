#include "need_command.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <optional>
#include <sys/stat.h>

#include "need.h"
#include "report.h"
#include "size_parse.h"
#include "text_stats.h"

namespace contextfit::cli {
namespace {

using nlohmann::ordered_json;

// --file reads at most 16 GiB: about 9 G characters of Russian or 16 G of English, a thousand times the longest
// context in the catalog, and still a read of a minute or two from a disk; above it the answer is already "no".
constexpr uint64_t max_text_file_bytes = uint64_t{16} << 30;
constexpr size_t chunk_bytes = size_t{1} << 20;

struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
};

Error cannot_read(const std::string& path) {
    return make_error(ErrorCode::invalid_input, path + ": cannot read", "need_error_cannot_read", {{"path", path}});
}

Status check_text_file(const std::string& path, std::FILE* f) {
    struct stat st {};
    if (::fstat(fileno(f), &st) != 0) return cannot_read(path);
    if (S_ISDIR(st.st_mode))
        return make_error(ErrorCode::invalid_input, path + ": a directory; --file takes a text file",
                          "need_error_directory", {{"path", path}});
    const std::string size = format_size(static_cast<uint64_t>(st.st_size), true);
    if (static_cast<uint64_t>(st.st_size) > max_text_file_bytes)
        return make_error(ErrorCode::invalid_input, path + ": " + size + "; --file reads text files up to 16 GiB",
                          "need_error_file_too_big", {{"path", path}, {"size", size}});
    return ok_status();
}

// The file's counts, read in 1 MiB chunks (never whole into memory); stops at the first chunk that shows it is not
// text (a NUL character), so a 2 GB sparse file is refused after one read.
Result<TextStats> count_text_file(const std::string& path, const std::string& language, const Strings& strings,
                                  const std::string& ui) {
    std::unique_ptr<std::FILE, FileCloser> f(std::fopen(path.c_str(), "rb"));
    if (!f) return open_error(path, errno);
    if (Status ok = check_text_file(path, f.get()); !ok) return ok.error();
    TextCounter counter;
    std::vector<char> chunk(chunk_bytes);
    size_t n = 0;
    while (!counter.rejected_early() && (n = std::fread(chunk.data(), 1, chunk.size(), f.get())) > 0)
        counter.feed(std::string_view(chunk.data(), n));
    if (std::ferror(f.get())) return cannot_read(path);
    Result<TextStats> stats = counter.finish(language);
    // The reason phrased now, in the reader's language; the path in front of it either way.
    if (!stats)
        return make_error(stats.error().code, path + ": " + stats.error().message, "need_error_in_file",
                          {{"path", path}, {"reason", strings.error_message(stats.error(), ui)}});
    return stats;
}

Result<double> positive_number(const std::string& flag, const std::string& text, bool whole) {
    double x = 0;
    const bool number = parse_decimal(text, x);  // "1,5" pages as well as "1.5"
    const bool is_whole = text.find_first_of(".,") == std::string::npos;
    if (!number || !(x > 0) || (whole && !is_whole))
        return make_error(ErrorCode::invalid_input,
                          flag + ": '" + text + "' is not a positive " + (whole ? "whole number of tokens" : "number of pages"),
                          whole ? "need_error_not_tokens" : "need_error_not_pages", {{"flag", flag}, {"value", text}});
    return x;
}

// The text as core/need.h takes it; a file is counted here and its counts kept for the report.
struct TextInput {
    TextUnit unit = TextUnit::tokens;
    double amount = 0;
    std::optional<TextStats> file;
};

// The text as given. A --text size error is phrased here, in `ui`, after "--text: ".
Result<TextInput> text_input(const NeedArgs& a, const Strings& strings, const std::string& ui) {
    const int given = !a.tokens.empty() + !a.text.empty() + !a.pages.empty() + !a.file.empty();
    if (given != 1)
        return make_error(ErrorCode::invalid_input, "give one of --tokens, --text, --pages and --file",
                          "need_error_one_text", {});
    TextInput in;
    if (!a.file.empty()) {
        Result<TextStats> s = count_text_file(a.file, a.flags.lang, strings, ui);
        if (!s) return s.error();
        in.unit = TextUnit::chars;
        in.amount = static_cast<double>(s->chars);
        in.file = *s;
        return in;
    }
    if (!a.text.empty()) {
        Result<uint64_t> bytes = parse_size(a.text);
        if (!bytes) return make_error(bytes.error().code, "--text: " + strings.error_message(bytes.error(), ui));
        in.unit = TextUnit::bytes;
        in.amount = static_cast<double>(*bytes);
        return in;
    }
    const bool tokens = !a.tokens.empty();
    Result<double> x = positive_number(tokens ? "--tokens" : "--pages", tokens ? a.tokens : a.pages, tokens);
    if (!x) return x.error();
    in.unit = tokens ? TextUnit::tokens : TextUnit::pages;
    in.amount = *x;
    return in;
}

Result<NeedRequest> need_request(const NeedArgs& a, const NeedModel& m, const TextInput& in) {
    Result<EstimateRequest> base = runtime_request(a.flags);
    if (!base) return base.error();
    NeedRequest r;
    r.base = *base;
    r.base.model = a.model;
    r.base.custom_model = m.custom;
    if (m.weights_bytes) r.base.weights_bytes_override = m.weights_bytes;
    if (!m.weights_id.empty()) r.base.weights = m.weights_id;
    if (in.file) r.base.language = in.file->language;
    r.unit = in.unit;
    r.amount = in.amount;
    return r;
}

// --- JSON ---

uint64_t whole(double x) { return x <= 0 ? 0 : static_cast<uint64_t>(x + 0.5); }

ordered_json file_json(const std::string& path, const TextStats& s) {
    return {{"path", path}, {"encoding", text_encoding_name(s.encoding)}, {"file_bytes", s.file_bytes},
            {"utf8_bytes", s.utf8_bytes}, {"chars", s.chars}, {"words", s.words}, {"lines", s.lines},
            {"language", s.language}, {"language_guessed", s.language_guessed}};
}

ordered_json need_json(const Need& n) {
    return {{"model", n.model->id}, {"display_name", n.model->display_name},
            {"language", n.language}, {"tokenizer", n.tokenizer}, {"chars_per_token", n.chars_per_token},
            {"chars", whole(n.chars)}, {"text_bytes", whole(n.text_bytes)},
            {"words", n.words < 0 ? ordered_json(nullptr) : ordered_json(whole(n.words))},
            {"pages", round_to(n.pages, 1)}, {"page_convention", n.page_convention},
            {"tokens", n.tokens}, {"tokens_range", {n.tokens_low, n.tokens_high}}, {"seqs", n.seqs},
            {"n_ctx_limit", n.n_ctx_limit}, {"fits_context", n.fits_context}, {"parts", n.parts},
            {"part_tokens", n.part_tokens}, {"weights_bytes", n.weights_bytes}, {"kv_bytes", n.kv_bytes},
            {"state_bytes", n.state_bytes}, {"compute_bytes", n.compute_bytes}, {"output_bytes", n.output_bytes},
            {"runtime_bytes", n.runtime_bytes}, {"total_bytes", n.total_bytes}, {"reserve_bytes", n.reserve_bytes},
            {"ram_bytes", n.ram_bytes}, {"ram_rule", "RAM to have = total + reserve (vLLM: over gpu_memory_utilization)"},
            {"weights_from_file", n.weights_from_file}, {"estimate", true}};
}

// --- tables ---

class Rows {
public:
    Rows(const Strings& s, const std::string& ui, std::string& out) : s_(s), ui_(ui), out_(out) {}
    void add(const char* label_key, const std::string& amount, const std::string& detail = {}) {
        out_ += "  " + pad_right(s_.format(label_key, ui_), 24) + pad_right(amount, 14) + detail + "\n";
    }

private:
    const Strings& s_;
    const std::string& ui_;
    std::string& out_;
};

std::string file_line(const Strings& s, const std::string& path, const TextStats& t, const std::string& ui) {
    return s.format("need_file_line", ui,
                    {{"path", path}, {"encoding", text_encoding_name(t.encoding)}, {"chars", s.count(t.chars, ui)},
                     {"words", s.count(t.words, ui)}, {"lines", s.count(t.lines, ui)},
                     {"language", t.language},
                     {"how", s.format(t.language_guessed ? "need_language_guessed" : "need_language_given", ui)}}) +
           "\n";
}

std::string context_detail(const Strings& s, const Need& n, const std::string& ui) {
    if (n.fits_context) return s.format("need_fits", ui, {{"limit", s.count(n.n_ctx_limit, ui)}});
    return s.format("need_parts", ui, {{"limit", s.count(n.n_ctx_limit, ui)}, {"parts", s.count(n.parts, ui)},
                                       {"part", s.count(n.part_tokens, ui)}});
}

std::string need_table(const Strings& s, const Need& n, const std::string& ui) {
    std::string out = s.format("need_title", ui, {{"model", n.model->display_name}, {"tokens", s.count(n.tokens, ui)},
                                                  {"seqs", std::to_string(n.seqs)}}) + "\n";
    Rows row(s, ui, out);
    row.add("label_text", s.count(whole(n.chars), ui),
            s.format("need_text_line", ui, {{"language", n.language}, {"pages", s.count(whole(n.pages), ui)},
                                            {"words", n.words < 0 ? s.format("words_na", ui) : s.count(whole(n.words), ui)}}));
    row.add("label_tokens", s.count(n.tokens, ui),
            s.format("need_tokens_line", ui, {{"low", s.count(n.tokens_low, ui)}, {"high", s.count(n.tokens_high, ui)},
                                              {"tokenizer", n.tokenizer}, {"cpt", s.real(n.chars_per_token, 2, ui)}}));
    row.add("need_label_context", s.count(n.n_ctx_limit, ui), context_detail(s, n, ui));
    row.add("label_weights", s.bytes(n.weights_bytes, ui));
    row.add("label_kv", s.bytes(n.kv_bytes, ui),
            s.format("need_kv_line", ui, {{"tokens", s.count(n.part_tokens, ui)}, {"seqs", std::to_string(n.seqs)}}));
    if (n.state_bytes) row.add("label_state", s.bytes(n.state_bytes, ui));
    row.add("label_buffers", s.bytes(n.compute_bytes + n.output_bytes + n.runtime_bytes, ui));
    row.add("need_label_total", s.bytes(n.total_bytes, ui));
    row.add("need_label_reserve", s.bytes(n.reserve_bytes, ui));
    row.add("need_label_ram", s.bytes(n.ram_bytes, ui), s.format("need_ram_line", ui));
    return out;
}

std::string parts_cell(const Strings& s, const Need& n, const std::string& ui) {
    return n.fits_context ? s.format("need_fits_short", ui) : s.count(n.parts, ui);
}

// The models with the longest contexts first: where a text that no model takes splits into the fewest parts.
std::string summary(const Strings& s, const NeedAll& all, const std::string& ui) {
    std::string out = s.format("need_longest", ui, {{"tokens", s.count(all.longest_context, ui)},
                                                    {"model", all.longest_context_model}}) + "\n";
    if (all.any_fits_context) return out;
    out += s.format("need_none_fits", ui) + "\n";
    std::vector<const Need*> longest;
    for (const Need& n : all.models) longest.push_back(&n);
    std::stable_sort(longest.begin(), longest.end(),
                     [](const Need* a, const Need* b) { return a->n_ctx_limit > b->n_ctx_limit; });
    for (size_t i = 0; i < longest.size() && i < 3; ++i)
        out += "  - " + s.format("need_parts_on", ui, {{"model", longest[i]->model->id},
                                                       {"limit", s.count(longest[i]->n_ctx_limit, ui)},
                                                       {"parts", s.count(longest[i]->parts, ui)}}) + "\n";
    return out;
}

std::string need_all_table(const Strings& s, const NeedAll& all, const std::string& ui) {
    std::string out = "  " + pad_right("id", 30) + pad_right(s.format("label_tokens", ui), 14) +
                      pad_right(s.format("need_label_context", ui), 14) + pad_right(s.format("need_col_parts", ui), 10) +
                      pad_right(s.format("need_label_total", ui), 14) + s.format("need_label_ram", ui) + "\n";
    for (const Need& n : all.models)
        out += "  " + pad_right(n.model->id, 30) + pad_right(s.count(n.tokens, ui), 14) +
               pad_right(s.count(n.n_ctx_limit, ui), 14) + pad_right(parts_cell(s, n, ui), 10) +
               pad_right(s.bytes(n.total_bytes, ui), 14) + s.bytes(n.ram_bytes, ui) + "\n";
    return out + summary(s, all, ui);
}

int answer_one(const Assets& assets, const NeedRequest& r, const NeedModel& m, const TextInput& in,
               const NeedArgs& a, const std::string& ui, bool as_json) {
    Result<Need> n = need(assets, r);
    if (!n) return print_error(assets.strings.error_message(n.error(), ui), as_json);
    if (as_json) {
        ordered_json j = need_json(*n);
        if (in.file) j["file"] = file_json(a.file, *in.file);
        j["notes"] = m.notes;
        print_json(j);
        return 0;
    }
    if (in.file) std::cout << file_line(assets.strings, a.file, *in.file, ui);
    std::cout << need_table(assets.strings, *n, ui);
    for (const std::string& note : m.notes) std::cout << "  - " << note << "\n";
    return 0;
}

int answer_all(const Assets& assets, const NeedRequest& r, const TextInput& in, const NeedArgs& a,
               const std::string& ui, bool as_json) {
    Result<NeedAll> all = need_all(assets, r);
    if (!all) return print_error(assets.strings.error_message(all.error(), ui), as_json);
    if (as_json) {
        ordered_json j;
        if (in.file) j["file"] = file_json(a.file, *in.file);
        j["longest_context"] = all->longest_context;
        j["longest_context_model"] = all->longest_context_model;
        j["any_fits_context"] = all->any_fits_context;
        j["models"] = ordered_json::array();
        for (const Need& n : all->models) j["models"].push_back(need_json(n));
        print_json(j);
        return 0;
    }
    if (in.file) std::cout << file_line(assets.strings, a.file, *in.file, ui);
    std::cout << need_all_table(assets.strings, *all, ui);
    return 0;
}

}  // namespace

CLI::App* add_need_command(CLI::App& app, NeedArgs& a, bool& as_json) {
    CLI::App* need = app.add_subcommand("need", "for a text: its tokens per model, whether the context takes it, "
                                                "the parts if not, and the memory it needs");
    need->add_option("--tokens", a.tokens, "tokens per sequence: the context of one sequence (llama.cpp -c divided "
                                           "by --seqs, with kv_unified off)");
    need->add_option("--text", a.text, "the text's size in UTF-8, e.g. 80MB");
    need->add_option("--pages", a.pages, "pages of --page's convention");
    need->add_option("--file", a.file, "a local text file (UTF-8 or UTF-16 with BOM, up to 16 GiB), counted here");
    need->add_option("--model", a.model, "catalog id (see `contextfit models`)");
    need->add_option("--gguf", a.gguf, "a GGUF model file (all parts of a split model) instead of --model")->expected(1, -1);
    need->add_option("--config", a.config, "a Hugging Face config.json instead of --model");
    need->add_flag("--all", a.all, "every catalog model");
    add_runtime_flags(*need, a.flags);
    need->add_flag("--json", as_json, "print one JSON object");
    return need;
}

int run_need(const Assets& assets, const NeedArgs& a, const NeedModel& m, const UiChoice& choice, bool as_json) {
    const std::string flag_ui = pick_ui_language(assets.strings, choice.flag, a.flags.lang, choice.environment);
    Result<TextInput> in = text_input(a, assets.strings, flag_ui);
    if (!in) return print_error(assets.strings.error_message(in.error(), flag_ui), as_json);
    // A counted file without --lang is in the language guessed from it: the answer is in that one when it can be.
    const std::string text_lang = a.flags.lang.empty() && in->file ? in->file->language : a.flags.lang;
    const std::string ui = pick_ui_language(assets.strings, choice.flag, text_lang, choice.environment);
    Result<NeedRequest> r = need_request(a, m, *in);
    if (!r) return print_error(assets.strings.error_message(r.error(), ui), as_json);
    return a.all ? answer_all(assets, *r, *in, a, ui, as_json) : answer_one(assets, *r, m, *in, a, ui, as_json);
}

}  // namespace contextfit::cli
