"""Document control of a quality management system (управление документацией СМК, seed 004): a unit's
(отделение) controlled documents (управляемые документы) with their versions, sign-off, controlled copies,
acknowledgment campaigns and change logs.

- ``model.py`` — the sign-off chain, versions (major.minor), ciphers, the acknowledgment term and ladder, the unit's
  employees as a decision sees them;
- ``events.py`` — the events of a document's stream ``qms:{document_id}`` and of a unit's ``qms-unit:{unit_id}``;
- ``document.py`` — the document's pure state machine (``decide`` / ``evolve`` / ``next_step``), run by
  ``workflows/qms.py``;
- ``unit.py`` — a unit and its staff (состав отделения), decided here and appended by the API (no workflow owns
  them); a workflow of each of the unit's documents is signalled when someone joins.
"""
