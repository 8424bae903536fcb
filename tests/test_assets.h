// The embedded assets, parsed once for all tests.
#pragma once

#include "estimate.h"

namespace contextfit::test {

const Assets& assets();
const ModelSpec& model(const char* id);

}  // namespace contextfit::test
