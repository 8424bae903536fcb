// Latin words a Russian message shows that are not ids (issue #13: a Russian screen shows no English word).
#pragma once

#include <string>
#include <vector>

namespace contextfit::test {

// Words of letters, digits, '_', '.' and '-' that hold a Latin letter, other than ids: names with '_' or '.'
// (metadata keys, tensor and field names) and the words listed in `ids`.
std::vector<std::string> english_words(const std::string& text, const std::vector<std::string>& ids);

}  // namespace contextfit::test
