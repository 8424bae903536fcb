// GGUF header reader: metadata and tensor table of a llama.cpp model file, read on demand, never the weights.
//
// Layout (little-endian; ggml include/gguf.h, docs/gguf.md):
//   magic      4 bytes "GGUF"
//   version    u32, 2 or 3 (1 used 32-bit counts; 3 only adds big-endian files, which are not supported here)
//   n_tensors  u64
//   n_kv       u64
//   n_kv x     key: string (u64 length + bytes), value type: u32, value
//              value: u8 i8 u16 i16 u32 i32 f32 bool(u8) string u64 i64 f64 | array: elem type u32, count u64, elems
//   n_tensors x name: string, n_dims: u32 (<= 4), ne[n_dims]: u64, ggml type: u32, offset: u64 (from data start)
//   padding    to general.alignment (u32, default 32)
//   data       tensors at their offsets, each a multiple of the alignment
//
// The reader asks a ByteSource for byte ranges (positioned reads in the CLI, File.slice in the page) and
// counts what it read; fields are read from the source's own view, copied only when kept (or when one straddles
// two reads). Every count and length from the file is checked against the bytes left, the header budget
// (GgufLimits::max_header) and a cap before anything is allocated; each error names the field and its offset.
//
// What the tensors and keys mean for a model (architecture tables, split parts): core/gguf_model.h, as ggml keeps
// src/gguf.cpp apart from llama.cpp's loader (src/llama-model-loader.cpp, src/llama-model.cpp).
//
// Sections: 1. byte source  2. values and tensors  3. reading  4. messages
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "result.h"

namespace contextfit {

// ---- 1. byte source ----

class ByteSource {
public:
    virtual ~ByteSource() = default;
    virtual uint64_t size() const = 0;
    // Exactly `size` bytes at `offset` (never past size()); the view stays valid until the next read.
    virtual Result<std::string_view> read(uint64_t offset, uint64_t size) = 0;
};

// A file already in memory (tests, fuzzing, a browser buffer).
class MemorySource : public ByteSource {
public:
    explicit MemorySource(std::string_view bytes) : bytes_(bytes) {}
    uint64_t size() const override { return bytes_.size(); }
    Result<std::string_view> read(uint64_t offset, uint64_t size) override;

private:
    std::string_view bytes_;
};

// ---- 2. values and tensors ----

enum class GgufType : uint32_t { u8, i8, u16, i16, u32, i32, f32, boolean, string, array, u64, i64, f64, count };
const char* gguf_type_name(GgufType t);

// ggml tensor types with their block layout (ggml/src/ggml.c type_traits). Removed ids have block_size 0.
struct GgmlTypeInfo {
    const char* name;
    uint32_t block_size;  // values per block
    uint32_t type_size;   // bytes per block
};
inline constexpr uint32_t ggml_type_count = 41;  // GGML_TYPE_COUNT with NVFP4 = 40 the last
const GgmlTypeInfo* ggml_type_info(uint32_t type);  // nullptr for unknown or removed ids

struct GgufValue {
    GgufType type = GgufType::u8;
    uint64_t offset = 0;              // where the value starts in the file
    uint64_t u = 0;                   // unsigned integers and bool
    int64_t i = 0;                    // signed integers
    double f = 0;                     // f32, f64
    std::string s;                    // string (kept whole up to the reader's string budget)
    GgufType elem_type = GgufType::u8;  // arrays
    uint64_t count = 0;               // array length, or string length
    std::vector<GgufValue> items;     // arrays: the first elements, up to max_kept_items
    bool complete = true;             // false when items or s were not all kept
};

struct GgufKv {
    std::string key;
    uint64_t offset = 0;              // of the key
    GgufValue value;
};

struct GgufTensor {
    std::string name;
    uint32_t n_dims = 0;
    uint64_t ne[4] = {1, 1, 1, 1};
    uint32_t type = 0;
    uint64_t offset = 0;              // from the data section start
    uint64_t n_elements = 0;
    uint64_t n_bytes = 0;             // ne0 / block x type size x ne1 x ne2 x ne3 (ggml_nbytes)
};

struct GgufFile {
    uint32_t version = 0;
    std::vector<GgufKv> kv;
    std::vector<GgufTensor> tensors;
    uint32_t alignment = 32;
    uint64_t data_offset = 0;         // start of the tensor data
    uint64_t file_size = 0;
    uint64_t bytes_read = 0;          // what the reader asked the source for

    const GgufKv* find(std::string_view key) const;
};

// ---- 3. reading ----

struct GgufLimits {
    uint64_t max_tensors = uint64_t{1} << 20;
    uint64_t max_kv = uint64_t{1} << 20;
    uint64_t max_string = uint64_t{64} << 20;       // one string value (chat templates are ~10 KiB)
    uint64_t max_key = 65536;
    uint64_t max_array = uint64_t{1} << 32;         // elements of one array (vocabularies are ~10^5 .. 10^6)
    uint32_t max_depth = 8;                         // arrays nested in arrays
    uint64_t max_kept_items = 4096;                 // array elements kept in memory (per-layer arrays fit)
    uint64_t max_kept_bytes = uint64_t{64} << 20;   // string bytes and values kept in memory, whole file
    uint64_t max_header = uint64_t{256} << 20;      // metadata + tensor table (big vocabularies: ~20 MiB)
    uint64_t chunk = uint64_t{64} << 10;            // bytes asked of the source at a time
};

Result<GgufFile> read_gguf(ByteSource& source, const GgufLimits& limits = {});

// ---- 4. messages about what a file holds (shared with the model mapping, core/gguf_model.h) ----

// A bad_data error about the field at a file offset: "<message> (offset N)" in English, and the strings.json
// template `key` a shell phrases it with in the reader's language, with `args` and {offset}.
Error gguf_error(uint64_t offset, const std::string& message, std::string key, Substitutions args);
// Printable form of a name or magic from the file: at most 64 characters, others as \xNN.
std::string gguf_printable(std::string_view bytes);

}  // namespace contextfit
