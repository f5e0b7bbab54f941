"""Health certificates: claims, HC1 signing and verification, keys, paper certificate.

No Qt here, except in `ui.clerk.qtprint` (hands a PDF to a QPrinter).
"""
