#!/usr/bin/env bash
# Install Plansmith into .venv/ at the repository root.
#   bash packaging/setup.sh           the app and its dependencies
#   bash packaging/setup.sh --test    the same plus the test tools (pytest, pytest-qt, MPXJ...)
# As root on a bare Debian/Ubuntu it first installs the system libraries Qt needs
# (see ../shared/QT-NOTES.md); where they are already present this costs nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

QT_DEBS="libglib2.0-0 libegl1 libgl1 libfontconfig1 libxkbcommon0 libdbus-1-3 fonts-dejavu-core"
TEST_DEBS="default-jre-headless"

need_debs() {
    local missing=()
    for pkg in "$@"; do
        dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        echo "installing Debian packages: ${missing[*]}"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
    fi
}

extras=""
if [ "${1:-}" = "--test" ]; then
    extras="[test]"
fi

if [ "$(id -u)" = 0 ] && command -v dpkg >/dev/null 2>&1; then
    need_debs $QT_DEBS
    if [ -n "$extras" ] && ! command -v java >/dev/null 2>&1; then
        need_debs $TEST_DEBS
    fi
    # LibreOffice recalculates exported workbooks in the tests, as finance's reader would.
    if [ -n "$extras" ] && ! command -v soffice >/dev/null 2>&1; then
        need_debs libreoffice-calc-nogui
    fi
fi

PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".${extras}"
echo "Plansmith is installed in .venv/"
