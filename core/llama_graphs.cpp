#include "llama_graphs.h"

#include <algorithm>
#include <array>
#include <numeric>
#include <vector>

#include "graph_alloc.h"

namespace contextfit {
namespace {

constexpr uint64_t f32 = 4;
constexpr uint64_t f16 = 2;

bool quantized(KvType t) { return kv_type_info(t).block_size > 1; }

// llama.cpp rotates a quantized cache's K and V by Walsh-Hadamard matrices, graph inputs of f32 (src/llama-kv-cache.cpp
// attn_rot_k / attn_rot_v, build_input_k_rot / build_input_v_rot): only for a head size that is a multiple of 64;
// K's matrix is the largest power of two from 64 up that divides the head size, V's is always 64 x 64.
uint64_t k_rotation_bytes(const ModelSpec& m, const RuntimeOptions& o) {
    if (!quantized(o.kv.type_k) || m.n_embd_head_k == 0 || m.n_embd_head_k % 64 != 0) return 0;
    uint64_t n = 64;
    while (m.n_embd_head_k % (2 * n) == 0) n *= 2;
    return n * n * f32;
}
uint64_t v_rotation_bytes(const ModelSpec& m, const RuntimeOptions& o) {
    return quantized(o.kv.type_v) && m.n_embd_head_v % 64 == 0 && m.n_embd_head_v > 0 ? 64 * 64 * f32 : 0;
}

// A replay's tensors: named slots, each placed by ggml-alloc's allocator while it is live.
class Replay {
public:
    explicit Replay(size_t slots) : live_(slots) {}
    void alloc(int slot, uint64_t bytes) { live_[slot] = {heap_.alloc(bytes), bytes}; }
    void release(int slot) { heap_.free(live_[slot].offset, live_[slot].bytes); }
    void rename(int to, int from) { live_[to] = live_[from]; }  // an op that wrote over its input
    // An op whose output (in `scratch`, then renamed `slot`) replaces its input `slot`; `also` is another input
    // whose last reader it is (-1: none), freed before `slot` as ggml-alloc frees an op's sources in order.
    void replace(int slot, int scratch, uint64_t bytes, int also = -1) {
        alloc(scratch, bytes);
        if (also >= 0) release(also);
        release(slot);
        rename(slot, scratch);
    }
    uint64_t peak() const { return heap_.peak(); }

