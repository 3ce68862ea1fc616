"""Background tasks that keep the search index in step with the content (django-tasks).

In production a worker runs them; in tests (``ImmediateBackend``) they run at once.
"""

import logging

from django_tasks import task

from django.apps import apps

from wagtail.search import index
from wagtail.search.backends import get_search_backends_with_name

from .cache import bump_version
from .sources import visible_objects

logger = logging.getLogger(__name__)


@task()
def sync_objects_in_index(model_label, pks):
    """Index the objects of ``model_label`` that visitors may see, and remove the others.

    An object that was hidden, held for approval or deleted (its primary key no longer
    among the model's ``get_indexed_objects()``) is removed from every search backend.
    The visible ones are written in one batch per backend (``add_bulk``, as ``update_index``
    writes): a page published again re-indexes every comment on it, and the database
    backends' write of each object re-reads the length of every title in the index (about
    0.1 s at 100,000 entries).
    """
    model = apps.get_model(model_label)
    pks = list(dict.fromkeys(int(pk) for pk in pks))  # once each: one batch may not write an object twice
    visible = visible_objects(model, pks)
    shown = [visible[pk].get_indexed_instance() for pk in pks if pk in visible]
    shown = [obj for obj in shown if obj is not None]
    if shown:
        for name, backend in get_search_backends_with_name(with_auto_update=True):
            try:
                backend.add_bulk(model, shown)
            except Exception:
                # As Wagtail's own index updates do: an external engine (Elasticsearch) being down
                # is logged, not raised; a database backend's error is raised (the transaction is broken).
                logger.exception("Could not index %s %s in the '%s' search backend", model_label, pks, name)
                if not backend.catch_indexing_errors:
                    raise
    for pk in pks:
        if pk not in visible:
            index.remove_object(model(pk=pk))
    bump_version()  # answers cached while the index was behind are retired
