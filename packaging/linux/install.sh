#!/bin/sh
# Install Cultivate for this user (no administrator rights needed), or remove it.
#
#   ./install.sh              copy this folder to ~/.local/opt/Cultivate, add Cultivate to
#                             the applications menu and `cultivate` to ~/.local/bin
#   ./install.sh --uninstall  remove all of that again
#
# Your data (~/.local/share/Cultivate: cultivate.db, backups, log, settings) is never
# touched by either: it stays the same across versions.
set -eu

APP_ID=org.cultivate.Cultivate
HERE=$(cd "$(dirname "$0")" && pwd)
DATA_HOME=${XDG_DATA_HOME:-$HOME/.local/share}
TARGET=$HOME/.local/opt/Cultivate
BIN=$HOME/.local/bin
DESKTOP_FILE=$DATA_HOME/applications/$APP_ID.desktop
ICONS=$DATA_HOME/icons/hicolor
SIZES="16 24 32 48 64 128 256 512"

refresh_menus() {
    command -v update-desktop-database >/dev/null 2>&1 \
        && update-desktop-database -q "$DATA_HOME/applications" 2>/dev/null || true
    command -v gtk-update-icon-cache >/dev/null 2>&1 \
        && gtk-update-icon-cache -q -t "$ICONS" 2>/dev/null || true
}

if [ "${1:-}" = "--uninstall" ]; then
    rm -rf "$TARGET"
    rm -f "$DESKTOP_FILE"
    [ -L "$BIN/cultivate" ] && rm -f "$BIN/cultivate"
    for size in $SIZES; do rm -f "$ICONS/${size}x$size/apps/$APP_ID.png"; done
    refresh_menus
    echo "Cultivate is removed. Your data is still in $DATA_HOME/Cultivate."
    exit 0
fi

if [ "$HERE" != "$TARGET" ]; then
    rm -rf "$TARGET.new"
    mkdir -p "$(dirname "$TARGET")"
    cp -R "$HERE" "$TARGET.new"
    rm -rf "$TARGET"
    mv "$TARGET.new" "$TARGET"
fi

mkdir -p "$BIN" "$(dirname "$DESKTOP_FILE")"
ln -sf "$TARGET/cultivate" "$BIN/cultivate"
for size in $SIZES; do
    mkdir -p "$ICONS/${size}x$size/apps"
    cp "$TARGET/icons/cultivate-$size.png" "$ICONS/${size}x$size/apps/$APP_ID.png"
done
sed -e "s|^Exec=.*|Exec=\"$TARGET/cultivate\" %f|" -e "s|^TryExec=.*|TryExec=$TARGET/cultivate|" \
    "$TARGET/$APP_ID.desktop" > "$DESKTOP_FILE"
refresh_menus

echo "Cultivate is installed: find it in your applications menu, or run 'cultivate'."
"$TARGET/cultivate" --version >/dev/null 2>&1 || true
