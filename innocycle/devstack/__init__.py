"""The embedded stack's servers: a private PostgreSQL cluster (``postgres``), the Temporal dev server
(``temporal``), and what every process of it needs (``processes``)."""
