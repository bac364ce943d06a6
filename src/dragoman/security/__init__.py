"""Who may get in, and whether the deployment is safe: the admin's login throttle, the admin site that uses
it, and Dragoman's own system checks (``dragoman check --deploy``). A Django app; docs/security.md has the
whole threat model."""
