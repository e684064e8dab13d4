"""The interactive dashboard (Dash; install the ``[dashboard]`` extra)."""
