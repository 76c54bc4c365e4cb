"""Write the store's canonical tables out as CSV or Parquet (plus a mapping to re-import)."""
