// Sections: helpers; header and notices; results; inputs (memory, model, formats); breakdown bar;
// memory-vs-context chart; "why not tokens²"; draw().
#include "ui.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <utility>
#include <vector>

#include "imgui.h"
#include "imgui_internal.h"  // the current window's text wrap position, work and content rectangles
#include "kv_cache.h"
#include "limits.h"
#include "notice_text.h"
#include "ui_models.h"
#include "ui_text_mode.h"
#include "ui_hardware.h"

namespace contextfit::web {
namespace {

// ---- helpers ----

struct Ui {
    AppState& s;
    const View& v;
    const UiContext& c;
    const Assets& a;
    UiEvents ev;
    std::string t(const char* key, const Substitutions& subs = {}) const { return a.strings.format(key, s.ui, subs); }
    float px(float css) const { return css * c.dpr; }
    float css_width() const { return ImGui::GetIO().DisplaySize.x / c.dpr; }
};

void text(const std::string& s) { ImGui::TextUnformatted(s.c_str(), s.c_str() + s.size()); }

// Cells side by side and in rows, spaced as a borderless ImGui table spaces them (CellPadding.x on each side of a
// column gap, CellPadding.y above and below each row), without ImGui's tables: their layout code is about 21 KB
// of the page's wasm. A cell is a group whose right edge (for width -1, GetContentRegionAvail, SeparatorText)
// stops where the cell does, as in a table cell, and its clip rectangle halfway into the gap to the next column,
// so a long line cannot draw over it.
class Grid {
public:
    // Columns of these widths in pixels, gaps not included, from the cursor.
    explicit Grid(std::vector<float> widths)
        : widths_(std::move(widths)), origin_(ImGui::GetCursorScreenPos()), pad_(ImGui::GetStyle().CellPadding) {
        width_ = pad_.x * 2 * static_cast<float>(widths_.size() - 1);
        for (float w : widths_) width_ += w;
        next_row_top_ = origin_.y;
    }
    Grid(const Grid&) = delete;
    Grid& operator=(const Grid&) = delete;

    // Ends the current cell and starts the next: the next column, or the first one of a new row.
    void next_cell() {
        if (column_ >= 0) end_cell();
        column_ = (column_ + 1) % static_cast<int>(widths_.size());
        if (column_ == 0) {
            row_top_ = next_row_top_;
            x_ = origin_.x;
        } else {
            x_ += widths_[static_cast<size_t>(column_ - 1)] + pad_.x * 2;
        }
        // Clipped halfway into the gaps between columns; the outer edges keep the window's clip rectangle.
        ImGuiWindow* win = ImGui::GetCurrentWindow();
        const float w = widths_[static_cast<size_t>(column_)];
        const bool last = column_ + 1 == static_cast<int>(widths_.size());
        ImGui::PushClipRect(ImVec2(column_ == 0 ? win->ClipRect.Min.x : x_ - pad_.x, win->ClipRect.Min.y),
                            ImVec2(last ? win->ClipRect.Max.x : x_ + w + pad_.x, win->ClipRect.Max.y), true);
        ImGui::SetCursorScreenPos(ImVec2(x_, row_top_ + pad_.y));
        ImGui::BeginGroup();
        saved_work_max_x_ = win->WorkRect.Max.x;
        saved_content_max_x_ = win->ContentRegionRect.Max.x;
        win->WorkRect.Max.x = win->ContentRegionRect.Max.x = x_ + w;
    }

    // Ends the last cell and leaves the cursor below the grid.
    void end() {
        if (column_ >= 0) end_cell();
        ImGui::SetCursorScreenPos(origin_);
        ImGui::Dummy(ImVec2(width_, next_row_top_ - origin_.y));
    }

private:
    void end_cell() {
        ImGuiWindow* win = ImGui::GetCurrentWindow();
        win->WorkRect.Max.x = saved_work_max_x_;
        win->ContentRegionRect.Max.x = saved_content_max_x_;
        ImGui::EndGroup();
        ImGui::PopClipRect();
        next_row_top_ = std::max(next_row_top_, ImGui::GetItemRectMax().y + pad_.y);
    }

