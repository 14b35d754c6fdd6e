"""The streaming parser against every recorded OAI-PMH file, and hostile documents."""

import csv
import io

import pytest

from catalog.http import MalformedResponse, ResponseTooLarge
from harvesters.oai.parser import PageInfo, iter_records, parse_document


def _index(shared_data):
    with (shared_data / "oai-pmh" / "INDEX.tsv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def test_every_recorded_file_parses_to_the_indexed_counts(shared_data):
    rows = _index(shared_data)
    assert len(rows) > 60
    checked = 0
    for row in rows:
        path = shared_data / "oai-pmh" / row["file"]
        info = PageInfo()
        if row["wellformed"] != "ok":
            with pytest.raises(MalformedResponse), path.open("rb") as fh:
                list(iter_records(fh, info))
            continue
        if row["verbs"] not in ("ListRecords", "ListIdentifiers", "GetRecord", "-"):
            continue
        if b"<OAI-PMH" not in path.read_bytes()[:1000]:
            with pytest.raises(MalformedResponse), path.open("rb") as fh:
                list(iter_records(fh, info))  # pyoai's GetMetadata file: a bare oai_dc:dc
            continue
        with path.open("rb") as fh:
            records = list(iter_records(fh, info))
        assert len(records) == int(row["headers"]), row["file"]
        assert sum(r.deleted for r in records) == int(row["deleted"]), row["file"]
        codes = ",".join(e.code for e in info.errors) or "-"
        assert codes == row["error_codes"], row["file"]
        assert (info.token is not None) == row["resumptionToken"].startswith("nonempty"), row[
            "file"
        ]
        checked += 1
    assert checked >= 40


def test_records_keep_identifier_datestamp_and_verbatim_payload(shared_data):
    path = shared_data / "oai-pmh/pyoai-dspace-eur/fake2/00002.xml"
    info = PageInfo()
    with path.open("rb") as fh:
        records = list(iter_records(fh, info))
    assert len(records) == 81 and info.response_date
    first = records[0]
    assert first.identifier.startswith("hdl:1765/") and first.datestamp
    assert b"<dc:title>" in first.payload


LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><ListRecords><record><header>
<identifier>&lol3;</identifier><datestamp>2020-01-01</datestamp></header></record>
</ListRecords></OAI-PMH>"""

EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>&secret;</responseDate>
</OAI-PMH>"""


@pytest.mark.parametrize("document", [LAUGHS, EXTERNAL])
def test_doctype_and_entities_are_refused(document):
    with pytest.raises(MalformedResponse):
        list(iter_records(io.BytesIO(document), PageInfo()))
    with pytest.raises(MalformedResponse):
        parse_document(document)


def _page(texts) -> bytes:
    records = "".join(
        f"<record><header><identifier>id:{n}</identifier><datestamp>2020-01-01</datestamp>"
        f"</header><metadata><d>{text}</d></metadata></record>"
        for n, text in enumerate(texts)
    )
    return (
        '<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2020-01-02T00:00:00Z'
        f"</responseDate><ListRecords>{records}<resumptionToken>next</resumptionToken>"
        "</ListRecords></OAI-PMH>"
    ).encode()


def test_a_page_over_10_mb_is_read_to_its_end():
    doc = _page(["x" * (4 * 1024 * 1024)] * 3)  # 12 MB: over libxml2's 10 MB default
    info = PageInfo()
    out = list(iter_records(io.BytesIO(doc), info))
    assert [r.identifier for r in out] == ["id:0", "id:1", "id:2"]
    assert info.token == "next" and not any(r.error for r in out)


def test_a_record_over_the_limit_is_refused_and_the_page_goes_on():
    doc = _page(["small", "x" * 300_000, "small"])
    info = PageInfo()
    out = list(iter_records(io.BytesIO(doc), info, max_record_bytes=100_000))
    assert [r.identifier for r in out] == ["id:0", "id:1", "id:2"]
    assert [bool(r.error) for r in out] == [False, True, False]
    assert "too large" in out[1].error and out[1].payload == b"" and out[0].payload
    assert info.token == "next" and info.records == 3


def test_a_field_over_its_limit_is_refused():
    doc = _page(["small", "é" * 60_000])
    out = list(iter_records(io.BytesIO(doc), PageInfo(), max_field_bytes=100_000))
    assert not out[0].error and "<d> too large: 120000 bytes" in out[1].error


def test_a_text_node_over_10_mb_fails_the_page_as_too_large_not_silently():
    doc = _page(["small", "x" * (11 * 1024 * 1024), "small"])
    with pytest.raises(ResponseTooLarge, match="id:1"):
        list(iter_records(io.BytesIO(doc), PageInfo(), max_record_bytes=2 * 1024 * 1024))


def test_a_record_that_keeps_growing_is_cut_off_while_it_streams():
    doc = _page(["small", "<e>x</e>" * 200_000, "small"])  # 1.6 MB of small elements
    with pytest.raises(ResponseTooLarge, match="id:1.*still open"):
        list(iter_records(io.BytesIO(doc), PageInfo(), max_record_bytes=100_000))


def test_a_truncated_page_fails_loudly(shared_data):
    data = (shared_data / "oai-pmh/pyoai-dspace-eur/fake2/00002.xml").read_bytes()
    with pytest.raises(MalformedResponse):
        list(iter_records(io.BytesIO(data[: len(data) // 2]), PageInfo()))


def _with_forbidden_characters(data: bytes) -> bytes:
    """The real page with what word processors leave in repositories' descriptions: a form
    feed, a vertical tab, an escape, and references to such characters."""
    return data.replace(b"</dc:title>", b"\x0c\x0b&#11;&#x1B;\x1b</dc:title>")


def test_characters_xml_forbids_are_removed_not_fatal(shared_data):
    data = (shared_data / "oai-pmh/pyoai-dspace-eur/fake2/00002.xml").read_bytes()
    dirty = _with_forbidden_characters(data)
    assert dirty != data
    expected = list(iter_records(io.BytesIO(data), PageInfo()))
    info = PageInfo()
    records = list(iter_records(io.BytesIO(dirty), info))
    assert [r.identifier for r in records] == [r.identifier for r in expected]
    assert [r.payload for r in records] == [r.payload for r in expected]
    assert info.removed_chars == 5 * dirty.count(b"\x0c\x0b&#11;")
    assert info.token == (list(iter_records(io.BytesIO(data), check := PageInfo())) and check.token)


class _Trickle(io.BytesIO):
    """Hands out a few bytes per read, so references are split across reads."""

    def read(self, size=-1):
        return super().read(min(size, 7) if size and size > 0 else 7)


def test_references_split_across_reads_are_still_removed(shared_data):
    data = (shared_data / "oai-pmh/pyoai-dspace-eur/fake2/00002.xml").read_bytes()
    dirty = _with_forbidden_characters(data)
    expected = list(iter_records(io.BytesIO(data), PageInfo()))
    info = PageInfo()
    records = list(iter_records(_Trickle(dirty), info))
    assert [r.payload for r in records] == [r.payload for r in expected]
    assert info.removed_chars == 5 * dirty.count(b"\x0c\x0b&#11;")


def test_allowed_references_and_whitespace_are_kept():
    from harvesters.oai.xmlchars import clean

    text = b"a&#9;b&#10;c&#13;d&#x20;e&#32;f&amp;\tg\n&#x1F600;"
    assert clean(text) == (text, 0)
    assert clean(b"&#0;&#8;&#12;&#14;&#31;&#x0;&#xb;&#x1f;ok") == (b"ok", 8)


def test_a_payload_does_not_depend_on_how_the_page_was_read(shared_data):
    """The same record gives the same bytes (and sha256) whatever the read boundaries, so an
    unchanged record is recognised as unchanged on the next harvest."""
    data = (shared_data / "oai-pmh/pyoai-dspace-eur/fake2/00002.xml").read_bytes()
    whole = list(iter_records(io.BytesIO(data), PageInfo()))
    trickled = list(iter_records(_Trickle(data), PageInfo()))
    assert [r.payload for r in trickled] == [r.payload for r in whole]
    assert all(r.payload.endswith(b"</record>") for r in whole)
