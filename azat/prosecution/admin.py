"""No Django-admin pages: criminal cases are read through the agency gate and audited, which the
admin would bypass."""
