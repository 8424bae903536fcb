#include "gguf.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <set>
#include <utility>
#include <vector>

// Sections: 1. tables  2. cursor  3. values  4. header and tensor table  5. public functions

namespace contextfit {
namespace {

// ---- 1. tables ----

// ggml/src/ggml.c type_traits (blck_size, type_size) and ggml-common.h block structs, indexed by ggml_type.
// Ids 4, 5 (Q4_2, Q4_3), 31-33 (Q4_0_4_4 …) and 36-38 (IQ4_NL_4_4 …) were removed from GGUF files.
constexpr GgmlTypeInfo ggml_types[] = {
    {"F32", 1, 4},        {"F16", 1, 2},        {"Q4_0", 32, 18},     {"Q4_1", 32, 20},    {nullptr, 0, 0},
    {nullptr, 0, 0},      {"Q5_0", 32, 22},     {"Q5_1", 32, 24},     {"Q8_0", 32, 34},    {"Q8_1", 32, 36},
    {"Q2_K", 256, 84},    {"Q3_K", 256, 110},   {"Q4_K", 256, 144},   {"Q5_K", 256, 176},  {"Q6_K", 256, 210},
    {"Q8_K", 256, 292},   {"IQ2_XXS", 256, 66}, {"IQ2_XS", 256, 74},  {"IQ3_XXS", 256, 98}, {"IQ1_S", 256, 50},
    {"IQ4_NL", 32, 18},   {"IQ3_S", 256, 110},  {"IQ2_S", 256, 82},   {"IQ4_XS", 256, 136}, {"I8", 1, 1},
    {"I16", 1, 2},        {"I32", 1, 4},        {"I64", 1, 8},        {"F64", 1, 8},       {"IQ1_M", 256, 56},
    {"BF16", 1, 2},       {nullptr, 0, 0},      {nullptr, 0, 0},      {nullptr, 0, 0},     {"TQ1_0", 256, 54},
    {"TQ2_0", 256, 66},   {nullptr, 0, 0},      {nullptr, 0, 0},      {nullptr, 0, 0},     {"MXFP4", 32, 17},
    {"NVFP4", 64, 36},
};
static_assert(sizeof(ggml_types) / sizeof(ggml_types[0]) == ggml_type_count, "ggml_types must list every ggml type");

constexpr const char* gguf_type_names[] = {"u8",   "i8",   "u16",    "i16", "u32", "i32", "f32",
                                           "bool", "string", "array", "u64", "i64", "f64"};
static_assert(sizeof(gguf_type_names) / sizeof(gguf_type_names[0]) == static_cast<size_t>(GgufType::count),
              "gguf_type_names must list every GgufType");

// Bytes of a scalar value (ggml src/gguf.cpp GGUF_TYPE_SIZE); 0 for string and array.
constexpr uint32_t gguf_scalar_size[] = {1, 1, 2, 2, 4, 4, 4, 1, 0, 0, 8, 8, 8};
static_assert(sizeof(gguf_scalar_size) / sizeof(gguf_scalar_size[0]) == static_cast<size_t>(GgufType::count),
              "gguf_scalar_size must list every GgufType");

Error bad(uint64_t offset, const std::string& message, std::string key, Substitutions args) {
    return gguf_error(offset, message, std::move(key), std::move(args));
}
std::string shown(std::string_view bytes) { return gguf_printable(bytes); }

uint64_t load_le(std::string_view b) {
    uint64_t v = 0;
    for (size_t i = b.size(); i-- > 0;) v = (v << 8) | static_cast<unsigned char>(b[i]);
    return v;
}

// ---- 2. cursor: positioned reads through a small buffer, counting what the source delivers ----

class Cursor {
public:
    Cursor(ByteSource& source, const GgufLimits& limits) : source_(source), limits_(limits), size_(source.size()) {}

    uint64_t pos() const { return pos_; }
    uint64_t size() const { return size_; }
    uint64_t left() const { return size_ - pos_; }
    // Bytes the header may still take: to the end of the file or of GgufLimits::max_header, whichever is first.
    uint64_t room() const { return std::min(left(), limits_.max_header > pos_ ? limits_.max_header - pos_ : 0); }
    uint64_t bytes_read() const { return bytes_read_; }

