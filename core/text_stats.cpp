#include "text_stats.h"

#include <iterator>
#include <string>

namespace contextfit {
namespace {

constexpr const char* encoding_names[] = {"UTF-8", "UTF-8 with BOM", "UTF-16 LE", "UTF-16 BE"};
static_assert(std::size(encoding_names) == static_cast<size_t>(TextEncoding::utf16be) + 1, "one name per encoding");

constexpr const char* accepted =
    "accepted: text in UTF-8 (with or without a byte-order mark) or UTF-16 LE/BE with a byte-order mark";

// Unicode White_Space (PropList.txt, Unicode 15).
bool is_space(uint32_t c) {
    return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
           (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

bool is_control(uint32_t c) { return c < 0x20 || (c >= 0x7F && c <= 0x9F); }

// Letters of the three scripts the guess tells apart (Unicode blocks: Basic Latin, Latin-1 Supplement without
// × and ÷, Latin Extended-A/B and Additional; Cyrillic and its Supplement; CJK Unified Ideographs, Extension A,
// Compatibility, and Extensions B-G).
bool is_latin(uint32_t c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) ||
           (c >= 0x1E00 && c <= 0x1EFF);
}
bool is_cyrillic(uint32_t c) { return c >= 0x400 && c <= 0x52F; }
bool is_han(uint32_t c) {
    return (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0x20000 && c <= 0x3134F);
}

uint64_t utf8_length(uint32_t c) { return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4; }

constexpr uint32_t replacement_utf8_bytes = 3;  // U+FFFD

std::string guess_language(const TextStats& s) {
    if (s.cyrillic_letters > s.latin_letters && s.cyrillic_letters >= s.han_chars) return "ru";
    if (s.han_chars > s.latin_letters) return "zh";
    return "en";
}

Status check_text(const TextStats& s, uint64_t nuls) {
    if (nuls > 0)
        return make_error(ErrorCode::invalid_input, "the input holds NUL characters: a binary file, or UTF-16 "
                                                    "without a byte-order mark; " + std::string(accepted),
                          "error_text_binary", {});
    if (s.chars == 0)
        return make_error(ErrorCode::invalid_input, std::string(s.file_bytes == 0 ? "the input is empty"
                                                                                   : "the input holds only a byte-order mark") +
                                                        ": no text to count; " + accepted,
                          s.file_bytes == 0 ? "error_text_empty" : "error_text_only_bom", {});
    // More than 1 in 100 characters broken or control: not text in this encoding.
    if ((s.ill_formed + s.controls) * 100 > s.chars)
        return make_error(ErrorCode::invalid_input,
                          "the input is not " + std::string(text_encoding_name(s.encoding)) + " text: " +
                              std::to_string(s.ill_formed + s.controls) + " of " + std::to_string(s.chars) +
                              " characters are ill-formed or control characters (a binary file, or text in a legacy "
                              "code page such as Windows-1251: save it as UTF-8); " + accepted,
                          "error_text_not_text", {{"encoding", text_encoding_name(s.encoding)},
                                                  {"bad", std::to_string(s.ill_formed + s.controls)},
                                                  {"chars", std::to_string(s.chars)}});
    return ok_status();
}

}  // namespace

const char* text_encoding_name(TextEncoding e) { return encoding_names[static_cast<size_t>(e)]; }

void TextCounter::feed(std::string_view chunk) {
    stats_.file_bytes += chunk.size();
    while (!started_ && !chunk.empty()) {
        head_[head_size_++] = chunk.front();
        chunk.remove_prefix(1);
        if (head_size_ == sizeof head_) detect_encoding();
    }
    feed_body(chunk);
}

// The byte-order mark decides (the Unicode FAQ "UTF-8, UTF-16, UTF-32 & BOM"); the head bytes after it are text.
void TextCounter::detect_encoding() {
    const std::string_view head(head_, head_size_);
    size_t bom = 0;
    if (head.substr(0, 3) == "\xEF\xBB\xBF") {
        stats_.encoding = TextEncoding::utf8_bom;
        bom = 3;
    } else if (head.substr(0, 2) == "\xFF\xFE") {
        stats_.encoding = TextEncoding::utf16le;
        bom = 2;
    } else if (head.substr(0, 2) == "\xFE\xFF") {
        stats_.encoding = TextEncoding::utf16be;
        bom = 2;
    }
    started_ = true;
    feed_body(head.substr(bom));
}

void TextCounter::feed_body(std::string_view bytes) {
    const bool utf16 = stats_.encoding == TextEncoding::utf16le || stats_.encoding == TextEncoding::utf16be;
    for (char c : bytes) {
        const auto b = static_cast<uint8_t>(c);
        if (utf16)
            utf16_byte(b);
        else
            utf8_byte(b);
    }
}

// RFC 3629 §4 as a table of lead bytes: each sets how many continuation bytes follow and the range the first one
// must lie in (E0: A0..BF against overlongs, ED: 80..9F against surrogates, F0: 90..BF, F4: 80..8F up to U+10FFFF).
void TextCounter::utf8_byte(uint8_t b) {
    if (due_ > 0) {
        if (b >= next_low_ && b <= next_high_) {
            code_point_ = (code_point_ << 6) | (b & 0x3Fu);
            next_low_ = 0x80;
            next_high_ = 0xBF;
            if (--due_ == 0) emit(code_point_);
            return;
        }
        emit_ill_formed();  // the sequence ends here; this byte starts anew
        due_ = 0;
    }
    next_low_ = 0x80;
    next_high_ = 0xBF;
    if (b < 0x80) {
        emit(b);
    } else if (b >= 0xC2 && b <= 0xDF) {
        due_ = 1;
        code_point_ = b & 0x1Fu;
    } else if (b >= 0xE0 && b <= 0xEF) {
        due_ = 2;
        code_point_ = b & 0x0Fu;
        if (b == 0xE0) next_low_ = 0xA0;
        if (b == 0xED) next_high_ = 0x9F;
    } else if (b >= 0xF0 && b <= 0xF4) {
        due_ = 3;
        code_point_ = b & 0x07u;
        if (b == 0xF0) next_low_ = 0x90;
        if (b == 0xF4) next_high_ = 0x8F;
    } else {
        emit_ill_formed();  // a stray continuation byte, C0, C1 or F5..FF
    }
}

void TextCounter::utf16_byte(uint8_t b) {
    if (odd_byte_ < 0) {
        odd_byte_ = b;
        return;
    }
    const auto first = static_cast<uint32_t>(odd_byte_);
    odd_byte_ = -1;
    utf16_unit(stats_.encoding == TextEncoding::utf16le ? first | (uint32_t{b} << 8) : (first << 8) | b);
}

void TextCounter::utf16_unit(uint32_t u) {
    const bool high = u >= 0xD800 && u <= 0xDBFF, low = u >= 0xDC00 && u <= 0xDFFF;
    if (high_surrogate_ != 0) {
        const uint32_t first = high_surrogate_;
        high_surrogate_ = 0;
        if (low) {
            emit(0x10000 + ((first - 0xD800) << 10) + (u - 0xDC00));
            return;
        }
        emit_ill_formed();
    }
    if (high)
        high_surrogate_ = u;
    else if (low)
        emit_ill_formed();
    else
        emit(u);
}

void TextCounter::end_of_input() {
    if (!started_) detect_encoding();
    if (due_ > 0 || odd_byte_ >= 0 || high_surrogate_ != 0) emit_ill_formed();
    due_ = 0;
    odd_byte_ = -1;
    high_surrogate_ = 0;
}

void TextCounter::emit(uint32_t c) {
    ++stats_.chars;
    stats_.utf8_bytes += utf8_length(c);
    if (c == 0) ++nuls_;
    if (c == '\n') ++stats_.lines;
    if (is_space(c)) {
        in_word_ = false;
        return;
    }
    if (is_control(c)) ++stats_.controls;
    if (is_latin(c)) ++stats_.latin_letters;
    if (is_cyrillic(c)) ++stats_.cyrillic_letters;
    if (is_han(c)) ++stats_.han_chars;
    if (!in_word_) ++stats_.words;
    in_word_ = true;
}

void TextCounter::emit_ill_formed() {
    ++stats_.ill_formed;
    ++stats_.chars;
    stats_.utf8_bytes += replacement_utf8_bytes;
    if (!in_word_) ++stats_.words;
    in_word_ = true;
}

Result<TextStats> TextCounter::finish(std::string_view language) const {
    TextCounter end = *this;
    end.end_of_input();
    if (Status text = check_text(end.stats_, end.nuls_); !text) return text.error();
    TextStats s = end.stats_;
    s.language_guessed = language.empty();
    s.language = language.empty() ? guess_language(s) : std::string(language);
    return s;
}

}  // namespace contextfit
