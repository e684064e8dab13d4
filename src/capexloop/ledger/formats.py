"""The ledger file formats (a light module: the command line lists them in ``--help``)."""

FORMATS = ("csv", "yaml", "json", "xlsx", "parquet")
