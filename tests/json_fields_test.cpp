// parse_json_text builds its document from nlohmann's SAX events (core/json_fields.cpp). The reference is
// nlohmann's own DOM parser, json::parse: the same text must give the same document. Error positions are
// worked out by hand from the text.
#include <gtest/gtest.h>

#include <string>

#include "embedded_assets.h"
#include "json_fields.h"

namespace contextfit {
namespace {

void expect_same_as_nlohmann(const std::string& text) {
    const json reference = json::parse(text, nullptr, /*allow_exceptions=*/false);
    ASSERT_FALSE(reference.is_discarded()) << text;
    Result<json> ours = parse_json_text(text, ErrorCode::bad_data, "test");
    ASSERT_TRUE(ours.ok()) << ours.error().message;
    EXPECT_EQ(ours.value(), reference) << text;
    // operator== treats 1 and 1.0 as equal; the number kinds must match too (the readers check them).
    EXPECT_EQ(ours.value().dump(), reference.dump()) << text;
}

TEST(ParseJsonText, SameDocumentAsNlohmannForScalarsAndNesting) {
    for (const char* text : {
             "0", "-1", "3.5", "1e300", "-0.0", "true", "false", "null", "\"\"", "[]", "{}",
             "18446744073709551615",   // largest unsigned: number_unsigned
             "-9223372036854775808",   // smallest signed: number_integer
             "18446744073709551616",   // one more: a float
             R"("\u00e9\ud83d\ude00 \"quoted\" \\ \n")",
             R"({"a": [1, [2, [3, {"b": {"c": []}}]], {}], "d": {"e": null}})",
             R"([{"x": 1}, {"x": 2}, [], [[]], "s", 0.25])",
             R"({"dup": 1, "dup": [2], "other": 3})",  // last duplicate wins, as in json::parse
         }) {
        expect_same_as_nlohmann(text);
    }
}

TEST(ParseJsonText, SameDocumentAsNlohmannForEveryEmbeddedAsset) {
    for (const std::string* text : {&embedded_models_json(), &embedded_weight_formats_json(),
                                    &embedded_text_json(), &embedded_strings_json()}) {
        expect_same_as_nlohmann(*text);
    }
}

TEST(ParseJsonText, DeepNestingDoesNotRecurse) {
    // 20 000 levels: a recursive builder would overflow the 1 MiB wasm stack.
    const std::string text = std::string(20000, '[') + std::string(20000, ']');
    Result<json> doc = parse_json_text(text, ErrorCode::bad_data, "deep");
    ASSERT_TRUE(doc.ok());
    EXPECT_TRUE(doc.value().is_array());
}

struct BadText {
    const char* name;
    const char* text;
    const char* message;
};

class ParseJsonTextErrors : public testing::TestWithParam<BadText> {};

TEST_P(ParseJsonTextErrors, NamesWhatAndWhereItStops) {
    Result<json> doc = parse_json_text(GetParam().text, ErrorCode::invalid_input, "config.json");
    ASSERT_FALSE(doc.ok());
    EXPECT_EQ(doc.error().code, ErrorCode::invalid_input);
    EXPECT_EQ(doc.error().message, GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    Texts, ParseJsonTextErrors,
    testing::Values(
        // Bytes counted from 1: the 14th byte is the '}' where a value was expected.
        BadText{"trailing_comma", R"({"a": [1, 2, })", "config.json is not valid JSON (stops at byte 14)"},
        // "tru}" is read up to the '}' that breaks the literal: byte 10.
        BadText{"broken_literal", R"({"a": tru})", "config.json is not valid JSON (stops at byte 10)"},
        // A complete value followed by more text: the 'x' at byte 4.
        BadText{"trailing_text", "{} x", "config.json is not valid JSON (stops at byte 4)"},
        // NaN is not JSON: the 'N' at byte 1.
        BadText{"nan", "NaN", "config.json is not valid JSON (stops at byte 1)"}),
    [](const testing::TestParamInfo<BadText>& row) { return std::string(row.param.name); });

}  // namespace
}  // namespace contextfit
