"""The normalizers' text helpers on the spellings real records use."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from harvesters.normalizers.text import html_to_text, parse_datetime


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        (
            "<p>Students&nbsp;<b>add</b> fractions</p><p>Grades 3&amp;4</p>",
            "Students add fractions Grades 3&4",
        ),
        ("<b>frac</b>tions", "fractions"),
        ("one<br/>two<li>three</li>", "one two three"),
        ("<!-- note --><script>alert(1)</script><style>p{}</style>kept", "kept"),
        ("5 < 6 and 7 > 3", "5 < 6 and 7 > 3"),
        ("  plain\n\ttext  ", "plain text"),
        ("&lt;b&gt; shown as text", "<b> shown as text"),
        ("", ""),
    ],
)
def test_html_to_text(raw, text):
    assert html_to_text(raw) == text


def test_html_to_text_on_real_descriptions(shared_data):
    import csv

    path = shared_data / "oer-metadata" / "oer-commons"
    rows = []
    for csv_path in sorted(path.glob("*.csv")):
        with csv_path.open(encoding="utf-8") as fh:
            rows += list(csv.DictReader(fh, delimiter=";"))
    with_html = [r["TEACHER_OVERVIEW"] for r in rows if "<" in (r.get("TEACHER_OVERVIEW") or "")]
    assert len(with_html) > 100
    for value in with_html:
        text = html_to_text(value)
        assert "<p" not in text and "</" not in text and "&nbsp;" not in text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2020-01-02", datetime(2020, 1, 2, tzinfo=UTC)),
        ("2020-01-02T03:04:05Z", datetime(2020, 1, 2, 3, 4, 5, tzinfo=UTC)),
        (
            "2020-01-02 03:04:05+0100",
            datetime(2020, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=1))),
        ),
        ("January 5, 2020", datetime(2020, 1, 5, tzinfo=UTC)),
        ("2020-13-45", None),
        ("not a date", None),
        ("", None),
    ],
)
def test_parse_datetime(raw, expected):
    assert parse_datetime(raw) == expected
