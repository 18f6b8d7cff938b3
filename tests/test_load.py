import time
from pathlib import Path

import pytest
import yaml

from generator import load
from generator.load import MAX_DEPTH, load_file


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_marks_point_at_values_and_keys(tmp_path):
    doc, problems = load_file(write(tmp_path, "- id: a\n  name: Ett namn\n"), "data/x.yaml", "x")
    assert problems == []
    assert doc.value == [{"id": "a", "name": "Ett namn"}]
    assert doc.where((0, "name")) == (2, 9)
    assert doc.where((0, "name"), key=True) == (2, 3)
    assert doc.where((0, "missing")) == (1, 3)  # falls back to the record


def test_duplicate_keys_are_errors_not_last_one_wins(tmp_path):
    doc, problems = load_file(write(tmp_path, "- id: a\n  id: b\n"), "data/x.yaml", "x")
    assert doc.value == [{"id": "a"}]
    assert [str(p) for p in problems] == [
        'data/x.yaml:2:3: fel: x[0].id: fältet "id" finns redan på rad 1; ta bort den ena'
    ]


def test_syntax_error_has_line_and_swedish_text(tmp_path):
    doc, problems = load_file(write(tmp_path, "- id: a\n  name: [oavslutad\n"), "data/x.yaml")
    assert doc is None
    assert problems[0].line == 3 and "YAML-syntaxfel" in problems[0].message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("-id: a\n  name: b\n", "YAML-syntaxfel: kolon (:) på fel ställe; sätt texten inom citattecken"),
        ("- id: a\n  sources: [x\n  name: b\n", "YAML-syntaxfel: listan inom [ ] tar inte slut; saknas ett ]"),
        ("- {id: a, name: b\n- id: c\n", "YAML-syntaxfel: mappningen inom { } tar inte slut; saknas ett }"),
    ],
)
def test_libyaml_syntax_errors_in_swedish(text, message, tmp_path):
    doc, problems = load_file(write(tmp_path, text), "data/x.yaml")
    assert doc is None and len(problems) == 1
    assert problems[0].message.startswith(message), problems[0].message


def test_empty_and_comment_only_files(tmp_path):
    for text in ("", "   \n", "# bara en kommentar\n"):
        doc, problems = load_file(write(tmp_path, text), "data/x.yaml")
        assert doc is None and "tom" in problems[0].message


def test_impossible_date_stays_text_for_the_schema_to_report(tmp_path):
    doc, problems = load_file(write(tmp_path, "d: 2023-02-30\n"), "data/x.yaml")
    assert problems == [] and doc.value == {"d": "2023-02-30"}


