"""Maven Analytics "CRM + Sales + Opportunities" (sales_pipeline, sales_teams, accounts)."""
