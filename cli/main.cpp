// contextfit: the command-line shell over the core.
//   contextfit fit --ram SIZE (--model ID | --gguf FILE... | --config config.json) [...] [--json]
//   contextfit kv (--model ID | --gguf FILE... | --config config.json) --ctx N [...] [--json]
//   contextfit time (--model ID | --gguf FILE... | --config config.json) --hardware ID[:COUNT]... [...] [--json]
//   contextfit models [--ram SIZE [fit's flags] [--sort tokens|pages|params]] [--json]
//   contextfit need (--tokens N | --text SIZE | --pages N | --file PATH) (--model ID | --gguf F... | --config F |
//                   --all) [fit's flags] [--json]
//   contextfit inspect FILE [--json]      what a GGUF header (all parts of a split model) or a config.json says
// Errors: exit code 1 (bad input) or 2 (usage), the message on stderr, and {"error": "..."} on stdout with --json.
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <fcntl.h>
#include <iostream>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

#include <CLI/CLI.hpp>

#include "embedded_assets.h"
#include "estimate.h"
#include "gguf_model.h"
#include "hf_config.h"
#include "kv_cache.h"
#include "models_command.h"
#include "need_command.h"
#include "report.h"
#include "runtime_flags.h"
#include "size_parse.h"
#include "time_command.h"

namespace {

using namespace contextfit;

// An error the reader caused, in the interface language; `option` names the flag it came from ("--ram"), or is
// empty.
int fail(const Assets& assets, const std::string& ui, const std::string& option, const Error& error, bool as_json) {
    return cli::print_error(assets.strings, ui, option.empty() ? error : cli::prefixed(option, error), as_json);
}

// The environment's language for pick_ui_language, by POSIX precedence: LC_ALL, then LC_MESSAGES, then LANG
// (pubs.opengroup.org/onlinepubs/9699919799/basedefs/V1_chap08.html, "Internationalization Variables").
std::string environment_language() {
    for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
        const char* value = std::getenv(name);
        if (value && *value) return value;
    }
    return {};
}

