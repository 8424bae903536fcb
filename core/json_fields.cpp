#include "json_fields.h"

#include <cmath>

namespace contextfit {

namespace {

// Builds the document from nlohmann's SAX events. json::parse would do the same, but it compiles a second,
// callback-taking DOM builder (and std::function) next to the plain one even when no callback is given; the
// page carries this code in its wasm, so the one builder here keeps it smaller. Duplicate keys: the last
// value wins, as with json::parse.
class DomBuilder : public nlohmann::json_sax<json> {
public:
    explicit DomBuilder(json& root) : root_(root) {}

    bool null() override { return add(json(nullptr)); }
    bool boolean(bool v) override { return add(json(v)); }
    bool number_integer(number_integer_t v) override { return add(json(v)); }
    bool number_unsigned(number_unsigned_t v) override { return add(json(v)); }
    bool number_float(number_float_t v, const string_t&) override { return add(json(v)); }
    bool string(string_t& v) override { return add(json(std::move(v))); }
    bool binary(binary_t&) override { return false; }  // JSON text has no binary values
    bool start_object(std::size_t) override { return open(json::object()); }
    bool key(string_t& k) override {
        key_ = std::move(k);
        return true;
    }
    bool end_object() override { return close(); }
    bool start_array(std::size_t) override { return open(json::array()); }
    bool end_array() override { return close(); }
    bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception&) override {
        error_at_ = position;
        return false;
    }

    // Where the text stopped being JSON: nlohmann counts characters read, so 1 is the first byte.
    std::size_t error_at() const { return error_at_; }

private:
    // Places a value: the root, the next array element, or the member named by the last key.
    json* place(json&& v) {
        if (stack_.empty()) {
            root_ = std::move(v);
            return &root_;
        }
        json& parent = *stack_.back();
        if (parent.is_array()) {
            parent.push_back(std::move(v));
            return &parent.back();
        }
        json& slot = parent[key_];
        slot = std::move(v);
        return &slot;
    }
    bool add(json&& v) {
        place(std::move(v));
        return true;
    }
    bool open(json&& container) {
        stack_.push_back(place(std::move(container)));
        return true;
    }
    bool close() {
        stack_.pop_back();
        return true;
    }

    json& root_;
    std::vector<json*> stack_;  // open containers; pointers stay valid: only the innermost one grows
    string_t key_;
    std::size_t error_at_ = 0;
};

}  // namespace

Result<json> parse_json_text(std::string_view text, ErrorCode code, const std::string& what) {
    json doc;
    DomBuilder builder(doc);
    const char* first = text.data();
    if (!json::sax_parse(first, first + text.size(), &builder)) {
        const std::size_t at = builder.error_at();
        const std::string message =
            what + " is not valid JSON" + (at > 0 ? " (stops at byte " + std::to_string(at) + ")" : std::string());
        if (at == 0) return make_error(code, message, "error_json_invalid", {{"what", what}});
        return make_error(code, message, "error_json_invalid_at", {{"what", what}, {"at", std::to_string(at)}});
    }
    return doc;
}

Result<json> parse_json(const std::string& text, const std::string& what) {
    return parse_json_text(text, ErrorCode::bad_data, what);
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
