#include "english_words.h"

#include <algorithm>
#include <cctype>

namespace contextfit::test {

std::vector<std::string> english_words(const std::string& text, const std::vector<std::string>& ids) {
    std::vector<std::string> english;
    std::string word;
    for (size_t i = 0; i <= text.size(); ++i) {
        const char c = i < text.size() ? text[i] : ' ';
        if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-') {
            word += c;
            continue;
        }
        while (!word.empty() && (word.back() == '.' || word.back() == '-')) word.pop_back();
        const bool latin = std::any_of(word.begin(), word.end(), [](char w) { return std::isalpha(static_cast<unsigned char>(w)); });
        const bool id = word.find_first_of("_.") != std::string::npos || std::find(ids.begin(), ids.end(), word) != ids.end();
        if (latin && !id) english.push_back(word);
        word.clear();
    }
    return english;
}

}  // namespace contextfit::test
