"""The event log (журнал событий) at the API: the store, the worker's internal endpoints, the dispatch of events to
the projections, and the notice that a command's events have landed."""
