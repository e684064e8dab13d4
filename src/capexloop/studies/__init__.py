"""Headline analyses computed once, as typed results, for the CLI, the report and the dashboard."""
