// ggml-alloc's placement of a compute graph's tensors, replayed. llama.cpp sizes its compute buffer by running one
// ubatch's graph through ggml_gallocr (ggml/src/ggml-alloc.c, llama.cpp v0.5.0 as node-llama-cpp 3.22.1 bundles
// it): each tensor goes into the smallest free block that holds it (else at the end of the buffer), is freed after
// its last use, and the buffer is the highest end any tensor reached. Where a graph's peak depends on the holes
// earlier tensors leave, a sum of live tensors is not enough; this replays the placement itself.
#pragma once

#include <cstdint>
#include <vector>

namespace contextfit {

// ggml_dyn_tallocr with one chunk (a CPU buffer has no size limit that splits it).
class GraphAllocator {
public:
    // ggml-impl.h TENSOR_ALIGNMENT, the CPU buffer's alignment; a power of two (others are rounded up to one).
    explicit GraphAllocator(uint64_t alignment = 32);

    // Offset of a tensor of `bytes` (rounded up to the alignment): the smallest free block other than the last
    // that holds it, the later one on a tie; else the last block, which grows the buffer.
    uint64_t alloc(uint64_t bytes);
    // Returns a tensor's bytes, merging with the free blocks on either side.
    void free(uint64_t offset, uint64_t bytes);
    uint64_t peak() const { return peak_; }
    // The same free blocks: with the same tensors live, what follows is placed the same way.
    bool same_free_blocks(const GraphAllocator& other) const;

private:
    struct Block {
        uint64_t offset;
        uint64_t size;
    };
    uint64_t aligned(uint64_t bytes) const { return (bytes + alignment_ - 1) & ~(alignment_ - 1); }

    uint64_t alignment_;
    uint64_t peak_ = 0;
    std::vector<Block> free_;  // sorted by offset; the last reaches to the end of the address space
};

}  // namespace contextfit
