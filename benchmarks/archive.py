"""Archive benchmark: ``fiscaldoc convert`` end to end over many generated documents.

The corpus: ``--digital N`` born-digital reports (the truth documents of ``tests/data/truth``
rendered by ``benchmarks.corpus.render`` in the grid and rule-only looks, a different style
seed each, so every file differs) and ``--scanned M`` scanned ones (the first table pages of a
rendered report, rasterised at 200 dpi, degraded with the ``medium`` profile, written as
image-only PDFs).  Each executor converts the whole corpus into a fresh folder, as one
``fiscaldoc convert`` command in its own process; documents/s and pages/s are wall-clock:

* ``local --jobs 1`` and ``local --jobs 2`` (worker processes);
* ``ray`` on a cluster started beforehand by ``ray start --head --num-cpus K --block`` with
  K = 1 and 2 workers (the cluster's start-up is not timed: it is "an existing cluster").

Then peak memory against page count: one scan of P pages (the scanned pages repeated) per
``--memory-pages`` entry, converted in a fresh process whose peak resident memory is its own
``VmHWM`` (``/proc/self/status``, written by the process as it exits).  The machine's 2 cores
may be shared; compare rows of one run.  The report (``--out``) is rewritten after every row,
so a run cut short keeps the rows it finished.

    python -m benchmarks.archive --digital 1000 --scanned 100 --memory-pages 10,100,300 \
        --out benchmarks/results/archive.md
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRUTH = ROOT / "tests" / "data" / "truth"


def make_digital(folder: Path, n: int) -> list[Path]:
    from .corpus.render import render_pdf

    truths = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(TRUTH.glob("*.json"))]
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        look = ("grid", "hrules")[(i // len(truths)) % 2]
        path = folder / f"d{i:04d}.pdf"
        render_pdf(truths[i % len(truths)], path, look, seed=i)
        out.append(path)
    return out


def scanned_pages(tmp: Path, pages: int = 3, dpi: int = 200) -> list:
    """``pages`` degraded page images of a rendered report (its first table pages)."""
    from .corpus.degrade import degrade
    from .corpus.render import render_pdf
    from .scanned import rasterize

    truth = json.loads(sorted(TRUTH.glob("*.json"))[0].read_text(encoding="utf-8"))
    pdf = tmp / "scan-source.pdf"
    render_pdf(truth, pdf, "grid", seed=1)
    images = rasterize(pdf, list(range(1, 1 + pages)), dpi)
    return [degrade(img, "medium", dpi=dpi, seed=k) for k, img in enumerate(images)]


def make_scanned(folder: Path, n: int, images: list, pages_each: int = 3,
                 dpi: int = 200) -> list[Path]:
    from .corpus.degrade import scanned_pdf

    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        # rotate which pages a document starts with, so the files differ
        chosen = [images[(i + k) % len(images)] for k in range(pages_each)]
        out.append(scanned_pdf(chosen, folder / f"s{i:04d}.pdf", dpi))
    return out


def _env() -> dict[str, str]:
    # the benchmark's own local cluster runs without token authentication
    return {**os.environ, "PYTHONPATH": str(ROOT), "RAY_AUTH_MODE": "disabled"}


# The child runs ``fiscaldoc convert`` in-process, then writes its own peak resident memory
# (VmHWM of /proc/self/status, kB) to the file named by its first argument.
_CHILD = """
import sys
from fiscaldoc.cli import main
try:
    code = main(sys.argv[2:])
finally:
    with open("/proc/self/status") as f:
        hwm = next(line.split()[1] for line in f if line.startswith("VmHWM:"))
    with open(sys.argv[1], "w") as f:
        f.write(hwm)
