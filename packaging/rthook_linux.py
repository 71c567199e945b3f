"""PyInstaller runtime hook (Linux build), run before the program at every start: the system's OpenGL
dispatch libraries and libxcb are loaded when it has them, else the build's copies in fallback-libs/.

A library loaded here is the one Qt's libraries get when they ask for it by name (the loader matches
the names of loaded libraries), so Qt loads on a bare machine too. The system's come first: they
match its graphics drivers. Only the desktop program needs them; the command line pays about 5 ms."""

import contextlib
import ctypes
import os
import sys


def _load_fallbacks() -> None:
    folder = os.path.join(getattr(sys, "_MEIPASS", ""), "fallback-libs")
    if not os.path.isdir(folder):
        return
    # in the order of their dependencies: libGL and libEGL need libGLdispatch and libGLX (and libX11,
    # which the build has, needs libxcb)
    for name in ("libxcb.so.1", "libGLdispatch.so.0", "libGLX.so.0", "libGL.so.1", "libEGL.so.1"):
        try:
            ctypes.CDLL(name, mode=ctypes.RTLD_GLOBAL)  # the system's
        except OSError:
            # if this fails too, gui.qt_libraries names what is missing when Qt cannot load
            with contextlib.suppress(OSError):
                ctypes.CDLL(os.path.join(folder, name), mode=ctypes.RTLD_GLOBAL)


_load_fallbacks()
