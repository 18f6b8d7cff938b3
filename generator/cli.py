"""`python -m generator validate | build | serve | schema`: parses arguments and prints results."""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from pathlib import Path

from .catalog import check
from .config import Paths
from .kinds import COMMANDS
from .problems import InvalidData, PdfBuildError, SetupError, SiteBuildError, report

# argparse's own words (the usage line, its section titles and its errors), in Swedish. Words not
# listed stay as argparse has them; tests/test_cli.py fails when Python's argparse no longer has one.
_ARGPARSE_SV = {
    "usage: ": "användning: ",
    "positional arguments": "kommandon och argument",
    "options": "flaggor",
    "show this help message and exit": "visa den här hjälpen och avsluta",
    "%(prog)s: error: %(message)s\n": "%(prog)s: fel: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s: %(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "okänt val %(value)r; välj ett av %(choices)s",
    "invalid %(type)s value: %(value)r": "ogiltigt värde %(value)r",
    "the following arguments are required: %s": "det här saknas: %s",
    "unrecognized arguments: %s": "okända argument: %s",
    "expected one argument": "flaggan behöver ett värde efter sig",
    "ambiguous option: %(option)s could match %(matches)s": "flaggan %(option)s kan betyda flera: %(matches)s",
    "not allowed with argument %s": "går inte att kombinera med %s",
}


def _argparse_in_swedish() -> None:
    """The one reach into argparse's private parts: its words pass through its gettext hook, the
    module's `_`, and Python ships no Swedish for them, so an editor who types a command wrong reads
    Swedish like everywhere else."""
    argparse._ = lambda text: _ARGPARSE_SV.get(text, text)  # type: ignore[attr-defined]


_argparse_in_swedish()


def _kinds_help() -> str:
    """The kinds `new` makes, as `scene (plats)`, from the registry."""
    words = [f"{c} ({k.singular.lower()}{', id = året' if k.key == 'year' else ''})" for c, k in COMMANDS.items()]
    return ", ".join(words[:-1]) + " eller " + words[-1]


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except InvalidData as err:
        print(report(err.problems), file=sys.stderr)
        return 1
    except SetupError as err:
        print(f"fel: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as err:  # a bug in the generator, not in the data: say so, briefly
        if os.environ.get("ODS_DEBUG"):
            raise
        print(
            f"internt fel i generatorn: {type(err).__name__}: {err}\n"
            "Det här är ett programfel, inte ett fel i data. Kör med ODS_DEBUG=1 för detaljer.",
            file=sys.stderr,
        )
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator", description="Bygger ÖDS-portalen från YAML-filerna i data/."
    )
    sub = parser.add_subparsers(required=True, metavar="kommando")

    def command(name: str, help: str, run):
        p = sub.add_parser(name, help=help, description=help)
        _folder(p, "--data", Paths.data, "mappen med data (standard: data/)")
        p.set_defaults(run=run)
        return p

    p = command("validate", "kontrollera all data, och att texterna i content/ inte motsäger den", _validate)
    p.add_argument(
        "--content",
        type=Path,
        metavar="mapp",
        default=None,
        help="mappen med texter att jämföra med data (standard: content/, men bara när --data inte är angiven: "
        "texterna hör till data/)",
    )
    p = command("build", "kontrollera data och bygg webbplatsen", _build)
    _folder(p, "--out", Paths.site, "mappen för webbplatsen (standard: site/)")
    _page_folders(p)
    p = command("serve", "förhandsgranska på http://127.0.0.1:8000 och bygg om vid ändringar", _serve)
    p.add_argument("--addr", default="127.0.0.1:8000", help="adress och port (standard: 127.0.0.1:8000)")
    _page_folders(p)
    command("schema", "skriv JSON Schema för datafilerna till schemas/", _schema)
    command("cms", "skriv webbredigerarens inställningar (theme/admin/config.yml) ur datamodellen", _cms)
    p = command("new", "lägg till en ny post från en mall med förklaringar till varje fält", _new)
    p.add_argument(
        "kind",
        metavar="sort",
        choices=list(COMMANDS),
        help=_kinds_help(),
    )
    p.add_argument("id", help="postens id: små bokstäver a–z, siffror och bindestreck, t.ex. fridhemsplan-stadshagen")
    p = command("fmt", "skriv YAML-filerna i data/ i en enhetlig form (kommentarer behålls)", _fmt)
    p.add_argument(
        "--check",
        action="store_true",
        help="ändra inget; visa skillnaderna och avsluta med 1 om någon fil behöver formateras",
    )
    p.add_argument(
        "--comments-from",
        type=Path,
        metavar="mapp",
        help="sätt först tillbaka kommentarer som saknas (filens inledning och rubrikerna över poster) "
        "från samma filer i en annan datamapp, t.ex. main före en ändring i webbredigeraren",
    )
    p.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="fil",
        help="filer eller mappar att formatera (standard: alla datafiler i data/)",
    )
    return parser


def _page_folders(p: argparse.ArgumentParser) -> None:
    """Options shared by the commands that write pages."""
    _folder(p, "--content", Paths.content, "mappen med texter (standard: content/)")
    _folder(p, "--docs", Paths.docs, "mappen där Markdown-sidorna skrivs (standard: build/docs/)")


def _folder(p: argparse.ArgumentParser, flag: str, default: Path, help: str) -> None:
    p.add_argument(flag, type=Path, metavar="mapp", default=default, help=help)


