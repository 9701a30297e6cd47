"""QMS document control (управление документацией СМК, seed 004) in the API: units and their staff, the register
of controlled documents, the commands sent to each document's workflow, the projection (with the inbox tasks and
notifications it implies), the REST routes and the pages."""
