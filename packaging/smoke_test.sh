#!/usr/bin/env bash
# Runs the built Linux bundle alone — an empty environment, no virtual environment or
# source tree on PATH — as a new user would: --version, demo, check, screenshot, a PDF,
# the start-up check, and install.sh into a scratch home. Under strace when it is there,
# any attempt at an internet connection fails the run. Used by .ci/run and release.yml.
#
#   packaging/smoke_test.sh [dist/Cultivate] [dist/Cultivate-*.tar.gz]
set -euo pipefail
cd "$(dirname "$0")/.."
BUNDLE=$(cd "${1:-dist/Cultivate}" && pwd)
ARCHIVE=${2:-$(ls dist/Cultivate-*-linux-*.tar.gz 2>/dev/null | head -1 || true)}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/home"

alone() {   # the bundle with nothing of ours around it
    env -i HOME="$WORK/home" PATH=/usr/bin:/bin LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen "$@"
}
traced() {  # …and watched for network connections
    if command -v strace >/dev/null 2>&1; then
        alone strace -f -qq -e trace=connect,sendto -o "$WORK/strace.log" "$@"
        if grep -E "AF_INET6?" "$WORK/strace.log"; then
            echo "FAIL: $* tried to use the network" >&2
            exit 1
        fi
    else
        alone "$@"
    fi
}
fail() { echo "FAIL: $*" >&2; exit 1; }

echo "== bundle: $BUNDLE ($(du -sh "$BUNDLE" | cut -f1))"
version=$(traced "$BUNDLE/cultivate" --version)
[[ $version == "Cultivate "* ]] || fail "--version said: $version"
echo "$version"

traced "$BUNDLE/cultivate" demo --out "$WORK/school.db" --teachers 12
traced "$BUNDLE/cultivate" check --data "$WORK/school.db"
traced "$BUNDLE/cultivate" screenshot --data "$WORK/school.db" --out "$WORK/shots"
for tab in overview observations goals pd-menu celebrations; do
    [[ -s "$WORK/shots/$tab.png" ]] || fail "no screenshot of $tab"
done
traced "$BUNDLE/cultivate" portfolio --data "$WORK/school.db" --all --out "$WORK/portfolios.pdf"
[[ $(head -c 5 "$WORK/portfolios.pdf") == "%PDF-" ]] || fail "the portfolio is not a PDF"

# The window with no display: a plain message and exit 1, never Qt's abort (134).
set +e
message=$(env -i HOME="$WORK/home" PATH=/usr/bin:/bin LANG=C.UTF-8 "$BUNDLE/cultivate" 2>&1 </dev/null)
status=$?
set -e
[[ $status == 1 && $message == "Cultivate cannot open its window"* ]] \
    || fail "without a display (exit $status): $message"
echo "without a display: ${message%%$'\n'*}"

if [[ -n "$ARCHIVE" ]]; then
    echo "== archive: $ARCHIVE ($(du -h "$ARCHIVE" | cut -f1))"
    tar -xzf "$ARCHIVE" -C "$WORK"
    alone "$WORK/Cultivate/install.sh"
    desktop="$WORK/home/.local/share/applications/org.cultivate.Cultivate.desktop"
    grep -q "^Exec=\"$WORK/home/.local/opt/Cultivate/cultivate\" %f$" "$desktop" \
        || fail "the menu entry does not start the installed copy"
    [[ -s "$WORK/home/.local/share/icons/hicolor/256x256/apps/org.cultivate.Cultivate.png" ]] \
        || fail "no icon installed"
    if command -v desktop-file-validate >/dev/null 2>&1; then desktop-file-validate "$desktop"; fi
    [[ $(alone "$WORK/home/.local/bin/cultivate" --version) == "$version" ]] || fail "~/.local/bin/cultivate"
    alone "$WORK/home/.local/opt/Cultivate/install.sh" --uninstall
    [[ ! -e "$desktop" && ! -e "$WORK/home/.local/opt/Cultivate" ]] || fail "--uninstall left files"
fi
echo "bundle smoke test: 1 passed, 0 failed"
