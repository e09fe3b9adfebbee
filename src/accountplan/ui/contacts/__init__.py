"""The contact import wizard."""
