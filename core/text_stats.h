// Reading a text file's content: its encoding, characters, words and lines, and a guess of its language, from
// bytes fed in chunks of any size (a 2 GB file is read piece by piece; memory stays O(1)). No I/O here.
//
//   encoding   EF BB BF: UTF-8 with a byte-order mark; FF FE: UTF-16 LE; FE FF: UTF-16 BE; else UTF-8
//              (UTF-16 without a byte-order mark is not guessed: its NUL bytes make it look binary, and the
//              message says so).
//   UTF-8      well-formed as RFC 3629 §4 defines it: no overlong forms, no surrogates (U+D800..DFFF), nothing
//              above U+10FFFF. An ill-formed sequence counts as one character (U+FFFD), as decoders show it
//              (Unicode 15, §3.9 "U+FFFD Substitution of Maximal Subparts").
//   UTF-16     RFC 2781: a surrogate pair is one character; an unpaired surrogate is ill-formed.
//   chars      code points without the byte-order mark; words = runs of characters that are not Unicode
//              White_Space (as `wc -w` counts them); lines = line feeds.
//   language   a guess from the letters: the script with the most of them, Cyrillic -> ru, Han -> zh,
//              Latin (or no letters) -> en; German, French, Spanish and code are not told apart from English,
//              so the answer says it is a guess and the caller may name the language instead.
//   rejected   a NUL character (binary, or UTF-16 without a byte-order mark); more than 1 % of the characters
//              ill-formed or control characters (binary, or a legacy code page such as Windows-1251); no text.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "result.h"

namespace contextfit {

enum class TextEncoding { utf8, utf8_bom, utf16le, utf16be };
const char* text_encoding_name(TextEncoding e);  // "UTF-8", "UTF-8 with BOM", "UTF-16 LE", "UTF-16 BE"

struct TextStats {
    TextEncoding encoding = TextEncoding::utf8;
    uint64_t file_bytes = 0;         // as fed, including the byte-order mark
    uint64_t utf8_bytes = 0;         // the text in UTF-8 without a byte-order mark (assets/text.json's bytes)
    uint64_t chars = 0;              // code points, an ill-formed sequence as one
    uint64_t words = 0;
    uint64_t lines = 0;
    uint64_t ill_formed = 0;         // ill-formed sequences (each counted in chars)
    uint64_t controls = 0;           // C0/C1 controls other than the white-space ones (tab, LF, VT, FF, CR, NEL)
    uint64_t latin_letters = 0, cyrillic_letters = 0, han_chars = 0;
    std::string language;            // "en", "ru" or "zh" when guessed, else the caller's
    bool language_guessed = true;
};

class TextCounter {
public:
    void feed(std::string_view chunk);
    // True once a NUL character was seen: the input is rejected whatever follows, so a reader may stop.
    bool rejected_early() const { return nuls_ > 0; }
    // The counts so far, with the end of input applied (a truncated sequence at the end is ill-formed), or why the
    // input is not text. An empty `language` asks for a guess. The counter itself is left as it was.
    Result<TextStats> finish(std::string_view language = {}) const;

private:
    void detect_encoding();
    void feed_body(std::string_view bytes);
    void utf8_byte(uint8_t b);
    void utf16_byte(uint8_t b);
    void utf16_unit(uint32_t u);
    void end_of_input();
    void emit(uint32_t code_point);
    void emit_ill_formed();

    TextStats stats_;
    uint64_t nuls_ = 0;
    bool started_ = false;
    char head_[3] = {};              // the first bytes, until the byte-order mark is known
    size_t head_size_ = 0;
    bool in_word_ = false;
    // UTF-8: the code point so far, continuation bytes still due, and the range the next one must lie in.
    uint32_t code_point_ = 0;
    int due_ = 0;
    uint8_t next_low_ = 0x80, next_high_ = 0xBF;
    // UTF-16: the first byte of a code unit, and a high surrogate waiting for its low half.
    int odd_byte_ = -1;
    uint32_t high_surrogate_ = 0;
};

}  // namespace contextfit
