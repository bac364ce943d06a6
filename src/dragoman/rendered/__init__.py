"""The public site rendered ahead: every page a publication changes is written into a folder
(``DRAGOMAN_RENDERED_ROOT``), from which ``dragoman serve``, nginx or any static host answers readers without
rendering (docs/site.md)."""
