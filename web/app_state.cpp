#include "app_state.h"

#include <cstdio>

#include "ascii.h"
#include "size_parse.h"

namespace contextfit::web {
namespace {

std::string amount_text(double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.10g", x);
    return buf;
}

RamUnit unit_from_suffix(const std::string& unit, bool& known) {
    const std::string u = ascii_lower(unit);
    known = true;
    if (u == "gib" || u == "gi" || u == "g") return RamUnit::gib_as_sold;
    if (u == "gb") return RamUnit::gb_decimal;
    if (u == "tb") return RamUnit::tb_decimal;
    if (u == "tib" || u == "ti" || u == "t") return RamUnit::tib;
    known = false;
    return RamUnit::gib_as_sold;
}

}  // namespace

std::string ram_text(const AppState& s) {
    return amount_text(s.ram_amount) + ram_unit_suffix[static_cast<size_t>(s.ram_unit)];
}

std::string reserve_text(const AppState& s) { return amount_text(s.reserve_gib) + "GiB"; }

EstimateRequest to_request(const AppState& s) {
    EstimateRequest r;
    r.model = s.model;
    // The same text the link carries, read by the same parser as the CLI's --ram: identical bytes.
    Result<uint64_t> ram = parse_size(ram_text(s));
    r.ram_bytes = ram ? *ram : 0;
    Result<uint64_t> reserve = parse_size(reserve_text(s));
    r.reserve_bytes = reserve ? *reserve : default_reserve_bytes;
    r.weights = s.weights;
    r.kv_type = s.kv;
    r.runtime = s.runtime;
    r.seqs = static_cast<uint32_t>(s.seqs);
    r.language = s.lang;
    r.page = s.page;
    return r;
}

ShareLink to_link(const AppState& s) {
    ShareLink l;
    l.ram = ram_text(s);
    l.reserve = reserve_text(s);
    l.has_reserve = true;
    l.model = s.model;
    l.weights = s.weights;
    l.kv = s.kv;
    l.runtime = s.runtime;
    l.seqs = static_cast<uint32_t>(s.seqs);
    l.lang = s.lang;
    l.page = s.page;
    if (s.ui_in_link) l.ui = s.ui;
    return l;
}

void apply_link(AppState& s, const ShareParse& parsed) {
    const ShareLink& l = parsed.link;
    if (!l.ram.empty()) {
        const SizeParts parts = split_size_text(l.ram);
        bool known = false;
        const RamUnit unit = parts.ok ? unit_from_suffix(parts.unit, known) : RamUnit::gib_as_sold;
        if (known) {
            s.ram_amount = parts.amount;
            s.ram_unit = unit;
        } else {  // "65536MB", "17179869184": shown in GiB, the same bytes up to 10 digits
            s.ram_amount = static_cast<double>(l.ram_bytes) / double(uint64_t{1} << 30);
            s.ram_unit = RamUnit::gib_as_sold;
        }
    }
    if (l.has_reserve) s.reserve_gib = static_cast<double>(l.reserve_bytes) / double(uint64_t{1} << 30);
    if (!l.model.empty()) s.model = l.model;
    if (!l.weights.empty()) s.weights = l.weights;
    if (!l.runtime.empty()) s.runtime = l.runtime;
    if (!l.kv.empty()) s.kv = l.kv;
    if (l.seqs) s.seqs = static_cast<int>(l.seqs);
    if (!l.lang.empty()) s.lang = l.lang;
    if (!l.page.empty()) s.page = l.page;
    if (!l.ui.empty()) {
        s.ui = l.ui;
        s.ui_in_link = true;
    }
    s.notices = parsed.notices;
    s.changed = true;
}

}  // namespace contextfit::web
