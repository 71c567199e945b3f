"""When Qt cannot start (issue 15, part 4): the message names the missing system libraries, not Qt's
misleading "xcb-cursor0 or libxcb-cursor0 is needed", and the program exits 2."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gui import qt_libraries
from gui.qt_libraries import (
    describe,
    import_problem,
    missing_libraries,
    platform_candidates,
    platform_problem,
)

REPO = Path(__file__).resolve().parent.parent

# ldd on PySide6's xcb plugin on a machine with libxcb-icccm4 and libxcb-keysyms1 missing (the case of
# the issue: Qt's own message blamed xcb-cursor, which was there).
LDD_XCB = """\
\tlinux-vdso.so.1 (0x00007ffd5b7f2000)
\tlibQt6XcbQpa.so.6 => /opt/ddworkbook/_internal/PySide6/Qt/lib/libQt6XcbQpa.so.6 (0x00007f2a1c000000)
\tlibxcb-cursor.so.0 => /lib/x86_64-linux-gnu/libxcb-cursor.so.0 (0x00007f2a1bf00000)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\tlibxcb.so.1 => /lib/x86_64-linux-gnu/libxcb.so.1 (0x00007f2a1be00000)
\tlibxcb-icccm.so.4 => not found
\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f2a1ba00000)
"""


def test_the_missing_libraries_are_read_from_ldd_once_each_in_order():
    assert missing_libraries(LDD_XCB) == ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"]
    assert missing_libraries("\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x1)\n") == []


def test_the_message_names_the_libraries_and_their_debian_packages():
    text = describe([*missing_libraries(LDD_XCB), "libunknown.so.3"])
    assert "libxcb-icccm.so.4, libxcb-keysyms.so.1, libunknown.so.3" in text
    assert "apt-get install libxcb-icccm4 libxcb-keysyms1)" in text
    assert "cursor" not in text


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, ["xcb"]),
        ({"XDG_SESSION_TYPE": "x11"}, ["xcb"]),
        ({"XDG_SESSION_TYPE": "wayland"}, ["wayland", "xcb"]),
        ({"QT_QPA_PLATFORM": "offscreen"}, ["offscreen"]),
        ({"QT_QPA_PLATFORM": "wayland;xcb", "XDG_SESSION_TYPE": "x11"}, ["wayland", "xcb"]),
        ({"QT_QPA_PLATFORM": "vnc:size=800x600"}, ["vnc"]),
    ],
)
def test_the_platform_plugins_qt_will_try(environ, expected):
    assert platform_candidates(environ) == expected


def _plugins(tmp_path: Path, *names: str) -> Path:
    folder = tmp_path / "plugins"
    (folder / "platforms").mkdir(parents=True)
    for name in names:
        (folder / "platforms" / f"libq{name}.so").write_bytes(b"")
    return folder


def test_a_plugin_that_does_not_load_is_named_with_what_it_misses(tmp_path):
    plugins = _plugins(tmp_path, "xcb")
    problem = platform_problem(
        {"DISPLAY": ":0"},
        plugins,
        load=lambda path: f"Cannot load library {path}: libxcb-icccm.so.4: cannot open shared object file",
        missing=lambda path: missing_libraries(LDD_XCB),
    )
    assert problem is not None
    assert problem.startswith(
        "Qt's platform plugin 'xcb' cannot be loaded: these system libraries are missing"
    )
    assert "libxcb-icccm.so.4, libxcb-keysyms.so.1" in problem


def test_one_plugin_that_loads_is_enough_and_a_plugin_that_is_not_there_is_left_to_qt(tmp_path):
    plugins = _plugins(tmp_path, "xcb", "offscreen")
    loads = {"libqoffscreen.so"}
    load = lambda path: None if path.name in loads else "no"  # noqa: E731
    missing = lambda path: ["libx.so.1"]  # noqa: E731
    env = {"QT_QPA_PLATFORM": "xcb;offscreen"}
    assert platform_problem(env, plugins, load, missing) is None
    assert platform_problem({"QT_QPA_PLATFORM": "nosuch"}, plugins, load, missing) is None
    both = platform_problem({"QT_QPA_PLATFORM": "xcb;nosuch"}, plugins, load, missing)
    assert (
        both == "Qt's platform plugin 'xcb' cannot be loaded: these system libraries are missing: libx.so.1"
    )
    without_ldd = platform_problem({"QT_QPA_PLATFORM": "xcb"}, plugins, load, lambda path: None)
    assert without_ldd == "Qt's platform plugin 'xcb' cannot be loaded: no"


def test_the_plugin_folders_are_searched_as_qt_does(tmp_path):
    plugins = _plugins(tmp_path, "xcb")
    own = tmp_path / "own"
    own.mkdir()
    (own / "libqxcb.so").write_bytes(b"")
    tried: list[Path] = []
    env = {"QT_QPA_PLATFORM_PLUGIN_PATH": str(own)}
    platform_problem(env, plugins, lambda path: tried.append(path), lambda path: [])
    assert tried == [own / "libqxcb.so"]


def test_an_import_error_names_every_library_the_qt_modules_miss(monkeypatch):
    error = ImportError("libEGL.so.1: cannot open shared object file: No such file or directory")
    monkeypatch.setattr(qt_libraries, "ldd_missing", lambda path: ["libEGL.so.1", "libGL.so.1"])
    text = import_problem(error, [Path("QtGui.abi3.so"), Path("QtWidgets.abi3.so")])
    assert text == (
        "Qt cannot be loaded: these system libraries are missing: libEGL.so.1, libGL.so.1 "
        "(on Debian or Ubuntu: sudo apt-get install libegl1 libgl1)"
    )
    monkeypatch.setattr(qt_libraries, "ldd_missing", lambda path: None)  # no ldd: the loader's own word
    assert import_problem(error, [Path("QtGui.abi3.so")]).endswith(
        "missing: libEGL.so.1 (on Debian or Ubuntu: sudo apt-get install libegl1)"
    )
    assert import_problem(ImportError("No module named 'PySide6'"), []) == "No module named 'PySide6'"


def _broken_plugin(tmp_path: Path) -> Path:
    """A platform plugin file that needs two libraries that are not there (built, then removed)."""
    cc = shutil.which("cc") or shutil.which("gcc")
    if cc is None:
        pytest.skip("no C compiler to build a plugin with a missing dependency")
    build, plugins = tmp_path / "build", tmp_path / "platforms"
    build.mkdir()
    plugins.mkdir()
    for name in ("ddwabsent", "ddwgone"):
        (build / f"{name}.c").write_text(f"int {name}(void) {{ return 1; }}\n")
        subprocess.run(
            [
                cc,
                "-shared",
                "-fPIC",
                f"-Wl,-soname,lib{name}.so.1",
                "-o",
                str(build / f"lib{name}.so"),
                str(build / f"{name}.c"),
            ],
            check=True,
        )
    (build / "plugin.c").write_text(
        "int ddwabsent(void); int ddwgone(void);\nint f(void) { return ddwabsent() + ddwgone(); }\n"
    )
    subprocess.run(
        [
            cc,
            "-shared",
            "-fPIC",
            "-Wl,--no-as-needed",
            "-o",
            str(plugins / "libqbroken.so"),
            str(build / "plugin.c"),
            f"-L{build}",
            "-lddwabsent",
            "-lddwgone",
        ],
        check=True,
    )
    shutil.rmtree(build)
    return plugins


@pytest.mark.slow
def test_the_desktop_program_names_what_its_platform_plugin_misses_and_exits_2(tmp_path):
    plugins = _broken_plugin(tmp_path)
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "broken",
        "QT_QPA_PLATFORM_PLUGIN_PATH": str(plugins),
        "DDWORKBOOK_WORKBOOK": str(tmp_path / "wb.ddwb"),
        "DDWORKBOOK_CONFIG_DIR": str(tmp_path / "config"),
    }
    argv = [sys.executable, "-m", "core.cli", "gui", "--quit-after-startup"]
    proc = subprocess.run(argv, capture_output=True, text=True, cwd=REPO, env=env, timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.count("\n") == 1, proc.stderr
    assert proc.stderr.startswith(
        "ddworkbook: error: the desktop program cannot start: Qt's platform plugin 'broken'"
    )
    assert "missing: libddwabsent.so.1, libddwgone.so.1" in proc.stderr
    assert not (tmp_path / "wb.ddwb").exists()  # nothing was made

    # Qt falls back to the next plugin of the list, and so does the check
    env["QT_QPA_PLATFORM"] = "broken;offscreen"
    proc = subprocess.run(argv, capture_output=True, text=True, cwd=REPO, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
