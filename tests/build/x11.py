"""A little X11 for the frozen-app test: an Xvfb server, window titles, keys and a screenshot.

Only Xvfb and the X client libraries (libX11, libXtst) are needed; PNGs are written with Qt.
"""
from __future__ import annotations

import contextlib
import ctypes
import os
import pathlib
import re
import select
import shutil
import subprocess
import time
from collections.abc import Iterator

XK_CONTROL_L = 0xFFE3
ZPIXMAP = 2
REVERT_TO_PARENT = 2


class XImage(ctypes.Structure):
    """The leading fields of Xlib's XImage (all that is read here)."""

    _fields_ = [("width", ctypes.c_int), ("height", ctypes.c_int), ("xoffset", ctypes.c_int),
                ("format", ctypes.c_int), ("data", ctypes.c_void_p), ("byte_order", ctypes.c_int),
                ("bitmap_unit", ctypes.c_int), ("bitmap_bit_order", ctypes.c_int),
                ("bitmap_pad", ctypes.c_int), ("depth", ctypes.c_int),
                ("bytes_per_line", ctypes.c_int), ("bits_per_pixel", ctypes.c_int)]


# Desktop tools the activation tests run, and the Debian packages that bring them (dev.py installs
# them: ensure_test_tools).
DESKTOP_TOOL_PACKAGES = {"gtk-launch": "libgtk-3-bin", "xdg-open": "xdg-utils",
                         "xdg-mime": "xdg-utils", "gio": "libglib2.0-bin",
                         "update-desktop-database": "desktop-file-utils",
                         "update-mime-database": "shared-mime-info"}


def missing_tools(*commands: str) -> str | None:
    """Why this module (and the desktop `commands` asked for) cannot work here, or None."""
    for command in commands:
        if not shutil.which(command):
            package = DESKTOP_TOOL_PACKAGES.get(command, command)
            return f"{command} is not installed (Debian: apt-get install {package})"
    if not shutil.which("Xvfb"):
        return "Xvfb is not installed (Debian: apt-get install xvfb)"
    if not shutil.which("xwininfo"):
        return "xwininfo is not installed (Debian: apt-get install x11-utils)"
    for lib in ("libX11.so.6", "libXtst.so.6"):
        try:
            ctypes.CDLL(lib)
        except OSError:
            return f"{lib} is missing (Debian: apt-get install libx11-6 libxtst6)"
    return None


@contextlib.contextmanager
def xvfb(width: int = 1600, height: int = 1000) -> Iterator[str]:
    """A private Xvfb server for the block; yields its DISPLAY value.

    Xvfb picks a free display itself and writes its number to a pipe (-displayfd) once it
    accepts connections: tests in parallel workers never pick the same number, which looking
    for a free lock file could (and then one's app ran on the other's server, gone first)."""
    read, write = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0",
                               f"{width}x{height}x24", "-nolisten", "tcp"], pass_fds=(write,),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    try:
        number = _read_number(read, server, deadline=time.monotonic() + 20)
        display = f":{number}"
        if not _connect(display):
            raise RuntimeError(f"Xvfb said {display} but does not answer there")
        yield display
    finally:
        os.close(read)
        server.terminate()
        server.wait(timeout=20)


def _read_number(fd: int, server: subprocess.Popen, deadline: float) -> int:
    """The display number Xvfb writes to `fd` (a line) once it is ready."""
    text = b""
    while not text.endswith(b"\n"):
        if server.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError("Xvfb did not start")
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            chunk = os.read(fd, 16)
            if not chunk:
                raise RuntimeError("Xvfb closed its display pipe without a number")
            text += chunk
    return int(text)


def _xlib():
    x11 = ctypes.CDLL("libX11.so.6")
    x11.XOpenDisplay.restype = ctypes.c_void_p
    x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
    x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
    x11.XDefaultRootWindow.restype = ctypes.c_ulong
    x11.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
    x11.XGetImage.restype = ctypes.POINTER(XImage)
    x11.XGetImage.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_int,
                              ctypes.c_uint, ctypes.c_uint, ctypes.c_ulong, ctypes.c_int]
    x11.XDisplayWidth.argtypes = x11.XDisplayHeight.argtypes = [ctypes.c_void_p, ctypes.c_int]
    x11.XKeysymToKeycode.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
    x11.XSetInputFocus.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_ulong]
    x11.XFlush.argtypes = [ctypes.c_void_p]
    x11.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
    return x11


@contextlib.contextmanager
def _display(display: str):
    x11 = _xlib()
    handle = x11.XOpenDisplay(display.encode())
    if not handle:
        raise RuntimeError(f"cannot open X display {display}")
    try:
        yield x11, handle
    finally:
        x11.XCloseDisplay(handle)


def _connect(display: str) -> bool:
    try:
        with _display(display):
            return True
    except RuntimeError:
        return False


def windows(display: str) -> dict[int, tuple[str, int, int]]:
    """Named windows on `display`: id -> (title, width, height), from xwininfo's tree."""
    out = subprocess.run(["xwininfo", "-root", "-tree"], env=dict(os.environ, DISPLAY=display),
                         capture_output=True, text=True, timeout=30).stdout
    found = {}
    for line in out.splitlines():
        match = re.match(r'\s*(0x[0-9a-f]+) "(.*)": \(.*\)\s+(\d+)x(\d+)[+-]', line)
        if match:
            found[int(match[1], 16)] = (match[2], int(match[3]), int(match[4]))
    return found


def press_ctrl(display: str, window: int, key: str) -> None:
    """Focus `window` and type Ctrl+`key` through XTEST (no window manager needed)."""
    xtst = ctypes.CDLL("libXtst.so.6")
    xtst.XTestFakeKeyEvent.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_int, ctypes.c_ulong]
    with _display(display) as (x11, handle):
        x11.XSetInputFocus(handle, window, REVERT_TO_PARENT, 0)
        x11.XSync(handle, 0)
        time.sleep(0.3)
        ctrl, letter = (x11.XKeysymToKeycode(handle, XK_CONTROL_L),
                        x11.XKeysymToKeycode(handle, ord(key)))
        for code, down in ((ctrl, 1), (letter, 1), (letter, 0), (ctrl, 0)):
            xtst.XTestFakeKeyEvent(handle, code, down, 0)
            x11.XFlush(handle)
            time.sleep(0.05)


def screenshot(display: str, out: pathlib.Path, size: tuple[int, int] | None = None) -> pathlib.Path:
    """The screen's top-left `size` (default: all) as a PNG; without a window manager windows sit
    at 0,0. A 24-bit Xvfb screen has 32 bits per pixel, BGRX: Qt's RGB32."""
    from PySide6.QtGui import QImage

    with _display(display) as (x11, handle):
        width, height = x11.XDisplayWidth(handle, 0), x11.XDisplayHeight(handle, 0)
        if size:
            width, height = min(width, size[0]), min(height, size[1])
        image = x11.XGetImage(handle, x11.XDefaultRootWindow(handle), 0, 0, width, height,
                              0xFFFFFFFF, ZPIXMAP)
        if not image:
            raise RuntimeError("XGetImage failed")
        ximage = image.contents  # not freed: one screenshot per test process
        if ximage.bits_per_pixel != 32:
            raise RuntimeError(f"unexpected {ximage.bits_per_pixel} bits per pixel")
        raw = ctypes.string_at(ximage.data, ximage.bytes_per_line * ximage.height)
        qimage = QImage(raw, ximage.width, ximage.height, ximage.bytes_per_line,
                        QImage.Format.Format_RGB32).copy()
    if not qimage.save(str(out)):
        raise RuntimeError(f"cannot write {out}")
    return out
