// Sections: helpers; picker and options; placement bars; time panel and its chart.
#include "ui_hardware.h"

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "imgui.h"
#include "limits.h"

namespace contextfit::web {
namespace {

// ---- helpers ----

constexpr ImU32 weights_color = IM_COL32(86, 140, 220, 255);   // as the memory breakdown in ui.cpp
constexpr ImU32 kv_color = IM_COL32(230, 150, 60, 255);
constexpr ImU32 buffers_color = IM_COL32(170, 110, 200, 255);
constexpr ImU32 prefill_color = IM_COL32(110, 170, 255, 255);

struct Hw {
    const Assets& a;
    const std::string& ui;
    float dpr;
    std::string t(const char* key, const Substitutions& subs = {}) const { return a.strings.format(key, ui, subs); }
    float px(float css) const { return css * dpr; }
};

void text(const std::string& s) { ImGui::TextUnformatted(s.c_str(), s.c_str() + s.size()); }

void wrapped(const std::string& s) {
    ImGui::PushTextWrapPos(0);
    text(s);
    ImGui::PopTextWrapPos();
}

void dim(const std::string& s) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    wrapped(s);
    ImGui::PopStyleColor();
}

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    return s;
}

bool matches(const Device& d, const char* filter) {
    const std::string f = lower(filter);
    return f.empty() || lower(d.name).find(f) != std::string::npos || d.id.find(f) != std::string::npos;
}

// "4.2" below 10, "37" above: speeds read at a glance.
std::string rate_text(const Hw& w, double x) { return w.a.strings.real(x, x < 10 ? 1 : 0, w.ui); }

// ---- picker and options ----

// Apple chips and other unified-memory devices form their own group whatever their kind says.
int group_of(const Device& d) { return d.kind == DeviceKind::unified ? 2 : d.kind == DeviceKind::gpu ? 1 : 0; }

void add_pick(HardwareInputs& h, const std::string& id) {
    for (HardwarePick& p : h.picks)
        if (p.id == id) return void(++p.count);
    if (h.picks.size() < max_share_devices) h.picks.push_back({id, 1});
}

bool device_list(const Hw& w, HardwareInputs& h) {
    static const char* const groups[] = {"web_hw_group_cpu", "web_hw_group_gpu", "web_hw_group_unified"};
    bool changed = false;
    for (int g = 0; g < 3; ++g) {
        bool shown = false;
        for (const Device& d : w.a.hardware.devices()) {
            if (group_of(d) != g || !matches(d, h.filter)) continue;
            if (!shown) ImGui::SeparatorText(w.t(groups[g]).c_str());
            shown = true;
            if (ImGui::Selectable((d.name + "##" + d.id).c_str())) {
                add_pick(h, d.id);
                changed = true;
            }
        }
    }
    return changed;
}

bool picked_rows(const Hw& w, HardwareInputs& h) {
    bool changed = false;
    for (size_t i = 0; i < h.picks.size(); ++i) {
        HardwarePick& p = h.picks[i];
        const Device* d = w.a.hardware.find(p.id);
        ImGui::PushID(static_cast<int>(i));
        ImGui::SetNextItemWidth(w.px(96));
        if (ImGui::InputInt("##count", &p.count)) {
            p.count = std::clamp(p.count, 1, static_cast<int>(max_share_device_count));
            changed = true;
        }
        ImGui::SameLine();
        const bool remove = ImGui::SmallButton("\xC3\x97");  // U+00D7, a multiplication sign as "remove"
        ImGui::SameLine();
        wrapped(d ? d->name : p.id);
        ImGui::PopID();
        if (remove) {
            h.picks.erase(h.picks.begin() + static_cast<long>(i));
            return true;
        }
    }
    return changed;
}

