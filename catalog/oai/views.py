"""The /oai endpoint: parse → select → write. Every protocol error is an OAIError."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import TooManyFieldsSent
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from catalog.materials.models import Material

from . import records, xml
from .errors import (
    BadArgument,
    CannotDisseminateFormat,
    IdDoesNotExist,
    NoMetadataFormats,
    NoSetHierarchy,
    OAIError,
)
from .protocol import OAIRequest, material_identifier, parse, parse_identifier, token_dumps

PAGE_SIZE_DEFAULT = 100


def page_size() -> int:
    return int(getattr(settings, "OER_OAI_PAGE_SIZE", PAGE_SIZE_DEFAULT))


@csrf_exempt
@require_http_methods(["GET", "POST"])
def oai(request):
    base_url = request.build_absolute_uri(request.path)
    try:
        query = request.POST if request.method == "POST" else request.GET
        req = parse(query)
    except TooManyFieldsSent:
        limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        return _error(base_url, None, BadArgument(f"More than {limit} arguments."))
    except OAIError as err:
        # badVerb / badArgument: the request element carries no attributes.
        return _error(base_url, None, err)
    echo = {"verb": req.verb, **{k: v for k, v in query.items() if k != "verb"}}
    try:
        root = xml.envelope(base_url, echo)
        HANDLERS[req.verb](root, req, base_url)
    except OAIError as err:
        return _error(base_url, echo, err)
    return _response(root)


def _response(root) -> HttpResponse:
    return HttpResponse(xml.to_bytes(root), content_type="text/xml; charset=utf-8")


def _error(base_url: str, echo: dict | None, err: OAIError) -> HttpResponse:
    keep = echo if err.code not in ("badVerb", "badArgument") else None
    root = xml.envelope(base_url, keep)
    xml.sub(root, "error", err.message, code=err.code)
    return _response(root)


def identify(root, req: OAIRequest, base_url: str) -> None:
    el = xml.sub(root, "Identify")
    xml.sub(el, "repositoryName", getattr(settings, "WAGTAIL_SITE_NAME", "OER Registry"))
    xml.sub(el, "baseURL", base_url)
    xml.sub(el, "protocolVersion", "2.0")
    xml.sub(el, "adminEmail", settings.DEFAULT_FROM_EMAIL)
    xml.sub(el, "earliestDatestamp", xml.stamp(records.earliest_datestamp()))
    xml.sub(el, "deletedRecord", "persistent")
    xml.sub(el, "granularity", "YYYY-MM-DDThh:mm:ssZ")


def list_metadata_formats(root, req: OAIRequest, base_url: str) -> None:
    if req.identifier:
        material = _material(req.identifier)
        if material.is_withdrawn:
            raise NoMetadataFormats("The item is deleted: no metadata formats are available.")
    el = xml.sub(root, "ListMetadataFormats")
    for prefix, (schema, namespace) in xml.FORMATS.items():
        fmt = xml.sub(el, "metadataFormat")
        xml.sub(fmt, "metadataPrefix", prefix)
        xml.sub(fmt, "schema", schema)
        xml.sub(fmt, "metadataNamespace", namespace)


def list_sets(root, req: OAIRequest, base_url: str) -> None:
    sets = records.list_sets()
    if not sets:
        raise NoSetHierarchy("No approved list has been published yet.")
    el = xml.sub(root, "ListSets")
    for info in sets.values():
        item = xml.sub(el, "set")
        xml.sub(item, "setSpec", info.spec)
        xml.sub(item, "setName", info.name)
        desc = xml.sub(item, "setDescription")
        dc = xml.etree.SubElement(
            desc, xml.q(xml.OAI_DC_NS, "dc"), nsmap={"oai_dc": xml.OAI_DC_NS, "dc": xml.DC_NS}
        )
        xml.sub(dc, "description", info.description, ns=xml.DC_NS)


def _material(identifier: str) -> Material:
    material = (
        Material.objects.select_related("license").filter(pk=parse_identifier(identifier)).first()
    )
    if material is None:
        raise IdDoesNotExist(f"No item has the identifier {identifier!r}.")
    return material


def _check_format(prefix: str) -> None:
    if prefix not in xml.FORMATS:
        raise CannotDisseminateFormat(f"The format {prefix!r} is not supported.")


def _record(parent, item, prefix: str) -> None:
    identifier = material_identifier(item.material.pk)
    record = xml.sub(parent, "record")
    xml.header(record, identifier, item)
    if item.deleted:
        return
    metadata = xml.sub(record, "metadata")
    if prefix == "oai_dc":
        xml.oai_dc(metadata, item.material)
    else:
        xml.lom(metadata, item.material, identifier)


def get_record(root, req: OAIRequest, base_url: str) -> None:
    _check_format(req.metadata_prefix)
    material = _material(req.identifier)
    el = xml.sub(root, "GetRecord")
    _record(el, records.item_for(material), req.metadata_prefix)


def _list(root, req: OAIRequest, *, with_metadata: bool) -> None:
    _check_format(req.metadata_prefix)
    size = page_size()
    items, total, last_pk = records.select(req, size)
    el = xml.sub(root, req.verb)
    for item in items:
        if with_metadata:
            _record(el, item, req.metadata_prefix)
        else:
            xml.header(el, material_identifier(item.material.pk), item)
    sent = req.cursor + len(items)
    if last_pk is not None:
        xml.sub(
            el,
            "resumptionToken",
            token_dumps(req, sent, last_pk),
            completeListSize=total,
            cursor=req.cursor,
        )
    elif req.cursor:  # the last page of a resumed list: an empty token ends it
        xml.sub(el, "resumptionToken", None, completeListSize=total, cursor=req.cursor)


def list_identifiers(root, req, base_url) -> None:
    _list(root, req, with_metadata=False)


def list_records(root, req, base_url) -> None:
    _list(root, req, with_metadata=True)


HANDLERS = {
    "Identify": identify,
    "ListMetadataFormats": list_metadata_formats,
    "ListSets": list_sets,
    "GetRecord": get_record,
    "ListIdentifiers": list_identifiers,
    "ListRecords": list_records,
}
