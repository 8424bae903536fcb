#include "ui_text_mode.h"

#include <string>

#include "text_amount.h"

namespace contextfit::web {
namespace {

void text_line(const std::string& s) { ImGui::TextWrapped("%s", s.c_str()); }

// On the same line as the last item when `width` more fits there (a phone in Russian takes the next line).
void same_line_if_fits(float width) {
    const ImGuiStyle& style = ImGui::GetStyle();
    const float used = ImGui::GetItemRectMax().x - ImGui::GetCursorScreenPos().x + style.ItemSpacing.x;
    if (ImGui::GetContentRegionAvail().x - used >= width) ImGui::SameLine();
}

void mode_switch(AppState& s, const Assets& a) {
    int mode = s.mode == PageMode::text ? 1 : 0;
    const bool memory = ImGui::RadioButton(a.strings.format("web_mode_memory", s.ui).c_str(), &mode, 0);
    const std::string text_label = a.strings.format("web_mode_text", s.ui);
    same_line_if_fits(ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x +
                      ImGui::CalcTextSize(text_label.c_str()).x);
    const bool text = ImGui::RadioButton(text_label.c_str(), &mode, 1);
    if (memory || text) {
        s.mode = mode == 1 ? PageMode::text : PageMode::memory;
        s.changed = true;
    }
}

// The amount field; an edit that reads as an amount replaces a counted file.
bool amount_input(AppState& s, const Assets& a) {
    ImGui::TextUnformatted(a.strings.format("web_text_amount", s.ui).c_str());
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
    if (ImGui::InputTextWithHint("##text_amount", "80MB, 500pages, 32000tokens", s.text_amount, sizeof s.text_amount) &&
        parse_text_amount(s.text_amount)) {
        s.text_file.reset();
        s.changed = true;
    }
    const std::string open_label = a.strings.format("web_open_text", s.ui);
    same_line_if_fits(ImGui::CalcTextSize(open_label.c_str()).x + ImGui::GetStyle().FramePadding.x * 2);
    ImGui::SmallButton(open_label.c_str());
    const bool open_armed = ImGui::IsItemActive();
    if (!s.text_file) {
        if (Result<TextAmount> amount = parse_text_amount(s.text_amount); !amount)
            text_line(a.strings.format("web_error", s.ui, {{"message", a.strings.error_message(amount.error(), s.ui)}}));
        return open_armed;
    }
    const TextStats& f = *s.text_file;
    text_line(a.strings.format("web_text_file", s.ui,
                               {{"name", s.text_file_name}, {"encoding", text_encoding_name(f.encoding)},
                                {"chars", a.strings.count(f.chars, s.ui)}, {"words", a.strings.count(f.words, s.ui)},
                                {"language", f.language}}));
    return open_armed;
}

void need_result(const AppState& s, const Need& n, const Assets& a, ImFont* big) {
    const Strings& t = a.strings;
    const std::string& ui = s.ui;
    ImGui::PushFont(big);
    ImGui::TextUnformatted(t.count(n.tokens, ui).c_str());
    ImGui::PopFont();
    text_line(t.format("need_title", ui, {{"model", n.model->display_name}, {"tokens", t.count(n.tokens, ui)},
                                          {"seqs", std::to_string(n.seqs)}}));
    text_line(n.fits_context ? t.format("need_fits", ui, {{"limit", t.count(n.n_ctx_limit, ui)}})
                             : t.format("need_parts", ui, {{"limit", t.count(n.n_ctx_limit, ui)},
                                                           {"parts", t.count(n.parts, ui)},
                                                           {"part", t.count(n.part_tokens, ui)}}));
    text_line(t.format("web_need_memory", ui,
                       {{"weights", t.bytes(n.weights_bytes, ui)}, {"kv", t.bytes(n.kv_bytes + n.state_bytes, ui)},
                        {"buffers", t.bytes(n.compute_bytes + n.output_bytes + n.runtime_bytes, ui)},
                        {"total", t.bytes(n.total_bytes, ui)}}));
    text_line(t.format("need_label_ram", ui) + ": " + t.bytes(n.ram_bytes, ui) + " " + t.format("need_ram_line", ui));
}

}  // namespace

bool text_mode_panel(AppState& s, const View& v, const Assets& a, ImFont* big) {
    mode_switch(s, a);
    if (s.mode != PageMode::text) return false;
    const bool open_armed = amount_input(s, a);
    if (v.need) need_result(s, *v.need, a, big);
    else if (!s.changed)
        text_line(a.strings.format("web_error", s.ui, {{"message", a.strings.error_message(v.need.error(), s.ui)}}));
    ImGui::Separator();
    return open_armed;
}

}  // namespace contextfit::web
