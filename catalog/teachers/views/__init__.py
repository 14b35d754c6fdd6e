"""Public teacher pages: thin views that parse input and call one service or selector."""
