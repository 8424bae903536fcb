// Placement across devices, checked against llama.cpp's and vLLM's rules worked by hand (arithmetic in each
// comment; per-layer sizes from the model cards' dimensions; 1 GiB = 2^30 B).
#include "placement.h"

#include <gtest/gtest.h>

#include "test_assets.h"

namespace contextfit {
namespace {

PlacementRequest request(const char* model, const char* weights, std::vector<const char*> hardware, uint64_t ctx,
                         Runtime runtime = Runtime::llama_cpp) {
    PlacementRequest r;
    r.model = &test::model(model);
    r.weights = *test::assets().formats.lookup(weights).value();
    r.options.kv.runtime = runtime;
    r.ctx = ctx;
    for (const char* spec : hardware) r.hardware.push_back(parse_hardware_spec(test::hardware(), spec).value());
    return r;
}

Result<Placement> placed(const PlacementRequest& r) { return place(r, test::assets().strings, "en"); }

// Llama 3.1 70B Q4_K_M (42.7 GB) on one RTX 4090 + an EPYC: the GPU takes the LAST blocks until it is full.
//   block: attention 2 x 8192^2 + 2 x 8192 x 1024 = 150,994,944; FFN 3 x 8192 x 28672 = 704,643,072;
//          2 norms 16,384 -> 855,654,400 params x 4.84 / 8 = 517.67 MB
//   KV at 8192 cells, f16: 8192 x 2 x 1024 x 2 B = 33.55 MB per block
//   compute buffer: 512 x (128256 + 2 x 8192) x 4 B = 296.2 MB (logits phase, core/memory.h)
//   capacity 24 GiB = 25,769.8 MB: k blocks fit while k x 551.22 + 296.2 <= 25,769.8 -> k = 46
//   (-ngl 46 <= n_layer keeps the output layer in RAM: il_out - i_gpu_start = 46 >= act_gpu_layers = 46)
TEST(LlamaCppPlacement, GpuTakesTheLastBlocksUntilFull) {
    Result<Placement> p = placed(request("llama-3.1-70b", "q4_k_m", {"rtx-4090", "epyc-9654"}, 8192));
    ASSERT_TRUE(p.ok()) << p.error().message;
    EXPECT_EQ(p->n_gpu_layers, 46u);
    ASSERT_EQ(p->devices.size(), 2u);
    const DevicePlacement& gpu = p->devices[0];
    const DevicePlacement& ram = p->devices[1];
    EXPECT_EQ(gpu.device.id, "rtx-4090");
    EXPECT_DOUBLE_EQ(gpu.layers, 46);
    EXPECT_DOUBLE_EQ(ram.layers, 34);
    EXPECT_FALSE(gpu.output_layer);
    EXPECT_TRUE(ram.output_layer);
    EXPECT_NEAR(double(gpu.kv_bytes), 46 * 33554432.0, 1e3);  // each block's KV lives with its block
    EXPECT_EQ(p->fills_first, 0);                            // RAM is not limited (not given)
    EXPECT_TRUE(p->fits);
}

// Two RTX 3090s, -ngl 33 (all 32 blocks + output), --tensor-split 1,1: split points [0.5, 1];
// block il goes to GPU 0 while il / 33 < 0.5, i.e. il <= 16: GPU 0 gets 17 blocks, GPU 1 the other 15 + output.
TEST(LlamaCppPlacement, TensorSplitFollowsUpperBound) {
    PlacementRequest r = request("llama-3.1-8b", "q4_k_m", {"rtx-3090:2"}, 4096);
    r.placement.n_gpu_layers = 33;
    r.placement.tensor_split = {1, 1};
    Result<Placement> p = placed(r);
    ASSERT_TRUE(p.ok()) << p.error().message;
    ASSERT_GE(p->devices.size(), 2u);
    EXPECT_DOUBLE_EQ(p->devices[0].layers, 17);
    EXPECT_DOUBLE_EQ(p->devices[1].layers, 15);
    EXPECT_TRUE(p->devices[1].output_layer);
    EXPECT_GT(p->devices[0].buffer_bytes, 0u);  // each GPU has its own compute buffer
    EXPECT_EQ(p->devices[0].buffer_bytes, p->devices[1].buffer_bytes);
}

// All-zero ratios fall back to the split by memory, as llama.cpp does; equal GPUs then split as 1,1 does.
TEST(LlamaCppPlacement, ZeroTensorSplitMeansByMemory) {
    PlacementRequest r = request("llama-3.1-8b", "q4_k_m", {"rtx-3090:2"}, 4096);
    r.placement.n_gpu_layers = 33;
    r.placement.tensor_split = {0, 0};
    Result<Placement> p = placed(r);
    ASSERT_TRUE(p.ok()) << p.error().message;
    EXPECT_DOUBLE_EQ(p->devices[0].layers, 17);
}

TEST(Placement, RejectsAbsurdClusters) {
    PlacementRequest r = request("llama-3.1-8b", "bf16", {"h100-sxm:4096"}, 4096, Runtime::vllm);
    r.placement.nodes = 1024;
    Result<Placement> p = placed(r);
    ASSERT_FALSE(p.ok());
    EXPECT_NE(p.error().message.find("at most 65,536"), std::string::npos) << p.error().message;
}

TEST(LlamaCppPlacement, TensorSplitNeedsOneRatioPerGpu) {
    PlacementRequest r = request("llama-3.1-8b", "q4_k_m", {"rtx-3090:2"}, 4096);
    r.placement.tensor_split = {1, 1, 1};
    Result<Placement> p = placed(r);
    ASSERT_FALSE(p.ok());
    EXPECT_NE(p.error().message.find("3 ratios for 2 GPUs"), std::string::npos) << p.error().message;
}

// --cpu-moe on Qwen3-30B-A3B Q4_K_M: every block's routed experts stay in RAM.
//   experts per block: 128 x 3 x 2048 x 768 = 603,979,776 params x 4.84 / 8 = 365.41 MB; x 48 = 17,539.8 MB
//   plus the input embedding in RAM: 151936 x 2048 x 4.84 / 8 = 188.26 MB -> 17,728.1 MB
TEST(LlamaCppPlacement, CpuMoeKeepsExpertsInRam) {
    PlacementRequest r = request("qwen3-30b-a3b", "q4_k_m", {"rtx-4090", "epyc-9654"}, 4096);
    r.placement.cpu_moe = true;
    r.placement.n_gpu_layers = 99;
    Result<Placement> p = placed(r);
    ASSERT_TRUE(p.ok()) << p.error().message;
    ASSERT_EQ(p->devices.size(), 2u);
    EXPECT_DOUBLE_EQ(p->devices[0].layers, 48);
    EXPECT_DOUBLE_EQ(p->devices[1].layers, 0);
    EXPECT_NEAR(double(p->devices[1].weights_bytes), 17728.1e6, 17728.1e6 * 0.001);
}

// --n-cpu-moe 10 moves exactly ten blocks' experts: 10 x 365.41 MB more in RAM than with none.
TEST(LlamaCppPlacement, NCpuMoeCountsBlocksFromTheFirst) {
    PlacementRequest r = request("qwen3-30b-a3b", "q4_k_m", {"rtx-4090", "epyc-9654"}, 4096);
    r.placement.n_gpu_layers = 99;
    Result<Placement> none = placed(r);
    r.placement.n_cpu_moe = 10;
    Result<Placement> ten = placed(r);
    ASSERT_TRUE(none.ok() && ten.ok());
    const double ram_none = none->devices.size() > 1 ? double(none->devices[1].weights_bytes) : 0;
    EXPECT_NEAR(double(ten->devices[1].weights_bytes) - ram_none, 3654.1e6, 3654.1e6 * 0.001);
}

// vLLM, Llama 3.1 70B BF16, 8 KV heads. TP 8 -> 1 head per GPU; TP 16 over two nodes -> still 1 (replicated),
// so the KV per token on each GPU stays 80 layers x 1 head x 128 x 2 (K, V) x 2 B = 40,960 B and only the
// halved weights free room:
//   per GPU: 80 GiB x 0.9 = 77.31 GB; weights 141.1 GB / 8 = 17.64 GB (TP 8) or 8.82 GB (TP 16);
//   buffers ~3.26 GB (activation 8192 x 26.8 x 8192 B + 0.35 GiB non-torch + 1 GiB CUDA graphs, core/memory.h)
//   TP 8: (77.31 - 17.64 - 3.26) / 40,960 = 1.377 M tokens; TP 16: (77.31 - 8.82 - 3.26) / 40,960 = 1.593 M
//   -> twice the GPUs give x1.16 the context, not x2.
TEST(VllmPlacement, KvHeadsReplicatePastTheirCount) {
    PlacementRequest one = request("llama-3.1-70b", "bf16", {"h100-sxm:8"}, 8192, Runtime::vllm);
    PlacementRequest two = one;
    two.placement.nodes = 2;
    two.placement.tensor_parallel_size = 16;
    two.placement.pipeline_parallel_size = 1;
    Result<Placement> p8 = placed(one), p16 = placed(two);
    ASSERT_TRUE(p8.ok()) << p8.error().message;
    ASSERT_TRUE(p16.ok()) << p16.error().message;
    EXPECT_EQ(p8->tensor_parallel_size, 8u);
    EXPECT_EQ(p8->kv_heads_per_gpu, 1u);
    EXPECT_EQ(p16->kv_heads_per_gpu, 1u);
    EXPECT_NEAR(double(p8->tokens_memory_limit), 1.377e6, 1.377e6 * 0.01);
    EXPECT_NEAR(double(p16->tokens_memory_limit), 1.593e6, 1.593e6 * 0.01);
    EXPECT_EQ(p16->devices[0].count, 16u);
}

// TP 4 keeps two of the 8 KV heads per GPU: 80 x 2 x 128 x 2 x 2 B = 81,920 B per token on each GPU.
TEST(VllmPlacement, FewerRanksSplitTheHeads) {
    PlacementRequest r = request("llama-3.1-70b", "bf16", {"h100-sxm:4"}, 8192, Runtime::vllm);
    Result<Placement> p = placed(r);
    ASSERT_TRUE(p.ok()) << p.error().message;
    EXPECT_EQ(p->kv_heads_per_gpu, 2u);
    // 8192 tokens (512 blocks of 16) x 81,920 B = 671,088,640 B on each GPU.
    EXPECT_NEAR(double(p->devices[0].kv_bytes), 671088640.0, 1e3);
    // weights: 141.1 GB / 4 = 35.3 GB per GPU
    EXPECT_NEAR(double(p->devices[0].weights_bytes), 35.28e9, 0.1e9);
}

TEST(VllmPlacement, RejectsMixedGpusAndTooFewGpus) {
    Result<Placement> mixed = placed(request("llama-3.1-8b", "bf16", {"h100-sxm", "a100-80g-sxm"}, 4096, Runtime::vllm));
    ASSERT_FALSE(mixed.ok());
    EXPECT_NE(mixed.error().message.find("identical GPUs"), std::string::npos);
    PlacementRequest r = request("llama-3.1-8b", "bf16", {"h100-sxm:2"}, 4096, Runtime::vllm);
    r.placement.tensor_parallel_size = 4;
    Result<Placement> few = placed(r);
    ASSERT_FALSE(few.ok());
    EXPECT_NE(few.error().message.find("needs more GPUs than the 2 listed"), std::string::npos);
}

// Apple M2 Ultra, 192 GiB, GPU limit 75 % = 144 GiB: Llama 3.1 70B Q4_K_M (42.7 GB) fits in the GPU's share.
TEST(UnifiedPlacement, OnePoolWithTheOsLimit) {
    Result<Placement> p = placed(request("llama-3.1-70b", "q4_k_m", {"apple-m2-ultra"}, 8192));
    ASSERT_TRUE(p.ok()) << p.error().message;
    EXPECT_EQ(p->devices[0].capacity_bytes, 144ull << 30);
    EXPECT_EQ(p->n_gpu_layers, 81u);
    EXPECT_TRUE(p->fits);
    ASSERT_FALSE(p->notes.empty());
    EXPECT_NE(p->notes[0].find("75 %"), std::string::npos) << p->notes[0];
}

// A 64 GiB M2 Ultra: the GPU may wire 48 GiB; Llama 3.1 70B Q4_K_M (42.7 GB = 39.8 GiB) + KV + buffers fit in it.
TEST(UnifiedPlacement, GivenRamIsThePool) {
    PlacementRequest r = request("llama-3.1-70b", "q4_k_m", {"apple-m2-ultra"}, 8192);
    r.ram_bytes = 64ull << 30;
    Result<Placement> p = placed(r);
    ASSERT_TRUE(p.ok()) << p.error().message;
    EXPECT_EQ(p->devices[0].capacity_bytes, 48ull << 30);
    EXPECT_TRUE(p->devices[0].total() < (48ull << 30));
}

// DGX Spark lets the GPU use the whole pool: the embedding table on the CPU side shares it and still fits.
TEST(UnifiedPlacement, WholePoolForTheGpu) {
    Result<Placement> p = placed(request("llama-3.1-8b", "q4_k_m", {"dgx-spark"}, 8192));
    ASSERT_TRUE(p.ok()) << p.error().message;
    EXPECT_EQ(p->devices[0].capacity_bytes, 128ull << 30);
    EXPECT_TRUE(p->fits);
}

// A model whose parameters cannot be counted from dimensions (hybrid SSM MoE) still places all its weights:
// Jamba 1.5 Mini at Q8_0 holds its nominal parameters x 8.5 / 8 bytes, less the embedding's share.
TEST(LlamaCppPlacement, NominalParametersWhenUncounted) {
    const ModelSpec& m = test::model("jamba-1.5-mini");
    Result<Placement> p = placed(request("jamba-1.5-mini", "q8_0", {"epyc-9654"}, 4096));
    ASSERT_TRUE(p.ok()) << p.error().message;
    const double expected = double(m.n_params) * 8.5 / 8;  // within 1 %: rounding of blocks and the output copy
    EXPECT_NEAR(double(p->devices[0].weights_bytes), expected, expected * 0.01);
    EXPECT_LT(p->devices[0].active_weights_bytes, 0.5 * expected);  // 12B of 52B active
}

// Given RAM: DeepSeek-V3 Q4_K_M (406 GB) does not fit 256 GiB of RAM beside one RTX 4090.
TEST(LlamaCppPlacement, ReportsWhatDoesNotFit) {
    PlacementRequest r = request("deepseek-v3", "q4_k_m", {"rtx-4090", "epyc-9654"}, 8192);
    r.ram_bytes = 256ull << 30;
    Result<Placement> p = placed(r);
    ASSERT_TRUE(p.ok()) << p.error().message;
    EXPECT_FALSE(p->fits);
    EXPECT_EQ(p->fills_first, 1);  // system RAM overflows first
}

}  // namespace
}  // namespace contextfit
