"""OAI-PMH error codes (section 3.6 of the protocol), one exception class each."""

from __future__ import annotations

from harvesters.errors import HarvestError


class OaiError(HarvestError):
    code = "oaiError"

    def __init__(self, message: str = "", code: str | None = None):
        super().__init__(f"{code or self.code}: {message}".rstrip(": "))
        self.text = message
        if code:
            self.code = code


class BadArgument(OaiError):
    code = "badArgument"


class BadResumptionToken(OaiError):
    code = "badResumptionToken"


class BadVerb(OaiError):
    code = "badVerb"


class CannotDisseminateFormat(OaiError):
    code = "cannotDisseminateFormat"


class IdDoesNotExist(OaiError):
    code = "idDoesNotExist"


class NoMetadataFormats(OaiError):
    code = "noMetadataFormats"


class NoRecordsMatch(OaiError):
    code = "noRecordsMatch"


class NoSetHierarchy(OaiError):
    code = "noSetHierarchy"


ERRORS: dict[str, type[OaiError]] = {
    cls.code: cls
    for cls in (
        BadArgument,
        BadResumptionToken,
        BadVerb,
        CannotDisseminateFormat,
        IdDoesNotExist,
        NoMetadataFormats,
        NoRecordsMatch,
        NoSetHierarchy,
    )
}


def oai_error(code: str, message: str) -> OaiError:
    cls = ERRORS.get(code)
    return cls(message) if cls else OaiError(message, code=code or "unknownError")