bool custom_inputs(const Hw& w, CustomDevice& c) {
    bool changed = ImGui::Checkbox(w.t("web_hw_custom").c_str(), &c.on);
    if (!c.on) return changed;
    static const char* const kinds[] = {"web_hw_group_cpu", "web_hw_group_gpu", "web_hw_group_unified"};
    text(w.t("web_hw_kind"));
    for (int k = 0; k < 3; ++k) changed |= ImGui::RadioButton(w.t(kinds[k]).c_str(), &c.kind, k);
    auto number = [&](const char* key, const char* id, double& value) {
        ImGui::SetNextItemWidth(w.px(110));
        if (ImGui::InputDouble(id, &value, 0, 0, "%.6g", number_chars)) {
            value = std::clamp(value, 0.0, 1e6);
            changed = true;
        }
        ImGui::SameLine();
        wrapped(w.t(key));
    };
    if (c.kind != 0) number("web_hw_memory", "##cmem", c.memory_gib);
    number("web_hw_bandwidth", "##cbw", c.bandwidth_gbs);
    number("web_hw_compute", "##ctf", c.compute_tflops);
    ImGui::SetNextItemWidth(w.px(110));
    if (ImGui::InputInt("##ccount", &c.count)) {
        c.count = std::clamp(c.count, 1, static_cast<int>(max_share_device_count));
        changed = true;
    }
    ImGui::SameLine();
    wrapped(w.t("web_hw_custom_count"));
    return changed;
}

// The runtime's options that move layers between devices: llama.cpp -ngl and --cpu-moe, vLLM TP and nodes.
bool runtime_options(const Hw& w, const std::string& runtime, HardwareInputs& h) {
    bool changed = false;
    auto whole = [&](const char* key, const char* id, int& value, int lo, int hi) {
        ImGui::SetNextItemWidth(w.px(110));
        if (ImGui::InputInt(id, &value)) {
            value = std::clamp(value, lo, hi);
            changed = true;
        }
        ImGui::SameLine();
        wrapped(w.t(key));
    };
    if (runtime == "llama.cpp") {
        bool automatic = h.ngl < 0;
        if (ImGui::Checkbox(w.t("web_ngl_auto").c_str(), &automatic)) {
            h.ngl = automatic ? -1 : 0;
            changed = true;
        }
        if (!automatic) whole("web_ngl", "##ngl", h.ngl, 0, static_cast<int>(max_n_layer));
        changed |= ImGui::Checkbox(w.t("web_cpu_moe").c_str(), &h.cpu_moe);
    } else if (runtime == "vllm") {
        whole("web_tp", "##tp", h.tp, 0, static_cast<int>(max_share_device_count));
        whole("web_nodes", "##nodes", h.nodes, 1, static_cast<int>(max_share_device_count));
    }
    return changed;
}

// ---- placement bars ----

void device_bar(const Hw& w, const DevicePlacement& d, bool fills_first) {
    const std::string name = d.device.name;
    const std::string used = w.a.strings.bytes(d.total(), w.ui);
    const bool whole_layers = d.layers == static_cast<double>(static_cast<long long>(d.layers));
    const std::string layers = w.a.strings.real(d.layers, whole_layers ? 0 : 1, w.ui);
    Substitutions subs = {{"name", name}, {"count", std::to_string(d.count)}, {"used", used}, {"layers", layers}};
    if (d.capacity_bytes) subs.push_back({"capacity", w.a.strings.bytes(d.capacity_bytes, w.ui)});
    std::string line = w.t(d.capacity_bytes ? "web_placement_device" : "web_placement_device_open", subs);
    if (fills_first) line += " \xE2\x80\x94 " + w.t("web_placement_fills_first");
    wrapped(line);
    const double scale = static_cast<double>(std::max<uint64_t>(d.capacity_bytes, std::max<uint64_t>(d.total(), 1)));
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    const float bw = ImGui::GetContentRegionAvail().x, bh = w.px(12);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    float x = p0.x;
    for (auto [bytes, color] : {std::pair{d.weights_bytes, weights_color}, std::pair{d.kv_bytes, kv_color},
                                std::pair{d.buffer_bytes, buffers_color}}) {
        const float pw = bw * static_cast<float>(static_cast<double>(bytes) / scale);
        dl->AddRectFilled(ImVec2(x, p0.y), ImVec2(x + pw, p0.y + bh), color);
        x += pw;
    }
    const ImU32 frame = fills_first ? IM_COL32(240, 90, 80, 255) : IM_COL32(200, 200, 200, 120);
    dl->AddRect(p0, ImVec2(p0.x + bw, p0.y + bh), frame);
    ImGui::Dummy(ImVec2(bw, bh));
}

