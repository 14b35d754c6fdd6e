"""Suggested alignments: rank the items of chosen frameworks for a material by meaning
(sentence embeddings of enriched item statements) and by what curators already confirmed
(similar aligned materials), within the material's grades; curators accept or reject.

- ``item_texts``: the candidate items of frameworks and the text embedded for each;
- ``index``: item and material vectors, cached on disk per embedder;
- ``rank``: the pure ranking (numpy only), tuned on the shared ground truth;
- ``services``: suggestions for texts, the review queue, accept / reject / bulk accept.
"""
