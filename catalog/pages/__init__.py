"""Public pages: the home page and the page that serves materials."""
