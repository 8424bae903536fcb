// Fuzz target for the GGUF reader (core/gguf.h): any bytes give a header or an error, never a crash, a hang or
// unbounded memory (counts are checked against the bytes left before allocation). The input is read twice:
// as a whole file, and as the header of a file whose data region (zeros) runs 1 TiB further, so inputs with a
// tensor table also reach the model mapping; a model it accepts must pass the catalog's own validation.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "catalog.h"
#include "gguf_model.h"

namespace {

class PaddedSource : public contextfit::ByteSource {
public:
    PaddedSource(std::string_view head, uint64_t size) : head_(head), size_(size) {}
    uint64_t size() const override { return size_; }
    contextfit::Result<std::string_view> read(uint64_t offset, uint64_t size) override {
        if (offset > size_ || size > size_ - offset || size > (uint64_t{1} << 31))
            return contextfit::make_error(contextfit::ErrorCode::invalid_input, "read out of range");
        buf_.assign(size, '\0');
        if (offset < head_.size()) std::memcpy(&buf_[0], head_.data() + offset, std::min<uint64_t>(size, head_.size() - offset));
        return std::string_view(buf_);
    }

private:
    std::string_view head_;
    uint64_t size_;
    std::string buf_;
};

void check(contextfit::ByteSource& source) {
    contextfit::GgufLimits limits;
    limits.chunk = 4096;
    limits.max_header = uint64_t{1} << 20;  // keeps every run short; the checks are the same at any limit
    limits.max_string = uint64_t{1} << 20;
    contextfit::Result<contextfit::GgufFile> f = contextfit::read_gguf(source, limits);
    if (!f) {
        if (f.error().message.empty()) std::abort();
        return;
    }
    if (f->bytes_read > source.size()) std::abort();
    contextfit::Result<contextfit::GgufModel> m = contextfit::gguf_model({*f});
    if (!m) {
        if (m.error().message.empty()) std::abort();
        return;
    }
    const contextfit::ModelSpec& s = m->spec;
    if (s.n_layer_full + s.n_layer_swa + s.recurrent.n_layer != s.n_layer) std::abort();
    if (!contextfit::validate_model(s)) std::abort();
    if (s.n_params_active > s.n_params) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    contextfit::MemorySource whole(bytes);
    check(whole);
    PaddedSource padded(bytes, size + (uint64_t{1} << 40));
    check(padded);
    return 0;
}
