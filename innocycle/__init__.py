"""Composition root of innocycle: settings, the command line and the embedded development stack."""
