#!/usr/bin/env bash
# Remove what build/linux/install.sh wrote (the files and folders in its install-manifest).
#
#   build/linux/uninstall.sh [--system]
#
# Without an install it does nothing. The user's databases and settings are left alone.
set -euo pipefail

usage() { sed -n '2,6p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
# shellcheck source=common.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"
if [ "${#ARGS[@]}" -gt 0 ]; then usage >&2; exit 2; fi

if [ ! -f "$MANIFEST" ]; then
    echo "Timeline Reader is not installed in $APP_DIR; nothing to do"
    exit 0
fi

inside() {  # only paths under the folders install.sh writes to
    local root
    for root in "$APP_DIR" "$BIN_DIR" "$DATA_DIR"; do
        case "$1" in "$root"|"$root"/*) return 0 ;; esac
        case "$root" in "$1"/*) return 0 ;; esac  # a parent it created, e.g. ~/.local
    done
    return 1
}

declare -a DIRS=() CACHES=()
while IFS=' ' read -r kind path; do
    if ! inside "$path"; then echo "skipping $path: outside the install folders" >&2; continue; fi
    case "$kind" in
        f) rm -f -- "$path" ;;
        d) DIRS+=("$path") ;;
        c) CACHES+=("$path") ;;
    esac
done < "$MANIFEST"

rm -rf -- "$APP_DIR"
refresh_caches  # rebuilt without Timeline Reader's entry and MIME type

created() { printf '%s\n' "${DIRS[@]}" | grep -qxF -- "$1"; }
# Where install.sh created the folder, the caches the refresh tools write there are its by-product:
# they go too once nothing else is left (mime/ then holds only generated files).
if [ "${#DIRS[@]}" -gt 0 ]; then
    if created "$DATA_DIR/mime" && [ -d "$DATA_DIR/mime/packages" ] \
            && [ -z "$(ls -A "$DATA_DIR/mime/packages")" ]; then
        rm -rf -- "$DATA_DIR/mime"
    fi
fi
for cache in ${CACHES[@]+"${CACHES[@]}"}; do  # caches install.sh brought into being, now empty
    if [ -f "$cache" ] && ! grep -qv '^\[MIME Cache\]$' "$cache"; then rm -f -- "$cache"; fi
done
# Created folders, deepest first, and only if nothing else has been put in them.
if [ "${#DIRS[@]}" -gt 0 ]; then
    while IFS= read -r dir; do
        if [ -d "$dir" ]; then rmdir -- "$dir" 2>/dev/null || true; fi
    done < <(printf '%s\n' "${DIRS[@]}" | awk '{ print length($0) "\t" $0 }' | sort -rn | cut -f2-)
fi

echo "Timeline Reader removed from $APP_DIR"
