// The assets every benchmark reads: the embedded catalog, formats, text, strings and hardware, parsed once (the
// parse is timed apart, in bench_fit's BM_ParseAssets, and kept out of the loops it would otherwise dominate).
#pragma once

#include "estimate.h"

namespace contextfit::bench {

const Assets& assets();

}  // namespace contextfit::bench
