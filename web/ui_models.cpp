#include "ui_models.h"

#include <string>

#include "imgui.h"

namespace contextfit::web {
namespace {

constexpr const char* column_keys[] = {"web_col_model", "web_col_tokens", "web_col_pages", "web_col_memory"};
static_assert(sizeof(column_keys) / sizeof(column_keys[0]) == static_cast<size_t>(ModelsSort::count),
              "one header per sort column");

// Left edges of the columns as fractions of the width: name, tokens, pages or parts, memory, and (on screens at
// least 44 font sizes wide) the limit or the RAM to have; the end of each cell is the next one's edge.
constexpr float wide_x[] = {0, 0.34f, 0.52f, 0.64f, 0.78f, 1};
constexpr float narrow_x[] = {0, 0.40f, 0.63f, 0.78f, 1, 1};
constexpr size_t column_count = 5;

struct Columns {
    float x0 = 0, width = 0;
    const float* edges = wide_x;
    size_t shown = column_count;
    float left(size_t i) const { return x0 + edges[i] * width; }
};

Columns columns() {
    Columns c;
    c.x0 = ImGui::GetCursorPosX();
    c.width = ImGui::GetContentRegionAvail().x;
    if (c.width < ImGui::GetFontSize() * 44) {
        c.edges = narrow_x;
        c.shown = column_count - 1;
    }
    return c;
}

// A cell's text, clipped at the next column's edge so a long name never runs into the figures.
void cell(const Columns& c, size_t i, const std::string& text) {
    ImGui::SameLine(c.left(i));
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float right = p.x + (c.edges[i + 1] - c.edges[i]) * c.width - ImGui::GetStyle().ItemSpacing.x;
    ImGui::PushClipRect(p, ImVec2(right, p.y + ImGui::GetFontSize() * 2), true);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopClipRect();
}

// The filter finds a family by its id ("qwen3") or its name ("Qwen3", "DeepSeek-V3"), in any case.
bool family_matches(const Catalog& catalog, const ModelRow& m, const char* filter) {
    if (!filter[0]) return true;
    auto lower = [](std::string x) {
        for (char& c : x) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        return x;
    };
    const std::string f = lower(filter);
    return lower(m.family).find(f) != std::string::npos || lower(catalog.family_name(m.family)).find(f) != std::string::npos;
}

std::string limited_key(const std::string& limited_by) {
    return limited_by == "weights_do_not_fit" ? "limited_weights" : "limited_" + limited_by;
}

void header_row(AppState& s, const Assets& a, bool text_mode) {
    const Columns c = columns();
    for (size_t i = 0; i < static_cast<size_t>(ModelsSort::count); ++i) {
        if (i > 0) ImGui::SameLine(c.left(i));
        std::string key = column_keys[i];
        if (i == static_cast<size_t>(ModelsSort::pages_or_parts)) key = text_mode ? "web_col_parts" : "web_col_pages";
        const bool sorted = static_cast<size_t>(s.models_sort) == i;
        const std::string label = a.strings.format(key, s.ui) + (sorted ? " \xE2\x86\x92" : "") + "##sort";
        ImGui::PushID(static_cast<int>(i));
        if (ImGui::SmallButton(label.c_str()) && !sorted) {
            s.models_sort = static_cast<ModelsSort>(i);
            s.changed = true;
        }
        ImGui::PopID();
    }
    if (c.shown == column_count)
        cell(c, column_count - 1, a.strings.format(text_mode ? "need_label_ram" : "label_limited_by", s.ui));
}

void row(AppState& s, const ModelRow& m, const Assets& a, bool text_mode) {
    const Columns c = columns();
    const std::string& ui = s.ui;
    if (ImGui::Selectable(("##" + m.id).c_str(), s.model == m.id, ImGuiSelectableFlags_AllowOverlap) && s.model != m.id) {
        s.model = m.id;
        s.changed = true;
    }
    const std::string third = text_mode ? (m.limited_by.empty() ? a.strings.format("need_fits_short", ui)
                                                                 : a.strings.count(m.parts, ui))
                                        : a.strings.count(static_cast<uint64_t>(m.pages + 0.5), ui);
    const std::string limit = text_mode ? a.strings.bytes(m.ram_bytes, ui)
                                        : a.strings.format(limited_key(m.limited_by), ui);
    const std::string cells[] = {m.name, a.strings.count(m.tokens, ui), third, a.strings.bytes(m.total_bytes, ui), limit};
    for (size_t i = 0; i < c.shown; ++i) cell(c, i, cells[i]);
}

}  // namespace

void models_panel(AppState& s, const View& v, const Assets& a) {
    const bool text_mode = s.mode == PageMode::text;
    ImGui::SeparatorText(a.strings.format(text_mode ? "web_models_title_text" : "web_models_title", s.ui).c_str());
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 12);
    ImGui::InputTextWithHint("##family", a.strings.format("web_models_filter", s.ui).c_str(), s.family_filter,
                             sizeof s.family_filter);
    header_row(s, a, text_mode);
    for (const ModelRow& m : v.models)
        if (family_matches(a.catalog, m, s.family_filter)) row(s, m, a, text_mode);
}

}  // namespace contextfit::web
