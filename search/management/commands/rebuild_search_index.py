"""Create or rebuild the site search's index (Elasticsearch, or the database backend's)."""

import json

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection

from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from search.sources import object_sources


class Command(BaseCommand):
    help = (
        "Create or rebuild the search index of every page, visible comment and transcript. "
        "With Elasticsearch, each index is rebuilt beside the old one and swapped in atomically "
        "(with the site search's fields and English, Spanish and French analysers); the database's "
        "statistics are refreshed afterwards. "
        "--show-mapping prints the Elasticsearch mappings and settings without connecting."
    )

    def add_arguments(self, parser):
        parser.add_argument("--backend", default="default", help="The WAGTAILSEARCH_BACKENDS entry to rebuild.")
        parser.add_argument(
            "--show-mapping", action="store_true", help="Print the index settings and mappings, then stop."
        )

    def handle(self, *args, backend, show_mapping, **options):
        search_backend = get_search_backend(backend)
        if show_mapping:
            self.show_mapping(search_backend)
            return
        call_command("update_index", backend_name=backend, verbosity=options["verbosity"])
        # Fresh table statistics let SQLite drive full-text queries from the FTS index.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(self.style.SUCCESS(f"The “{backend}” search index is up to date."))

    def show_mapping(self, search_backend):
        mapping_class = getattr(search_backend, "mapping_class", None)
        if mapping_class is None:
            self.stderr.write("This search backend has no Elasticsearch mapping (it is a database backend).")
            return
        models = [Page, *(source.model for source in object_sources())]
        indices = {
            search_backend.get_index_for_model(model).name: {
                "settings": search_backend.settings["settings"],
                "mappings": mapping_class(model).get_mapping(),
            }
            for model in models
        }
        self.stdout.write(json.dumps(indices, indent=2, sort_keys=True, default=str))
