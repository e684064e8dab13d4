"""Macro data (FRED) and the three-stage burst monitor."""
