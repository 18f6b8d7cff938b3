"""The build benchmark (`make bench`): how the generator and MkDocs grow with the number of places.

For each size N: synthetic data (bench/synthetic.py) is written to a temporary folder, with a copy of
content/ whose links to real places (not in the synthetic data; strict MkDocs would stop at them) are
plain words; then, each in
a fresh process, the generator stage alone (generator.pipeline.generate: data -> docs), first with an
empty build cache, so the PDF of the method support is made, as on a clean checkout ("kall"), then
again with the PDF from the cache, as every later build ("varm"); MkDocs alone on those docs
(generator.site.build_site, the call the real build makes, Pagefind included) and the whole build
(`python -m generator build`, both stages in one process, as `make site` runs it on a clean checkout).
For each process: CPU seconds (user + sys, from getrusage(RUSAGE_CHILDREN) before and after, so
Pagefind's are counted too), wall seconds, and peak RSS twice: of the Python process itself
(RUSAGE_SELF, written by the child at its end) and of Pagefind, the largest process it started
(RUSAGE_CHILDREN). Then the sizes of the site and of its map documents, and what a visitor's browser fetches for the
county map against a default folium map of the same places (bench/mapbytes.py, in a child process).
Last, `python -m generator validate` on the real data: its time, and that it loads neither folium
nor MkDocs.

    .venv/bin/python bench/run.py                      # 1000, 5000 and 10000 places
    .venv/bin/python bench/run.py --sizes 200,1000 --repeat 3

Only the standard library is imported here: a child started from a large parent can report the
parent's memory as its own peak (Linux counts the memory the process had before exec), so the
synthetic data and everything else that imports the generator runs in child processes too.
Nothing is written to the repository; the temporary folders are removed afterwards (see --keep).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("folium", "branca", "mkdocs", "material")  # what `validate` should never load


@dataclass(frozen=True)
class Run:
    cpu: float  # user + sys seconds of the child
    wall: float
    rss_mb: float  # peak resident set size of the child


@dataclass(frozen=True)
class Row:
    n: int
    generator: Run  # with the PDF made
    warm: Run  # with the PDF from the build cache
    mkdocs: Run
    whole: Run
    python_mb: dict[str, float]  # own peak RSS of the Python process: gen, mkdocs, build
    pagefind_mb: float
    pagefind_cpu: float  # CPU seconds of Pagefind, the process the MkDocs stage starts
    site_bytes: int
    docs_bytes: int
    map_bytes: int
    maps: int
    mapbytes: list[str]  # bench/mapbytes.py's lines: /karta/ against a default folium map


def run_child(cmd: list[str], log: Path) -> Run:
    """Run one command as a fresh process; its output goes to log. Raise if it fails."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    with log.open("w", encoding="utf-8") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT, env=env)
        # wait4 gives this child's own ru_maxrss; RUSAGE_CHILDREN's is the largest child so far.
        _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        tail = "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-25:])
        raise SystemExit(f"fel: {' '.join(cmd)} avslutades med {proc.returncode}:\n{tail}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Run(cpu=cpu, wall=wall, rss_mb=usage.ru_maxrss / 1024)  # ru_maxrss is in KiB on Linux


def children_cpu(result: Path) -> float:
    """CPU seconds of the processes the stage started (in the MkDocs stage: Pagefind), as it wrote them."""
    return json.loads(result.read_text(encoding="utf-8"))["children_cpu"]


def peaks(result: Path) -> tuple[float, float]:
    """(peak RSS of the Python process itself, of the largest process it started), as the stage wrote them."""
    got = json.loads(result.read_text(encoding="utf-8"))
    return got["self_mb"], got["children_mb"]


def median_run(runs: list[Run]) -> Run:
    return Run(
        cpu=statistics.median(r.cpu for r in runs),
        wall=statistics.median(r.wall for r in runs),
        rss_mb=statistics.median(r.rss_mb for r in runs),
    )


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def map_documents(site: Path) -> list[Path]:
    """The map documents: kartor/*.html and any kartor/data/*.json (not the shared script and style)."""
    maps = site / "kartor"
    return sorted(maps.glob("*.html")) + sorted((maps / "data").glob("*.json"))


def bench_size(n: int, work: Path, repeat: int, py: str) -> Row:
    here = Path(__file__).resolve()
    data, content, docs, site = work / "data", work / "content", work / "docs", work / "site"
    logs = work / "logs"
    shutil.rmtree(work, ignore_errors=True)  # ours: a rerun with --keep starts from nothing
    logs.mkdir(parents=True)
    made = run_child(
        [py, str(here.with_name("synthetic.py")), str(n), str(data), "--content", str(content)], logs / "synthetic.log"
    )
    print(f"  N={n}: syntetiska data skrivna och kontrollerade på {made.wall:.1f} s", flush=True)
    mapbytes = bench_mapbytes(data, logs / "mapbytes.log", py)
    result = work / "stage.json"
    gen, warm, mk, whole = [], [], [], []
    own: dict[str, list[float]] = {"gen": [], "mkdocs": [], "build": []}
    pagefind: list[float] = []
    pagefind_cpu: list[float] = []
    cache = work / "cache"  # Paths.cache of docs: beside it
    for i in range(repeat):
        shutil.rmtree(cache, ignore_errors=True)  # a clean checkout: the PDF is made
        for runs, name in ((gen, "kall"), (warm, "varm")):
            shutil.rmtree(docs, ignore_errors=True)  # every generator run writes every file
            cmd = [py, str(here), "--stage", "generate", str(data), str(content), str(docs), str(result)]
            runs.append(run_child(cmd, logs / f"generate-{name}-{i}.log"))
            if name == "kall":  # the larger peak: WeasyPrint lays the PDF out in the same process
                own["gen"].append(peaks(result)[0])
        epoch = json.loads(result.read_text(encoding="utf-8"))["epoch"]
        shutil.rmtree(site, ignore_errors=True)
        mk.append(
            run_child(
                [py, str(here), "--stage", "mkdocs", str(docs), str(site), str(epoch), str(result)],
                logs / f"mkdocs-{i}.log",
            )
        )
        mine, theirs = peaks(result)
        own["mkdocs"].append(mine)
        pagefind.append(theirs)
        pagefind_cpu.append(children_cpu(result))
        print(
            f"  N={n}, körning {i + 1}/{repeat}: generatorn {gen[-1].cpu:.1f} s CPU (PDF ur cachen: "
            f"{warm[-1].cpu:.1f} s), MkDocs ensam {mk[-1].cpu - pagefind_cpu[-1]:.1f} s CPU, "
            f"Pagefind {pagefind_cpu[-1]:.1f} s CPU",
            flush=True,
        )
    # The whole build, as `make site` runs it on a clean checkout: both stages in one process.
    whole_docs, whole_site = work / "whole" / "docs", work / "whole" / "site"
    for i in range(repeat):
        shutil.rmtree(work / "whole", ignore_errors=True)
        cmd = [
            py,
            str(here),
            "--stage",
            "build",
            str(data),
            str(content),
            str(whole_docs),
            str(whole_site),
            str(result),
        ]
        whole.append(run_child(cmd, logs / f"build-{i}.log"))
        own["build"].append(peaks(result)[0])
    maps = map_documents(site)
    return Row(
        n=n,
        generator=median_run(gen),
        warm=median_run(warm),
        mkdocs=median_run(mk),
        whole=median_run(whole),
        python_mb={k: statistics.median(v) for k, v in own.items()},
        pagefind_mb=statistics.median(pagefind),
        pagefind_cpu=statistics.median(pagefind_cpu),
        site_bytes=folder_bytes(site),
        docs_bytes=folder_bytes(docs),
        map_bytes=sum(p.stat().st_size for p in maps),
        maps=len(maps),
        mapbytes=mapbytes,
    )


def bench_mapbytes(data: Path, log: Path, py: str) -> list[str]:
    """bench/mapbytes.py on the synthetic data: /karta/'s bytes against a default folium map, as lines."""
    run_child([py, str(Path(__file__).with_name("mapbytes.py")), "--data", str(data), "--json"], log)
    last = [line for line in log.read_text(encoding="utf-8").splitlines() if line.startswith("{")][-1]
    return json.loads(last)["lines"]


def bench_validate(repeat: int, py: str, work: Path) -> tuple[Run, list[str]]:
    """`python -m generator validate` on the real data: its time, and which heavy packages it imports."""
    runs = [run_child([py, "-m", "generator", "validate"], work / f"validate-{i}.log") for i in range(repeat)]
    # A separate run with -X importtime (it slows the imports down, so it is not the timed one).
    log = work / "validate-importtime.log"
    run_child([py, "-X", "importtime", "-m", "generator", "validate"], log)
    loaded = set()
    for line in log.read_text(encoding="utf-8").splitlines():
        if line.startswith("import time:") and "|" in line:
            top = line.rsplit("|", 1)[1].strip().split(".")[0]
            if top in HEAVY:
                loaded.add(top)
    return median_run(runs), sorted(loaded)


def mkdocs_alone(r: Row) -> float:
    """MkDocs' CPU seconds without Pagefind's: the denominator of the generator's ratio."""
    return r.mkdocs.cpu - r.pagefind_cpu


def _mb(n: int) -> str:
    return f"{n / 1e6:.1f}"


def report(rows: list[Row], validate: tuple[Run, list[str]], repeat: int) -> str:
    lines = [
        f"ÖDS-portalen, bygget med syntetiska data: Python {platform.python_version()}, "
        f"{os.cpu_count()} processorer, {'median av ' + str(repeat) + ' körningar' if repeat > 1 else 'en körning'}",
        "CPU = user + sys för hela processen (start, import, arbete). gen = generatorn ensam (data -> docs) "
        "när PDF:en görs, varm = när den finns i cachen, MkDocs ensam = MkDocs på samma docs utan Pagefind "
        "(MkDocs-stegets CPU minus sökindexerarens, som är en egen process), Pagefind = sökindexeraren, "
        "bygge = python -m generator build (båda i en process, ren utcheckning). Pagefind = sökindexerarens "
        "egen topp-RSS (en egen process).",
        "",
    ]
    head = [
        "N",
        "gen CPU s",
        "varm",
        "MkDocs ensam CPU s",
        "Pagefind CPU s",
        "gen/MkDocs ensam",
        "varm/MkDocs ensam",
        "Pagefind/MkDocs ensam",
        "bygge CPU s",
        "Python topp-RSS MB gen/mkdocs/bygge",
        "Pagefind MB",
        "site MB",
        "docs MB",
        "kartor",
        "kartbyte/plats",
    ]
    table = [head]
    for r in rows:
        table.append(
            [
                str(r.n),
                f"{r.generator.cpu:.1f}",
                f"{r.warm.cpu:.1f}",
                f"{mkdocs_alone(r):.1f}",
                f"{r.pagefind_cpu:.1f}",
                f"{r.generator.cpu / mkdocs_alone(r):.2f}",
                f"{r.warm.cpu / mkdocs_alone(r):.2f}",
                f"{r.pagefind_cpu / mkdocs_alone(r):.2f}",
                f"{r.whole.cpu:.1f}",
                "/".join(f"{r.python_mb[k]:.0f}" for k in ("gen", "mkdocs", "build")),
                f"{r.pagefind_mb:.0f}",
                _mb(r.site_bytes),
                _mb(r.docs_bytes),
                str(r.maps),
                f"{r.map_bytes / r.n:,.0f}".replace(",", " "),
            ]
        )
    widths = [max(len(row[i]) for row in table) for i in range(len(head))]
    for j, row in enumerate(table):
        lines.append("  ".join(cell.rjust(w) for cell, w in zip(row, widths, strict=True)))
        if j == 0:
            lines.append("  ".join("-" * w for w in widths))
    if len(rows) > 1:
        lo, hi = rows[0], rows[-1]
        lines += [
            "",
            f"Tillväxt från N={lo.n} till N={hi.n} ({hi.n / lo.n:.0f} gånger så många platser; "
            f"linjärt vore {hi.n / lo.n:.1f}), tid(N={hi.n}) / tid(N={lo.n}) i CPU-sekunder:",
        ]
        for label, get in [
            ("generatorn", lambda r: r.generator.cpu),
            ("MkDocs", mkdocs_alone),
            ("hela bygget", lambda r: r.whole.cpu),
        ]:
            lines.append(f"  {label:<12} {get(hi) / get(lo):6.1f}")
    for r in rows:
        lines.append(
            f"N={r.n}: generatorn (PDF ur cachen) / MkDocs ensam = {r.warm.cpu / mkdocs_alone(r):.2f}; "
            f"Pagefind / MkDocs ensam = {r.pagefind_cpu / mkdocs_alone(r):.2f} (nämnaren: MkDocs utan Pagefind, CPU)"
        )
    lines.append("")
    for r in rows:
        lines += r.mapbytes
    run, loaded = validate
    lines += [
        "",
        f"python -m generator validate på riktiga data/: {run.cpu:.2f} s CPU, {run.wall:.2f} s vägg, "
        f"topp-RSS {run.rss_mb:.0f} MB; importerar "
        + (f"ändå: {', '.join(loaded)}" if loaded else f"inte {', '.join(HEAVY)}"),
    ]
    return "\n".join(lines)


def _write_peaks(result: Path, extra: dict | None = None) -> None:
    """What only the child knows: its own peak RSS and that of the largest process it started."""
    mine, theirs = (resource.getrusage(w).ru_maxrss / 1024 for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = children.ru_utime + children.ru_stime
    result.write_text(
        json.dumps({"self_mb": mine, "children_mb": theirs, "children_cpu": cpu, **(extra or {})}), encoding="utf-8"
    )


def stage(argv: list[str]) -> int:
    """What one child process does: `generate DATA CONTENT DOCS RESULT`, `mkdocs DOCS SITE EPOCH RESULT`
    or `build DATA CONTENT DOCS SITE RESULT`."""
    sys.path.insert(0, str(ROOT))
    if argv[0] == "generate":
        from generator.pipeline import Paths, data_epoch, generate

        data, content, docs, result = map(Path, argv[1:5])
        catalog = generate(Paths(data=data, content=content, docs=docs))
        _write_peaks(result, {"epoch": data_epoch(catalog), "scenes": len(catalog.scenes)})
        return 0
    if argv[0] == "mkdocs":
        from generator.config import Paths
        from generator.site import build_site

        docs, site = Path(argv[1]), Path(argv[2])
        build_site(Paths.mkdocs_yml, docs, site, int(argv[3]))
        _write_peaks(Path(argv[4]))
        return 0
    if argv[0] == "build":
        from generator.cli import main as cli

        data, content, docs, site, result = argv[1:6]
        code = cli(["build", "--data", data, "--content", content, "--docs", docs, "--out", site])
        _write_peaks(Path(result))
        return code
    raise SystemExit(f"okänt steg: {argv[0]}")


def _sizes(text: str) -> list[int]:
    sizes = sorted({int(s) for s in text.split(",") if s.strip()})
    if not sizes or sizes[0] < 26:
        raise argparse.ArgumentTypeError("ange storlekar som 1000,5000,10000 (minst 26: en plats per kommun)")
    return sizes


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--stage"]:
        return stage(argv[1:])
    parser = argparse.ArgumentParser(description="Mät bygget med syntetiska data i olika storlekar.")
    parser.add_argument(
        "--sizes", type=_sizes, default=[1000, 5000, 10000], help="antal platser (standard: 1000,5000,10000)"
    )
    parser.add_argument("--repeat", type=int, default=1, help="körningar per storlek; medianen visas (standard: 1)")
    parser.add_argument("--keep", type=Path, help="lägg de tillfälliga mapparna här och behåll dem")
    parser.add_argument("--python", default=sys.executable, help="Python för barnprocesserna (standard: den här)")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat ska vara minst 1")
    base = args.keep or Path(tempfile.mkdtemp(prefix="ods-bench-"))
    print(f"Mäter {', '.join(map(str, args.sizes))} platser i {base}", flush=True)
    try:
        rows = []
        for n in args.sizes:
            rows.append(bench_size(n, base / f"n{n}", args.repeat, args.python))
            if not args.keep:
                shutil.rmtree(base / f"n{n}")  # 10k places make a large site; keep the disk free
        (base / "validate").mkdir(exist_ok=True)
        validate = bench_validate(max(args.repeat, 3), args.python, base / "validate")
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    print()
    print(report(rows, validate, args.repeat))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
