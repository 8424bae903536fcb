// web/json_out: the JSON text the page hands to JavaScript (the mirror, the file replies).
//   - strings, numbers and nesting against texts written out by hand
//   - invalid UTF-8 replaced as Unicode's "maximal subpart" practice says (Unicode 15 section 3.9, U+FFFD
//     substitution: one U+FFFD per lead byte and the continuation bytes that still fitted)
//   - a second implementation: nlohmann's parser reads every output back to the values written, and for
//     strings nlohmann's serializer (error_handler_t::replace, what the page used before) gives the same bytes
//   - the mirror's keys, in the order the shell and tests/web have always seen them
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "json_out.h"
#include "test_assets.h"
#include "view.h"

namespace contextfit::web {
namespace {

const std::string fffd = "\xEF\xBF\xBD";

std::string string_json(const std::string& s) { return JsonOut().value(s).text(); }

// ---- strings, by hand ----

struct StringRow {
    const char* name;
    std::string in;
    std::string out;  // the JSON text, quotes included
};

class JsonString : public ::testing::TestWithParam<StringRow> {};

TEST_P(JsonString, IsEscapedAndRepaired) {
    EXPECT_EQ(string_json(GetParam().in), GetParam().out);
}

INSTANTIATE_TEST_SUITE_P(
    Rows, JsonString,
    ::testing::Values(
        StringRow{"empty", "", "\"\""},
        StringRow{"ascii", "Llama 3.1 70B", "\"Llama 3.1 70B\""},
        StringRow{"quote_and_backslash", "a\"b\\c", "\"a\\\"b\\\\c\""},
        StringRow{"slash_kept", "a/b", "\"a/b\""},
        StringRow{"short_escapes", "\b\f\n\r\t", "\"\\b\\f\\n\\r\\t\""},
        StringRow{"nul_and_other_controls", std::string("\0\x01\x1f", 3), "\"\\u0000\\u0001\\u001f\""},
        StringRow{"del_not_escaped", "\x7f", "\"\x7f\""},
        StringRow{"two_bytes", "\xC3\xA9", "\"\xC3\xA9\""},                       // é
        StringRow{"cyrillic", "\xD0\xBC\xD0\xB8\xD1\x80", "\"\xD0\xBC\xD0\xB8\xD1\x80\""},  // мир
        StringRow{"three_bytes", "\xE2\x82\xAC", "\"\xE2\x82\xAC\""},             // €
        StringRow{"four_bytes", "\xF0\x9F\x98\x80", "\"\xF0\x9F\x98\x80\""},      // U+1F600
        StringRow{"largest_code_point", "\xF4\x8F\xBF\xBF", "\"\xF4\x8F\xBF\xBF\""},  // U+10FFFF
        StringRow{"no_break_space", "Llama\xC2\xA0" "3", "\"Llama\xC2\xA0" "3\""},
        StringRow{"lone_continuation", "\x80", "\"" + fffd + "\""},
        StringRow{"latin1_file_name", "caf\xE9.gguf", "\"caf" + fffd + ".gguf\""},
        StringRow{"overlong_c0", "\xC0\xAF", "\"" + fffd + fffd + "\""},          // C0 never starts a sequence
        StringRow{"overlong_e0", "\xE0\x80\xAF", "\"" + fffd + fffd + fffd + "\""},  // E0 needs A0..BF next
        StringRow{"surrogate", "\xED\xA0\x80", "\"" + fffd + fffd + fffd + "\""},    // ED needs 80..9F next
        StringRow{"above_10ffff", "\xF4\x90\x80\x80", "\"" + fffd + fffd + fffd + fffd + "\""},
        StringRow{"f5_lead", "\xF5", "\"" + fffd + "\""},
        StringRow{"ff_byte", "a\xFF" "b", "\"a" + fffd + "b\""},
        StringRow{"truncated_at_end", "a\xE2\x82", "\"a" + fffd + "\""},           // one U+FFFD for E2 82
        StringRow{"truncated_four_at_end", "\xF0\x9F\x98", "\"" + fffd + "\""},
        StringRow{"truncated_then_ascii", "\xE2\x82z", "\"" + fffd + "z\""},
        StringRow{"bad_second_byte_kept", "\xE2(\xA1", "\"" + fffd + "(" + fffd + "\""},
        StringRow{"truncated_then_quote", "\xC3\"", "\"" + fffd + "\\\"\""},
        StringRow{"valid_after_bad", "\x80\xC3\xA9", "\"" + fffd + "\xC3\xA9\""}),
    [](const ::testing::TestParamInfo<StringRow>& row) { return std::string(row.param.name); });

// ---- numbers, by hand ----

struct NumberRow {
    const char* name;
    double in;
    const char* out;
};

class JsonNumber : public ::testing::TestWithParam<NumberRow> {};

TEST_P(JsonNumber, IsPrinted) {
    EXPECT_EQ(JsonOut().value(GetParam().in).text(), GetParam().out);
}

INSTANTIATE_TEST_SUITE_P(
    Rows, JsonNumber,
    ::testing::Values(
        NumberRow{"zero", 0.0, "0"},
        NumberRow{"negative_zero", -0.0, "-0"},
        NumberRow{"one", 1.0, "1"},
        NumberRow{"minus_seven", -7.0, "-7"},
        NumberRow{"tokens", 131072.0, "131072"},
        NumberRow{"billion_tokens", 2147483648.0, "2147483648"},
        NumberRow{"petabyte", 1e15, "1000000000000000"},
        NumberRow{"two_to_53", 9007199254740992.0, "9007199254740992"},
        NumberRow{"minus_two_to_53", -9007199254740992.0, "-9007199254740992"},
        NumberRow{"two_to_54_needs_17_digits", 18014398509481984.0, "18014398509481984"},  // %.17g, no exponent
        NumberRow{"huge", 1e300, "1e+300"},
        NumberRow{"tenth", 0.1, "0.1"},
        NumberRow{"megabytes", 12.345, "12.345"},
        NumberRow{"pages", 2912.5, "2912.5"},
        NumberRow{"negative_fraction", -2.5, "-2.5"},
        NumberRow{"third_needs_16_digits", 1.0 / 3.0, "0.3333333333333333"},
        NumberRow{"sum_needs_17_digits", 0.1 + 0.2, "0.30000000000000004"},
        NumberRow{"small", 1.5e-7, "1.5e-07"},
        NumberRow{"nan", std::numeric_limits<double>::quiet_NaN(), "null"},
        NumberRow{"infinity", std::numeric_limits<double>::infinity(), "null"},
        NumberRow{"minus_infinity", -std::numeric_limits<double>::infinity(), "null"}),
    [](const ::testing::TestParamInfo<NumberRow>& row) { return std::string(row.param.name); });

TEST(JsonOut, IntegersAreExact) {
    EXPECT_EQ(JsonOut().value(uint64_t{18446744073709551615u}).text(), "18446744073709551615");
    EXPECT_EQ(JsonOut().value(std::numeric_limits<int64_t>::min()).text(), "-9223372036854775808");
    EXPECT_EQ(JsonOut().value(uint32_t{4294967295u}).text(), "4294967295");
    EXPECT_EQ(JsonOut().value(-1).text(), "-1");
    EXPECT_EQ(JsonOut().value(0u).text(), "0");
}

TEST(JsonOut, LiteralsAndNesting) {
    EXPECT_EQ(JsonOut().value(true).text(), "true");
    EXPECT_EQ(JsonOut().value(false).text(), "false");
    EXPECT_EQ(JsonOut().value(nullptr).text(), "null");
    EXPECT_EQ(JsonOut().begin_object().end_object().text(), "{}");
    EXPECT_EQ(JsonOut().begin_array().end_array().text(), "[]");

    JsonOut j;
    j.begin_object();
    j.field("a", 1).key("b").begin_array().value("x").begin_array().end_array().begin_object().end_object();
    j.value(2.5).value(nullptr).end_array();
    j.key("c").begin_object().field("d\"e", true).key("f").begin_object().field("g", "h").end_object().end_object();
    j.field("i", false).end_object();
    EXPECT_EQ(j.text(), R"({"a":1,"b":["x",[],{},2.5,null],"c":{"d\"e":true,"f":{"g":"h"}},"i":false})");

