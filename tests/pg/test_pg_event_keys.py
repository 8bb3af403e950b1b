"""event_keys (migration 0009) on PostgreSQL: its trigger keeps it in step, and the filters read
from it agree with the plain query (tests/db/test_event_keys.py, collected again here)."""
from __future__ import annotations

from tests.db.test_event_keys import (  # noqa: F401
    test_event_keys_follow_inserts_updates_regroups_and_deletes, test_graph_window_agrees_with_the_list,
    test_matching_equals_the_plain_query, test_merge_and_split_decisions_keep_the_keys,
    test_repeated_members_are_listed_once, test_day_counts_matching_equals_the_counts_of_matching)
