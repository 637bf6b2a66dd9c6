"""Columns for the summaries load_demo prints: Japanese characters take two cells."""

import unicodedata


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def pad(text: str, cells: int) -> str:
    return text + " " * max(0, cells - width(text))
