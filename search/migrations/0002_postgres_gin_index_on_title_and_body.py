"""PostgreSQL: a GIN index on the words of an entry's title and body together.

Wagtail's PostgreSQL backend matches ``title || body @@ query``; its own GIN indexes are on
``title`` and on ``body`` apart, which that expression cannot use, so every entry of a
model was read and its words compared (issue 16: 40,000 comments for "training"). This
expression index serves the match. Nothing happens on other databases.
"""

from django.db import migrations

INDEX = "site_search_entry_words_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table)
    schema_editor.execute(f'CREATE INDEX IF NOT EXISTS {INDEX} ON {table} USING gin (("title" || "body"))')


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("site_search", "0001_editors_manage_promotions"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create, drop)]
