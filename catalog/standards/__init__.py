"""Academic standards frameworks, items, associations and material alignments."""
