// A text file's content: encodings by their byte-order marks, characters, words, the language guess, and the
// inputs that are not text. Byte sequences are written out by hand from the UTF-8 / UTF-16 tables (RFC 3629,
// RFC 2781): "П" is U+041F, D0 9F in UTF-8, 1F 04 in UTF-16 LE.
#include "text_stats.h"

#include <string>

#include <gtest/gtest.h>

namespace contextfit {
namespace {

Result<TextStats> count(std::string_view bytes, std::string_view language = {}) {
    TextCounter c;
    c.feed(bytes);
    return c.finish(language);
}

// The same input fed one byte at a time: every chunk boundary falls inside a character at least once.
Result<TextStats> count_bytewise(std::string_view bytes) {
    TextCounter c;
    for (char b : bytes) c.feed(std::string_view(&b, 1));
    return c.finish();
}

// "Привет, мир!" in UTF-8: 9 Cyrillic letters x 2 B + ", " and "!" = 21 bytes, 12 characters, 2 words.
const std::string privet_utf8 = "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82, \xD0\xBC\xD0\xB8\xD1\x80!";
// "Привет" in UTF-16 LE: П 041F, р 0440, и 0438, в 0432, е 0435, т 0442.
const std::string privet_utf16le = std::string("\x1F\x04\x40\x04\x38\x04\x32\x04\x35\x04\x42\x04", 12);

struct TextRow {
    const char* name;
    std::string bytes;
    TextEncoding encoding;
    uint64_t chars, utf8_bytes, words, lines;
    const char* language;
};

class TextStatsCounts : public testing::TestWithParam<TextRow> {};

void expect_counts(const TextRow& row, const Result<TextStats>& s) {
    ASSERT_TRUE(s.ok()) << s.error().message;
    EXPECT_EQ(s->encoding, row.encoding);
    EXPECT_EQ(s->file_bytes, row.bytes.size());
    EXPECT_EQ(s->chars, row.chars);
    EXPECT_EQ(s->utf8_bytes, row.utf8_bytes);
    EXPECT_EQ(s->words, row.words);
    EXPECT_EQ(s->lines, row.lines);
    EXPECT_EQ(s->ill_formed, 0u);
    EXPECT_EQ(s->language, row.language);
    EXPECT_TRUE(s->language_guessed);
}

TEST_P(TextStatsCounts, WholeInput) { expect_counts(GetParam(), count(GetParam().bytes)); }
TEST_P(TextStatsCounts, OneByteAtATime) { expect_counts(GetParam(), count_bytewise(GetParam().bytes)); }

INSTANTIATE_TEST_SUITE_P(
    Encodings, TextStatsCounts,
    testing::Values(
        TextRow{"ascii_english", "Hello, world!\nSecond line.", TextEncoding::utf8, 26, 26, 4, 1, "en"},
        TextRow{"utf8_russian", privet_utf8, TextEncoding::utf8, 12, 21, 2, 0, "ru"},
        TextRow{"utf8_bom_russian", "\xEF\xBB\xBF" + privet_utf8, TextEncoding::utf8_bom, 12, 21, 2, 0, "ru"},
        TextRow{"utf16le_bom", "\xFF\xFE" + privet_utf16le, TextEncoding::utf16le, 6, 12, 1, 0, "ru"},
        // The same text big-endian: each code unit's bytes swapped.
        TextRow{"utf16be_bom", std::string("\xFE\xFF\x04\x1F\x04\x40\x04\x38\x04\x32\x04\x35\x04\x42", 14),
                TextEncoding::utf16be, 6, 12, 1, 0, "ru"},
        // U+1F600 is the surrogate pair D83D DE00 in UTF-16 (one character, 4 bytes in UTF-8); "a" then a line feed.
        TextRow{"utf16le_surrogate_pair", std::string("\xFF\xFE\x3D\xD8\x00\xDE\x61\x00\x0A\x00", 10),
                TextEncoding::utf16le, 3, 6, 1, 1, "en"},
        // "你好 世界" (U+4F60 U+597D, U+4E16 U+754C): 3 bytes each in UTF-8, 5 characters with the space.
        TextRow{"utf8_chinese", "\xE4\xBD\xA0\xE5\xA5\xBD \xE4\xB8\x96\xE7\x95\x8C", TextEncoding::utf8, 5, 13, 2, 0,
                "zh"},
        // U+10FFFF, the last code point (F4 8F BF BF), and U+00A0 no-break space (C2 A0) between words.
        TextRow{"utf8_edges", "x\xC2\xA0y\xF4\x8F\xBF\xBF", TextEncoding::utf8, 4, 8, 2, 0, "en"},
        // Shorter than a byte-order mark: the encoding is decided at the end.
        TextRow{"two_bytes", "hi", TextEncoding::utf8, 2, 2, 1, 0, "en"}),
    [](const testing::TestParamInfo<TextRow>& info) { return std::string(info.param.name); });

// Ill-formed UTF-8 inside 400 letters (so it stays under the 1 % that rejects the input); each maximal ill-formed
// subpart counts as one character (Unicode §3.9, Table 3-8's examples).
struct IllFormedRow {
    const char* name;
    std::string bytes;
    uint64_t ill_formed;
};

class TextStatsIllFormed : public testing::TestWithParam<IllFormedRow> {};

TEST_P(TextStatsIllFormed, CountedAsReplacementCharacters) {
    const std::string letters(400, 'a');
    const Result<TextStats> s = count(letters + GetParam().bytes + " " + letters);
    ASSERT_TRUE(s.ok()) << s.error().message;
    EXPECT_EQ(s->ill_formed, GetParam().ill_formed);
    EXPECT_EQ(s->chars, 801 + GetParam().ill_formed);
    EXPECT_EQ(s->utf8_bytes, 801 + 3 * GetParam().ill_formed);  // each as U+FFFD, 3 bytes
}

INSTANTIATE_TEST_SUITE_P(
    Rfc3629, TextStatsIllFormed,
    testing::Values(IllFormedRow{"overlong_slash", "\xC0\xAF", 2},            // C0 never starts a character
                    IllFormedRow{"overlong_three_bytes", "\xE0\x80\xAF", 3},  // E0 needs A0..BF next
                    IllFormedRow{"surrogate_d800", "\xED\xA0\x80", 3},        // ED needs 80..9F next
                    IllFormedRow{"above_10ffff", "\xF4\x90\x80\x80", 4},      // F4 needs 80..8F next
                    IllFormedRow{"f5_lead", "\xF5\x80", 2},
                    IllFormedRow{"stray_continuation", "\x80", 1},
                    IllFormedRow{"truncated_then_space", "\xE2\x82", 1}),  // one maximal subpart
    [](const testing::TestParamInfo<IllFormedRow>& info) { return std::string(info.param.name); });

TEST(TextStats, TruncatedAtTheEnd) {
    const Result<TextStats> s = count(std::string(400, 'a') + "\xD0");
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s->ill_formed, 1u);
    EXPECT_EQ(s->chars, 401u);
}

TEST(TextStats, Utf16UnpairedSurrogateAndOddByte) {
    // 200 x "a" (61 00), a lone low surrogate DC00, and a dangling last byte.
    std::string bytes = "\xFF\xFE";
    for (int i = 0; i < 200; ++i) bytes += std::string("a\0", 2);
    bytes += std::string("\x00\xDC", 2) + "b";
    const Result<TextStats> s = count(bytes);
    ASSERT_TRUE(s.ok()) << s.error().message;
    EXPECT_EQ(s->ill_formed, 2u);
    EXPECT_EQ(s->chars, 202u);
}

TEST(TextStats, FinishLeavesTheCounterAsItWas) {
    // "abc" and the first byte of "Я" (D0 AF): finished there, the cut character is ill-formed (1 of 4: rejected);
    // fed on, it completes.
    TextCounter c;
    c.feed("abc\xD0");
    EXPECT_FALSE(c.finish().ok());
    c.feed("\xAF");
    const Result<TextStats> s = c.finish();
    ASSERT_TRUE(s.ok()) << s.error().message;
    EXPECT_EQ(s->chars, 4u);
    EXPECT_EQ(s->ill_formed, 0u);
    EXPECT_EQ(s->cyrillic_letters, 1u);
}

TEST(TextStats, ChunkBoundaryInsideTheByteOrderMarkAndACharacter) {
    TextCounter c;
    for (std::string_view chunk : {"\xEF", "\xBB\xBF\xD0", "\x9F\xD1", "\x80"}) c.feed(chunk);  // BOM, "Пр"
    const Result<TextStats> s = c.finish();
    ASSERT_TRUE(s.ok()) << s.error().message;
    EXPECT_EQ(s->encoding, TextEncoding::utf8_bom);
    EXPECT_EQ(s->chars, 2u);
    EXPECT_EQ(s->ill_formed, 0u);
}

TEST(TextStats, LanguageGuessAndOverride) {
    // Mostly Cyrillic with a few Latin words: ru; the caller may say otherwise.
    const std::string mixed = privet_utf8 + " Hi";
    EXPECT_EQ(count(mixed)->language, "ru");
    const Result<TextStats> s = count(mixed, "en");
    EXPECT_EQ(s->language, "en");
    EXPECT_FALSE(s->language_guessed);
    EXPECT_EQ(s->cyrillic_letters, 9u);
    EXPECT_EQ(s->latin_letters, 2u);
}

struct RejectRow {
    const char* name;
    std::string bytes;
    const char* message_part;
};

class TextStatsRejects : public testing::TestWithParam<RejectRow> {};

TEST_P(TextStatsRejects, SaysWhyAndWhatIsAccepted) {
    const Result<TextStats> s = count(GetParam().bytes);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().code, ErrorCode::invalid_input);
    EXPECT_NE(s.error().message.find(GetParam().message_part), std::string::npos) << s.error().message;
    EXPECT_NE(s.error().message.find("accepted: text in UTF-8"), std::string::npos) << s.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Inputs, TextStatsRejects,
    testing::Values(
        RejectRow{"empty", "", "the input is empty"},
        RejectRow{"bom_only_utf8", "\xEF\xBB\xBF", "only a byte-order mark"},
        RejectRow{"bom_only_utf16", "\xFF\xFE", "only a byte-order mark"},
        // A zip header: PK 03 04 and NUL bytes.
        RejectRow{"zip", std::string("PK\x03\x04\x14\x00\x00\x00\x08\x00", 10), "NUL characters"},
        // UTF-16 LE without a byte-order mark: "Hi" as 48 00 69 00.
        RejectRow{"utf16_without_bom", std::string("H\0i\0", 4), "UTF-16 without a byte-order mark"},
        // "Привет мир" in Windows-1251 (CF F0 E8 E2 E5 F2 20 EC E8 F0): not UTF-8.
        RejectRow{"windows_1251", "\xCF\xF0\xE8\xE2\xE5\xF2 \xEC\xE8\xF0", "Windows-1251"},
        // 2 control characters (ESC) in 100: above 1 %.
        RejectRow{"controls", std::string(98, 'a') + "\x1B\x1B", "2 of 100 characters"}),
    [](const testing::TestParamInfo<RejectRow>& info) { return std::string(info.param.name); });

TEST(TextStats, FewControlsAreAccepted) {
    // One form feed is white space; one ESC in 200 characters (0.5 %) is counted, not rejected.
    const Result<TextStats> s = count(std::string(99, 'a') + "\f" + std::string(99, 'b') + "\x1B");
    ASSERT_TRUE(s.ok()) << s.error().message;
    EXPECT_EQ(s->controls, 1u);
    EXPECT_EQ(s->words, 2u);
}

TEST(TextStats, NulStopsEarly) {
    TextCounter c;
    c.feed("text");
    EXPECT_FALSE(c.rejected_early());
    c.feed(std::string_view("\0", 1));
    EXPECT_TRUE(c.rejected_early());
}

TEST(TextStats, EncodingNames) {
    EXPECT_STREQ(text_encoding_name(TextEncoding::utf8_bom), "UTF-8 with BOM");
    EXPECT_STREQ(text_encoding_name(TextEncoding::utf16be), "UTF-16 BE");
}

}  // namespace
}  // namespace contextfit