def _validate(args) -> int:
    catalog = check(args.data)
    content = args.content or (Paths.content if args.data == Paths.data else None)
    if content is not None:
        _check_prose(catalog, content)
    print(
        f"Inga fel: {len(catalog.scenes)} platser, {len(catalog.methods)} metoder, "
        f"{len(catalog.examples)} goda exempel, {len(catalog.actors)} aktörer, "
        f"{len(catalog.sources)} källor."
    )
    return 0


def _check_prose(catalog, content: Path) -> None:
    """The pages in content/ against the data, as the build checks them (generator/drift.py). Read here,
    not with pipeline.read_content: the pipeline loads folium, which validate never needs."""
    from .drift import check_prose

    pages = {p.relative_to(content).as_posix(): p.read_bytes() for p in sorted(content.rglob("*.md"))}
    problems = check_prose(catalog, pages)
    if problems:
        raise InvalidData(problems)


def _build(args) -> int:
    # Imported here, not at the top: rendering loads folium, which validate never needs (and build
    # loads MkDocs only once the generator is done).
    from .pipeline import build

    paths = Paths(data=args.data, content=args.content, docs=args.docs, site=args.out)
    started = time.monotonic()
    try:
        build(paths)
    except (SiteBuildError, PdfBuildError) as err:
        print(f"fel: {err}\nDen tidigare webbplatsen i {paths.site} är orörd.", file=sys.stderr)
        return 1
    print(
        f"Klart på {time.monotonic() - started:.1f} s: webbplatsen finns i {paths.site}/. "
        f"Förhandsgranska med: make serve"
    )
    return 0


def _schema(args) -> int:
    from .schema import write_schemas

    for path in write_schemas():
        print(f"skrev {path}")
    return 0


def _cms(args) -> int:
    from .cms import write_config

    print(f"skrev {write_config()}")
    return 0


def _new(args) -> int:
    from .new import NewRecordError, create, next_steps

    try:
        created = create(args.kind, args.id, args.data)
    except NewRecordError as err:
        print(f"fel: {err}", file=sys.stderr)
        return 1
    print(next_steps(created, args.data))
    return 0


def _fmt(args) -> int:
    from .fmt import FormatError, diff, expand, format_file
    from .restore import restore_file

    changed, failed = [], 0
    for path in expand(args.paths, args.data):
        shown = _shown_path(path)
        if args.comments_from and not args.check and restore_file(path, args.comments_from, args.data):
            print(f"{shown}: kommentarerna från {args.comments_from} är tillbaka")
        try:
            before, after = format_file(path, args.data)
        except FormatError as err:
            print(f"{shown}:1:1: fel: {err}", file=sys.stderr)
            failed += 1
            continue
        if before == after:
            continue
        changed.append(shown)
        if args.check:
            sys.stdout.write(diff(before, after, shown))
        else:
            path.write_text(after, encoding="utf-8")
    if args.check and changed:
        print(
            f"\n{len(changed)} fil(er) är inte formaterade: {', '.join(changed)}\n"
            "Rätta med: make fmt  (eller .venv/bin/python -m generator fmt)",
            file=sys.stderr,
        )
        return 1
    if not args.check:
        print(
            f"Formaterade {len(changed)} fil(er)"
            + (f": {', '.join(changed)}" if changed else "; allt var redan i ordning.")
        )
    return 1 if failed else 0


def _shown_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _serve(args) -> int:
    from .pipeline import generate
    from .site import serve

    paths = Paths(data=args.data, content=args.content, docs=args.docs)
    generate(paths)  # the first build must succeed, or there is nothing to show
    saved = threading.Event()
    observer = _watch([paths.data, paths.content, paths.theme], saved)
    threading.Thread(target=_regenerate_on_change, args=(paths, generate, saved), daemon=True).start()
    print(f"Förhandsgranskning på http://{args.addr}/ (avsluta med Ctrl+C)")
    try:
        serve(paths.mkdocs_yml, paths.docs, args.addr)
    finally:
        observer.stop()
    return 0


def _watch(folders: list[Path], saved: threading.Event):
    """Set `saved` when a file in the folders is written, created, moved or removed (watchdog: the
    system's file events, not polling). Reads are not changes: the generator opens every data file."""
    from watchdog.events import FileSystemEvent, FileSystemEventHandler
    from watchdog.observers import Observer

    class OnSave(FileSystemEventHandler):
        def on_any_event(self, event: FileSystemEvent) -> None:
            if not event.is_directory and event.event_type in ("created", "modified", "moved", "deleted", "closed"):
                saved.set()

    observer = Observer()
    for folder in folders:
        observer.schedule(OnSave(), str(folder), recursive=True)
    observer.daemon = True
    observer.start()
    return observer


def _regenerate_on_change(paths: Paths, generate, saved: threading.Event, settle: float = 0.05) -> None:
    """Regenerate build/docs when an editor saves; an invalid edit keeps the last good pages."""
    while True:
        saved.wait()
        time.sleep(settle)  # an editor's save is often several events (write, rename, attributes)
        saved.clear()
        try:
            generate(paths)
            print("Ändring upptäckt: sidorna är uppdaterade.", flush=True)
        except InvalidData as err:
            print(
                report(err.problems).replace("Inget byggdes", "Förhandsvisningen visar senaste fungerande version"),
                file=sys.stderr,
                flush=True,
            )
        except SetupError as err:
            print(f"fel: {err}", file=sys.stderr, flush=True)
        except Exception as err:  # keep serving whatever happens in one regeneration
            print(f"fel: kunde inte bygga om: {err}", file=sys.stderr, flush=True)
