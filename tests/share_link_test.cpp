// Share-link codec (core/share_link.h). Expected values are written by hand from the layout in the header:
// sizes from the unit table in size_parse.h (GiB = 2^30, GB = 10^9), escapes from RFC 3986 section 2.1.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "embedded_assets.h"
#include "estimate.h"
#include "share_link.h"

namespace contextfit {
namespace {

// ---- parse: one row per input, expected fields and notices ----

struct ExpectedNotice {
    std::string key;
    std::string value;
    ShareProblem problem;
};

struct ParseRow {
    const char* name;
    std::string fragment;
    ShareLink expected;
    std::vector<ExpectedNotice> notices;
};

ShareLink full_link() {
    ShareLink l;
    l.ram = "1000GiB";
    l.ram_bytes = 1000ull << 30;  // 1000 x 1,073,741,824 = 1,073,741,824,000
    l.model = "llama-3.1-70b";
    l.weights = "q4_k_m";
    l.kv = "f16";
    l.runtime = "llama.cpp";
    l.seqs = 1;
    l.lang = "ru";
    l.page = "standard";
    l.reserve = "2GiB";
    l.reserve_bytes = 2147483648ull;
    l.has_reserve = true;
    return l;
}

ShareLink only_ram(const char* text, uint64_t bytes) {
    ShareLink l;
    l.ram = text;
    l.ram_bytes = bytes;
    return l;
}

ShareLink only_model(const char* id) {
    ShareLink l;
    l.model = id;
    return l;
}

std::vector<ParseRow> parse_rows() {
    return {
        {"IssueExample", "#ram=1000GiB&model=llama-3.1-70b&weights=q4_k_m&kv=f16&runtime=llama.cpp&seqs=1&lang=ru&page=standard&reserve=2GiB",
         full_link(), {}},
        {"EmptyFragment", "", ShareLink{}, {}},
        {"HashOnly", "#", ShareLink{}, {}},
        {"NoLeadingHash", "ram=1TB", only_ram("1TB", 1000000000000ull), {}},
        // %20 is a space; the stored text drops it, the bytes are 1.5 x 2^40 = 1,649,267,441,664.
        {"PercentSpaceInSize", "#ram=1.5%20TiB", only_ram("1.5TiB", 1649267441664ull), {}},
        {"EmptyPairsSkipped", "#&&ram=64G&", only_ram("64G", 64ull << 30), {}},
        {"RepeatedKeyFirstWins", "#model=a&model=b", only_model("a"), {{"model", "b", ShareProblem::repeated_key}}},
        {"UnknownKey", "#foo=bar&model=x", only_model("x"), {{"foo", "bar", ShareProblem::unknown_key}}},
        {"BadEscapeShortAtEnd", "#model=ab%4", ShareLink{}, {{"model", "ab%4", ShareProblem::bad_escape}}},
        {"BadEscapeNotHex", "#model=%zz", ShareLink{}, {{"model", "%zz", ShareProblem::bad_escape}}},
        {"EscapedNulRefused", "#model=a%00b", ShareLink{}, {{"model", "a%00b", ShareProblem::bad_escape}}},
        // %C0%AF is an overlong '/', not valid UTF-8.
        {"OverlongUtf8Refused", "#model=%C0%AF", ShareLink{}, {{"model", "%C0%AF", ShareProblem::bad_escape}}},
        {"RawNulByte", std::string("#model=a\0b", 10), ShareLink{}, {{"model", std::string("a\0b", 3), ShareProblem::bad_escape}}},
        // Cyrillic "лама" decodes fine but is not an id.
        {"CyrillicIdRefused", "#model=%D0%BB%D0%B0%D0%BC%D0%B0", ShareLink{},
         {{"model", "лама", ShareProblem::bad_value}}},
        {"RamZeroRefused", "#ram=0GB", ShareLink{}, {{"ram", "0GB", ShareProblem::bad_value}}},
        {"RamBadUnit", "#ram=16GX", ShareLink{}, {{"ram", "16GX", ShareProblem::bad_value}}},
        {"RamAbovePiB", "#ram=2PiB", ShareLink{}, {{"ram", "2PiB", ShareProblem::bad_value}}},
        {"ReserveZeroAccepted", "#reserve=0", [] { ShareLink l; l.reserve = "0"; l.has_reserve = true; return l; }(), {}},
        {"SeqsZero", "#seqs=0", ShareLink{}, {{"seqs", "0", ShareProblem::bad_value}}},
        {"SeqsMax", "#seqs=4096", [] { ShareLink l; l.seqs = 4096; return l; }(), {}},
        {"SeqsOverMax", "#seqs=4097", ShareLink{}, {{"seqs", "4097", ShareProblem::bad_value}}},
        {"SeqsNegative", "#seqs=-1", ShareLink{}, {{"seqs", "-1", ShareProblem::bad_value}}},
        {"SeqsHuge", "#seqs=99999999999999999999", ShareLink{}, {{"seqs", "99999999999999999999", ShareProblem::bad_value}}},
        {"RuntimeUnknown", "#runtime=ollama", ShareLink{}, {{"runtime", "ollama", ShareProblem::bad_value}}},
        {"UiRu", "#ui=ru", [] { ShareLink l; l.ui = "ru"; return l; }(), {}},
        {"UiUnknown", "#ui=de", ShareLink{}, {{"ui", "de", ShareProblem::bad_value}}},
        {"EmptyValue", "#model=", ShareLink{}, {{"model", "", ShareProblem::empty_value}}},
        {"KeyWithoutEquals", "#model", ShareLink{}, {{"model", "", ShareProblem::empty_value}}},
        // 41 x 'a': shown as the first 40 and "...".
        {"LongValueShownShort", "#zz=" + std::string(41, 'a'), ShareLink{},
         {{"zz", std::string(40, 'a') + "...", ShareProblem::unknown_key}}},
        // 4097 bytes: over the 4 KiB bound, nothing applied.
        {"TooLong", "#ram=1TB&model=" + std::string(4097 - 15, 'a'), ShareLink{},
         {{"", "4097 bytes", ShareProblem::too_long}}},
        // 20 unknown keys: 15 listed, then one notice standing for the other 5 (16 in all).
        {"ManyNoticesCapped",
         "#a=1&b=1&c=1&d=1&e=1&f=1&g=1&h=1&i=1&j=1&k=1&l=1&m=1&n=1&o=1&p=1&q=1&r=1&s=1&t=1", ShareLink{},
         {{"a", "1", ShareProblem::unknown_key}, {"b", "1", ShareProblem::unknown_key},
          {"c", "1", ShareProblem::unknown_key}, {"d", "1", ShareProblem::unknown_key},
          {"e", "1", ShareProblem::unknown_key}, {"f", "1", ShareProblem::unknown_key},
          {"g", "1", ShareProblem::unknown_key}, {"h", "1", ShareProblem::unknown_key},
          {"i", "1", ShareProblem::unknown_key}, {"j", "1", ShareProblem::unknown_key},
          {"k", "1", ShareProblem::unknown_key}, {"l", "1", ShareProblem::unknown_key},
          {"m", "1", ShareProblem::unknown_key}, {"n", "1", ShareProblem::unknown_key},
          {"o", "1", ShareProblem::unknown_key}, {"", "5", ShareProblem::more_notices}}},
    };
}

class ShareLinkParse : public testing::TestWithParam<ParseRow> {};

TEST_P(ShareLinkParse, FieldsAndNotices) {
    const ParseRow& row = GetParam();
    const ShareParse got = parse_share_link(row.fragment);
    const ShareLink& e = row.expected;
    EXPECT_EQ(got.link.ram, e.ram);
    EXPECT_EQ(got.link.ram_bytes, e.ram_bytes);
    EXPECT_EQ(got.link.reserve, e.reserve);
    EXPECT_EQ(got.link.reserve_bytes, e.reserve_bytes);
    EXPECT_EQ(got.link.has_reserve, e.has_reserve);
    EXPECT_EQ(got.link.model, e.model);
    EXPECT_EQ(got.link.weights, e.weights);
    EXPECT_EQ(got.link.kv, e.kv);
    EXPECT_EQ(got.link.runtime, e.runtime);
    EXPECT_EQ(got.link.seqs, e.seqs);
    EXPECT_EQ(got.link.lang, e.lang);
    EXPECT_EQ(got.link.page, e.page);
    EXPECT_EQ(got.link.ui, e.ui);
    ASSERT_EQ(got.notices.size(), row.notices.size());
    for (size_t i = 0; i < row.notices.size(); ++i) {
        EXPECT_EQ(got.notices[i].key, row.notices[i].key) << "notice " << i;
        // Control bytes are shown as '?'.
        std::string value = row.notices[i].value;
        for (char& c : value)
            if (c == '\0') c = '?';
        EXPECT_EQ(got.notices[i].value, value) << "notice " << i;
        EXPECT_STREQ(share_problem_name(got.notices[i].problem), share_problem_name(row.notices[i].problem))
            << "notice " << i;
        if (row.notices[i].problem != ShareProblem::more_notices) {
            EXPECT_FALSE(got.notices[i].accepted.empty()) << "notice " << i << " must say what is accepted";
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Rows, ShareLinkParse, testing::ValuesIn(parse_rows()),
                         [](const testing::TestParamInfo<ParseRow>& row_info) { return std::string(row_info.param.name); });

// ---- serialize: fields in, exact text out ----

struct SerializeRow {
    const char* name;
    ShareLink link;
    std::string expected;
};

std::vector<SerializeRow> serialize_rows() {
    ShareLink with_space;
    with_space.ram = "1.5 TiB";
    ShareLink cyrillic;
    cyrillic.model = "лама";  // U+043B U+0430 U+043C U+0430 -> D0 BB D0 B0 D0 BC D0 B0
    ShareLink reserve_zero;
    reserve_zero.reserve = "0";
    reserve_zero.has_reserve = true;
    ShareLink reserve_unset;
    reserve_unset.reserve = "2GiB";  // has_reserve false: not written
    return {
        {"Empty", ShareLink{}, ""},
        {"FullInLayoutOrder", full_link(),
         "#ram=1000GiB&reserve=2GiB&model=llama-3.1-70b&weights=q4_k_m&kv=f16&runtime=llama.cpp&seqs=1&lang=ru&page=standard"},
        {"SpaceEscaped", with_space, "#ram=1.5%20TiB"},
        {"CyrillicEscaped", cyrillic, "#model=%D0%BB%D0%B0%D0%BC%D0%B0"},
        {"ReserveZeroWritten", reserve_zero, "#reserve=0"},
        {"ReserveUnsetOmitted", reserve_unset, ""},
    };
}

class ShareLinkSerialize : public testing::TestWithParam<SerializeRow> {};

TEST_P(ShareLinkSerialize, ExactText) { EXPECT_EQ(serialize_share_link(GetParam().link), GetParam().expected); }

INSTANTIATE_TEST_SUITE_P(Rows, ShareLinkSerialize, testing::ValuesIn(serialize_rows()),
                         [](const testing::TestParamInfo<SerializeRow>& row_info) { return std::string(row_info.param.name); });

TEST(ShareLinkRoundTrip, SerializedLinkParsesBackToTheSameFields) {
    const ShareLink original = full_link();
    const ShareParse back = parse_share_link(serialize_share_link(original));
    EXPECT_TRUE(back.notices.empty());
    EXPECT_EQ(serialize_share_link(back.link), serialize_share_link(original));
    EXPECT_EQ(back.link.ram_bytes, original.ram_bytes);
}

TEST(ShareLinkPercentEncode, ReservedAndControlBytes) {
    // RFC 3986 unreserved characters stay; '&', '=', '#', '%' and NUL are escaped.
    EXPECT_EQ(percent_encode("a-b_c.d~e"), "a-b_c.d~e");
    EXPECT_EQ(percent_encode(std::string("&=#%\0", 5)), "%26%3D%23%25%00");
}

// ---- check against the catalog ----

struct CheckRow {
    const char* name;
    std::string fragment;
    std::string kept;                       // the serialized link after the check
    std::vector<std::string> notice_keys;   // keys of the notices, in order
};

std::vector<CheckRow> check_rows() {
    return {
        {"AllKnown", "#model=llama-3.1-70b&weights=q4_k_m&kv=q8_0&lang=ru&page=book",
         "#model=llama-3.1-70b&weights=q4_k_m&kv=q8_0&lang=ru&page=book", {}},
        {"UnknownModel", "#ram=64GiB&model=llama-9", "#ram=64GiB", {"model"}},
        {"UnknownWeights", "#weights=q9_9", "", {"weights"}},
        // fp8 is a vLLM cache type; llama.cpp (the default runtime) does not take it.
        {"KvForWrongRuntime", "#kv=fp8", "", {"kv"}},
        {"KvForVllm", "#kv=fp8&runtime=vllm", "#kv=fp8&runtime=vllm", {}},
        {"UnknownLangAndPage", "#lang=xx&page=yy", "", {"lang", "page"}},
    };
}

class ShareLinkCheck : public testing::TestWithParam<CheckRow> {
protected:
    static const Assets& assets() {
        static const Result<Assets> a = Assets::parse(embedded_models_json(), embedded_weight_formats_json(),
                                                      embedded_text_json(), embedded_strings_json());
        return *a;
    }
};

TEST_P(ShareLinkCheck, UnknownIdsAreClearedAndReported) {
    ShareParse parsed = parse_share_link(GetParam().fragment);
    ASSERT_TRUE(parsed.notices.empty());
    check_share_link(assets(), parsed);
    EXPECT_EQ(serialize_share_link(parsed.link), GetParam().kept);
    ASSERT_EQ(parsed.notices.size(), GetParam().notice_keys.size());
    for (size_t i = 0; i < parsed.notices.size(); ++i) {
        EXPECT_EQ(parsed.notices[i].key, GetParam().notice_keys[i]);
        EXPECT_EQ(parsed.notices[i].problem, ShareProblem::bad_value);
        EXPECT_FALSE(parsed.notices[i].accepted.empty());
    }
}

INSTANTIATE_TEST_SUITE_P(Rows, ShareLinkCheck, testing::ValuesIn(check_rows()),
                         [](const testing::TestParamInfo<CheckRow>& row_info) { return std::string(row_info.param.name); });

// ---- size text split for the UI ----

TEST(SplitSizeText, NumberAndUnit) {
    SizeParts p = split_size_text("1.5 TiB");
    EXPECT_TRUE(p.ok);
    EXPECT_DOUBLE_EQ(p.amount, 1.5);
    EXPECT_EQ(p.unit, "TiB");
    p = split_size_text("1000GiB");
    EXPECT_TRUE(p.ok);
    EXPECT_DOUBLE_EQ(p.amount, 1000.0);
    EXPECT_EQ(p.unit, "GiB");
    EXPECT_FALSE(split_size_text("GiB").ok);
    EXPECT_FALSE(split_size_text("1.2.3GB").ok);
    EXPECT_FALSE(split_size_text("12 G B").ok);
}

}  // namespace
}  // namespace contextfit
