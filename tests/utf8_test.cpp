// UTF-8 (core/utf8.h). Every expected value is worked out by hand from RFC 3629's bit layout and Unicode 15.0
// section 3.9 (Table 3-7, well-formed byte ranges; "U+FFFD Substitution of Maximal Subparts", Tables 3-8 to
// 3-11), and the code points from the Unicode charts.
#include <gtest/gtest.h>

#include <string>

#include "utf8.h"

namespace contextfit {
namespace {

struct DecodeRow {
    const char* name;
    std::string bytes;      // decoded from byte 0
    uint32_t code_point;    // U+FFFD when invalid
    size_t length;          // bytes consumed
    bool valid;
};

class Utf8Decode : public testing::TestWithParam<DecodeRow> {};

TEST_P(Utf8Decode, GivesTheCodePointAndLength) {
    const DecodeRow& r = GetParam();
    const Utf8Char c = utf8_decode(r.bytes, 0);
    EXPECT_EQ(c.code_point, r.code_point);
    EXPECT_EQ(c.length, r.length);
    EXPECT_EQ(c.valid, r.valid);
}

INSTANTIATE_TEST_SUITE_P(
    Sequences, Utf8Decode,
    testing::Values(
        DecodeRow{"Ascii", "A", 0x41, 1, true},
        // л: 110 10000, 10 111011 -> 100 0011 1011 = U+043B (CYRILLIC SMALL LETTER EL)
        DecodeRow{"Cyrillic", "\xD0\xBB", 0x043B, 2, true},
        // €: 1110 0010, 10 000010, 10 101100 -> U+20AC (EURO SIGN)
        DecodeRow{"Euro", "\xE2\x82\xAC", 0x20AC, 3, true},
        // 😀: 11110 000, 10 011111, 10 011000, 10 000000 -> U+1F600 (GRINNING FACE)
        DecodeRow{"Emoji", "\xF0\x9F\x98\x80", 0x1F600, 4, true},
        // U+10FFFF, the last code point: F4 8F BF BF
        DecodeRow{"Last", "\xF4\x8F\xBF\xBF", 0x10FFFF, 4, true},
        // '/' written in two bytes (overlong): C0 is never a lead byte, so the subpart is C0 alone.
        DecodeRow{"OverlongTwoBytes", "\xC0\xAF", 0xFFFD, 1, false},
        // '/' in three bytes: after E0 the second byte must be A0..BF; 80 is not, so E0 alone.
        DecodeRow{"OverlongThreeBytes", "\xE0\x80\xAF", 0xFFFD, 1, false},
        // U+D800, a surrogate: after ED the second byte must be 80..9F; A0 is not, so ED alone.
        DecodeRow{"Surrogate", "\xED\xA0\x80", 0xFFFD, 1, false},
        // U+110000: after F4 the second byte must be 80..8F; 90 is not, so F4 alone.
        DecodeRow{"AboveMax", "\xF4\x90\x80\x80", 0xFFFD, 1, false},
        // F5..FF never start a sequence.
        DecodeRow{"BadLead", "\xF5\x80\x80\x80", 0xFFFD, 1, false},
        DecodeRow{"LoneContinuation", "\x80", 0xFFFD, 1, false},
        // € with its last byte missing: the two bytes that could still have been a character are one subpart.
        DecodeRow{"TruncatedAtEnd", "\xE2\x82", 0xFFFD, 2, false},
        // 😀 with its last byte replaced by 'A': three bytes, then 'A' starts the next character.
        DecodeRow{"TruncatedBeforeAscii", "\xF0\x9F\x98" "A", 0xFFFD, 3, false}),
    [](const testing::TestParamInfo<DecodeRow>& row) { return std::string(row.param.name); });

TEST(Utf8Valid, AcceptsWellFormedTextOnly) {
    EXPECT_TRUE(utf8_valid(""));
    EXPECT_TRUE(utf8_valid("\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82 \xF0\x9F\x98\x80"));  // "Привет 😀"
    EXPECT_FALSE(utf8_valid("ab\xC0\xAF"));
    EXPECT_FALSE(utf8_valid("\xED\xA0\x80"));
    EXPECT_FALSE(utf8_valid("ok\xE2\x82"));
}

TEST(Utf8Prefix, CutsAtACharacterBoundary) {
    EXPECT_EQ(utf8_prefix("a\xD0\xBB", 3), "a\xD0\xBB");   // "aл" is 3 bytes: fits whole
    EXPECT_EQ(utf8_prefix("a\xD0\xBB", 2), "a");           // half of л is dropped
    EXPECT_EQ(utf8_prefix("\xF0\x9F\x98\x80", 3), "");     // the emoji's 4 bytes do not fit in 3
    EXPECT_EQ(utf8_prefix("abc", 0), "");
    EXPECT_EQ(utf8_prefix("abc", 10), "abc");
}

TEST(Utf8ReplaceInvalid, OneReplacementPerMaximalSubpart) {
    const std::string fffd = "\xEF\xBF\xBD";
    EXPECT_EQ(utf8_replace_invalid("a\xD0\xBB"), "a\xD0\xBB");           // well-formed: unchanged
    EXPECT_EQ(utf8_replace_invalid("a\xE2\x82"), "a" + fffd);           // truncated €: one subpart
    // Unicode 15.0 Table 3-11: ED A0 80 (a surrogate) is three subparts, three U+FFFD.
    EXPECT_EQ(utf8_replace_invalid("\xED\xA0\x80"), fffd + fffd + fffd);
    // Table 3-8's row: 61 F1 80 80 E1 80 C2 62 80 63 80 BF 64 -> a FFFD FFFD FFFD b FFFD c FFFD FFFD d
    EXPECT_EQ(utf8_replace_invalid("\x61\xF1\x80\x80\xE1\x80\xC2\x62\x80\x63\x80\xBF\x64"),
              "a" + fffd + fffd + fffd + "b" + fffd + "c" + fffd + fffd + "d");
}

TEST(Utf8Printable, ReplacesControlsAndInvalidBytesAndCuts) {
    EXPECT_EQ(utf8_printable("a\tb\x7F", 40), "a?b?");                    // TAB (U+0009) and DEL (U+007F)
    EXPECT_EQ(utf8_printable("x\x80", 40), "x\xEF\xBF\xBD");               // a lone continuation byte
    EXPECT_EQ(utf8_printable("abcdef", 4), "abcd...");
    EXPECT_EQ(utf8_printable("ab\xD0\xBB", 3), "ab...");                   // л would end past byte 3
    EXPECT_EQ(utf8_printable("ab\xD0\xBB", 4), "ab\xD0\xBB");              // 4 bytes fit whole
}

}  // namespace
}  // namespace contextfit
