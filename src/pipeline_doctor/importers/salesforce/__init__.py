"""Salesforce Data Export (weekly export: one CSV per object, API field names)."""
