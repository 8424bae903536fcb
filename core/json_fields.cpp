#include "json_fields.h"

#include <cmath>

namespace contextfit {

Result<json> parse_json(const std::string& text, const std::string& what) {
    json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) return make_error(ErrorCode::bad_data, what + " is not valid JSON");
    return doc;
}

Result<const json*> array_field(const json& obj, const char* key, const std::string& where) {
    if (obj.is_object()) {
        auto it = obj.find(key);
        if (it != obj.end() && it->is_array()) return &*it;
    }
    return make_error(ErrorCode::bad_data, where + ": '" + key + "' must be an array");
}

FieldReader::FieldReader(const json& obj, std::string where) : obj_(obj), where_(std::move(where)) {
    if (!obj_.is_object()) fail("is not a JSON object");
}

void FieldReader::fail(const std::string& message) {
    if (!ok_) return;
    ok_ = false;
    error_ = make_error(ErrorCode::bad_data, where_ + ": " + message);
}

const json* FieldReader::find(const char* key, bool required) {
    if (!ok_) return nullptr;
    auto it = obj_.find(key);
    if (it == obj_.end() || it->is_null()) {
        if (required) fail(std::string("field '") + key + "' is missing");
        return nullptr;
    }
    return &*it;
}

void FieldReader::str(const char* key, std::string& out, bool required) {
    const json* v = find(key, required);
    if (!v) return;
    if (!v->is_string()) return fail(std::string("field '") + key + "' must be a string");
    out = v->get_ref<const std::string&>();
}

void FieldReader::u64(const char* key, uint64_t& out, bool required, uint64_t max) {
    const json* v = find(key, required);
    if (!v) return;
    if (v->is_number_unsigned()) {
        const uint64_t x = v->get<uint64_t>();
        if (x > max) return fail(std::string("field '") + key + "' = " + std::to_string(x) + " is above " +
                                 std::to_string(max));
        out = x;
        return;
    }
    if (v->is_number_integer()) return fail(std::string("field '") + key + "' must not be negative");
    fail(std::string("field '") + key + "' must be a whole number");
}

void FieldReader::u32(const char* key, uint32_t& out, bool required, uint32_t max) {
    uint64_t x = out;
    u64(key, x, required, max);
    if (ok_) out = static_cast<uint32_t>(x);
}

void FieldReader::f64(const char* key, double& out, bool required) {
    const json* v = find(key, required);
    if (!v) return;
    if (!v->is_number()) return fail(std::string("field '") + key + "' must be a number");
    const double x = v->get<double>();
    if (!std::isfinite(x)) return fail(std::string("field '") + key + "' must be finite");
    out = x;
}

void FieldReader::boolean(const char* key, bool& out, bool required) {
    const json* v = find(key, required);
    if (!v) return;
    if (!v->is_boolean()) return fail(std::string("field '") + key + "' must be true or false");
    out = v->get<bool>();
}

}  // namespace contextfit
