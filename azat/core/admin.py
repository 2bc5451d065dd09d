# The audit trail is read through core/views.py only; it is never editable in an admin.
