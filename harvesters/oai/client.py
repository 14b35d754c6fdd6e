"""OAI-PMH 2.0 client: Identify, ListMetadataFormats and streamed ListRecords pages.

Every request goes through ``PoliteSession`` (timeout, retries with backoff, Retry-After,
User-Agent, gzip, a whole-response deadline, the caller's ``tick``). A page is spooled to a
temporary file, then parsed record by record under the policy's record and field limits.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from catalog.http import Body, PoliteSession, TransportError
from harvesters.policy import HarvestPolicy

from .errors import CannotDisseminateFormat
from .parser import OAI_NS, PageInfo, iter_records, parse_document, raise_errors

DAY = "YYYY-MM-DD"
SECONDS = "YYYY-MM-DDThh:mm:ssZ"


@dataclass(frozen=True)
class Identify:
    repository_name: str
    base_url: str
    granularity: str
    earliest_datestamp: str
    deleted_record: str  # no / transient / persistent
    response_date: str


def at_granularity(stamp: str, granularity: str) -> str:
    """A UTC datestamp cut to the repository's granularity (``from``/``until`` arguments)."""
    if not stamp:
        return ""
    if granularity == DAY or "T" not in stamp:
        return stamp[:10]
    value = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


class OaiClient:
    def __init__(
        self, base_url: str, policy: HarvestPolicy | None = None, *, sleep=None, tick=None
    ):
        self.base_url = base_url
        kwargs = {"sleep": sleep} if sleep else {}
        self.http = PoliteSession(policy or HarvestPolicy(), tick=tick, **kwargs)

    def _get(self, params: dict) -> Body:
        body = self.http.get(self.base_url, params=params)
        if body.status >= 400 and b"<error" not in body.read()[:4096]:
            body.close()
            raise TransportError(
                f"HTTP {body.status} from {self.base_url} {params}", status=body.status
            )
        return body

    def _document(self, params: dict):
        body = self._get(params)
        try:
            root = parse_document(body.read())
        finally:
            body.close()
        raise_errors(root)
        return root

    def identify(self) -> Identify:
        root = self._document({"verb": "Identify"})
        ns = {"o": OAI_NS}

        def text(path: str) -> str:
            return (root.findtext(path, namespaces=ns) or "").strip()

        return Identify(
            repository_name=text("o:Identify/o:repositoryName"),
            base_url=text("o:Identify/o:baseURL"),
            granularity=text("o:Identify/o:granularity") or SECONDS,
            earliest_datestamp=text("o:Identify/o:earliestDatestamp"),
            deleted_record=text("o:Identify/o:deletedRecord") or "no",
            response_date=text("o:responseDate"),
        )

    def metadata_formats(self) -> list[str]:
        root = self._document({"verb": "ListMetadataFormats"})
        return [(e.text or "").strip() for e in root.iter(f"{{{OAI_NS}}}metadataPrefix") if e.text]

    def check_format(self, prefix: str) -> None:
        formats = self.metadata_formats()
        if prefix not in formats:
            raise CannotDisseminateFormat(
                f"{prefix!r} is not offered; the repository has {', '.join(formats) or 'none'}"
            )

    @contextmanager
    def list_page(
        self,
        verb: str = "ListRecords",
        *,
        token: str | None = None,
        metadata_prefix: str = "oai_dc",
        from_: str = "",
        until: str = "",
        set_spec: str = "",
    ) -> Iterator[tuple[Iterator, PageInfo]]:
        """One list page: ``(records iterator, info)``. ``info`` (token, responseDate, errors)
        is complete once the iterator is exhausted; OAI errors are in ``info.errors``."""
        if token:
            params = {"verb": verb, "resumptionToken": token}
        else:
            params = {"verb": verb, "metadataPrefix": metadata_prefix}
            if from_:
                params["from"] = from_
            if until:
                params["until"] = until
            if set_spec:
                params["set"] = set_spec
        body = self._get(params)
        info = PageInfo()
        try:
            body.file.seek(0)
            policy = self.http.policy
            records = iter_records(
                body.file,
                info,
                max_record_bytes=policy.max_record_bytes,
                max_field_bytes=policy.max_field_bytes,
            )
            yield records, info
        finally:
            body.close()
