#include "notice_text.h"

namespace contextfit::web {
namespace {

std::string joined(const std::vector<std::string>& ids) {
    std::string out;
    for (const std::string& id : ids) out += (out.empty() ? "" : ", ") + id;
    return out;
}

}  // namespace

std::string notice_text(const Strings& strings, const ShareNotice& n, const std::string& ui) {
    const std::string limit = std::to_string(n.limit);
    const std::string ids = n.reason.key.empty() ? joined(n.ids) : strings.error_message(n.reason, ui);
    const std::string why = strings.format(std::string("web_why_") + share_problem_name(n.problem), ui);
    switch (n.problem) {
    case ShareProblem::more_notices: return strings.format("web_why_more", ui, {{"count", n.value}});
    case ShareProblem::too_long:
        return strings.format("web_notice_too_long", ui, {{"why", why}, {"bytes", n.value}, {"max", limit}});
    default: break;
    }
    std::string accepted;
    switch (n.accepts) {
    case ShareAccepts::one_of: accepted = ids; break;
    case ShareAccepts::catalog_model:
        accepted = strings.format(ids.empty() ? "web_accept_catalog_model" : "web_accept_catalog_model_near", ui,
                                  {{"ids", ids}});
        break;
    default:
        accepted = strings.format(std::string("web_accept_") + share_accepts_name(n.accepts), ui,
                                  {{"ids", ids}, {"max", limit}});
    }
    return strings.format("web_notice", ui,
                          {{"key", n.key.empty() ? "#" : n.key}, {"value", n.value}, {"why", why}, {"accepted", accepted}});
}

}  // namespace contextfit::web
