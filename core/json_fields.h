// Reading JSON fields without exceptions: nlohmann's at()/get<T>() throw, and a throw aborts in wasm,
// so every read checks presence and type first and reports the path of the field it rejects.
// Internal to core (asset readers); not part of the public API.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "result.h"

namespace contextfit {

using nlohmann::json;

// Parses text without exceptions; invalid JSON becomes an error with `code` naming `what` and the byte where the
// text stops being JSON.
Result<json> parse_json_text(std::string_view text, ErrorCode code, const std::string& what);

// parse_json_text for the assets: a bad_data error.
Result<json> parse_json(const std::string& text, const std::string& what);

// The array at obj[key]; a bad_data error naming `where` and the key when obj is not an object or the field
// is absent or not an array. (A const json's operator[] on a missing key is undefined, so look first.)
Result<const json*> array_field(const json& obj, const char* key, const std::string& where);

// Reads fields of one object; the first failure is kept and later reads do nothing, so a reader is
// used as a list of reads followed by one check of ok().
//   FieldReader r(obj, "models[3] (llama-3.1-8b)");
//   r.u32("n_layer", m.n_layer);  r.str("id", m.id);
//   if (!r.ok()) return r.error();
class FieldReader {
public:
    FieldReader(const json& obj, std::string where);

    void str(const char* key, std::string& out, bool required = true);
    void u64(const char* key, uint64_t& out, bool required = true, uint64_t max = UINT64_MAX);
    void u32(const char* key, uint32_t& out, bool required = true, uint32_t max = UINT32_MAX);
    void f64(const char* key, double& out, bool required = true);
    void boolean(const char* key, bool& out, bool required = true);

    bool ok() const { return ok_; }
    const Error& error() const { return error_; }
    void fail(const std::string& message);

private:
    const json* find(const char* key, bool required);

    const json& obj_;
    std::string where_;
    bool ok_ = true;
    Error error_;
};

}  // namespace contextfit