    std::vector<float> widths_;
    ImVec2 origin_, pad_;
    float width_ = 0, x_ = 0, row_top_ = 0, next_row_top_ = 0;
    float saved_work_max_x_ = 0, saved_content_max_x_ = 0;
    int column_ = -1;
};

// `n` columns of whole pixels filling `width`; the pixels rounding leaves go one each to the rightmost columns.
std::vector<float> equal_columns(float width, int n) {
    const float cells = width - ImGui::GetStyle().CellPadding.x * 2 * static_cast<float>(n - 1);
    std::vector<float> widths(static_cast<size_t>(n), ImTrunc(cells / static_cast<float>(n)));
    float spare = cells - widths.front() * static_cast<float>(n);
    for (size_t i = widths.size(); i-- > 0 && spare >= 1; spare -= 1) widths[i] += 1;
    return widths;
}

// The width text may take here: up to the pushed wrap position, and within the grid cell.
float wrap_width() {
    const float wrap_pos = ImGui::GetCurrentWindow()->DC.TextWrapPos;
    const float avail = ImGui::GetContentRegionAvail().x;
    return wrap_pos < 0 ? avail : std::min(avail, ImGui::CalcWrapWidthForPos(ImGui::GetCursorScreenPos(), wrap_pos));
}

// `s` broken into lines at spaces only. ImGui's own wrap also breaks after '.' and ',', which splits names and
// numbers on phones ("Llama 3." / "1 70B", "131," / "072"); no-break spaces (U+00A0) keep words together.
// A word wider than the line is cut where it overflows.
std::string break_at_spaces(const std::string& s, float width) {
    const ImFont* font = ImGui::GetFont();
    const float size = ImGui::GetFontSize();
    auto fits = [&](const std::string& x) { return font->CalcTextSizeA(size, FLT_MAX, 0, x.c_str()).x <= width; };
    std::string out, line;
    size_t i = 0;
    while (i <= s.size()) {
        const size_t end = std::min(s.find_first_of(" \n", i), s.size());
        std::string word = s.substr(i, end - i);
        const std::string joined = line + " " + word;
        if (!line.empty() && fits(joined)) {
            line = joined;
        } else {
            if (!line.empty()) out += line + "\n";
            while (word.size() > 1 && !fits(word)) {
                size_t cut = 0;  // the longest prefix that fits, at least one character, cut between characters
                for (size_t k = 1; k <= word.size(); ++k) {
                    if (k < word.size() && (static_cast<unsigned char>(word[k]) & 0xC0) == 0x80) continue;
                    if (cut > 0 && !fits(word.substr(0, k))) break;
                    cut = k;
                }
                out += word.substr(0, cut) + "\n";
                word.erase(0, cut);
            }
            line = word;
        }
        if (end < s.size() && s[end] == '\n') {
            out += line + "\n";
            line.clear();
        }
        i = end + 1;
    }
    return out + line;
}

void wrapped(const std::string& s) {
    const std::string lines = break_at_spaces(s, wrap_width());
    ImGui::PushTextWrapPos(-1.0f);  // already broken: no second wrap
    text(lines);
    ImGui::PopTextWrapPos();
}
void label(const std::string& s) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    wrapped(s);
    ImGui::PopStyleColor();
}

// The right edge of the current column or window, for items that wrap by hand.
float right_edge() { return ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x; }

// A section title. ImGui ellipsizes a title too wide for the line (Russian on a phone) but still reports its full
// width as content; only what is drawn counts here, so the page's overflow checks see real overflow only.
void section_title(const std::string& title) {
    const float edge = right_edge();
    float& max_x = ImGui::GetCurrentWindow()->DC.CursorMaxPos.x;
    const float before = max_x;
    ImGui::SeparatorText(title.c_str());
    max_x = std::max(before, std::min(max_x, edge));
}

uint64_t whole(double x) { return x <= 0 ? 0 : static_cast<uint64_t>(x + 0.5); }

// "70.6B" / "70,6 млрд"
std::string params_text(const Ui& u, uint64_t n) {
    return u.t("web_params", {{"billions", u.a.strings.real(static_cast<double>(n) / 1e9, 1, u.s.ui)}});
}

// After a text field: where it is (for the shell and tests), whether it is being typed in and takes a
// number (the phone keyboard's layout), and scrolled into view while active (a phone keyboard may cover it).
void text_field(Ui& u, TextField f) {
    const ImVec2 lo = ImGui::GetItemRectMin(), hi = ImGui::GetItemRectMax();
    u.ev.fields[static_cast<size_t>(f)] = ImVec4(lo.x, lo.y, hi.x - lo.x, hi.y - lo.y);
    if (!ImGui::IsItemActive()) return;
    u.ev.numeric_input = f != TextField::search;
    const ImRect visible = ImGui::GetCurrentWindow()->ClipRect;
    if (lo.y < visible.Min.y || hi.y > visible.Max.y) ImGui::SetScrollHereY(0.3f);
}

// A row of buttons that wraps to the next line when the window is narrow.
bool wrapping_button(const char* text_label, bool first, bool selected, float edge) {
    const ImGuiStyle& st = ImGui::GetStyle();
    const float w = ImGui::CalcTextSize(text_label, nullptr, true).x + st.FramePadding.x * 2;
    if (!first && ImGui::GetItemRectMax().x + st.ItemSpacing.x + w <= edge) ImGui::SameLine();
    if (selected) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
    const bool pressed = ImGui::Button(text_label);
    if (selected) ImGui::PopStyleColor();
    return pressed;
}

template <class Items, class Id, class Name>
bool combo(const char* id, std::string& value, const Items& items, Id get_id, Name get_name) {
    std::string preview = value;
    for (const auto& it : items)
        if (get_id(it) == value) preview = get_name(it);
    bool changed = false;
    ImGui::SetNextItemWidth(-1);
    if (ImGui::BeginCombo(id, preview.c_str())) {
        for (const auto& it : items) {
            const bool sel = get_id(it) == value;
            if (ImGui::Selectable(get_name(it).c_str(), sel)) {
                value = get_id(it);
                changed = true;
            }
            if (sel) ImGui::SetItemDefaultFocus();
        }
        ImGui::EndCombo();
    }
    return changed;
}

// ---- header and notices ----

void header(Ui& u) {
    ImGui::PushFont(u.c.big);
    text(u.t("web_title"));
    ImGui::PopFont();
    wrapped(u.t("web_tagline"));
    const std::vector<std::string> languages = u.a.strings.languages();
    for (const std::string& lang : languages) {
        if (lang != languages.front()) ImGui::SameLine();
        const bool sel = u.s.ui == lang;
        if (sel) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
        // Each language's button in that language ("English", "Русский"), so a reader finds their own.
        if (ImGui::Button(u.a.strings.format("language_name", lang).c_str()) && !sel) {
            u.s.ui = lang;
            u.s.ui_in_link = true;
            u.s.changed = true;
        }
        if (sel) ImGui::PopStyleColor();
    }
    ImGui::SameLine(0, u.px(24));
    ImGui::Button(u.t("web_copy_link").c_str());
    u.ev.copy_armed = ImGui::IsItemActive();
    const ImVec2 lo = ImGui::GetItemRectMin(), hi = ImGui::GetItemRectMax();
    u.ev.copy_rect = ImVec4(lo.x, lo.y, hi.x - lo.x, hi.y - lo.y);
    if (u.s.copy_status != 0) {
        ImGui::SameLine();
        label(u.t(u.s.copy_status > 0 ? "web_copied" : "web_copy_failed"));
    }
}

void notices(Ui& u) {
    if (u.s.notices.empty() && u.s.file_messages.empty() && u.s.read_as_gib.empty()) return;
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ImVec4(0.45f, 0.30f, 0.05f, 0.55f));
    ImGui::BeginChild("notices", ImVec2(0, 0), ImGuiChildFlags_Border | ImGuiChildFlags_AutoResizeY);
    if (!u.s.notices.empty() || !u.s.read_as_gib.empty()) text(u.t("web_notice_title"));
    for (const ShareNotice& n : u.s.notices) wrapped("• " + notice_text(u.a.strings, n, u.s.ui));
    for (const std::string& input : u.s.read_as_gib) wrapped("• " + u.t("notice_bare_gib", {{"input", input}}));
    if (!u.s.file_messages.empty()) text(u.t("web_file_title"));
    for (const std::string& m : u.s.file_messages) wrapped("• " + m);
    if (ImGui::Button(u.t("web_dismiss").c_str())) {
        u.s.notices.clear();
        u.s.file_messages.clear();
        u.s.read_as_gib.clear();
        u.s.changed = true;  // the HTML mirror lists them too
    }
    ImGui::EndChild();
    ImGui::PopStyleColor();
}

