"""Webinars beyond their page model: audience questions, structured data, public views and the question admin.

``audience`` (who sees the join link and may ask the panel), ``forms``, ``structured_data``
(schema.org and Open Graph), ``views`` (questions, captions, calendar files), ``admin_views``
with ``admin_urls``. The players and transcripts the page model itself parses are in
``dialogue_pages.recordings`` and ``dialogue_pages.transcripts``.
"""
