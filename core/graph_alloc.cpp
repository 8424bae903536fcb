#include "graph_alloc.h"

#include <algorithm>
#include <limits>

namespace contextfit {

GraphAllocator::GraphAllocator(uint64_t alignment) : alignment_(1) {
    while (alignment_ < alignment && alignment_ < (uint64_t{1} << 32)) alignment_ <<= 1;
    free_.reserve(16);  // a few holes at a time in llama.cpp's graphs
    free_.push_back({0, std::numeric_limits<uint64_t>::max() / 2});
}

uint64_t GraphAllocator::alloc(uint64_t bytes) {
    const uint64_t size = aligned(bytes);
    size_t best = free_.size() - 1;
    uint64_t best_size = std::numeric_limits<uint64_t>::max();
    for (size_t i = 0; i + 1 < free_.size(); ++i) {
        if (free_[i].size >= size && free_[i].size <= best_size) {
            best = i;
            best_size = free_[i].size;
        }
    }
    Block& block = free_[best];
    const uint64_t offset = block.offset;
    block.offset += size;
    block.size -= size;
    if (block.size == 0) free_.erase(free_.begin() + static_cast<std::ptrdiff_t>(best));
    peak_ = std::max(peak_, offset + size);
    return offset;
}

void GraphAllocator::free(uint64_t offset, uint64_t bytes) {
    const uint64_t size = aligned(bytes);
    for (size_t i = 0; i < free_.size(); ++i) {
        Block& block = free_[i];
        if (block.offset + block.size == offset) {
            block.size += size;
            if (i + 1 < free_.size() && block.offset + block.size == free_[i + 1].offset) {
                block.size += free_[i + 1].size;
                free_.erase(free_.begin() + static_cast<std::ptrdiff_t>(i + 1));
            }
            return;
        }
        if (offset + size == block.offset) {
            block.offset = offset;
            block.size += size;
            if (i > 0 && free_[i - 1].offset + free_[i - 1].size == block.offset) {
                free_[i - 1].size += block.size;
                free_.erase(free_.begin() + static_cast<std::ptrdiff_t>(i));
            }
            return;
        }
    }
    const auto at = std::find_if(free_.begin(), free_.end(), [&](const Block& b) { return b.offset >= offset; });
    free_.insert(at, Block{offset, size});
}

bool GraphAllocator::same_free_blocks(const GraphAllocator& other) const {
    return std::equal(free_.begin(), free_.end(), other.free_.begin(), other.free_.end(),
                      [](const Block& a, const Block& b) { return a.offset == b.offset && a.size == b.size; });
}

}  // namespace contextfit
