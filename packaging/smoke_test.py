"""Smoke test of a build of ddworkbook, as a user without Python would run it (packaging/README.md).

    packaging/smoke-test [--runs N] [--dev PROGRAM] [--chroot DIR] BUILD

BUILD is the Linux archive (.tar.gz), a .zip of the Windows folder or of the macOS .app, or a folder
holding the program (an unpacked build, an installed one, or a .app). It is unpacked into an empty
folder; the program then runs with a fresh HOME (and user folders), an environment of nothing but the
system's PATH and that HOME, from an empty working folder. Checked: ``--version``, ``assess FILE``,
``assess`` and ``import`` of the example dossier the build ships (its evidence files with it),
``report FILE -o OUT.pdf``, ``lists import`` of a small sanctions list then ``screen NAME`` (the
screening engine and its transliteration tables), ``gui --quit-after-startup`` (offscreen), and Dutch:
with LANG=nl_NL.UTF-8 (a locale the bare system does not have) the command line answers in Dutch,
argparse's words too. Then the build's size, and its start-up times (``gui --quit-after-startup`` and
``--version``, the median of several runs) against the development install's, measured in the same run.

With --chroot DIR (Linux, as root) the build runs inside that root, say a Debian made with debootstrap
and no Python; the development install is timed outside it.

Exit status: 0 when every check passed, 1 when one failed, 2 on bad usage. This script needs Python;
the build it tests does not.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# a complete dossier (notify_legitimate: the report and the notification beside it)
EXAMPLE = REPO / "tests" / "data" / "example-dossier-v2.json"
# A sanctions list in the shape of the EU Financial Sanctions Files (XML 1.1), invented: one person
# named only in Cyrillic (found only by transliterating, with anyascii's tables, which are data files
# of its package), the same person in another Latin spelling (found by fuzzy matching, rapidfuzz's C
# code) and a company that must not be found.
SANCTIONS_LIST = """<?xml version="1.0" encoding="UTF-8"?>
<export xmlns="http://eu.europa.ec/fpi/fsd/export" generationDate="2026-11-20T00:00:00Z">
  <sanctionEntity euReferenceNumber="EU.0.1" logicalId="1"><subjectType code="person"/>
    <nameAlias wholeName="Виктор Журавлёв" strong="true"/></sanctionEntity>
  <sanctionEntity euReferenceNumber="EU.0.2" logicalId="2"><subjectType code="person"/>
    <nameAlias wholeName="Victor ZHURAVLYOV" strong="true"/></sanctionEntity>
  <sanctionEntity euReferenceNumber="EU.0.3" logicalId="3"><subjectType code="enterprise"/>
    <nameAlias wholeName="Nordwind Signal Systems" strong="true"/></sanctionEntity>
