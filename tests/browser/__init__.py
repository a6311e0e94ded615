"""Browser tests of the built site (a package, so this conftest does not shadow tests/conftest.py)."""
