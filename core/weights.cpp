#include "weights.h"

#include <cmath>

#include "ascii.h"
#include "json_fields.h"
#include "size_parse.h"

namespace contextfit {
Result<WeightFormats> WeightFormats::parse(const std::string& json_text) {
    Result<json> doc = parse_json(json_text, "the weight format table");
    if (!doc) return doc.error();
    const json& root = doc.value();
    Result<const json*> records = array_field(root, "formats", "weight formats");
    if (!records) return records.error();
    WeightFormats out;
    size_t index = 0;
    for (const json& obj : **records) {
        WeightFormat f;
        FieldReader r(obj, "formats[" + std::to_string(index++) + "]");
        r.str("id", f.id);
        r.str("label", f.label);
        r.f64("bits_per_weight", f.bits_per_weight);
        r.f64("embedding_bits", f.embedding_bits);
        r.str("kind", f.kind);
        r.str("source", f.source);
        if (!r.ok()) return r.error();
        if (!(f.bits_per_weight > 0 && f.bits_per_weight <= 64 && f.embedding_bits > 0 && f.embedding_bits <= 64))
            return make_error(ErrorCode::bad_data, "weight format '" + f.id + "': bits must be in (0, 64]");
        if (obj.contains("aliases") && obj["aliases"].is_array())
            for (const json& a : obj["aliases"])
                if (a.is_string()) f.aliases.push_back(a.get<std::string>());
        out.formats_.push_back(std::move(f));
    }
    if (out.formats_.empty()) return make_error(ErrorCode::bad_data, "weight formats: the table is empty");
    return out;
}

Result<const WeightFormat*> WeightFormats::lookup(std::string_view id) const {
    const std::string want = ascii_lower(id);
    std::string accepted;
    for (const WeightFormat& f : formats_) {
        if (want == f.id) return &f;
        for (const std::string& a : f.aliases)
            if (want == a) return &f;
        accepted += (accepted.empty() ? "" : ", ") + f.id;
    }
    return make_error(ErrorCode::unknown_name,
                      "unknown weight format '" + std::string(id.substr(0, 40)) + "'; accepted: " + accepted);
}

uint64_t weights_bytes(const ModelSpec& m, const WeightFormat& f) {
    const uint64_t embedding = std::min(m.n_params_embedding, m.n_params);
    const double body = static_cast<double>(m.n_params - embedding) * f.bits_per_weight / 8.0;
    const double embd = static_cast<double>(embedding) * f.embedding_bits / 8.0;
    return static_cast<uint64_t>(std::llround(body + embd));
}

Result<WeightFormat> weight_format_from_bpw(std::string_view text) {
    const std::string t = ascii_lower(text);
    const auto bad = [&] {
        return make_error(ErrorCode::invalid_input,
                          "weights '" + std::string(text.substr(0, 40)) +
                              "' is not a bits-per-weight figure; accepted: a number in (0, 32] followed by 'bpw', e.g. 4.14bpw",
                          "error_weights_bpw", {{"value", std::string(text.substr(0, 40))}});
    };
    constexpr std::string_view suffix = "bpw";
    if (t.size() <= suffix.size() || !ends_with(t, suffix)) return bad();
    double bits = 0;
    if (!parse_decimal(std::string_view(t).substr(0, t.size() - suffix.size()), bits) || !(bits > 0 && bits <= 32))
        return bad();
    WeightFormat f;
    f.id = t;
    for (char& c : f.id)
        if (c == ',') c = '.';  // "4,14bpw" is the format 4.14bpw, as a link and the JSON name it
    f.label = f.id;
    f.bits_per_weight = bits;
    f.embedding_bits = bits;
    f.kind = "estimate";
    f.source = "bits per weight as given: the whole file's size x 8 / parameters";
    return f;
}

}  // namespace contextfit
