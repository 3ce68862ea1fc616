"""Emails to members: their choices, one-click unsubscribe, staff announcements and the
scheduled reminders and digests. A reusable app: it builds on ``members`` and
``dialogue_pages`` and is imported by neither."""
