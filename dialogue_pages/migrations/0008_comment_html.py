"""Comments keep their text rendered as safe HTML, and the thread queries get their indexes.

The comment's fields live in three tables (django-contrib-comments' ``django_comments``,
django-comments-xtd's ``django_comments_xtd_xtdcomment`` and ours), so the indexes the
thread queries need (see ``discussion/threads.py``) are created on those tables directly:
- a page's public comments: ``django_comments (content_type_id, object_pk, is_public,
  is_removed)`` (which also counts the visible ones without reading another table);
- a thread's comments in reading order: ``django_comments_xtd_xtdcomment (thread_id, "order")``.
"""

from django.db import migrations, models

from dialogue_pages.comment_text import render_comment_text

INDEXES = [
    ("dialogue_comments_page_idx", "django_comments", "content_type_id, object_pk, is_public, is_removed"),
    ("dialogue_comments_thread_idx", "django_comments_xtd_xtdcomment", 'thread_id, "order"'),
]


def fill_comment_html(apps, schema_editor):
    DialogueComment = apps.get_model("dialogue_pages", "DialogueComment")
    batch = []
    for comment in DialogueComment.objects.select_related(None).only("pk", "comment").iterator(chunk_size=500):
        comment.comment_html = render_comment_text(comment.comment)
        batch.append(comment)
        if len(batch) == 500:
            DialogueComment.objects.bulk_update(batch, ["comment_html"])
            batch = []
    if batch:
        DialogueComment.objects.bulk_update(batch, ["comment_html"])


class Migration(migrations.Migration):
    dependencies = [
        ("dialogue_pages", "0007_webinar_language_default"),
        ("django_comments", "0004_add_object_pk_is_removed_index"),
        ("django_comments_xtd", "0008_auto_20200920_2037"),
    ]

    operations = [
        migrations.AddField(
            model_name="dialoguecomment",
            name="comment_html",
            field=models.TextField(blank=True, editable=False, verbose_name="comment as HTML"),
        ),
        migrations.RunPython(fill_comment_html, migrations.RunPython.noop),
        *[
            migrations.RunSQL(
                f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns})",
                f"DROP INDEX IF EXISTS {name}",
            )
            for name, table, columns in INDEXES
        ],
    ]