</export>
"""
SCREENED = "Viktor Zhuravlev"
SCREEN_HITS = ["EU.0.1", "EU.0.2"]  # and not EU.0.3
WINDOWS = sys.platform == "win32"
EXE = "ddworkbook.exe" if WINDOWS else "ddworkbook"


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str
    seconds: float


class Sandbox:
    """An empty folder with the unpacked build, a fresh home and an empty working folder; runs the
    build there with nothing from this environment."""

    def __init__(self, build: Path, chroot: Path | None) -> None:
        self.chroot = chroot
        parent = chroot / "tmp" if chroot else None
        self.base = Path(tempfile.mkdtemp(prefix="ddw-smoke.", dir=parent))
        self.app, self.home, self.work = self.base / "app", self.base / "home", self.base / "work"
        for folder in (self.app, self.home, self.work):
            folder.mkdir()
        unpack(build, self.app)
        self.program = find_program(self.app)
        shutil.copy(EXAMPLE, self.work / "dossier.json")
        (self.work / "list.xml").write_text(SANCTIONS_LIST, encoding="utf-8")

    def inside(self, path: Path) -> str:
        """``path`` as the program sees it (inside the chroot, if any)."""
        return "/" + str(path.relative_to(self.chroot)) if self.chroot else str(path)

    def environment(self, extra: Mapping[str, str] | None = None) -> dict[str, str]:
        env = clean_environment(Path(self.inside(self.home)))
        if WINDOWS:  # platformdirs asks Windows for the user's folders, whatever the environment says
            env["DDWORKBOOK_WORKBOOK"] = str(self.home / "workbook.ddwb")
        env["DDWORKBOOK_CONFIG_DIR"] = self.inside(self.home / "config")
        return {**env, **(extra or {})}

    def run(self, *args: str, env: Mapping[str, str] | None = None) -> Result:
        if self.chroot:
            argv = [
                "/usr/sbin/chroot",
                str(self.chroot),
                "/bin/sh",
                "-c",
                'cd "$0" && exec "$@"',
                self.inside(self.work),
                self.inside(self.program),
                *args,
            ]
        else:
            argv = [str(self.program), *args]
        return run(argv, self.environment(env), cwd=None if self.chroot else self.work)

    def workbook(self) -> Path:
        if WINDOWS:
            return self.home / "workbook.ddwb"
        if sys.platform == "darwin":
            return self.home / "Library" / "Application Support" / "ddworkbook" / "workbook.ddwb"
        return self.home / ".local" / "share" / "ddworkbook" / "workbook.ddwb"

    def remove(self) -> None:
        shutil.rmtree(self.base, ignore_errors=True)


def clean_environment(home: Path) -> dict[str, str]:
    """Nothing but the system's PATH and a fresh home (on Windows, the few variables it cannot do
    without, and the user's folders in the fresh home)."""
    if WINDOWS:
        root = os.environ.get("SYSTEMROOT", r"C:\Windows")
        return {
            "PATH": f"{root}\\system32;{root};{root}\\System32\\Wbem",
            "SystemRoot": root,
            "SystemDrive": os.environ.get("SYSTEMDRIVE", "C:"),
            "TEMP": os.environ.get("TEMP", str(home)),
            "TMP": os.environ.get("TMP", str(home)),
            "USERPROFILE": str(home),
            "APPDATA": str(home / "AppData" / "Roaming"),
            "LOCALAPPDATA": str(home / "AppData" / "Local"),
        }
    return {"PATH": "/usr/bin:/bin", "HOME": str(home)}


def run(argv: Sequence[str], env: Mapping[str, str], cwd: Path | None) -> Result:
    started = time.perf_counter()
    proc = subprocess.run(
        list(argv), env=dict(env), cwd=cwd, capture_output=True, text=True, errors="replace", timeout=300
    )
    return Result(proc.returncode, proc.stdout, proc.stderr, time.perf_counter() - started)


def unpack(build: Path, into: Path) -> None:
    if build.is_dir():
        shutil.copytree(build, into / build.name, symlinks=True)
    elif build.name.endswith((".tar.gz", ".tgz")):
        with tarfile.open(build) as tar:
            tar.extractall(into, filter="tar")
    elif build.suffix == ".zip":
        if sys.platform == "darwin":  # ditto keeps the .app's symlinks and permissions
            subprocess.run(["ditto", "-x", "-k", str(build), str(into)], check=True)
        else:
            with zipfile.ZipFile(build) as archive:
                archive.extractall(into)
    else:
        raise SystemExit(f"smoke-test: {build}: expected a .tar.gz, a .zip or a folder")


def find_program(folder: Path) -> Path:
    """The program in an unpacked build: ddworkbook[.exe] in its folder, or in a .app's
    Contents/MacOS."""
    candidates = sorted(folder.rglob(EXE), key=lambda p: len(p.parts))
    candidates = [p for p in candidates if p.is_file() and "_internal" not in p.parts]
    if not candidates:
        raise SystemExit(f"smoke-test: no {EXE} in the build")
    return candidates[0]


