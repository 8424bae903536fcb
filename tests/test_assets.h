// The embedded assets, parsed once for all tests.
#pragma once

#include "estimate.h"
#include "hardware.h"

namespace contextfit::test {

const Assets& assets();
const ModelSpec& model(const char* id);
const HardwareCatalog& hardware();
const Device& device(const char* id);

}  // namespace contextfit::test
