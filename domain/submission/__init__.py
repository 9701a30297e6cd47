"""Obligations fulfilled by a submission (представление): the annual package and other documents to approve
(утверждение), periodic reports, meetings held with evidence, registries sent. Something is submitted — files
and, where the obligation asks, structured content — goes through the review chain (agree steps, then an
approve step) and is accepted, or returned for revision (возврат на доработку) and resubmitted. An empty chain
means the submission itself fulfils the obligation. The submitter may ask for more time (продление срока); the
reviewer grants a new date or refuses, and the original date stays on record.

The package holds no names of its own; import from the module that holds them:

- ``domain.submission.events``: the statuses of a submission and their Russian words (``STATUS_RU``), and the
  recorded facts (``DocumentsSubmitted``, ``SubmissionApproved``, ``ExtensionGranted`` …);
- ``domain.submission.model``: the commands (``SubmitDocuments``, ``DecideSubmission``, ``RequestExtension``,
  ``DecideExtension``) and the state (``SubmissionState``, ``initial_state``);
- ``domain.submission.machine``: the pure state machine — ``decide(state, obligation, command, context) ->
  events`` refuses an illegal step with a ``DomainError``; ``evolve(state, event) -> state`` applies a recorded
  fact — and the queries on a state (``next_escalation``, ``next_actor``).
"""
