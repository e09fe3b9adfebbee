"""The operations a user performs on a plan, each one transaction that keeps the plan's rules."""