def shipped_example(folder: Path) -> Path | None:
    """The example dossier in an unpacked build: resources/examples/example-dossier.json, wherever
    the build keeps its data (_internal/ on Linux and Windows, a .app's Contents/Resources)."""
    found = [
        p
        for p in folder.rglob("example-dossier.json")
        if p.is_file() and p.parent.name == "examples" and p.parent.parent.name == "resources"
    ]
    return min(found, key=lambda p: len(p.parts)) if found else None


def stderr_lines(text: str) -> str:
    """What the program said on stderr, without Qt's notes about the locale of a bare system."""
    noise = (
        "Detected locale",
        "Qt depends on a UTF-8",
        "If this causes problems",
        "for more information",
        "This plugin does not support propagateSizeHints",
    )
    return " | ".join(line for line in text.splitlines() if line.strip() and not line.startswith(noise))[:600]


def folder_size(folder: Path) -> int:
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="packaging/smoke-test", description=__doc__.split("\n\n")[0])
    parser.add_argument("build", type=Path, help="the archive (.tar.gz, .zip) or folder of a build")
    parser.add_argument(
        "--runs", type=int, default=7, help="start-up runs of each program (the median is shown)"
    )
    parser.add_argument("--dev", type=Path, help="the development install's ddworkbook (default: .venv's)")
    parser.add_argument("--chroot", type=Path, help="run the build inside this system root (Linux, root)")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs: expected 1 or more")
    if not args.build.exists():
        parser.error(f"{args.build}: no such file or folder")
    if args.chroot and not (args.chroot / "bin" / "sh").exists():
        parser.error(f"--chroot: {args.chroot}: not a system root")
    dev = args.dev or REPO / ".venv" / ("Scripts/ddworkbook.exe" if WINDOWS else "bin/ddworkbook")
    dev_program = dev if dev.exists() else None

    box = Sandbox(args.build.resolve(), args.chroot.resolve() if args.chroot else None)
    try:
        return check(box, args.build, dev_program, args.runs)
    finally:
        box.remove()


# A check's verdict: the problem (None when it passed) and what was seen.
Verdict = tuple[str | None, str]
OFFSCREEN = {"QT_QPA_PLATFORM": "offscreen"}


