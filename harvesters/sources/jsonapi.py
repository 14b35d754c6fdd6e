"""JSON API gatherer: offset/limit or next-link paging; the OpenStax CMS API built in.

Config (``HarvestSource.config``): ``items_key`` (dot path to the item list), ``total_key``,
``next_key`` (dot path to the next page URL, instead of offsets), ``limit_param``,
``offset_param``, ``page_size``, ``params`` (extra query parameters) and ``id_key``.
"""

from __future__ import annotations

import json

from harvesters.errors import MalformedResponse
from harvesters.http import HttpPolicy, PoliteSession
from harvesters.normalizers import openstax

from . import Checkpoint, Gatherer, RawItem

BUILT_IN = {
    "openstax": {
        "items_key": "items",
        "total_key": "meta.total_count",
        "params": {"type": "books.Book", "fields": "*"},
        "page_size": 50,
    }
}


def dig(data, path: str):
    for part in path.split(".") if path else []:
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data


class JsonApiGatherer(Gatherer):
    def __init__(self, source, checkpoint: dict, *, full: bool, policy: HttpPolicy, sleep=None):
        self.source = source
        self.metadata_format = source.metadata_format or "openstax"
        self.config = {**BUILT_IN.get(self.metadata_format, {}), **(source.config or {})}
        self.state = dict(checkpoint or {})
        kwargs = {"sleep": sleep} if sleep else {}
        self.http = PoliteSession(policy, **kwargs)

    def _remote_id(self, item: dict) -> str:
        if self.metadata_format == "openstax":
            return openstax.remote_id(item)
        return str(dig(item, self.config.get("id_key", "id")) or "")

    def _page(self, url: str, params: dict | None):
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
        while True:
            if cfg.get("next_key") and next_url:
                data = self._page(next_url, None)
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
            for item in items:
                if isinstance(item, dict) and self._remote_id(item):
                    yield RawItem(self._remote_id(item), json.dumps(item, sort_keys=True).encode())
            offset += len(items)
            total = dig(data, cfg.get("total_key", "")) if cfg.get("total_key") else None
            next_url = dig(data, cfg["next_key"]) if cfg.get("next_key") else None
            yield Checkpoint({"offset": offset, "next": next_url})
            if not items or (cfg.get("next_key") and not next_url):
                break
            if not cfg.get("next_key") and (
                (total is not None and offset >= int(total)) or len(items) < size
            ):
                break
        self.complete = True
