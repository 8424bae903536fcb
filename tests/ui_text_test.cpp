// Numbers and plural nouns by each language's rules, read from assets/strings.json. The expected forms are
// written by hand from Russian and English grammar (for Russian, the CLDR rule quoted in core/ui_text.h:
// 1, 21, 101, 1001 take the nominative singular; 2-4, 22-24 the genitive singular; 0, 5-20, 11-14, 25, 111,
// 1000 the genitive plural; a number shown with decimals the genitive singular).
#include "ui_text.h"

#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "catalog.h"
#include "embedded_assets.h"
#include "test_assets.h"
#include "text_amount.h"

namespace contextfit {
namespace {

struct PluralRow {
    const char* name;
    const char* lang;
    const char* noun;
    double n;
    int decimals;
    const char* expected;
};

class Plural : public testing::TestWithParam<PluralRow> {};

TEST_P(Plural, CountAndNoun) {
    const PluralRow& r = GetParam();
    const Strings& s = test::assets().strings;
    const std::string shown = r.decimals == 0 ? s.counted(r.noun, r.lang, static_cast<uint64_t>(r.n))
                                              : s.counted_real(r.noun, r.lang, r.n, r.decimals);
    EXPECT_EQ(shown, r.expected);
}

INSTANTIATE_TEST_SUITE_P(
    Forms, Plural,
    testing::Values(
        PluralRow{"ru_tokens_0", "ru", "tokens", 0, 0, "0 токенов"},
        PluralRow{"ru_tokens_1", "ru", "tokens", 1, 0, "1 токен"},
        PluralRow{"ru_tokens_2", "ru", "tokens", 2, 0, "2 токена"},
        PluralRow{"ru_tokens_4", "ru", "tokens", 4, 0, "4 токена"},
        PluralRow{"ru_tokens_5", "ru", "tokens", 5, 0, "5 токенов"},
        PluralRow{"ru_tokens_11", "ru", "tokens", 11, 0, "11 токенов"},
        PluralRow{"ru_tokens_12", "ru", "tokens", 12, 0, "12 токенов"},
        PluralRow{"ru_tokens_14", "ru", "tokens", 14, 0, "14 токенов"},
        PluralRow{"ru_tokens_21", "ru", "tokens", 21, 0, "21 токен"},
        PluralRow{"ru_tokens_22", "ru", "tokens", 22, 0, "22 токена"},
        PluralRow{"ru_tokens_25", "ru", "tokens", 25, 0, "25 токенов"},
        PluralRow{"ru_tokens_101", "ru", "tokens", 101, 0, "101 токен"},
        PluralRow{"ru_tokens_111", "ru", "tokens", 111, 0, "111 токенов"},
        PluralRow{"ru_tokens_1000", "ru", "tokens", 1000, 0, "1\u00a0000 токенов"},
        PluralRow{"ru_tokens_1001", "ru", "tokens", 1001, 0, "1\u00a0001 токен"},
        PluralRow{"ru_tokens_131072", "ru", "tokens", 131072, 0, "131\u00a0072 токена"},
        PluralRow{"ru_tokens_1_5", "ru", "tokens", 1.5, 1, "1,5 токена"},
        PluralRow{"ru_tokens_1_0_shown", "ru", "tokens", 1.0, 1, "1,0 токена"},
        PluralRow{"ru_layers_21", "ru", "layers", 21, 0, "21 слой"},
        PluralRow{"ru_layers_22", "ru", "layers", 22, 0, "22 слоя"},
        PluralRow{"ru_layers_25", "ru", "layers", 25, 0, "25 слоёв"},
        PluralRow{"ru_layers_61", "ru", "layers", 61, 0, "61 слой"},
        PluralRow{"ru_pages_3", "ru", "pages", 3, 0, "3 страницы"},
        PluralRow{"ru_pages_113", "ru", "pages", 113, 0, "113 страниц"},
        PluralRow{"ru_words_1", "ru", "words", 1, 0, "1 слово"},
        PluralRow{"ru_sequences_2", "ru", "sequences", 2, 0, "2 последовательности"},
        PluralRow{"ru_models_71", "ru", "models", 71, 0, "71 модель"},
        PluralRow{"ru_parts_5", "ru", "parts", 5, 0, "5 частей"},
        PluralRow{"en_tokens_0", "en", "tokens", 0, 0, "0 tokens"},
        PluralRow{"en_tokens_1", "en", "tokens", 1, 0, "1 token"},
        PluralRow{"en_tokens_2", "en", "tokens", 2, 0, "2 tokens"},
        PluralRow{"en_tokens_21", "en", "tokens", 21, 0, "21 tokens"},
        PluralRow{"en_tokens_1000", "en", "tokens", 1000, 0, "1,000 tokens"},
        PluralRow{"en_tokens_1_5", "en", "tokens", 1.5, 1, "1.5 tokens"},
        PluralRow{"en_layers_1", "en", "layers", 1, 0, "1 layer"},
        PluralRow{"unknown_language_is_english", "xx", "tokens", 2, 0, "2 tokens"}),
    [](const testing::TestParamInfo<PluralRow>& info) { return std::string(info.param.name); });

TEST(Numbers, RussianSeparatorsComeFromTheStrings) {
    const Strings& s = test::assets().strings;
    EXPECT_EQ(s.count(1048576, "ru"), "1\u00a0048\u00a0576");
    EXPECT_EQ(s.count(1048576, "en"), "1,048,576");
    EXPECT_EQ(s.real(0.575, 2, "ru").substr(0, 2), "0,");
    EXPECT_EQ(s.real(98765.4321, 2, "en"), "98765.43");
    EXPECT_EQ(s.bytes(uint64_t{16} << 30, "ru"), "16,00\u00a0ГиБ");  // 16 x 2^30 bytes
    EXPECT_EQ(s.bytes(uint64_t{16} << 30, "en"), "16.00\u00a0GiB");
    EXPECT_EQ(s.bytes(512, "en"), "512\u00a0B");
}

// A new language is a table: its rules come from the data, so a made-up one with its own marks works.
TEST(Numbers, ANewLanguageNeedsNoCode) {
    const char* json = R"({"en": {"plural_rule": "one_other", "number_group": ",", "number_decimal": ".",
        "byte_units": ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"], "tokens": ["token", "tokens"]},
        "xx": {"plural_rule": "east_slavic", "number_group": "'", "number_decimal": ";",
        "byte_units": ["b", "k", "m", "g", "t", "p", "e"], "tokens": ["t1", "t2", "t5"]}})";
    Result<Strings> s = Strings::parse(json);
    ASSERT_TRUE(s.ok()) << s.error().message;
    EXPECT_EQ(s->counted("tokens", "xx", 12345), "12'345 t5");
    EXPECT_EQ(s->counted_real("tokens", "xx", 2.5, 1), "2;5 t2");
    EXPECT_EQ(s->bytes(3u << 20, "xx"), "3;00\u00a0m");
}