void placement(const Hw& w, const Placement& p) {
    ImGui::SeparatorText(w.t("web_placement_title").c_str());
    for (size_t i = 0; i < p.devices.size(); ++i)
        device_bar(w, p.devices[i], static_cast<int>(i) == p.fills_first);
    bool first = true;
    const float edge = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
    for (auto [key, color] : {std::pair{"label_weights", weights_color}, std::pair{"label_kv", kv_color},
                              std::pair{"label_buffers", buffers_color}}) {
        const float item_w = ImGui::CalcTextSize(w.t(key).c_str()).x;
        if (!first && ImGui::GetItemRectMax().x + w.px(12) + item_w <= edge) ImGui::SameLine(0, w.px(12));
        first = false;
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(color));
        text(w.t(key));
        ImGui::PopStyleColor();
    }
    if (!p.fits) wrapped(w.t("web_placement_not_fit"));
}

// ---- time panel ----

void time_chart(const Hw& w, const SpeedView& v) {
    if (v.curve.size() < 2) return;
    double tps_max = 0, seconds_max = 0;
    for (const TimePoint& p : v.curve) {
        tps_max = std::max(tps_max, p.decode_tokens_per_s);
        seconds_max = std::max(seconds_max, p.prefill_seconds);
    }
    if (tps_max <= 0 || seconds_max <= 0) return;
    const float line = ImGui::GetTextLineHeightWithSpacing();
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    const float cw = ImGui::GetContentRegionAvail().x;
    const float ch = std::min(w.px(220), std::max(w.px(140), cw * 0.45f));
    const ImVec2 a(p0.x, p0.y + line), b(p0.x + cw, p0.y + line + ch);
    const double x_max = static_cast<double>(v.curve.back().tokens);
    auto X = [&](double tokens) { return a.x + static_cast<float>(tokens / x_max) * (b.x - a.x); };
    auto Y = [&](double f) { return b.y - static_cast<float>(f) * (b.y - a.y); };
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(a, b, IM_COL32(255, 255, 255, 12));
    dl->AddRect(a, b, IM_COL32(200, 200, 200, 90));
    std::vector<ImVec2> decode, prefill;
    for (const TimePoint& p : v.curve) {
        decode.push_back(ImVec2(X(static_cast<double>(p.tokens)), Y(p.decode_tokens_per_s / tps_max)));
        prefill.push_back(ImVec2(X(static_cast<double>(p.tokens)), Y(p.prefill_seconds / seconds_max)));
    }
    dl->AddPolyline(decode.data(), static_cast<int>(decode.size()), kv_color, 0, w.px(2));
    dl->AddPolyline(prefill.data(), static_cast<int>(prefill.size()), prefill_color, 0, w.px(2));
    // Ticks: the ends and the middle of each axis, with units.
    const std::string top_left = w.t("web_time_tps", {{"n", rate_text(w, tps_max)}});
    const std::string top_right = duration_text(w.a.strings, seconds_max, w.ui);
    dl->AddText(ImVec2(a.x, p0.y), kv_color, top_left.c_str());
    dl->AddText(ImVec2(b.x - ImGui::CalcTextSize(top_right.c_str()).x, p0.y), prefill_color, top_right.c_str());
    for (int i = 0; i <= 2; ++i) {
        const double tokens = x_max * i / 2;
        const float x = X(tokens);
        dl->AddLine(ImVec2(x, b.y), ImVec2(x, b.y + w.px(4)), IM_COL32(200, 200, 200, 160));
        const std::string s = w.a.strings.count(static_cast<uint64_t>(tokens), w.ui);
        const float tw = ImGui::CalcTextSize(s.c_str()).x;
        dl->AddText(ImVec2(std::clamp(x - tw * 0.5f, a.x, b.x - tw), b.y + w.px(4)), IM_COL32(200, 200, 200, 255),
                    s.c_str());
    }
    ImGui::Dummy(ImVec2(cw, ch + line * 2.2f));
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(kv_color));
    wrapped("\xE2\x80\x94 " + w.t("web_time_chart_decode"));
    ImGui::PopStyleColor();
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(prefill_color));
    wrapped("\xE2\x80\x94 " + w.t("web_time_chart_prefill"));
    ImGui::PopStyleColor();
    dim(w.t("web_time_chart_axes", {{"max", w.a.strings.count(v.curve.back().tokens, w.ui)},
                                    {"tps", rate_text(w, tps_max)},
                                    {"time", top_right}}));
}

