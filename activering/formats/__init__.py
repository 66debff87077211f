"""Date and number formats per language (settings ``FORMAT_MODULE_PATH``).

Django's own formats are taken over and only what the OCMW writes differently is changed:
Flemish administrations write dates as 31/12/2025 (Django's ``nl`` has 31-12-2025), and the
English pages use British day-month order (Django's ``en`` is American)."""
