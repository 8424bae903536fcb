// The model catalog: assets/models.json read into ModelSpec records.
//
// Layout of the asset (schema 1):
//   { "schema": 1, "about": "...", "families": { family id: the name people know it by, … },
//     "models": [ { "id", "display_name", "family", "developer", "arch",
//     "tokenizer", "n_layer", "n_embd", "n_head", "n_head_kv", "n_embd_head_k", "n_embd_head_v", "n_vocab",
//     "tie_word_embeddings", "attention_kind", "n_layer_full", "n_layer_swa", ["n_swa", "swa_type",
//     "swa_in_llama_cpp"], ["mla": {...}], ["recurrent": {...}], ["moe": {...}], ["n_ff", "n_ff_exp",
//     "n_ff_shexp"], "n_ctx_train", "n_ctx_advertised", "n_ctx_limit", "context_note", "params_nominal_b",
//     "params_active_nominal_b", "params_note", "verified", "verification", "sources": [..], "notes" } ] }
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "model.h"
#include "result.h"

namespace contextfit {

class Catalog {
public:
    using FamilyNames = std::map<std::string, std::string, std::less<>>;

    // Parses and validates the asset text: every record is checked (ids unique, layer counts add up,
    // head dims present, a source given), and the first problem is reported with its record id.
    static Result<Catalog> parse(const std::string& json_text);

    const std::vector<ModelSpec>& models() const { return models_; }
    const ModelSpec* find(std::string_view id) const;
    // A family's name as its vendor writes it ("gpt-oss", "DeepSeek-V3", "Llama 3.3"), from "families": every
    // family of the catalog has one (parse checks); "" for a family the catalog lacks (a model read from a file).
    const std::string& family_name(std::string_view family) const;

    // Up to `count` ids closest to `id` (edit distance, case-insensitive), for "did you mean" messages.
    std::vector<std::string> suggest(std::string_view id, size_t count = 3) const;

    // find() or an unknown_name error that lists the closest ids.
    Result<const ModelSpec*> lookup(std::string_view id) const;

private:
    std::vector<ModelSpec> models_;
    FamilyNames family_names_;
};

// Case-insensitive Levenshtein distance, for "did you mean" lists of ids.
size_t edit_distance(std::string_view a, std::string_view b);

// Checks one record's internal consistency; used by Catalog::parse and by readers of user models.
Status validate_model(const ModelSpec& model);

}  // namespace contextfit
