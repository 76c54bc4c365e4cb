"""Any CSV files, with a TOML mapping written by the user (or suggested from the headers)."""