    // Layers before the last `tail` free no graph input, so once a layer (from `first` on) starts with the heap
    // as it was `period` layers before and the layer's input in the same place, every layer up to the tail
    // repeats that period exactly, peak included. Returns the layer to go on with: il, or the one in the same
    // phase just before the tail. Call once at the start of every layer.
    // `also`: another tensor live across layers (-1: none), which must be in the same place too.
    uint32_t skip(uint32_t il, uint32_t n_layer, uint32_t period, uint32_t tail, int input, uint32_t first = 0,
                  int also = -1) {
        if (seen_.size() != period) {
            seen_.assign(period, heap_);
            seen_input_.assign(period, {~uint64_t{0}, ~uint64_t{0}});
        }
        const std::array<uint64_t, 2> where{live_[input].offset, also >= 0 ? live_[also].offset : 0};
        if (il >= first + period && il + tail <= n_layer && heap_.same_free_blocks(seen_[il % period]) &&
            where == seen_input_[il % period])
            il += (n_layer - tail - il) / period * period;
        seen_[il % period] = heap_;
        seen_input_[il % period] = where;
        return il;
    }

private:
    struct Live {
        uint64_t offset = 0, bytes = 0;
    };
    GraphAllocator heap_;
    std::vector<Live> live_;
    std::vector<GraphAllocator> seen_;
    std::vector<std::array<uint64_t, 2>> seen_input_;
};

// A layer's tensor sizes for one ubatch, in bytes: a row of n_embd, the query, attention output, K and V.
struct Widths {
    uint64_t row, q, o, k, v;
    Widths(const ModelSpec& m, uint64_t ub)
        : row(uint64_t{m.n_embd} * ub * f32),
          q(uint64_t{m.n_head} * m.n_embd_head_k * ub * f32),
          o(uint64_t{m.n_head} * m.n_embd_head_v * ub * f32),
          k(uint64_t{m.n_head_kv} * m.n_embd_head_k * ub * f32),
          v(uint64_t{m.n_head_kv} * m.n_embd_head_v * ub * f32) {}
};

// One KV cache's graph inputs, in the graph's order: a quantized cache's K rotation matrix, then the per-token
// input the graph reads there (the positions, or Llama 4's attention scale; -1: none), V's rotation matrix, the K
// and V cell indices and the mask. Without flash attention V is stored transposed, one 8-byte index per value, and
// the mask stays f32.
struct CacheInputs {
    int k_rot, between, v_rot, k_idxs, v_idxs, mask;
};
void cache_inputs(Replay& r, const Widths& w, uint64_t ub, uint64_t cells, bool flash_attn, const CacheInputs& s,
                  uint64_t k_rotation, uint64_t v_rotation) {
    if (k_rotation) r.alloc(s.k_rot, k_rotation);
    if (s.between >= 0) r.alloc(s.between, ub * 4);
    if (v_rotation) r.alloc(s.v_rot, v_rotation);
    r.alloc(s.k_idxs, ub * 8);
    r.alloc(s.v_idxs, flash_attn ? ub * 8 : w.v * 2);
    r.alloc(s.mask, cells * ub * (flash_attn ? f16 : f32));
}

// The inputs of a graph with one KV cache, which ggml-alloc places first, in the graph's order: token ids, the
// embeddings input (unused with tokens, never freed), positions, the cache's K and V indices and mask, the rows
// kept for the logits; then the token embeddings, the first layer's input, after which the ids are freed. Without
// flash attention V is stored transposed, one 8-byte index per value, and the mask stays f32.
// A quantized cache's rotation matrices come around the positions (k_rotation_bytes, v_rotation_bytes; 0: none).
enum InputSlot { tokens, inp_embd, k_rot, positions, v_rot, k_idxs, v_idxs, mask, out_ids, inp, first_layer_slot };
void single_cache_inputs(Replay& r, const Widths& w, uint64_t ub, uint64_t cells, bool flash_attn,
                         uint64_t k_rotation = 0, uint64_t v_rotation = 0, uint64_t outputs = 0) {
    r.alloc(tokens, ub * 4);
    r.alloc(inp_embd, w.row);
    cache_inputs(r, w, ub, cells, flash_attn, {k_rot, positions, v_rot, k_idxs, v_idxs, mask}, k_rotation, v_rotation);
    r.alloc(out_ids, (outputs ? outputs : ub) * 4);
    r.alloc(inp, w.row);
    r.release(tokens);
}

// The reserve's ubatch: n_ubatch tokens rounded up to a multiple of the sequences (src/llama-context.cpp
// graph_reserve makes every sequence as long), of which n_ubatch rows are kept for the logits (its n_outputs):
// three sequences at n_ubatch 512 run 513 tokens and keep 512 rows.
struct Ubatch {
    uint64_t tokens, outputs;
};
Ubatch reserve_ubatch(const RuntimeOptions& o) {
    const uint64_t seqs = std::max<uint32_t>(o.kv.n_seq, 1), ub = o.kv.n_ubatch;
    return {(ub + seqs - 1) / seqs * seqs, ub};
}

// llama.cpp's gated FFN (src/llama-graph.cpp build_ffn, and build_moe_ffn's experts where their input has no
// later reader): the gate and up projections of `input`, which is freed after the second, their product, then
// the down projection into `out`.
void gated_ffn(Replay& r, int input, int out, int gate, int up, int product, uint64_t width, uint64_t out_bytes) {
    r.alloc(gate, width);
    r.alloc(up, width);
    r.release(input);
    r.alloc(product, width);
    r.release(gate);
    r.release(up);
    r.alloc(out, out_bytes);
    r.release(product);
}

// The attention output is added in place to the residual into `ffn_inp`. The last layer first gathers the rows
// whose logits are kept (inp_out_ids) from both; `spare` is a free slot for the residual's rows.
void add_residual(Replay& r, bool last, int attn_out, int residual, int out_ids, int ffn_inp, int spare, uint64_t row) {
    if (!last) {
        r.rename(ffn_inp, attn_out);
        r.release(residual);
        return;
    }
    r.alloc(ffn_inp, row);
    r.release(attn_out);
    r.alloc(spare, row);
    r.release(residual);
    r.release(out_ids);
    r.release(spare);
}

// llama.cpp's attention over the cache (src/llama-graph.cpp build_attn_mha): with flash attention one fused op into
// `out`; without, the f32 KQ scores (`scores` bytes, soft-maxed in place), their product with V and its heads made
// contiguous, through `scratch`. The query `q` is freed after the scores (or the fused op), and `mask` too when this
// layer is its last reader (-1: not).
void attend(Replay& r, bool flash_attn, int q, int mask, int out, int scratch, uint64_t scores, uint64_t out_bytes) {
    if (flash_attn) {
        r.alloc(out, out_bytes);
        r.release(q);
        if (mask >= 0) r.release(mask);
        return;
    }
    r.alloc(scratch, scores);
    r.release(q);
    if (mask >= 0) r.release(mask);
    r.alloc(out, out_bytes);
    r.release(scratch);
    r.alloc(scratch, out_bytes);  // the heads made contiguous
    r.release(out);
    r.rename(out, scratch);
}

// build_moe_ffn's routed experts (src/llama-graph.cpp) for `t` tokens: the router's scores (soft-maxed or sigmoid in
// place, with `biased`, GLM-4.5's selection bias added beside them), their argsort, the chosen weights, normalised
// to sum 1 when `normalise` (their sum, clamped in place, divides them); the chosen experts' gated FFN of `input`,
// which is freed after the up projection unless a shared expert still reads it; their outputs weighted in place
// and summed into `out`.
struct ExpertSlots {
    int logits, biased, argsort, weights, weights_sum, weights_norm, gate, up, swiglu, down, out;
};
void routed_experts(Replay& r, const ModelSpec& m, const ExpertSlots& s, int input, bool keep_input, bool biased,
                    bool normalise, uint64_t t) {
    const uint64_t used = m.moe.n_expert_used, router = uint64_t{m.moe.n_expert} * t * f32;
    // A Mixtral or Granite GGUF gives the experts' width as feed_forward_length (ffn_values).
    const uint64_t experts = uint64_t{m.n_ff_exp ? m.n_ff_exp : m.n_ff} * used * t * f32;
    const uint64_t row = uint64_t{m.n_embd} * t * f32;
    r.alloc(s.logits, router);
    if (biased) r.alloc(s.biased, router);
    r.alloc(s.argsort, router);
    if (biased) r.release(s.biased);
    r.alloc(s.weights, used * t * f32);
    r.release(s.logits);
    int weights = s.weights;
    if (normalise) {
        r.alloc(s.weights_sum, t * f32);  // clamped in place
        r.alloc(s.weights_norm, used * t * f32);
        r.release(s.weights);
        r.release(s.weights_sum);
        weights = s.weights_norm;
    }
    r.alloc(s.gate, experts);
    r.alloc(s.up, experts);
    if (!keep_input) r.release(input);
    r.alloc(s.swiglu, experts);
    r.release(s.gate);
    r.release(s.up);
    r.alloc(s.down, row * used);
    r.release(s.swiglu);
    r.release(s.argsort);
    r.release(weights);  // the experts' outputs weighted in place
    r.alloc(s.out, row);  // their sum
    r.release(s.down);
}

// Attention's inputs as most graphs build them (src/llama-graph.cpp build_qkv): Q, then V and K (or K and V,
// `k_first`) projected; Q and K RoPEd (or normed per head) from reshaped views into tensors of their own; a quantized
// cache rotates Q and K after RoPE and V before it is stored (k_rotation, v_rotation: the rotation matrices' bytes,
// 0 for none); K and V stored in the cache. `norm` (-1: none) is freed after the last projection that reads it, when
// the graph keeps no residual of it. The last layer frees the positions (`frees_positions`), and the last layer that
// reads a cache its index inputs and K's rotation (`frees_cache`). Leaves the query in `q2`.
struct QkvSlots {
    int q, q2, k, k2, v, rotated, positions, k_idxs, v_idxs, k_rot;
};
void project_qkv(Replay& r, const Widths& w, const QkvSlots& s, int norm, bool k_first, bool frees_positions,
                 bool frees_cache, uint64_t k_rotation, uint64_t v_rotation) {
    r.alloc(s.q, w.q);
    r.alloc(s.q2, w.q);
    r.release(s.q);
    if (k_rotation) r.replace(s.q2, s.rotated, w.q);  // rotated like K
    const auto value = [&] {
        r.alloc(s.v, w.v);
        if (k_first && norm >= 0) r.release(norm);
        if (v_rotation) r.replace(s.v, s.rotated, w.v);
    };
    if (!k_first) value();
    r.alloc(s.k, w.k);
    if (!k_first && norm >= 0) r.release(norm);
    r.alloc(s.k2, w.k);
    r.release(s.k);
    if (frees_positions) r.release(s.positions);
    if (k_rotation) r.replace(s.k2, s.rotated, w.k, frees_cache ? s.k_rot : -1);
    if (k_first) value();
    r.release(s.k2);  // stored in the cache
    if (frees_cache) r.release(s.k_idxs);
    r.release(s.v);
    if (frees_cache) r.release(s.v_idxs);
}

// gpt-oss's graph (src/models/openai-moe.cpp: biased attention with sinks, every even layer a sliding window,
// biased MoE with SwiGLU-OAI; no dense layer), replayed through ggml-alloc's placement (graph_alloc.h) in the order
// llama.cpp v0.5.0 allocates and frees its tensors: traced with ggml-alloc.c's AT_PRINTF log for the reserve graph.
// Its peak is the logits, placed above the last layer's output wherever the layers' holes left it, so it moves
// with the mask's size and n_ubatch (8192 cells at n_ubatch 513: 436.12 MiB, 25.69 MiB above the logits and three
// rows; from 10752 cells on the logits sit three rows up: 410.43 MiB). Inputs go first, in the graph's order;
// an input is freed after its last use (the positions after the last layer's K rope, a cache's index and mask
// tensors after the last layer that uses that cache). Tensors an op writes in place (bias adds, residual adds,
// norms' weights, the expert weighting) are not separate. A quantized cache adds llama.cpp's Hadamard rotation
// (src/llama-kv-cache.cpp attn_rot_k/attn_rot_v: quantized type, head size a multiple of 64): a 64 x 64 input per
// cache, Q and K rotated before attention, V before it is stored and the output back after. Every figure this
// gives matched the engine's log to the byte (docs/accuracy.md, gpt-oss rows).
uint64_t gpt_oss_compute(const ModelSpec& m, uint64_t cells, uint64_t cells_swa, const RuntimeOptions& o) {
    enum Slot { tokens, inp_embd, positions, out_ids, inp, norm, q, q2, k, k2, v, v2, attn, attn2, ffn_inp, post_norm,
                logits, argsort, weights, softmax, gate, up, swiglu, down, moe_out, final_rows, result, per_cache };
    enum CacheSlot { k_idxs, v_idxs, mask, k_rot, v_rot, cache_slots };
    Replay r(per_cache + 2 * cache_slots);
    const auto cache_slot = [](int cache, int slot) { return per_cache + cache * cache_slots + slot; };

    const Ubatch batch = reserve_ubatch(o);
    const uint64_t ub = batch.tokens;
    const uint64_t k_rotation = k_rotation_bytes(m, o), v_rotation = v_rotation_bytes(m, o);
    const bool rot_v = v_rotation > 0;
    const Widths w(m, ub);
    const uint64_t router = uint64_t{m.moe.n_expert} * ub * f32;
    const uint64_t chosen = uint64_t{m.moe.n_expert_used} * ub * f32;
    const uint64_t experts = uint64_t{m.n_ff_exp} * m.moe.n_expert_used * ub * f32;
    // Cache 0 serves the sliding-window layers (even), cache 1 the full ones; each cache's inputs are freed after
    // the last layer that reads them.
    const uint32_t n_layer = m.n_layer;
    const int caches = n_layer > 1 ? 2 : 1;
    const std::array<uint64_t, 2> cache_cells{cells_swa ? cells_swa : cells, cells};
    const std::array<uint32_t, 2> last{(n_layer - 1) / 2 * 2, n_layer > 1 ? (n_layer - 2) / 2 * 2 + 1 : 0};

    r.alloc(tokens, ub * 4);
    r.alloc(inp_embd, w.row);  // the embeddings input of the graph, unused with tokens and never freed
    for (int c = 0; c < caches; ++c)
        cache_inputs(r, w, ub, cache_cells[c], o.flash_attn,
                     {cache_slot(c, k_rot), c == 0 ? positions : -1, cache_slot(c, v_rot), cache_slot(c, k_idxs),
                      cache_slot(c, v_idxs), cache_slot(c, mask)},
                     k_rotation, v_rotation);
    r.alloc(out_ids, batch.outputs * 4);
    r.alloc(inp, w.row);
    r.release(tokens);
    for (uint32_t il = 0; il < n_layer; ++il) {
        il = r.skip(il, n_layer, 2, 2, inp);
        const int c = caches == 2 ? static_cast<int>(il % 2) : 0;
        const bool last_of_cache = il == last[c];
        r.alloc(norm, w.row);
        project_qkv(r, w,
                    {q, q2, k, k2, v, v2, positions, cache_slot(c, k_idxs), cache_slot(c, v_idxs),
                     cache_slot(c, k_rot)},
                    norm, true, il == n_layer - 1, last_of_cache, k_rotation, v_rotation);
        attend(r, o.flash_attn, q2, last_of_cache ? cache_slot(c, mask) : -1, attn, attn2,
               uint64_t{m.n_head} * cache_cells[c] * ub * f32, w.o);
        if (o.flash_attn && rot_v)  // rotated back
            r.replace(attn, attn2, w.o, last_of_cache ? cache_slot(c, v_rot) : -1);
        r.alloc(ffn_inp, w.row);
        r.release(attn);
        r.release(inp);
        r.alloc(post_norm, w.row);
        r.alloc(logits, router);
        r.alloc(argsort, router);
        r.alloc(weights, chosen);
        r.release(logits);
        r.alloc(softmax, chosen);
        r.release(weights);
        gated_ffn(r, post_norm, down, gate, up, swiglu, experts, w.row * m.moe.n_expert_used);
        r.release(argsort);
        r.release(softmax);
        r.alloc(moe_out, w.row);
        r.release(down);
        r.release(ffn_inp);
        r.rename(inp, moe_out);  // the layer's output, the next layer's input
    }
    // The last layer's output stays (a graph output); the rows kept for the logits are gathered out of it.
    r.alloc(final_rows, uint64_t{m.n_embd} * batch.outputs * f32);
    r.release(out_ids);
    r.alloc(result, uint64_t{m.n_vocab} * batch.outputs * f32);
    return r.peak();
}

// DeepSeek-V2/V3's graph (src/models/deepseek2.cpp: MLA attending in the latent space, dense lead layers, then
// routed experts beside shared ones), replayed like gpt-oss's, in the order llama.cpp v0.5.0's reserve allocates
// and frees (ggml-alloc.c's AT_PRINTF log of DeepSeek-V2-Lite and of 5-layer DeepSeek-V3 files). The query is
// absorbed (q_nope x wk_b, concatenated with its RoPE part), the cache holds K only and attention reads V from it.
// The logits land above the last layer's output, wherever its holes put that: DeepSeek-V2-Lite prints 212.00 MiB
// up to 2048 cells and 240.26 at 4096, which no sum of phases gives. Only unquantized caches: a quantized one adds
// Hadamard rotations (the 576-value K head is a multiple of 64) that were not traced for this graph.
uint64_t deepseek2_compute(const ModelSpec& m, uint64_t cells, const RuntimeOptions& o) {
    enum Slot { tokens, inp_embd, positions, k_idxs, mask, out_ids, inp, norm, q_a, q, absorbed, q_pe, q_cat, kv_pe,
                kv_norm, k_pe, k_cat, v_cont, attn, attn_v, attn_cont, attn_out, rows, ffn_inp, ffn_norm, gate, up,
                swiglu, down, logits, argsort, weights, moe_out, sh_gate, sh_up, sh_swiglu, sh_out, result, slots };
    Replay r(slots);

    const Ubatch batch = reserve_ubatch(o);
    const uint64_t ub = batch.tokens, heads = m.n_head, rank = m.mla.kv_lora_rank, rope = m.mla.qk_rope_head_dim;
    const uint64_t row = uint64_t{m.n_embd} * ub * f32;
    const uint64_t used = m.moe.n_expert_used, n_ff_exp = m.n_ff_exp ? m.n_ff_exp : m.n_ff;
    const uint64_t v_head = m.mla.v_head_dim ? m.mla.v_head_dim : m.n_embd_head_v;
    const uint64_t k_value_bytes = kv_type_info(o.kv.type_k).block_bytes / kv_type_info(o.kv.type_k).block_size;
    const uint32_t n_layer = m.n_layer, n_dense = std::min(m.moe.n_layer_dense, n_layer);

    r.alloc(tokens, ub * 4);
    r.alloc(inp_embd, row);  // the graph's embeddings input, unused with tokens and never freed
    r.alloc(positions, ub * 4);
    r.alloc(k_idxs, ub * 8);
    r.alloc(mask, cells * ub * (o.flash_attn ? f16 : f32));
    r.alloc(out_ids, batch.outputs * 4);
    r.alloc(inp, row);
    r.release(tokens);
    for (uint32_t il = 0; il < n_layer; ++il) {
        il = r.skip(il, n_layer, 2, 2, inp, n_dense);
        const bool last = il == n_layer - 1;
        r.alloc(norm, row);
        if (m.mla.q_lora_rank) {
            r.alloc(q_a, uint64_t{m.mla.q_lora_rank} * ub * f32);  // normed in place
            r.alloc(q, heads * (m.mla.qk_nope_head_dim + rope) * ub * f32);
            r.release(q_a);
        } else {
            r.alloc(q, heads * (m.mla.qk_nope_head_dim + rope) * ub * f32);
        }
        r.alloc(absorbed, heads * rank * ub * f32);
        r.alloc(q_pe, heads * rope * ub * f32);
        r.release(q);
        r.alloc(q_cat, heads * (rank + rope) * ub * f32);
        r.release(absorbed);
        r.release(q_pe);
        r.alloc(kv_pe, (rank + rope) * ub * f32);
        r.release(norm);
        r.alloc(kv_norm, rank * ub * f32);
        r.alloc(k_pe, rope * ub * f32);
        r.release(kv_pe);
        if (last) r.release(positions);
        r.alloc(k_cat, (rank + rope) * ub * f32);
        r.release(kv_norm);
        r.release(k_pe);
        r.release(k_cat);  // stored in the cache
        if (last) r.release(k_idxs);
        if (o.flash_attn) {
            r.alloc(attn, heads * rank * ub * f32);
            r.release(q_cat);
            if (last) r.release(mask);
            r.alloc(attn_v, heads * v_head * ub * f32);  // x wv_b
            r.release(attn);
            r.alloc(attn_cont, heads * v_head * ub * f32);  // its heads made contiguous
            r.release(attn_v);
            r.rename(attn_v, attn_cont);
        } else {
            r.alloc(v_cont, cells * rank * k_value_bytes);  // the cache's latent part, transposed
            r.alloc(attn, heads * cells * ub * f32);        // KQ scores, soft-maxed in place
            r.release(q_cat);
            if (last) r.release(mask);
            r.alloc(attn_v, heads * rank * ub * f32);
            r.release(v_cont);
            r.release(attn);
            r.alloc(attn_cont, heads * v_head * ub * f32);
            r.release(attn_v);
            r.alloc(attn_v, heads * v_head * ub * f32);
            r.release(attn_cont);
        }
        r.alloc(attn_out, row);
        r.release(attn_v);
        // From the residual on, the last layer holds the kept rows only.
        const uint64_t t = last ? batch.outputs : ub, t_row = uint64_t{m.n_embd} * t * f32;
        add_residual(r, last, attn_out, inp, out_ids, ffn_inp, rows, t_row);
        r.alloc(ffn_norm, t_row);
        if (il < n_dense) {
            const uint64_t dense = uint64_t{m.n_ff} * t * f32;
            gated_ffn(r, ffn_norm, moe_out, gate, up, swiglu, dense, t_row);
        } else {
            const uint64_t experts = n_ff_exp * used * t * f32;
            r.alloc(logits, uint64_t{m.moe.n_expert} * t * f32);  // soft-maxed in place
            r.alloc(argsort, uint64_t{m.moe.n_expert} * t * 4);
            r.alloc(weights, used * t * f32);
            r.release(logits);
            r.alloc(gate, experts);
            r.alloc(up, experts);
            r.alloc(swiglu, experts);
            r.release(gate);
            r.release(up);
            r.alloc(down, t_row * used);  // weighted in place
            r.release(swiglu);
            r.release(argsort);
            r.release(weights);
            r.alloc(moe_out, t_row);
            r.release(down);
            const uint64_t shared = n_ff_exp * std::max<uint32_t>(m.moe.n_expert_shared, 1) * t * f32;
            gated_ffn(r, ffn_norm, sh_out, sh_gate, sh_up, sh_swiglu, shared, t_row);
            r.release(sh_out);  // added to the routed experts' output
        }
        r.release(ffn_inp);
        r.rename(inp, moe_out);
    }
    // Above the last layer's output, a graph output never freed.
    r.alloc(result, uint64_t{m.n_vocab} * batch.outputs * f32);
    return r.peak();
}

// Llama 4's graph (src/models/llama4.cpp: three chunked RoPE layers, then a global one without RoPE whose query
// is scaled by a per-token temperature input; one routed expert weighting its input, beside a shared expert; on
// Maverick every other layer dense), replayed like gpt-oss's in the order llama.cpp v0.5.0's reserve allocates and
// frees, with and without flash attention (ggml-alloc.c's AT_PRINTF log of 4-layer Llama 4 Scout files). Scout's
// buffer jumps with placement: 445.65 MiB at 512 cells, 424.63 at 4096, 450.65 at 8192, 434.72 at 32768.
uint64_t llama4_compute(const ModelSpec& m, const KvSize& kv, const RuntimeOptions& o) {
    enum Slot { tokens, inp_embd, positions, attn_scale, out_ids, inp, norm, q, q2, k, k2, v, rotated, scores, attn,
                attn_out, rows, ffn_inp, ffn_norm, logits, probs, argsort, weights, weighted, gate, up, swiglu, down,
                moe_out, sh_gate, sh_up, sh_swiglu, sh_out, result, per_cache };
    enum CacheSlot { k_idxs, v_idxs, mask, k_rot, v_rot, cache_slots };
    Replay r(per_cache + 2 * cache_slots);
    const auto cache_slot = [](int cache, int slot) { return per_cache + cache * cache_slots + slot; };

    const Ubatch batch = reserve_ubatch(o);
    const uint64_t ub = batch.tokens;
    const Widths w(m, ub);
    const uint64_t used = m.moe.n_expert_used;
    const uint64_t shared_width =
        m.n_ff_shexp ? m.n_ff_shexp : uint64_t{m.n_ff_exp} * std::max<uint32_t>(m.moe.n_expert_shared, 1);
    const uint32_t n_layer = m.n_layer;
    // Every 4th layer is global (cache 1); MoE every n_layer / n_layer_moe layers.
    const auto global = [](uint32_t il) { return (il + 1) % 4 == 0; };
    const uint32_t moe_step = m.moe.n_layer_moe ? std::max<uint32_t>(n_layer / m.moe.n_layer_moe, 1) : 1;
    std::array<uint32_t, 2> last{0, 0};
    for (uint32_t il = 0; il < n_layer; ++il) last[global(il) ? 1 : 0] = il;
    const std::array<uint64_t, 2> cache_cells{kv.cells_swa ? kv.cells_swa : kv.cells, kv.cells};

    // A quantized cache (with flash attention): Q and K rotated after RoPE (or the temperature scale), V before it
    // is stored, the output back; each cache has its own rotation inputs (traced with q8_0 K and V).
    const uint64_t k_rotation = k_rotation_bytes(m, o), v_rotation = v_rotation_bytes(m, o);
    r.alloc(tokens, ub * 4);
    r.alloc(inp_embd, w.row);  // the graph's embeddings input, unused with tokens and never freed
    for (int c = 0; c < 2; ++c)
        cache_inputs(r, w, ub, cache_cells[c], o.flash_attn,
                     {cache_slot(c, k_rot), c == 0 ? positions : attn_scale, cache_slot(c, v_rot),
                      cache_slot(c, k_idxs), cache_slot(c, v_idxs), cache_slot(c, mask)},
                     k_rotation, v_rotation);
    r.alloc(out_ids, batch.outputs * 4);
    r.alloc(inp, w.row);
    r.release(tokens);
    // The attention pattern (4 layers) and the MoE interleave repeat together.
    const uint32_t period = std::lcm(4u, moe_step);
    for (uint32_t il = 0; il < n_layer; ++il) {
        il = r.skip(il, n_layer, period, 4, inp);
        const int c = global(il) ? 1 : 0;
        const bool last_of_cache = il == last[c], last_layer = il == n_layer - 1;
        r.alloc(norm, w.row);
        r.alloc(q, w.q);
        r.alloc(q2, w.q);  // RoPE, or the global layers' temperature scale
        r.release(q);
        if (c == 1 && last_of_cache) r.release(attn_scale);
        if (k_rotation) r.replace(q2, rotated, w.q);
        r.alloc(k, w.k);
        if (c == 0) {
            r.alloc(k2, w.k);
            r.release(k);
            if (last_of_cache) r.release(positions);
            r.rename(k, k2);
        }
        if (k_rotation) r.replace(k, rotated, w.k, last_of_cache ? cache_slot(c, k_rot) : -1);
        r.alloc(v, w.v);
        r.release(norm);
        if (v_rotation) r.replace(v, rotated, w.v);
        r.release(k);
        if (last_of_cache) r.release(cache_slot(c, k_idxs));
        r.release(v);
        if (last_of_cache) r.release(cache_slot(c, v_idxs));
        if (o.flash_attn) {
            r.alloc(attn, w.q);
            r.release(q2);
            if (last_of_cache) r.release(cache_slot(c, mask));
            if (v_rotation) r.replace(attn, rotated, w.q, last_of_cache ? cache_slot(c, v_rot) : -1);  // back
        } else {
            r.alloc(scores, uint64_t{m.n_head} * cache_cells[c] * ub * f32);  // soft-maxed in place
            r.release(q2);
            if (last_of_cache) r.release(cache_slot(c, mask));
            r.alloc(q, w.q);
            r.release(scores);
            r.alloc(attn, w.q);  // the heads made contiguous
            r.release(q);
        }
        r.alloc(attn_out, w.row);
        r.release(attn);
        // From the residual on, the last layer holds the kept rows only.
        const uint64_t t = last_layer ? batch.outputs : ub, row = uint64_t{m.n_embd} * t * f32;
        const uint64_t router = uint64_t{m.moe.n_expert} * t * f32, experts = uint64_t{m.n_ff_exp} * used * t * f32;
        add_residual(r, last_layer, attn_out, inp, out_ids, ffn_inp, rows, row);
        r.alloc(ffn_norm, row);
        if ((il + 1) % moe_step != 0) {
            const uint64_t dense = uint64_t{m.n_ff} * t * f32;
            gated_ffn(r, ffn_norm, moe_out, gate, up, swiglu, dense, row);
        } else {
            r.alloc(logits, router);
            r.alloc(probs, router);  // sigmoid
            r.alloc(argsort, router);
            r.release(logits);
            r.alloc(weights, used * t * f32);
            r.release(probs);
            r.alloc(weighted, row * used);  // the input repeated per chosen expert, weighted in place
            r.release(weights);
            gated_ffn(r, weighted, down, gate, up, swiglu, experts, row * used);
            r.release(argsort);
            r.alloc(moe_out, row);  // the one expert's output made contiguous
            r.release(down);
            gated_ffn(r, ffn_norm, sh_out, sh_gate, sh_up, sh_swiglu, shared_width * t * f32, row);
            r.release(sh_out);  // added to the routed expert's output
        }
        r.release(ffn_inp);
        r.rename(inp, moe_out);
    }
    // Above the last layer's output, a graph output never freed.
    r.alloc(result, uint64_t{m.n_vocab} * batch.outputs * f32);
    return r.peak();
}

// The dense Llama, Qwen2, Qwen3 and Phi-3 graphs (src/models/llama.cpp, qwen2.cpp, qwen3.cpp, phi3.cpp), and
// Mixtral's and Qwen3-MoE's routed experts in place of the FFN (src/models/llama.cpp, qwen3moe.cpp), replayed
// like gpt-oss's in the order llama.cpp v0.5.0's reserve allocates and frees, with and without flash attention
// (ggml-alloc.c's AT_PRINTF log of Llama 2 7B, Llama 3.1 8B, Qwen2.5 7B, Qwen3-0.6B, Phi-4, Mixtral 8x7B and
// Qwen3-30B-A3B files). Llama-style: Q, V then K projections, RoPE (or Qwen3's per-head norms, after which RoPE
// runs in place), a gated FFN; biases and norm weights apply in place. Phi-3 fuses Q, K, V into one projection
// whose views are RoPEd or stored, and gate and up into another (convert_hf_to_gguf.py writes attn_qkv; files with
// separate Q, K, V matrices print other figures, Phi-4 at 16384 cells 232.01 MiB instead of 216.00). Qwen3-0.6B's
// query (16 heads of 128) is twice n_embd, so its logits land higher than two rows up: 312.76 MiB at 4096 cells.
uint64_t dense_compute(const ModelSpec& m, uint64_t cells, const RuntimeOptions& o) {
    enum Slot { norm = first_layer_slot, qkv, q, q2, k, k2, v, rotated, attn, attn2, attn_out, rows, ffn_inp, ffn_norm,
                gate, up, swiglu, down, logits, biased, argsort, weights, weights_sum, weights_norm, moe_out, sh_gate,
                sh_up, sh_swiglu, sh_out, result, slots };
    Replay r(slots);
    const bool fused = m.arch == "phi3";
    const Ubatch batch = reserve_ubatch(o);
    const uint64_t ub = batch.tokens;
    const Widths w(m, ub);
    const uint32_t n_layer = m.n_layer;
    // GLM-4.5: dense lead layers, then experts picked by sigmoid scores plus a bias, beside a shared expert.
    const bool glm = m.arch == "glm4moe";
    const uint32_t n_dense = glm ? std::min(m.moe.n_layer_dense, n_layer) : 0;
    const uint64_t shared_width = glm ? uint64_t{m.n_ff_shexp ? m.n_ff_shexp : m.n_ff_exp * m.moe.n_expert_shared} : 0;
    // A quantized cache: Q and K rotated after RoPE, V before it is stored, the attention output back after
    // (traced for Llama 3.1 8B with q8_0 K and V and flash attention).
    const uint64_t k_rotation = k_rotation_bytes(m, o), v_rotation = v_rotation_bytes(m, o);
    single_cache_inputs(r, w, ub, cells, o.flash_attn, k_rotation, v_rotation, batch.outputs);
    for (uint32_t il = 0; il < n_layer; ++il) {
        il = r.skip(il, n_layer, 2, 2, inp, n_dense);
        const bool last = il == n_layer - 1;
        r.alloc(norm, w.row);
        // Phi-3 with a quantized cache (both rotations, traced on Phi-4): Q rotated after RoPE, V's view made
        // contiguous and rotated, then K's RoPE, after which the fused projection is freed and K is rotated.
        const bool fused_rotated = fused && k_rotation && v_rotation;
        if (fused_rotated) {
            r.alloc(qkv, w.q + w.k + w.v);
            r.release(norm);
            r.alloc(q2, w.q);
            r.replace(q2, rotated, w.q);
            r.alloc(v, w.v);
            r.replace(v, rotated, w.v);
            r.alloc(k2, w.k);
            r.release(qkv);
        } else if (fused) {
            r.alloc(qkv, w.q + w.k + w.v);
            r.release(norm);
            r.alloc(q2, w.q);  // RoPE of Q's view, scaled in place
            r.alloc(k2, w.k);  // RoPE of K's view
        }
        if (fused) {
            if (last) r.release(positions);
            if (k_rotation) r.replace(k2, rotated, w.k, last ? k_rot : -1);
            r.release(k2);  // stored in the cache
            if (last) r.release(k_idxs);
            if (!fused_rotated) {
                if (!o.flash_attn) r.alloc(v, w.v);  // V's view made contiguous, to be stored transposed
                r.release(qkv);
            }
            if (fused_rotated || !o.flash_attn) r.release(v);
            if (last) r.release(v_idxs);
        } else {  // RoPE of a reshaped view, or Qwen3's per-head norm
            project_qkv(r, w, {q, q2, k, k2, v, rotated, positions, k_idxs, v_idxs, k_rot}, norm, false, last, last,
                        k_rotation, v_rotation);
        }
        attend(r, o.flash_attn, q2, last ? mask : -1, attn, attn2, uint64_t{m.n_head} * cells * ub * f32, w.o);
        if (o.flash_attn && v_rotation) r.replace(attn, attn2, w.o, last ? v_rot : -1);  // rotated back
        r.alloc(attn_out, w.row);
        r.release(attn);
        // From the residual on, the last layer holds the kept rows only.
        const uint64_t t = last ? batch.outputs : ub, row = uint64_t{m.n_embd} * t * f32;
        const uint64_t ffn = uint64_t{m.n_ff} * t * f32;
        add_residual(r, last, attn_out, inp, out_ids, ffn_inp, rows, row);
        r.alloc(ffn_norm, row);
        if (m.moe.n_expert > 0 && il >= n_dense) {
            // Mixtral, Qwen3-MoE: softmax router, routed experts only; GLM-4.5: sigmoid scores, the selection bias
            // added beside them, and a shared expert, which reads the normed input after them.
            routed_experts(r, m, {logits, biased, argsort, weights, weights_sum, weights_norm, gate, up, swiglu, down,
                                  moe_out},
                           ffn_norm, glm, glm, true, t);
            if (glm) {
                gated_ffn(r, ffn_norm, sh_out, sh_gate, sh_up, sh_swiglu, shared_width * t * f32, row);
                r.release(sh_out);  // added to the routed experts' sum
            }
            r.release(ffn_inp);
            r.rename(inp, moe_out);
        } else if (fused) {
            r.alloc(up, 2 * ffn);  // gate and up in one matrix
            r.release(ffn_norm);
            r.alloc(swiglu, ffn);
            r.release(up);
            r.alloc(down, row);
            r.release(swiglu);
            r.release(down);  // added into the layer's input, which becomes its output
            r.rename(inp, ffn_inp);
        } else {
            gated_ffn(r, ffn_norm, down, gate, up, swiglu, ffn, row);
            r.release(ffn_inp);
            r.rename(inp, down);
        }
    }
    // Above the last layer's output, a graph output never freed.
    r.alloc(result, uint64_t{m.n_vocab} * batch.outputs * f32);
    return r.peak();
}

// The Mamba hybrids' layouts as mamba_hybrid_compute replays them: one attention layer in `period` (n_layer /
// n_layer_full), at half the period, a file of other counts having its attention elsewhere; d_inner = 2 n_embd
// (Jamba's llama.cpp asserts it; Granite 4.0-H's mamba_expand 2, its GGUFs' ssm.inner_size). Jamba (AI21's
// config.json: attn_layer_period 8, attn_layer_offset 4, expert_layer_period 2, expert_layer_offset 1): experts on
// odd layers. Granite 4.0-H (IBM's layer_types: attention at layers 5, 15, 25, 35 of 40): experts with a shared
// expert on every layer, or a dense FFN (H-Micro), d_conv 4 and 64-wide SSM heads (its GGUFs: ssm.conv_kernel 4,
// ssm.time_step_rank = d_inner / 64).
struct HybridLayout {
    uint32_t period = 0;
    bool mamba2 = false;
    uint64_t d_inner = 0, d_state = 0, d_conv1 = 0, conv_channels = 0, ssm_heads = 0, dt_rank = 0;
};
bool hybrid_layout(const ModelSpec& m, HybridLayout& h) {
    if (m.n_layer_full == 0 || m.n_layer % m.n_layer_full != 0 || m.n_layer_swa != 0 || m.n_head == 0 ||
        m.n_head_kv == 0 || m.n_vocab == 0 || m.recurrent.state_values == 0 || m.recurrent.conv_values == 0)
        return false;
    h.period = m.n_layer / m.n_layer_full;
    h.d_inner = 2 * uint64_t{m.n_embd};
    if (m.recurrent.state_values % h.d_inner != 0) return false;
    h.d_state = m.recurrent.state_values / h.d_inner;
    if (m.arch == "jamba" && m.recurrent.kind == "mamba1") {
        if (h.period != 8 || m.n_ff == 0 || m.recurrent.conv_values % h.d_inner != 0) return false;
        if (m.moe.n_layer_moe != 0 && (m.moe.n_layer_moe * 2 != m.n_layer || m.moe.n_expert_used == 0)) return false;
        h.d_conv1 = m.recurrent.conv_values / h.d_inner;
        h.conv_channels = h.d_inner;
        h.dt_rank = (m.n_embd + 15) / 16;  // Mamba's "auto" rank, AI21's mamba_dt_rank 256 for 4096
        return true;
    }
    if (m.arch == "granitehybrid" && m.recurrent.kind == "mamba2") {
        const bool moe = m.moe.n_expert > 0;
        if (h.period != 10 || m.recurrent.conv_values % 3 != 0 || h.d_inner % 64 != 0) return false;
        // A Granite GGUF gives the experts' width as feed_forward_length (src/models/granite-hybrid.cpp).
        if (moe ? m.moe.n_layer_moe != m.n_layer || (m.n_ff_exp == 0 && m.n_ff == 0) || m.moe.n_expert_used == 0
                : m.n_ff == 0)
            return false;
        h.mamba2 = true;
        h.d_conv1 = 3;
        h.conv_channels = m.recurrent.conv_values / 3;  // d_inner + 2 n_group d_state
        if (h.conv_channels <= h.d_inner) return false;
        h.ssm_heads = h.d_inner / 64;
        return true;
    }
    return false;
}

// Jamba's and Granite 4.0-H's graphs (src/models/jamba.cpp, granite-hybrid.cpp; their Mamba-1 and Mamba-2 layers
// in src/models/mamba-base.cpp), replayed like the others in the order llama.cpp v0.5.0's reserve allocates and
// frees, with and without flash attention (ggml-alloc.c's AT_PRINTF log of 10- and 16-layer Jamba 1.5 Mini files
// and 20-layer Granite 4.0-H-Tiny files). A Mamba layer: the input projection (Mamba-1: x and z, 2 d_inner; Mamba-2:
// z, x, B, C and dt together), the conv state's rows gathered (d_conv - 1 columns per channel) and concatenated with
// the new columns, the convolution; Mamba-1 then projects x to dt (dt_rank), B and C (d_state each), RMS-norms each
// and projects dt back to d_inner, where Mamba-2 makes dt (one per head) contiguous; the selective scan's output
// with the last states after it, z made contiguous, the gate, Mamba-2's grouped RMS norm, the output projection.
// Attention has no RoPE in either (Granite's conversion turns it off for hybrids: rope.scaling.finetuned false).
// The next Mamba layer's conv rows are gathered where ggml's graph has its last forced node before that layer:
// after this layer's state store, its attention, or its routed experts' sum. At 16384 cells Jamba's freed f16 mask
// (16 MiB) is the size of a d_inner-wide tensor (8192 x 512 x 4 B) and takes one; the tensors after it land
// higher: 240.01 MiB where 4096 and 32768 cells give 196.08 and 224.08.
uint64_t mamba_hybrid_compute(const ModelSpec& m, const HybridLayout& h, uint64_t cells, const RuntimeOptions& o) {
    enum Slot { tokens, inp_embd, rs, k_rot, v_rot, k_idxs, v_idxs, mask, out_ids, inp, conv_rows, norm, xz, conv_x,
                conv, x_db, dt_norm, dt, b_norm, c_norm, y, z, xd, gated, group_norm, ssm_out, rows, rows2, q, k, v,
                rotated, attn, attn2, attn_out, ffn_norm, logits, argsort, weights, weights_sum, weights_norm, gate, up,
                swiglu, down, moe_out, sh_gate, sh_up, sh_swiglu, sh_out, result, slots };
    Replay r(slots);
    const bool jamba = !h.mamba2;
    const uint64_t seqs = std::max<uint32_t>(o.kv.n_seq, 1);
    const Ubatch batch = reserve_ubatch(o);
    const uint64_t ub = batch.tokens, outputs = batch.outputs;
    const Widths w(m, ub);
    const uint64_t inner = h.d_inner * ub * f32;
    const uint32_t n_layer = m.n_layer, period = h.period;
    const auto attention = [&](uint32_t il) { return il % period == period / 2; };
    const auto moe = [&](uint32_t il) { return m.moe.n_layer_moe > 0 && (!jamba || il % 2 == 1); };
    const uint32_t last_attention = (n_layer - 1 - period / 2) / period * period + period / 2;
    if (attention(n_layer - 1)) return 0;  // neither model's layout

    r.alloc(tokens, ub * 4);
    r.alloc(inp_embd, w.row);
    r.alloc(rs, seqs * 4);  // rs_s_copy: which state each sequence reads
    // A quantized cache: Q and K rotated, V before it is stored, the attention output back (as dense_compute).
    const uint64_t k_rotation = k_rotation_bytes(m, o), v_rotation = v_rotation_bytes(m, o);
    cache_inputs(r, w, ub, cells, o.flash_attn, {k_rot, -1, v_rot, k_idxs, v_idxs, mask}, k_rotation, v_rotation);
    r.alloc(out_ids, outputs * 4);
    r.alloc(inp, w.row);
    r.release(tokens);
    const uint64_t conv_rows_bytes = m.recurrent.conv_values * seqs * f32;
    if (!attention(0)) r.alloc(conv_rows, conv_rows_bytes);
    for (uint32_t il = 0; il < n_layer; ++il) {
        il = r.skip(il, n_layer, period, n_layer - last_attention + 1, inp, 0, conv_rows);
        const bool last = il == n_layer - 1, gathers = !last && !attention(il + 1);
        int mixed = ssm_out;  // the mixer's output
        r.alloc(norm, w.row);
        if (!attention(il)) {
            const uint64_t channels = h.conv_channels;
            // Mamba-2 projects to z, x, B, C (the conv channels) and dt together.
            r.alloc(xz, (jamba ? 2 * h.d_inner : h.d_inner + channels + h.ssm_heads) * ub * f32);
            r.release(norm);
            r.alloc(conv_x, (h.d_conv1 * seqs + ub) * channels * f32);
            r.release(conv_rows);
            r.alloc(conv, channels * ub * f32);  // its bias and SiLU in place
            r.release(conv_x);
            if (jamba) {
                r.alloc(x_db, (h.dt_rank + 2 * h.d_state) * ub * f32);
                r.alloc(dt_norm, h.dt_rank * ub * f32);
                r.alloc(dt, inner);  // its bias in place
                r.release(dt_norm);
                r.alloc(b_norm, h.d_state * ub * f32);
                r.alloc(c_norm, h.d_state * ub * f32);
                r.release(x_db);
            } else {
                r.alloc(dt, h.ssm_heads * ub * f32);  // made contiguous, its bias in place
            }
            r.alloc(y, inner + m.recurrent.state_values * seqs * f32);  // the scan's output, then the last states
            r.release(dt);
            if (jamba) {
                r.release(b_norm);
                r.release(c_norm);
            }
            if (last) r.release(rs);
            if (jamba && last) {
                r.alloc(rows2, uint64_t{m.n_embd} * outputs * f32);  // the input's rows kept for the logits
                r.release(inp);
            } else if (gathers && !moe(il)) {
                r.alloc(conv_rows, conv_rows_bytes);
            }
            r.alloc(z, inner);
            r.release(xz);
            if (jamba) {
                r.release(y);  // y + D x, written over the convolution's output
                r.alloc(gated, inner);
                r.release(z);
                r.release(conv);
            } else {
                r.alloc(xd, inner);  // D x of x, a view of the convolution's output; y added into it
                r.release(conv);
                r.release(y);
                r.alloc(gated, inner);
                r.release(z);
                r.release(xd);
                r.alloc(group_norm, inner);  // of a reshaped view, so not in place
                r.release(gated);
                r.rename(gated, group_norm);
            }
            r.alloc(ssm_out, w.row);
            r.release(gated);
        } else {
            const bool last_kv = il == last_attention;
            r.alloc(q, w.q);
            if (k_rotation) r.replace(q, rotated, w.q);
            r.alloc(v, w.v);
            if (v_rotation) r.replace(v, rotated, w.v);
            r.alloc(k, w.k);
            r.release(norm);
            if (k_rotation) r.replace(k, rotated, w.k, last_kv ? k_rot : -1);
            r.release(k);  // stored in the cache
            if (last_kv) r.release(k_idxs);
            r.release(v);
            if (last_kv) r.release(v_idxs);
            attend(r, o.flash_attn, q, last_kv ? mask : -1, attn, attn2, uint64_t{m.n_head} * cells * ub * f32, w.o);
            if (gathers && !moe(il)) r.alloc(conv_rows, conv_rows_bytes);
            if (v_rotation) r.replace(attn, attn2, w.o, last_kv ? v_rot : -1);  // rotated back
            r.alloc(attn_out, w.row);
            r.release(attn);
            mixed = attn_out;
        }
        // The residual: Jamba adds the mixer's output into the layer's input, Granite the input into the output.
        // The last layer first keeps the rows whose logits are kept (Jamba took the input's above).
        // From there on the last layer holds the kept rows only.
        const uint64_t t = last ? outputs : ub, row = uint64_t{m.n_embd} * t * f32;
        int ffn_inp = jamba ? inp : mixed;
        if (last) {
            r.alloc(rows, row);
            r.release(mixed);
            if (!jamba) {
                r.alloc(rows2, row);
                r.release(inp);
            }
            r.release(out_ids);
            if (jamba) {
                r.release(rows);
                ffn_inp = rows2;
            } else {
                r.release(rows2);
                ffn_inp = rows;
            }
        } else {
            r.release(jamba ? mixed : inp);
        }
        r.alloc(ffn_norm, row);
        int out = down;
        if (moe(il)) {
            // Softmax router; Granite normalises the top-k weights, and adds a shared expert.
            const bool shared = m.n_ff_shexp > 0;
            routed_experts(r, m, {logits, -1, argsort, weights, weights_sum, weights_norm, gate, up, swiglu, down,
                                  moe_out},
                           ffn_norm, shared, false, !jamba, t);
            if (gathers) r.alloc(conv_rows, conv_rows_bytes);
            if (shared) {
                gated_ffn(r, ffn_norm, sh_out, sh_gate, sh_up, sh_swiglu, uint64_t{m.n_ff_shexp} * t * f32, row);
                r.release(sh_out);  // added to the routed experts' sum
            }
            out = moe_out;
        } else {
            gated_ffn(r, ffn_norm, down, gate, up, swiglu, uint64_t{m.n_ff} * t * f32, row);
        }
        if (jamba) {
            r.release(out);  // added into the layer's input
            r.rename(inp, ffn_inp);
        } else {
            r.release(ffn_inp);  // added into the FFN's output
            r.rename(inp, out);
        }
    }
    r.alloc(result, uint64_t{m.n_vocab} * outputs * f32);  // above the last layer's output, a graph output never freed
    return r.peak();
}

// Qwen3-Next's graph (src/models/qwen3next.cpp, its gated delta net in src/models/delta-net-base.cpp), replayed
// like the others in the order llama.cpp v0.5.0's reserve allocates and frees (ggml-alloc.c's AT_PRINTF log of
// 4-layer files, unquantized cache). Three linear-attention layers to one gated attention layer (the HF config's
// full_attention_interval 4), 128-wide key and value heads (linear_key_head_dim, linear_value_head_dim). A linear
// layer: the conv state's rows gathered, the Q, K, V projection concatenated with them and convolved; Q and K
// L2-normed and repeated from the key heads to the value heads; the beta and alpha projection's halves made
// contiguous; the fused delta-net op's output with the new state after it; its RMS norm, gated by SiLU of the z
// projection; the output projection, added into the layer's input. Attention projects the query with its gate
// (twice as wide), norms Q and K per head, and multiplies the output by the gate made contiguous. Every layer's
// experts normalise their weights and add a shared expert with a sigmoid gate of its own. After the last layer the
// output norm stays live (the multi-token-prediction head's input) below the kept rows and the logits, which
// otherwise move with the freed mask's hole: 312.76 MiB at 4096 cells, 308.75 at 16384, 340.76 at 32768.
bool qwen3next_layout(const ModelSpec& m) {
    const uint64_t head = 128, d_inner = m.recurrent.state_values / head;
    return m.arch == "qwen3next" && m.recurrent.kind == "gated_deltanet" && m.n_layer_full > 0 &&
           m.n_layer == 4 * m.n_layer_full && m.n_layer_swa == 0 && m.n_head > 0 && m.n_head_kv > 0 &&
           m.n_vocab > 0 && m.moe.n_expert > 0 && m.moe.n_expert_used > 0 && m.moe.n_layer_moe == m.n_layer &&
           (m.n_ff_exp > 0 || m.n_ff > 0) && m.n_ff_shexp > 0 && m.recurrent.state_values % (head * head) == 0 &&
           m.recurrent.conv_values % 3 == 0 && m.recurrent.conv_values / 3 > d_inner &&
           (m.recurrent.conv_values / 3 - d_inner) % (2 * head) == 0;
}
uint64_t qwen3next_compute(const ModelSpec& m, uint64_t cells, const RuntimeOptions& o) {
    enum Slot { tokens, inp_embd, rs, k_rot, positions, v_rot, k_idxs, v_idxs, mask, out_ids, inp, norm, conv_rows, qkv,
                conv_x, state_rows, conv, q_norm, q_rep, k_norm, k_rep, ba, alpha, beta, delta, out_norm, z, z_silu,
                linear_out, qg, qn, k, kn, v, rotated, attn, attn2, gate_cont, attn_out, post_norm, logits, argsort,
                weights, weights_sum, weights_norm, gate, up, swiglu, down, moe_out, sh_gate, sh_up, sh_swiglu, sh_out,
                sh_weight, result_rows, result, slots };
    Replay r(slots);
    const uint64_t seqs = std::max<uint32_t>(o.kv.n_seq, 1);
    const Ubatch batch = reserve_ubatch(o);
    const uint64_t ub = batch.tokens, outputs = batch.outputs;
    const Widths w(m, ub);
    const uint64_t head = 128, d_inner = m.recurrent.state_values / head, v_heads = d_inner / head;
    const uint64_t channels = m.recurrent.conv_values / 3, k_heads = (channels - d_inner) / (2 * head);
    const uint64_t inner = d_inner * ub * f32, keys = k_heads * head * ub * f32;
    const uint64_t shared = uint64_t{m.n_ff_shexp} * ub * f32;
    const uint32_t n_layer = m.n_layer, period = 4;
    const auto attention = [](uint32_t il) { return il % 4 == 3; };

    r.alloc(tokens, ub * 4);
    r.alloc(inp_embd, w.row);
    r.alloc(rs, seqs * 4);  // rs_s_copy: which state each sequence reads
    // A quantized cache (with flash attention): Q rotated after its norm and RoPE, V before it is stored, K after
    // RoPE, the attention output back (traced with q8_0 K and V).
    const uint64_t k_rotation = k_rotation_bytes(m, o), v_rotation = v_rotation_bytes(m, o);
    cache_inputs(r, w, ub, cells, o.flash_attn, {k_rot, positions, v_rot, k_idxs, v_idxs, mask}, k_rotation,
                 v_rotation);
    r.alloc(out_ids, outputs * 4);
    r.alloc(inp, w.row);
    r.release(tokens);
    for (uint32_t il = 0; il < n_layer; ++il) {
        il = r.skip(il, n_layer, period, period + 1, inp);
        int residual = inp;
        r.alloc(norm, w.row);
        if (!attention(il)) {
            r.alloc(conv_rows, m.recurrent.conv_values * seqs * f32);
            r.alloc(qkv, channels * ub * f32);
            r.alloc(conv_x, (3 * seqs + ub) * channels * f32);
            r.release(conv_rows);
            r.release(qkv);
            r.alloc(state_rows, m.recurrent.state_values * seqs * f32);
            if (il == n_layer - 2) r.release(rs);  // the last linear layer: attention is last
            r.alloc(conv, channels * ub * f32);  // its SiLU in place
            r.release(conv_x);
            const bool repeat = k_heads != v_heads;
            r.alloc(q_norm, keys);  // L2 norm of Q's view
            if (repeat) r.replace(q_norm, q_rep, inner);  // to the value heads
            r.alloc(k_norm, keys);
            if (repeat) r.replace(k_norm, k_rep, inner);
            r.alloc(ba, 2 * v_heads * ub * f32);
            r.alloc(alpha, v_heads * ub * f32);  // biased, softplus and scaled in place
            r.alloc(beta, v_heads * ub * f32);   // sigmoid in place
            r.release(ba);
            r.alloc(delta, inner + m.recurrent.state_values * seqs * f32);  // the output, then the new states
            r.release(q_norm);
            r.release(k_norm);
            r.release(conv);
            r.release(alpha);
            r.release(beta);
            r.release(state_rows);
            r.alloc(out_norm, inner);  // of a reshaped view
            r.release(delta);
            r.alloc(z, inner);
            r.release(norm);
            r.alloc(z_silu, inner);  // of a reshaped view; the norm multiplied by it in place
            r.release(z);
            r.release(z_silu);
            r.alloc(linear_out, w.row);
            r.release(out_norm);
            r.release(linear_out);  // added into the layer's input (the output is a reshaped view)
        } else {
            const bool last = il == n_layer - 1;
            r.alloc(qg, 2 * w.q);  // the query and its gate
            r.alloc(qn, w.q);      // Q's view normed per head; RoPE in place
            if (k_rotation) r.replace(qn, rotated, w.q);
            r.alloc(v, w.v);
            if (v_rotation) r.replace(v, rotated, w.v);
            r.alloc(k, w.k);
            r.release(norm);
            r.alloc(kn, w.k);  // K normed per head; RoPE in place
            r.release(k);
            if (last) r.release(positions);
            if (k_rotation) r.replace(kn, rotated, w.k, last ? k_rot : -1);
            r.release(kn);  // stored in the cache
            if (last) r.release(k_idxs);
            r.release(v);
            if (last) r.release(v_idxs);
            attend(r, o.flash_attn, qn, last ? mask : -1, attn, attn2, uint64_t{m.n_head} * cells * ub * f32, w.o);
            if (o.flash_attn && v_rotation) r.replace(attn, attn2, w.o, last ? v_rot : -1);  // rotated back
            // The gate made contiguous, sigmoid in place; flash attention's output is a reshaped view, so the
            // product goes into the gate, else into the output.
            r.alloc(gate_cont, w.q);
            r.release(qg);
            r.release(o.flash_attn ? attn : gate_cont);
            r.alloc(attn_out, w.row);
            r.release(o.flash_attn ? gate_cont : attn);
            r.release(inp);  // added into the attention's output
            residual = attn_out;
        }
        r.alloc(post_norm, w.row);
        routed_experts(r, m, {logits, -1, argsort, weights, weights_sum, weights_norm, gate, up, swiglu, down, moe_out},
                       post_norm, true, false, true, ub);
        r.alloc(sh_gate, shared);
        r.alloc(sh_up, shared);
        r.alloc(sh_swiglu, shared);
        r.release(sh_gate);
        r.release(sh_up);
        r.alloc(sh_out, w.row);
        r.release(sh_swiglu);
        r.alloc(sh_weight, ub * f32);  // the shared expert's gate; sigmoid in place
        r.release(post_norm);
        r.release(sh_weight);  // multiplied into the shared expert's output
        r.release(sh_out);     // added to the routed experts' sum
        r.release(residual);   // added into that sum, the layer's output
        r.rename(inp, moe_out);
    }
    // The output norm in place, kept as a graph output; the kept rows gathered from it, then the logits.
    r.alloc(result_rows, uint64_t{m.n_embd} * outputs * f32);
    r.release(out_ids);
    r.alloc(result, uint64_t{m.n_vocab} * outputs * f32);
    return r.peak();
}

// MiniMax-01's graph (src/models/minimax-01.cpp: lightning attention on seven layers in eight, softmax attention
// with RoPE on every eighth, routed experts on every layer), replayed like the others in the order llama.cpp
// v0.5.0's reserve allocates and frees, with and without flash attention (ggml-alloc.c's AT_PRINTF log of 8- and
// 16-layer MiniMax-Text-01 files). Its norms are post-norms kept as the residual, so they run in place. A
// lightning layer: Q, K, V from one projection (SiLU in place); Q scaled by its decay and multiplied by the old
// state; the n_ubatch x n_ubatch x n_head q k scores, multiplied by the diagonal decay's exponential (the same size)
// and by V; the old state decayed, the new one added; the output gate; the output's norm. The diagonal decay input
// (n_ubatch^2 x n_head f32; the reserve runs one sequence so that it is largest, src/llama-context.cpp
// TAG_RESERVE_DIAG_DECAY) stays live until the last lightning layer, under the softmax layers' KQ scores: 9409.04
// MiB at 16384 cells and ubatch 2048 without flash attention, where the sum of phases said 8769.
bool minimax_layout(const ModelSpec& m) {
    return (m.arch == "minimax" || m.arch == "minimax-01") && m.recurrent.kind == "lightning_attention" &&
           m.n_layer_full > 0 && m.n_layer == 8 * m.n_layer_full && m.n_layer_swa == 0 && m.n_head > 0 &&
           m.n_head_kv > 0 && m.n_vocab > 0 && m.moe.n_expert > 0 && m.moe.n_expert_used > 0 &&
           m.moe.n_layer_moe == m.n_layer && m.moe.n_expert_shared == 0 && m.n_ff_shexp == 0 &&
           (m.n_ff_exp > 0 || m.n_ff > 0) &&
           m.recurrent.state_values == uint64_t{m.n_head} * m.n_embd_head_k * m.n_embd_head_k;
}
uint64_t minimax_compute(const ModelSpec& m, uint64_t cells, const RuntimeOptions& o) {
    enum Slot { tokens, inp_embd, rs, q_decay_in, diag_in, slopes, k_decay_in, k_rot, positions, v_rot, k_idxs, v_idxs,
                mask, out_ids, inp, state_rows, qkv, q_decay, q_s, none_diag, v_trans, qk, diag, qkv_diag, slope_rate,
                kv_old_s, k_decay, k_after, k_after_trans, kv_cur, g, qkv_perm, norm2, q, q2, k, k2, v, rotated, attn,
                attn2, attn_out, rows, rows2, logits, argsort, weights, weights_sum, weights_norm, gate, up, swiglu,
                down, moe_out, result, slots };
    Replay r(slots);
    const uint64_t ub = o.kv.n_ubatch, heads = m.n_head;
    const Widths w(m, ub);
    const uint64_t per_head = heads * ub * f32, squares = heads * ub * ub * f32, state = m.recurrent.state_values * f32;
    const uint64_t qkv_bytes = 3 * w.q;
    const uint32_t n_layer = m.n_layer, period = 8;
    const auto softmax = [](uint32_t il) { return il % 8 == 7; };

    r.alloc(tokens, ub * 4);
    r.alloc(inp_embd, w.row);
    r.alloc(rs, 4);  // rs_s_copy: which state the sequence reads
    r.alloc(q_decay_in, per_head);
    r.alloc(diag_in, squares);
    r.alloc(slopes, heads * f32);
    r.alloc(k_decay_in, per_head);
    // A quantized cache (with flash attention): the softmax layers rotate Q after RoPE, V before it is stored, K
    // after RoPE and the output back (traced with q8_0 K and V).
    const uint64_t k_rotation = k_rotation_bytes(m, o), v_rotation = v_rotation_bytes(m, o);
    cache_inputs(r, w, ub, cells, o.flash_attn, {k_rot, positions, v_rot, k_idxs, v_idxs, mask}, k_rotation,
                 v_rotation);
    r.alloc(out_ids, ub * 4);
    r.alloc(inp, w.row);
    r.release(tokens);
    r.alloc(state_rows, state);  // the first layer's old state (its conv state has no values)
    for (uint32_t il = 0; il < n_layer; ++il) {
        il = r.skip(il, n_layer, period, period + 2, inp, 0, state_rows);
        const bool last = il == n_layer - 1, last_lightning = il == n_layer - 2;
        int ffn_inp = inp;  // the input's norm, in place, is the residual
        if (!softmax(il)) {
            // The decays are scaled copies of their inputs, except in the last lightning layer, which scales the
            // inputs themselves.
            const auto decay = [&](int slot, int input, uint64_t bytes) {
                if (last_lightning) r.rename(slot, input);
                else r.alloc(slot, bytes);
            };
            r.alloc(qkv, qkv_bytes);
            decay(q_decay, q_decay_in, per_head);  // scaled, then its exponential in place
            r.alloc(q_s, w.q);
            r.release(q_decay);
            r.alloc(none_diag, w.q);
            r.release(q_s);
            r.alloc(v_trans, w.q);
            r.alloc(qk, squares);
            decay(diag, diag_in, squares);  // scaled, then its exponential in place; multiplied into the scores
            r.release(diag);
            r.alloc(qkv_diag, w.q);
            r.release(qk);
            r.release(qkv_diag);  // added into the none-diagonal part
            decay(slope_rate, slopes, heads * f32);  // scaled twice and its exponential, in place
            r.alloc(kv_old_s, state);
            r.release(state_rows);
            r.release(slope_rate);
            decay(k_decay, k_decay_in, per_head);
            r.alloc(k_after, w.q);
            r.release(qkv);
            r.release(k_decay);
            r.alloc(k_after_trans, w.q);
            r.release(k_after);
            r.alloc(kv_cur, state);
            r.release(k_after_trans);
            r.release(v_trans);
            r.release(kv_cur);    // added into the decayed state
            r.release(kv_old_s);  // stored
            r.alloc(g, w.q);      // sigmoid in place
            r.alloc(qkv_perm, w.q);
            r.release(none_diag);
            r.alloc(norm2, w.q);  // of a reshaped view; multiplied into the gate
            r.release(qkv_perm);
            r.release(norm2);
            r.alloc(attn_out, w.row);
            r.release(g);
            r.release(attn_out);  // a reshaped view: the residual takes the sum
        } else {
            project_qkv(r, w, {q, q2, k, k2, v, rotated, positions, k_idxs, v_idxs, k_rot}, -1, false, last, last,
                        k_rotation, v_rotation);
            attend(r, o.flash_attn, q2, last ? mask : -1, attn, attn2, heads * cells * ub * f32, w.o);
            if (o.flash_attn && v_rotation) r.replace(attn, attn2, w.o, last ? v_rot : -1);  // rotated back
            r.alloc(attn_out, w.row);
            r.release(attn);
            if (last) {  // the kept rows of the output and of the residual
                r.alloc(rows, w.row);
                r.release(attn_out);
                r.alloc(rows2, w.row);
                r.release(inp);
                r.release(out_ids);
                r.release(rows2);  // scaled in place, added into the output's rows
                ffn_inp = rows;
            } else {
                r.release(inp);  // scaled in place, added into the attention's output
                ffn_inp = attn_out;
            }
        }
        // The FFN's norm, in place, is its residual, so the experts keep it; softmax router, top-k weights
        // normalised.
        routed_experts(r, m, {logits, -1, argsort, weights, weights_sum, weights_norm, gate, up, swiglu, down, moe_out},
                       ffn_inp, true, false, true, ub);
        if (!last && !softmax(il + 1)) {  // the next lightning layer's old state
            r.alloc(state_rows, state);
            if (il + 1 == n_layer - 2) r.release(rs);
        }
        r.release(ffn_inp);  // scaled in place, added into the experts' sum
        r.rename(inp, moe_out);
    }
    r.alloc(result, uint64_t{m.n_vocab} * ub * f32);  // the output norm in place
    return r.peak();
}

// Command-R's graph (src/models/command-r.cpp: attention and the FFN in parallel from one LayerNorm, both added
// to the layer's input), replayed like the others in the order llama.cpp v0.5.0's reserve allocates and frees,
// with and without flash attention (ggml-alloc.c's AT_PRINTF log of 3-layer Command-R v01 files). LayerNorm
// (ggml_norm) is not an in-place op, so each norm, the output norm included, is a tensor of its own; the attention
// output's projection is computed after the FFN, which reads the norm first. The last layer gathers the kept rows
// of the norm, the input and the attention's output.
uint64_t command_r_compute(const ModelSpec& m, uint64_t cells, const RuntimeOptions& o) {
    enum Slot { norm = first_layer_slot, q, q2, k, k2, v, rotated, attn, attn2, ffn_rows, gate, up, swiglu, ffn_out,
                inp_rows, wo, wo_rows, result_norm, result, slots };
    Replay r(slots);
    const Ubatch batch = reserve_ubatch(o);
    const uint64_t ub = batch.tokens, out_row = uint64_t{m.n_embd} * batch.outputs * f32;
    const Widths w(m, ub);
    const uint32_t n_layer = m.n_layer;
    const uint64_t k_rotation = k_rotation_bytes(m, o), v_rotation = v_rotation_bytes(m, o);
    single_cache_inputs(r, w, ub, cells, o.flash_attn, k_rotation, v_rotation, batch.outputs);
    for (uint32_t il = 0; il < n_layer; ++il) {
        il = r.skip(il, n_layer, 2, 2, inp);
        const bool last = il == n_layer - 1;
        r.alloc(norm, w.row);  // read again by the FFN
        // RoPE of a reshaped view (or Command R+'s per-head norm, then RoPE in place).
        project_qkv(r, w, {q, q2, k, k2, v, rotated, positions, k_idxs, v_idxs, k_rot}, -1, false, last, last,
                    k_rotation, v_rotation);
        attend(r, o.flash_attn, q2, last ? mask : -1, attn, attn2, uint64_t{m.n_head} * cells * ub * f32, w.o);
        // The last layer's FFN reads the kept rows only.
        const uint64_t t = last ? batch.outputs : ub, row = uint64_t{m.n_embd} * t * f32;
        int ffn_in = norm;
        if (last) {
            r.alloc(ffn_rows, row);
            r.release(norm);
            ffn_in = ffn_rows;
        }
        gated_ffn(r, ffn_in, ffn_out, gate, up, swiglu, uint64_t{m.n_ff} * t * f32, row);
        if (last) {
            r.alloc(inp_rows, row);
            r.release(inp);
            r.release(inp_rows);  // added into the FFN's output
            if (v_rotation) r.replace(attn, attn2, w.o, v_rot);  // rotated back, just before the projection
            r.alloc(wo, w.row);
            r.release(attn);
            r.alloc(wo_rows, row);
            r.release(wo);
            r.release(out_ids);
            r.release(wo_rows);  // added into the FFN's output
        } else {
            r.release(inp);  // added into the FFN's output
            if (v_rotation) r.replace(attn, attn2, w.o);  // rotated back, just before the projection
            r.alloc(wo, w.row);
            r.release(attn);
            r.release(wo);  // added into the FFN's output
        }
        r.rename(inp, ffn_out);
    }
    r.alloc(result_norm, out_row);  // LayerNorm, not in place; its weight and the logit scale in place
    r.release(inp);
    r.alloc(result, uint64_t{m.n_vocab} * batch.outputs * f32);
    return r.peak();
}

// Gemma 2's and Gemma 3's layer pattern as gemma_compute replays it: the global layers at il % 2 == 1 (Gemma 2)
// or il % 6 == 5 (Gemma 3, sliding_window_pattern 6), the others a sliding window that llama.cpp sizes.
bool gemma_layout(const ModelSpec& m) {
    if ((m.arch != "gemma2" && m.arch != "gemma3") || !m.swa_in_llama_cpp || m.moe.n_expert > 0 || m.n_ff == 0 ||
        m.recurrent.n_layer > 0 || m.n_head == 0 || m.n_head_kv == 0 || m.n_vocab == 0)
        return false;
    const uint32_t period = m.arch == "gemma2" ? 2 : 6;
    uint32_t sliding = 0;
    for (uint32_t il = 0; il < m.n_layer; ++il) sliding += il % period != period - 1;
    return sliding == m.n_layer_swa && m.n_layer_swa + m.n_layer_full == m.n_layer;
}

// Gemma 2's and Gemma 3's graphs (src/models/gemma2.cpp, gemma3.cpp: sliding-window layers with a cache of their
// own, every other layer on Gemma 2, five in six on Gemma 3; norms after attention and after the FFN, a GELU-gated
// FFN; Gemma 3 norms Q and K per head, Gemma 2 soft-caps the scores and the logits in place), replayed like the
// others in the order llama.cpp v0.5.0's reserve allocates and frees, with and without flash attention (ggml-alloc.c's
// AT_PRINTF log of 4-layer Gemma 2 9B and 6-layer Gemma 3 12B files). The inputs of the cache the first layer reads
// (the sliding window's) come first; each cache's are freed after the last layer that reads it.
uint64_t gemma_compute(const ModelSpec& m, const KvSize& kv, const RuntimeOptions& o) {
    enum Slot { tokens, inp_embd, positions, out_ids, inp, norm, q, q2, k, k2, v, v2, attn, attn2, attn_out, rows,
                ffn_inp, ffn_norm, gate, up, geglu, down, result, per_cache };
    enum CacheSlot { k_idxs, v_idxs, mask, k_rot, v_rot, cache_slots };
    Replay r(per_cache + 2 * cache_slots);
    const auto cache_slot = [](int cache, int slot) { return per_cache + cache * cache_slots + slot; };

    const Ubatch batch = reserve_ubatch(o);
    const uint64_t ub = batch.tokens;
    const uint64_t k_rotation = k_rotation_bytes(m, o), v_rotation = v_rotation_bytes(m, o);
    const bool rot_v = v_rotation > 0;
    const Widths w(m, ub);
    const uint32_t n_layer = m.n_layer, period = m.arch == "gemma2" ? 2 : 6;
    const auto sliding = [&](uint32_t il) { return il % period != period - 1; };
    // Cache 0 serves the sliding-window layers, cache 1 the global ones.
    const std::array<uint64_t, 2> cache_cells{kv.cells_swa ? kv.cells_swa : kv.cells, kv.cells};
    std::array<uint32_t, 2> last{0, 0};
    for (uint32_t il = 0; il < n_layer; ++il) last[sliding(il) ? 0 : 1] = il;
    const int caches = n_layer >= period ? 2 : 1;

    r.alloc(tokens, ub * 4);
    r.alloc(inp_embd, w.row);  // the embeddings input of the graph, unused with tokens and never freed
    for (int c = 0; c < caches; ++c)
        cache_inputs(r, w, ub, cache_cells[c], o.flash_attn,
                     {cache_slot(c, k_rot), c == 0 ? positions : -1, cache_slot(c, v_rot), cache_slot(c, k_idxs),
                      cache_slot(c, v_idxs), cache_slot(c, mask)},
                     k_rotation, v_rotation);
    r.alloc(out_ids, batch.outputs * 4);
    r.alloc(inp, w.row);  // scaled by sqrt(n_embd) in place
    r.release(tokens);
    for (uint32_t il = 0; il < n_layer; ++il) {
        il = r.skip(il, n_layer, period, n_layer - std::min(last[0], last[1]) + 1, inp);
        const int c = sliding(il) ? 0 : 1;
        const bool last_of_cache = il == last[c], last_layer = il == n_layer - 1;
        r.alloc(norm, w.row);
        // Gemma 3 norms Q and K per head (RoPE then in place), Gemma 2 RoPEs them: tensors of the same size.
        project_qkv(r, w,
                    {q, q2, k, k2, v, v2, positions, cache_slot(c, k_idxs), cache_slot(c, v_idxs),
                     cache_slot(c, k_rot)},
                    norm, true, last_layer, last_of_cache, k_rotation, v_rotation);
        attend(r, o.flash_attn, q2, last_of_cache ? cache_slot(c, mask) : -1, attn, attn2,
               uint64_t{m.n_head} * cache_cells[c] * ub * f32, w.o);
        if (o.flash_attn && rot_v)  // rotated back
            r.replace(attn, attn2, w.o, last_of_cache ? cache_slot(c, v_rot) : -1);
        r.alloc(attn_out, w.row);  // normed in place
        r.release(attn);
        // From the residual on, the last layer holds the kept rows only.
        const uint64_t t = last_layer ? batch.outputs : ub, row = uint64_t{m.n_embd} * t * f32;
        add_residual(r, last_layer, attn_out, inp, out_ids, ffn_inp, rows, row);
        r.alloc(ffn_norm, row);
        gated_ffn(r, ffn_norm, down, gate, up, geglu, uint64_t{m.n_ff} * t * f32, row);
        r.release(ffn_inp);  // the FFN's output, normed in place, takes the sum
        r.rename(inp, down);
    }
    r.alloc(result, uint64_t{m.n_vocab} * batch.outputs * f32);  // the output norm in place; Gemma 2's soft cap too
    return r.peak();
}

// Falcon's graph (src/models/falcon.cpp) for the new decoder architecture of Falcon 40B and 180B (two LayerNorms,
// one before the fused QKV projection and one before the ungated GELU FFN, both parallel to each other; their
// GGUFs carry attn_norm_2, and their grouped KV heads tell them from Falcon 7B's single norm and one KV head),
// replayed like the others in the order llama.cpp v0.5.0's reserve allocates and frees, with and without flash
// attention (ggml-alloc.c's AT_PRINTF log of 3-layer Falcon 180B files). The FFN's norm is computed only after the
// attention, and the attention's output projection after the FFN.
uint64_t falcon_compute(const ModelSpec& m, uint64_t cells, const RuntimeOptions& o) {
    enum Slot { norm2 = first_layer_slot, qkv, q2, k2, v_cont, rotated, attn, attn2, norm, norm_rows, up, out, wo,
                wo_rows, inp_rows, result_norm, result, slots };
    Replay r(slots);
    const Ubatch batch = reserve_ubatch(o);
    const uint64_t ub = batch.tokens, out_row = uint64_t{m.n_embd} * batch.outputs * f32;
    const Widths w(m, ub);
    const uint32_t n_layer = m.n_layer;
    // A quantized K and V (flash attention): Q rotated after RoPE, V's view made contiguous and rotated, K after
    // RoPE once the fused projection is freed, the output back just before its projection (traced with q8_0).
    const uint64_t k_rotation = k_rotation_bytes(m, o), v_rotation = v_rotation_bytes(m, o);
    const bool rotated_qkv = k_rotation && v_rotation;
    single_cache_inputs(r, w, ub, cells, o.flash_attn, k_rotation, v_rotation, batch.outputs);
    for (uint32_t il = 0; il < n_layer; ++il) {
        il = r.skip(il, n_layer, 2, 2, inp);
        const bool last = il == n_layer - 1;
        r.alloc(norm2, w.row);
        r.alloc(qkv, w.q + w.k + w.v);
        r.release(norm2);
        r.alloc(q2, w.q);  // RoPE of Q's view
        if (rotated_qkv) {
            r.replace(q2, rotated, w.q);
            r.alloc(v_cont, w.v);
            r.replace(v_cont, rotated, w.v);
            r.alloc(k2, w.k);
            r.release(qkv);
            if (last) r.release(positions);
            r.replace(k2, rotated, w.k, last ? k_rot : -1);
            r.release(k2);  // stored in the cache
            if (last) r.release(k_idxs);
            r.release(v_cont);
        } else {
            r.alloc(k2, w.k);  // RoPE of K's view
            if (last) r.release(positions);
            r.release(k2);  // stored in the cache
            if (last) r.release(k_idxs);
            if (!o.flash_attn) r.alloc(v_cont, w.v);  // V's view made contiguous, to be stored transposed
            r.release(qkv);
            if (!o.flash_attn) r.release(v_cont);
        }
        if (last) r.release(v_idxs);
        attend(r, o.flash_attn, q2, last ? mask : -1, attn, attn2, uint64_t{m.n_head} * cells * ub * f32, w.o);
        r.alloc(norm, w.row);  // LayerNorm, not in place
        // The last layer's FFN reads the kept rows only.
        const uint64_t t = last ? batch.outputs : ub, row = uint64_t{m.n_embd} * t * f32;
        int ffn_in = norm;
        if (last) {
            r.alloc(norm_rows, row);
            r.release(norm);
            ffn_in = norm_rows;
        }
        r.alloc(up, uint64_t{m.n_ff} * t * f32);  // GELU in place
        r.release(ffn_in);
        r.alloc(out, row);
        r.release(up);
        if (rotated_qkv) r.replace(attn, attn2, w.o, last ? v_rot : -1);  // rotated back
        r.alloc(wo, w.row);
        r.release(attn);
        if (last) {
            r.alloc(wo_rows, row);
            r.release(wo);
            r.release(wo_rows);  // added into the FFN's output
            r.alloc(inp_rows, row);
            r.release(inp);
            r.release(out_ids);
            r.release(inp_rows);  // added into the FFN's output
        } else {
            r.release(wo);   // added into the FFN's output
            r.release(inp);  // and so is the layer's input
        }
        r.rename(inp, out);
    }
    r.alloc(result_norm, out_row);  // LayerNorm, not in place
    r.release(inp);
    r.alloc(result, uint64_t{m.n_vocab} * batch.outputs * f32);
    return r.peak();
}

}  // namespace

uint64_t replayed_compute_bytes(const ModelSpec& m, const KvSize& kv, const RuntimeOptions& o) {
    // A quantized cache's rotations were traced with flash attention only (it needs them for a quantized V).
    const bool unquantized = !quantized(o.kv.type_k) && !quantized(o.kv.type_v);
    const bool traced_cache = o.flash_attn || unquantized;
    if (m.arch == "gpt-oss" && m.moe.n_expert > 0 && traced_cache)
        return gpt_oss_compute(m, kv.cells, kv.cells_swa, o);
    if (m.arch == "llama4" && m.moe.n_expert > 0 && m.moe.n_expert_used == 1 && m.n_layer_swa > 0)
        return llama4_compute(m, kv, o);
    const bool dense = m.arch == "llama" || m.arch == "qwen2" || m.arch == "qwen3" || m.arch == "phi3";
    const bool routed = (m.arch == "llama" || m.arch == "qwen3moe") && m.moe.n_expert > 0 &&
                        m.moe.n_expert_shared == 0 && m.n_ff_shexp == 0 && (m.n_ff_exp > 0 || m.n_ff > 0) &&
                        m.moe.n_layer_dense == 0;
    const bool glm = m.arch == "glm4moe" && m.moe.n_expert > 0 && m.moe.n_expert_used > 0 && m.n_ff_exp > 0 &&
                     (m.n_ff_shexp > 0 || m.moe.n_expert_shared > 0) && (m.n_ff > 0 || m.moe.n_layer_dense == 0);
    if (((dense && m.moe.n_expert == 0 && m.n_ff > 0) || routed || glm) && !(m.n_layer_swa > 0 && m.swa_in_llama_cpp) &&
        m.recurrent.n_layer == 0 &&
        (unquantized || (traced_cache && (m.arch != "phi3" || (k_rotation_bytes(m, o) > 0) ==
                                                                             (v_rotation_bytes(m, o) > 0)))))
        return dense_compute(m, kv.cells, o);
    if (qwen3next_layout(m) && traced_cache) return qwen3next_compute(m, kv.cells, o);
    if (minimax_layout(m) && traced_cache && o.kv.n_seq <= 1) return minimax_compute(m, kv.cells, o);
    if (gemma_layout(m)) return gemma_compute(m, kv, o);
    if (m.arch == "falcon" && m.n_head_kv > 1 && m.n_ff > 0 && m.moe.n_expert == 0 && m.n_layer_swa == 0 &&
        m.recurrent.n_layer == 0 && m.n_layer >= 2 &&
        (unquantized || (o.flash_attn && (k_rotation_bytes(m, o) > 0) == (v_rotation_bytes(m, o) > 0))))
        return falcon_compute(m, kv.cells, o);
    if (m.arch == "command-r" && m.moe.n_expert == 0 && m.n_ff > 0 && m.n_layer_swa == 0 && m.recurrent.n_layer == 0 &&
        m.n_layer >= 2)
        return command_r_compute(m, kv.cells, o);
    if (HybridLayout h; hybrid_layout(m, h)) {
        const uint64_t bytes = mamba_hybrid_compute(m, h, kv.cells, o);
        if (bytes > 0) return bytes;
    }
    // MLA has no V cache and no rotation: a quantized K (llama.cpp wants V's type the same, so flash attention) leaves
    // the graph as it is (DeepSeek-V3, q8_0 and f16 both print 412.01 MiB at 4096 cells).
    if (m.arch == "deepseek2" && m.is_mla && m.moe.n_expert > 0 && (o.flash_attn || !quantized(o.kv.type_k)))
        return deepseek2_compute(m, kv.cells, o);
    return 0;
}

}  // namespace contextfit