    // The next n bytes; `what` names the field for the error when the file ends first.
    Result<std::string_view> take(uint64_t n, const std::string& what) {
        Status room = check(n, what);
        if (!room) return room.error();
        if (pos_ < window_start_ || pos_ + n > window_start_ + window_.size()) {
            Status filled = refill(n);
            if (!filled) return filled.error();
        }
        std::string_view out = window_.substr(static_cast<size_t>(pos_ - window_start_), static_cast<size_t>(n));
        pos_ += n;
        return out;
    }

    Result<uint64_t> uint(uint32_t bytes, const std::string& what) {
        Result<std::string_view> b = take(bytes, what);
        if (!b) return b.error();
        return load_le(*b);
    }

    // Steps over n bytes without reading them (the unkept tail of a scalar array).
    Status skip(uint64_t n, const std::string& what) {
        Status room = check(n, what);
        if (!room) return room;
        pos_ += n;
        return ok_status();
    }

    Status check(uint64_t n, const std::string& what) const {
        if (n > left())
            return bad(pos_, what + " needs " + std::to_string(n) + " bytes but the file ends after " +
                                 std::to_string(left()) + " (file size " + std::to_string(size_) + ", truncated?)",
                       "error_gguf_truncated",
                       {{"what", what}, {"n", std::to_string(n)}, {"left", std::to_string(left())}, {"size", std::to_string(size_)}});
        if (pos_ + n > limits_.max_header)
            return bad(pos_, what + ": the header runs past " + std::to_string(limits_.max_header) +
                                 " bytes, the most this reader accepts",
                       "error_gguf_header_too_large", {{"what", what}, {"max", std::to_string(limits_.max_header)}});
        return ok_status();
    }

private:
    // Makes the window hold [pos, pos + n): the source's own view when nothing of the old window is still
    // unread, else the unread tail and the next bytes stitched in a reused buffer. Asks for at least a chunk.
    Status refill(uint64_t n) {
        const uint64_t window_end = window_start_ + window_.size();
        const size_t tail = pos_ >= window_start_ && pos_ < window_end ? static_cast<size_t>(window_end - pos_) : 0;
        if (tail > 0) {
            const size_t unread_at = static_cast<size_t>(pos_ - window_start_);
            if (window_.data() == stitch_.data()) stitch_.erase(0, unread_at);  // the tail is already in stitch_
            else stitch_.assign(window_.data() + unread_at, tail);
        }
        const uint64_t from = pos_ + tail;
        const uint64_t want = std::min<uint64_t>(std::max<uint64_t>(n - tail, limits_.chunk), size_ - from);
        Result<std::string_view> got = source_.read(from, want);
        if (!got) return got.error();
        if (got->size() != want)
            return bad(from, "the source returned " + std::to_string(got->size()) + " bytes, asked " +
                                 std::to_string(want),
                       "error_gguf_short_read", {{"n", std::to_string(got->size())}, {"want", std::to_string(want)}});
        bytes_read_ += want;
        window_start_ = pos_;
        if (tail == 0) {
            window_ = *got;  // valid until the next read, which only refill() makes
            return ok_status();
        }
        stitch_.append(got->data(), got->size());
        window_ = stitch_;
        return ok_status();
    }

    ByteSource& source_;
    const GgufLimits& limits_;
    uint64_t size_;
    uint64_t pos_ = 0;
    std::string_view window_;    // bytes [window_start_, window_start_ + size) of the file
    uint64_t window_start_ = 0;
    std::string stitch_;         // backs window_ when a field straddles two reads
    uint64_t bytes_read_ = 0;
};

// ---- 3. values ----

class Reader {
public:
    Reader(ByteSource& source, const GgufLimits& limits) : c_(source, limits), limits_(limits) {}
    Cursor c_;
    const GgufLimits& limits_;
    uint64_t kept_bytes_ = 0;

