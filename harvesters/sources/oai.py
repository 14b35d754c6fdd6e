"""OAI-PMH gatherer: Identify, format check, ListRecords pages with checkpointed tokens.

A list that would never end fails the run with ``ProtocolLoop``: a resumptionToken seen before
in this run, or more than ``max_empty_pages`` pages in a row with no records that still hand
out a token (a few such pages are legitimate: some servers page through filtered-out records).
"""

from __future__ import annotations

import logging

from catalog.http import MalformedResponse
from harvesters.errors import ProtocolLoop
from harvesters.oai.client import OaiClient, at_granularity
from harvesters.oai.errors import BadResumptionToken, NoRecordsMatch
from harvesters.policy import HarvestPolicy

from . import Checkpoint, Gatherer, RawItem, register

MALFORMED_PAGE_RETRIES = 2
log = logging.getLogger(__name__)


@register
class OaiGatherer(Gatherer):
    type = "oai-pmh"
    label = "OAI-PMH"
    default_format = "oai_dc"
    formats = ("oai_dc", "nsdl_dc", "lom", "oai_lom", "ieee_lom")

    def __init__(
        self, source, checkpoint: dict, *, full: bool, policy: HarvestPolicy, sleep=None, tick=None
    ):
        self.source = source
        self.state = dict(checkpoint or {})
        self.full = full
        self.metadata_format = source.metadata_format or self.default_format
        self.max_empty_pages = policy.max_empty_pages
        self.client = OaiClient(source.base_url, policy, sleep=sleep, tick=tick)
        self.identify = None

    def prepare(self) -> None:
        self.identify = self.client.identify()
        self.source.granularity = self.identify.granularity
        self.source.deleted_record = self.identify.deleted_record
        self.deletions_reported = self.identify.deleted_record in ("transient", "persistent")
        self.client.check_format(self.metadata_format)

    def _from(self) -> str:
        if "from" in self.state:
            return self.state["from"]
        if self.full or not self.source.last_response_date:
            return ""
        return at_granularity(self.source.last_response_date, self.identify.granularity)

    def __iter__(self):
        from_ = self._from()
        until = self.state.get("until") or self.source.config.get("until", "")
        token = self.state.get("token")
        self.response_date = self.state.get("response_date", "")
        restarted = False
        pages = self.state.get("pages", 0)
        malformed = 0
        seen_tokens = {token} if token else set()
        empty = 0
        while True:
            try:
                with self.client.list_page(
                    "ListRecords",
                    token=token,
                    metadata_prefix=self.metadata_format,
                    from_=from_,
                    until=until,
                    set_spec=self.source.set_spec,
                ) as (records, info):
                    for rec in records:
                        yield RawItem(
                            rec.identifier, rec.payload, rec.datestamp, rec.deleted, rec.error
                        )
            except MalformedResponse:
                malformed += 1
                if malformed > MALFORMED_PAGE_RETRIES:
                    raise
                continue  # ask for the same page again; records already seen are idempotent
            malformed = 0
            if info.removed_chars:
                log.warning(
                    "%s: removed %d character(s) XML does not allow from list page %d",
                    self.source.name,
                    info.removed_chars,
                    pages + 1,
                )
            if info.errors:
                error = info.errors[0]
                if isinstance(error, NoRecordsMatch):
                    self.response_date = self.response_date or info.response_date
                    break
                if isinstance(error, BadResumptionToken) and token and not restarted:
                    # Expired or unknown token: list again from the checkpointed datestamp
                    # (the repository may hand out the same tokens again).
                    restarted, token = True, None
                    seen_tokens, empty = set(), 0
                    continue
                raise error
            self.response_date = self.response_date or info.response_date
            empty = 0 if info.records else empty + 1
            try:
                self._check_loop(info.token, seen_tokens, empty)
            except ProtocolLoop:
                # Keep this page's records, checkpointed at the token that fetched it.
                yield Checkpoint(self._state(from_, until, token, pages, info))
                raise
            pages += 1
            token = info.token
            if token:
                seen_tokens.add(token)
            yield Checkpoint(self._state(from_, until, token, pages, info))
            if not token:
                break
        self.complete = not from_ and not until and not self.source.set_spec

    def _state(self, from_: str, until: str, token: str | None, pages: int, info) -> dict:
        return {
            "from": from_,
            "until": until,
            "token": token,
            "response_date": self.response_date,
            "pages": pages,
            "complete_list_size": info.complete_list_size,
        }

    def _check_loop(self, token: str | None, seen: set[str], empty: int) -> None:
        if not token:
            return
        if token in seen:
            raise ProtocolLoop(
                f"{self.source.name}: the repository sent the resumptionToken {token!r} again; "
                "the list would never end"
            )
        if empty > self.max_empty_pages:
            raise ProtocolLoop(
                f"{self.source.name}: {empty} list pages in a row with no records but a "
                f"resumptionToken (max_empty_pages is {self.max_empty_pages})"
            )
