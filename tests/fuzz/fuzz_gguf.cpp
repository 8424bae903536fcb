// Fuzz target for the GGUF reader (core/gguf.h): any bytes give a header or an error, never a crash, a hang or
// unbounded memory (counts are checked against the bytes left before allocation). The input is read twice:
// as a whole file, and as the header of a file whose data region (zeros) runs 1 TiB further, so inputs with a
// tensor table also reach the model mapping; a model it accepts must pass the catalog's own validation.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "catalog.h"
#include "gguf_model.h"

namespace {

// The limits keep every run short, and the checks are the same at any limit: inputs are a few KiB
// (scripts/fuzz -max_len), so a 64 KiB header budget still lets the padded reading run far into the zeros, and
// 4 MiB of kept values still hold several per-layer arrays of max_n_layer (core/limits.h) entries.
constexpr uint64_t max_header = uint64_t{64} << 10;
constexpr uint64_t chunk = 4096;
constexpr uint64_t max_kept_bytes = uint64_t{4} << 20;

// Reads cost no copy: a view into the input, a view into a static zero page, or (for the one read that
// straddles the input's end) the input's tail and zeros in a reused buffer. The header budget bounds every
// read by max_header + chunk, the size of the zero page.
class PaddedSource : public contextfit::ByteSource {
public:
    PaddedSource(std::string_view head, uint64_t size) : head_(head), size_(size) {}
    uint64_t size() const override { return size_; }
    contextfit::Result<std::string_view> read(uint64_t offset, uint64_t size) override {
        static const std::string zeros(max_header + chunk, '\0');
        if (offset > size_ || size > size_ - offset || size > zeros.size())
            return contextfit::make_error(contextfit::ErrorCode::invalid_input, "read out of range");
        const size_t n = static_cast<size_t>(size);
        if (offset >= head_.size()) return std::string_view(zeros.data(), n);
        const size_t at = static_cast<size_t>(offset);
        if (head_.size() - at >= n) return head_.substr(at, n);
        straddle_.assign(head_.data() + at, head_.size() - at);
        straddle_.resize(n, '\0');
        return std::string_view(straddle_);
    }

private:
    std::string_view head_;
    uint64_t size_;
    std::string straddle_;
};

void check(contextfit::ByteSource& source) {
    contextfit::GgufLimits limits;
    limits.chunk = chunk;
    limits.max_header = max_header;
    limits.max_string = max_header;
    limits.max_kept_bytes = max_kept_bytes;
    contextfit::Result<contextfit::GgufFile> f = contextfit::read_gguf(source, limits);
    if (!f) {
        if (f.error().message.empty()) std::abort();
        return;
    }
    if (f->bytes_read > source.size()) std::abort();
    std::vector<contextfit::GgufFile> parts;
    parts.push_back(std::move(f).value());  // moved, not copied: a header can hold thousands of values
    contextfit::Result<contextfit::GgufModel> m = contextfit::gguf_model(parts);
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
