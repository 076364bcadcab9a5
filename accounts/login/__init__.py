"""Logging in and staying logged in: QR login, the session's lifetime, the devices list.

Password login itself is the LoginForm (accounts/forms.py) behind the "login" budget of
accounts/throttling.py; the views for all of it are in views.py here.
"""
