"""Workbook benchmark: import 10,000 dossiers, `list --json` as a whole process, saving one answer.

Run: .venv/bin/python -m tests.bench.bench_store [N] [--v2]
(--v2: the dossiers are tests/data/example-dossier-v2.json's, as drafts: a transaction, an authority's
reply and seven screening records with their hits each; else the version 1 example's.)
Targets (issue 3): import of 10,000 under 30 s; listing them under 0.5 s; saving an answer under
5 ms median. Figures are printed with a baseline measured in the same run (a bare Python process),
because these machines are noisy; nothing here fails a test run.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from core.dossier import Answer
from core.store import Workbook
from tests.conftest import REPO, example, example_v2


def _dossiers(n: int, v2: bool = False) -> list[dict[str, Any]]:
    base = example_v2() if v2 else example()
    base.pop("evidence")
    base.pop("sign_off", None)
    for answer in base["answers"].values():
        if isinstance(answer, dict):
            answer.pop("evidence", None)
    base["answers"]["annex_i_listed"] = "no"
    return [dict(base, id=f"b{i:06d}", title=f"Benchmark dossier {i}") for i in range(n)]


def _process_seconds(argv: list[str], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, cwd=REPO)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(n: int = 10_000, v2: bool = False) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        wb_path = Path(tmp) / "bench.ddwb"
        source = Path(tmp) / "bulk.json"
        source.write_text(json.dumps(_dossiers(n, v2)), "utf-8")
        cli = [sys.executable, "-m", "core.cli", "--workbook", str(wb_path)]

        start = time.perf_counter()
        subprocess.run([*cli, "import", str(source)], check=True, stdout=subprocess.DEVNULL, cwd=REPO)
        import_s = time.perf_counter() - start

        bare = _process_seconds([sys.executable, "-c", "pass"])
        listing = _process_seconds([*cli, "list", "--json"])

        with Workbook.open(wb_path) as wb:
            saves = []
            for i in range(200):
                start = time.perf_counter()
                wb.set_answer(f"b{i:06d}", "covert", Answer("yes" if i % 2 else "uncertain", f"r{i}"))
                saves.append(time.perf_counter() - start)
            size_mb = wb_path.stat().st_size / 1e6

    save_ms = statistics.median(saves) * 1000
    print(f"dossiers:                 {n}{' (version 2 example)' if v2 else ''}")
    print(f"import (whole process):   {import_s:8.2f} s     target < 30 s  ({n / import_s:,.0f} dossiers/s)")
    print(f"list --json (process):    {listing:8.3f} s     target < 0.5 s")
    print(f"  bare python process:    {bare:8.3f} s     ratio list/bare {listing / bare:.1f}x")
    print(
        f"save one answer, median:  {save_ms:8.2f} ms    target < 5 ms "
        f"(p95 {sorted(saves)[int(len(saves) * 0.95)] * 1000:.2f} ms)"
    )
    print(f"workbook size:            {size_mb:8.1f} MB")


if __name__ == "__main__":
    numbers = [a for a in sys.argv[1:] if a.isdigit()]
    main(int(numbers[0]) if numbers else 10_000, v2="--v2" in sys.argv[1:])
