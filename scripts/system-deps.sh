#!/bin/sh
# Debian packages the site build and the tests need: a CJK font for chart labels
# (fonts-noto-cjk, SIL Open Font Licence), the browser (chromium, and its headless shell,
# chromium-headless-shell, which the browser tests drive) and LibreOffice Calc
# (libreoffice-calc, which provides `soffice`: the spreadsheet round-trip tests re-save workbooks
# with it, headless; without recommends: 60 packages, about 290 MB installed).
# Installs only what is missing; uses sudo when not root.  Nothing is downloaded by a test tool.
set -eu
missing=""
[ -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || missing="$missing fonts-noto-cjk"
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
command -v chromium-headless-shell >/dev/null 2>&1 || missing="$missing chromium-headless-shell"
command -v soffice >/dev/null 2>&1 || missing="$missing libreoffice-calc"
[ -z "$missing" ] && exit 0
echo "installing Debian packages:$missing"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
