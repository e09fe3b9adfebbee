"""Account Plan: account planning for enterprise deal teams."""

__version__ = "0.1.0"
