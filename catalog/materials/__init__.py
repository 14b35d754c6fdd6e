"""Materials: openly licensed learning resources, harvested or written here."""
