// A share-link notice (core/share_link.h: codes, no words) as one sentence in the UI language, from the
// "web_notice*", "web_why_*" and "web_accept_*" templates of assets/strings.json:
//   "ram=abc: not a valid value; accepted: a size above 0, e.g. …"
#pragma once

#include <string>

#include "share_link.h"
#include "ui_text.h"

namespace contextfit::web {

std::string notice_text(const Strings& strings, const ShareNotice& n, const std::string& ui);

}  // namespace contextfit::web
