// One figure of an answer, the formula that gives it with the numbers filled in (in the reader's language and
// number marks; symbols such as n_head_kv keep llama.cpp's names), and where the inputs come from (a citation,
// as written). A shell names the quantity in the reader's words with strings.json "trace_label_<quantity>".
#pragma once

#include <string>

namespace contextfit {

struct TraceLine {
    std::string quantity;
    std::string formula;
    std::string source;
};

}  // namespace contextfit
