"""Search engines: the database backend by default, Elasticsearch when it is Wagtail's backend.

Both take a parsed query, the visitor's filters and locale, and answer with a
:class:`~search.engines.base.Outcome`: the total, the facet counts and the ranked hits.
"""

from wagtail.search.backends import get_search_backend


def get_engine():
    """The engine matching Wagtail's default search backend."""
    backend = get_search_backend()
    if getattr(backend, "supports_site_search_dsl", False):
        from .elasticsearch import ElasticsearchEngine

        return ElasticsearchEngine(backend)
    from .database import DatabaseEngine

    return DatabaseEngine()
