"""Deep Linking 2.0 responses: the content items a teacher picked, signed for the platform.

Each item carries the title, a text (the description, then the TASL attribution) and where it
opens: an ``ltiResourceLink`` back to our launch URL with the target in a custom parameter, or
a plain ``link`` to the registry's page. pylti1p3 signs the JWT with the active key; its
resource class has no ``text``, so ours adds it.
"""

from __future__ import annotations

from urllib.parse import urlencode

from pylti1p3.deep_link_resource import DeepLinkResource

from .targets import Target

LTI_RESOURCE_LINK = "ltiResourceLink"
LINK = "link"
TEXT_LIMIT = 1000


class ContentItem(DeepLinkResource):
    _text = ""

    def set_text(self, value: str) -> ContentItem:
        self._text = value
        return self

    def to_dict(self) -> dict:
        data = super().to_dict()
        if self._text:
            data["text"] = self._text
        if self._type == LINK:
            data.pop("custom", None)
        return data


def item_text(target: Target) -> str:
    description = " ".join((target.description or "").split())
    if len(description) > TEXT_LIMIT:
        description = description[: TEXT_LIMIT - 1].rstrip() + "…"
    return "\n\n".join(part for part in (description, target.attribution) if part)


def content_item(target: Target, kind: str, base_url: str) -> ContentItem:
    """One content item for ``target``; ``base_url`` is the site's absolute root."""
    item = ContentItem().set_type(kind).set_title(target.title[:255]).set_text(item_text(target))
    if kind == LTI_RESOURCE_LINK:
        query = urlencode({"target": target.ref})
        item.set_url(f"{base_url}/lti/launch/?{query}").set_custom_params({"target": target.ref})
    else:
        item.set_url(f"{base_url}{target.page_url}")
    return item


def response_jwt(launch, items: list[ContentItem]) -> tuple[str, str]:
    """(signed JWT, the platform's return URL) for a validated or restored deep-linking
    launch."""
    deep_link = launch.get_deep_link()
    settings = launch.get_launch_data()[
        "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"
    ]
    return deep_link.get_response_jwt(items), settings["deep_link_return_url"]
