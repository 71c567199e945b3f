"""Command benchmark (issue 9): a command's time must not grow with the size of the workbook.

Run: .venv/bin/python -m tests.bench.bench_commands [SMALL LARGE] [--runs N]

Builds workbooks of 1,000 and 100,000 dossiers (bench_store's dossiers; one of them has the word
``RARE`` in its title), caches them under ``$DDWORKBOOK_BENCH_CACHE`` (default: a folder in the
system's temporary folder) so that re-runs are quick, and times whole-process runs of
``assess ID``, ``attach ID FILE`` and ``list --search RARE`` on a fresh copy of each. Runs are
interleaved (size by size, command by command) because these machines are shared and noisy; the
figures are medians. Cold runs drop the operating system's page cache before each run, which needs
root (``/proc/sys/vm/drop_caches``); where that is not allowed only warm runs are timed and the output
says "warm only". Target: 100,000 / 1,000 within 1.5x for every command. Prints figures only; nothing
here fails a test run.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from core.dossier import dossier_from_json
from core.store import KNOWN_MIGRATIONS, Workbook
from tests.bench.bench_store import _dossiers
from tests.conftest import REPO

RARE = "quillwort"  # a word in the title of one dossier only
BUILD_VERSION = "1"  # change when the generated content changes: cached workbooks are rebuilt
BATCH = 5000


def cache_dir() -> Path:
    return Path(os.environ.get("DDWORKBOOK_BENCH_CACHE") or Path(tempfile.gettempdir()) / "ddworkbook-bench")


def middle_id(n: int) -> str:
    return f"b{n // 2:06d}"


def build(n: int) -> Path:
    """A workbook of ``n`` dossiers, built once per schema and kept in the cache folder."""
    key = hashlib.sha256(f"{BUILD_VERSION} {n} {' '.join(KNOWN_MIGRATIONS)}".encode()).hexdigest()[:12]
    path = cache_dir() / f"commands-{n}-{key}.ddwb"
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".building")
    for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
        leftover.unlink(missing_ok=True)
    dicts = _dossiers(n)
    dicts[n // 3] = dict(dicts[n // 3], title=f"Benchmark dossier {n // 3} {RARE}")
    start = time.perf_counter()
    with Workbook.open(partial, actor="bench") as wb:
        for first in range(0, n, BATCH):
            wb.import_dossiers([dossier_from_json(d) for d in dicts[first : first + BATCH]])
    os.replace(partial, path)
    print(
        f"built {path} ({n} dossiers, {path.stat().st_size / 1e6:.0f} MB) in "
        f"{time.perf_counter() - start:.0f} s",
        flush=True,
    )
    return path


def can_drop_caches() -> bool:
    try:
        with open("/proc/sys/vm/drop_caches", "w") as f:
            f.write("1\n")
    except OSError:
        return False
    return True


def drop_caches() -> None:
    os.sync()
    with open("/proc/sys/vm/drop_caches", "w") as f:
        f.write("1\n")


def run_seconds(argv: list[str], cold: bool) -> float:
    if cold:
        drop_caches()
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, cwd=REPO)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("sizes", nargs="*", type=int, default=[1_000, 100_000])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    sizes: list[int] = args.sizes
    cold_allowed = can_drop_caches()
    modes = ["warm", "cold"] if cold_allowed else ["warm"]

    built = {n: build(n) for n in sizes}
    with tempfile.TemporaryDirectory(dir=cache_dir()) as tmp:
        evidence = Path(tmp) / "evidence.txt"
        evidence.write_bytes(b"a small evidence file for the benchmark\n")
        commands: dict[int, dict[str, list[str]]] = {}
        for n in sizes:
            work = Path(tmp) / f"work-{n}.ddwb"
            shutil.copyfile(built[n], work)  # attach changes the workbook: never the cached one
            cli = [sys.executable, "-m", "core.cli", "--workbook", str(work)]
            commands[n] = {
                "assess ID": [*cli, "assess", middle_id(n)],
                "attach ID FILE": [*cli, "attach", middle_id(n), str(evidence)],
                f"list --search {RARE}": [*cli, "list", "--search", RARE],
            }
        for n in sizes:  # once each, untimed: bytecode cached, the copies checked to work
            for name, cmd in commands[n].items():
                if name.startswith("list"):
                    out = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=REPO).stdout
                    assert out.count("\n") == 2, out  # the header and the one dossier
                else:
                    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, cwd=REPO)
        times: dict[tuple[str, int, str], list[float]] = {}
        for _ in range(args.runs):
            for mode in modes:
                for n in sizes:
                    for name, cmd in commands[n].items():
                        times.setdefault((mode, n, name), []).append(run_seconds(cmd, mode == "cold"))

    print(
        f"whole-process runs, median of {args.runs}"
        + ("" if cold_allowed else "; warm only (dropping the page cache is not allowed here)")
    )
    small, large = min(sizes), max(sizes)
    print(
        f"{'command':<24} {'mode':<5} "
        + " ".join(f"{n:>10,}" for n in sizes)
        + f"  ratio {large:,}/{small:,}  (target <= 1.5x)"
    )
    for mode in modes:
        for name in commands[small]:
            medians = {n: statistics.median(times[(mode, n, name)]) for n in sizes}
            ratio = medians[large] / medians[small]
            print(
                f"{name:<24} {mode:<5} "
                + " ".join(f"{medians[n]:>9.3f}s" for n in sizes)
                + f"  {ratio:5.2f}x"
                + ("" if ratio <= 1.5 else "  OVER TARGET")
            )


if __name__ == "__main__":
    main()
