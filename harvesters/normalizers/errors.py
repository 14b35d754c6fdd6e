"""The one error a normalizer raises: this payload cannot become a material."""


class NormalizeError(ValueError):
    pass
