"""Render the application icon (build/icons/timeline-reader.svg) into every committed raster form.

    .venv/bin/python build/linux/make_icons.py

writes build/linux/icons/hicolor/<N>x<N>/apps/<APP_ID>.png for the freedesktop sizes, the scalable
SVG beside them, and the icons app.spec picks per OS: build/icons/timeline-reader.ico (Windows),
.icns (macOS) and -256.png (Linux). Qt renders the SVG and writes ICO/ICNS itself (its image
format plugins), so no Pillow is needed. The outputs are committed; rerun after editing the SVG.
"""
from __future__ import annotations

import importlib.util
import os
import pathlib
import shutil
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QImageWriter, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

BUILD = pathlib.Path(__file__).resolve().parents[1]
SOURCE = BUILD / "icons" / "timeline-reader.svg"
HICOLOR_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


def _spec_info():
    spec = importlib.util.spec_from_file_location("timeline_reader_spec_info",
                                                  BUILD / "spec_info.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return image


def save(image: QImage, path: pathlib.Path, fmt: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = QImageWriter(str(path), fmt.encode())
    if not writer.write(image):
        raise SystemExit(f"could not write {path}: {writer.errorString()}")


def main() -> int:
    info = _spec_info()
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        raise SystemExit(f"not a valid SVG: {SOURCE}")
    # One large master, scaled down smoothly for each size (QImage scaling, as for a raster source).
    master = render(renderer, 1024)
    hicolor = BUILD / "linux" / "icons" / "hicolor"
    for size in HICOLOR_SIZES:
        image = master.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio,
                              Qt.TransformationMode.SmoothTransformation)
        save(image, hicolor / f"{size}x{size}" / "apps" / f"{info.APP_ID}.png", "png")
    scalable = hicolor / "scalable" / "apps" / f"{info.APP_ID}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SOURCE, scalable)
    icons = BUILD / "icons"
    scaled = {size: master.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio,
                                  Qt.TransformationMode.SmoothTransformation)
              for size in (256, 512)}
    save(scaled[256], icons / f"{info.EXECUTABLE}-256.png", "png")
    save(scaled[256], icons / f"{info.EXECUTABLE}.ico", "ico")
    save(scaled[512], icons / f"{info.EXECUTABLE}.icns", "icns")
    print(f"icons written under {hicolor} and {icons}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
