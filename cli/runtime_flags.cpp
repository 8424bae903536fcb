#include "runtime_flags.h"

#include "report.h"
#include "size_parse.h"

namespace contextfit::cli {

void add_runtime_flags(CLI::App& c, RuntimeFlags& f) {
    c.add_option("--weights", f.weights, "f32 f16 bf16 fp8 q8_0 q6_k q5_k_m q5_0 q4_k_m q4_0 iq4_xs q3_k_m q2_k mxfp4 int4")
        ->capture_default_str();
    c.add_option("--kv-type", f.kv, "KV cache type: " + kv_type_list(Runtime::llama_cpp, " ") + " (llama.cpp), " +
                                        kv_type_list(Runtime::vllm, " ") + " (vllm; auto = f16)")
        ->capture_default_str();
    c.add_option("--kv-type-v", f.kv_v, "V cache type when it differs from K (llama.cpp -ctv)");
    c.add_option("--runtime", f.runtime, "theory | llama.cpp | vllm")->capture_default_str();
    c.add_option("--seqs", f.seqs, "parallel sequences sharing the memory")->capture_default_str();
    c.add_option("--reserve", f.reserve, "memory kept for the OS and other programs")->capture_default_str();
    c.add_option("--lang", f.lang, "text language: en (default) ru de fr es zh code; the output follows it when it "
                                   "is an interface language and --ui is not given");
    c.add_option("--page", f.page, "standard (1800 chars, default) | manuscript | single | book | author-sheet");
    c.add_option("--ubatch", f.ubatch, "llama.cpp micro-batch (sizes SWA caches and compute buffers)")
        ->capture_default_str();
    c.add_flag("--no-flash-attn", f.no_flash_attn, "llama.cpp without flash attention (KQ scores grow with context)");
    c.add_flag("--swa-full", f.swa_full, "llama.cpp --swa-full: sliding-window layers get full-size caches");
}

Result<EstimateRequest> runtime_request(const RuntimeFlags& f) {
    Result<MemorySize> reserve = parse_memory_size(f.reserve);  // a bare number is GiB, as fit reads it
    if (!reserve) return prefixed("--reserve", reserve.error());
    EstimateRequest r;
    r.reserve_bytes = reserve->bytes;
    r.weights = f.weights;
    r.kv_type = f.kv;
    r.kv_type_v = f.kv_v;
    r.runtime = f.runtime;
    r.seqs = f.seqs;
    r.language = f.lang.empty() ? "en" : f.lang;
    r.page = f.page;
    r.flash_attn = !f.no_flash_attn;
    r.swa_full = f.swa_full;
    r.ubatch = f.ubatch;
    return r;
}

}  // namespace contextfit::cli
