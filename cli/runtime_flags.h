// The runtime flags of the commands that size memory (`fit`, `need`, `models --ram`): weights, KV types, runtime,
// sequences, micro-batch, flash attention, --swa-full, reserve, language and page. `fit` adds its own (--ram, the
// hardware options, bits per weight in --weights).
#pragma once

#include <cstdint>
#include <string>

#include <CLI/CLI.hpp>

#include "estimate.h"

namespace contextfit::cli {

struct RuntimeFlags {
    std::string weights = "q4_k_m", kv = "f16", kv_v, runtime = "llama.cpp", reserve = "2GiB";
    std::string lang, page;               // lang empty: English (need --file: the guessed language)
    uint32_t seqs = 1, ubatch = 512;
    bool no_flash_attn = false;
    bool swa_full = false;
};

void add_runtime_flags(CLI::App& command, RuntimeFlags& f);

// The request for these flags (reserve parsed; the model and the RAM are the caller's), or the flag that is wrong.
Result<EstimateRequest> runtime_request(const RuntimeFlags& f);

}  // namespace contextfit::cli
