"""Background tasks that keep the search index in step with the content (django-tasks).

In production a worker runs them; in tests (``ImmediateBackend``) they run at once.
"""

from django_tasks import task

from django.apps import apps

from wagtail.search import index

from .cache import bump_version
from .sources import visible_objects


@task()
def sync_objects_in_index(model_label, pks):
    """Index the objects of ``model_label`` that visitors may see, and remove the others.

    An object that was hidden, held for approval or deleted (its primary key no longer
    among the model's ``get_indexed_objects()``) is removed from every search backend.
    """
    model = apps.get_model(model_label)
    pks = [int(pk) for pk in pks]
    visible = visible_objects(model, pks)
    for pk in pks:
        if pk in visible:
            index.insert_or_update_object(visible[pk])
        else:
            index.remove_object(model(pk=pk))
    bump_version()  # answers cached while the index was behind are retired