void time_panel(const Hw& w, const SpeedView& v, const ImFont* big) {
    const SpeedResult& r = *v.result;
    ImGui::SeparatorText(w.t("web_time_title").c_str());
    const std::string depth = w.a.strings.count(v.tokens, w.ui);
    auto figure = [&](const std::string& number, const std::string& what) {
        ImGui::PushFont(const_cast<ImFont*>(big));
        text(number);
        ImGui::PopFont();
        dim(what);
    };
    figure(rate_text(w, r.decode_tokens_per_s), w.t("web_time_decode", {{"depth", depth}}));
    figure(rate_text(w, r.prefill_tokens_per_s), w.t("web_time_prefill", {{"depth", depth}}));
    text(duration_text(w.a.strings, r.prefill_seconds, w.ui));
    dim(w.t("web_time_read", {{"tokens", depth}}));
    time_chart(w, v);
    dim(w.t("web_time_note"));
    for (const std::vector<std::string>* notes : {&r.placement.notes, &r.notes})
        for (const std::string& n : *notes) dim("\xE2\x80\xA2 " + n);
}

}  // namespace

void hardware_inputs(AppState& s, const UiContext& ctx) {
    const Hw w{*ctx.assets, s.ui, ctx.dpr};
    HardwareInputs& h = s.hw;
    ImGui::SeparatorText(w.t("web_hw_title").c_str());
    ImGui::SetNextItemWidth(-1);
    if (ImGui::BeginCombo("##hardware", w.t("web_hw_search").c_str(), ImGuiComboFlags_HeightLargest)) {
        ImGui::SetNextItemWidth(-1);
        ImGui::InputTextWithHint("##hwfilter", w.t("web_hw_search").c_str(), h.filter, sizeof h.filter);
        s.changed |= device_list(w, h);
        ImGui::EndCombo();
    }
    s.changed |= picked_rows(w, h);
    s.changed |= custom_inputs(w, h.custom);
    if (h.any()) s.changed |= runtime_options(w, s.runtime, h);
}

void placement_and_time(const AppState& s, const View& v, const UiContext& ctx) {
    const Hw w{*ctx.assets, s.ui, ctx.dpr};
    const SpeedView& sv = v.speed;
    if (!v.estimate) return;
    if (!sv.asked) {
        ImGui::SeparatorText(w.t("web_time_title").c_str());
        dim(w.t("web_hw_none"));
        return;
    }
    if (!sv.result) {
        ImGui::SeparatorText(w.t("web_time_title").c_str());
        wrapped(w.t("web_time_error", {{"message", w.a.strings.error_message(sv.result.error(), w.ui)}}));
        return;
    }
    placement(w, sv.result->placement);
    time_panel(w, sv, ctx.big);
}

}  // namespace contextfit::web
