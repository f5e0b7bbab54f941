"""Analysis of untrusted documents (PDF, JPEG, PNG) in a separate process with hard limits.

Import from the modules: `review.analysis.analyser.DocumentAnalyser` (what the workstation
calls), `review.analysis.facts.DocumentFacts` (what it returns). This package file stays
empty so the analysis process does not import the workstation side (pydantic) on start.
"""