void print_json(const nlohmann::ordered_json& j) {
    std::cout << j.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

// A file read with positioned reads (pread), so only the header of a 100 GB model is touched.
class FileSource : public ByteSource {
public:
    explicit FileSource(int fd, uint64_t size) : fd_(fd), size_(size) {}
    FileSource(const FileSource&) = delete;
    FileSource& operator=(const FileSource&) = delete;
    ~FileSource() override { ::close(fd_); }

    // `path` opened for positioned reads, or a message saying it cannot be.
    static Result<std::unique_ptr<FileSource>> open(const std::string& path) {
        const int fd = ::open(path.c_str(), O_RDONLY);
        struct stat st {};
        if (fd < 0 || ::fstat(fd, &st) != 0) {
            const int why = errno;
            if (fd >= 0) ::close(fd);
            return cli::open_error(path, why);
        }
        return std::make_unique<FileSource>(fd, static_cast<uint64_t>(st.st_size));
    }
    uint64_t size() const override { return size_; }
    Result<std::string_view> read(uint64_t offset, uint64_t size) override {
        buf_.resize(size);
        uint64_t done = 0;
        while (done < size) {
            const ssize_t n = ::pread(fd_, buf_.data() + done, size - done, static_cast<off_t>(offset + done));
            if (n <= 0)
                return make_error(ErrorCode::invalid_input, "read failed at offset " + std::to_string(offset + done),
                                  "error_read_failed", {{"offset", std::to_string(offset + done)}});
            done += static_cast<uint64_t>(n);
        }
        return std::string_view(buf_);
    }

private:
    int fd_;
    uint64_t size_;
    std::string buf_;
};

// "x-00001-of-00003.gguf" alone stands for all its parts when they lie beside it.
std::vector<std::string> with_split_siblings(const std::vector<std::string>& paths) {
    if (paths.size() != 1) return paths;
    const std::string& p = paths[0];
    const size_t at = p.rfind("-of-");
    if (at < 6 || p.size() != at + 4 + 5 + 5 || p.compare(p.size() - 5, 5, ".gguf") != 0) return paths;
    const std::string count_text = p.substr(at + 4, 5);
    const int count = std::atoi(count_text.c_str());
    if (count < 2 || count > 9999) return paths;
    std::vector<std::string> all;
    for (int i = 1; i <= count; ++i) {
        char no[16];
        std::snprintf(no, sizeof no, "%05d", i);
        all.push_back(p.substr(0, at - 5) + no + p.substr(at));
    }
    return all;
}

struct ReadGguf {
    std::vector<std::string> paths;
    std::vector<GgufFile> files;
    GgufModel model;
    uint64_t bytes_read = 0, file_size = 0;
};

Result<ReadGguf> read_gguf_files(const std::vector<std::string>& given) {
    ReadGguf r;
    r.paths = with_split_siblings(given);
    for (const std::string& path : r.paths) {
        Result<std::unique_ptr<FileSource>> source = FileSource::open(path);
        if (!source) return source.error();
        Result<GgufFile> f = read_gguf(**source);
        if (!f) return cli::prefixed(path, f.error());
        r.bytes_read += f->bytes_read;
        r.file_size += f->file_size;
        r.files.push_back(std::move(f).value());
    }
    Result<GgufModel> m = gguf_model(r.files);
    if (!m) return cli::prefixed(r.paths[0], m.error());
    r.model = std::move(m).value();
    return r;
}

// A whole small file (config.json); refuses files over `cap` bytes before reading them.
Result<std::string> read_small_file(const std::string& path, size_t cap) {
    Result<std::unique_ptr<FileSource>> opened = FileSource::open(path);
    if (!opened) return opened.error();
    FileSource& source = **opened;
    if (source.size() > cap)
        return cli::prefixed(path, make_error(ErrorCode::invalid_input,
                                        std::to_string(source.size()) + " bytes; a config.json is accepted up to " +
                                            std::to_string(cap),
                                        "error_config_file_size",
                                        {{"n", std::to_string(source.size())}, {"max", std::to_string(cap)}}));
    Result<std::string_view> bytes = source.read(0, source.size());
    if (!bytes) return cli::prefixed(path, bytes.error());
    return std::string(*bytes);
}

// "models/llama-3.1-8b.json" -> "llama-3.1-8b"; a bare "config.json" keeps "config".
std::string file_stem(const std::string& path) {
    const size_t slash = path.find_last_of('/');
    std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
    const size_t dot = name.rfind('.');
    if (dot != std::string::npos && dot > 0) name.resize(dot);
    return name.empty() ? "config" : name;
}

Result<HfConfig> read_config_file(const std::string& path, const Strings& strings, const std::string& ui) {
    Result<std::string> text = read_small_file(path, max_hf_config_bytes);
    if (!text) return text.error();
    Result<HfConfig> c = parse_hf_config(*text, file_stem(path));
    if (!c) return cli::prefixed(path, c.error());
    for (const std::string& w : phrased(strings, c->warnings, ui)) std::cerr << "contextfit: " << path << ": " << w << "\n";
    return c;
}

// The model of a fit or kv request: a catalog id, a GGUF header (exact weight bytes) or a config.json.
struct ChosenModel {
    Result<ReadGguf> gguf;
    Result<HfConfig> config;
    const ModelSpec* custom = nullptr;        // nullptr: the catalog id
    std::vector<std::string> notes;           // what the file reader assumed
};

// The file reader's assumptions are phrased in `ui`.
Status choose_model(const std::string& id, const std::vector<std::string>& gguf, const std::string& config,
                    const Strings& strings, const std::string& ui, ChosenModel& out) {
    const int given = !id.empty() + !gguf.empty() + !config.empty();
    if (given > 1)
        return make_error(ErrorCode::invalid_input, "give one of --model, --gguf and --config, not several",
                          "error_model_choice_many", {});
    if (given == 0)
        return make_error(ErrorCode::invalid_input, "--model, --gguf or --config is required", "error_model_choice_none", {});
    if (!gguf.empty()) {
        out.gguf = read_gguf_files(gguf);
        if (!out.gguf) return out.gguf.error();
        out.custom = &out.gguf->model.spec;
        out.notes = phrased(strings, out.gguf->model.notes, ui);
    } else if (!config.empty()) {
        out.config = read_config_file(config, strings, ui);
        if (!out.config) return out.config.error();
        out.custom = &out.config->model;
        out.notes = phrased(strings, out.config->warnings, ui);
    }
    return ok_status();
}

// What FILE holds, by its first bytes: the GGUF magic, else JSON text (a config.json).
bool looks_like_json(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY);
    if (fd < 0) return false;
    char head[64] = {};
    const ssize_t n = ::pread(fd, head, sizeof head, 0);
    ::close(fd);
    if (n >= 4 && std::string(head, 4) == "GGUF") return false;
    for (ssize_t i = 0; i < n; ++i) {
        const char c = head[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
        return c == '{';
    }
    return false;
}

int run_inspect(const Assets& assets, const std::vector<std::string>& paths, const std::string& ui, bool as_json) {
    if (paths.size() == 1 && looks_like_json(paths[0])) {
        Result<HfConfig> c = read_config_file(paths[0], assets.strings, ui);
        if (!c) return fail(assets, ui, "", c.error(), as_json);
        if (as_json)
            print_json(cli::config_inspect_json(assets.strings, *c, paths[0], ui));
        else
            std::cout << cli::config_inspect_table(assets, *c, paths[0], ui);
        return 0;
    }
    Result<ReadGguf> r = read_gguf_files(paths);
    if (!r) return fail(assets, ui, "", r.error(), as_json);
    if (as_json)
        print_json(cli::inspect_json(assets.strings, r->model, r->files, r->paths, ui));
    else
        std::cout << cli::inspect_table(assets, r->model, r->files, r->paths, ui);
    return 0;
}

// --- fit ---

struct FitArgs {
    std::string ram, model;
    cli::RuntimeFlags flags;  // lang empty: English text, and the interface language from --ui or the environment
    std::vector<std::string> gguf;
    std::string config;
    cli::HardwareArgs hardware;
};

CLI::App* add_fit_command(CLI::App& app, FitArgs& a, bool& as_json) {
    CLI::App* fit = app.add_subcommand("fit", "most tokens that fit in memory, as tokens, megabytes, words and pages");
    fit->add_option("--ram", a.ram, "memory size, e.g. 512GiB, 1TB, 64G (with --hardware: system RAM, optional "
                                    "when the devices have memory of their own)");
    fit->add_option("--model", a.model, "catalog id (see `contextfit models`)");
    fit->add_option("--gguf", a.gguf, "a GGUF model file (all parts of a split model) instead of --model")->expected(1, -1);
    fit->add_option("--config", a.config, "a Hugging Face config.json instead of --model");
    cli::add_runtime_flags(*fit, a.flags);
    fit->get_option("--weights")->description("f32 f16 bf16 fp8 q8_0 q6_k q5_k_m q5_0 q4_k_m q4_0 iq4_xs q3_k_m q2_k mxfp4 "
                                              "int4, or bits per weight, e.g. 4.14bpw");
    cli::add_hardware_options(*fit, a.hardware);
    fit->add_flag("--json", as_json, "print one JSON object");
    return fit;
}

// The request for the command line's options: the runtime flags' request, then fit's own memory, model and
// weights (a GGUF's own type, else --weights, which may be bits per weight).
EstimateRequest fit_request(EstimateRequest r, const FitArgs& a, uint64_t ram_bytes, const ChosenModel& chosen,
                            const WeightFormat* bpw) {
    r.model = a.model;
    r.custom_model = chosen.custom;
    if (chosen.gguf) r.weights_bytes_override = chosen.gguf->model.weights_bytes;
    r.ram_bytes = ram_bytes;
    const std::string requested = r.weights;
    if (chosen.gguf && !chosen.gguf->model.weights_id.empty()) r.weights = chosen.gguf->model.weights_id;
    r.custom_weights = r.weights == requested ? bpw : nullptr;
    return r;
}

// How the memory sizes were read, said before the answer: a bare number is GiB (parse_memory_size).
std::vector<std::string> size_readings(const Assets& assets, const FitArgs& a, bool ram_bare, bool reserve_bare,
                                       const std::string& ui) {
    std::vector<std::string> lines;
    if (ram_bare) lines.push_back(assets.strings.format("notice_bare_gib", ui, {{"input", a.ram}}));
    if (reserve_bare) lines.push_back(assets.strings.format("notice_bare_gib", ui, {{"input", a.flags.reserve}}));
    return lines;
}

void print_fit(const Assets& assets, const Estimate& e, const FitArgs& a, uint64_t ram_bytes, const std::string& ui,
               const SpeedResult* speed, const FormatsFit& formats, bool as_json) {
    if (as_json) {
        nlohmann::ordered_json j = cli::fit_json(assets, e, ui, speed);
        cli::add_formats_fit_json(formats, j);
        print_json(j);
        return;
    }
    // With GPUs the memory is more than --ram: show what was added up (the first note says from what).
    const Result<MemorySize> given = parse_memory_size(a.ram);
    const bool ram_alone = !a.ram.empty() && given && given->bytes == ram_bytes;
    std::cout << cli::fit_table(assets, e, ram_alone ? a.ram : assets.strings.bytes(ram_bytes, ui), ui, speed);
    const std::string hint = ram_alone ? cli::si_units_hint(assets, a.ram, ram_bytes, ui) : "";
    if (!hint.empty()) std::cout << "  - " << hint << "\n";
}

// fit on hardware: the answer's tokens placed on the devices and timed, read from empty up to the full context.
Result<SpeedResult> fit_speed(const Assets& assets, const Estimate& e, const cli::Hardware& hw, uint64_t system_ram,
                              const std::string& ui) {
    if (Status ok = cli::check_for_model(hw, *e.model); !ok) return ok.error();
    SpeedRequest r;
    r.placement.model = e.model;
    r.placement.weights = *e.weights;
    r.placement.options = e.options;
    r.placement.options.gpu_memory_utilization = hw.gpu_memory_utilization;
    r.placement.ctx = e.fit.tokens;
    r.placement.hardware = hw.devices;
    r.placement.ram_bytes = system_ram;
    r.placement.reserve_bytes = e.reserve_bytes;
    r.placement.placement = hw.placement;
    r.depth = e.fit.tokens;
    r.tokens = e.fit.tokens;
    r.bandwidth_gbs = hw.bandwidth_gbs;
    return estimate_speed(assets.hardware, r, assets.strings, ui);
}

int run_fit(const Assets& assets, const FitArgs& a, const std::string& ui, bool as_json) {
    Result<cli::Hardware> hw = cli::parse_hardware_args(assets.hardware, a.hardware);
    if (!hw) return fail(assets, ui, "", hw.error(), as_json);
    Result<cli::FitMemory> memory = cli::fit_memory(assets.strings, a.ram, *hw, a.flags.runtime == "vllm", ui);
    if (!memory) {
        fail(assets, ui, "", memory.error(), as_json);
        return a.ram.empty() && hw->devices.empty() ? 2 : 1;  // no memory at all is a usage error, as before
    }
    Result<MemorySize> reserve = parse_memory_size(a.flags.reserve);  // its own message, and a bare number's notice
    if (!reserve) return fail(assets, ui, "--reserve", reserve.error(), as_json);
    Result<EstimateRequest> flags = cli::runtime_request(a.flags);
    if (!flags) return fail(assets, ui, "", flags.error(), as_json);
    Result<std::optional<WeightFormat>> bpw = cli::bpw_weights(a.flags.weights);
    if (!bpw) return fail(assets, ui, "", bpw.error(), as_json);
    ChosenModel chosen;
    if (Status ok = choose_model(a.model, a.gguf, a.config, assets.strings, ui, chosen); !ok) return fail(assets, ui, "", ok.error(), as_json);
    EstimateRequest request = fit_request(*flags, a, memory->memory_bytes, chosen, *bpw ? &**bpw : nullptr);
    request.ui = ui;
    Result<Estimate> e = estimate(assets, request);
    if (!e) return fail(assets, ui, "", e.error(), as_json);
    const std::vector<std::string> readings =
        size_readings(assets, a, memory->ram_bare_number_as_gib, reserve->bare_number_as_gib, ui);
    e.value().notes.insert(e.value().notes.begin(), chosen.notes.begin(), chosen.notes.end());
    if (!memory->note.empty()) e.value().notes.insert(e.value().notes.begin(), memory->note);
    e.value().notes.insert(e.value().notes.begin(), readings.begin(), readings.end());
    std::optional<SpeedResult> speed;
    if (!hw->devices.empty()) {
        Result<SpeedResult> s = fit_speed(assets, *e, *hw, memory->system_ram_bytes, ui);
        if (!s) return fail(assets, ui, "", s.error(), as_json);
        if (s->placement.runtime == Runtime::vllm) {  // vLLM's own count of the cluster's KV tokens binds
            if (Status ok = limit_to_cluster(assets, request, s->placement.tokens_memory_limit, e.value()); !ok)
                return fail(assets, ui, "", ok.error(), as_json);
            s = fit_speed(assets, *e, *hw, memory->system_ram_bytes, ui);
            if (!s) return fail(assets, ui, "", s.error(), as_json);
        }
        speed = std::move(s).value();
    }
    Result<FormatsFit> formats = formats_fit(assets, request);
    if (!formats) return fail(assets, ui, "", formats.error(), as_json);
    print_fit(assets, *e, a, memory->memory_bytes, ui, speed ? &*speed : nullptr, *formats, as_json);
    return e->fit.limited_by == LimitedBy::weights_do_not_fit ? 3 : 0;
}

// --- time ---

int run_time(const Assets& assets, const cli::TimeArgs& a, const std::string& ui, bool as_json) {
    ChosenModel chosen;
    if (Status ok = choose_model(a.model, a.gguf, a.config, assets.strings, ui, chosen); !ok) return fail(assets, ui, "", ok.error(), as_json);
    cli::RequestedModel m;
    m.custom = chosen.custom;
    m.notes = chosen.notes;
    if (chosen.gguf) {
        m.file_weights = chosen.gguf->model.weights_id;
        m.notes.push_back(assets.strings.format("time_note_gguf_weights", ui));
    }
    Result<cli::TimeAnswer> t = cli::time_answer(assets, a, m, ui);
    if (!t) return fail(assets, ui, "", t.error(), as_json);
    if (as_json)
        print_json(cli::time_json(*t));
    else
        std::cout << cli::time_table(assets, *t, ui);
    return t->speed.placement.fits ? 0 : 3;
}

// --- kv ---

struct KvArgs {
    KvRequest request;
    std::string ctx;
    std::vector<std::string> gguf;
    std::string config;
};

CLI::App* add_kv_command(CLI::App& app, KvArgs& a, bool& as_json) {
    CLI::App* kv = app.add_subcommand("kv", "KV cache bytes for a context (theory is exact arithmetic)");
    kv->add_option("--model", a.request.model, "catalog id");
    kv->add_option("--gguf", a.gguf, "a GGUF model file (all parts of a split model) instead of --model")->expected(1, -1);
    kv->add_option("--config", a.config, "a Hugging Face config.json instead of --model");
    kv->add_option("--ctx", a.ctx, "tokens per sequence")->required();
    kv->add_option("--kv-type", a.request.kv_type, "cache type")->capture_default_str();
    kv->add_option("--kv-type-v", a.request.kv_type_v, "V cache type when it differs from K");
    kv->add_option("--runtime", a.request.runtime, "theory | llama.cpp | vllm")->capture_default_str();
    kv->add_option("--seqs", a.request.seqs, "parallel sequences")->capture_default_str();
    kv->add_option("--ubatch", a.request.ubatch, "llama.cpp micro-batch")->capture_default_str();
    kv->add_flag("--swa-full", a.request.swa_full, "llama.cpp --swa-full: sliding-window layers get full-size caches");
    kv->add_flag("--json", as_json, "print one JSON object");
    return kv;
}

// Parsed here, not by CLI11, so "-5", "1e9" and "abc" get the same precise messages as sizes.
Result<uint64_t> parse_ctx(const std::string& text) {
    char* end = nullptr;
    const unsigned long long ctx = std::strtoull(text.c_str(), &end, 10);
    if (text.empty() || text[0] == '-' || *end != '\0')
        return make_error(ErrorCode::invalid_input, "'" + text + "' is not a whole number of tokens", "error_ctx",
                          {{"value", text.substr(0, 40)}});
    return uint64_t{ctx};
}

void print_kv(const Assets& assets, const KvRequest& r, const KvSize& size, const std::string& ui, bool as_json) {
    if (as_json) {
        print_json(cli::kv_json(r, size));
        return;
    }
    std::cout << cli::kv_line(assets, r, size, ui) << "\n";
}

int run_kv(const Assets& assets, const KvArgs& a, const std::string& ui, bool as_json) {
    Result<uint64_t> ctx = parse_ctx(a.ctx);
    if (!ctx) return fail(assets, ui, "--ctx", ctx.error(), as_json);
    ChosenModel chosen;
    if (Status ok = choose_model(a.request.model, a.gguf, a.config, assets.strings, ui, chosen); !ok)
        return fail(assets, ui, "", ok.error(), as_json);
    KvRequest r = a.request;
    r.ctx = *ctx;
    r.custom_model = chosen.custom;
    if (chosen.custom) r.model = chosen.custom->id;
    Result<KvSize> size = estimate_kv(assets, r);
    if (!size) return fail(assets, ui, "", size.error(), as_json);
    print_kv(assets, r, *size, ui, as_json);
    return 0;
}

// --- inspect, models ---

CLI::App* add_inspect_command(CLI::App& app, std::vector<std::string>& paths, bool& as_json) {
    CLI::App* inspect = app.add_subcommand("inspect", "what a GGUF header (read alone) or a config.json says");
    inspect->add_option("files", paths, "the .gguf file (or all parts of a split model), or a config.json")
        ->required()->expected(1, -1);
    inspect->add_flag("--json", as_json, "print one JSON object");
    return inspect;
}

// --- need ---

// The model of a need request: --all, or the same choice as fit's, its file read here. Errors before the text is
// known are in the language --ui, --lang or the environment picks.
int run_need(const Assets& assets, const cli::NeedArgs& a, const cli::UiChoice& choice, bool as_json) {
    const std::string ui = pick_ui_language(assets.strings, choice.flag, a.flags.lang, choice.environment);
    cli::NeedModel m;
    ChosenModel chosen;
    if (a.all) {
        if (!a.model.empty() || !a.gguf.empty() || !a.config.empty())
            return fail(assets, ui, "",
                        make_error(ErrorCode::invalid_input, "give --all or one of --model, --gguf and --config, not both",
                                   "need_error_all_and_model", {}),
                        as_json);
    } else if (Status ok = choose_model(a.model, a.gguf, a.config, assets.strings, ui, chosen); !ok) {
        return fail(assets, ui, "", ok.error(), as_json);
    }
    m.custom = chosen.custom;
    m.notes = chosen.notes;
    if (chosen.gguf) {
        m.weights_bytes = chosen.gguf->model.weights_bytes;
        m.weights_id = chosen.gguf->model.weights_id;
    }
    return cli::run_need(assets, a, m, choice, as_json);
}

// --- the command line ---

// Everything the command line can say, filled in by CLI11.
struct Args {
    bool as_json = false;
    std::string ui;  // --ui: the interface language, any command
    FitArgs fit;
    KvArgs kv;
    cli::TimeArgs time;
    std::vector<std::string> inspect_paths;
    cli::ModelsArgs models;
    cli::NeedArgs need;
};

struct Commands {
    CLI::App* fit = nullptr;
    CLI::App* kv = nullptr;
    CLI::App* time = nullptr;
    CLI::App* inspect = nullptr;
    CLI::App* models = nullptr;
    CLI::App* need = nullptr;
};

std::string ui_language_list(const Strings& strings) {
    std::string list;
    for (const std::string& lang : strings.languages()) list += (list.empty() ? "" : " ") + lang;
    return list;
}

Commands add_commands(CLI::App& app, Args& args, const Strings& strings) {
    app.require_subcommand(1);
    Commands c;
    c.fit = add_fit_command(app, args.fit, args.as_json);
    c.kv = add_kv_command(app, args.kv, args.as_json);
    c.time = cli::add_time_command(app, args.time, args.as_json);
    c.inspect = add_inspect_command(app, args.inspect_paths, args.as_json);
    c.models = cli::add_models_command(app, args.models, args.as_json);
    c.need = cli::add_need_command(app, args.need, args.as_json);
    for (CLI::App* command : {c.fit, c.kv, c.time, c.inspect, c.models, c.need})
        command->add_option("--ui", args.ui, "interface language: " + ui_language_list(strings) +
                                                 " (default: the text's --lang when it is one, else LC_ALL / LC_MESSAGES / "
                                                 "LANG, else en)");
    return c;
}

// The language of a usage error: --ui or --lang as written on the command line (CLI11 stopped before it filled them
// in), else the environment's, by the rule of run_command.
std::string usage_language(const Strings& strings, int argc, char** argv) {
    std::string ui, lang;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        for (const auto& [flag, value] : {std::pair<std::string, std::string*>{"--ui", &ui}, {"--lang", &lang}}) {
            if (arg == flag && i + 1 < argc) *value = argv[i + 1];
            if (arg.rfind(flag + "=", 0) == 0) *value = arg.substr(flag.size() + 1);
        }
    }
    return pick_ui_language(strings, ui, lang, environment_language());
}

