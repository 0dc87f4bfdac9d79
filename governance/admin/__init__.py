"""The governance admin screens (Wagtail viewsets)."""