raise SystemExit(code)
"""


def run_convert(src: Path, out: Path, *args: str) -> dict:
    """One ``fiscaldoc convert`` process; its wall time, the peak resident memory (VmHWM) of
    that process and the manifest totals."""
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    hwm_file = out.parent / f"{out.name}.vmhwm"
    t0 = time.perf_counter()
    with open(out / "stderr.txt", "wb") as err_file:
        proc = subprocess.run([sys.executable, "-c", _CHILD, str(hwm_file), "convert", str(src),
                               "-o", str(out), *args], cwd=ROOT, env=_env(),
                              stdout=subprocess.DEVNULL, stderr=err_file)
    seconds = time.perf_counter() - t0
    err = (out / "stderr.txt").read_text(encoding="utf-8", errors="replace")
    rows = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["inputs"]
    peak_kb = int(hwm_file.read_text()) if hwm_file.exists() else 0
    hwm_file.unlink(missing_ok=True)
    return {"seconds": seconds, "peak_mb": peak_kb / 1024, "docs": len(rows),
            "pages": sum(r["n_pages"] for r in rows),
            "failed": sum(r["status"] == "failed" for r in rows), "exit": proc.returncode,
            "stderr": err[-500:]}


class RayCluster:
    """A one-node Ray cluster with ``cpus`` worker slots, started and stopped by us."""

    def __init__(self, cpus: int, port: int = 6392):
        self.cpus, self.address = cpus, f"127.0.0.1:{port}"
        self.dir = tempfile.mkdtemp(prefix="fdray", dir="/tmp")
        exe = shutil.which("ray", path=str(Path(sys.executable).parent)) or "ray"
        self.proc = subprocess.Popen(
            [exe, "start", "--head", "--block", f"--port={port}", f"--num-cpus={cpus}",
             "--include-dashboard=false", "--disable-usage-stats", f"--temp-dir={self.dir}"],
            env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True)
        self._wait()

    def _wait(self, timeout: float = 180.0) -> None:
        code = ("import ray, sys; ray.init(address=sys.argv[1], log_to_driver=False); "
                "print(int(ray.cluster_resources().get('CPU', 0)))")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            r = subprocess.run([sys.executable, "-c", code, self.address], env=_env(),
                               capture_output=True, text=True, timeout=120)
            if r.returncode == 0 and r.stdout.strip().endswith(str(self.cpus)):
                return
            time.sleep(2)
        self.stop()
        raise RuntimeError(f"Ray head at {self.address} did not start")

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        shutil.rmtree(self.dir, ignore_errors=True)


def _row(name: str, r: dict) -> str:
    return (f"| {name} | {r['docs']} | {r['pages']} | {r['failed']} | {r['seconds']:.1f} | "
            f"{r['docs'] / r['seconds']:.2f} | {r['pages'] / r['seconds']:.2f} |")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--digital", type=int, default=1000)
    ap.add_argument("--scanned", type=int, default=100)
    ap.add_argument("--memory-pages", default="10,100,300",
                    help="page counts of the single scans measured for memory ('' = none)")
    ap.add_argument("--executors", default="local1,local2,ray1,ray2",
                    help="comma-separated, from local1, local2, ray1, ray2 ('' = none)")
    ap.add_argument("--out", type=Path,
                    help="write the Markdown report here (rewritten after every row)")
    ap.add_argument("--tmp", type=Path, help="work folder (default: a temporary one)")
    args = ap.parse_args(argv)
    tmp = args.tmp or Path(tempfile.mkdtemp(prefix="fd-archive-bench-"))
    tmp.mkdir(parents=True, exist_ok=True)
    lines: list[str] = []

    def emit(line: str | None = None) -> None:
        if line is not None:
            lines.append(line)
            print(line, file=sys.stderr, flush=True)
        if args.out:
            from fiscaldoc.export.atomic import write_text_atomic

            args.out.parent.mkdir(parents=True, exist_ok=True)
            write_text_atomic(args.out, "\n".join(lines) + "\n")

    executors = [e for e in args.executors.split(",") if e.strip()]
    try:
        images = scanned_pages(tmp)
        if executors:
            src = tmp / "corpus"
            t0 = time.perf_counter()
            make_digital(src, args.digital)
            make_scanned(src, args.scanned, images)
            made = time.perf_counter() - t0
            emit(f"Corpus: {args.digital} digital + {args.scanned} scanned documents "
                 f"(generated in {made:.0f} s); fiscaldoc convert, wall clock.")
            for line in ("", "| executor | documents | pages | failed | seconds | documents/s "
                         "| pages/s |", "|---|---|---|---|---|---|---|"):
                emit(line)
        for name in executors:
            out = tmp / f"out-{name}"
            if name.startswith("local"):
                r = run_convert(src, out, "--jobs", name[len("local"):])
                label = f"local, --jobs {name[len('local'):]}"
            else:
                cluster = RayCluster(int(name[len("ray"):]))
                try:
                    r = run_convert(src, out, "--executor", "ray", "--address", cluster.address)
                finally:
                    cluster.stop()
                label = f"ray, {name[len('ray'):]} worker(s)"
            emit(_row(label, r))
            shutil.rmtree(out, ignore_errors=True)
        pages = [int(p) for p in args.memory_pages.split(",") if p.strip()]
        if pages:
            for line in ("", "One scan of P pages (200 dpi, `medium`), `fiscaldoc convert` in a "
                         "fresh process; peak = that process's VmHWM.", "",
                         "| scanned pages | peak MiB | seconds | s/page | failed |",
                         "|---|---|---|---|---|"):
                emit(line)
        for n in pages:
            from .corpus.degrade import scanned_pdf

            folder = tmp / f"mem{n}"
            folder.mkdir(parents=True, exist_ok=True)
            scanned_pdf([images[k % len(images)] for k in range(n)], folder / f"scan{n}.pdf", 200)
            r = run_convert(folder / f"scan{n}.pdf", tmp / f"out-mem{n}")
            emit(f"| {n} | {r['peak_mb']:,.0f} | {r['seconds']:.1f} | "
                 f"{r['seconds'] / max(1, r['pages']):.2f} | {r['failed']} |")
            shutil.rmtree(folder, ignore_errors=True)
            shutil.rmtree(tmp / f"out-mem{n}", ignore_errors=True)
    finally:
        if args.tmp is None:
            shutil.rmtree(tmp, ignore_errors=True)
    emit()
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
