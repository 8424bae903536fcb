// contextfit: the command-line shell over the core.
//   contextfit fit --ram SIZE --model ID [...] [--json]
//   contextfit kv --model ID --ctx N [...] [--json]
//   contextfit models [--json]
//   contextfit inspect FILE.gguf... [--json]      what a GGUF header says (all parts of a split model)
// Errors: exit code 1 (bad input) or 2 (usage), the message on stderr, and {"error": "..."} on stdout with --json.
#include <cstdio>
#include <fcntl.h>
#include <iostream>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>

#include "embedded_assets.h"
#include "estimate.h"
#include "gguf.h"
#include "report.h"
#include "size_parse.h"

namespace {

using namespace contextfit;

int fail(const std::string& message, bool as_json) {
    std::cerr << "contextfit: " << message << "\n";
    if (as_json)
        std::cout << nlohmann::ordered_json{{"error", message}}.dump(1, ' ', false,
                                                                    nlohmann::json::error_handler_t::replace)
                  << "\n";
    return 1;
}

void print_json(const nlohmann::ordered_json& j) {
    std::cout << j.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

// A file read with positioned reads (pread), so only the header of a 100 GB model is touched.
class FileSource : public ByteSource {
public:
    explicit FileSource(int fd, uint64_t size) : fd_(fd), size_(size) {}
    ~FileSource() override { ::close(fd_); }
    uint64_t size() const override { return size_; }
    Result<std::string_view> read(uint64_t offset, uint64_t size) override {
        buf_.resize(size);
        uint64_t done = 0;
        while (done < size) {
            const ssize_t n = ::pread(fd_, buf_.data() + done, size - done, static_cast<off_t>(offset + done));
            if (n <= 0) return make_error(ErrorCode::invalid_input, "read failed at offset " + std::to_string(offset + done));
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
        const int fd = ::open(path.c_str(), O_RDONLY);
        struct stat st {};
        if (fd < 0 || ::fstat(fd, &st) != 0) {
            if (fd >= 0) ::close(fd);
            return make_error(ErrorCode::invalid_input, path + ": cannot open");
        }
        FileSource source(fd, static_cast<uint64_t>(st.st_size));
        Result<GgufFile> f = read_gguf(source);
        if (!f) return make_error(f.error().code, path + ": " + f.error().message);
        r.bytes_read += f->bytes_read;
        r.file_size += f->file_size;
        r.files.push_back(std::move(f).value());
    }
    Result<GgufModel> m = gguf_model(r.files);
    if (!m) return make_error(m.error().code, r.paths[0] + ": " + m.error().message);
    r.model = std::move(m).value();
    return r;
}

int run_inspect(const std::vector<std::string>& paths, bool as_json) {
    Result<ReadGguf> r = read_gguf_files(paths);
    if (!r) return fail(r.error().message, as_json);
    if (as_json)
        print_json(cli::inspect_json(r->model, r->files, r->paths));
    else
        std::cout << cli::inspect_table(r->model, r->files, r->paths);
    return 0;
}

struct FitArgs {
    std::string ram, reserve = "2GiB", model, weights = "q4_k_m", kv = "f16", kv_v, runtime = "llama.cpp";
    std::string lang = "en", page;
    uint32_t seqs = 1, ubatch = 512;
    bool no_flash_attn = false;
    std::vector<std::string> gguf;
};

int run_fit(const Assets& assets, const FitArgs& a, bool as_json) {
    Result<uint64_t> ram = parse_size(a.ram);
    if (!ram) return fail("--ram: " + ram.error().message, as_json);
    Result<uint64_t> reserve = parse_size(a.reserve);
    if (!reserve) return fail("--reserve: " + reserve.error().message, as_json);
    EstimateRequest r;
    r.model = a.model;
    Result<ReadGguf> file;
    if (!a.gguf.empty()) {
        if (!a.model.empty()) return fail("give either --model or --gguf, not both", as_json);
        file = read_gguf_files(a.gguf);
        if (!file) return fail(file.error().message, as_json);
        r.custom_model = &file->model.spec;
        r.weights_bytes_override = file->model.weights_bytes;
    } else if (a.model.empty()) {
        return fail("--model or --gguf is required", as_json);
    }
    r.ram_bytes = *ram;
    r.reserve_bytes = *reserve;
    r.weights = file && !file->model.weights_id.empty() ? file->model.weights_id : a.weights;
    r.kv_type = a.kv;
    r.kv_type_v = a.kv_v;
    r.runtime = a.runtime;
    r.seqs = a.seqs;
    r.language = a.lang;
    r.page = a.page;
    r.flash_attn = !a.no_flash_attn;
    r.ubatch = a.ubatch;
    Result<Estimate> e = estimate(assets, r);
    if (!e) return fail(e.error().message, as_json);
    const std::string ui = ui_language(a.lang);
    if (as_json) {
        print_json(cli::fit_json(assets, *e, ui));
    } else {
        std::cout << cli::fit_table(assets, *e, a.ram, ui);
        const std::string hint = cli::si_units_hint(assets, a.ram, *ram, ui);
        if (!hint.empty()) std::cout << "  - " << hint << "\n";
    }
    return e->fit.limited_by == LimitedBy::weights_do_not_fit ? 3 : 0;
}

}  // namespace

int main(int argc, char** argv) {
    Result<Assets> assets = Assets::parse(embedded_models_json(), embedded_weight_formats_json(), embedded_text_json(),
                                          embedded_strings_json());
    if (!assets) {
        std::cerr << "contextfit: built-in data is broken: " << assets.error().message << "\n";
        return 70;
    }

    CLI::App app{"ContextFit: how much text an LLM can take in at once, in a given amount of memory.\n"
                 "Sizes: " + std::string(accepted_size_units()) + ".\nRAM sold as \"512 GB\" is 512 GiB."};
    app.require_subcommand(1);
    bool as_json = false;

    FitArgs fa;
    CLI::App* fit = app.add_subcommand("fit", "most tokens that fit in memory, as tokens, megabytes, words and pages");
    fit->add_option("--ram", fa.ram, "memory size, e.g. 512GiB, 1TB, 64G")->required();
    fit->add_option("--model", fa.model, "catalog id (see `contextfit models`)");
    fit->add_option("--gguf", fa.gguf, "a GGUF model file (all parts of a split model) instead of --model")->expected(1, -1);
    fit->add_option("--weights", fa.weights, "f32 f16 bf16 fp8 q8_0 q6_k q5_k_m q5_0 q4_k_m q4_0 iq4_xs q3_k_m q2_k mxfp4 int4")
        ->capture_default_str();
    fit->add_option("--kv-type", fa.kv, "KV cache type: f32 f16 bf16 q8_0 q5_1 q5_0 q4_1 q4_0 iq4_nl (llama.cpp), f16/auto fp8 (vllm)")
        ->capture_default_str();
    fit->add_option("--kv-type-v", fa.kv_v, "V cache type when it differs from K (llama.cpp -ctv)");
    fit->add_option("--runtime", fa.runtime, "theory | llama.cpp | vllm")->capture_default_str();
    fit->add_option("--seqs", fa.seqs, "parallel sequences sharing the memory")->capture_default_str();
    fit->add_option("--reserve", fa.reserve, "memory kept for the OS and other programs")->capture_default_str();
    fit->add_option("--lang", fa.lang, "text language: en ru de fr es zh code (ru also switches the output to Russian)")
        ->capture_default_str();
    fit->add_option("--page", fa.page, "standard (1800 chars, default) | manuscript | single | book | author-sheet");
    fit->add_option("--ubatch", fa.ubatch, "llama.cpp micro-batch (sizes SWA caches and compute buffers)")
        ->capture_default_str();
    fit->add_flag("--no-flash-attn", fa.no_flash_attn, "llama.cpp without flash attention (KQ scores grow with context)");
    fit->add_flag("--json", as_json, "print one JSON object");

    KvRequest kr;
    std::string ctx_text;
    CLI::App* kv = app.add_subcommand("kv", "KV cache bytes for a context (theory is exact arithmetic)");
    kv->add_option("--model", kr.model, "catalog id")->required();
    kv->add_option("--ctx", ctx_text, "tokens per sequence")->required();
    kv->add_option("--kv-type", kr.kv_type, "cache type")->capture_default_str();
    kv->add_option("--kv-type-v", kr.kv_type_v, "V cache type when it differs from K");
    kv->add_option("--runtime", kr.runtime, "theory | llama.cpp | vllm")->capture_default_str();
    kv->add_option("--seqs", kr.seqs, "parallel sequences")->capture_default_str();
    kv->add_option("--ubatch", kr.ubatch, "llama.cpp micro-batch")->capture_default_str();
    kv->add_flag("--json", as_json, "print one JSON object");

    std::vector<std::string> inspect_paths;
    CLI::App* inspect = app.add_subcommand("inspect", "what a GGUF file's header says (reads the header only)");
    inspect->add_option("files", inspect_paths, "the .gguf file, or all parts of a split model")->required()->expected(1, -1);
    inspect->add_flag("--json", as_json, "print one JSON object");

    CLI::App* models = app.add_subcommand("models", "list the model catalog");
    models->add_flag("--json", as_json, "print a JSON array");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) return app.exit(e);
        bool wants_json = false;
        for (int i = 1; i < argc; ++i) wants_json |= std::string(argv[i]) == "--json";
        fail(e.what(), wants_json);
        return 2;
    }