// ---- results ----

void stat(Ui& u, const std::string& number, const std::string& what) {
    ImGui::PushFont(u.c.big);
    text(number);
    ImGui::PopFont();
    label(what);
}

void results(Ui& u) {
    if (!u.v.estimate) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 0.55f, 0.45f, 1.0f));
        wrapped(u.t("web_error", {{"message", u.a.strings.error_message(u.v.estimate.error(), u.s.ui)}}));
        ImGui::PopStyleColor();
        return;
    }
    const Estimate& e = *u.v.estimate;
    const std::string& ui = u.s.ui;
    // Four figures in a row; two rows of two on a phone.
    Grid grid(equal_columns(ImGui::GetContentRegionAvail().x, u.css_width() < 560 ? 2 : 4));
    grid.next_cell();
    stat(u, u.a.strings.count(e.fit.tokens, ui), u.t("web_tokens"));
    grid.next_cell();
    stat(u, u.a.strings.real(e.text.megabytes, 2, ui), u.t("web_megabytes"));
    grid.next_cell();
    stat(u, e.text.words < 0 ? u.t("words_na") : u.a.strings.count(whole(e.text.words), ui), u.t("web_words"));
    grid.next_cell();
    stat(u, u.a.strings.count(whole(e.text.pages), ui), u.t("web_pages"));
    grid.end();
    wrapped(u.v.verdict);
}

// ---- inputs ----

void memory_inputs(Ui& u) {
    AppState& s = u.s;
    label(u.t("web_memory"));
    ImGui::SetNextItemWidth(u.px(110));
    if (ImGui::InputDouble("##ram", &s.ram_amount, 0, 0, "%.10g", number_chars)) {
        s.ram_amount = std::clamp(s.ram_amount, 0.0, 1048576.0);
        s.changed = true;
    }
    text_field(u, TextField::ram);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-1);
    const std::string unit_preview = u.t(ram_unit_label_key[static_cast<size_t>(s.ram_unit)]);
    if (ImGui::BeginCombo("##unit", unit_preview.c_str())) {
        for (size_t i = 0; i < static_cast<size_t>(RamUnit::count); ++i) {
            if (ImGui::Selectable(u.t(ram_unit_label_key[i]).c_str(), i == static_cast<size_t>(s.ram_unit))) {
                s.ram_unit = static_cast<RamUnit>(i);
                s.changed = true;
            }
        }
        ImGui::EndCombo();
    }
    // RAM is sold in binary sizes: "64 GB" modules hold 64 GiB, "1 TB" of RAM is 1 TiB.
    struct Preset { double amount; RamUnit unit; };
    static constexpr Preset presets[] = {{8, RamUnit::gib_as_sold},   {16, RamUnit::gib_as_sold},
                                         {32, RamUnit::gib_as_sold},  {64, RamUnit::gib_as_sold},
                                         {128, RamUnit::gib_as_sold}, {256, RamUnit::gib_as_sold},
                                         {512, RamUnit::gib_as_sold}, {1, RamUnit::tib},
                                         {1.5, RamUnit::tib},         {2, RamUnit::tib}};
    bool first = true;
    const float edge = right_edge();
    for (const Preset& p : presets) {
        const bool sel = s.ram_amount == p.amount && s.ram_unit == p.unit;
        const std::string amount = u.a.strings.real(p.amount, p.amount == static_cast<int>(p.amount) ? 0 : 1, s.ui);
        const std::string text_label = u.t(p.unit == RamUnit::tib ? "web_preset_tb" : "web_preset_gb",
                                           {{"amount", amount}}) + "##preset" + amount;
        if (wrapping_button(text_label.c_str(), first, sel, edge)) {
            s.ram_amount = p.amount;
            s.ram_unit = p.unit;
            s.changed = true;
        }
        first = false;
    }
    label(u.t("web_reserve"));
    ImGui::SetNextItemWidth(u.px(110));
    if (ImGui::InputDouble("##reserve", &s.reserve_gib, 0, 0, "%.10g", number_chars)) {
        s.reserve_gib = std::clamp(s.reserve_gib, 0.0, 1048576.0);
        s.changed = true;
    }
    text_field(u, TextField::reserve);
}

