"""Exchanging plan data with other tools: iCalendar for calendars, CSV for spreadsheets."""
