"""Consular Workstation core: settings, domain, local store, central-server client, sync. No Qt."""