    JsonOut arrays;
    arrays.begin_array().begin_array().value(1).end_array().begin_array().value(2).value(3).end_array().end_array();
    EXPECT_EQ(arrays.text(), "[[1],[2,3]]");
}

// ---- nlohmann as a second implementation ----

std::string hex(const std::string& s) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    for (unsigned char c : s) out += {digits[c >> 4], digits[c & 0xF], ' '};
    return out;
}

// Bytes weighted towards the cases that matter: controls, quotes, continuation bytes, lead bytes of every kind.
std::string random_bytes(std::mt19937& rng, size_t max_size) {
    static constexpr unsigned char picks[] = {0x00, 0x01, 0x08, 0x0A, 0x1F, 0x20, '"', '\\', '/', 'a', 0x7F,
                                              0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF,
                                              0xE0, 0xE1, 0xED, 0xEF, 0xF0, 0xF1, 0xF4, 0xF5, 0xFF};
    std::uniform_int_distribution<size_t> size_dist(0, max_size);
    std::uniform_int_distribution<int> byte_dist(0, 255);
    std::uniform_int_distribution<size_t> pick_dist(0, sizeof picks - 1);
    std::string s(size_dist(rng), '\0');
    for (char& c : s) c = static_cast<char>(rng() % 2 ? picks[pick_dist(rng)] : byte_dist(rng));
    return s;
}