    // A u64 length followed by that many bytes; the length is checked against `cap` and the bytes left.
    Status string(const std::string& what, uint64_t cap, GgufValue& out, bool keep) {
        const uint64_t start = c_.pos();
        Result<uint64_t> len = c_.uint(8, what);
        if (!len) return len.error();
        if (*len > cap || *len > c_.left())
            return *len > cap ? bad(start, what + ": string length " + std::to_string(*len) + " is above the limit " +
                                               std::to_string(cap),
                                    "error_gguf_string_limit",
                                    {{"what", what}, {"n", std::to_string(*len)}, {"max", std::to_string(cap)}})
                              : bad(start, what + ": string length " + std::to_string(*len) + " is above the " +
                                               std::to_string(c_.left()) + " bytes left in the file",
                                    "error_gguf_string_past_end",
                                    {{"what", what}, {"n", std::to_string(*len)}, {"left", std::to_string(c_.left())}});
        out.count = *len;
        if (!keep || kept_bytes_ + *len > limits_.max_kept_bytes) {
            out.complete = false;
            return c_.skip(*len, what);  // nobody reads it: no need to fetch it
        }
        Result<std::string_view> bytes = c_.take(*len, what);
        if (!bytes) return bytes.error();
        out.s.assign(bytes->data(), bytes->size());
        kept_bytes_ += *len;
        return ok_status();
    }

    Status value(GgufType type, GgufValue& out, const std::string& what, uint32_t depth, bool keep) {
        out.type = type;
        out.offset = c_.pos();
        const uint32_t size = gguf_scalar_size[static_cast<size_t>(type)];
        if (type == GgufType::string) return string(what, limits_.max_string, out, keep);
        if (type == GgufType::array) return array(out, what, depth, keep);
        Result<uint64_t> raw = c_.uint(size, what);
        if (!raw) return raw.error();
        switch (type) {
            case GgufType::u8: case GgufType::u16: case GgufType::u32: case GgufType::u64: out.u = *raw; break;
            case GgufType::boolean:
                if (*raw > 1)
                    return bad(out.offset, what + ": bool value " + std::to_string(*raw) + " is not 0 or 1", "error_gguf_bool",
                               {{"what", what}, {"value", std::to_string(*raw)}});
                out.u = *raw;
                break;
            case GgufType::i8: out.i = static_cast<int8_t>(*raw); break;
            case GgufType::i16: out.i = static_cast<int16_t>(*raw); break;
            case GgufType::i32: out.i = static_cast<int32_t>(*raw); break;
            case GgufType::i64: out.i = static_cast<int64_t>(*raw); break;
            case GgufType::f32: {
                float f;
                const uint32_t bits = static_cast<uint32_t>(*raw);
                std::memcpy(&f, &bits, 4);
                out.f = f;
                break;
            }
            case GgufType::f64: {
                double f;
                const uint64_t bits = *raw;
                std::memcpy(&f, &bits, 8);
                out.f = f;
                break;
            }
            default: break;
        }
        return ok_status();
    }

    Result<GgufType> type_field(const std::string& what) {
        const uint64_t start = c_.pos();
        Result<uint64_t> t = c_.uint(4, what + " type");
        if (!t) return t.error();
        if (*t >= static_cast<uint64_t>(GgufType::count))
            return bad(start, what + ": value type " + std::to_string(*t) + " is not a GGUF type (accepted: 0..12)",
                       "error_gguf_value_type", {{"what", what}, {"type", std::to_string(*t)}});
        return static_cast<GgufType>(*t);
    }

