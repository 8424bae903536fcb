// The embedded assets, parsed once for all tests.
#pragma once

#include "estimate.h"
#include "hardware.h"

namespace contextfit::test {

const Assets& assets();
const ModelSpec& model(const char* id);
const HardwareCatalog& hardware();
const Device& device(const char* id);
// A keyed error as strings.json phrases it in English, its digit groups taken out ("1,048,577" -> "1048577"): what
// the error's own English message says, since core writes numbers there without groups.
std::string english_error(const Error& e);

}  // namespace contextfit::test
