// One figure of an answer, the formula that gives it with the numbers filled in, and where the inputs come from.
#pragma once

#include <string>

namespace contextfit {

struct TraceLine {
    std::string quantity;
    std::string formula;
    std::string source;
};

}  // namespace contextfit
