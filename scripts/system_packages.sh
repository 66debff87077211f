#!/usr/bin/env bash
# System programs the test suite drives besides Python: Debian's Chromium for the browser tests
# (Playwright's own browser download is not used), pdftoppm (poppler-utils) to render the
# council report PDF, and GNU gettext (xgettext, msgfmt) for the translation catalogue. `make test` calls this; as root on Debian it installs what is missing,
# otherwise it names the command to run.
set -euo pipefail

missing=""
command -v "${CHROMIUM_PATH:-chromium}" >/dev/null 2>&1 || missing="$missing chromium"
command -v pdftoppm >/dev/null 2>&1 || missing="$missing poppler-utils"
command -v xgettext >/dev/null 2>&1 || missing="$missing gettext"
[ -z "$missing" ] && exit 0

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing system packages for the tests:$missing"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
else
  echo "The browser, report and translation tests need:$missing" >&2
  echo "Install them, e.g.: sudo apt-get install$missing" >&2
  exit 1
fi
