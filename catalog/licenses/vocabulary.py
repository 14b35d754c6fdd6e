"""The licence words every app shows or stores: what a reader may do with a material (its
bucket) and what a state calls "open" (the open definitions). Defined once, here; the rules in
``catalog.licenses.rules`` decide which applies, pages and exports only read the labels."""

from __future__ import annotations

REMIX_AND_SHARE = "remix-and-share"
SHARE_ONLY = "share-only"
READ_ONLY = "read-only"

# Bucket → (badge words, sentence for licence pages).
BUCKET_LABELS = {
    REMIX_AND_SHARE: "You may remix and share",
    SHARE_ONLY: "You may share, not change",
    READ_ONLY: "You may only read",
}
BUCKETS = {
    REMIX_AND_SHARE: "Remix and share: you may copy, share and adapt it (follow its terms)",
    SHARE_ONLY: "Share only: you may copy and share it unchanged, not adapt it",
    READ_ONLY: "Read only: use it as published; ask the owner before copying or adapting",
}

REUSE_ADAPT = "reuse-adapt"
NO_NC = "no-nc"
BY_ONLY = "by-only"

# Open definition → (short label for choices, what it allows).
OPEN_DEFINITION_LABELS = {
    REUSE_ADAPT: "Reuse and adapt (excludes ND and proprietary)",
    NO_NC: "Reuse and adapt, commercial use allowed (excludes NC, ND)",
    BY_ONLY: "CC BY or less restrictive (US Department of Education)",
}
OPEN_DEFINITIONS = {
    REUSE_ADAPT: "allows reuse, redistribution and adaptation (not ND, not all rights reserved)",
    BY_ONLY: "CC BY or more permissive (US Department of Education)",
    NO_NC: "allows reuse, redistribution and adaptation, including commercial use",
}
