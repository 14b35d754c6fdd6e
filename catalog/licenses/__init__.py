"""The license registry: one record per legal tool, and the rules that read them."""
