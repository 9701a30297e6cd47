"""The web interface's shared parts: the Jinja2 environment, Russian formats, the page layout, forms and the
vendored static files. Pages themselves live with their context (``api/<context>/pages.py``)."""