struct BadStrings {
    const char* name;
    const char* json;
    const char* message_part;
};

class StringsRejected : public testing::TestWithParam<BadStrings> {};

TEST_P(StringsRejected, SaysWhy) {
    Result<Strings> s = Strings::parse(GetParam().json);
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.error().message.find(GetParam().message_part), std::string::npos) << s.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Tables, StringsRejected,
    testing::Values(
        BadStrings{"no_rule", R"({"en": {"number_group": ","}})", "plural_rule"},
        BadStrings{"unknown_rule", R"({"en": {"plural_rule": "dual"}})", "plural_rule"},
        BadStrings{"too_few_forms", R"({"en": {"plural_rule": "one_other", "tokens": ["token"]}})",
                   "en.tokens has 1 forms, 2 expected"},
        BadStrings{"missing_plural_noun",
                   R"({"en": {"plural_rule": "one_other", "tokens": ["a", "b"]}, "ru": {"plural_rule": "east_slavic"}})",
                   "'ru' lacks key 'tokens'"},
        BadStrings{"number_in_array", R"({"en": {"plural_rule": "one_other", "tokens": [1, 2]}})",
                   "neither a string nor an array"}),
    [](const testing::TestParamInfo<BadStrings>& info) { return std::string(info.param.name); });

// Pages and tokens take the decimal comma as sizes do (issue #13): the link's text=1,5pages and the page's text
// field read 1.5 pages; a comma before three digits is refused as for sizes ("1,500": 1.5 or 1500?).
TEST(TextAmount, DecimalCommaInPagesAndTokens) {
    Result<TextAmount> comma = parse_text_amount("1,5pages");
    ASSERT_TRUE(comma.ok()) << comma.error().message;
    EXPECT_EQ(comma->unit, TextUnit::pages);
    EXPECT_DOUBLE_EQ(comma->amount, 1.5);
    Result<TextAmount> tokens = parse_text_amount("32000tokens");
    ASSERT_TRUE(tokens.ok()) << tokens.error().message;
    EXPECT_DOUBLE_EQ(tokens->amount, 32000);
    EXPECT_FALSE(parse_text_amount("1,500pages").ok());
    EXPECT_FALSE(parse_text_amount("1,5tokens").ok());  // a token count is whole
    EXPECT_FALSE(parse_text_amount("1e3pages").ok());
}

