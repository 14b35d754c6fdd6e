"""A collection as an IMS Common Cartridge (``.imscc``), for import into an LMS course.

Visible to the same people as the collection page and its other exports: the owner always,
everyone else only when the collection is shared by link or public.
"""

from __future__ import annotations

from django.http import HttpResponse

from catalog.cartridge.package import CONTENT_TYPE, build_cartridge
from catalog.cartridge.sources import collection_cartridge

from .. import selectors
from . import found


def export_imscc(request, token):
    collection = found(selectors.collection_for_viewer(token, request.user), "collection")
    base_url = request.build_absolute_uri("/")[:-1]
    body = build_cartridge(*collection_cartridge(collection, base_url))
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="collection-{collection.pk}.imscc"'
    return response