bool matches(const ModelSpec& m, const char* filter) {
    if (!filter[0]) return true;
    auto lower = [](std::string x) {
        for (char& ch : x) ch = static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
        return x;
    };
    const std::string f = lower(filter);
    return lower(m.display_name).find(f) != std::string::npos || lower(m.id).find(f) != std::string::npos ||
           lower(m.family).find(f) != std::string::npos;
}

// A name that already says the size ("Llama 3.1 70B", "DeepSeek-V3 (671B)") is not followed by it again.
bool name_has_size(const std::string& name) {
    for (size_t i = 1; i < name.size(); ++i)
        if (name[i] == 'B' && name[i - 1] >= '0' && name[i - 1] <= '9' &&
            (i + 1 == name.size() || name[i + 1] == ' ' || name[i + 1] == ')'))
            return true;
    return false;
}

std::string picker_item(const Ui& u, const ModelSpec& m) {
    return name_has_size(m.display_name) ? m.display_name : m.display_name + "  (" + params_text(u, m.n_params) + ")";
}

void model_picker(Ui& u) {
    AppState& s = u.s;
    const Catalog& cat = u.a.catalog;
    const ModelSpec* current = selected_model(u.a, s);
    label(u.t("web_model"));
    ImGui::SameLine();
    ImGui::SmallButton(u.t("web_open_file").c_str());
    u.ev.open_armed = ImGui::IsItemActive();
    ImGui::SetNextItemWidth(-1);
    const std::string current_name = current ? shown_model_name(u.a.strings, *current, s.ui) : s.model;
    if (ImGui::BeginCombo("##model", current_name.c_str(), ImGuiComboFlags_HeightLargest)) {
        // On a phone the list comes first: the search field (and the keyboard) only when tapped.
        if (ImGui::IsWindowAppearing() && ImGui::GetIO().MouseSource != ImGuiMouseSource_TouchScreen)
            ImGui::SetKeyboardFocusHere();
        ImGui::SetNextItemWidth(-1);
        // Enter picks the search's first match.
        if (ImGui::InputTextWithHint("##filter", u.t("web_search").c_str(), s.model_filter, sizeof s.model_filter,
                                     ImGuiInputTextFlags_EnterReturnsTrue)) {
            for (const ModelSpec& m : cat.models()) {
                if (!matches(m, s.model_filter)) continue;
                s.model = m.id;
                s.changed = true;
                ImGui::CloseCurrentPopup();
                break;
            }
        }
        text_field(u, TextField::search);
        if (s.file_model) {
            ImGui::SeparatorText(u.t("your_model").c_str());
            const ModelSpec& m = s.file_model->spec;
            const std::string item =
                shown_model_name(u.a.strings, m, s.ui) + "  (" + params_text(u, m.n_params) + ")##file";
            if (ImGui::Selectable(item.c_str(), s.model == arch_model_id)) {
                s.model = arch_model_id;
                s.changed = true;
            }
        }
        std::vector<std::string> families;
        for (const ModelSpec& m : cat.models())
            if (std::find(families.begin(), families.end(), cat.family_name(m.family)) == families.end())
                families.push_back(cat.family_name(m.family));
        for (const std::string& family : families) {
            bool shown_family = false;
            for (const ModelSpec& m : cat.models()) {
                if (cat.family_name(m.family) != family || !matches(m, s.model_filter)) continue;
                if (!shown_family) ImGui::SeparatorText(family.c_str());
                shown_family = true;
                const std::string item = picker_item(u, m);
                if (ImGui::Selectable(item.c_str(), &m == current)) {
                    s.model = m.id;
                    s.changed = true;
                }
                if (&m == current && ImGui::IsWindowAppearing()) ImGui::SetScrollHereY();
            }
        }
        ImGui::EndCombo();
    }
    if (current) {
        const Strings& str = u.a.strings;
        label(u.t("web_model_info", {{"params", params_text(u, current->n_params)},
                                     {"layers_n", str.counted("layers", s.ui, current->n_layer)},
                                     {"attention", current->attention_kind},
                                     {"context_n", str.counted("tokens", s.ui, current->n_ctx_limit)}}));
        if (s.model == arch_model_id && s.file_model) {
            // Layers by kind, and where the figures came from ("read 1.1 MB of 4.5 GB").
            label(u.t("web_file_layers", {{"full", std::to_string(current->n_layer_full)},
                                          {"swa", std::to_string(current->n_layer_swa)},
                                          {"recurrent", std::to_string(current->recurrent.n_layer)}}));
            if (s.file_model->weights_bytes)
                label(u.t("web_file_weights", {{"bytes", u.a.strings.bytes(s.file_model->weights_bytes, s.ui)}}));
            if (!s.file_model->origin.empty()) label(s.file_model->origin);
        }
    }
}

