"""Counters of what readers do, gathered in the cache and written once a minute.

A page that only reads should not write a row on every request: on
PostgreSQL each ``UPDATE`` makes a new version of the row, waits for the
write-ahead log at commit, and holds a lock that every other request
counting the same thing queues on. ``count(name, write)`` adds one to
``name``'s counter in the cache (Redis in production, shared by the
workers); the first count after each minute calls ``write(gathered)``
with what has gathered. ``decr`` takes away only what was written, so
counts made meanwhile wait for the next write.

What it costs in accuracy: a counter nobody counts again keeps up to a
minute's counts unwritten until ``flush`` (a job that reads the figures
calls it first), and counts made while the cache is down, or lost with
it, are not counted.
"""

from django.core.cache import cache

# A counter is written to the database at most this often (seconds).
WRITTEN_EVERY = 60
# Counts not yet written are kept this long without another count.
KEPT_FOR = 7 * 24 * 60 * 60


def _key(name: str) -> str:
    return f"counter:{name}"


def count(name: str, write, every: int = WRITTEN_EVERY) -> bool:
    """One more of ``name``; returns whether this count wrote what had gathered."""
    counted = _key(name)
    try:
        cache.incr(counted)
    except ValueError:  # the first count since the last was written long ago, or evicted
        if not cache.add(counted, 1, KEPT_FOR):
            cache.incr(counted)  # another worker's first count came in between
    if not cache.add(f"counter-written:{name}", True, every):
        return False
    flush(name, write)
    return True


def flush(name: str, write) -> int:
    """Write what has gathered under ``name`` now, with ``write(gathered)``; returns it."""
    counted = _key(name)
    gathered = cache.get(counted) or 0
    if gathered:
        cache.decr(counted, gathered)
        write(gathered)
    return gathered