// A text amount the page's text field cannot read, phrased for each reader (the templates error_text_amount and
// error_text_amount_tokens; the forms to type, 500pages and 32000tokens, stay as typed).
struct AmountErrorRow {
    const char* name;
    const char* input;
    const char* lang;
    const char* expected;
};

class TextAmountError : public testing::TestWithParam<AmountErrorRow> {};

TEST_P(TextAmountError, PhrasedInTheReadersLanguage) {
    Result<TextAmount> t = parse_text_amount(GetParam().input);
    ASSERT_FALSE(t.ok());
    EXPECT_EQ(test::assets().strings.error_message(t.error(), GetParam().lang), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Texts, TextAmountError,
    testing::Values(
        AmountErrorRow{"WordsEn", "lots", "en",
                       "'lots' is not a text amount; accepted: a size of UTF-8 text (80MB, 1.5GiB), pages (500pages) or "
                       "tokens (32000tokens)"},
        AmountErrorRow{"WordsRu", "lots", "ru",
                       "«lots» — не объём текста; допустимо: размер текста в UTF-8 (80MB, 1,5GiB), страницы (500pages) "
                       "или токены (32000tokens)"},
        AmountErrorRow{"FractionOfATokenRu", "1.5tokens", "ru",
                       "«1.5tokens»: число токенов должно быть целым; допустимо: размер текста в UTF-8 (80MB, 1,5GiB), "
                       "страницы (500pages) или токены (32000tokens)"}),
    [](const testing::TestParamInfo<AmountErrorRow>& info) { return std::string(info.param.name); });

// {name:number} shows a number written in code by the reader's rules, and leaves anything else as it is.
struct NumberFieldRow {
    const char* name;
    const char* value;
    const char* lang;
    const char* expected;  // by hand: Russian groups with a no-break space and marks decimals with a comma
};

class NumberField : public testing::TestWithParam<NumberFieldRow> {};

TEST_P(NumberField, ShowsTheNumberByTheLanguagesRules) {
    const char* json = R"({"en": {"plural_rule": "one_other", "number_group": ",", "number_decimal": ".",
        "msg": "got {v:number} of {v}"}, "ru": {"plural_rule": "east_slavic", "number_group": "\u00a0",
        "number_decimal": ",", "msg": "получено {v:number} из {v}"}})";
    Result<Strings> s = Strings::parse(json);
    ASSERT_TRUE(s.ok()) << s.error().message;
    const std::string raw = GetParam().value;
    EXPECT_EQ(s->format("msg", GetParam().lang, {{"v", raw}}),
              std::string(GetParam().lang) == "ru" ? "получено " + std::string(GetParam().expected) + " из " + raw
                                                   : "got " + std::string(GetParam().expected) + " of " + raw);
}