void format_inputs(Ui& u) {
    AppState& s = u.s;
    const std::string& ui = s.ui;
    auto id = [](const auto& x) -> std::string { return x.id; };
    label(u.t("web_weights"));
    // A GGUF's weights come from its tensor table: the format list does not apply then.
    const bool weights_from_file = s.model == arch_model_id && s.file_model && s.file_model->weights_bytes;
    ImGui::BeginDisabled(weights_from_file);
    s.changed |= combo("##weights", s.weights, u.a.formats.all(), id, [](const WeightFormat& f) { return f.label; });
    ImGui::EndDisabled();

    label(u.t("web_runtime"));
    std::vector<std::string> runtimes;
    for (Runtime r : all_runtimes) runtimes.push_back(runtime_name(r));
    auto same = [](const std::string& x) { return x; };
    auto runtime_label = [&](const std::string& r) { return u.t(("runtime_" + r).c_str()); };
    if (combo("##runtime", s.runtime, runtimes, same, runtime_label)) {
        s.changed = true;
        Result<Runtime> r = parse_runtime(s.runtime);
        if (r && !parse_kv_type(s.kv, *r)) s.kv = "f16";  // f16 is valid in every runtime
    }
    label(u.t("web_kv"));
    Result<Runtime> runtime = parse_runtime(s.runtime);
    const std::vector<std::string> kv = runtime ? kv_type_ids(*runtime) : std::vector<std::string>{};
    s.changed |= combo("##kv", s.kv, kv, same, same);

    label(u.t("web_seqs"));
    ImGui::SetNextItemWidth(u.px(140));
    if (ImGui::InputInt("##seqs", &s.seqs)) {
        s.seqs = std::clamp(s.seqs, 1, static_cast<int>(max_seqs));
        s.changed = true;
    }
    text_field(u, TextField::seqs);
    label(u.t("web_text_lang"));
    const Strings& strings = u.a.strings;
    s.changed |= combo("##lang", s.lang, u.a.text.languages(), id,
                       [&](const Language& l) { return language_name(strings, l, ui); });
    label(u.t("web_page"));
    s.changed |= combo("##page", s.page, u.a.text.pages(), id,
                       [&](const PageConvention& p) { return strings.format("page_" + p.id, ui); });
}

// ---- breakdown bar ----

void breakdown(Ui& u) {
    if (!u.v.estimate) return;
    const Estimate& e = *u.v.estimate;
    const MemoryBreakdown& b = e.fit.at_tokens;
    const uint64_t used = b.total();
    const uint64_t free_bytes = e.fit.usable_bytes > used ? e.fit.usable_bytes - used : 0;
    struct Part { const char* key; uint64_t bytes; ImU32 color; };
    const Part parts[] = {
        {"label_weights", b.weights_bytes, IM_COL32(86, 140, 220, 255)},
        {"label_kv", b.kv.total(), IM_COL32(230, 150, 60, 255)},
        {"label_buffers", b.overhead_bytes(), IM_COL32(170, 110, 200, 255)},
        {"web_reserve_label", e.reserve_bytes, IM_COL32(130, 130, 130, 255)},
        {"label_free", free_bytes, IM_COL32(70, 160, 100, 255)},
    };
    uint64_t total = 0;
    for (const Part& p : parts) total += p.bytes;
    if (total < e.ram_bytes) total = e.ram_bytes;
    section_title(u.t("web_breakdown"));
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    const float w = ImGui::GetContentRegionAvail().x, h = u.px(22);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    float x = p0.x;
    for (const Part& p : parts) {
        const float pw = total ? w * static_cast<float>(static_cast<double>(p.bytes) / static_cast<double>(total)) : 0;
        if (pw > 0) dl->AddRectFilled(ImVec2(x, p0.y), ImVec2(x + pw, p0.y + h), p.color);
        x += pw;
    }
    dl->AddRect(p0, ImVec2(p0.x + w, p0.y + h), IM_COL32(200, 200, 200, 120));
    if (total > e.ram_bytes) {  // more than the RAM is needed: mark where the RAM ends
        const float rx = p0.x + w * static_cast<float>(static_cast<double>(e.ram_bytes) / static_cast<double>(total));
        dl->AddLine(ImVec2(rx, p0.y - u.px(4)), ImVec2(rx, p0.y + h + u.px(4)), IM_COL32(255, 90, 80, 255), u.px(2.5f));
    }
    ImGui::Dummy(ImVec2(w, h));
    bool first = true;
    const float edge = right_edge();
    for (const Part& p : parts) {
        const std::string item = u.t(p.key) + " " + u.a.strings.bytes(p.bytes, u.s.ui);
        const float iw = u.px(14) + ImGui::CalcTextSize(item.c_str()).x;
        if (!first && ImGui::GetItemRectMax().x + u.px(16) + iw <= edge)
            ImGui::SameLine(0, u.px(16));
        first = false;
        ImGui::BeginGroup();
        const ImVec2 q = ImGui::GetCursorScreenPos();
        const float sz = ImGui::GetTextLineHeight() * 0.7f, off = ImGui::GetTextLineHeight() * 0.15f;
        dl->AddRectFilled(ImVec2(q.x, q.y + off), ImVec2(q.x + sz, q.y + off + sz), p.color);
        ImGui::Dummy(ImVec2(u.px(10), 0));
        ImGui::SameLine(0, u.px(4));
        text(item);
        ImGui::EndGroup();
    }
}

// ---- when the model does not fit: what would ----

