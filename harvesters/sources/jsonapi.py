"""JSON API gatherer: offset/limit or next-link paging; the OpenStax CMS API and the PhET
simulations metadata API built in.

Config (``HarvestSource.config``): ``items_key`` (dot path to the item list), ``total_key``,
``next_key`` (dot path to the next page URL, instead of offsets), ``limit_param``,
``offset_param``, ``page_size``, ``params`` (extra query parameters), ``id_key`` and
``single_page`` (the API answers everything at once: one request, no paging parameters). A
``base_url`` that is not http(s) is read as a local file (the command line and the demo
catalog only: the admin form accepts http(s) sources alone), like the CSV source's.

Paging that would never end fails the run with ``ProtocolLoop``: a next-page link seen before
in this run, or (offset paging) a full page with exactly the records of the page before, which
is what a server that ignores the offset parameter answers. Items over the policy's record and
field limits become per-record errors (``limits``).
"""

from __future__ import annotations

import json
from pathlib import Path

from catalog.http import MalformedResponse, PoliteSession
from harvesters.errors import ProtocolLoop
from harvesters.normalizers import openstax, phet
from harvesters.policy import HarvestPolicy

from . import Checkpoint, Gatherer, register
from .limits import limited_item

BUILT_IN = {
    "openstax": {
        "items_key": "items",
        "total_key": "meta.total_count",
        "params": {"type": "books.Book", "fields": "*"},
        "page_size": 50,
    },
    "phet": {
        "items_key": "projects",
        "params": {"format": "json", "type": "html"},
        "single_page": True,
    },
}
# Per mapping: the item's identity, and what an item needs copied in from its page so that its
# stored payload can be normalized on its own.
REMOTE_IDS = {"openstax": openstax.remote_id, "phet": phet.remote_id}
PAGE_CONTEXT = {"phet": phet.with_page_context}


def dig(data, path: str):
    for part in path.split(".") if path else []:
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data


@register
class JsonApiGatherer(Gatherer):
    type = "json-api"
    label = "JSON API"
    default_format = "openstax"
    formats = ("openstax", "phet", "jsonld", "lrmi")

    def __init__(
        self, source, checkpoint: dict, *, full: bool, policy: HarvestPolicy, sleep=None, tick=None
    ):
        self.source = source
        self.metadata_format = source.metadata_format or self.default_format
        self.config = {**BUILT_IN.get(self.metadata_format, {}), **(source.config or {})}
        self.state = dict(checkpoint or {})
        self.policy = policy
        kwargs = {"sleep": sleep} if sleep else {}
        self.http = PoliteSession(policy, tick=tick, **kwargs)

    def _remote_id(self, item: dict) -> str:
        if self.metadata_format in REMOTE_IDS:
            return REMOTE_IDS[self.metadata_format](item)
        return str(dig(item, self.config.get("id_key", "id")) or "")

    def _page(self, url: str, params: dict | None):
        if not url.lower().startswith(("http://", "https://")):
            try:
                return json.loads(Path(url.removeprefix("file://")).read_bytes())
            except ValueError as exc:
                raise MalformedResponse(f"{url}: not JSON ({exc})") from exc
        body = self.http.get(url, params=params)
        try:
            if body.status >= 400:
                raise MalformedResponse(f"HTTP {body.status} from {url}")
            try:
                return json.loads(body.read())
            except ValueError as exc:
                raise MalformedResponse(f"{url}: not JSON ({exc})") from exc
        finally:
            body.close()

    def __iter__(self):
        cfg = self.config
        size = int(cfg.get("page_size", 50))
        offset = int(self.state.get("offset", 0))
        next_url = self.state.get("next")
        seen_links = {next_url} if next_url else set()
        previous_ids: list[str] = []
        while True:
            if cfg.get("next_key") and next_url:
                data = self._page(next_url, None)
            elif cfg.get("single_page"):
                data = self._page(self.source.base_url, cfg.get("params") or None)
            else:
                params = {
                    **cfg.get("params", {}),
                    cfg.get("limit_param", "limit"): size,
                    cfg.get("offset_param", "offset"): offset,
                }
                data = self._page(self.source.base_url, params)
            items = dig(data, cfg.get("items_key", "items")) if isinstance(data, dict) else data
            if not isinstance(items, list):
                raise MalformedResponse("the response has no item list")
            ids = [self._remote_id(i) if isinstance(i, dict) else "" for i in items]
            if not cfg.get("next_key") and ids and ids == previous_ids and len(items) >= size:
                raise ProtocolLoop(
                    f"{self.source.name}: offset {offset} answered the same records as the "
                    "page before; the server ignores the offset parameter"
                )
            previous_ids = ids
            add_context = PAGE_CONTEXT.get(self.metadata_format)
            for rid, item in zip(ids, items, strict=True):
                if rid:
                    item = add_context(item, data) if add_context else item
                    payload = json.dumps(item, sort_keys=True).encode()
                    yield limited_item(rid, item, payload, self.policy)
            offset += len(items)
            total = dig(data, cfg.get("total_key", "")) if cfg.get("total_key") else None
            next_url = dig(data, cfg["next_key"]) if cfg.get("next_key") else None
            if next_url and next_url in seen_links:
                raise ProtocolLoop(
                    f"{self.source.name}: the next-page link {next_url!r} came back again; "
                    "the paging would never end"
                )
            if next_url:
                seen_links.add(next_url)
            yield Checkpoint({"offset": offset, "next": next_url})
            if not items or cfg.get("single_page") or (cfg.get("next_key") and not next_url):
                break
            if not cfg.get("next_key") and (
                (total is not None and offset >= int(total)) or len(items) < size
            ):
                break
        self.complete = True
