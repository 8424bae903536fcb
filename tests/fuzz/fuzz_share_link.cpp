// Fuzz target for the share-link codec (core/share_link.h): any fragment parses without crashing, notices stay
// within their cap and show well-formed UTF-8 (core/utf8.h), and the link it yields survives serialize -> parse
// unchanged and without notices.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "share_link.h"
#include "utf8.h"

namespace {

bool same(const contextfit::ShareLink& a, const contextfit::ShareLink& b) {
    return a.ram == b.ram && a.ram_bytes == b.ram_bytes && a.reserve == b.reserve &&
           a.reserve_bytes == b.reserve_bytes && a.has_reserve == b.has_reserve && a.model == b.model &&
           a.weights == b.weights && a.kv == b.kv && a.runtime == b.runtime && a.seqs == b.seqs &&
           a.lang == b.lang && a.page == b.page && a.ui == b.ui;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view fragment(reinterpret_cast<const char*>(data), size);
    const contextfit::ShareParse first = contextfit::parse_share_link(fragment);
    if (first.notices.size() > contextfit::max_share_notices + 1) std::abort();
    for (const contextfit::ShareNotice& n : first.notices)
        if (!contextfit::utf8_valid(n.key) || !contextfit::utf8_valid(n.value)) std::abort();
    const std::string text = contextfit::serialize_share_link(first.link);
    if (text.size() > contextfit::max_share_link_bytes) return 0;  // a link this long is refused whole, by design
    const contextfit::ShareParse second = contextfit::parse_share_link(text);
    if (!second.notices.empty() || !same(first.link, second.link)) std::abort();
    return 0;
}
