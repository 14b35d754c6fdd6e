"""LRMI / schema.org JSON-LD gatherer: a JSON-LD dump (list, ``@graph`` or one node) or HTML
pages that embed ``<script type="application/ld+json">``. URLs: ``base_url`` plus
``config["urls"]`` (each fetched once, however often listed). Nodes over the policy's record
and field limits become per-record errors (``limits``)."""

from __future__ import annotations

import json

import lxml.html

from catalog.http import MalformedResponse, PoliteSession
from harvesters.normalizers.jsonld import local
from harvesters.policy import HarvestPolicy

from . import Checkpoint, Gatherer, register
from .limits import limited_item

LEARNING_TYPES = {"CreativeWork", "LearningResource", "Course", "Book", "WebPage", "VideoObject"}


def nodes_from_document(data: bytes) -> list[dict]:
    text = data.decode("utf-8-sig", "replace").lstrip()
    if text.startswith(("{", "[")):
        blocks = [text]
    else:
        try:
            doc = lxml.html.document_fromstring(data)
        except (lxml.etree.ParserError, ValueError) as exc:
            raise MalformedResponse(f"neither JSON nor HTML: {exc}") from exc
        blocks = [s.text or "" for s in doc.xpath('//script[@type="application/ld+json"]')]
    nodes: list[dict] = []
    for block in blocks:
        try:
            parsed = json.loads(block)
        except ValueError:
            continue
        stack = parsed if isinstance(parsed, list) else [parsed]
        for node in stack:
            if not isinstance(node, dict):
                continue
            if "@graph" in node:
                stack_nodes = node["@graph"] if isinstance(node["@graph"], list) else []
                nodes.extend(n for n in stack_nodes if isinstance(n, dict))
            else:
                nodes.append(node)
    return [n for n in nodes if local(n).get("name")]


@register
class JsonLdGatherer(Gatherer):
    type = "jsonld"
    label = "LRMI / schema.org JSON-LD"
    default_format = "jsonld"
    formats = ("jsonld", "lrmi")
    metadata_format = "jsonld"

    def __init__(
        self, source, checkpoint: dict, *, full: bool, policy: HarvestPolicy, sleep=None, tick=None
    ):
        self.source = source
        self.policy = policy
        kwargs = {"sleep": sleep} if sleep else {}
        self.http = PoliteSession(policy, tick=tick, **kwargs)

    def __iter__(self):
        urls = [self.source.base_url, *self.source.config.get("urls", [])]
        urls = list(dict.fromkeys(u for u in urls if u))
        for n, url in enumerate(urls):
            body = self.http.get(url)
            try:
                if body.status >= 400:
                    raise MalformedResponse(f"HTTP {body.status} from {url}")
                data = body.read()
            finally:
                body.close()
            for node in nodes_from_document(data):
                plain = local(node)
                rid = str(plain.get("@id") or plain.get("url") or "")
                if isinstance(plain.get("url"), dict):
                    rid = str(plain.get("@id") or plain["url"].get("@id") or "")
                if rid:
                    payload = json.dumps(node, sort_keys=True).encode("utf-8")
                    yield limited_item(rid, node, payload, self.policy)
            yield Checkpoint({"documents": n + 1})
        self.complete = True
