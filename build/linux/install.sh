#!/usr/bin/env bash
# Install a built Timeline Reader bundle and register it with the desktop (entry, icons, MIME type).
#
#   build/linux/install.sh [--system] [BUNDLE_DIR]
#
# BUNDLE_DIR defaults to "Timeline Reader" beside this script (in a release archive), else
# "dist/Timeline Reader" (PyInstaller's output from app.spec). Per user by
# default (~/.local); --system installs to /opt and /usr/local (as root, through sudo if needed).
# Running it again replaces the previous install. build/linux/uninstall.sh removes what it wrote:
# every file and created folder is listed in <install dir>/install-manifest.
set -euo pipefail

usage() { sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
# shellcheck source=common.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"

REPO="$(cd "$HERE/../.." && pwd)"
# In an unpacked release archive (build/dist.py) the bundle sits beside this script.
DEFAULT_BUNDLE="$REPO/dist/Timeline Reader"
if [ -d "$HERE/Timeline Reader" ]; then DEFAULT_BUNDLE="$HERE/Timeline Reader"; fi
BUNDLE="${ARGS[0]:-$DEFAULT_BUNDLE}"
if [ "${#ARGS[@]}" -gt 1 ]; then usage >&2; exit 2; fi
if [ ! -x "$BUNDLE/$EXECUTABLE" ]; then
    echo "no built bundle at $BUNDLE (expected an executable $EXECUTABLE in it);" >&2
    echo "build it first: make dist (or python3 build/dist.py)" >&2
    exit 1
fi
BUNDLE="$(cd "$BUNDLE" && pwd)"

if [ -e "$APP_DIR" ] && [ ! -f "$MANIFEST" ]; then
    echo "$APP_DIR exists but was not made by this script; not touching it" >&2
    exit 1
fi
LINK="$BIN_DIR/$EXECUTABLE"
if [ -e "$LINK" ] || [ -L "$LINK" ]; then
    case "$(readlink "$LINK" || true)" in
        "$APP_DIR"/*) ;;
        *) echo "$LINK exists and is not this installer's link; remove it first" >&2; exit 1 ;;
    esac
fi
EXEC_PATH="$APP_DIR/app/$EXECUTABLE"
case "$EXEC_PATH" in
    *[\"\`\$\\]*) echo "cannot write a desktop entry for a path with \" \` \$ or \\: $EXEC_PATH" >&2
                  exit 1 ;;
esac

# Folders created by an earlier run stay ours: carry them over from the old manifest.
declare -a CREATED_DIRS=() CREATED_CACHES=()
if [ -f "$MANIFEST" ]; then
    while IFS=' ' read -r kind path; do
        if [ "$kind" = d ]; then CREATED_DIRS+=("$path"); fi
        if [ "$kind" = c ]; then CREATED_CACHES+=("$path"); fi
    done < "$MANIFEST"
fi
# update-desktop-database writes applications/mimeinfo.cache; if this install brings it into
# being, uninstall.sh may take it away again once it lists nothing.
MIMEINFO_CACHE="$DATA_DIR/applications/mimeinfo.cache"
if [ ! -e "$MIMEINFO_CACHE" ]; then CREATED_CACHES+=("$MIMEINFO_CACHE"); fi
declare -a FILES=()

make_dir() {  # mkdir -p, remembering each folder it creates
    local dir="$1" missing=()
    while [ ! -d "$dir" ]; do missing+=("$dir"); dir="$(dirname "$dir")"; done
    local i
    for ((i = ${#missing[@]} - 1; i >= 0; i--)); do
        mkdir "${missing[$i]}"
        CREATED_DIRS+=("${missing[$i]}")
    done
}

put() {  # put SOURCE DEST [MODE]
    make_dir "$(dirname "$2")"
    install -m "${3:-644}" "$1" "$2"
    FILES+=("$2")
}

# The bundle: copied to a fresh folder, then swapped in.
make_dir "$(dirname "$APP_DIR")"
make_dir "$APP_DIR"
rm -rf "$APP_DIR/app.new"
cp -a "$BUNDLE" "$APP_DIR/app.new"
rm -rf "$APP_DIR/app"
mv "$APP_DIR/app.new" "$APP_DIR/app"

make_dir "$BIN_DIR"
ln -sfn "$EXEC_PATH" "$LINK"
FILES+=("$LINK")

TMP_DESKTOP="$(mktemp)"
trap 'rm -f "$TMP_DESKTOP"' EXIT
sed -e "s|^Exec=$EXECUTABLE |Exec=\"$EXEC_PATH\" |" -e "s|^TryExec=.*|TryExec=$EXEC_PATH|" \
    "$HERE/$APP_ID.desktop" > "$TMP_DESKTOP"
put "$TMP_DESKTOP" "$DATA_DIR/applications/$APP_ID.desktop"
put "$HERE/timeline-reader-mime.xml" "$DATA_DIR/mime/packages/$APP_ID.xml"
put "$HERE/$APP_ID.metainfo.xml" "$DATA_DIR/metainfo/$APP_ID.metainfo.xml"
while IFS= read -r -d '' icon; do
    put "$icon" "$DATA_DIR/icons/hicolor/${icon#"$HERE/icons/hicolor/"}"
done < <(find "$HERE/icons/hicolor" -type f -print0 | sort -z)

{
    for path in "${FILES[@]}"; do echo "f $path"; done
    printf '%s\n' "${CREATED_DIRS[@]}" | awk 'NF && !seen[$0]++ { print "d " $0 }'
    printf '%s\n' "${CREATED_CACHES[@]}" | awk 'NF && !seen[$0]++ { print "c " $0 }'
} > "$MANIFEST.tmp"
mv "$MANIFEST.tmp" "$MANIFEST"

refresh_caches
echo "Timeline Reader installed in $APP_DIR/app"
echo "  command: $LINK"
echo "  desktop entry: $DATA_DIR/applications/$APP_ID.desktop"
case ":$PATH:" in *":$BIN_DIR:"*) ;; *) echo "  note: $BIN_DIR is not on PATH" ;; esac
