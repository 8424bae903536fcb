// A tiny GGUF writer for tests: builds headers in memory (fixtures, broken inputs, fuzz seeds) and sparse files
// whose data region is never written. Encoding as in ggml include/gguf.h; no code from ggml.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "gguf.h"

namespace gguf_test {

using contextfit::GgufType;

// Encoded values: what follows a key's type field.
std::string le(uint64_t v, int bytes);
std::string str(const std::string& s);                        // u64 length + bytes
std::string array(GgufType elem, uint64_t count, const std::string& payload);  // elem type, count, payload
std::string u32_array(const std::vector<uint32_t>& v);
std::string bool_array(const std::vector<bool>& v);
std::string str_array(const std::vector<std::string>& v);

struct Tensor {
    std::string name;
    std::vector<uint64_t> ne;
    uint32_t type = 0;
    uint64_t offset = 0;  // from the data start: packed by tensor(), as given by tensor_at()
};

class Writer {
public:
    uint32_t version = 3;
    uint32_t alignment = 32;

    Writer& raw(const std::string& key, GgufType type, const std::string& payload);
    Writer& u32(const std::string& key, uint32_t v) { return raw(key, GgufType::u32, le(v, 4)); }
    Writer& u64(const std::string& key, uint64_t v) { return raw(key, GgufType::u64, le(v, 8)); }
    Writer& f32(const std::string& key, float v);
    Writer& boolean(const std::string& key, bool v) { return raw(key, GgufType::boolean, le(v ? 1 : 0, 1)); }
    Writer& string(const std::string& key, const std::string& v) { return raw(key, GgufType::string, str(v)); }
    Writer& tensor(const std::string& name, std::vector<uint64_t> ne, uint32_t type);
    Writer& tensor_at(const std::string& name, std::vector<uint64_t> ne, uint32_t type, uint64_t offset);

    std::string header() const;          // magic .. tensor table .. padding to the alignment
    uint64_t data_size() const;          // bytes of the data section
    uint64_t file_size() const { return header().size() + data_size(); }
    std::string bytes() const;           // header + zero-filled data (small fixtures only)
    // Writes the header and extends the file to its full size without writing data (a sparse file).
    bool write_sparse(const std::string& path) const;

private:
    uint64_t n_kv_ = 0;
    std::string kv_;
    std::vector<Tensor> tensors_;
};

// A source of `header` followed by zeros up to `size` bytes: a large file without the memory.
class SparseSource : public contextfit::ByteSource {
public:
    SparseSource(std::string header, uint64_t size) : header_(std::move(header)), size_(size) {}
    uint64_t size() const override { return size_; }
    contextfit::Result<std::string_view> read(uint64_t offset, uint64_t size) override;
    uint64_t reads = 0;

private:
    std::string header_, buf_;
    uint64_t size_;
};

// ggml type ids used in fixtures (ggml/include/ggml.h enum ggml_type).
enum : uint32_t { F32 = 0, F16 = 1, Q4_0 = 2, Q8_0 = 8, Q4_K = 12, Q6_K = 14, BF16 = 30, MXFP4 = 39 };

}  // namespace gguf_test
