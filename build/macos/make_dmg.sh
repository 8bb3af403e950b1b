#!/usr/bin/env bash
# Make a compressed disk image of the .app that app.spec builds on macOS (hdiutil ships with macOS).
#
#   build/macos/make_dmg.sh [DIST_DIR]    -> DIST_DIR/timeline-reader-<version>-macos-<arch>.dmg
#
# DIST_DIR defaults to dist/. The image holds the .app and a link to /Applications to drag it to.
# The app is not signed or notarised: the first start needs right-click > Open.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
DIST="${1:-$REPO/dist}"
APP_NAME="Timeline Reader"
APP="$DIST/$APP_NAME.app"
if [ ! -d "$APP" ]; then
    echo "no $APP: build it first (python3 build/dist.py, or make dist)" >&2
    exit 1
fi
if ! command -v hdiutil >/dev/null 2>&1; then
    echo "hdiutil not found: disk images are made on macOS" >&2
    exit 1
fi
# build/dist.py passes VERSION; otherwise read it from pyproject.toml (no tomllib before 3.11).
VERSION="${VERSION:-$(sed -n 's/^version *= *"\(.*\)"/\1/p' "$REPO/pyproject.toml" | head -n 1)}"
OUT="$DIST/timeline-reader-$VERSION-macos-$(uname -m).dmg"

STAGE="$(mktemp -d)"
trap 'rm -rf "$STAGE"' EXIT
# ditto keeps the bundle's symbolic links, extended attributes and any signature intact.
ditto "$APP" "$STAGE/$APP_NAME.app"
ln -s /Applications "$STAGE/Applications"
rm -f "$OUT"
hdiutil create -quiet -volname "$APP_NAME $VERSION" -srcfolder "$STAGE" -fs HFS+ \
    -format UDZO -ov "$OUT"
echo "$OUT"
