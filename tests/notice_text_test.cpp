// Share-link notices as sentences in the UI language (web/notice_text.h). The expected sentences are the
// templates of assets/strings.json filled in by hand.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "notice_text.h"
#include "test_assets.h"

namespace contextfit::web {
namespace {

// The keys of the layout in core/share_link.h, in its order.
const std::vector<std::string> layout_keys = {"ram", "reserve", "model", "arch", "name", "tok", "weights", "kv",
                                              "runtime", "seqs", "lang", "page", "ui"};

struct TextRow {
    const char* name;
    ShareNotice notice;
    const char* lang;
    std::string expected;
};

std::vector<TextRow> text_rows() {
    constexpr ShareProblem bad = ShareProblem::bad_value;
    return {
        {"SeqsEn", {"seqs", "0", bad, ShareAccepts::whole_number, {}, 4096, {}}, "en",
         "seqs=0: not a valid value; accepted: a whole number from 1 to 4,096"},
        {"SeqsRu", {"seqs", "0", bad, ShareAccepts::whole_number, {}, 4096, {}}, "ru",
         "seqs=0: недопустимое значение; допустимо: целое число от 1 до 4\u00a0096"},
        {"RuntimeRu", {"runtime", "ollama", bad, ShareAccepts::one_of, {"theory", "llama.cpp", "vllm"}, 0, {}}, "ru",
         "runtime=ollama: недопустимое значение; допустимо: theory, llama.cpp, vllm"},
        {"ModelNearRu", {"model", "qwen3-8", bad, ShareAccepts::catalog_model, {"qwen3-8b", "qwen3-4b"}, 0, {}}, "ru",
         "model=qwen3-8: недопустимое значение; допустимо: id модели из каталога, например qwen3-8b, qwen3-4b"},
        {"ModelNoSuggestionEn", {"model", "x", bad, ShareAccepts::catalog_model, {}, 0, {}}, "en",
         "model=x: not a valid value; accepted: a model id from the catalog"},
        {"UnknownKeyRu", {"foo", "bar", ShareProblem::unknown_key, ShareAccepts::keys, layout_keys, 0, {}}, "ru",
         "foo=bar: неизвестный ключ; допустимо: ключи ram, reserve, model, arch, name, tok, weights, kv, runtime, seqs, lang, page, ui"},
        {"EmptyValueEn", {"model", "", ShareProblem::empty_value, ShareAccepts::key_value, {}, 0, {}}, "en",
         "model=: empty value; accepted: key=value"},
        {"IdCharsEn", {"model", "лама", bad, ShareAccepts::id_chars, {}, 64, {}}, "en",
         "model=лама: not a valid value; accepted: an id of Latin letters, digits, '.', '_' and '-', at most 64 characters"},
        {"TooLongRu", {"", "4097", ShareProblem::too_long, ShareAccepts::link_bytes, {}, 4096, {}}, "ru",
         "ссылка слишком длинная: 4\u00a0097 байт, читается не больше 4\u00a0096; ничего не применено"},
        {"TooLongEn", {"", "4097", ShareProblem::too_long, ShareAccepts::link_bytes, {}, 4096, {}}, "en",
         "the link is too long: 4,097 bytes, at most 4,096 are read; nothing was applied"},
        {"MoreRu", {"", "5", ShareProblem::more_notices, ShareAccepts::nothing, {}, 0, {}}, "ru", "и ещё проблем: 5"},
    };
}

class ShareNoticeText : public testing::TestWithParam<TextRow> {};

TEST_P(ShareNoticeText, Sentence) {
    EXPECT_EQ(notice_text(test::assets().strings, GetParam().notice, GetParam().lang), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(Rows, ShareNoticeText, testing::ValuesIn(text_rows()),
                         [](const testing::TestParamInfo<TextRow>& row_info) { return std::string(row_info.param.name); });

TEST(ShareNoticeText, BadArchFieldsNameTheValueAndTheReason) {
    ShareParse p = parse_share_link("#arch=l32.e4096.h32.kv5.dk128.dv128.ctx131072.p1&seqs=2");
    ASSERT_EQ(p.notices.size(), 1u);
    const std::string text = notice_text(test::assets().strings, p.notices[0], "en");
    // The value is shown cut at 40 bytes; the reason is validate_model()'s
    EXPECT_NE(text.find("arch=l32.e4096.h32.kv5.dk128.dv128.ctx131072....: not a valid value; accepted: architecture "
                        "fields"), std::string::npos) << text;
    EXPECT_NE(text.find("(here: model 'your-model': n_head (32) is not a multiple of n_head_kv (5))"), std::string::npos)
        << text;
    // In Russian the reason is Russian too (error_model_heads_multiple), not the English message quoted.
    const std::string ru = notice_text(test::assets().strings, p.notices[0], "ru");
    EXPECT_NE(ru.find("(здесь: модель «your-model»: число голов запроса (32) не кратно числу голов KV (5))"),
              std::string::npos) << ru;
}

TEST(ShareNoticeText, ArchFieldsOutOfRangeInRussian) {
    ShareParse p = parse_share_link("#arch=l5000");
    ASSERT_EQ(p.notices.size(), 1u);
    const std::string ru = notice_text(test::assets().strings, p.notices[0], "ru");
    // core/arch_fields.cpp: l is n_layer, 1 to 4096 (core/limits.h max_n_layer), grouped as Russian writes 4 096
    EXPECT_NE(ru.find("l=5000: n_layer должно быть целым числом от 1 до 4\u00a0096"), std::string::npos) << ru;
}

}  // namespace
}  // namespace contextfit::web
