"""HubSpot CRM exports (deals, companies), recognised by their documented column names."""
