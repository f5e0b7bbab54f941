"""Health certificates: claims, HC1 signing and verification, keys, paper certificate. No Qt (but qtprint)."""
