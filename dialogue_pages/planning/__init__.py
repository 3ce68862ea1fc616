"""Running a dialogue from the admin: a new dialogue from an earlier one, its checklist, its report draft."""