    if (*fit) return run_fit(*assets, fa, as_json);
    if (*inspect) return run_inspect(inspect_paths, as_json);
    if (*kv) {
        // Parsed here, not by CLI11, so "-5", "1e9" and "abc" get the same precise messages as sizes.
        char* end = nullptr;
        const unsigned long long ctx = std::strtoull(ctx_text.c_str(), &end, 10);
        if (ctx_text.empty() || ctx_text[0] == '-' || *end != '\0')
            return fail("--ctx: '" + ctx_text + "' is not a whole number of tokens", as_json);
        kr.ctx = ctx;
        Result<KvSize> size = estimate_kv(*assets, kr);
        if (!size) return fail(size.error().message, as_json);
        if (as_json) {
            print_json(cli::kv_json(kr, *size));
        } else {
            std::printf("%s at %llu tokens x %u seq (%s): K %s + V %s + state %s = %s (%llu bytes)\n", kr.model.c_str(),
                        ctx, kr.seqs, kr.runtime.c_str(), format_size(size->k_bytes, true).c_str(),
                        format_size(size->v_bytes, true).c_str(), format_size(size->state_bytes, true).c_str(),
                        format_size(size->total(), true).c_str(), static_cast<unsigned long long>(size->total()));
        }
        return 0;
    }
    if (as_json)
        print_json(cli::models_json(*assets));
    else
        std::cout << cli::models_table(*assets);
    return 0;
}
