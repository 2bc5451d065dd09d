# Azat has its own administration screens (accounts/views.py); the Django admin is not exposed.