// Each weight format in this memory: fits or not, tokens, pages; the chosen one highlighted.
void formats_table(Ui& u) {
    const FormatsFit& f = u.v.formats;
    if (f.formats.empty()) return;
    const std::string& ui = u.s.ui;
    section_title(u.t("web_formats_title"));
    Grid grid(equal_columns(ImGui::GetContentRegionAvail().x, 3));
    const ImVec4 muted = ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled);
    for (const FormatFit& row : f.formats) {
        const bool chosen = row.format->id == u.s.weights;
        ImGui::PushStyleColor(ImGuiCol_Text, chosen ? ImVec4(1.0f, 0.8f, 0.4f, 1.0f) : row.fits ? ImGui::GetStyleColorVec4(ImGuiCol_Text) : muted);
        grid.next_cell();
        text(row.format->label);
        grid.next_cell();
        text(row.fits ? u.a.strings.count(row.tokens, ui) + " " + u.t("web_formats_tokens") : u.t("web_formats_no"));
        grid.next_cell();
        text(row.fits ? u.a.strings.counted("pages", ui, whole(row.pages)) : "");
        ImGui::PopStyleColor();
    }
    grid.end();
}

// Under the verdict (which says by how much the memory falls short): the RAM the chosen format needs, and the
// formats that fit (a click applies one).
void what_would_fit(Ui& u) {
    if (!u.v.estimate || u.v.estimate->fit.limited_by != LimitedBy::weights_do_not_fit) return;
    const Estimate& e = *u.v.estimate;
    const FormatsFit& f = u.v.formats;
    const std::string& ui = u.s.ui;
    section_title(u.t("web_fit_title"));
    wrapped(u.t("web_fit_ram_needed", {{"short", u.a.strings.bytes(f.ram_needed_4096, ui)},
                                       {"full", u.a.strings.bytes(f.ram_needed_full_context, ui)},
                                       {"ctx", u.a.strings.count(e.model->n_ctx_limit, ui)}}));
    label(u.t(f.that_fit.empty() ? "web_fit_none" : "web_fit_formats"));
    const float edge = right_edge();
    bool first = true;
    for (const FormatFit& row : f.that_fit) {
        const std::string b = row.format->label + ": " + u.a.strings.count(row.tokens, ui) + " " + u.t("web_formats_tokens") +
                              "##fit" + row.format->id;
        if (wrapping_button(b.c_str(), first, false, edge)) {
            u.s.weights = row.format->id;
            u.s.changed = true;
        }
        first = false;
    }
}

// A tick step of 1, 2 or 5 x 10^k giving about `ticks` intervals over `span`.
double nice_step(double span, int ticks) {
    const double raw = span / ticks;
    const double p = std::pow(10.0, std::floor(std::log10(raw)));
    const double m = raw / p;
    return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
}

// "64K", "1M", "1.5M": tokens as an axis label.
std::string tokens_tick(const Strings& str, double t, const std::string& ui) {
    if (t >= 1e6) return str.real(t / 1e6, t / 1e6 == std::floor(t / 1e6) ? 0 : 1, ui) + "M";
    if (t >= 1e3) return str.real(t / 1e3, t / 1e3 == std::floor(t / 1e3) ? 0 : 1, ui) + "K";
    return str.count(static_cast<uint64_t>(t), ui);
}

// Text with a dark backing, so a label stays readable where it meets a line.
void label_at(ImDrawList* dl, ImVec2 at, ImU32 color, const std::string& s) {
    const ImVec2 size = ImGui::CalcTextSize(s.c_str());
    dl->AddRectFilled(ImVec2(at.x - 2, at.y), ImVec2(at.x + size.x + 2, at.y + size.y), IM_COL32(23, 26, 31, 220));
    dl->AddText(at, color, s.c_str());
}

// Under the pointer or finger inside the plot: the context there and the RAM it needs.
template <class Fx, class Fy>
void readout(Ui& u, ImDrawList* dl, ImVec2 a, ImVec2 b, Fx X, Fy Y) {
    const ImVec2 m = ImGui::GetIO().MousePos;
    if (!ImGui::IsWindowHovered() || m.x < a.x || m.x > b.x || m.y < a.y || m.y > b.y) return;
    const std::vector<ChartPoint>& c = u.v.curve;
    const size_t i = std::min(c.size() - 1, static_cast<size_t>((m.x - a.x) / (b.x - a.x) * static_cast<float>(c.size() - 1) + 0.5f));
    const ChartPoint& p = c[i];
    const float x = X(static_cast<double>(p.tokens)), y = Y(static_cast<double>(p.ram_bytes));
    dl->AddLine(ImVec2(x, a.y), ImVec2(x, b.y), IM_COL32(255, 255, 255, 90));
    dl->AddCircleFilled(ImVec2(x, y), u.px(4), IM_COL32(230, 150, 60, 255));
    const std::string s = u.t("web_chart_readout", {{"tokens", u.a.strings.count(p.tokens, u.s.ui)},
                                                    {"ram", u.a.strings.bytes(p.ram_bytes, u.s.ui)}});
    const float tw = ImGui::CalcTextSize(s.c_str()).x;
    label_at(dl, ImVec2(std::clamp(x + u.px(8), a.x, b.x - tw), std::max(a.y, y - ImGui::GetTextLineHeight() * 1.5f)),
             IM_COL32(255, 255, 255, 255), s);
}

