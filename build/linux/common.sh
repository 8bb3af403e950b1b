# Shared by install.sh and uninstall.sh: where Timeline Reader goes. Sourced, not run.
# Per user (default): the bundle in ~/.local/lib/timeline-reader, a link in ~/.local/bin, desktop
# files under $XDG_DATA_HOME (~/.local/share). With --system: /opt, /usr/local/bin, /usr/local/share.

APP_ID="io.github.timelinereader.TimelineReader"
EXECUTABLE="timeline-reader"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

SYSTEM=0
ARGS=()
for arg in "$@"; do
    case "$arg" in
        --system) SYSTEM=1 ;;
        -h|--help) usage; exit 0 ;;
        -*) echo "unknown option: $arg" >&2; usage >&2; exit 2 ;;
        *) ARGS+=("$arg") ;;
    esac
done

if [ "$SYSTEM" = 1 ]; then
    if [ "$(id -u)" != 0 ]; then
        if command -v sudo >/dev/null 2>&1; then
            exec sudo -- "$0" "$@"
        fi
        echo "--system needs root (sudo is not available)" >&2
        exit 1
    fi
    APP_DIR="/opt/timeline-reader"
    BIN_DIR="/usr/local/bin"
    DATA_DIR="/usr/local/share"
else
    : "${HOME:?HOME is not set}"
    APP_DIR="$HOME/.local/lib/timeline-reader"
    BIN_DIR="$HOME/.local/bin"
    DATA_DIR="${XDG_DATA_HOME:-$HOME/.local/share}"
fi
MANIFEST="$APP_DIR/install-manifest"

refresh_caches() {
    if command -v update-desktop-database >/dev/null 2>&1 && [ -d "$DATA_DIR/applications" ]; then
        update-desktop-database -q "$DATA_DIR/applications" || true
    fi
    if command -v update-mime-database >/dev/null 2>&1 && [ -d "$DATA_DIR/mime/packages" ]; then
        update-mime-database "$DATA_DIR/mime" >/dev/null 2>&1 || true
    fi
    local hicolor="$DATA_DIR/icons/hicolor"
    if [ -d "$hicolor" ]; then
        # A cache only where a real theme index is (a stray user-level cache hides later icons);
        # elsewhere a new mtime is how icon loaders notice the change.
        if [ -f "$hicolor/index.theme" ] && command -v gtk-update-icon-cache >/dev/null 2>&1; then
            gtk-update-icon-cache -q -f "$hicolor" || true
        else
            touch "$hicolor"
        fi
    fi
}
