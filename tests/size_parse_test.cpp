#include "size_parse.h"

#include <gtest/gtest.h>

namespace contextfit {
namespace {

struct SizeRow {
    const char* name;
    const char* input;
    uint64_t bytes;
};

class SizeParse : public testing::TestWithParam<SizeRow> {};

TEST_P(SizeParse, Bytes) {
    Result<uint64_t> r = parse_size(GetParam().input);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r.value(), GetParam().bytes);
}

// Expected values are the unit definitions multiplied out by hand.
INSTANTIATE_TEST_SUITE_P(
    Accepted, SizeParse,
    testing::Values(SizeRow{"SI_GB", "1000GB", 1000000000000ull}, SizeRow{"SI_TB_space", "1 TB", 1000000000000ull},
                    SizeRow{"GiB", "512GiB", 549755813888ull}, SizeRow{"TiB_fraction", "1.5TiB", 1649267441664ull},
                    SizeRow{"bare_G_is_binary", "64G", 68719476736ull}, SizeRow{"MB", "65536MB", 65536000000ull},
                    SizeRow{"plain_bytes", "17179869184", 17179869184ull}, SizeRow{"lower_case", "16gib", 17179869184ull},
                    SizeRow{"spaces_around", "  8 GiB ", 8589934592ull}, SizeRow{"zero", "0", 0},
                    SizeRow{"one_byte", "1B", 1}, SizeRow{"half_KiB", "0.5KiB", 512},
                    SizeRow{"largest", "1PiB", 1125899906842624ull}, SizeRow{"leading_dot", ".5GiB", 536870912ull},
                    SizeRow{"Gi_suffix", "2Gi", 2147483648ull}, SizeRow{"plus_sign", "+1KB", 1000},
                    // The decimal comma: 1.5 x 2^40 = 1649267441664; 0.25 x 10^9; four digits after it are a
                    // fraction (1.5000 TiB), two too (12.50 GB = 12500000000).
                    SizeRow{"comma_TiB", "1,5TiB", 1649267441664ull}, SizeRow{"comma_space", "1,5 TiB", 1649267441664ull},
                    SizeRow{"comma_leading_zero", "0,25GB", 250000000ull},
                    SizeRow{"comma_four_digits", "1,5000TiB", 1649267441664ull},
                    SizeRow{"comma_two_digits", "12,50GB", 12500000000ull}),
    [](const testing::TestParamInfo<SizeRow>& info) { return std::string(info.param.name); });

struct BadRow {
    const char* name;
    const char* input;
    const char* message_part;
};

class SizeParseRejects : public testing::TestWithParam<BadRow> {};

TEST_P(SizeParseRejects, WithPreciseMessage) {
    Result<uint64_t> r = parse_size(GetParam().input);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find(GetParam().message_part), std::string::npos) << r.error().message;
    // Every message tells the accepted forms.
    EXPECT_NE(r.error().message.find("GiB"), std::string::npos) << r.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Rejected, SizeParseRejects,
    testing::Values(BadRow{"empty", "", "empty"}, BadRow{"blank", "   ", "empty"},
                    BadRow{"negative", "-5GB", "negative"}, BadRow{"unknown_unit", "16 GX", "unknown unit 'gx'"},
                    BadRow{"nan", "nan", "no number"}, BadRow{"inf_unit", "5inf", "not a finite number"},
                    BadRow{"comma_three_digits", "1,500GB", "ambiguous (\"1.500GB\" or \"1500GB\"?)"},
                    BadRow{"comma_three_digits_spaced", " 2,048 MiB ", "(\"2.048 MiB\" or \"2048 MiB\"?)"},
                    BadRow{"digit_grouping", "1,000,000", "grouping"}, BadRow{"grouping_then_point", "1,000.5GB", "grouping"},
                    BadRow{"exponent", "1e12", "exponent"},
                    BadRow{"above_1PiB", "2PiB", "largest"}, BadRow{"overflow", "99999999999999999999999", "too large"},
                    BadRow{"absurd_TB", "5000000TB", "largest"}, BadRow{"trailing", "5 GB extra", "after the unit"},
                    BadRow{"only_unit", "GB", "no number"}, BadRow{"just_dot", ".", "no number"}),
    [](const testing::TestParamInfo<BadRow>& info) { return std::string(info.param.name); });

