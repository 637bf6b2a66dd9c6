"""Machine translation of pages (issue 6).

``translators.py``: the translator interface, the deterministic built-in one
and the DeepL / Google / LibreTranslate adapters (MACHINE_TRANSLATOR); DeepL
and LibreTranslate run wagtail-localize's own machine translators.
``services.py``: translate a Japanese page into a locale with wagtail-localize.
``tasks.py``: the Celery job run when a Japanese page is published.
``models.py``: the secretariat's per-language setting and the flag that marks a
page as machine-translated (the page then says so).
"""
