"""Machinery every importer shares: decoding, CSV parsing, value parsing, mapping, loading."""