INSTANTIATE_TEST_SUITE_P(
    Values, NumberField,
    testing::Values(NumberFieldRow{"MillionRu", "1048576", "ru", "1\u00a0048\u00a0576"},
                    NumberFieldRow{"MillionEn", "1048576", "en", "1,048,576"},
                    NumberFieldRow{"ThreeDigitsUngrouped", "512", "ru", "512"},
                    NumberFieldRow{"DecimalRu", "0.95", "ru", "0,95"},
                    NumberFieldRow{"BigDecimalRu", "12345.5", "ru", "12\u00a0345,5"},
                    NumberFieldRow{"NegativeRu", "-4096", "ru", "-4\u00a0096"},
                    NumberFieldRow{"UnitStaysAsWritten", "16GB", "ru", "16GB"},
                    NumberFieldRow{"TrailingPointStays", "1.", "ru", "1."},
                    NumberFieldRow{"ExponentStays", "1e+17", "ru", "1e+17"},
                    NumberFieldRow{"EmptyStays", "", "ru", ""},
                    NumberFieldRow{"SignAloneStays", "-", "ru", "-"}),
    [](const testing::TestParamInfo<NumberFieldRow>& info) { return std::string(info.param.name); });

// {name:NOUN} is the noun's form for the number `name` holds as the language shows it. Russian by hand (CLDR, as
// above): 335 571 ends in 71, so the singular; 4,2 has decimals, so the genitive singular; 12 the plural.
struct NounFieldRow {
    const char* name;
    const char* value;
    const char* lang;
    const char* expected;
};

class NounField : public testing::TestWithParam<NounFieldRow> {};

