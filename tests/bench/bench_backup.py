"""Backup benchmark (issue 10): a backup of a 10,000-dossier workbook holding 1 GB of evidence, against
`cp` of the same file in the same run.

Run: .venv/bin/python -m tests.bench.bench_backup [DOSSIERS] [MB_OF_EVIDENCE]
The workbook is built once and kept in $DDWORKBOOK_BENCH_DIR (default /tmp/ddworkbook-bench). Printed:
`cp` of the file (the floor: the bytes must be read and written), SQLite's online backup alone (the
copy), and the whole `ddworkbook backup -o` process (the copy and its check: integrity, journal chain,
every evidence hash, fingerprints, seals), each the median of a few runs, with ratios against `cp`.
Nothing here fails a test run.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from core.dossier import dossier_from_json
from core.store import Workbook
from tests.conftest import REPO, example


def _dossiers(n: int) -> list[Any]:
    base = example()
    base.pop("evidence")
    base["answers"]["annex_i_listed"] = "no"
    return [
        dossier_from_json(dict(base, id=f"b{i:06d}", title=f"Backup bench dossier {i}")) for i in range(n)
    ]


def build(path: Path, n: int, megabytes: int) -> None:
    if path.exists():
        return
    tmp = path.with_name(path.name + ".building")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{tmp}{suffix}").unlink(missing_ok=True)
    with Workbook.open(tmp) as wb:
        wb.import_dossiers(_dossiers(n))
        files = max(1, megabytes // 10)
        with tempfile.TemporaryDirectory() as folder:
            for i in range(files):  # 10 MB files of random bytes (nothing compresses or repeats)
                source = Path(folder) / f"evidence-{i}.bin"
                source.write_bytes(os.urandom(megabytes * 1048576 // files))
                wb.attach(f"b{i * (n // files):06d}", source)
                source.unlink()
    os.replace(tmp, path)


def _median(fn: Any, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    megabytes = int(sys.argv[2]) if len(sys.argv) > 2 else 1024
    folder = Path(os.environ.get("DDWORKBOOK_BENCH_DIR", "/tmp/ddworkbook-bench"))
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / f"backup-{n}-{megabytes}MB.ddwb"
    start = time.perf_counter()
    build(source, n, megabytes)
    print(
        f"workbook: {n} dossiers, {source.stat().st_size / 1e9:.2f} GB "
        f"(built or found in {time.perf_counter() - start:.0f} s)"
    )
    out = folder / "backup-out.ddwb"
    runs = 3

    def clean() -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{out}{suffix}").unlink(missing_ok=True)

    def cp() -> None:
        clean()
        subprocess.run(["cp", str(source), str(out)], check=True)
        with open(out, "rb+") as f:  # as the backup does: on the disk, not only in the cache
            os.fsync(f.fileno())

    def online_backup() -> None:
        clean()
        with sqlite3.connect(source) as src, sqlite3.connect(out) as dst:
            src.backup(dst)
        with open(out, "rb+") as f:
            os.fsync(f.fileno())

    def whole_command() -> None:
        clean()
        subprocess.run(
            [sys.executable, "-m", "core.cli", "--workbook", str(source), "backup", "-o", str(out)],
            check=True,
            stdout=subprocess.DEVNULL,
            cwd=REPO,
            env={**os.environ, "PYTHONPATH": str(REPO)},
        )

    # interleaved, so that the machine's moods fall on all three alike
    results: dict[str, list[float]] = {"cp": [], "backup": [], "command": []}
    for _ in range(runs):
        results["cp"].append(_median(cp, 1))
        results["backup"].append(_median(online_backup, 1))
        results["command"].append(_median(whole_command, 1))
    clean()
    base = statistics.median(results["cp"])
    print(f"cp of the file (+ fsync), median of {runs}:            {base:6.2f} s   1.00x")
    copy = statistics.median(results["backup"])
    print(f"SQLite online backup alone (+ fsync):             {copy:6.2f} s   {copy / base:.2f}x")
    whole = statistics.median(results["command"])
    print(f"`ddworkbook backup -o` (copy, then full check):   {whole:6.2f} s   {whole / base:.2f}x")
    if shutil.disk_usage(folder).free < 3 * source.stat().st_size:
        print("note: little free disk space left in", folder)


if __name__ == "__main__":
    main()
