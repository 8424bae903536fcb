// Share-link codec (core/share_link.h). Expected values are written by hand from the layout in the header:
// sizes from the unit table in size_parse.h (GiB = 2^30, GB = 10^9), escapes from RFC 3986 section 2.1.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "embedded_assets.h"
#include "estimate.h"
#include "percent.h"
#include "share_link.h"

namespace contextfit {
namespace {

// ---- parse: one row per input, expected fields and notices ----

struct ExpectedNotice {
    std::string key;
    std::string value;
    ShareProblem problem;
    ShareAccepts accepts;
    std::vector<std::string> ids = {};
    uint64_t limit = 0;
};

// The keys of the layout in core/share_link.h, in its order.
const std::vector<std::string> layout_keys = {"ram", "reserve", "model", "arch", "name", "tok", "weights", "kv",
                                              "runtime", "seqs", "lang", "page", "ui", "mode", "text", "hw", "ngl",
                                              "cpumoe", "tp", "nodes"};

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
        {"RepeatedKeyFirstWins", "#model=a&model=b", only_model("a"), {{"model", "b", ShareProblem::repeated_key, ShareAccepts::once}}},
        {"UnknownKey", "#foo=bar&model=x", only_model("x"), {{"foo", "bar", ShareProblem::unknown_key, ShareAccepts::keys, layout_keys}}},
        {"BadEscapeShortAtEnd", "#model=ab%4", ShareLink{}, {{"model", "ab%4", ShareProblem::bad_escape, ShareAccepts::escapes}}},
        {"BadEscapeNotHex", "#model=%zz", ShareLink{}, {{"model", "%zz", ShareProblem::bad_escape, ShareAccepts::escapes}}},
        {"EscapedNulRefused", "#model=a%00b", ShareLink{}, {{"model", "a%00b", ShareProblem::bad_escape, ShareAccepts::escapes}}},
        // %C0%AF is an overlong '/', not valid UTF-8.
        {"OverlongUtf8Refused", "#model=%C0%AF", ShareLink{}, {{"model", "%C0%AF", ShareProblem::bad_escape, ShareAccepts::escapes}}},
        {"RawNulByte", std::string("#model=a\0b", 10), ShareLink{}, {{"model", std::string("a\0b", 3), ShareProblem::bad_escape, ShareAccepts::escapes}}},
        // Cyrillic "лама" decodes fine but is not an id.
        {"CyrillicIdRefused", "#model=%D0%BB%D0%B0%D0%BC%D0%B0", ShareLink{},
         {{"model", "лама", ShareProblem::bad_value, ShareAccepts::id_chars, {}, 64}}},
        {"RamZeroRefused", "#ram=0GB", ShareLink{}, {{"ram", "0GB", ShareProblem::bad_value, ShareAccepts::positive_size}}},
        {"RamBadUnit", "#ram=16GX", ShareLink{}, {{"ram", "16GX", ShareProblem::bad_value, ShareAccepts::positive_size}}},
        {"ReserveBadUnit", "#reserve=2XB", ShareLink{}, {{"reserve", "2XB", ShareProblem::bad_value, ShareAccepts::size}}},
        {"RamAbovePiB", "#ram=2PiB", ShareLink{}, {{"ram", "2PiB", ShareProblem::bad_value, ShareAccepts::positive_size}}},
        // A bare number is GiB, as the CLI's --ram reads it: 16 x 2^30 = 17,179,869,184; the text gains its unit.
        {"RamBareNumberIsGiB", "#ram=16", [] { ShareLink l = only_ram("16GiB", 16ull << 30); l.ram_bare_number_as_gib = true; return l; }(), {}},
        {"ReserveBareNumberIsGiB", "#reserve=4",
         [] { ShareLink l; l.reserve = "4GiB"; l.reserve_bytes = 4ull << 30; l.has_reserve = true; l.reserve_bare_number_as_gib = true; return l; }(), {}},
        // The decimal comma: 1,5 TiB = 1.5 x 2^40 = 1,649,267,441,664, written back with a point.
        {"RamDecimalComma", "#ram=1,5TiB", only_ram("1.5TiB", 1649267441664ull), {}},
        {"RamAmbiguousCommaRefused", "#ram=1,500GB", ShareLink{}, {{"ram", "1,500GB", ShareProblem::bad_value, ShareAccepts::positive_size}}},
        {"ReserveZeroAccepted", "#reserve=0", [] { ShareLink l; l.reserve = "0"; l.has_reserve = true; return l; }(), {}},
        {"SeqsZero", "#seqs=0", ShareLink{}, {{"seqs", "0", ShareProblem::bad_value, ShareAccepts::whole_number, {}, 4096}}},
        {"SeqsMax", "#seqs=4096", [] { ShareLink l; l.seqs = 4096; return l; }(), {}},
        {"SeqsOverMax", "#seqs=4097", ShareLink{}, {{"seqs", "4097", ShareProblem::bad_value, ShareAccepts::whole_number, {}, 4096}}},
        {"SeqsNegative", "#seqs=-1", ShareLink{}, {{"seqs", "-1", ShareProblem::bad_value, ShareAccepts::whole_number, {}, 4096}}},
        {"SeqsHuge", "#seqs=99999999999999999999", ShareLink{}, {{"seqs", "99999999999999999999", ShareProblem::bad_value, ShareAccepts::whole_number, {}, 4096}}},
        {"RuntimeUnknown", "#runtime=ollama", ShareLink{}, {{"runtime", "ollama", ShareProblem::bad_value, ShareAccepts::one_of, {"theory", "llama.cpp", "vllm"}}}},
        {"UiRu", "#ui=ru", [] { ShareLink l; l.ui = "ru"; return l; }(), {}},
        {"UiNotAnId", "#ui=%D1%80%D1%83", ShareLink{}, {{"ui", "ру", ShareProblem::bad_value, ShareAccepts::id_chars, {}, 64}}},
        // The page's text mode: the mode and the text's amount (a size, pages or tokens), never the text.
        {"TextModeSize", "#mode=text&text=80MB", [] { ShareLink l; l.mode = "text"; l.text = "80MB"; return l; }(), {}},
        {"TextPages", "#text=500pages", [] { ShareLink l; l.text = "500pages"; return l; }(), {}},
        {"TextTokensSpacesDropped", "#text=32000%20tokens", [] { ShareLink l; l.text = "32000tokens"; return l; }(), {}},
        {"MemoryMode", "#mode=memory", [] { ShareLink l; l.mode = "memory"; return l; }(), {}},
        {"BadMode", "#mode=both", ShareLink{}, {{"mode", "both", ShareProblem::bad_value, ShareAccepts::one_of, {"memory", "text"}}}},
        {"TextNotAnAmount", "#text=lots", ShareLink{}, {{"text", "lots", ShareProblem::bad_value, ShareAccepts::text_amount}}},
        {"TextFractionOfAToken", "#text=1.5tokens", ShareLink{}, {{"text", "1.5tokens", ShareProblem::bad_value, ShareAccepts::text_amount}}},
        {"TextZero", "#text=0MB", ShareLink{}, {{"text", "0MB", ShareProblem::bad_value, ShareAccepts::text_amount}}},
        {"EmptyValue", "#model=", ShareLink{}, {{"model", "", ShareProblem::empty_value, ShareAccepts::key_value}}},
        {"KeyWithoutEquals", "#model", ShareLink{}, {{"model", "", ShareProblem::empty_value, ShareAccepts::key_value}}},
        // 41 x 'a': shown as the first 40 and "...".
        {"LongValueShownShort", "#zz=" + std::string(41, 'a'), ShareLink{},
         {{"zz", std::string(40, 'a') + "...", ShareProblem::unknown_key, ShareAccepts::keys, layout_keys}}},
        // 4097 bytes: over the 4 KiB bound, nothing applied; the value is the length.
        {"TooLong", "#ram=1TB&model=" + std::string(4097 - 15, 'a'), ShareLink{},
         {{"", "4097", ShareProblem::too_long, ShareAccepts::link_bytes, {}, 4096}}},
        // 20 unknown keys: 15 listed, then one notice standing for the other 5 (16 in all).
        {"ManyNoticesCapped",
         "#a=1&b=1&c=1&d=1&e=1&f=1&g=1&h=1&i=1&j=1&k=1&l=1&m=1&n=1&o=1&p=1&q=1&r=1&s=1&t=1", ShareLink{},
         {{"a", "1", ShareProblem::unknown_key, ShareAccepts::keys, layout_keys}, {"b", "1", ShareProblem::unknown_key, ShareAccepts::keys, layout_keys},
          {"c", "1", ShareProblem::unknown_key, ShareAccepts::keys, layout_keys}, {"d", "1", ShareProblem::unknown_key, ShareAccepts::keys, layout_keys},
          {"e", "1", ShareProblem::unknown_key, ShareAccepts::keys, layout_keys}, {"f", "1", ShareProblem::unknown_key, ShareAccepts::keys, layout_keys},
          {"g", "1", ShareProblem::unknown_key, ShareAccepts::keys, layout_keys}, {"h", "1", ShareProblem::unknown_key, ShareAccepts::keys, layout_keys},
          {"i", "1", ShareProblem::unknown_key, ShareAccepts::keys, layout_keys}, {"j", "1", ShareProblem::unknown_key, ShareAccepts::keys, layout_keys},
          {"k", "1", ShareProblem::unknown_key, ShareAccepts::keys, layout_keys}, {"l", "1", ShareProblem::unknown_key, ShareAccepts::keys, layout_keys},
          {"m", "1", ShareProblem::unknown_key, ShareAccepts::keys, layout_keys}, {"n", "1", ShareProblem::unknown_key, ShareAccepts::keys, layout_keys},
          {"o", "1", ShareProblem::unknown_key, ShareAccepts::keys, layout_keys}, {"", "5", ShareProblem::more_notices, ShareAccepts::nothing}}},
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
    EXPECT_EQ(got.link.ram_bare_number_as_gib, e.ram_bare_number_as_gib);
    EXPECT_EQ(got.link.reserve_bare_number_as_gib, e.reserve_bare_number_as_gib);
    EXPECT_EQ(got.link.mode, e.mode);
    EXPECT_EQ(got.link.text, e.text);
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
        EXPECT_STREQ(share_accepts_name(got.notices[i].accepts), share_accepts_name(row.notices[i].accepts))
            << "notice " << i;
        EXPECT_EQ(got.notices[i].ids, row.notices[i].ids) << "notice " << i;
        EXPECT_EQ(got.notices[i].limit, row.notices[i].limit) << "notice " << i;
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
    ShareLink text_mode;
    text_mode.ram = "1TB";
    text_mode.mode = "text";
    text_mode.text = "80MB";
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
        {"TextModeLast", text_mode, "#ram=1TB&mode=text&text=80MB"},
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

TEST(PercentEncode, ReservedAndControlBytes) {
    // RFC 3986 unreserved characters stay; '&', '=', '#', '%' and NUL are escaped.
    EXPECT_EQ(percent_encode("a-b_c.d~e"), "a-b_c.d~e");
    EXPECT_EQ(percent_encode(std::string("&=#%\0", 5)), "%26%3D%23%25%00");
}

TEST(PercentDecode, EscapesBackToUtf8) {
    EXPECT_EQ(percent_decode("1.5%20TiB").value(), "1.5 TiB");
    EXPECT_EQ(percent_decode("%d0%bb").value(), "\xD0\xBB");  // lowercase hex is accepted: л
    EXPECT_FALSE(percent_decode("ab%4"));                       // one digit
    EXPECT_FALSE(percent_decode("%zz"));
    EXPECT_FALSE(percent_decode("a%00b"));                      // NUL
    EXPECT_FALSE(percent_decode("%C0%AF"));                     // overlong '/', not UTF-8
}

// ---- check against the catalog ----

struct CheckRow {
    const char* name;
    std::string fragment;
    std::string kept;                       // the serialized link after the check
    std::vector<ExpectedNotice> notices;
};

// Accepted ids typed from assets/weight-formats.json and assets/text.json (file order), and llama.cpp's cache
// types from the README's --kv-type list.
const std::vector<std::string> weight_ids = {"f32", "f16", "bf16", "fp8", "q8_0", "q6_k", "q5_k_m", "q5_0",
                                             "q4_k_m", "q4_0", "iq4_xs", "q3_k_m", "q2_k", "mxfp4", "int4"};
const std::vector<std::string> llama_cpp_kv_ids = {"f32", "f16", "bf16", "q8_0", "q5_1", "q5_0", "q4_1", "q4_0", "iq4_nl"};
const std::vector<std::string> lang_ids = {"en", "ru", "de", "fr", "es", "zh", "code"};
const std::vector<std::string> page_ids = {"standard", "manuscript", "single", "book", "author-sheet"};

std::vector<CheckRow> check_rows() {
    constexpr ShareProblem bad = ShareProblem::bad_value;
    return {
        {"AllKnown", "#model=llama-3.1-70b&weights=q4_k_m&kv=q8_0&lang=ru&page=book",
         "#model=llama-3.1-70b&weights=q4_k_m&kv=q8_0&lang=ru&page=book", {}},
        // The nearest catalog id to "qwen3-8" is "qwen3-8b" (one letter added), as catalog_test says.
        {"UnknownModel", "#ram=64GiB&model=qwen3-8", "#ram=64GiB",
         {{"model", "qwen3-8", bad, ShareAccepts::catalog_model, {"qwen3-8b"}}}},
        {"UnknownWeights", "#weights=q9_9", "", {{"weights", "q9_9", bad, ShareAccepts::one_of, weight_ids}}},
        // fp8 is a vLLM cache type; llama.cpp (the default runtime) does not take it.
        {"KvForWrongRuntime", "#kv=fp8", "", {{"kv", "fp8", bad, ShareAccepts::one_of, llama_cpp_kv_ids}}},
        {"KvForVllm", "#kv=fp8&runtime=vllm", "#kv=fp8&runtime=vllm", {}},
        {"UnknownLangAndPage", "#lang=xx&page=yy", "",
         {{"lang", "xx", bad, ShareAccepts::one_of, lang_ids}, {"page", "yy", bad, ShareAccepts::one_of, page_ids}}},
        // The UI languages are the top-level tables of assets/strings.json: "en" and "ru".
        {"KnownUi", "#ui=ru", "#ui=ru", {}},
        {"UnknownUi", "#ui=de", "", {{"ui", "de", bad, ShareAccepts::one_of, {"en", "ru"}}}},
        // assets/hardware.json has both ids; the link keeps them in its order, a count of 1 unwritten.
        {"KnownHardware", "#hw=epyc-9654,rtx-4090:2", "#hw=epyc-9654,rtx-4090:2", {}},
        // "rtx-409" is "rtx-4090" less its last digit: the nearest id. The known device stays.
        {"UnknownHardware", "#hw=xeon-6980p,rtx-409:2", "#hw=xeon-6980p",
         {{"hw", "rtx-409", bad, ShareAccepts::hardware, {"rtx-4090"}}}},
        // A custom device as the CLI's --hardware reads it; the link keeps it in its canonical form (kind in lower
        // case, then memory, bandwidth, compute and a count other than 1), as core/hardware.h writes it.
        {"CustomDevice", "#hw=epyc-9654,custom-GPU:82.6tflops:1008GB/s:24GiB:2",
         "#hw=epyc-9654,custom-gpu:24GiB:1008GB/s:82.6TFLOPS:2", {}},
        {"CustomCpu", "#hw=custom-cpu:460.8GB/s:10TFLOPS", "#hw=custom-cpu:460.8GB/s:10TFLOPS", {}},
        // GB/h is no rate: the notice names that part; the catalog device stays.
        {"CustomBadRate", "#hw=xeon-6980p,custom-gpu:24GiB:1008GB/h:82TFLOPS", "#hw=xeon-6980p",
         {{"hw", "custom-gpu:24GiB:1008GB/h:82TFLOPS", bad, ShareAccepts::custom_device, {"1008GB/h"}}}},
        // A GPU needs its memory: the notice shows the form of the missing field.
        {"CustomWithoutMemory", "#hw=custom-gpu:1008GB/s:82TFLOPS", "",
         {{"hw", "custom-gpu:1008GB/s:82TFLOPS", bad, ShareAccepts::custom_device, {"24GiB"}}}},
        // A CPU's memory is the system RAM (ram=): a memory field is refused, and the whole item is shown.
        {"CustomCpuWithMemory", "#hw=custom-cpu:64GiB:460GB/s:10TFLOPS", "",
         {{"hw", "custom-cpu:64GiB:460GB/s:10TFLOPS", bad, ShareAccepts::custom_device,
           {"custom-cpu:64GiB:460GB/s:10TFLOPS"}}}},
        {"CustomUnknownKind", "#hw=custom-tpu:24GiB:1008GB/s:82TFLOPS", "",
         {{"hw", "custom-tpu:24GiB:1008GB/s:82TFLOPS", bad, ShareAccepts::custom_device, {"custom-tpu"}}}},
    };
}

const Assets& assets() {
    static const Result<Assets> a = Assets::parse(embedded_models_json(), embedded_weight_formats_json(),
                                                  embedded_text_json(), embedded_strings_json(),
                                                  embedded_hardware_json());
    return *a;
}

class ShareLinkCheck : public testing::TestWithParam<CheckRow> {};

TEST_P(ShareLinkCheck, UnknownIdsAreClearedAndReported) {
    ShareParse parsed = parse_share_link(GetParam().fragment);
    ASSERT_TRUE(parsed.notices.empty());
    check_share_link(assets(), parsed);
    EXPECT_EQ(serialize_share_link(parsed.link), GetParam().kept);
    const std::vector<ExpectedNotice>& want = GetParam().notices;
    ASSERT_EQ(parsed.notices.size(), want.size());
    for (size_t i = 0; i < want.size(); ++i) {
        const ShareNotice& got = parsed.notices[i];
        EXPECT_EQ(got.key, want[i].key);
        EXPECT_EQ(got.value, want[i].value);
        EXPECT_EQ(got.problem, want[i].problem);
        EXPECT_STREQ(share_accepts_name(got.accepts), share_accepts_name(want[i].accepts));
        if (want[i].accepts == ShareAccepts::catalog_model || want[i].accepts == ShareAccepts::hardware) {
            // suggestions: the nearest first
            ASSERT_FALSE(got.ids.empty());
            EXPECT_EQ(got.ids.front(), want[i].ids.front());
        } else {
            EXPECT_EQ(got.ids, want[i].ids);
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Rows, ShareLinkCheck, testing::ValuesIn(check_rows()),
                         [](const testing::TestParamInfo<CheckRow>& row_info) { return std::string(row_info.param.name); });

TEST(ShareArchLink, NameAndTokenizerApplyAndRoundTrip) {
    const std::string fragment = "#ram=64GiB&arch=l32.e4096.h32.kv8.dk128.dv128.ctx131072.p8030261248.w4517937152"
                                 "&name=My%20Llama%20%D0%BB&tok=llama3&weights=q4_k_m";
    ShareParse p = parse_share_link(fragment);
    check_share_link(assets(), p);
    EXPECT_TRUE(p.notices.empty());
    EXPECT_EQ(p.link.arch_fields.model.display_name, "My Llama л");
    EXPECT_EQ(p.link.arch_fields.model.tokenizer, "llama3");
    EXPECT_EQ(p.link.arch_fields.weights_bytes, 4517937152ull);
    // Serialized in the layout's order: ram, arch, name, tok, weights.
    EXPECT_EQ(serialize_share_link(p.link), fragment);
}

TEST(ShareArchLink, BadFieldsGiveANoticeAndNoModel) {
    ShareParse p = parse_share_link("#arch=l32.e4096.h32.kv5.dk128.dv128.ctx131072.p1&seqs=2");
    ASSERT_EQ(p.notices.size(), 1u);
    EXPECT_EQ(p.notices[0].key, "arch");
    EXPECT_EQ(p.notices[0].accepts, ShareAccepts::arch_fields);
    EXPECT_TRUE(p.link.arch.empty());
    EXPECT_EQ(p.link.seqs, 2u);  // the rest still applies
    EXPECT_EQ(p.notices[0].ids,
              std::vector<std::string>{"model 'your-model': n_head (32) is not a multiple of n_head_kv (5)"});
}

TEST(ShareArchLink, ModelAndArchTogetherKeepTheArch) {
    ShareParse p = parse_share_link("#model=llama-3.1-8b&arch=l32.e4096.h32.kv8.dk128.dv128.ctx131072.p1");
    EXPECT_TRUE(p.link.model.empty());
    EXPECT_FALSE(p.link.arch.empty());
    ASSERT_EQ(p.notices.size(), 1u);
    EXPECT_EQ(p.notices[0].key, "model");
}

TEST(ShareArchLink, UnknownTokenizerFallsBackToGeneric) {
    ShareParse p = parse_share_link("#arch=l32.e4096.h32.kv8.dk128.dv128.ctx131072.p1&tok=klingon");
    check_share_link(assets(), p);
    ASSERT_EQ(p.notices.size(), 1u);
    EXPECT_EQ(p.notices[0].accepts, ShareAccepts::tokenizer);
    EXPECT_EQ(p.link.arch_fields.model.tokenizer, "generic");
}

TEST(ShareArchLink, EstimateEqualsTheCatalogModel) {
    // The Llama 3.1 8B fields give the catalog entry's figures: 131,072 B per token (32 x 2 x 8 x 128 x 2 B).
    Result<ArchFields> a = decode_arch(encode_arch(*assets().catalog.find("llama-3.1-8b"), 0));
    ASSERT_TRUE(a);
    EstimateRequest r;
    r.ram_bytes = uint64_t{64} << 30;
    r.custom_model = &a->model;
    Result<Estimate> file = estimate(assets(), r);
    r.custom_model = nullptr;
    r.model = "llama-3.1-8b";
    Result<Estimate> catalog = estimate(assets(), r);
    ASSERT_TRUE(file && catalog);
    EXPECT_EQ(file->kv_bytes_per_token, 131072u);
    EXPECT_EQ(file->fit.tokens, catalog->fit.tokens);
    EXPECT_EQ(file->weights_bytes, catalog->weights_bytes);
}

// ---- hardware and placement options (hw=, ngl=, cpumoe=, tp=, nodes=) ----

TEST(ShareHardwareLink, DevicesAndOptionsRoundTrip) {
    const std::string fragment = "#hw=epyc-9654,rtx-4090:2&ngl=40&cpumoe=1&tp=8&nodes=2";
    ShareParse p = parse_share_link(fragment);
    EXPECT_TRUE(p.notices.empty());
    ASSERT_EQ(p.link.hw.size(), 2u);
    EXPECT_EQ(p.link.hw[0].id, "epyc-9654");
    EXPECT_EQ(p.link.hw[0].count, 1u);
    EXPECT_EQ(p.link.hw[1].id, "rtx-4090");
    EXPECT_EQ(p.link.hw[1].count, 2u);
    EXPECT_EQ(p.link.ngl, 40);
    EXPECT_TRUE(p.link.cpu_moe);
    EXPECT_EQ(p.link.tp, 8u);
    EXPECT_EQ(p.link.nodes, 2u);
    EXPECT_EQ(serialize_share_link(p.link), fragment);
}

TEST(ShareHardwareLink, PercentEncodedSeparatorsReadTheSame) {
    ShareParse p = parse_share_link("#hw=epyc-9654%2Crtx-4090%3A2");
    EXPECT_TRUE(p.notices.empty());
    EXPECT_EQ(serialize_share_link(p.link), "#hw=epyc-9654,rtx-4090:2");
}

TEST(ShareHardwareLink, CustomDeviceRoundTripsReadable) {
    // ':' and '/' stay as they are (RFC 3986 allows both in a fragment); escaped ones read the same.
    const std::string fragment = "#hw=custom-unified:128GiB:273GB/s:31TFLOPS:2&ngl=99";
    for (const std::string& link : {fragment, std::string("#hw=custom-unified%3A128GiB%3A273GB%2Fs%3A31TFLOPS%3A2&ngl=99")}) {
        ShareParse p = parse_share_link(link);
        check_share_link(assets(), p);
        EXPECT_TRUE(p.notices.empty()) << link;
        ASSERT_EQ(p.link.hw.size(), 1u);
        EXPECT_EQ(p.link.hw[0].id, "custom-unified:128GiB:273GB/s:31TFLOPS");
        EXPECT_EQ(p.link.hw[0].count, 2u);
        EXPECT_EQ(serialize_share_link(p.link), fragment);
    }
}

TEST(ShareHardwareLink, ZeroGpuLayersIsAValue) {
    ShareParse p = parse_share_link("#ngl=0");
    EXPECT_TRUE(p.notices.empty());
    EXPECT_EQ(serialize_share_link(p.link), "#ngl=0");
}

struct BadHardwareRow {
    const char* name;
    std::string fragment;
    ShareAccepts accepts;
    uint64_t limit;
};

class ShareHardwareBad : public testing::TestWithParam<BadHardwareRow> {};

TEST_P(ShareHardwareBad, RefusedWithWhatIsAccepted) {
    ShareParse p = parse_share_link(GetParam().fragment);
    ASSERT_EQ(p.notices.size(), 1u);
    EXPECT_EQ(p.notices[0].problem, ShareProblem::bad_value);
    EXPECT_STREQ(share_accepts_name(p.notices[0].accepts), share_accepts_name(GetParam().accepts));
    EXPECT_EQ(p.notices[0].limit, GetParam().limit);
    EXPECT_TRUE(p.link.hw.empty());
    EXPECT_EQ(p.link.ngl, -1);
    EXPECT_EQ(p.link.tp, 0u);
}

// Limits from the layout: 8 devices, counts 1..4096, -ngl 0..4096 (limits.h max_n_layer).
INSTANTIATE_TEST_SUITE_P(
    Rows, ShareHardwareBad,
    testing::Values(BadHardwareRow{"CountZero", "#hw=rtx-4090:0", ShareAccepts::hardware_items, 8},
                    BadHardwareRow{"CountTooBig", "#hw=rtx-4090:4097", ShareAccepts::hardware_items, 8},
                    BadHardwareRow{"EmptyItem", "#hw=rtx-4090,,epyc-9654", ShareAccepts::hardware_items, 8},
                    BadHardwareRow{"NineDevices", "#hw=a,b,c,d,e,f,g,h,i", ShareAccepts::hardware_items, 8},
                    BadHardwareRow{"SpaceInId", "#hw=rtx%204090", ShareAccepts::hardware_items, 8},
                    BadHardwareRow{"SpaceInCustom", "#hw=custom-gpu:24%20GiB:1008GB/s:82TFLOPS",
                                   ShareAccepts::hardware_items, 8},
                    BadHardwareRow{"NglNegative", "#ngl=-1", ShareAccepts::layer_count, 4096},
                    BadHardwareRow{"NglTooBig", "#ngl=4097", ShareAccepts::layer_count, 4096},
                    BadHardwareRow{"CpuMoeWord", "#cpumoe=yes", ShareAccepts::one_of, 0},
                    BadHardwareRow{"TpZero", "#tp=0", ShareAccepts::whole_number, 4096},
                    BadHardwareRow{"NodesText", "#nodes=two", ShareAccepts::whole_number, 4096}),
    [](const testing::TestParamInfo<BadHardwareRow>& row_info) { return std::string(row_info.param.name); });

}  // namespace
}  // namespace contextfit
