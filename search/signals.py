"""Signals the search page sends, for apps above it (kpi counts searches).

``search_made`` is sent once per search made on the search page (a query
typed, the first page of its results). It carries nothing about the query
or the person: receivers may count, never log.
"""

from django.dispatch import Signal

search_made = Signal()