TEST_P(NounField, AgreesWithTheNumberShown) {
    EXPECT_EQ(test::assets().strings.format("web_time_tps", GetParam().lang, {{"n", GetParam().value}}),
              GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Values, NounField,
    testing::Values(NounFieldRow{"GroupedOneRu", "335\u00a0571", "ru", "335\u00a0571 токен/с"},
                    NounFieldRow{"DecimalRu", "4,2", "ru", "4,2 токена/с"},
                    NounFieldRow{"ElevenToFourteenRu", "12", "ru", "12 токенов/с"},
                    NounFieldRow{"FewRu", "1\u00a0023", "ru", "1\u00a0023 токена/с"},
                    NounFieldRow{"NotANumberTakesManyRu", "2,0 M", "ru", "2,0 M токенов/с"},
                    NounFieldRow{"OneEn", "1", "en", "1 token/s"},
                    NounFieldRow{"GroupedEn", "1,001", "en", "1,001 tokens/s"},
                    NounFieldRow{"DecimalOneEn", "1.0", "en", "1.0 tokens/s"}),
    [](const testing::TestParamInfo<NounFieldRow>& info) { return std::string(info.param.name); });

// {name:NOUN_of}: the count stands in the genitive («на чтение ... с нуля», web_time_read). By hand: 131 072 and
// 2 take the genitive plural (токенов), 21 the genitive singular (токена); English has one form for both.
TEST(NounField, GenitiveAfterAWordThatGovernsIt) {
    const Strings& s = test::assets().strings;
    EXPECT_EQ(s.format("web_time_read", "ru", {{"tokens", "131\u00a0072"}}), "на чтение 131\u00a0072 токенов с нуля");
    EXPECT_EQ(s.format("web_time_read", "ru", {{"tokens", "2"}}), "на чтение 2 токенов с нуля");
    EXPECT_EQ(s.format("web_time_read", "ru", {{"tokens", "21"}}), "на чтение 21 токена с нуля");
    EXPECT_EQ(s.format("web_time_read", "en", {{"tokens", "1"}}), "to read 1 token from empty");
    EXPECT_EQ(plural_form_of("east_slavic", 7.5, 1), 1u);  // «до 7,5 токена/с»
    EXPECT_EQ(plural_form_of("east_slavic", 11), 2u);      // «из 11 знаков»
}

// Every {name:SPEC} of every template is "number" or a plural noun of its language's table (NOUN or NOUN_of): a
// misspelt one would show its spec as a word.
TEST(StringsTables, EverySpecIsANumberOrANoun) {
    const nlohmann::json doc = nlohmann::json::parse(embedded_strings_json());
    size_t specs = 0;
    for (const auto& [lang, table] : doc.items()) {
        if (lang.rfind('_', 0) == 0) continue;
        for (const auto& [key, text] : table.items()) {
            if (!text.is_string()) continue;
            const std::string t = text.get<std::string>();
            for (size_t open = t.find('{'); open != std::string::npos; open = t.find('{', open + 1)) {
                const size_t close = t.find('}', open), colon = t.find(':', open);
                if (close == std::string::npos || colon == std::string::npos || colon > close) continue;
                std::string spec = t.substr(colon + 1, close - colon - 1);
                if (spec.size() > 3 && spec.compare(spec.size() - 3, 3, "_of") == 0) spec.resize(spec.size() - 3);
                EXPECT_TRUE(spec == "number" || (table.contains(spec) && table[spec].is_array() && spec != "byte_units"))
                    << lang << "." << key << ": {" << t.substr(open + 1, close - open - 1) << "}";
                ++specs;
            }
        }
    }
    EXPECT_GT(specs, 300u);  // both tables were read: several hundred numbers and nouns
}

// An error met inside a larger step (a file, an option) is phrased step by step, innermost first, in one language.
TEST(ErrorSteps, PhraseTheWholeChainInTheReadersLanguage) {
    ModelSpec m = test::model("llama-3.1-8b");
    m.n_head_kv = 5;  // 32 heads are not a multiple of 5
    const Status valid = validate_model(m);
    ASSERT_FALSE(valid.ok());
    const Error e = within(within(valid.error(), "the model in this file cannot be sized: ", "error_gguf_cannot_size"),
                           "m.gguf: ", "error_in", {{"where", "m.gguf"}});
    EXPECT_EQ(e.message, "m.gguf: the model in this file cannot be sized: model 'llama-3.1-8b': n_head (32) is not a "
                         "multiple of n_head_kv (5)");
    EXPECT_EQ(test::assets().strings.error_message(e, "ru"),
              "m.gguf: модель из этого файла не удаётся оценить: модель «llama-3.1-8b»: число голов запроса (32) не "
              "кратно числу голов KV (5)");
}

// A value a translation shares with the base language is shown the same way: a translation that writes {offset}
// where English has {offset:number} loses its number marks. (A translation may leave a value out, as Russian drops
// {what}, an English phrase, or use another the code passes, as a counted noun's form.)
TEST(StringsTables, TranslationsShowSharedValuesTheSameWay) {
    const nlohmann::json doc = nlohmann::json::parse(embedded_strings_json());
    const auto fields = [](const std::string& text) {  // {name} or {name:number} -> name, spec ({n:tokens} aside)
        std::map<std::string, std::string> out;
        for (size_t open = text.find('{'); open != std::string::npos; open = text.find('{', open + 1)) {
            const size_t close = text.find('}', open);
            if (close == std::string::npos) break;
            const std::string field = text.substr(open + 1, close - open - 1);
            const size_t colon = std::min(field.find(':'), field.size());
            const std::string spec = field.substr(colon);
            if (spec.empty() || spec == ":number") out[field.substr(0, colon)] = spec;
        }
        return out;
    };
    size_t shared = 0;
    for (const auto& [lang, table] : doc.items()) {
        if (lang == Strings::base_language || lang.rfind('_', 0) == 0) continue;
        for (const auto& [key, text] : table.items()) {
            if (!text.is_string()) continue;
            const auto base = fields(doc[Strings::base_language][key].get<std::string>());
            for (const auto& [name, spec] : fields(text.get<std::string>())) {
                const auto in_base = base.find(name);
                if (in_base == base.end()) continue;
                EXPECT_EQ(spec, in_base->second) << lang << "." << key << " {" << name << "}";
                ++shared;
            }
        }
    }
    EXPECT_GT(shared, 500u);  // the tables were read: Russian alone shares several hundred values
}

}  // namespace
}  // namespace contextfit