// The option CLI11's message names: its first word that starts with '-' ("--ram: 1 required TEXT missing").
std::string named_option(const std::string& what) {
    size_t at = 0;
    while (at < what.size()) {
        const size_t end = std::min(what.find_first_of(" :,", at), what.size());
        if (what[at] == '-' && end > at + 1) return what.substr(at, end - at);
        at = end + 1;
    }
    return {};
}

// CLI11's error in the reader's language, by its kind (its exit code: a subcommand's ExtrasError is named after the
// subcommand) and the option it names; CLI11's own words for the rest.
std::string usage_message(const Strings& strings, const CLI::ParseError& e, const std::string& ui) {
    const std::string what = e.what(), option = named_option(what);
    const auto kind = static_cast<CLI::ExitCodes>(e.get_exit_code());
    const size_t colon = what.find(": ");
    if (kind == CLI::ExitCodes::ExtrasError && colon != std::string::npos)
        return strings.format("cli_error_unexpected", ui, {{"args", what.substr(colon + 2)}});
    if (kind == CLI::ExitCodes::RequiredError)
        return option.empty() ? strings.format("cli_error_command", ui)
                              : strings.format("cli_error_required", ui, {{"option", option}});
    if (kind == CLI::ExitCodes::ArgumentMismatch && !option.empty())
        return strings.format("cli_error_missing_value", ui, {{"option", option}});
    if ((kind == CLI::ExitCodes::ConversionError || kind == CLI::ExitCodes::ValidationError) && !option.empty())
        return strings.format("cli_error_bad_value", ui, {{"option", option}});
    return strings.format("cli_error_usage", ui, {{"message", what}});
}

