"""A cycle's history from the event log: the timeline in words, and the state as of a past date."""
