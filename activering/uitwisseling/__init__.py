"""The CSV exchange format (``docs/uitwisseling.md``): import and export of the activation data.

Entry points are in ``services``: ``uitwisseling_import`` and ``uitwisseling_export``."""