// ---- memory sizes: a bare number is GiB ----

struct MemoryRow {
    const char* name;
    const char* input;
    uint64_t bytes;
    bool bare;
};

class MemorySizeParse : public testing::TestWithParam<MemoryRow> {};

TEST_P(MemorySizeParse, BytesAndHowItWasRead) {
    Result<MemorySize> r = parse_memory_size(GetParam().input);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->bytes, GetParam().bytes);
    EXPECT_EQ(r->bare_number_as_gib, GetParam().bare);
}

// 16 GiB = 16 x 2^30 = 17179869184; 1.5 GiB = 1610612736; units given keep their meaning.
INSTANTIATE_TEST_SUITE_P(
    Read, MemorySizeParse,
    testing::Values(MemoryRow{"bare_16_is_GiB", "16", 17179869184ull, true},
                    MemoryRow{"bare_spaces", " 16 ", 17179869184ull, true},
                    MemoryRow{"bare_comma", "1,5", 1610612736ull, true},
                    MemoryRow{"bare_point", "1.5", 1610612736ull, true},
                    MemoryRow{"zero_is_zero", "0", 0, false},
                    MemoryRow{"bytes_when_asked", "16B", 16, false},
                    MemoryRow{"GB_stays_decimal", "16GB", 16000000000ull, false},
                    MemoryRow{"G_stays_binary", "16G", 17179869184ull, false}),
    [](const testing::TestParamInfo<MemoryRow>& info) { return std::string(info.param.name); });

TEST(MemorySizeParse, BareNumberTooLargeSaysHowItWasRead) {
    Result<MemorySize> r = parse_memory_size("17179869184");  // 2^34 GiB: far above 1 PiB
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("without a unit is read as GiB"), std::string::npos) << r.error().message;
    EXPECT_NE(r.error().message.find("write B for bytes"), std::string::npos) << r.error().message;
}

TEST(SizeParse, HostileBytesDoNotLeakIntoMessage) {
    const std::string hostile = std::string("12\x01\x02", 4) + std::string(500, 'x');
    Result<uint64_t> r = parse_size(hostile);
    ASSERT_FALSE(r.ok());
    EXPECT_LT(r.error().message.size(), 400u);
    EXPECT_EQ(r.error().message.find('\x01'), std::string::npos);
}

TEST(FormatSize, BinaryAndDecimal) {
    EXPECT_EQ(format_size(17179869184ull, true), "16.00 GiB");
    EXPECT_EQ(format_size(17179869184ull, false), "17.18 GB");
    EXPECT_EQ(format_size(512, true), "512 B");
}

// ---- size text split into number and unit (for the page's amount + unit picker) ----

TEST(SplitSizeText, NumberAndUnit) {
    SizeParts p = split_size_text("1.5 TiB");
    EXPECT_TRUE(p.ok);
    EXPECT_DOUBLE_EQ(p.amount, 1.5);
    EXPECT_EQ(p.unit, "TiB");
    p = split_size_text("1000GiB");
    EXPECT_TRUE(p.ok);
    EXPECT_DOUBLE_EQ(p.amount, 1000.0);
    EXPECT_EQ(p.unit, "GiB");
    p = split_size_text("1,5 TiB");  // the decimal comma, as parse_size reads it
    EXPECT_TRUE(p.ok);
    EXPECT_DOUBLE_EQ(p.amount, 1.5);
    EXPECT_FALSE(split_size_text("1,5.2TiB").ok);
    EXPECT_FALSE(split_size_text("GiB").ok);
    EXPECT_FALSE(split_size_text("1.2.3GB").ok);
    EXPECT_FALSE(split_size_text("12 G B").ok);
}

}  // namespace
}  // namespace contextfit
