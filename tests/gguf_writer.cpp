#include "gguf_writer.h"

#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace gguf_test {

std::string le(uint64_t v, int bytes) {
    std::string out;
    for (int i = 0; i < bytes; ++i) out += static_cast<char>((v >> (8 * i)) & 0xff);
    return out;
}

std::string str(const std::string& s) { return le(s.size(), 8) + s; }

std::string array(GgufType elem, uint64_t count, const std::string& payload) {
    return le(static_cast<uint32_t>(elem), 4) + le(count, 8) + payload;
}

std::string u32_array(const std::vector<uint32_t>& v) {
    std::string p;
    for (uint32_t x : v) p += le(x, 4);
    return array(GgufType::u32, v.size(), p);
}

std::string bool_array(const std::vector<bool>& v) {
    std::string p;
    for (bool x : v) p += le(x ? 1 : 0, 1);
    return array(GgufType::boolean, v.size(), p);
}

std::string str_array(const std::vector<std::string>& v) {
    std::string p;
    for (const std::string& x : v) p += str(x);
    return array(GgufType::string, v.size(), p);
}

Writer& Writer::raw(const std::string& key, GgufType type, const std::string& payload) {
    kv_ += str(key) + le(static_cast<uint32_t>(type), 4) + payload;
    ++n_kv_;
    return *this;
}

Writer& Writer::f32(const std::string& key, float v) {
    uint32_t bits;
    std::memcpy(&bits, &v, 4);
    return raw(key, GgufType::f32, le(bits, 4));
}

namespace {
uint64_t nbytes(const Tensor& t) {
    const contextfit::GgmlTypeInfo* info = contextfit::ggml_type_info(t.type);
    uint64_t rows = 1;
    for (size_t i = 1; i < t.ne.size(); ++i) rows *= t.ne[i];
    return info ? t.ne[0] / info->block_size * info->type_size * rows : 0;
}
uint64_t pad(uint64_t n, uint64_t to) { return (n + to - 1) / to * to; }
}  // namespace

Writer& Writer::tensor(const std::string& name, std::vector<uint64_t> ne, uint32_t type) {
    Tensor t{name, std::move(ne), type, 0};
    t.offset = tensors_.empty() ? 0 : pad(tensors_.back().offset + nbytes(tensors_.back()), alignment);
    tensors_.push_back(std::move(t));
    return *this;
}

Writer& Writer::tensor_at(const std::string& name, std::vector<uint64_t> ne, uint32_t type, uint64_t offset) {
    tensors_.push_back(Tensor{name, std::move(ne), type, offset});
    return *this;
}

std::string Writer::header() const {
    std::string h = "GGUF" + le(version, 4) + le(tensors_.size(), 8) + le(n_kv_, 8) + kv_;
    for (const Tensor& t : tensors_) {
        h += str(t.name) + le(t.ne.size(), 4);
        for (uint64_t n : t.ne) h += le(n, 8);
        h += le(t.type, 4) + le(t.offset, 8);
    }
    h.resize(pad(h.size(), alignment), '\0');
    return h;
}

uint64_t Writer::data_size() const {
    uint64_t end = 0;
    for (const Tensor& t : tensors_) end = std::max(end, t.offset + nbytes(t));
    return pad(end, alignment);
}

std::string Writer::bytes() const {
    std::string b = header();
    b.resize(b.size() + data_size(), '\0');
    return b;
}

bool Writer::write_sparse(const std::string& path) const {
    const std::string h = header();
    const int fd = ::open(path.c_str(), O_CREAT | O_TRUNC | O_WRONLY, 0644);
    if (fd < 0) return false;
    const bool ok = ::write(fd, h.data(), h.size()) == static_cast<ssize_t>(h.size()) &&
                    ::ftruncate(fd, static_cast<off_t>(h.size() + data_size())) == 0;
    return ::close(fd) == 0 && ok;
}

contextfit::Result<std::string_view> SparseSource::read(uint64_t offset, uint64_t size) {
    ++reads;
    if (offset > size_ || size > size_ - offset)
        return contextfit::make_error(contextfit::ErrorCode::invalid_input, "read past the end");
    buf_.assign(size, '\0');
    if (offset < header_.size()) {
        const uint64_t n = std::min<uint64_t>(size, header_.size() - offset);
        std::memcpy(buf_.data(), header_.data() + offset, n);
    }
    return std::string_view(buf_);
}

}  // namespace gguf_test
