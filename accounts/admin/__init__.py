"""Wagtail admin screens of the accounts app (wired up in accounts/wagtail_hooks.py)."""
