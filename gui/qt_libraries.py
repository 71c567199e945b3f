"""Why Qt cannot start on Linux: the system libraries that Qt or its platform plugin cannot find.

Qt reports a platform plugin that fails to load with a hint that is often wrong ("xcb-cursor0 or
libxcb-cursor0 is needed", whatever is missing) and then aborts the program. Before the application
object is made, ``gui.app.run`` loads the platform plugin that Qt is about to use; when it does not
load, the loader's list of the plugin's dependencies (``ldd``) names every library that is missing,
and the program says so in one line and exits 2. The same is done when Qt's own modules cannot be
imported (``import_problem``).

This module needs nothing but the standard library: it runs when Qt may not, and at every start of the
desktop program (keep its imports light).
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from core.i18n import _, ngettext

# The Debian (and Ubuntu) package of each library that Qt's wheels and their platform plugins load
# from the system, so that the message can say what to install.
DEBIAN_PACKAGES: Mapping[str, str] = {
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libOpenGL.so.0": "libopengl0",
    "libGLX.so.0": "libglx0",
    "libGLdispatch.so.0": "libglvnd0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-glx.so.0": "libxcb-glx0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-xinput.so.0": "libxcb-xinput0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libwayland-client.so.0": "libwayland-client0",
    "libwayland-cursor.so.0": "libwayland-cursor0",
    "libwayland-egl.so.1": "libwayland-egl1",
    "libdrm.so.2": "libdrm2",
}

# "\tlibxcb-icccm.so.4 => not found" (a dependency the loader cannot find), as ldd prints it.
_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found\s*$", re.MULTILINE)
# "libEGL.so.1: cannot open shared object file: No such file or directory", as dlopen says it.
_CANNOT_OPEN = re.compile(r"([^\s:/]+\.so[.\d]*): cannot open shared object file")


def missing_libraries(ldd_output: str) -> list[str]:
    """The libraries that ldd's output says are not found, in its order, each once."""
    return list(dict.fromkeys(_NOT_FOUND.findall(ldd_output)))


def run_ldd(path: Path) -> str | None:
    """What ldd prints for ``path``; None when there is no ldd or it cannot run."""
    import subprocess  # only when something is missing: the desktop program's start-up does without

    ldd = shutil.which("ldd") or next((p for p in ("/usr/bin/ldd", "/bin/ldd") if os.path.exists(p)), None)
    if ldd is None:
        return None
    try:
        return subprocess.run(
            [ldd, str(path)], capture_output=True, text=True, errors="replace", timeout=30
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None


def ldd_missing(path: Path) -> list[str] | None:
    """The libraries that ``path`` (a shared library) needs, directly or not, and the loader cannot
    find; None when that cannot be told."""
    output = run_ldd(path)
    return None if output is None else missing_libraries(output)


def describe(missing: Iterable[str]) -> str:
    """The missing libraries by name, and the packages that hold them on Debian and Ubuntu."""
    names = list(dict.fromkeys(missing))
    packages = list(dict.fromkeys(DEBIAN_PACKAGES[n] for n in names if n in DEBIAN_PACKAGES))
    text = f"these system libraries are missing: {', '.join(names)}"
    if packages:
        text += f" (on Debian or Ubuntu: sudo apt-get install {' '.join(packages)})"
    return text


def platform_candidates(environ: Mapping[str, str]) -> list[str]:
    """The platform plugins Qt will try on Linux, in its order (QGuiApplication's rules): those of
    QT_QPA_PLATFORM, else Wayland in a Wayland session, then X11 (xcb)."""
    names = [n.split(":", 1)[0].strip() for n in environ.get("QT_QPA_PLATFORM", "").split(";")]
    names = [n for n in names if n]
    if names:
        return names
    if environ.get("XDG_SESSION_TYPE", "").lower() == "wayland":
        return ["wayland", "xcb"]
    return ["xcb"]


def plugin_folders(environ: Mapping[str, str], qt_plugins: Path) -> list[Path]:
    """Where Qt looks for platform plugins: QT_QPA_PLATFORM_PLUGIN_PATH, the ``platforms`` folder of
    each QT_PLUGIN_PATH entry, then its own plugins folder's."""
    folders = (
        [Path(environ["QT_QPA_PLATFORM_PLUGIN_PATH"])] if environ.get("QT_QPA_PLATFORM_PLUGIN_PATH") else []
    )
    folders += [Path(p) / "platforms" for p in environ.get("QT_PLUGIN_PATH", "").split(os.pathsep) if p]
    return [*folders, qt_plugins / "platforms"]


def platform_problem(
    environ: Mapping[str, str],
    qt_plugins: Path,
    load: Callable[[Path], str | None],
    missing: Callable[[Path], list[str] | None] = ldd_missing,
) -> str | None:
    """None when one of the platform plugins Qt will try loads (``load`` returns None, or the error
    of the loader), or when none of them is found (Qt will say so itself); else what is missing."""
    folders = plugin_folders(environ, qt_plugins)
    failed: list[tuple[str, str, list[str] | None]] = []
    for name in platform_candidates(environ):
        plugin = next((f / f"libq{name}.so" for f in folders if (f / f"libq{name}.so").is_file()), None)
        if plugin is None:
            continue
        error = load(plugin)
        if error is None:
            return None
        failed.append((name, error, missing(plugin)))
    if not failed:
        return None
    found = [lib for _, _, libs in failed for lib in libs or []]
    names = ", ".join(f"'{name}'" for name, _, _ in failed)
    why = describe(found) if found else failed[0][1]
    return ngettext(
        "Qt's platform plugin {names} cannot be loaded: {why}",
        "Qt's platform plugins {names} cannot be loaded: {why}",
        len(failed),
    ).format(names=names, why=why)


def import_problem(error: ImportError, module_files: Iterable[Path]) -> str:
    """What to tell when Qt's modules cannot be imported: every missing library that the modules'
    files need when the loader can tell, else the error as it is."""
    if "cannot open shared object file" not in str(error):
        return str(error)
    found = [lib for path in module_files for lib in ldd_missing(path) or []]
    if not found:
        found = _CANNOT_OPEN.findall(str(error))
    return _("Qt cannot be loaded: {why}").format(why=describe(found)) if found else str(error)


def qt_module_files() -> list[Path]:
    """The files of the Qt modules the desktop program imports (for ``import_problem``)."""
    try:
        import PySide6
    except ImportError:
        return []
    folder = Path(PySide6.__file__).parent
    return [
        path for module in ("QtCore", "QtGui", "QtWidgets") for path in sorted(folder.glob(f"{module}.*so"))
    ]