def check(box: Sandbox, build: Path, dev: Path | None, runs: int) -> int:
    # checks 3, 5 and 6 use a workbook of their own: the one in the fresh home is made by check 7
    scratch = {"DDWORKBOOK_WORKBOOK": box.inside(box.base / "checks.ddwb")}
    checks: list[tuple[str, Callable[[], Verdict]]] = [
        ("--version", lambda: check_version(box)),
        ("assess", lambda: check_assess(box, dev)),
        ("example dossier", lambda: check_example(box, dev, scratch)),
        ("report", lambda: check_report(box)),
        ("lists import", lambda: check_lists_import(box, scratch)),
        (f"screen {SCREENED!r}", lambda: check_screen(box, scratch)),
        ("gui --quit-after-startup", lambda: check_gui(box)),
        ("Nederlands", lambda: check_dutch(box)),
    ]
    passed = failed = 0
    for name, run_check in checks:
        problem, detail = run_check()
        if problem:
            failed += 1
            print(f"smoke-test: {name}: FAILED: {problem}")
        else:
            passed += 1
            print(f"smoke-test: {name}: ok ({detail})")
    unpacked = folder_size(box.app) / 2**20
    packed = f", {build.stat().st_size / 2**20:.0f} MB packed" if build.is_file() else ""
    print(f"size: {unpacked:.0f} MB unpacked{packed} ({build.name})")
    if failed == 0:
        startup_figures(box, dev, runs, OFFSCREEN)
    print(f"smoke-test: {passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


def failure(r: Result, what: str = "") -> str:
    return f"{what}exit {r.returncode}: {stderr_lines(r.stderr)}"


def outcome_of(r: Result) -> str:
    """The outcome an ``assess`` printed ('' when none)."""
    return next(
        (line.split(":", 1)[1].strip() for line in r.stdout.splitlines() if line.startswith("Outcome:")), ""
    )


def check_version(box: Sandbox) -> Verdict:
    """1. --version: the version, then the legal texts' corpus and the licence."""
    r = box.run("--version")
    lines = r.stdout.splitlines()
    first = lines[0] if lines else ""
    good = (
        r.returncode == 0
        and first.startswith("ddworkbook ")
        and "Legal texts:" in r.stdout
        and "Licence:" in r.stdout
    )
    detail = f"{first}; {lines[1] if len(lines) > 1 else ''}"
    return (None if good else f"exit {r.returncode}: {r.stdout[:200]} {stderr_lines(r.stderr)}"), detail


def check_assess(box: Sandbox, dev: Path | None) -> Verdict:
    """2. assess FILE: word for word the development install's, when there is one."""
    r = box.run("assess", "dossier.json")
    detail = outcome_of(r)
    if r.returncode != 0 or not detail:
        return failure(r), detail
    if dev is not None:
        expected = run(
            [str(dev), "assess", "dossier.json"], clean_environment(box.base / "dev-home"), box.work
        )
        if expected.stdout != r.stdout:
            return "differs from the development install's assessment", detail
        detail += "; word for word the development install's"
    return None, detail


def check_example(box: Sandbox, dev: Path | None, scratch: dict[str, str]) -> Verdict:
    """3. The example dossier the build ships (the first start offers it): assessed as the development
    install assesses it, and imported into a workbook with its evidence files, which the dossier
    names relative to itself."""
    example = shipped_example(box.app)
    if example is None:
        return "no resources/examples/example-dossier.json in the build", ""
    r = box.run("assess", box.inside(example), env=scratch)
    detail = f"{example.relative_to(box.app)}: {outcome_of(r)}"
    if r.returncode != 0 or not outcome_of(r):
        return failure(r, "assess: "), detail
    if dev is not None:
        expected = run([str(dev), "assess", str(example)], clean_environment(box.base / "dev-home"), box.work)
        if expected.stdout != r.stdout:
            return "assess differs from the development install's assessment of it", detail
        detail += ", as the development install's"
    r = box.run("import", box.inside(example), env=scratch)
    if r.returncode != 0 or not r.stdout.strip():
        return failure(r, "import: "), detail
    return None, f"{detail}; imported with its evidence files as {r.stdout.strip()}"


def check_report(box: Sandbox) -> Verdict:
    """4. report FILE -o OUT.pdf: the report and the draft beside it, set in the shipped fonts."""
    r = box.run("report", "dossier.json", "-o", "out.pdf")
    pdfs = [box.work / "out.pdf", box.work / "out-notification.pdf"]
    sizes = ", ".join(f"{p.name} {p.stat().st_size // 1024} KB" for p in pdfs if p.exists())
    detail = f"{sizes}; DejaVu Sans embedded"
    if r.returncode != 0:
        return failure(r), detail
    if not all(p.is_file() and p.stat().st_size > 0 for p in pdfs):
        return "out.pdf and out-notification.pdf were not both written", detail
    if not pdfs[0].read_bytes().startswith(b"%PDF-") or b"DejaVuSans" not in pdfs[0].read_bytes():
        return "out.pdf is not a PDF set in DejaVu Sans", detail
    return None, detail


def check_lists_import(box: Sandbox, scratch: dict[str, str]) -> Verdict:
    """5. lists import FILE: the list's reader and the names' transliteration."""
    r = box.run("lists", "import", "list.xml", env=scratch)
    return (None if r.returncode == 0 else failure(r)), r.stdout.strip()[:200]


def check_screen(box: Sandbox, scratch: dict[str, str]) -> Verdict:
    """6. screen NAME: the screening engine, its C code and its data files; exactly the hits expected."""
    r = box.run("screen", SCREENED, "--json", env=scratch)
    if r.returncode != 0:
        return failure(r), ""
    try:
        hits = json.loads(r.stdout)["hits"]
        found = sorted(str(hit["entry"]) for hit in hits)
        detail = "; ".join(f"{hit['entry']} {hit['name']} {hit['score']}" for hit in hits)
    except (ValueError, KeyError, TypeError) as e:
        return f"not the JSON of the hits ({e}): {r.stdout[:200]}", ""
    return (None if found == SCREEN_HITS else f"found {found}, expected {SCREEN_HITS}"), detail


def check_gui(box: Sandbox) -> Verdict:
    """7. gui --quit-after-startup, offscreen: the main window and its list, on a new workbook."""
    r = box.run("gui", "--quit-after-startup", env=OFFSCREEN)
    detail = "main window shown offscreen; a new workbook made in the fresh home"
    if r.returncode != 0:
        return failure(r), detail
    if not box.workbook().is_file():
        return f"no workbook was made at {box.workbook()}", detail
    return None, detail


def check_dutch(box: Sandbox) -> Verdict:
    """8. Nederlands: the system's Dutch locale (not installed on a bare system: no harm) makes the
    command line Dutch, argparse's words too, from the compiled catalogues the build carries."""
    dutch = {"LANG": "nl_NL.UTF-8"}
    r = box.run("assess", "dossier.json", env=dutch)
    wrong = box.run("list", "--bogus", env=dutch)
    detail = "assess and argparse's messages in Dutch with LANG=nl_NL.UTF-8"
    if r.returncode != 0:
        return failure(r), detail
    if not any(line.startswith("Uitkomst:") for line in r.stdout.splitlines()):
        return f"assess did not answer in Dutch: {r.stdout[:200]}", detail
    if wrong.returncode != 2 or "onbekende argumenten: --bogus" not in wrong.stderr:
        return f"argparse's words are not in Dutch: {stderr_lines(wrong.stderr)}", detail
    return None, detail


def startup_figures(box: Sandbox, dev: Path | None, runs: int, offscreen: dict[str, str]) -> None:
    """The start-up time of the build against the development install's, in the same run: of the
    desktop program, and of the command line (``--version``, which imports no Qt: what a run-time hook
    or a module imported at every start costs shows there)."""
    dev_env = {
        **clean_environment(box.base / "dev-home"),
        **offscreen,
        "DDWORKBOOK_WORKBOOK": str(box.base / "dev-home" / "workbook.ddwb"),
        "DDWORKBOOK_CONFIG_DIR": str(box.base / "dev-home" / "config"),
    }
    for args, what in (
        (("gui", "--quit-after-startup"), "gui --quit-after-startup, offscreen"),
        (("--version",), "--version"),
    ):
        dev_argv = [str(dev), *args] if dev else []
        if dev:
            run(dev_argv, dev_env, box.work)  # once first: both then start from a warm file cache
        build_ms: list[float] = []
        dev_ms: list[float] = []
        for _ in range(runs):
            build_ms.append(box.run(*args, env=offscreen).seconds * 1000)
            if dev:
                dev_ms.append(run(dev_argv, dev_env, box.work).seconds * 1000)
        b = statistics.median(build_ms)
        line = f"start-up ({what}, median of {runs}): build {b:.0f} ms"
        if dev_ms:
            d = statistics.median(dev_ms)
            slower = "not slower" if b <= d * 1.1 else "SLOWER"  # within 10%: the noise of a shared machine
            line += f", development install {d:.0f} ms ({(b - d) / d:+.0%}: the build is {slower})"
        print(line)
        print(
            f"  build runs (ms): {' '.join(f'{t:.0f}' for t in build_ms)}"
            + (f"; development runs: {' '.join(f'{t:.0f}' for t in dev_ms)}" if dev_ms else "")
        )


if __name__ == "__main__":
    sys.exit(main())
