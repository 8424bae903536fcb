#include "placement.h"

#include <algorithm>
#include <cmath>

#include "kv_cache.h"
#include "params.h"

namespace contextfit {
namespace {

// A message in the reader's language (the placement_error_* templates).
Error invalid(const Words& w, const char* key, const Substitutions& subs = {}) {
    return make_error(ErrorCode::invalid_input, w(key, subs));
}

constexpr uint64_t max_device_units = 65536;  // GPUs x nodes: far above any cluster one machine plans for

// Bytes and parameters of one block of each kind, and of the output layer.
struct LayerSizes {
    uint32_t n_layer = 0, n_dense = 0;       // blocks 0..n_dense-1 are dense (DeepSeek's leading dense blocks)
    double dense_bytes = 0, moe_bytes = 0, expert_bytes = 0;
    double dense_params = 0, moe_params = 0, expert_params = 0;
    double expert_used_fraction = 0;        // n_expert_used / n_expert
    double output_bytes = 0, output_params = 0;
    double kv_bytes = 0;                    // KV per block at the request's context (average over blocks)
    double full_fraction = 0, swa_fraction = 0;  // share of blocks attending globally / in a window
};

LayerSizes layer_sizes(const ModelSpec& m, const WeightFormat& f, uint64_t kv_total) {
    LayerSizes s;
    s.n_layer = m.n_layer;
    const double body = f.bits_per_weight / 8, embd = f.embedding_bits / 8;
    const double vocab_matrix = double(m.n_vocab) * m.n_embd;
    // A tied output reuses the embedding table; llama.cpp loads a copy on the output's device
    // (TENSOR_DUPLICATED in src/llama-model.cpp), so it is counted there either way.
    s.output_params = vocab_matrix;
    s.output_bytes = vocab_matrix * embd;
    if (Result<ParamCount> c = count_params(m)) {
        const bool moe = m.moe.n_expert > 0;
        s.n_dense = moe ? m.moe.n_layer_dense : m.n_layer;
        s.dense_params = double(c->layer_dense);
        s.moe_params = double(c->layer_moe);
        s.expert_params = double(c->layer_experts);
        s.expert_used_fraction = moe ? double(m.moe.n_expert_used) / m.moe.n_expert : 0;
    } else {
        // Recurrent or incompletely described models: the nominal parameters spread evenly over the blocks; a
        // MoE among them reads its active share of each block, as if the whole block were experts.
        const double per_block = double(m.n_params - std::min(m.n_params, m.n_params_embedding)) / m.n_layer;
        const bool moe = m.n_params_active > 0 && m.n_params_active < m.n_params;
        s.n_dense = moe ? 0 : m.n_layer;
        (moe ? s.expert_params : s.dense_params) = per_block;
        s.expert_used_fraction = moe ? double(m.n_params_active) / double(m.n_params) : 0;
    }
    s.dense_bytes = s.dense_params * body;
    s.moe_bytes = s.moe_params * body;
    s.expert_bytes = s.expert_params * body;
    s.kv_bytes = double(kv_total) / m.n_layer;
    s.full_fraction = double(m.n_layer_full) / m.n_layer;
    s.swa_fraction = double(m.n_layer_swa) / m.n_layer;
    return s;
}

// Adds block il (or the output layer, il == n_layer) to a device; experts_in_ram sends its routed experts
// to `ram` instead.
void add_block(const LayerSizes& s, uint32_t il, DevicePlacement& d, DevicePlacement& ram, bool experts_in_ram) {
    if (il == s.n_layer) {
        d.output_layer = true;
        d.weights_bytes += uint64_t(s.output_bytes);
        d.active_weights_bytes += s.output_bytes;
        d.active_params += s.output_params;
        return;
    }
    d.layers += 1;
    d.kv_bytes += uint64_t(s.kv_bytes);
    d.full_layers += s.full_fraction;
    d.swa_layers += s.swa_fraction;
    if (il < s.n_dense) {
        d.weights_bytes += uint64_t(s.dense_bytes);
        d.active_weights_bytes += s.dense_bytes;
        d.active_params += s.dense_params;
        return;
    }
    d.weights_bytes += uint64_t(s.moe_bytes);
    d.active_weights_bytes += s.moe_bytes;
    d.active_params += s.moe_params;
    DevicePlacement& e = experts_in_ram ? ram : d;
    e.weights_bytes += uint64_t(s.expert_bytes);
    e.active_weights_bytes += s.expert_bytes * s.expert_used_fraction;
    e.active_params += s.expert_params * s.expert_used_fraction;
}

void clear_contents(DevicePlacement& d) {
    d.weights_bytes = d.kv_bytes = d.buffer_bytes = 0;
    d.layers = d.active_weights_bytes = d.active_params = d.full_layers = d.swa_layers = 0;
    d.output_layer = false;
}

bool within(const DevicePlacement& d) { return d.capacity_bytes == 0 || d.total() <= d.capacity_bytes; }

// Cumulative split points over the GPUs: --tensor-split ratios or each GPU's memory (llama.cpp default).
std::vector<double> split_points(const std::vector<DevicePlacement>& gpus, const std::vector<double>& ratios) {
    std::vector<double> points;
    double sum = 0;
    for (size_t i = 0; i < gpus.size(); ++i) {
        sum += ratios.empty() ? double(gpus[i].capacity_bytes) : ratios[i];
        points.push_back(sum);
    }
    for (double& p : points) p /= sum;
    return points;
}

struct LlamaCppLayout {
    std::vector<DevicePlacement> gpus;
    DevicePlacement ram;
};

// llama.cpp's assignment for one -ngl value (src/llama-model.cpp load_tensors, get_layer_buft_list).
void assign_llama_cpp(const LayerSizes& s, uint32_t ngl, const std::vector<double>& splits, uint32_t n_cpu_moe,
                      uint64_t compute_bytes, uint64_t host_bytes, uint64_t embedding_bytes, LlamaCppLayout& l) {
    for (DevicePlacement& g : l.gpus) clear_contents(g);
    clear_contents(l.ram);
    const uint32_t i_gpu_start = ngl >= s.n_layer ? 0 : s.n_layer - ngl;
    const uint32_t act_gpu_layers = l.gpus.empty() ? 0 : std::min(ngl, s.n_layer + 1);
    for (uint32_t il = 0; il <= s.n_layer; ++il) {
        const bool on_cpu = il < i_gpu_start || il - i_gpu_start >= act_gpu_layers;
        DevicePlacement* d = &l.ram;
        if (!on_cpu) {
            const double at = double(il - i_gpu_start) / act_gpu_layers;
            const size_t g = size_t(std::upper_bound(splits.begin(), splits.end(), at) - splits.begin());
            d = &l.gpus[std::min(g, l.gpus.size() - 1)];
        }
        add_block(s, il, *d, l.ram, il < n_cpu_moe);
    }
    for (DevicePlacement& g : l.gpus)
        if (g.layers > 0 || g.output_layer) g.buffer_bytes = compute_bytes;
    l.ram.weights_bytes += embedding_bytes;  // the input embedding always stays on the CPU
    l.ram.buffer_bytes = host_bytes + (l.ram.layers > 0 ? compute_bytes : 0);
}

bool gpus_fit(const LlamaCppLayout& l) {
    return std::all_of(l.gpus.begin(), l.gpus.end(), [](const DevicePlacement& g) { return within(g); });
}

// The largest n in [0, top] with fits(n) (fits(0) holds: no GPU layers), by bisection: a GPU's bytes grow
// with -ngl, so the answer is where fitting stops. O(n_layer log n_layer) instead of a scan from the top.
template <class Fits>
uint32_t largest_fitting(uint32_t top, Fits fits) {
    uint32_t lo = 0, hi = top;
    while (lo < hi) {
        const uint32_t mid = lo + (hi - lo + 1) / 2;
        if (fits(mid)) lo = mid;
        else hi = mid - 1;
    }
    return lo;
}

uint64_t usable(const Device& d) {
    return static_cast<uint64_t>(std::floor(double(d.memory_bytes) * d.gpu_memory_fraction));
}

// System RAM: the CPU the user listed, or (a unified chip alone) the rest of that chip's pool.
Result<DevicePlacement> system_ram(const PlacementRequest& r, const std::vector<DevicePlacement>& gpus, const Words& w) {
    DevicePlacement ram;
    size_t cpus = 0;
    for (const DeviceCount& h : r.hardware)
        if (h.device.kind == DeviceKind::cpu) { ram.device = h.device; ++cpus; }
    if (cpus > 1) return invalid(w, "placement_error_cpus");
    const bool one_unified = cpus == 0 && gpus.size() == 1 && gpus[0].device.kind == DeviceKind::unified;
    if (cpus == 0) {
        ram.device = one_unified ? gpus[0].device : Device{};
        ram.device.kind = DeviceKind::cpu;
        if (!one_unified) { ram.device.id = "system-ram"; ram.device.name = w("placement_system_ram"); }
    }
    if (!one_unified && r.ram_bytes > 0)
        ram.capacity_bytes = r.ram_bytes > r.reserve_bytes ? r.ram_bytes - r.reserve_bytes : 1;
    return ram;
}

std::vector<DevicePlacement> gpu_units(const PlacementRequest& r, uint32_t nodes) {
    std::vector<DevicePlacement> gpus;
    for (uint32_t n = 0; n < nodes; ++n)
        for (const DeviceCount& h : r.hardware) {
            if (h.device.kind == DeviceKind::cpu) continue;
            for (uint32_t i = 0; i < h.count; ++i) {
                DevicePlacement g;
                g.device = h.device;
                // A unified chip's memory is the configuration the user has, when given (presets carry the largest).
                if (h.device.kind == DeviceKind::unified && r.ram_bytes > 0) g.device.memory_bytes = r.ram_bytes;
                g.capacity_bytes = usable(g.device);
                gpus.push_back(g);
            }
        }
    return gpus;
}

Result<Placement> place_llama_cpp(const PlacementRequest& r, const LayerSizes& s, const MemoryBreakdown& at_ctx,
                                  const Words& w) {
    LlamaCppLayout l;
    l.gpus = gpu_units(r, 1);
    Result<DevicePlacement> ram = system_ram(r, l.gpus, w);
    if (!ram) return ram.error();
    l.ram = *ram;
    const PlacementOptions& o = r.placement;
    if (!o.tensor_split.empty() && o.tensor_split.size() != l.gpus.size())
        return invalid(w, "placement_error_split_count",
                       {{"n", std::to_string(o.tensor_split.size())}, {"gpus", std::to_string(l.gpus.size())}});
    for (double x : o.tensor_split)
        if (!(x >= 0 && x <= 1e6)) return invalid(w, "placement_error_split_ratio");
    // All-zero ratios mean "by memory", as in llama.cpp (tensor_split all zero -> default split).
    const bool by_memory = std::all_of(o.tensor_split.begin(), o.tensor_split.end(), [](double x) { return x == 0; });
    const std::vector<double> splits = split_points(l.gpus, by_memory ? std::vector<double>{} : o.tensor_split);
    const uint32_t n_cpu_moe = o.cpu_moe ? s.n_layer : std::min(o.n_cpu_moe, s.n_layer);
    const uint64_t embedding = uint64_t(double(r.model->n_vocab) * r.model->n_embd * r.weights.embedding_bits / 8);
    auto assign = [&](uint32_t ngl) {
        assign_llama_cpp(s, ngl, splits, n_cpu_moe, at_ctx.compute_bytes, at_ctx.output_bytes, embedding, l);
    };
    Placement p;
    p.runtime = Runtime::llama_cpp;
    if (o.n_gpu_layers) {
        p.n_gpu_layers = std::min(*o.n_gpu_layers, s.n_layer + 1);
        assign(p.n_gpu_layers);
    } else {
        p.n_gpu_layers = l.gpus.empty() ? 0 : largest_fitting(s.n_layer + 1, [&](uint32_t ngl) {
            assign(ngl);
            return gpus_fit(l);
        });
        assign(p.n_gpu_layers);
    }
    const bool one_pool = l.gpus.size() == 1 && l.gpus[0].device.kind == DeviceKind::unified &&
                          l.ram.device.id == l.gpus[0].device.id;
    if (one_pool)  // the CPU side of a unified chip has what the GPU side does not use
        l.ram.capacity_bytes = std::max<uint64_t>(l.gpus[0].device.memory_bytes - std::min(l.gpus[0].total(), l.gpus[0].device.memory_bytes), 1);
    p.devices = l.gpus;
    if (l.ram.total() > 0) p.devices.push_back(l.ram);
    p.trace.push_back({"n_gpu_layers",
                       w(o.n_gpu_layers ? "placement_trace_ngl_given" : "placement_trace_ngl_fit",
                         {{"ngl", std::to_string(p.n_gpu_layers)}, {"total", std::to_string(s.n_layer + 1)}}),
                       "llama.cpp src/llama-model.cpp load_tensors (i_gpu_start, act_gpu_layers)"});
    if (n_cpu_moe > 0)
        p.trace.push_back({"n_cpu_moe", w("placement_trace_cpu_moe", {{"last", std::to_string(n_cpu_moe - 1)}}),
                           "llama.cpp common/arg.cpp --n-cpu-moe, --cpu-moe (ffn_(up|down|gate)_exps)"});
    return p;
}

Result<Placement> place_vllm(const PlacementRequest& r, const LayerSizes& s, uint64_t weights_total, const Words& w) {
    const PlacementOptions& o = r.placement;
    if (o.nodes == 0 || o.nodes > 1024) return invalid(w, "placement_error_nodes", {{"n", std::to_string(o.nodes)}});
    std::vector<DevicePlacement> gpus = gpu_units(r, o.nodes);
    if (gpus.empty()) return invalid(w, "placement_error_vllm_no_gpu");
    for (const DevicePlacement& g : gpus)
        if (g.device.id != gpus[0].device.id)
            return invalid(w, "placement_error_vllm_mixed", {{"a", gpus[0].device.id}, {"b", g.device.id}});
    const uint32_t per_node = uint32_t(gpus.size()) / o.nodes;
    const uint32_t tp = o.tensor_parallel_size ? o.tensor_parallel_size : per_node;
    const uint32_t pp = o.pipeline_parallel_size ? o.pipeline_parallel_size : o.nodes;
    if (uint64_t{tp} * pp > gpus.size() || pp > s.n_layer)
        return invalid(w, "placement_error_parallel", {{"n", std::to_string(uint64_t{tp} * pp)},
                                                    {"gpus", std::to_string(gpus.size())},
                                                    {"layers", std::to_string(s.n_layer)}});
    const ModelSpec& m = *r.model;
    Placement p;
    p.runtime = Runtime::vllm;
    p.tensor_parallel_size = tp;
    p.pipeline_parallel_size = pp;
    p.nodes = o.nodes;
    p.kv_heads_per_gpu = m.is_mla ? 1 : std::max(1u, m.n_head_kv / tp);

    DevicePlacement d = gpus[0];
    d.count = tp * pp;
    d.capacity_bytes = uint64_t(double(d.device.memory_bytes) * r.options.gpu_memory_utilization);
    d.weights_bytes = weights_total / (uint64_t{tp} * pp);
    d.layers = double(s.n_layer) / pp;
    d.kv_share = m.is_mla ? 1.0 : double(p.kv_heads_per_gpu) / m.n_head_kv;
    d.full_layers = s.full_fraction * d.layers;
    d.swa_layers = s.swa_fraction * d.layers;
    const double active_total = double(m.n_params_active) * r.weights.bits_per_weight / 8;
    d.active_weights_bytes = active_total / (double(tp) * pp);
    d.active_params = double(m.n_params_active) / (double(tp) * pp);
    const MemoryBreakdown overhead = memory_at(m, d.weights_bytes, 0, r.options);
    d.buffer_bytes = overhead.overhead_bytes();
    // KV per token on one GPU: its stage's layers, its share of the heads (vLLM rounds cells to 16-token blocks).
    KvOptions one = r.options.kv;
    one.n_seq = 1;
    constexpr uint64_t probe = uint64_t{1} << 16;
    const double kv_token_gpu = double(kv_size(m, probe, one).total()) / probe / pp * d.kv_share;
    const uint64_t budget = d.capacity_bytes > d.weights_bytes + d.buffer_bytes
                                ? d.capacity_bytes - d.weights_bytes - d.buffer_bytes : 0;
    p.tokens_memory_limit = kv_token_gpu > 0 ? uint64_t(double(budget) / kv_token_gpu) / 16 * 16 : 0;
    d.kv_bytes = uint64_t(kv_token_gpu * double(cells_for(r.ctx, Runtime::vllm)) * r.options.kv.n_seq);
    p.devices.push_back(d);
    p.trace.push_back({"kv_heads_per_gpu",
                       m.is_mla ? w("placement_trace_kv_heads_mla")
                                : w("placement_trace_kv_heads", {{"heads", std::to_string(m.n_head_kv)},
                                                                 {"tp", std::to_string(tp)},
                                                                 {"n", std::to_string(p.kv_heads_per_gpu)}}),
                       "vllm/model_executor/models/llama.py: num_kv_heads = max(1, total_num_kv_heads // tp_size)"});
    p.trace.push_back({"tokens_memory_limit",
                       w("placement_trace_tokens", {{"weights", w.count(d.weights_bytes)},
                                                    {"buffers", w.count(d.buffer_bytes)},
                                                    {"kv", w.count(uint64_t(std::llround(kv_token_gpu)))},
                                                    {"tokens", w.count(p.tokens_memory_limit)}}),
                       "vllm/v1/worker/gpu_worker.py determine_available_memory"});
    return p;
}

void finish(Placement& p) {
    double fullest = -1;
    p.fits = true;
    for (size_t i = 0; i < p.devices.size(); ++i) {
        const DevicePlacement& d = p.devices[i];
        if (!within(d)) p.fits = false;
        if (d.capacity_bytes > 0 && d.fill() > fullest) {
            fullest = d.fill();
            p.fills_first = int(i);
        }
    }
}

}  // namespace

double DevicePlacement::fill() const { return capacity_bytes ? double(total()) / double(capacity_bytes) : 0; }

Result<Placement> place(const PlacementRequest& r, const Strings& strings, const std::string& ui) {
    const Words w{strings, ui};
    if (!r.model) return invalid(w, "placement_error_no_model");
    if (r.hardware.empty()) return invalid(w, "placement_error_no_hardware");
    uint64_t units = 0;
    for (const DeviceCount& h : r.hardware) units += uint64_t{h.count} * std::max(r.placement.nodes, 1u);
    if (units > max_device_units)
        return invalid(w, "placement_error_units", {{"n", std::to_string(units)}, {"max", std::to_string(max_device_units)}});
    const ModelSpec& m = *r.model;
    const uint64_t weights_total = weights_bytes(m, r.weights);
    const MemoryBreakdown at_ctx = memory_at(m, weights_total, r.ctx, r.options);
    const LayerSizes s = layer_sizes(m, r.weights, at_ctx.kv.total());
    Result<Placement> p = r.options.kv.runtime == Runtime::vllm ? place_vllm(r, s, weights_total, w)
                                                                : place_llama_cpp(r, s, at_ctx, w);
    if (!p) return p;
    for (const DevicePlacement& d : p->devices)
        if (d.device.kind == DeviceKind::unified)
            p->notes.push_back(w("placement_note_unified",
                                 {{"device", d.device.name},
                                  {"percent", strings.real(d.device.gpu_memory_fraction * 100, 0, ui)}}));
    if (r.ram_bytes == 0 && r.options.kv.runtime != Runtime::vllm) p->notes.push_back(w("placement_note_ram_assumed"));
    finish(p.value());
    return p;
}

}  // namespace contextfit
