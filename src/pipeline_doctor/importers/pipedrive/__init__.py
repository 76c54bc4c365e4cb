"""Pipedrive exports (deals, organizations), recognised by their "Deal - ..." column names."""
