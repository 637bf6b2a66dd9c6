"""Site search: Japanese text analysis, backends and the /search/ view."""
