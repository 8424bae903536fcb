// Weight storage formats (assets/weight-formats.json) and the bytes a model's weights take in one.
//
//   weights_bytes = (n_params - n_params_embedding) x bits_per_weight / 8 + n_params_embedding x embedding_bits / 8
//
// K-quant mixes (Q4_K_M …) keep some tensors at higher precision; their bits_per_weight is the whole-file
// figure llama.cpp reports for a real model, so the mix is modelled as one effective rate (kind "mix").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model.h"
#include "result.h"

namespace contextfit {

struct WeightFormat {
    std::string id;
    std::string label;
    double bits_per_weight = 0;
    double embedding_bits = 0;
    std::string kind;       // exact, mix, estimate
    std::string source;
    std::vector<std::string> aliases;
};

class WeightFormats {
public:
    static Result<WeightFormats> parse(const std::string& json_text);
    const std::vector<WeightFormat>& all() const { return formats_; }
    // Case-insensitive id or alias ("Q4_K_M", "gptq"); an error lists the accepted ids.
    Result<const WeightFormat*> lookup(std::string_view id) const;

private:
    std::vector<WeightFormat> formats_;
};

uint64_t weights_bytes(const ModelSpec& model, const WeightFormat& format);

// "4.14bpw": a mix named by its whole-file bits per weight (kind "estimate"), every tensor at that rate, as
// people quote custom mixes (ubergarm's DeepSeek-V3 IQ3_K_R4 "4.141 BPW"). bpw in (0, 32].
Result<WeightFormat> weight_format_from_bpw(std::string_view text);

}  // namespace contextfit