// Help and version exit 0 through CLI11; anything else is a usage error (exit 2), in JSON when --json was given.
int usage_error(const Strings& strings, CLI::App& app, const CLI::ParseError& e, int argc, char** argv) {
    if (e.get_exit_code() == 0) return app.exit(e);
    bool wants_json = false;
    for (int i = 1; i < argc; ++i) wants_json |= std::string(argv[i]) == "--json";
    cli::print_error(usage_message(strings, e, usage_language(strings, argc, argv)), wants_json);
    return 2;
}

// The one language rule of both shells (estimate.h pick_ui_language): --ui, else the text language, else the
// environment's locale, else English.
int run_command(const Assets& assets, const Commands& c, const Args& args) {
    const std::string text_language = *c.fit      ? args.fit.flags.lang
                                      : *c.time   ? args.time.lang
                                      : *c.models ? args.models.flags.lang
                                                  : "";
    const std::string ui = pick_ui_language(assets.strings, args.ui, text_language, environment_language());
    if (*c.fit) return run_fit(assets, args.fit, ui, args.as_json);
    if (*c.kv) return run_kv(assets, args.kv, ui, args.as_json);
    if (*c.time) return run_time(assets, args.time, ui, args.as_json);
    if (*c.inspect) return run_inspect(assets, args.inspect_paths, ui, args.as_json);
    if (*c.need) return run_need(assets, args.need, cli::UiChoice{args.ui, environment_language()}, args.as_json);
    return cli::run_models(assets, args.models, ui, args.as_json);
}

}  // namespace

int main(int argc, char** argv) {
    Result<Assets> assets = Assets::parse(embedded_models_json(), embedded_weight_formats_json(), embedded_text_json(),
                                          embedded_strings_json(), embedded_hardware_json());
    if (!assets) {
        std::cerr << "contextfit: built-in data is broken: " << assets.error().message << "\n";
        return 70;
    }
    CLI::App app{"ContextFit: how much text an LLM can take in at once, in a given amount of memory.\n"
                 "Sizes: " + std::string(accepted_size_units()) + ".\nRAM sold as \"512 GB\" is 512 GiB."};
    Args args;
    const Commands commands = add_commands(app, args, assets->strings);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return usage_error(assets->strings, app, e, argc, argv);
    }
    return run_command(*assets, commands, args);
}