def test_uses_libyaml_when_available():
    import yaml

    from generator import load

    assert issubclass(load.Loader, getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@pytest.mark.parametrize(
    "text",
    [
        "1.5",
        "-18.06",
        "0.000001",
        "12",
        "-3",
        "0",
        "007",
        "0x1f",
        "1_000",
        "1e5",
        "1.5e+3",
        ".5",
        "+2.5",
        "1:30",
        "yes",
        "no",
        "~",
        "null",
        "2024-02-20",
        "'1.5'",
        '"12"',
        "text 1.5",
        ".inf",
        "-.inf",
        "1.",
        "190:20:30.15",
    ],
)
def test_fast_scalars_read_as_pyyaml_reads_them(text, tmp_path):
    """The loader's shortcut for plain numbers must give what PyYAML's safe loader gives, value and type."""
    from generator import load

    path = tmp_path / "x.yaml"
    path.write_text(f"- v: {text}\n", encoding="utf-8")
    doc, problems = load.load_file(path, "x.yaml")
    want = yaml.safe_load(f"v: {text}")["v"]
    assert not problems and doc is not None
    assert doc.value[0]["v"] == want and type(doc.value[0]["v"]) is type(want)


@pytest.mark.parametrize(
    ("text", "value", "messages"),
    [
        ("- id: a\n  x: *nope\n", [{"id": "a", "x": None}], ["alias stöds inte: *nope; skriv ut värdet här"]),
        ("- id: a\n---\n- id: b\n", None, ["YAML-syntaxfel: filen har fler än ett dokument"]),
        (
            "- id: &A a\n  x: *A\n  y: {<<: {q: 1}, z: [1, {w: 2}]}\n  y: [3, 4]\n  k: 5\n",
            [{"id": "a", "x": None, "y": {"z": [1, {"w": 2}]}, "k": 5}],
            [
                "alias stöds inte: *A upprepar värdet vid &A på rad 1; skriv ut värdet här i stället",
                "sammanslagning med << stöds inte",
                'fältet "y" finns redan på rad 3',
            ],
        ),
    ],
)
def test_aliases_merges_duplicates_and_second_documents(text, value, messages, tmp_path):
    """An alias is refused (it reads as nothing, and the schema says nothing more about it), a merge
    key and a second value for a key are reported (the values after them still read), a second
    document is a syntax error in Swedish. An anchor alone does no harm and is not an error."""
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    doc, problems = load_file(path, "x.yaml", "scenes")
    assert (doc.value if doc else None) == value
    assert len(problems) == len(messages)
    for problem, start in zip(sorted(problems), messages, strict=True):
        assert problem.message.startswith(start), problem.message


def test_alias_bomb_is_refused_at_once_one_problem_per_line(tmp_path):
    """Nine levels of nine aliases would be 9**9 values if each alias were a copy of its anchor."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"{n}: &{n} [{','.join([f'*{p}'] * 9)}]" for p, n in zip("abcdefgh", "bcdefghi", strict=True)]
    path = write(tmp_path, "\n".join(lines) + "\n")
    started = time.perf_counter()
    doc, problems = load_file(path, "data/x.yaml")
    assert time.perf_counter() - started < 2
    assert doc is not None and doc.value["i"] == [None] * 9
    assert [(p.line, p.col) for p in sorted(problems)] == [(n, 8) for n in range(2, 10)]
    assert str(sorted(problems)[0]) == (
        "data/x.yaml:2:8: fel: b[0]: alias stöds inte: *a upprepar värdet vid &a på rad 1, "
        "och raden har 8 alias till; skriv ut värdena här i stället"
    )


def test_alias_as_a_field_name_is_refused_with_its_value(tmp_path):
    doc, problems = load_file(write(tmp_path, "- id: &k a\n  *k : b\n  name: c\n"), "data/x.yaml", "x")
    assert doc is not None and doc.value == [{"id": "a", "name": "c"}]
    assert [(p.line, p.col, p.field) for p in problems] == [(2, 3, "x[0]")]
    assert doc.is_refused((0,)) and doc.is_refused((0, "name"))


@pytest.mark.parametrize("bracket", ["[", "{a: "])
def test_deep_nesting_is_one_problem_where_it_gets_too_deep(bracket, tmp_path):
    """libyaml's parser takes 100,000 levels in its stride; building values from them is recursive."""
    path = write(tmp_path, "- id: a\n  deep: " + bracket * 100_000 + "\n")
    started = time.perf_counter()
    doc, problems = load_file(path, "data/x.yaml", "x")
    assert time.perf_counter() - started < 2
    assert doc is None
    col = 9 + len(bracket) * (MAX_DEPTH - 2)  # the file's list and the record are two levels
    assert [str(p) for p in problems] == [
        f"data/x.yaml:2:{col}: fel: mer än 50 nivåer av listor och mappningar inuti varandra; så djupt går "
        "ingen post. Kontrollera hakparenteserna [ ] och klammerparenteserna { }"
    ]


def test_nesting_up_to_the_limit_reads(tmp_path):
    doc, problems = load_file(write(tmp_path, "[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n"), "data/x.yaml")
    assert problems == [] and doc is not None
    deeper = MAX_DEPTH + 1
    doc, problems = load_file(write(tmp_path, "[" * deeper + "]" * deeper + "\n"), "data/x.yaml")
    assert doc is None and [(p.line, p.col) for p in problems] == [(1, deeper)]


def test_a_file_too_large_is_not_read(tmp_path, monkeypatch):
    monkeypatch.setattr(load, "MAX_BYTES", 10)
    doc, problems = load_file(write(tmp_path, "- id: a\n  name: Ett namn\n"), "data/x.yaml")
    assert doc is None
    assert [p.message for p in problems] == [
        "filen är för stor, 0 MB; en datafil får vara högst 0 MB. Kontrollera att det är rätt fil"
    ]


def test_without_marks_only_where_each_record_starts_is_kept(tmp_path):
    """check() reads valid data this way (the marks of every value were most of a large build's
    memory); the start of each record is still known, for its edit link."""
    path = tmp_path / "x.yaml"
    path.write_text("- id: a\n  years:\n    - {year: 2021, pos: [18.0, 59.3]}\n- id: b\n", encoding="utf-8")
    lean, _ = load_file(path, "x.yaml", "scenes", marks=False)
    full, _ = load_file(path, "x.yaml", "scenes")
    assert lean is not None and full is not None and lean.value == full.value
    assert set(lean.marks) == {(), (0,), (1,)} and not lean.key_marks
    assert lean.where((1,)) == full.where((1,)) == (4, 3)
    assert (0, "years", 0, "pos") in full.marks and (0, "years", 0, "pos", 0) not in full.marks
