"""PostgreSQL: each entry's words beside its facts, so the newest matches of a type are read from one table.

The search counts and ranks the newest matches of pages, and of each other type (comments),
among those visitors may see. Read through the index entries, that meant joining every
entry in id order and concatenating its title and body word lists to test each (about 30 ms
for a two-word query at 100,000 comments), and parsing its text again for a quoted phrase
(seconds). With the words copied to :class:`IndexedFacts` (stemmed, with their positions;
and each word and pair of adjacent words as written, ``search.analysis.exact_terms``):

* GIN indexes on them serve rare words and phrases;
* a partial index on the live pages' entries, newest first, serves the page matches, and
  the primary key the other types (most entries are comments).

Nothing happens on other databases: SQLite's FTS5 table already serves both.
"""

import django.contrib.postgres.search
from django.db import migrations

WORDS_INDEX = "site_search_facts_words_gin"
EXACT_INDEX = "site_search_facts_exact_gin"
PAGES_INDEX = "site_search_facts_live_pages"


def create(apps, schema_editor):
    """The indexes, and the words of the entries indexed already (``search.facts.copy_words``).

    That reads the current code: if a later change made it fail here, the words are left empty
    and this says to run ``manage.py update_index`` (which writes them) once migrations are done.
    """
    if schema_editor.connection.vendor != "postgresql":
        return
    import logging

    from django.db import DatabaseError, transaction

    from search.facts import copy_words

    facts = schema_editor.quote_name(apps.get_model("site_search", "IndexedFacts")._meta.db_table)
    ids = list(apps.get_model("site_search", "IndexedFacts").objects.values_list("pk", flat=True))
    try:  # before the indexes are made: GIN indexes build faster than they take rows one by one
        with transaction.atomic():
            copy_words(ids)
    except DatabaseError as error:
        logging.getLogger(__name__).warning(
            "Search words not copied (%s); run `manage.py update_index` after migrating.", error
        )
    schema_editor.execute(f'CREATE INDEX IF NOT EXISTS {WORDS_INDEX} ON {facts} USING gin ("words")')
    schema_editor.execute(f'CREATE INDEX IF NOT EXISTS {EXACT_INDEX} ON {facts} USING gin ("exact_words")')
    schema_editor.execute(
        f'CREATE INDEX IF NOT EXISTS {PAGES_INDEX} ON {facts} ("entry_id") WHERE "is_page" AND "live"'
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {WORDS_INDEX}")
        schema_editor.execute(f"DROP INDEX IF EXISTS {EXACT_INDEX}")
        schema_editor.execute(f"DROP INDEX IF EXISTS {PAGES_INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("site_search", "0003_indexed_facts"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [
        migrations.AddField(
            model_name="indexedfacts",
            name="words",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="indexedfacts",
            name="exact_words",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(create, drop),
    ]
