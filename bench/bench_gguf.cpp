// Inspects a sparse 100 GB synthetic GGUF (Llama 3.1 8B's header and a 10^11-byte tensor; the data region is
// never written, so the file costs ~1 MiB of disk) and prints the bytes read and the time, as the CLI reads it:
// positioned reads (pread) through core/gguf. The same file and @huggingface/gguf: tests/web/gguf_peer.mjs.
//   bench_gguf [iterations, default 20]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

#include "gguf_model.h"
#include "gguf_writer.h"

namespace {

using namespace contextfit;

class PreadSource : public ByteSource {
public:
    PreadSource(int fd, uint64_t size) : fd_(fd), size_(size) {}
    uint64_t size() const override { return size_; }
    Result<std::string_view> read(uint64_t offset, uint64_t size) override {
        buf_.resize(size);
        const ssize_t n = ::pread(fd_, buf_.data(), size, static_cast<off_t>(offset));
        if (n != static_cast<ssize_t>(size)) return make_error(ErrorCode::invalid_input, "short read");
        return std::string_view(buf_);
    }

private:
    int fd_;
    uint64_t size_;
    std::string buf_;
};

gguf_test::Writer llama_8b_100g() {
    using namespace gguf_test;
    Writer w;
    w.string("general.architecture", "llama").string("general.name", "synthetic 100 GB").u32("general.file_type", 15)
        .u32("llama.block_count", 32).u32("llama.context_length", 131072).u32("llama.embedding_length", 4096)
        .u32("llama.feed_forward_length", 14336).u32("llama.attention.head_count", 32)
        .u32("llama.attention.head_count_kv", 8).string("tokenizer.ggml.pre", "llama-bpe")
        .raw("tokenizer.ggml.tokens", GgufType::array, str_array(std::vector<std::string>(128256, "token")));
    w.tensor("token_embd.weight", {4096, 128256}, Q4_K);
    for (int i = 0; i < 32; ++i) {
        const std::string b = "blk." + std::to_string(i) + ".";
        w.tensor(b + "attn_q.weight", {4096, 4096}, Q4_K).tensor(b + "ffn_up.weight", {4096, 14336}, Q4_K);
    }
    w.tensor("pad.weight", {100000, 1000000}, 24);  // I8: 10^11 bytes
    return w;
}

}  // namespace

int main(int argc, char** argv) {
    char* end = nullptr;
    const long iterations = argc > 1 ? std::strtol(argv[1], &end, 10) : 20;
    if (argc > 2 || (argc > 1 && (*end != '\0' || iterations < 1 || iterations > 100000))) {
        std::fprintf(stderr, "usage: bench_gguf [ITERATIONS]: a whole number from 1 to 100000 (default 20), got '%s'\n",
                     argv[argc - 1]);
        return 2;
    }
    char path[] = "/tmp/bench_gguf_XXXXXX";
    const int tmp = ::mkstemp(path);
    if (tmp < 0) return 1;
    ::close(tmp);
    const gguf_test::Writer w = llama_8b_100g();
    if (!w.write_sparse(path)) return 1;

    uint64_t bytes_read = 0, file_size = 0, weights = 0;
    double best_ms = 1e9, total_ms = 0;
    for (long i = 0; i < iterations; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        const int fd = ::open(path, O_RDONLY);
        struct stat st {};
        ::fstat(fd, &st);
        PreadSource source(fd, static_cast<uint64_t>(st.st_size));
        Result<GgufFile> f = read_gguf(source);
        Result<GgufModel> m = f ? gguf_model({*f}) : Result<GgufModel>(f.error());
        ::close(fd);
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        if (!m) {
            std::fprintf(stderr, "bench_gguf: %s\n", m.error().message.c_str());
            ::unlink(path);
            return 1;
        }
        bytes_read = f->bytes_read;
        file_size = f->file_size;
        weights = m->weights_bytes;
        best_ms = ms < best_ms ? ms : best_ms;
        total_ms += ms;
    }
    ::unlink(path);
    std::printf("bench_gguf: sparse %llu-byte GGUF (%llu bytes of weights, %zu-byte header): read %llu bytes "
                "(%.4f%% of the file); header + model in %.2f ms best, %.2f ms mean of %d\n",
                static_cast<unsigned long long>(file_size), static_cast<unsigned long long>(weights), w.header().size(),
                static_cast<unsigned long long>(bytes_read), 100.0 * static_cast<double>(bytes_read) / static_cast<double>(file_size),
                best_ms, total_ms / iterations, iterations);
    return 0;
}
