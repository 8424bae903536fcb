// GraphAllocator against sequences placed by hand from ggml/src/ggml-alloc.c's rules (ggml_dyn_tallocr_alloc,
// ggml_dyn_tallocr_free_bytes): best fit among the free blocks before the last, the later block on a tie, the last
// block otherwise; sizes rounded up to the 32-byte alignment; a freed range merges with its neighbours.
#include <gtest/gtest.h>

#include "graph_alloc.h"

namespace contextfit {
namespace {

TEST(GraphAllocator, RoundsSizesUpToTheAlignmentAndGrowsAtTheEnd) {
    GraphAllocator a;
    EXPECT_EQ(a.alloc(2052), 0u);     // 513 x 4 B rounds up to 2080
    EXPECT_EQ(a.alloc(5909760), 2080u);
    EXPECT_EQ(a.alloc(1), 5911840u);  // 1 B takes 32
    EXPECT_EQ(a.peak(), 5911872u);
}

TEST(GraphAllocator, PicksTheSmallestHoleThatHoldsTheTensor) {
    GraphAllocator a;
    const uint64_t big = a.alloc(1000);   // [0, 1024)
    a.alloc(32);                          // [1024, 1056) keeps the holes apart
    const uint64_t small = a.alloc(320);  // [1056, 1376)
    a.alloc(32);                          // [1376, 1408)
    a.free(big, 1000);
    a.free(small, 320);
    EXPECT_EQ(a.alloc(300), 1056u);  // the 320-byte hole, not the 1024-byte one
    EXPECT_EQ(a.alloc(600), 0u);     // only the 1024-byte hole holds 608
    EXPECT_EQ(a.alloc(500), 1408u);  // 416 bytes are left at 608: too small, so the end
    EXPECT_EQ(a.peak(), 1408u + 512u);
}

TEST(GraphAllocator, TakesTheLaterOfTwoEqualHoles) {
    GraphAllocator a;
    const uint64_t first = a.alloc(64);
    a.alloc(32);
    const uint64_t second = a.alloc(64);
    a.alloc(32);
    a.free(first, 64);
    a.free(second, 64);
    EXPECT_EQ(a.alloc(64), second);
    EXPECT_EQ(a.alloc(64), first);
}

TEST(GraphAllocator, MergesAFreedRangeWithBothNeighbours) {
    GraphAllocator a;
    const uint64_t x = a.alloc(64), y = a.alloc(64), z = a.alloc(64);
    a.alloc(32);  // keeps z off the end
    a.free(x, 64);
    a.free(z, 64);
    a.free(y, 64);                  // [0, 192) is one hole again
    EXPECT_EQ(a.alloc(192), 0u);    // which only a merged hole can hold
    EXPECT_EQ(a.peak(), 224u);
}

TEST(GraphAllocator, AFreedTailJoinsTheEndAndIsReusedFirst) {
    GraphAllocator a;
    a.alloc(64);
    const uint64_t tail = a.alloc(1024);
    a.free(tail, 1024);
    EXPECT_EQ(a.alloc(2048), 64u);  // the end block starts at 64 again: the peak grows only to 2112
    EXPECT_EQ(a.peak(), 2112u);
}

}  // namespace
}  // namespace contextfit
