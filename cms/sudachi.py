"""One SudachiPy tokenizer per process, shared by search and furigana.

Loading the dictionary takes a moment and tens of megabytes, so it is done once,
on first use.
"""

from functools import lru_cache


@lru_cache(maxsize=1)
def dictionary():
    from sudachipy import Dictionary

    return Dictionary(dict="core")


def tokenizer():
    """A new tokenizer on the shared dictionary (tokenizers are not thread-safe)."""
    return dictionary().tokenizer()