// Memory needed against context: gridlines and ticks in tokens (K, M) and bytes, the RAM line, the limits, and a
// readout under the pointer or finger. The vertical axis starts at a tick below the weights: below them nothing
// changes with context, and a big model's growth would be squeezed against the top (the caption says so).
void chart(Ui& u) {
    if (!u.v.estimate || u.v.curve.size() < 2) return;
    const Estimate& e = *u.v.estimate;
    const std::string& ui = u.s.ui;
    section_title(u.t("web_chart"));
    const float line = ImGui::GetTextLineHeightWithSpacing();
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    const float w = ImGui::GetContentRegionAvail().x;
    const float h = std::min(u.px(260), std::max(u.px(160), w * 0.5f));
    const float left = ImGui::CalcTextSize(u.t("web_chart_gib", {{"gib", "00 000"}}).c_str()).x + u.px(4);
    const ImVec2 a(p0.x + left, p0.y + line), b(p0.x + w, p0.y + line + h);  // plot area; labels around it
    double y_hi = static_cast<double>(e.ram_bytes), y_lo = y_hi;
    for (const ChartPoint& p : u.v.curve) {
        y_hi = std::max(y_hi, static_cast<double>(p.ram_bytes));
        y_lo = std::min(y_lo, static_cast<double>(p.ram_bytes));
    }
    // Ticks at round GiB: 1, 2 or 5 x 10^k GiB.
    constexpr double gib = double(uint64_t{1} << 30);
    const double y_step = nice_step(std::max(y_hi - y_lo, y_hi * 0.05) / gib, 4) * gib;
    y_lo = std::floor(y_lo / y_step) * y_step;
    y_hi = std::ceil(y_hi * 1.02 / y_step) * y_step;
    const double x_max = static_cast<double>(u.v.chart_max_tokens);
    auto X = [&](double tokens) { return a.x + static_cast<float>(tokens / x_max) * (b.x - a.x); };
    auto Y = [&](double bytes) { return b.y - static_cast<float>((bytes - y_lo) / (y_hi - y_lo)) * (b.y - a.y); };
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(a, b, IM_COL32(255, 255, 255, 12));
    const ImU32 grid = IM_COL32(200, 200, 200, 40), tick = IM_COL32(170, 170, 170, 255);
    for (double y = y_lo; y <= y_hi + y_step / 2; y += y_step) {
        dl->AddLine(ImVec2(a.x, Y(y)), ImVec2(b.x, Y(y)), grid);
        const std::string t = u.t("web_chart_gib", {{"gib", u.a.strings.real(y / gib, y_step < gib ? 1 : 0, ui)}});
        dl->AddText(ImVec2(p0.x, Y(y) - ImGui::GetTextLineHeight() * 0.5f), tick, t.c_str());
    }
    const double x_step = nice_step(x_max, u.css_width() < 560 ? 3 : 6);
    for (double x = x_step; x < x_max; x += x_step) {
        dl->AddLine(ImVec2(X(x), a.y), ImVec2(X(x), b.y), grid);
        const std::string t = tokens_tick(u.a.strings, x, ui);
        dl->AddText(ImVec2(X(x) - ImGui::CalcTextSize(t.c_str()).x * 0.5f, b.y + line * 0.1f), tick, t.c_str());
    }
    dl->AddRect(a, b, IM_COL32(200, 200, 200, 90));
    const float ram_y = Y(static_cast<double>(e.ram_bytes));
    dl->AddLine(ImVec2(a.x, ram_y), ImVec2(b.x, ram_y), IM_COL32(90, 200, 120, 255), u.px(1.5f));
    std::vector<ImVec2> pts;
    for (const ChartPoint& p : u.v.curve)
        pts.push_back(ImVec2(X(static_cast<double>(p.tokens)), Y(static_cast<double>(p.ram_bytes))));
    dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), IM_COL32(230, 150, 60, 255), 0, u.px(2));
    // Limits: a vertical line each, labelled above the plot, where no other line runs.
    // The second label goes one line lower when the first one's span would cover it.
    float taken_lo = 0, taken_hi = -1;
    auto marker = [&](uint64_t tokens, const std::string& what, ImU32 color) {
        if (static_cast<double>(tokens) > x_max) return;
        const float x = X(static_cast<double>(tokens));
        dl->AddLine(ImVec2(x, a.y), ImVec2(x, b.y), color, u.px(1.5f));
        const std::string s = what + " " + u.a.strings.count(tokens, ui);
        const float tw = ImGui::CalcTextSize(s.c_str()).x;
        const float tx = std::clamp(x - tw * 0.5f, a.x, b.x - tw);
        const bool clash = tx < taken_hi && tx + tw > taken_lo;
        label_at(dl, ImVec2(tx, clash ? a.y + u.px(2) : p0.y), color, s);
        taken_lo = tx;
        taken_hi = tx + tw;
    };
    marker(e.fit.tokens_model_limit, u.t("web_chart_model_limit"), IM_COL32(110, 170, 255, 255));
    if (!e.fit.memory_unbounded && e.fit.limited_by != LimitedBy::weights_do_not_fit &&
        e.fit.tokens_memory_limit != e.fit.tokens_model_limit)
        marker(e.fit.tokens_memory_limit, u.t("web_chart_memory_limit"), IM_COL32(90, 200, 120, 255));
    const std::string ram_label = u.t("web_chart_ram") + " " + u.a.strings.bytes(e.ram_bytes, ui);
    label_at(dl, ImVec2(a.x + u.px(4), std::clamp(ram_y - line, a.y, b.y - line)), IM_COL32(90, 200, 120, 255), ram_label);
    ImGui::Dummy(ImVec2(w, h + line * 2.2f));
    readout(u, dl, a, b, X, Y);
    label(u.t("web_chart_axes", {{"max", u.a.strings.count(u.v.chart_max_tokens, ui)},
                                 {"bottom", u.a.strings.bytes(static_cast<uint64_t>(y_lo), ui)},
                                 {"top", u.a.strings.bytes(static_cast<uint64_t>(y_hi), ui)}}));
}

// ---- why not tokens² ----