TEST(JsonOut, StringsMatchNlohmannReplace) {
    std::mt19937 rng(20240611);
    for (int i = 0; i < 20000; ++i) {
        // Mostly short strings; some past nlohmann's 512-byte buffer, whose flushes have their own code path.
        const std::string s = random_bytes(rng, i % 50 == 0 ? 1500 : 24);
        const std::string mine = string_json(s);
        const std::string theirs = nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        ASSERT_EQ(mine, theirs) << "input bytes: " << hex(s);
        const nlohmann::json back = nlohmann::json::parse(mine, nullptr, false);
        ASSERT_FALSE(back.is_discarded()) << mine;
    }
}

TEST(JsonOut, ValidStringsReadBackUnchanged) {
    for (const std::string& s : {std::string("\0x\x1f", 3), std::string("\"\\\t/"), std::string("\xF0\x9F\x98\x80 \xD0\xBC")}) {
        const nlohmann::json back = nlohmann::json::parse(string_json(s), nullptr, false);
        ASSERT_TRUE(back.is_string());
        EXPECT_EQ(back.get<std::string>(), s);
    }
}

TEST(JsonOut, DoublesReadBackExactly) {
    std::mt19937_64 rng(42);
    for (int i = 0; i < 20000; ++i) {
        // Random bit patterns cover every exponent; every fifth value is a whole number below 2^53 instead.
        double x;
        if (i % 5 == 0) {
            x = static_cast<double>(rng() >> 11) * (i % 10 == 0 ? -1 : 1);
        } else {
            const uint64_t bits = rng();
            std::memcpy(&x, &bits, sizeof x);
        }
        const std::string text = JsonOut().value(x).text();
        const nlohmann::json back = nlohmann::json::parse(text, nullptr, false);
        ASSERT_FALSE(back.is_discarded()) << text;
        if (!std::isfinite(x)) {
            ASSERT_TRUE(back.is_null()) << text;
            continue;
        }
        ASSERT_TRUE(back.is_number()) << text;
        ASSERT_EQ(back.get<double>(), x) << text;
        if (x == std::trunc(x) && std::fabs(x) <= 9007199254740992.0) {
            ASSERT_EQ(text.find_first_of(".eE"), std::string::npos) << text;  // whole numbers stay integers
        }
    }
}

TEST(JsonOut, DocumentReadsBackAsWritten) {
    const std::vector<std::string> names = {"a", "b\"", "\xD0\xBC", "", "tab\t"};
    JsonOut j;
    j.begin_object();
    for (size_t i = 0; i < names.size(); ++i) j.field(names[i], static_cast<uint64_t>(i) * 1000000007u);
    j.key("list").begin_array();
    for (const std::string& n : names) j.begin_object().field("id", n).field("ok", n.size() % 2 == 0).end_object();
    j.end_array().end_object();

    const nlohmann::ordered_json back = nlohmann::ordered_json::parse(j.text(), nullptr, false);
    ASSERT_TRUE(back.is_object()) << j.text();
    ASSERT_EQ(back.size(), names.size() + 1);
    size_t at = 0;
    for (const auto& [key, value] : back.items()) {
        if (at < names.size()) {
            EXPECT_EQ(key, names[at]);
            EXPECT_EQ(value.get<uint64_t>(), at * 1000000007u);
        }
        ++at;
    }
    const nlohmann::ordered_json& list = back["list"];
    ASSERT_TRUE(list.is_array());
    ASSERT_EQ(list.size(), names.size());
    for (size_t i = 0; i < names.size(); ++i) {
        EXPECT_EQ(list[i]["id"].get<std::string>(), names[i]);
        EXPECT_EQ(list[i]["ok"].get<bool>(), names[i].size() % 2 == 0);
    }
}

// ---- the mirror ----

std::vector<std::string> keys(const nlohmann::ordered_json& object) {
    std::vector<std::string> out;
    for (const auto& item : object.items()) out.push_back(item.key());
    return out;
}

using Keys = std::vector<std::string>;