    Status array(GgufValue& out, const std::string& what, uint32_t depth, bool keep) {
        if (depth >= limits_.max_depth)
            return bad(out.offset, what + ": arrays nested deeper than " + std::to_string(limits_.max_depth),
                       "error_gguf_nested", {{"what", what}, {"max", std::to_string(limits_.max_depth)}});
        Result<GgufType> elem = type_field(what + " element");
        if (!elem) return elem.error();
        out.elem_type = *elem;
        const uint64_t count_at = c_.pos();
        Result<uint64_t> count = c_.uint(8, what + " count");
        if (!count) return count.error();
        // Smallest encoding of one element: a scalar's size, a string's length, an array's type and count.
        const uint64_t min_elem = *elem == GgufType::string  ? 8
                                  : *elem == GgufType::array ? 12
                                                             : gguf_scalar_size[static_cast<size_t>(*elem)];
        if (*count > limits_.max_array)
            return bad(count_at, what + ": array of " + std::to_string(*count) + " " + gguf_type_name(*elem) +
                                     " is above the limit of " + std::to_string(limits_.max_array) + " elements",
                       "error_gguf_array_limit",
                       {{"what", what}, {"n", std::to_string(*count)}, {"type", gguf_type_name(*elem)},
                        {"max", std::to_string(limits_.max_array)}});
        // Checked against the header budget too, so a count near the end of a huge file allocates nothing.
        if (*count > c_.room() / min_elem)
            return bad(count_at, what + ": array of " + std::to_string(*count) + " " + gguf_type_name(*elem) +
                                     " needs at least " + std::to_string(min_elem) + " bytes each but only " +
                                     std::to_string(c_.room()) + " bytes are left" +
                                     (c_.room() < c_.left() ? " within the header limit" : ""),
                       c_.room() < c_.left() ? "error_gguf_array_header_room" : "error_gguf_array_room",
                       {{"what", what}, {"n", std::to_string(*count)}, {"type", gguf_type_name(*elem)},
                        {"each", std::to_string(min_elem)}, {"left", std::to_string(c_.room())}});
        out.count = *count;
        const uint64_t kept = keep ? std::min(*count, limits_.max_kept_items) : 0;
        out.complete = kept == *count;
        out.items.reserve(static_cast<size_t>(kept));  // at most max_kept_items
        const uint64_t scalar = gguf_scalar_size[static_cast<size_t>(*elem)];
        for (uint64_t i = 0; i < *count; ++i) {
            if (scalar && i >= kept) {  // nothing more to keep: step over the rest in one go
                out.complete = false;
                return c_.skip((*count - i) * scalar, what);
            }
            const bool keep_item = i < kept && kept_bytes_ + sizeof(GgufValue) <= limits_.max_kept_bytes;
            GgufValue item;
            Status ok = value(*elem, item, what, depth + 1, keep_item);
            if (!ok) return ok;
            if (keep_item) {
                kept_bytes_ += sizeof(GgufValue);
                if (!item.complete) out.complete = false;
                out.items.push_back(std::move(item));
            } else {
                out.complete = false;
            }
        }
        return ok_status();
    }
};

// ---- 4. header and tensor table ----

// n_dims and ne[]: ggml keeps element counts in int64_t, so every dim and their product must stay below 2^63.
Status read_shape(Cursor& c, const std::string& what, GgufTensor& t) {
    const uint64_t dims_at = c.pos();
    Result<uint64_t> n_dims = c.uint(4, what + " n_dims");
    if (!n_dims) return n_dims.error();
    if (*n_dims < 1 || *n_dims > 4)
        return bad(dims_at, what + ": n_dims is " + std::to_string(*n_dims) + " but must be in [1, 4]", "error_gguf_n_dims",
                   {{"what", what}, {"n", std::to_string(*n_dims)}});
    t.n_dims = static_cast<uint32_t>(*n_dims);
    constexpr uint64_t max_ne = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
    uint64_t n = 1;
    for (uint32_t d = 0; d < t.n_dims; ++d) {
        const uint64_t ne_at = c.pos();
        Result<uint64_t> ne = c.uint(8, what + " ne[" + std::to_string(d) + "]");
        if (!ne) return ne.error();
        if (*ne > max_ne)
            return bad(ne_at, what + ": ne[" + std::to_string(d) + "] = " + std::to_string(*ne) + " is negative as int64",
                       "error_gguf_ne_negative", {{"what", what}, {"d", std::to_string(d)}, {"value", std::to_string(*ne)}});
        if (*ne != 0 && n > max_ne / *ne)
            return bad(ne_at, what + ": the element count overflows int64 at ne[" + std::to_string(d) + "] = " +
                                  std::to_string(*ne),
                       "error_gguf_ne_overflow", {{"what", what}, {"d", std::to_string(d)}, {"value", std::to_string(*ne)}});
        t.ne[d] = *ne;
        n *= *ne;
    }
    t.n_elements = n;
    return ok_status();
}

// The ggml type, and the tensor's bytes as ggml_nbytes counts them for a contiguous tensor: whole blocks per
// row, times the rows. `dims_at` is where the shape starts, for the errors about it.
Status read_type(Cursor& c, const std::string& what, uint64_t dims_at, GgufTensor& t) {
    const uint64_t type_at = c.pos();
    Result<uint64_t> type = c.uint(4, what + " type");
    if (!type) return type.error();
    const GgmlTypeInfo* info = *type < ggml_type_count ? ggml_type_info(static_cast<uint32_t>(*type)) : nullptr;
    if (!info)
        return bad(type_at, what + ": type " + std::to_string(*type) + " is not a known ggml type", "error_gguf_ggml_type",
                   {{"what", what}, {"type", std::to_string(*type)}});
    t.type = static_cast<uint32_t>(*type);
    if (t.ne[0] % info->block_size != 0)
        return bad(dims_at, what + ": ne[0] = " + std::to_string(t.ne[0]) + " is not a multiple of the " + info->name +
                                " block size " + std::to_string(info->block_size),
                   "error_gguf_row_blocks",
                   {{"what", what}, {"value", std::to_string(t.ne[0])}, {"type", info->name},
                    {"block", std::to_string(info->block_size)}});
    const uint64_t row = t.ne[0] / info->block_size * info->type_size;
    const uint64_t rows = t.ne[0] == 0 ? 0 : t.n_elements / t.ne[0];
    if (rows != 0 && row > std::numeric_limits<uint64_t>::max() / rows)
        return bad(dims_at, what + ": its size in bytes overflows 64 bits", "error_gguf_size_overflow", {{"what", what}});
    t.n_bytes = row * rows;
    return ok_status();
}

// One tensor table entry: name, shape, type, data offset.
Status read_tensor(Reader& r, GgufFile& f, uint64_t i, std::set<std::string>& names) {
    Cursor& c = r.c_;
    GgufTensor t;
    const uint64_t start = c.pos();
    GgufValue name;
    Status ok = r.string("tensor " + std::to_string(i) + " name", 63, name, true);
    if (!ok) return ok.error();
    if (!name.complete)
        return bad(start, "tensor " + std::to_string(i) + " name kept no room in memory", "error_gguf_tensor_name_room",
                   {{"i", std::to_string(i)}});
    t.name = std::move(name.s);
    const std::string what = "tensor " + std::to_string(i) + " '" + shown(t.name) + "'";
    if (!names.insert(t.name).second)
        return bad(start, "duplicate " + what, "error_gguf_duplicate_tensor", {{"i", std::to_string(i)}, {"name", shown(t.name)}});
    const uint64_t dims_at = c.pos();
    if (ok = read_shape(c, what, t); !ok) return ok;
    if (ok = read_type(c, what, dims_at, t); !ok) return ok;
    const uint64_t offset_at = c.pos();
    Result<uint64_t> offset = c.uint(8, what + " offset");
    if (!offset) return offset.error();
    t.offset = *offset;
    if (t.offset % f.alignment != 0)
        return bad(offset_at, what + ": data offset " + std::to_string(t.offset) + " is not a multiple of the alignment " +
                                  std::to_string(f.alignment),
                   "error_gguf_misaligned",
                   {{"what", what}, {"value", std::to_string(t.offset)}, {"alignment", std::to_string(f.alignment)}});
    f.tensors.push_back(std::move(t));
    return ok_status();
}

// A count from the header: at most `cap`, and `min_size` bytes each must fit in the room the header has left.
Status check_count(const Cursor& c, const char* name, uint64_t at, uint64_t count, uint64_t cap, uint64_t min_size) {
    if (count <= cap && count <= c.room() / min_size) return ok_status();
    return bad(at, std::string(name) + " is " + std::to_string(count) + " but must be at most " +
                       std::to_string(std::min(cap, c.room() / min_size)) + " (limit " + std::to_string(cap) + ", and " +
                       std::to_string(min_size) + " bytes each in the " + std::to_string(c.room()) + " bytes left)",
               "error_gguf_count_too_large",
               {{"name", name}, {"count", std::to_string(count)}, {"max", std::to_string(std::min(cap, c.room() / min_size))},
                {"limit", std::to_string(cap)}, {"each", std::to_string(min_size)}, {"left", std::to_string(c.room())}});
}

// Magic and version: only little-endian versions 2 and 3 are read.
Status read_version(Cursor& c, GgufFile& f) {
    Result<std::string_view> magic = c.take(4, "magic");
    if (!magic) return magic.error();
    if (*magic != "GGUF")
        return bad(0, "bad magic '" + shown(*magic) + "': a GGUF file starts with 'GGUF'", "error_gguf_magic",
                   {{"magic", shown(*magic)}});
    Result<uint64_t> version = c.uint(4, "version");
    if (!version) return version.error();
    f.version = static_cast<uint32_t>(*version);
    if (f.version != 0 && (f.version & 0xFFFFu) == 0)
        return bad(4, "version field reads " + std::to_string(f.version) + " (" + std::to_string(f.version >> 24) +
                          " byte-swapped): a big-endian GGUF file, which is not supported (little-endian only)",
                   "error_gguf_big_endian",
                   {{"version", std::to_string(f.version)}, {"swapped", std::to_string(f.version >> 24)}});
    if (f.version == 1)
        return bad(4, "GGUF version 1 is not supported (it used 32-bit counts; accepted: 2, 3)",
                   "error_gguf_version_1", {});
    if (f.version != 2 && f.version != 3)
        return bad(4, "GGUF version " + std::to_string(f.version) + " is not supported (accepted: 2, 3)", "error_gguf_version",
                   {{"version", std::to_string(f.version)}});
    return ok_status();
}

Status read_kvs(Reader& r, GgufFile& f, uint64_t n_kv) {
    Cursor& c = r.c_;
    std::set<std::string> keys;
    f.kv.reserve(static_cast<size_t>(std::min<uint64_t>(n_kv, 4096)));  // more grow as they are read
    for (uint64_t i = 0; i < n_kv; ++i) {
        GgufKv kv;
        kv.offset = c.pos();
        GgufValue key;
        const std::string what = "metadata key " + std::to_string(i);
        Status ok = r.string(what, r.limits_.max_key, key, true);
        if (!ok) return ok.error();
        if (!key.complete)
            return bad(kv.offset, what + ": key kept no room in memory", "error_gguf_key_room", {{"i", std::to_string(i)}});
        kv.key = std::move(key.s);
        if (kv.key.empty()) return bad(kv.offset, what + " is empty", "error_gguf_key_empty", {{"what", what}});
        if (!keys.insert(kv.key).second) return bad(kv.offset, "duplicate metadata key '" + shown(kv.key) + "'",
                                                        "error_gguf_duplicate_key", {{"key", shown(kv.key)}});
        const std::string field = "metadata '" + shown(kv.key) + "'";
        Result<GgufType> type = r.type_field(field);
        if (!type) return type.error();
        ok = r.value(*type, kv.value, field, 0, true);
        if (!ok) return ok.error();
        f.kv.push_back(std::move(kv));
    }
    return ok_status();
}

Status read_alignment(GgufFile& f) {
    const GgufKv* a = f.find("general.alignment");
    if (!a) return ok_status();
    const GgufValue& v = a->value;
    if (v.type != GgufType::u32 || v.u == 0 || (v.u & (v.u - 1)) != 0)
        return bad(v.offset, "general.alignment must be a u32 power of two, got " + std::string(gguf_type_name(v.type)) +
                                 " " + (v.type == GgufType::u32 ? std::to_string(v.u) : std::string("value")),
                   "error_gguf_alignment",
                   {{"got", std::string(gguf_type_name(v.type)) + " " +
                                (v.type == GgufType::u32 ? std::to_string(v.u) : std::string("value"))}});
    f.alignment = static_cast<uint32_t>(v.u);
    return ok_status();
}

// Tensor data starts at the next multiple of the alignment (ggml src/gguf.cpp: GGML_PAD(offset, alignment)), and
// every tensor's bytes must lie inside the file.
Status check_data(const Cursor& c, GgufFile& f) {
    f.data_offset = (c.pos() + f.alignment - 1) / f.alignment * f.alignment;
    if (f.data_offset > c.size() && !f.tensors.empty())
        return bad(c.pos(), "the file ends before its data section at " + std::to_string(f.data_offset),
                   "error_gguf_no_data_section", {{"at", std::to_string(f.data_offset)}});
    const uint64_t data_size = c.size() > f.data_offset ? c.size() - f.data_offset : 0;
    for (size_t i = 0; i < f.tensors.size(); ++i) {
        const GgufTensor& t = f.tensors[i];
        if (t.offset > data_size || t.n_bytes > data_size - t.offset)
            return bad(f.data_offset + std::min(t.offset, data_size),
                       "tensor " + std::to_string(i) + " '" + shown(t.name) + "': its " + std::to_string(t.n_bytes) +
                           " bytes of data from byte " + std::to_string(t.offset) +
                           " of the data section lie past the end of the file (the data section has " +
                           std::to_string(data_size) + " bytes)",
                       "error_gguf_tensor_past_end",
                       {{"i", std::to_string(i)}, {"name", shown(t.name)}, {"from", std::to_string(t.offset)},
                        {"n", std::to_string(t.n_bytes)}, {"size", std::to_string(data_size)}});
    }
    return ok_status();
}

Status read_header(Reader& r, GgufFile& f) {
    Cursor& c = r.c_;
    Status ok = read_version(c, f);
    if (!ok) return ok;
    Result<uint64_t> n_tensors = c.uint(8, "n_tensors");
    if (!n_tensors) return n_tensors.error();
    Result<uint64_t> n_kv = c.uint(8, "n_kv");
    if (!n_kv) return n_kv.error();
    // A tensor entry takes at least 32 bytes (name length, n_dims, one dim, type, offset); a key/value 13.
    constexpr uint64_t min_tensor = 32, min_kv = 13;
    if (ok = check_count(c, "n_tensors", 8, *n_tensors, r.limits_.max_tensors, min_tensor); !ok) return ok;
    if (ok = check_count(c, "n_kv", 16, *n_kv, r.limits_.max_kv, min_kv); !ok) return ok;
    if (ok = read_kvs(r, f, *n_kv); !ok) return ok;
    if (ok = read_alignment(f); !ok) return ok;
    f.tensors.reserve(static_cast<size_t>(std::min<uint64_t>(*n_tensors, 4096)));  // more grow as they are read
    std::set<std::string> names;
    for (uint64_t i = 0; i < *n_tensors; ++i) {
        ok = read_tensor(r, f, i, names);
        if (!ok) return ok;
    }
    return check_data(c, f);
}

}  // namespace

// ---- 5. public functions ----

Result<std::string_view> MemorySource::read(uint64_t offset, uint64_t size) {
    if (offset > bytes_.size() || size > bytes_.size() - offset)
        return make_error(ErrorCode::invalid_input, "read of " + std::to_string(size) + " bytes at " +
                                                        std::to_string(offset) + " is past the end (" +
                                                        std::to_string(bytes_.size()) + ")",
                          "error_gguf_read_past_end",
                          {{"n", std::to_string(size)}, {"at", std::to_string(offset)}, {"size", std::to_string(bytes_.size())}});
    return bytes_.substr(static_cast<size_t>(offset), static_cast<size_t>(size));  // both within bytes_
}

Error gguf_error(uint64_t offset, const std::string& message, std::string key, Substitutions args) {
    args.emplace_back("offset", std::to_string(offset));
    return make_error(ErrorCode::bad_data, message + " (offset " + std::to_string(offset) + ")", std::move(key),
                      std::move(args));
}

std::string gguf_printable(std::string_view bytes) {
    std::string out;
    for (size_t i = 0; i < bytes.size() && i < 64; ++i) {
        const unsigned char c = static_cast<unsigned char>(bytes[i]);
        if (c >= 0x20 && c < 0x7f && c != '\\') {
            out += static_cast<char>(c);
        } else {
            static const char hex[] = "0123456789abcdef";
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    if (bytes.size() > 64) out += "...";
    return out;
}

const char* gguf_type_name(GgufType t) {
    const size_t i = static_cast<size_t>(t);
    return i < static_cast<size_t>(GgufType::count) ? gguf_type_names[i] : "unknown";
}

const GgmlTypeInfo* ggml_type_info(uint32_t type) {
    if (type >= ggml_type_count || ggml_types[type].block_size == 0) return nullptr;
    return &ggml_types[type];
}

const GgufKv* GgufFile::find(std::string_view key) const {
    for (const GgufKv& entry : kv)
        if (entry.key == key) return &entry;
    return nullptr;
}

Result<GgufFile> read_gguf(ByteSource& source, const GgufLimits& limits) {
    Reader r(source, limits);
    GgufFile f;
    f.file_size = source.size();
    Status ok = read_header(r, f);
    if (!ok) return ok.error();
    f.bytes_read = r.c_.bytes_read();
    return f;
}

}  // namespace contextfit
