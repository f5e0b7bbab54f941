"""Review logic: queue order and claims, automatic checks, document analysis, decisions, audit. No Qt."""
