"""Review logic, no Qt: automatic checks, document analysis, mission policy, decisions, audit."""