void quadratic(Ui& u) {
    if (!u.v.estimate) return;
    const Estimate& e = *u.v.estimate;
    const std::string& ui = u.s.ui;
    const uint64_t kv = e.fit.at_tokens.kv.k_bytes + e.fit.at_tokens.kv.v_bytes;
    const double scores = e.quadratic_scores_bytes;
    section_title(u.t("web_quadratic_title"));
    const uint64_t scores_bytes = scores > 9.0e18 ? uint64_t{9000000000000000000ull} : static_cast<uint64_t>(scores);
    wrapped(u.t("web_quadratic_text", {{"tokens", u.a.strings.count(e.fit.tokens, ui)},
                                        {"heads", std::to_string(e.model->n_head)},
                                        {"scores", u.a.strings.bytes(scores_bytes, ui)},
                                        {"kv", u.a.strings.bytes(kv, ui)}}));
    const double top = std::max(scores, static_cast<double>(kv));
    if (top <= 0) return;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float w = ImGui::GetContentRegionAvail().x, h = u.px(14);
    auto bar = [&](double bytes, ImU32 color, const std::string& what) {
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const float bw = std::max(u.px(2), w * static_cast<float>(bytes / top));
        dl->AddRectFilled(p, ImVec2(p.x + bw, p.y + h), color);
        ImGui::Dummy(ImVec2(w, h));
        label(what);
    };
    bar(scores, IM_COL32(220, 90, 80, 255), u.t("web_quadratic_scores"));
    bar(static_cast<double>(kv), IM_COL32(230, 150, 60, 255), u.t("web_quadratic_kv"));
}

// The estimate's caveats and, for each figure, its formula with the numbers filled in and its source: the same
// notes and trace the CLI prints, so every number on the page can be followed back.
void how_computed(Ui& u) {
    if (!u.v.estimate) return;
    const Estimate& e = *u.v.estimate;
    section_title(u.t("web_how_title"));
    for (const std::string& note : e.notes) wrapped("\xE2\x80\xA2 " + note);
    for (const TraceLine& line : e.trace) {
        ImGui::Spacing();
        wrapped(u.t(("trace_label_" + line.quantity).c_str()) + " = " + line.formula);
        label(u.t("web_how_source", {{"source", line.source}}));
    }
}

}  // namespace

const unsigned short* glyph_ranges() {
    // The subset font's coverage (scripts/subset-font): Latin-1, Cyrillic letters, punctuation, symbols.
    static const unsigned short ranges[] = {0x0020, 0x00FF, 0x0400, 0x045F, 0x0490, 0x0491, 0x2010, 0x2027,
                                            0x202F, 0x203A, 0x2116, 0x2116,
                                            0x20BD, 0x20BD, 0x2192, 0x2192, 0x2212, 0x2212, 0x2248, 0x2248,
                                            0x2264, 0x2265, 0xFFFD, 0xFFFD, 0};
    return ranges;
}

ImVector<ImWchar> big_glyph_ranges(const Assets& assets) {
    ImFontGlyphRangesBuilder builder;
    // What stat() and header() draw in the big font: Strings::count and Strings::real output (digits, a minus sign
    // never shown but cheap, and each language's number marks), the title and words_na in every language, and the
    // fallback character so a miss shows as one.
    builder.AddText("0123456789-\xEF\xBF\xBD");
    for (const std::string& lang : assets.strings.languages())
        for (const char* key : {"web_title", "words_na", "number_group", "number_decimal"})
            builder.AddText(assets.strings.format(key, lang).c_str());
    ImVector<ImWchar> ranges;
    builder.BuildRanges(&ranges);
    return ranges;
}

UiEvents draw(AppState& state, const View& view, const UiContext& ctx) {
    Ui u{state, view, ctx, *ctx.assets, {}};
    const ImGuiIO& io = ImGui::GetIO();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(io.DisplaySize);
    ImGui::Begin("ContextFit", nullptr,
                 ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                     ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus);
    // Keep lines readable on wide screens: a centred column of at most 1200 CSS px.
    const float max_w = u.px(1200);
    if (io.DisplaySize.x > max_w + u.px(32)) ImGui::SetCursorPosX((io.DisplaySize.x - max_w) * 0.5f);
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + std::min(max_w, io.DisplaySize.x - ImGui::GetStyle().WindowPadding.x * 2));
    header(u);
    notices(u);
    ImGui::Separator();
    u.ev.text_open_armed = text_mode_panel(u.s, u.v, u.a, u.c.big);
    if (u.s.mode == PageMode::memory) {  // text mode shows its own answer above
        results(u);
        what_would_fit(u);
    }
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();

    const bool wide = u.css_width() >= 900;
    const float width = std::min(max_w, ImGui::GetContentRegionAvail().x);
    if (io.DisplaySize.x > max_w + u.px(32)) ImGui::SetCursorPosX((io.DisplaySize.x - max_w) * 0.5f);
    // Inputs on the left at 36 % of the width, figures on the right; one column below them on narrower screens.
    const float inputs_w = ImTrunc(width * 0.36f);
    Grid layout(wide ? std::vector<float>{inputs_w, width - inputs_w - ImGui::GetStyle().CellPadding.x * 2}
                     : std::vector<float>{width});
    layout.next_cell();
    memory_inputs(u);
    model_picker(u);
    format_inputs(u);
    hardware_inputs(state, ctx);
    if (wide) layout.next_cell();
    else ImGui::Spacing();
    breakdown(u);
    placement_and_time(state, view, ctx);
    formats_table(u);
    chart(u);
    quadratic(u);
    how_computed(u);
    layout.end();
    models_panel(u.s, u.v, u.a);
    ImGui::End();
    return u.ev;
}

}  // namespace contextfit::web