// The keys in the order the page has always written them (nlohmann's std::map-backed objects sorted them by
// name); shell.html and tests/web/app.mjs, byom.mjs read them.
TEST(MirrorJson, KeysAndShape) {
    const Assets& a = test::assets();
    AppState s;
    const nlohmann::ordered_json j = nlohmann::ordered_json::parse(mirror_json(a, s, compute(a, s)), nullptr, false);
    ASSERT_TRUE(j.is_object());
    EXPECT_EQ(keys(j), (Keys{"hash", "inputs", "labels", "notices", "options", "result", "formats", "formats_that_fit",
                             "ram_needed_4096", "ram_needed_full_context", "ui", "mode", "text", "models"}));
    // One row per weight format of assets/weight-formats.json, for the mirror's <table id="formats">.
    ASSERT_EQ(j["formats"].size(), a.formats.all().size());
    EXPECT_EQ(keys(j["formats"][0]), (Keys{"id", "fits", "tokens", "pages"}));
    EXPECT_EQ(keys(j["inputs"]),
              (Keys{"kv", "lang", "model", "page", "ram", "reserve", "runtime", "seqs", "weights"}));
    EXPECT_TRUE(j["inputs"]["seqs"].is_number_integer());
    EXPECT_EQ(keys(j["result"]), (Keys{"kv_bytes_per_token", "limited_by", "megabytes", "notes", "pages", "tokens",
                                       "trace", "verdict", "weights_bytes", "words"}));
    EXPECT_TRUE(j["result"]["tokens"].is_number_unsigned());
    // The estimate's notes and trace, as the CLI's --json carries them.
    const View v = compute(a, s);
    const Estimate& e = *v.estimate;
    ASSERT_EQ(j["result"]["notes"].size(), e.notes.size());
    ASSERT_EQ(j["result"]["trace"].size(), e.trace.size());
    EXPECT_EQ(keys(j["result"]["trace"][0]), (Keys{"formula", "quantity", "source"}));
    EXPECT_EQ(j["result"]["trace"][0]["quantity"], e.trace[0].quantity);
    EXPECT_EQ(keys(j["options"]), (Keys{"kv", "lang", "model", "page", "runtime", "weights"}));
    ASSERT_FALSE(j["options"]["model"].empty());
    EXPECT_EQ(keys(j["options"]["model"][0]), (Keys{"family", "id", "name"}));
    EXPECT_EQ(keys(j["options"]["weights"][0]), (Keys{"id", "name"}));
    EXPECT_EQ(j["labels"].size(), 25u);
    EXPECT_EQ(keys(j["labels"]).front(), "web_apply");
    EXPECT_TRUE(j["notices"].is_array());
    EXPECT_EQ(j["ui"], "en");
}

TEST(MirrorJson, ErrorInsteadOfResult) {
    const Assets& a = test::assets();
    AppState s;
    s.model = "no-such-model";
    const nlohmann::ordered_json j = nlohmann::ordered_json::parse(mirror_json(a, s, compute(a, s)), nullptr, false);
    ASSERT_TRUE(j.is_object());
    EXPECT_EQ(keys(j), (Keys{"error", "hash", "inputs", "labels", "notices", "options", "ui", "mode", "text", "models"}));
    EXPECT_TRUE(j["error"].is_string());
}

// Text mode, "80 MB of Russian" on Llama 4 Scout: 80,000,000 / 1.78 = 44,943,820 characters, / 3.27 (generic
// tokenizer, Russian; assets/text.json) = 13,744,288 tokens; Scout's 10,000,000-token context takes it in 2 parts.
// The link carries the mode and the amount, never the text; the table has every catalog model.
TEST(MirrorJson, TextModeNeedAndModels) {
    const Assets& a = test::assets();
    AppState s;
    s.mode = PageMode::text;
    s.lang = "ru";
    s.model = "llama-4-scout";
    const nlohmann::ordered_json j = nlohmann::ordered_json::parse(mirror_json(a, s, compute(a, s)), nullptr, false);
    ASSERT_TRUE(j.is_object());
    EXPECT_EQ(j["mode"], "text");
    EXPECT_EQ(j["text"]["amount"], "80MB");
    EXPECT_EQ(j["need"]["tokens"], 13744288);
    EXPECT_EQ(j["need"]["fits_context"], false);
    EXPECT_EQ(j["need"]["parts"], 2);
    EXPECT_NE(j["hash"].get<std::string>().find("&mode=text&text=80MB"), std::string::npos) << j["hash"];
    ASSERT_EQ(j["models"].size(), 71u);
    EXPECT_EQ(keys(j["models"][0]),
              (Keys{"id", "name", "family", "tokens", "limited_by", "pages", "parts", "total_bytes", "ram_bytes"}));
}

}  // namespace
}  // namespace contextfit::web
