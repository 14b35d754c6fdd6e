"""Request parsing: verbs, their arguments, datestamps, resumption tokens, identifiers."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.conf import settings
from django.core import signing

from .errors import BadArgument, BadResumptionToken, BadVerb, IdDoesNotExist

REQUIRED = {
    "Identify": set(),
    "ListMetadataFormats": set(),
    "ListSets": set(),
    "GetRecord": {"identifier", "metadataPrefix"},
    "ListIdentifiers": {"metadataPrefix"},
    "ListRecords": {"metadataPrefix"},
}
OPTIONAL = {
    "Identify": set(),
    "ListMetadataFormats": {"identifier"},
    "ListSets": {"resumptionToken"},
    "GetRecord": set(),
    "ListIdentifiers": {"from", "until", "set", "resumptionToken"},
    "ListRecords": {"from", "until", "set", "resumptionToken"},
}
# The salt keeps the module path the provider was first written under, so that resumption
# tokens handed out before stay valid.
TOKEN_SALT = "catalog.lists.oai.resumption"  # noqa: S105 - a signing namespace, not a secret
# A material id in an identifier: ASCII digits only (str.isdigit() and int() also take "²"
# or "١"), no sign, no leading zero, short enough for a 64-bit primary key.
_MATERIAL_ID = re.compile(r"[1-9][0-9]{0,17}")
# No argument of the protocol holds a control character; XML could not even echo most of them.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def repository_id() -> str:
    return getattr(settings, "OER_OAI_REPOSITORY_ID", "oer-registry")


def material_identifier(pk: int) -> str:
    return f"oai:{repository_id()}:material/{pk}"


def parse_identifier(identifier: str) -> int:
    prefix = f"oai:{repository_id()}:material/"
    tail = identifier[len(prefix) :] if identifier.startswith(prefix) else ""
    if not _MATERIAL_ID.fullmatch(tail):
        raise IdDoesNotExist(f"No item has the identifier {identifier!r}.")
    return int(tail)


@dataclass(frozen=True)
class OAIRequest:
    verb: str
    args: dict
    metadata_prefix: str = ""
    identifier: str = ""
    set_spec: str = ""
    from_: dt.datetime | None = None
    until: dt.datetime | None = None
    cursor: int = 0  # records already sent (resumption)
    after_pk: int = 0  # keyset position (resumption)


def parse_datestamp(value: str, *, end: bool) -> tuple[dt.datetime, str]:
    """A day (``YYYY-MM-DD``) or second (``YYYY-MM-DDThh:mm:ssZ``) datestamp, in UTC; an
    ``until`` day covers the whole day."""
    try:
        if len(value) == 10:
            day = dt.date.fromisoformat(value)
            moment = dt.datetime.combine(day, dt.time.max if end else dt.time.min, dt.UTC)
            return moment, "day"
        if len(value) == 20 and value.endswith("Z") and value[10] == "T":
            moment = dt.datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
            if end:
                moment = moment.replace(microsecond=999999)
            return moment, "second"
    except ValueError:
        pass
    raise BadArgument(f"{value!r} is not a valid datestamp (YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ).")


def token_dumps(request: OAIRequest, cursor: int, after_pk: int) -> str:
    return signing.dumps(
        {
            "v": request.verb,
            "m": request.metadata_prefix,
            "s": request.set_spec,
            "f": request.args.get("from", ""),
            "u": request.args.get("until", ""),
            "c": cursor,
            "k": after_pk,
        },
        salt=TOKEN_SALT,
        compress=True,
    )


def parse(query) -> OAIRequest:
    """Validate a QueryDict (GET or POST) into an OAIRequest; raise the matching OAIError."""
    verbs = query.getlist("verb")
    if len(verbs) != 1 or verbs[0] not in REQUIRED:
        raise BadVerb("Missing, repeated or illegal verb.")
    verb = verbs[0]
    args = {}
    for key in query:
        if key == "verb":
            continue
        values = query.getlist(key)
        if _CONTROL.search(key):
            raise BadArgument(f"The argument name {key!r} contains control characters.")
        if len(values) > 1:
            raise BadArgument(f"The argument {key!r} is repeated.")
        if _CONTROL.search(values[0]):
            raise BadArgument(f"The argument {key!r} contains control characters.")
        args[key] = values[0]
    allowed = REQUIRED[verb] | OPTIONAL[verb]
    illegal = set(args) - allowed
    if illegal:
        raise BadArgument(f"Illegal arguments for {verb}: {', '.join(sorted(illegal))}.")
    if "resumptionToken" in args:
        if len(args) > 1:
            raise BadArgument("resumptionToken is an exclusive argument.")
        return _from_token(verb, args)
    missing = REQUIRED[verb] - set(args)
    if missing:
        raise BadArgument(f"Missing arguments for {verb}: {', '.join(sorted(missing))}.")
    return _build(verb, args)


def _build(verb: str, args: dict, cursor: int = 0, after_pk: int = 0) -> OAIRequest:
    from_ = until = None
    grains = set()
    if args.get("from"):
        from_, grain = parse_datestamp(args["from"], end=False)
        grains.add(grain)
    if args.get("until"):
        until, grain = parse_datestamp(args["until"], end=True)
        grains.add(grain)
    if len(grains) > 1:
        raise BadArgument("from and until must have the same granularity.")
    if from_ and until and from_ > until:
        raise BadArgument("from is later than until.")
    return OAIRequest(
        verb=verb,
        args=args,
        metadata_prefix=args.get("metadataPrefix", ""),
        identifier=args.get("identifier", ""),
        set_spec=args.get("set", ""),
        from_=from_,
        until=until,
        cursor=cursor,
        after_pk=after_pk,
    )


def _from_token(verb: str, args: dict) -> OAIRequest:
    try:
        data = signing.loads(args["resumptionToken"], salt=TOKEN_SALT)
    except signing.BadSignature as exc:
        raise BadResumptionToken("The resumption token is invalid.") from exc
    if data.get("v") != verb:
        raise BadResumptionToken("The resumption token belongs to another verb.")
    rebuilt = {"metadataPrefix": data["m"]} if data["m"] else {}
    for key, short in (("set", "s"), ("from", "f"), ("until", "u")):
        if data[short]:
            rebuilt[key] = data[short]
    return _build(verb, rebuilt, cursor=int(data["c"]), after_pk=int(data["k"]))
