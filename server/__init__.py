"""Reference central declaration service (FastAPI). Shares only the contract with the client."""
